"""Site settings for a class server with one system account per student (PAM login): copy to
/etc/xborder/jupyterhub_config.local.py and adapt (docs/deploy.md). It runs after
deploy/jupyterhub/jupyterhub_config.py, with the same `c`.
"""

import csv
import os

c = get_config()  # noqa: F821 (the hub config passes its own)

# JupyterHub listens on the server itself; nginx in front of it serves HTTPS (docs/deploy.md)
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
# system accounts: a student's server runs as the student, the course root (0700, the grader's)
# and other students' homes stay out of reach
c.JupyterHub.authenticator_class = "pam"
c.JupyterHub.spawner_class = "localprocess"
c.Authenticator.admin_users = set()  # e.g. {"teacher1"}: the hub's admin page, not formgrader

# The class is the roster `xborder export --lms` reads: its `student_id` column lists the
# accounts that may log in (the instructors, XBORDER_INSTRUCTORS, are allowed already).
roster = os.environ.get("XBORDER_ROSTER", "/etc/xborder/roster.csv")
if os.path.exists(roster):
    with open(roster, encoding="utf-8-sig", newline="") as fh:
        c.Authenticator.allowed_users |= {r["student_id"].strip() for r in csv.DictReader(fh) if (r.get("student_id") or "").strip()}
