"""JupyterHub for one xborder class (jupyterhub from PyPI, configurable-http-proxy from npm).

- Students log in and land in their own workspace, `~/<course>/<level>/`: the course's student
  notebooks (the release: no solutions, no hidden tests, no gradebook), pulled by nbgitpuller
  from the hand-out repository every time their server starts. Updates merge in; what a student
  edited is kept (nbgitpuller's rules, docs/deploy.md).
- Instructors (group `formgrade-<course>`) get formgrader as a managed hub service running in
  the course root with the course gradebook, opened in its own tab at
  /services/<course>/formgrader. Inside JupyterLab it would sit in an iframe, which JupyterHub
  >= 4.1 blocks (nbgrader #1870; the fix was reverted in #1947).
- Release, submit and collect go through nbgrader's exchange, in a folder of its own per course:
  <exchange>/<course>/{outbound,inbound,feedback}.

Paths and names come from the environment (defaults for a server set up as docs/deploy.md
describes); site choices (authenticator, users, address, TLS) from a local file loaded last,
XBORDER_HUB_LOCAL (default /etc/xborder/jupyterhub_config.local.py).
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import jupyterhub

c = get_config()  # noqa: F821 (provided by JupyterHub)

HERE = Path(__file__).resolve().parent
COURSE_ID = os.environ.get("XBORDER_COURSE_ID", "xborder")
COURSE_ROOT = Path(os.environ.get("XBORDER_COURSE_ROOT", "/srv/xborder/course"))
EXCHANGE = Path(os.environ.get("XBORDER_EXCHANGE", "/srv/nbgrader/exchange"))
# the hand-out repository: release/<level>/ of every level, committed by `xborder release LEVEL --git`
HANDOUT = os.environ.get("XBORDER_HANDOUT", "/srv/xborder/handout")
HANDOUT_BRANCH = os.environ.get("XBORDER_HANDOUT_BRANCH", "main")
INSTRUCTORS = sorted({u.strip() for u in os.environ.get("XBORDER_INSTRUCTORS", "").split(",") if u.strip()})
# the system account that owns the course root and runs formgrader; empty: the hub's own account
GRADER_USER = os.environ.get("XBORDER_GRADER_USER", f"grader-{COURSE_ID}")
FORMGRADER_PORT = int(os.environ.get("XBORDER_FORMGRADER_PORT", "9999"))
BIN = Path(sys.executable).parent  # jupyterhub-singleuser of the environment the hub runs in

# Settings every server of the class reads (course id, exchange); students' servers also read
# student/: their nbgrader identity, and no instructor tools (formgrader, create assignment).
CLASS_CONFIG = HERE / "jupyter"
STUDENT_CONFIG = HERE / "student"
class_env = {
    "XBORDER_COURSE_ID": COURSE_ID,
    "XBORDER_EXCHANGE": str(EXCHANGE),
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
}

# The exchange root: world-writable and sticky like /tmp, so that the grader account of every
# course can create its course folder there and nobody can remove another's. nbgrader gives each
# course folder its own permissions (outbound readable, inbound writable, not listable).
if not EXCHANGE.exists():
    EXCHANGE.mkdir(parents=True)
    EXCHANGE.chmod(0o1777)

# --- students -----------------------------------------------------------------------------------
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.environment = {
    **class_env,
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(STUDENT_CONFIG), str(CLASS_CONFIG)]),
}
if HANDOUT:
    # land on nbgitpuller: it clones the hand-out into ~/<course> the first time and merges
    # updates afterwards, then opens JupyterLab on the folder
    c.Spawner.default_url = "/git-pull?" + urlencode(
        {"repo": HANDOUT, "branch": HANDOUT_BRANCH, "targetpath": COURSE_ID, "urlpath": f"lab/tree/{COURSE_ID}"})
# a class logs in at once at the start of a lesson: give a busy server time to start everyone
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# --- instructors and formgrader -----------------------------------------------------------------
# nbgrader names the groups: formgrade-<course> may open the course's formgrader service.
c.JupyterHub.load_groups = {f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS}}
c.Authenticator.allowed_users = set(INSTRUCTORS)  # the local config adds the students
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE_ID}",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [f"access:services!service={COURSE_ID}", "list:services", f"read:services!service={COURSE_ID}"],
    },
    # nbgrader's course list (instructors' own servers) asks the hub which services they may open
    {"name": "server", "scopes": ["inherit"]},
]
formgrader = {
    # nbgrader finds a course's formgrader by this name: it must be the course id
    "name": COURSE_ID,
    "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
    "command": [str(BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE_ROOT}"],
    "cwd": str(COURSE_ROOT),
    "environment": {
        **class_env,
        "JUPYTER_CONFIG_PATH": str(CLASS_CONFIG),
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        "XBORDER_ROOT": str(COURSE_ROOT),
    },
    "oauth_no_confirm": True,
}
if GRADER_USER:
    formgrader["user"] = GRADER_USER
if jupyterhub.version_info >= (6,):
    # the hub gives up (and exits) when a managed service does not answer in time: 30 s by
    # default, which a busy server's formgrader can take (JupyterHub 5 waits about 10 s, fixed)
    formgrader["timeout"] = 120
c.JupyterHub.services = [formgrader]

# --- the site: authenticator, users, address, TLS ------------------------------------------------
# The local file runs with this file's `c` (not traitlets' load_subconfig, which hands it a blank
# one): it can read and extend what is set above, e.g. add students to allowed_users.
local = Path(os.environ.get("XBORDER_HUB_LOCAL", "/etc/xborder/jupyterhub_config.local.py"))
if local.exists():
    exec(compile(local.read_text(encoding="utf-8"), str(local), "exec"), {"c": c, "get_config": lambda: c})
