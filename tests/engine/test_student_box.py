"""A student's warm kernels (engine/kernels.py StudentBox): one sandbox per student, a pre-imported
zygote inside it, one kernel forked per notebook.

The student's notebooks share that sandbox, so the question is whether one notebook can still
reach the next: a process left running, a start-up file for later kernels, files outside its
scratch folder, the zygote itself (traced, stopped, killed). Each notebook must start as clean as
in a sandbox of its own; a zygote that died anyway is replaced; another student never shares the
sandbox. Notebooks run through SplitExecute as the grading worker runs them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from xborder_grader.engine import kernels, sandbox
from xborder_grader.engine.preprocessors.execute import SplitExecute

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not kernels.supported(), reason="warm kernels need Linux")]

ATTACK = r'''
import os, subprocess, sys, json
facts = {"ppid": os.getppid()}
try:
    os.kill(os.getppid(), 9)  # the sandbox's init: a signal from inside is ignored
except OSError as exc:
    facts["kill_parent"] = type(exc).__name__
zygote = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()
          and open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")[2:3] == [b"xborder_grader.engine.kernels"]]
facts["zygote_seen"] = zygote == ["1"]

for name in ("mem", "environ"):
    try:
        open(f"/proc/1/{name}", "rb").read(1)
        facts[name] = "read"
    except OSError as exc:
        facts[name] = type(exc).__name__
startup = os.path.join(os.environ["IPYTHONDIR"], "profile_default", "startup")
os.makedirs(startup, exist_ok=True)
open(os.path.join(startup, "00-pwn.py"), "w").write("PWNED = 1\n")
open("../left-behind.txt", "w").write("x")
open(os.path.join(os.environ["HOME"], "left-behind.txt"), "w").write("x")
subprocess.Popen([sys.executable, "-c",
                  "import time\nwhile True:\n    open('/tmp/daemon.txt', 'a').write('x')\n    time.sleep(0.05)"],
                 start_new_session=True)
import time; time.sleep(0.3)
facts["daemon_wrote"] = os.path.exists("/tmp/daemon.txt")
print(json.dumps(facts))
'''

LOOK = r'''
import os, json, time
time.sleep(0.3)
procs = []
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            state = open(f"/proc/{p}/stat", "rb").read().rsplit(b")", 1)[1].split()[0]
            cmd = open(f"/proc/{p}/cmdline", "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if state not in (b"Z", b"X"):
            procs.append(cmd)
print(json.dumps({"pwned": "PWNED" in globals(), "ppid": os.getppid(), "pid": os.getpid(),
                  "beside": sorted(os.listdir("..")),
                  "tmp": sorted(e for e in os.listdir("/tmp") if not os.getcwd().startswith(f"/tmp/{e}/")),
                  "home": os.listdir(os.environ["HOME"]), "daemon": os.path.exists("/tmp/daemon.txt"),
                  "procs": procs, "pandas_loaded": "pandas" in __import__("sys").modules}))
'''

KILL_ZYGOTE = r'''
import os, signal, json
for sig in (signal.SIGSTOP, signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
    os.kill(1, sig)  # the zygote is the sandbox's process 1
print(json.dumps({"pid1": open("/proc/1/cmdline", "rb").read().split(b"\0")[2].decode()}))
'''


@pytest.fixture(scope="module")
def worker_like():
    if sandbox.bwrap_problem():
        pytest.fail(f"the grading sandbox is required for this test: {sandbox.bwrap_problem()}")
    kernels.start_zygote(preload=("ipykernel.kernelapp", "ipykernel.ipkernel"))  # as a grading worker has
    yield
    kernels.close_student_box()
    kernels.ZYGOTE.close()
    kernels.ZYGOTE = None


def run(student: str, code: str, folder: Path):
    nb = new_notebook(cells=[new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nb, _ = SplitExecute(sandbox="bwrap", timeout=60).preprocess(
        nb, {"nbgrader": {"student": student}, "metadata": {"path": str(folder)}})
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
    assert text.strip(), nb.cells[0].outputs
    return json.loads(text.strip().splitlines()[-1])


def test_a_notebook_starts_as_clean_as_in_a_sandbox_of_its_own(worker_like, tmp_path):
    attack = run("s1", ATTACK, tmp_path / "s1" / "a")
    box = kernels.BOX
    assert box is not None and box.key[0] == "s1"
    assert attack["zygote_seen"] and attack["daemon_wrote"]
    assert attack["ppid"] == 1  # its parent is the zygote, the sandbox's process 1
    assert attack["mem"] == "PermissionError" and attack["environ"] == "PermissionError"  # the zygote is not traceable

    after = run("s1", LOOK, tmp_path / "s1" / "b")
    assert kernels.BOX is box and box.zygote.alive()  # the same sandbox, a kernel forked from its zygote
    assert after["pandas_loaded"]  # pre-imported: the zygote's imports came with the fork
    assert not after["pwned"]  # the start-up file did not run
    assert not after["daemon"] and after["tmp"] == ["home", "ipython"] and after["home"] == []
    assert "left-behind.txt" not in after["beside"]
    assert len(after["beside"]) == 2  # its own scratch folder and matplotlib's font list
    assert not any("daemon.txt" in p for p in after["procs"])  # the daemon is gone
    assert len(after["procs"]) == 2, after["procs"]  # the zygote and this kernel
    assert after["ppid"] == 1


def test_another_student_never_shares_the_sandbox(worker_like, tmp_path):
    run("s1", "print('{}')", tmp_path / "s1")
    first = kernels.BOX
    root = first.root
    run("s2", LOOK, tmp_path / "s2")
    assert kernels.BOX is not first and kernels.BOX.key[0] == "s2"
    assert not first.zygote.alive() and not root.exists()  # closed, its folder gone


def test_the_students_code_cannot_kill_stop_or_interrupt_the_zygote(worker_like, tmp_path):
    run("s3", "print('{}')", tmp_path / "s3" / "a")
    box = kernels.BOX
    out = run("s3", KILL_ZYGOTE, tmp_path / "s3" / "b")
    assert out["pid1"] == "xborder_grader.engine.kernels"
    assert box.zygote.healthy()
    again = run("s3", LOOK, tmp_path / "s3" / "c")
    assert kernels.BOX is box and again["pandas_loaded"]


def test_a_zygote_that_died_is_replaced_before_the_next_notebook(worker_like, tmp_path):
    run("s5", "print('{}')", tmp_path / "s5" / "a")
    box = kernels.BOX
    box.zygote.proc.kill()  # from outside, as the out-of-memory killer would
    box.zygote.proc.wait(10)
    again = run("s5", LOOK, tmp_path / "s5" / "b")
    assert kernels.BOX is not box and kernels.BOX.key[0] == "s5" and again["pandas_loaded"]
    assert not box.root.exists()


def test_the_kernels_environment_is_the_sandboxs(worker_like, tmp_path):
    out = run("s4", "import os, json\nprint(json.dumps(dict(os.environ)))", tmp_path / "s4")
    assert out["HOME"] == "/tmp/home" and out["IPYTHONDIR"] == "/tmp/ipython"
    assert out["XBORDER_EXPORTS"].endswith("/exports") and Path(out["XBORDER_EXPORTS"]).parent.parent == kernels.BOX.root
    assert "VIRTUAL_ENV" not in out and not any(k.startswith("PYTEST") for k in out)
    assert os.environ.get("HOME") != out["HOME"]
