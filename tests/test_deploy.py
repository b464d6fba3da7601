"""The hub configuration in deploy/jupyterhub/, read the way JupyterHub and nbgrader read it: does
it wire one course as docs/deploy.md says, and do the copies of course settings agree?"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from traitlets.config import Config

from .conftest import ROOT

DEPLOY = ROOT / "deploy" / "jupyterhub"


def load(path: Path, env: dict | None = None, monkeypatch=None) -> Config:
    """Run a config file as traitlets does: `c`, `get_config` and `__file__` in its namespace."""
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    c = Config()
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    exec(code, {"c": c, "get_config": lambda: c, "__file__": str(path)})
    return c


def test_the_hub_config_wires_one_course(tmp_path, monkeypatch):
    pytest.importorskip("jupyterhub", reason="the hub extra is not installed: pip install -e '.[hub]'")
    local = tmp_path / "local.py"
    local.write_text('c.Authenticator.allowed_users |= {"s2026001"}\nc.JupyterHub.spawner_class = "simple"\n', encoding="utf-8")
    exchange = tmp_path / "srv" / "exchange"
    c = load(DEPLOY / "jupyterhub_config.py", {
        "XBORDER_COURSE_ID": "xb2026", "XBORDER_COURSE_ROOT": str(tmp_path / "course"), "XBORDER_EXCHANGE": str(exchange),
        "XBORDER_HANDOUT": "https://git.example.edu/xb/handout.git", "XBORDER_INSTRUCTORS": "t1, t2",
        "XBORDER_GRADER_USER": "grader-xb2026", "XBORDER_FORMGRADER_PORT": "9123", "XBORDER_HUB_LOCAL": str(local),
    }, monkeypatch)
    # the exchange root: created sticky and world-writable, so every course's grader can add its folder
    assert exchange.is_dir() and exchange.stat().st_mode & 0o7777 == 0o1777

    # students land on nbgitpuller, which fills ~/<course> from the hand-out
    url = urlsplit(c.Spawner.default_url)
    assert url.path == "/git-pull"
    assert parse_qs(url.query) == {"repo": ["https://git.example.edu/xb/handout.git"], "branch": ["main"],
                                   "targetpath": ["xb2026"], "urlpath": ["lab/tree/xb2026"]}
    paths = c.Spawner.environment["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths == [str(DEPLOY / "student"), str(DEPLOY / "jupyter")]
    assert c.Spawner.environment["XBORDER_EXCHANGE"] == str(exchange)

    # formgrader: a service named after the course, run by the grader account in the course root
    (svc,) = c.JupyterHub.services
    assert svc["name"] == "xb2026" and svc["url"] == "http://127.0.0.1:9123" and svc["user"] == "grader-xb2026"
    assert svc["cwd"] == str(tmp_path / "course") and f"--ServerApp.root_dir={tmp_path / 'course'}" in svc["command"]
    assert svc["environment"]["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    assert svc["environment"]["JUPYTER_CONFIG_PATH"] == str(DEPLOY / "jupyter")  # no student settings for the grader
    assert svc["timeout"] >= 120  # the hub exits when formgrader is slow to start (JupyterHub 6: 30 s by default)
    assert c.JupyterHub.load_groups == {"formgrade-xb2026": {"users": ["t1", "t2"]}}
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "formgrade-xb2026")
    assert role["groups"] == ["formgrade-xb2026"] and "access:services!service=xb2026" in role["scopes"]

    # the site file ran with the same `c`: it extended what the course set
    assert c.Authenticator.allowed_users == {"t1", "t2", "s2026001"} and c.JupyterHub.spawner_class == "simple"


def test_students_servers_hide_the_instructor_tools_and_file_work_under_the_hub_name(monkeypatch):
    server = json.loads((DEPLOY / "student" / "jupyter_server_config.d" / "xborder-student.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {"nbgrader.server_extensions.formgrader": False,
                                                           "nbgrader.server_extensions.course_list": False}
    lab = json.loads((DEPLOY / "student" / "labconfig" / "page_config.json").read_text())
    assert set(lab["disabledExtensions"]) == {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                                              "@jupyter/nbgrader:course-list"}
    c = load(DEPLOY / "student" / "nbgrader_config.py", {"JUPYTERHUB_USER": "s2026001"}, monkeypatch)
    assert c.CourseDirectory.student_id == "s2026001"


def test_students_hand_in_what_the_course_releases(monkeypatch):
    """The class's nbgrader settings repeat the course's ignore list (students' servers cannot
    read the course root): the two must not drift apart."""
    course = load(ROOT / "nbgrader_config.py")
    hub = load(DEPLOY / "jupyter" / "nbgrader_config.py", {"XBORDER_EXCHANGE": "/x"}, monkeypatch)
    assert hub.CourseDirectory.ignore == course.CourseDirectory.ignore
    assert hub.CourseDirectory.course_id == course.CourseDirectory.course_id == "xborder"
    assert hub.Exchange.root == "/x" and hub.Exchange.path_includes_course is True


def test_the_pam_site_example_admits_the_roster(tmp_path, monkeypatch):
    pytest.importorskip("jupyterhub", reason="the hub extra is not installed: pip install -e '.[hub]'")
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffstudent_id,Student,SIS Login ID\ns2026001,张三,s2026001\n,Test Student,\ns2026002,李四,s2026002\n",
                      encoding="utf-8")
    c = load(DEPLOY / "jupyterhub_config.py", {
        "XBORDER_EXCHANGE": str(tmp_path / "exchange"), "XBORDER_INSTRUCTORS": "teacher1",
        "XBORDER_HUB_LOCAL": str(DEPLOY / "site" / "pam.py"), "XBORDER_ROSTER": str(roster)}, monkeypatch)
    assert c.Authenticator.allowed_users == {"teacher1", "s2026001", "s2026002"}
    assert (c.JupyterHub.authenticator_class, c.JupyterHub.spawner_class) == ("pam", "localprocess")
    assert c.JupyterHub.services[0]["user"] == "grader-xborder"  # formgrader runs as the course root's owner


def test_the_kubernetes_values_wire_the_course_as_the_server_does():
    """deploy/kubernetes/values.yaml says in Helm what jupyterhub_config.py says in Python: the
    names and paths both rely on must agree."""
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "values.yaml").read_text(encoding="utf-8"))
    hub, user = values["hub"], values["singleuser"]
    (name, svc), = hub["services"].items()
    assert name == "xborder" and hub["config"]["JupyterHub"]["load_groups"] == {"formgrade-xborder": {"users": ["teacher1"]}}
    assert f"access:services!service={name}" in hub["loadRoles"]["formgrade-xborder"]["scopes"]
    port = int(svc["url"].rsplit(":", 1)[1])
    assert f"--ServerApp.port={port}" in svc["command"] and hub["service"]["extraPorts"][0]["targetPort"] == port
    assert hub["networkPolicy"]["ingress"][0]["ports"] == [{"port": port}]
    assert svc["environment"]["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    # the images copy deploy/jupyterhub/{jupyter,student} to /etc/xborder/hub/
    for dockerfile, dirs in (("hub.Dockerfile", ["jupyter"]), ("singleuser.Dockerfile", ["jupyter", "student"])):
        text = (ROOT / "deploy" / "kubernetes" / dockerfile).read_text(encoding="utf-8")
        for d in dirs:
            assert f"COPY deploy/jupyterhub/{d} /etc/xborder/hub/{d}" in text
    assert svc["environment"]["JUPYTER_CONFIG_PATH"] == "/etc/xborder/hub/jupyter"
    assert user["extraEnv"]["JUPYTER_CONFIG_PATH"] == "/etc/xborder/hub/student:/etc/xborder/hub/jupyter"
    # one exchange, mounted at the same path in the hub pod and in students' pods
    exchange = svc["environment"]["XBORDER_EXCHANGE"]
    assert user["extraEnv"]["XBORDER_EXCHANGE"] == exchange
    mounts = {m["mountPath"]: m for m in hub["extraVolumeMounts"]}
    student_mounts = {m["mountPath"]: m for m in user["storage"]["extraVolumeMounts"]}
    assert mounts[exchange]["subPath"] == student_mounts[exchange]["subPath"] == "exchange"
    # students pull the hand-out (read only) into ~/xborder
    url = urlsplit(user["defaultUrl"])
    query = parse_qs(url.query)
    assert url.path == "/git-pull" and query["targetpath"] == ["xborder"]
    assert student_mounts[query["repo"][0]]["readOnly"] is True and query["repo"][0] in mounts
    # the course root is the hub pod's alone
    assert all(m["name"] != "course" for m in user["storage"]["extraVolumeMounts"])
