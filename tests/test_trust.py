"""Can one student's code reach beyond their own notebook: other students, later runs, the grader?

An attacker is graded first, then an honest and a blank student, by `xborder grade` (one worker,
so every notebook runs in the same worker after the attacker's) and by plain `nbgrader
autograde`, and then everything again in a new run. The attacker's notebook tries what a
determined student would: a start-up file for every later IPython kernel, a `.pth` file in the
Python environment that runs in every later process, a process in its own session that outlives
the kernel and rewrites the gradebook and the status database, killing the grader's processes
found through /proc, reading the gradebook. None of it may earn a point or harm anyone: the honest
student keeps full marks and the blank one zero in both runs, nothing is written outside the
submission's scratch folder, no process is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from xborder_grader import runner
from xborder_grader.apps.build import build
from xborder_grader.apps.grade import grade
from xborder_grader.engine import sandbox
from xborder_grader.engine.status import StatusStore

from .conftest import ROOT, course_root, read_nb
from .integrity_cases import NB, cell, dump, prepend

LEVEL = "primary"
MARK = "xborder-trust-attack"
POINTS = """SELECT sa.student_id, SUM(COALESCE(g.manual_score, g.auto_score, 0))
            FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
            JOIN submitted_assignment sa ON sn.assignment_id = sa.id GROUP BY 1"""

pytestmark = pytest.mark.slow

# Everything the attacker tries, in its first answer cell. Paths of the grading machine are given
# to it the way a student could find them (the course root from the environment or by walking up).
ATTACK = '''
import os, sys, glob, signal, subprocess, site
MARK = "{mark}"
home_startup = os.path.expanduser("~/.ipython/profile_default/startup")
for target in (home_startup, os.path.join(os.environ.get("IPYTHONDIR", "/nonexistent"), "profile_default", "startup"),
               "{real_home}/.ipython/profile_default/startup"):
    try:
        os.makedirs(target, exist_ok=True)
        open(os.path.join(target, "00-" + MARK + ".py"), "w").write(
            "def title_keywords(search, keyword, n=6):\\n    return []\\n")
    except OSError:
        pass
for sp in site.getsitepackages() + ["{site_packages}"]:
    try:
        open(os.path.join(sp, "zz_" + MARK.replace("-", "_") + ".pth"), "w").write("import os; os.environ['XB_PWNED'] = '1'\\n")
    except OSError:
        pass
daemon = ("import time, sqlite3, glob\\n"
          "time.sleep(3)\\n"
          "for db in glob.glob('{course}/*.db') + glob.glob('{course}/.xborder/*.db'):\\n"
          "    try:\\n"
          "        c = sqlite3.connect(db); c.execute('UPDATE grade SET auto_score = 99'); c.commit()\\n"
          "    except Exception: pass\\n"
          "time.sleep(60)  # " + MARK + "\\n")
try:
    subprocess.Popen([sys.executable, "-c", daemon], start_new_session=True, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
except OSError:
    pass
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        cmd = open(f"/proc/{{pid}}/cmdline", "rb").read().decode(errors="ignore")
    except OSError:
        continue
    if ("nbgrader" in cmd or "xborder" in cmd or "pytest" in cmd) and int(pid) != os.getpid():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
try:
    import sqlite3
    for row in sqlite3.connect("{course}/gradebook.db").execute("SELECT source FROM source_cell"):
        if "def title_keywords" in row[0]:
            exec(row[0])
except Exception:
    pass
'''


def _site_packages() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]


def _snapshot(paths: list[Path]) -> dict[str, float]:
    out = {}
    for base in paths:
        if base.exists():
            for p in [base, *base.rglob("*")] if base.is_dir() else [base]:
                try:
                    out[str(p)] = p.stat().st_mtime
                except OSError:
                    pass
    return out


def _lingering() -> list[str]:
    found = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if MARK in " ".join(p.info["cmdline"] or []):
                found.append(f"{p.info['pid']}: {' '.join(p.info['cmdline'])[:120]}")
        except psutil.Error:
            pass
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    if sandbox.bwrap_problem():
        pytest.fail(f"the grading sandbox is required for this test: {sandbox.bwrap_problem()}")
    base = tmp_path_factory.mktemp("trust")
    fake_home = base / "home"
    (fake_home / ".ipython").mkdir(parents=True)
    saved_env = {k: os.environ.get(k) for k in ("HOME", "IPYTHONDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    # if a layer failed, the attack would land in this throw-away home, not the real one
    os.environ["HOME"], os.environ["IPYTHONDIR"] = str(fake_home), str(fake_home / ".ipython")
    # the grader's own caches (matplotlib's font list, say) live outside the watched home, as an
    # instructor's do: a change in the home can then only come from the student's code
    for var, sub in (("MPLCONFIGDIR", "matplotlib"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ[var] = str(base / "grader" / sub)
    root = course_root(base, LEVEL, [ROOT / "course" / LEVEL / f"{NB}.ipynb"])
    build(LEVEL, root=root, echo=lambda *a: None)
    ref = read_nb(ROOT / "course" / LEVEL / f"{NB}.ipynb")
    blank = read_nb(root / "release" / LEVEL / f"{NB}.ipynb")
    code = ATTACK.format(mark=MARK, real_home=fake_home, site_packages=_site_packages(), course=root)
    students = {"a_attacker": dump(prepend(blank, "ex1_answer", code)), "m_honest": dump(ref), "z_blank": dump(blank)}
    for sid, text in students.items():
        folder = root / "submitted" / sid / LEVEL
        folder.mkdir(parents=True)
        (folder / f"{NB}.ipynb").write_text(text, encoding="utf-8")
    plain, xb = base / "plain", base / "xborder"
    shutil.copytree(root, plain)
    shutil.copytree(root, xb)
    watched = [fake_home, Path(_site_packages()), plain / "course", xb / "course", ROOT / "course"]
    before = _snapshot(watched)
    out = {"plain": plain, "xb": xb, "rounds": []}
    try:
        for round_ in (1, 2):
            proc = runner.nbgrader(["autograde", LEVEL, "--force"], plain, log=base / f"plain-{round_}.log")
            summary = grade(LEVEL, root=xb, workers=1, force=round_ > 1, time_limit=240, progress=False, echo=lambda *a: None)
            time.sleep(5)  # long enough for a surviving daemon to strike
            out["rounds"].append({"plain_rc": proc.returncode, "summary": summary,
                                  "plain": _points(plain), "xb": _points(xb), "lingering": _lingering(),
                                  "status": StatusStore(xb, LEVEL).all()})
        out["changed"] = {p for p, m in _snapshot(watched).items() if before.get(p) != m}
        probe = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('XB_PWNED', ''))"],
                               capture_output=True, text=True)
        out["env_pwned"] = probe.stdout.strip()  # a .pth file would have run in this new process
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        for pth in Path(_site_packages()).glob("zz_xborder_trust_attack*.pth"):
            pth.unlink()
        for p in psutil.process_iter(["pid", "cmdline"]):
            try:
                if MARK in " ".join(p.info["cmdline"] or []):
                    p.kill()
            except psutil.Error:
                pass
    return out


def _points(root: Path) -> dict[str, float]:
    with sqlite3.connect(root / "gradebook.db") as db:
        return {s: float(p) for s, p in db.execute(POINTS).fetchall()}


def test_the_attacker_earns_nothing_and_the_others_are_graded_right_in_both_runs(runs):
    for i, r in enumerate(runs["rounds"], 1):
        for grader in ("plain", "xb"):
            pts = r[grader]
            assert pts.get("a_attacker", 0.0) == 0.0, (i, grader, pts)
            assert pts.get("m_honest") == 12.0, (i, grader, pts)  # every autograded point; the written answer waits
            assert pts.get("z_blank") == 0.0, (i, grader, pts)
        assert r["plain_rc"] == 0, f"run {i}: plain nbgrader autograde did not finish cleanly"
        assert r["status"][("m_honest", NB)]["status"] == "needs_manual"  # for the instructor to grade the written answer
        assert r["status"][("a_attacker", NB)]["status"] in ("graded", "needs_manual")


def test_nothing_is_written_outside_the_submissions_scratch_folder(runs):
    assert not runs["changed"], sorted(runs["changed"])[:10]
    assert not runs["env_pwned"]


def test_no_process_outlives_its_notebook(runs):
    for r in runs["rounds"]:
        assert not r["lingering"], r["lingering"]


def test_the_grader_reports_the_sandbox(runs):
    nb = json.loads((runs["xb"] / "autograded" / "a_attacker" / LEVEL / f"{NB}.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["xborder_grading"]["sandbox"] == "bwrap"
    assert cell(nb, "ex1_keywords")  # the test cell was run (by the checker) and kept
