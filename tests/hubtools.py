"""A real JupyterHub on loopback for the hub test (tests/test_hub.py).

The hub runs the repository's configuration (deploy/jupyterhub/jupyterhub_config.py) with a
site file of its own, as a class server does; users talk to it the way their browsers and tools
do: the hub's REST API, the single-user servers' REST APIs, a kernel over WebSocket. Every
process the hub starts (proxy, formgrader service, students' servers, their kernels) starts in a
session of its own, so `Hub.stop` ends them one by one, by process id.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def missing_tools() -> str | None:
    """Why a real hub cannot start here, or None."""
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed: pip install -e '.[hub]' (./test.sh does)"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is not on PATH: npm install -g configurable-http-proxy (.ci/run does)"
    if shutil.which("git") is None:
        return "git is not installed (nbgitpuller needs it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float, interval: float = 0.5, log=None):
    """Call `check` until it returns something truthy; fail with `what` (and the log's tail) at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            got = check()
            if got:
                return got
        except (requests.RequestException, OSError) as exc:
            last = exc
        time.sleep(interval)
    tail = log() if log else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last})\n{tail}")


class Hub:
    """JupyterHub with the course's configuration, started in `workdir` (state, homes, logs)."""

    def __init__(self, workdir: Path, *, course_root: Path, exchange: Path, handout: Path, instructors: list[str],
                 students: list[str], password: str, timeout: float = 240):
        self.workdir = Path(workdir)
        self.state = self.workdir / "hub-state"
        self.homes = self.workdir / "home"
        self.state.mkdir(parents=True)
        self.homes.mkdir()
        self.password = password
        self.timeout = timeout
        self.port, self.api_port, self.hub_port, self.service_port = (free_port() for _ in range(4))
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None
        self.started: dict[int, psutil.Process] = {}
        self.local_config = self.workdir / "jupyterhub_config.local.py"
        self.local_config.write_text(self._site_config(students), encoding="utf-8")
        self.env = {
            **os.environ,
            "XBORDER_COURSE_ROOT": str(course_root),
            "XBORDER_EXCHANGE": str(exchange),
            "XBORDER_HANDOUT": str(handout),
            "XBORDER_INSTRUCTORS": ",".join(instructors),
            "XBORDER_GRADER_USER": "",  # no system accounts here: formgrader runs as the test does
            "XBORDER_FORMGRADER_PORT": str(self.service_port),
            "XBORDER_HUB_LOCAL": str(self.local_config),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }

    def _site_config(self, students: list[str]) -> str:
        """The site file a class server keeps in /etc/xborder: here a test authenticator with one
        password, a spawner that needs no system accounts, loopback ports chosen at run time."""
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        return f'''# written by tests/hubtools.py
c.JupyterHub.bind_url = "{self.url}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{self.hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.pid_file = {str(self.state / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///" + {str(self.state / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(self.state / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(self.state / "jupyterhub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {self.password!r}
c.Authenticator.allowed_users |= {set(students)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / "{username}")!r}
# a loaded two-core machine: give servers time
c.Spawner.start_timeout = {int(self.timeout)}
c.Spawner.http_timeout = {int(self.timeout)}
c.JupyterHub.service_check_interval = 5
grader_home = {str(self.workdir / "grader-home")!r}
for service in c.JupyterHub.services:
    service["environment"]["HOME"] = grader_home
    if "timeout" in service:
        service["timeout"] = {int(self.timeout)}
{"c.Spawner.args = ['--allow-root']" if root else ""}
{"for service in c.JupyterHub.services: service['command'].append('--allow-root')" if root else ""}
'''

    def log_tail(self, chars: int = 6000) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "--- jupyterhub.log (tail) ---\n" + re.sub(r"\x1b\[[0-9;]*m", "", text)[-chars:]

    def start(self) -> None:
        (self.workdir / "grader-home").mkdir(exist_ok=True)
        log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)], cwd=self.state,
                                     env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self._remember()

        def up():
            if self.proc.poll() is not None:
                raise AssertionError(f"jupyterhub exited with status {self.proc.returncode}\n{self.log_tail()}")
            return requests.get(f"{self.url}/hub/api", timeout=10).status_code == 200

        # the hub answers once it has started the proxy and waited for formgrader
        wait_for("the hub's REST API", up, 2 * self.timeout, log=self.log_tail)
        self._remember()

    def _remember(self) -> None:
        """Note every process the hub has started so far (they live in sessions of their own)."""
        if self.proc is None:
            return
        try:
            hub = psutil.Process(self.proc.pid)
            for p in [hub, *hub.children(recursive=True)]:
                self.started.setdefault(p.pid, p)
        except psutil.NoSuchProcess:
            pass

    def stop(self, grace: float = 120) -> list[str]:
        """SIGTERM the hub, which stops the servers, the service and the proxy; after `grace`
        seconds kill whatever it started that is still running. Returns what had to be killed."""
        self._remember()
        pid_file = self.state / "proxy.pid"
        if pid_file.exists():
            try:
                p = psutil.Process(int(pid_file.read_text().strip()))
                self.started.setdefault(p.pid, p)
            except (ValueError, psutil.NoSuchProcess):
                pass
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        killed = []
        for p in self.started.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    killed.append(" ".join(p.cmdline()[:3]))
                    p.kill()
            except psutil.NoSuchProcess:
                pass
        if self.proc:
            self.proc.wait(30)
        return killed

    def login(self, name: str) -> "HubUser":
        return HubUser(self, name)


