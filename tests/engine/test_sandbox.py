"""The sandbox a student's kernel runs in: what the code inside can and cannot do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xborder_grader.engine import sandbox

from ..conftest import ROOT

PROBE = r'''
import json, os, socket, site, sys
out = {"uid": os.getuid(), "pid": os.getpid(), "home": os.listdir(os.path.expanduser("~")), "procs": 0}
out["procs"] = len([p for p in os.listdir("/proc") if p.isdigit()])
def can(fn):
    try:
        fn(); return True
    except Exception:
        return False
out["read_course"] = can(lambda: os.listdir(sys.argv[1]))
root = os.path.dirname(sys.argv[1])
out["root_listing"] = os.listdir(root) if os.path.isdir(root) else []
out["write_site"] = can(lambda: open(os.path.join(site.getsitepackages()[0], "zz_probe.pth"), "w").write("x"))
out["write_scratch"] = can(lambda: open("probe.txt", "w").write("x"))
out["network"] = can(lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
out["shadow"] = can(lambda: open("/etc/shadow").read())
import resource
out["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
out["nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
out["env"] = sorted(os.environ)
out["init_env"] = sorted(v.split(b"=")[0].decode() for v in open("/proc/1/environ", "rb").read().split(b"\0") if v)
print(json.dumps(out))
'''


def _available():
    problem = sandbox.bwrap_problem()
    if problem and os.environ.get("CI"):
        pytest.fail(f"CI must provide the grading sandbox: {problem}")
    if problem:
        pytest.skip(problem)


def test_auto_falls_back_and_none_is_none():
    assert sandbox.resolve("none") == "none"
    assert sandbox.resolve("auto") in ("bwrap", "none")


def test_code_in_the_sandbox_sees_only_its_scratch_folder(tmp_path):
    _available()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    sandbox.prepare_scratch(scratch)
    cmd = sandbox.command([sys.executable, "-c", PROBE, str(ROOT / "course")], scratch, {"XBORDER_SEED": "7"},
                          sandbox.Limits(memory_mb=2048, processes=64))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SECRET_TOKEN": "x"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["uid"] == sandbox.NOBODY
    assert got["procs"] <= 3  # its own PID namespace: bwrap's init, python, nothing of the host
    assert got["home"] == []
    assert not got["read_course"]
    # of the course root only the mount points of the Python environment and the two packages exist
    assert set(got["root_listing"]) <= {".venv", "autograder", "datasets"}, got["root_listing"]
    assert not got["write_site"] and not got["network"] and not got["shadow"]
    assert got["write_scratch"] and (scratch / "probe.txt").exists()
    assert got["as"] == 2048 * 2**20 and got["nproc"] == 64
    assert "SECRET_TOKEN" not in got["env"] and "XBORDER_SEED" in got["env"]


def test_the_sandboxs_init_holds_nothing_of_the_graders_environment(tmp_path, monkeypatch):
    # bwrap's own process 1 keeps the environment bwrap was started with, and the code inside can
    # read it through /proc/1/environ: a token or a database URL of the grader must not be there
    _available()
    monkeypatch.setenv("XB_GRADER_SECRET", "s3cret")
    cmd = sandbox.command([sys.executable, "-c", PROBE, str(ROOT / "course")], tmp_path, {})
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout)
    assert out["init_env"] == ["PATH"] and "XB_GRADER_SECRET" not in out["env"]


def test_no_process_outlives_the_sandbox(tmp_path):
    _available()
    marker = f"xb-sandbox-orphan-{os.getpid()}"
    code = ("import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)  # {marker}'], start_new_session=True)\n"
            "time.sleep(0.5)\n")
    cmd = sandbox.command([sys.executable, "-c", code], tmp_path, {})
    subprocess.run(cmd, capture_output=True, timeout=120)
    import time

    import psutil

    time.sleep(0.5)
    left = [p for p in psutil.process_iter(["cmdline"]) if marker in " ".join(p.info["cmdline"] or [])]
    for p in left:
        p.kill()
    assert not left


def test_a_read_only_folder_is_readable_and_stays_unchanged(tmp_path):
    # the shared parts of the student's world: the kernel reads them, never writes them
    _available()
    scratch, parts = tmp_path / "scratch", tmp_path / "worlds" / "41-1"
    scratch.mkdir()
    parts.mkdir(parents=True)
    (parts / "part.pkl").write_bytes(b"data")
    (tmp_path / "worlds" / "42-1").mkdir()  # another student's world: not mounted
    code = ("import os, sys\n"
            "d = sys.argv[1]\n"
            "print(open(os.path.join(d, 'part.pkl'), 'rb').read().decode())\n"
            "for f in ('part.pkl', 'new.pkl'):\n"
            "    try:\n"
            "        open(os.path.join(d, f), 'wb').write(b'x'); print('wrote', f)\n"
            "    except OSError as e:\n"
            "        print('refused', f)\n"
            "print(sorted(os.listdir(os.path.dirname(d))))\n")
    cmd = sandbox.command([sys.executable, "-c", code, str(parts)], scratch, {}, read_only=[str(parts)])
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[:5] == ["data", "refused", "part.pkl", "refused", "new.pkl"], proc.stdout
    assert "42-1" not in proc.stdout
    assert (parts / "part.pkl").read_bytes() == b"data" and not (parts / "new.pkl").exists()