class HubUser:
    """A hub user logged in through the REST API: an API token asked for with name and password."""

    def __init__(self, hub: Hub, name: str):
        self.hub = hub
        self.name = name
        r = requests.post(f"{hub.url}/hub/api/users/{name}/tokens", timeout=60,
                          json={"auth": {"username": name, "password": hub.password}, "note": "hub test"})
        assert r.status_code == 201, f"{name} could not log in: {r.status_code} {r.text[:300]}"
        self.token = r.json()["token"]
        self.headers = {"Authorization": f"token {self.token}"}

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.hub.url}/hub/api/{path.lstrip('/')}", headers=self.headers, timeout=60, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        """GET any URL under the hub (proxy) with this user's token."""
        return requests.get(f"{self.hub.url}/{path.lstrip('/')}", headers=self.headers, timeout=120, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return requests.post(f"{self.hub.url}/{path.lstrip('/')}", headers=self.headers, timeout=300, **kw)

    def put(self, path: str, **kw) -> requests.Response:
        return requests.put(f"{self.hub.url}/{path.lstrip('/')}", headers=self.headers, timeout=120, **kw)

    def start_server(self) -> str:
        r = self.hub_api("POST", f"users/{self.name}/server")
        assert r.status_code in (201, 202), f"{self.name}'s server did not start: {r.status_code} {r.text[:300]}"

        def ready():
            server = self.hub_api("GET", f"users/{self.name}").json().get("servers", {}).get("", {})
            return server.get("ready") and server["url"]

        url = wait_for(f"{self.name}'s server", ready, self.hub.timeout, log=self.hub.log_tail)
        self.hub._remember()
        return url

    def stop_server(self) -> None:
        r = self.hub_api("DELETE", f"users/{self.name}/server")
        assert r.status_code in (202, 204), r.text[:300]
        wait_for(f"{self.name}'s server to stop",
                 lambda: not self.hub_api("GET", f"users/{self.name}").json().get("servers"), self.hub.timeout,
                 log=self.hub.log_tail)

    def git_pull(self, repo: str, branch: str, target: str) -> list[dict]:
        """nbgitpuller's event stream, as its landing page reads it; fails on an error event."""
        r = self.get(f"user/{self.name}/git-pull/api", params={"repo": repo, "branch": branch, "targetpath": target},
                     stream=True)
        assert r.status_code == 200, r.text[:300]
        events = [json.loads(line[len("data: "):]) for line in r.iter_lines(decode_unicode=True)
                  if line and line.startswith("data: ")]
        assert events and events[-1].get("phase") == "finished", events[-3:]
        return events

    def kernel(self, path: str) -> "Kernel":
        r = self.post(f"user/{self.name}/api/kernels", json={"name": "python3", "path": path})
        assert r.status_code == 201, r.text[:300]
        self.hub._remember()
        return Kernel(self, r.json()["id"])


class Kernel:
    """A kernel of a user's server, run over the server's WebSocket API as JupyterLab does."""

    def __init__(self, user: HubUser, kernel_id: str):
        import websocket  # websocket-client, a dependency of jupyter_server

        self.user, self.id, self.session = user, kernel_id, uuid.uuid4().hex
        url = user.hub.url.replace("http://", "ws://") + f"/user/{user.name}/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {user.token}"],
                                              timeout=user.hub.timeout)

    def run(self, code: str) -> tuple[str, str]:
        """Execute `code`; (status of the reply, everything it printed or returned)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, status, idle = [], None, False
        while status is None or not idle:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                out.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return status, "".join(out)

    def shutdown(self) -> None:
        self.ws.close()
        r = requests.delete(f"{self.user.hub.url}/user/{self.user.name}/api/kernels/{self.id}",
                            headers=self.user.headers, timeout=60)
        assert r.status_code == 204, r.text[:300]
