"""The instructor toolkit end to end on a small synthetic class, in a scratch course root.

build → (class of made-up students) → grade in parallel → feedback → export → report, with
the promises an instructor relies on: the same grades as plain `nbgrader autograde`, a killed
run that resumes without regrading or losing anything, an honest status for submissions that
crash, loop, are missing, not notebooks or tampered with, and failures that are not retried on
every run.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest

from xborder_grader import runner
from xborder_grader.apps.build import build
from xborder_grader.apps.collect import collect, normalise_id
from xborder_grader.course import CourseError
from xborder_grader.apps.export import export
from xborder_grader.apps.feedback import feedback
from xborder_grader.apps.grade import grade
from xborder_grader.engine.gradebook import grade_rows
from xborder_grader.apps.release import release
from xborder_grader.apps.report import report
from xborder_grader.engine.status import StatusStore
from xborder_grader.authoring.synthetic import make_class

from .conftest import ROOT, course_root, formgrader_comment, formgrader_grade, read_nb
from .integrity_cases import append

LEVEL = "primary"
FAST = ROOT / "course" / "primary" / "P-2.2_title_writing.ipynb"
OTHER = ROOT / "course" / "primary" / "P-1.1_hot_products.ipynb"

pytestmark = pytest.mark.slow


def grades_of(root):
    return grade_rows(root / "gradebook.db")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A scratch course with two notebooks, built, and a class of six students."""
    root = course_root(tmp_path_factory.mktemp("toolkit"), LEVEL, [FAST, OTHER], mutants=True)
    build(LEVEL, root=root, echo=lambda *a: None)
    plan = make_class(root, LEVEL, 6, seed=3, weights=(0.4, 0.4, 0.2))
    return root, plan


def fresh_copy(built, tmp_path, name):
    root, plan = built
    dest = tmp_path / name
    shutil.copytree(root, dest)
    return dest, plan


def test_parallel_grades_equal_plain_nbgrader_and_a_killed_run_resumes(built, tmp_path):
    plain, plan = fresh_copy(built, tmp_path, "plain")
    proc = runner.nbgrader(["autograde", LEVEL], plain)
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = grades_of(plain)
    assert len(expected) == 6 * 19  # six students × (8 + 11) graded cells: P-2.2 and P-1.1, each with a theory check and a written answer

    # kill a parallel run halfway with SIGKILL, then run again
    par, _ = fresh_copy(built, tmp_path, "parallel")
    cmd = [sys.executable, "-m", "xborder_grader.cli", "grade", LEVEL, "--workers", "2", "--no-progress"]
    p = subprocess.Popen(cmd, cwd=par, env=runner.tool_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    done = 0
    while time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.5)
        try:
            done = sqlite3.connect(par / ".xborder" / "status.db").execute("SELECT count(*) FROM status").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 4:
            break
    assert p.poll() is None, "the run finished before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    time.sleep(1.5)  # workers and kernels end with their parent
    first = StatusStore(par, LEVEL).all()
    assert len(first) >= 4

    summary = grade(LEVEL, root=par, workers=2, progress=False, echo=lambda *a: None)
    assert summary.skipped.get("already graded") == len(first)
    # a notebook with a written answer waits for the instructor (needs_manual)
    assert summary.counts.get("graded", 0) + summary.counts.get("needs_manual", 0) == 12 - len(first)
    assert grades_of(par) == expected  # same rows, same scores, nothing lost or duplicated
    status = StatusStore(par, LEVEL).all()
    assert len(status) == 12 and all(e["attempts"] == 1 for e in status.values())
    assert all(e["status"] in ("graded", "needs_manual") for e in status.values())
    # the scores recorded with the status are the gradebook's (a written answer waiting counts nothing yet)
    for (student, nb), e in status.items():
        assert e["score"] == sum(r[3] or 0 for r in expected if r[0] == student and r[1] == nb)
    # a third run grades nothing
    again = grade(LEVEL, root=par, workers=2, progress=False, echo=lambda *a: None)
    assert again.graded == 0 and again.skipped == {"already graded": 12}


def _people(url, student, notebook):
    """What persons decided about a notebook: manual scores, extra credit, manual comments, the flag."""
    from nbgrader.api import Gradebook

    with Gradebook(url, "xborder") as gb:
        sub = gb.find_submission_notebook(notebook, LEVEL, student)
        return ({g.name: (g.manual_score, g.extra_credit) for g in sub.grades},
                {c.name: c.manual_comment for c in sub.comments}, sub.flagged)


def test_manual_grades_survive_every_regrade(built, tmp_path):
    """An instructor's grades, extra credit, comments and flag outlive --force, a resubmitted file,
    a file that fails and --retry-failed, and a rebuilt status file; the status always carries
    the gradebook's score (nbgrader's: manual if given, else auto, plus extra credit)."""
    from nbgrader.api import Gradebook

    root, _ = fresh_copy(built, tmp_path, "manual")
    nb, url = FAST.stem, f"sqlite:///{root / 'gradebook.db'}"
    path = root / "submitted" / "s001" / LEVEL / FAST.name
    path.write_text(json.dumps(read_nb(FAST)), encoding="utf-8")  # the reference: 12 points, its written answer waiting

    def regrade(**kw):
        return grade(LEVEL, root=root, workers=1, students=["s001"], notebooks=[nb], progress=False,
                     echo=lambda *a: None, **kw)

    def gradebook_score():
        with Gradebook(url, "xborder") as gb:
            return gb.find_submission_notebook(nb, LEVEL, "s001").score

    regrade()
    formgrader_grade(url, LEVEL, "s001", nb, "ex1_keywords", manual_score=2.0, extra_credit=1.0)
    formgrader_comment(url, LEVEL, "s001", nb, "ex1_answer", "关键词选得好 · good keywords")
    with Gradebook(url, "xborder") as gb:
        gb.find_submission_notebook(nb, LEVEL, "s001").flagged = True
        gb.db.commit()
    people = _people(url, "s001", nb)
    assert people[0]["ex1_keywords"] == (2.0, 1.0) and people[2] is True

    steps = {
        "--force": lambda: regrade(force=True),
        "a resubmitted file": lambda: (path.write_text(json.dumps(read_nb(FAST), indent=1), encoding="utf-8"), regrade())[1],
        "a file that fails": lambda: (path.write_text("{ not a notebook", encoding="utf-8"), regrade())[1],
        "--retry-failed": lambda: regrade(retry_failed=True),
        "a fixed file": lambda: (path.write_text(json.dumps(read_nb(FAST)), encoding="utf-8"), regrade())[1],
        "a rebuilt status": lambda: ((root / ".xborder" / "status.db").unlink(), regrade())[1],
    }
    for step, run in steps.items():
        s = run()
        assert s.graded == 1, step
        assert _people(url, "s001", nb) == people, f"{step} changed what the instructor decided"
        entry = StatusStore(root, LEVEL).get("s001", nb)
        assert entry["score"] == gradebook_score(), step
        if step in ("a file that fails", "--retry-failed"):
            assert entry["status"] == "failed" and "manual_kept" in entry["reasons"], step
            assert entry["score"] == 3.0, step  # the instructor's 2 + 1 extra; the auto part 0
        else:
            assert entry["status"] == "needs_manual", step  # as nbgrader flags a regraded manual grade
            assert entry["score"] == 3.0 + 3.0 + 2.0 + 4.0, step  # ex1 by the instructor, ex2, ex3 and the theory check earned


def test_a_notebook_that_kills_the_kernel_zygote_fails_alone(built, tmp_path):
    """Warm kernels are forked from a zygote. In the sandbox the student's kernel cannot reach it:
    its parent is the sandbox's own init, which ignores the kill, so the notebook is graded on its
    answers. Without a sandbox the kill lands, fails that notebook alone, and every later notebook
    on that worker is graded as usual."""
    from xborder_grader.engine import sandbox

    root, plan = fresh_copy(built, tmp_path, "zygote")
    killer = append(read_nb(FAST), "ex1_answer", "import os\nos.kill(os.getppid(), 9)")  # the kernel's parent
    (root / "submitted" / "s001" / LEVEL / FAST.name).write_text(json.dumps(killer), encoding="utf-8")
    s = grade(LEVEL, root=root, workers=1, notebooks=[FAST.stem], progress=False, echo=lambda *a: None)
    status = StatusStore(root, LEVEL).all()
    sandboxed = not sandbox.bwrap_problem()
    if sandboxed:  # graded on its answers (its written answer waiting for the instructor)
        assert status[("s001", FAST.stem)]["status"] == "needs_manual", status[("s001", FAST.stem)]
    else:
        assert status[("s001", FAST.stem)]["status"] == "failed"
        assert status[("s001", FAST.stem)]["reasons"] == ["grader_killed"]
    others = {sid: e for (sid, nb), e in status.items() if sid != "s001"}
    assert len(others) == 5 and all(e["status"] in ("graded", "needs_manual") for e in others.values()), others
    rows = grades_of(root)
    for sid, kinds in plan.items():
        if sid != "s001" and kinds[FAST.stem] == "correct":
            assert sum(r[3] or 0 for r in rows if r[0] == sid and r[1] == FAST.stem) == 12.0, sid
    assert s.counts.get("failed", 0) == (0 if sandboxed else 1)
    assert s.counts.get("graded", 0) + s.counts.get("needs_manual", 0) == (6 if sandboxed else 5)


def _kill_first_student_kernel(killed: list[int], stop, after: float = 0.5) -> None:
    """From outside, as the machine's out-of-memory killer would: SIGKILL the first student kernel
    that this test started (a process forked by a sandbox's zygote: its parent is that zygote, whose
    command line it still has; the zygote's own parent is bwrap) once it has run for `after`
    seconds, and only that one."""
    def cmd(pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                return fh.read()
        except OSError:
            return b""

    def parent(pid):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                return int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return 0

    def ours(pid):  # started by this test (not another grading run on the machine)
        while pid > 1:
            pid = parent(pid)
            if pid == os.getpid():
                return True
        return False

    seen: dict[int, float] = {}
    while not stop.is_set():
        for name in os.listdir("/proc"):
            if (name.isdigit() and b"--sandboxed" in cmd(name) and cmd(name) == cmd(parent(name))
                    and ours(int(name))):
                first = seen.setdefault(int(name), time.monotonic())
                if time.monotonic() - first >= after:
                    os.kill(int(name), signal.SIGKILL)
                    killed.append(int(name))
                    return
        time.sleep(0.02)


def test_a_kernel_killed_from_outside_costs_no_grade(built, tmp_path):
    """A student's kernel can die of what is not the notebook's doing: the machine's out-of-memory
    killer, an administrator's kill. The notebook is graded once more in a new sandbox, and a
    correct one keeps its points; what happened is kept in .xborder/logs/ and named at the end of
    the run. (A notebook that kills its own kernel dies again and fails:
    test_honest_status_for_broken_submissions_and_no_endless_retries.)"""
    import threading

    from xborder_grader.engine import sandbox

    if sandbox.bwrap_problem():
        pytest.skip(f"no sandbox here: {sandbox.bwrap_problem()}")
    root, plan = fresh_copy(built, tmp_path, "oom")
    sid = next(s for s, kinds in sorted(plan.items()) if kinds[FAST.stem] == "correct")
    killed: list[int] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_kill_first_student_kernel, args=(killed, stop), daemon=True)
    watcher.start()
    try:
        s = grade(LEVEL, root=root, workers=1, students=[sid], notebooks=[FAST.stem], progress=False,
                  echo=lambda *a: None)
    finally:
        stop.set()
        watcher.join(5)
    assert killed, "no student kernel was seen, so none was killed: the test proved nothing"
    entry = StatusStore(root, LEVEL).get(sid, FAST.stem)
    assert entry["status"] in ("graded", "needs_manual"), entry
    assert sum(r[3] or 0 for r in grades_of(root) if r[0] == sid and r[1] == FAST.stem) == 12.0
    assert s.log is not None and s.log.parent == root / ".xborder" / "logs"
    text = s.log.read_text(encoding="utf-8")
    assert f"{sid}/{FAST.stem}" in text and "graded again in a new sandbox" in text and "died" in text.lower()


def _bad(nb: dict, cell: str, source: str) -> dict:
    nb = json.loads(json.dumps(nb))
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == cell:
            c["source"] = source
    return nb


def test_honest_status_for_broken_submissions_and_no_endless_retries(built, tmp_path):
    root, _ = fresh_copy(built, tmp_path, "broken")
    ref = read_nb(FAST)
    without_test = json.loads(json.dumps(ref))
    without_test["cells"] = [c for c in without_test["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "ex3_title"]
    cases = {
        "s001": ("not JSON", "{ this is not a notebook"),
        "s002": ("empty file", ""),
        "s003": ("os._exit", json.dumps(_bad(ref, "ex1_answer", "import os\nos._exit(3)\n"))),
        "s004": ("endless loop", json.dumps(_bad(ref, "ex2_answer", "while True:\n    pass\n"))),
        "s005": ("deleted test cell", json.dumps(without_test)),
    }
    for sid, (_, text) in cases.items():
        (root / "submitted" / sid / LEVEL / FAST.name).write_text(text, encoding="utf-8")
    os.remove(root / "submitted" / "s006" / LEVEL / FAST.name)  # s006 hands in only the other notebook

    s = grade(LEVEL, root=root, workers=2, time_limit=45, progress=False, echo=lambda *a: None)
    status = StatusStore(root, LEVEL).all()
    nb = FAST.stem
    assert status[("s001", nb)]["status"] == "failed" and status[("s001", nb)]["reasons"] == ["not_json"]
    assert status[("s002", nb)]["status"] == "failed" and status[("s002", nb)]["reasons"] == ["not_json"]
    assert status[("s003", nb)]["status"] == "failed" and status[("s003", nb)]["reasons"][0] == "kernel_died"
    assert status[("s004", nb)]["status"] == "failed" and status[("s004", nb)]["reasons"][0] == "timeout"
    assert status[("s005", nb)]["status"] == "tampered" and "cells_missing" in status[("s005", nb)]["reasons"]
    assert status[("s006", nb)]["status"] == "missing"
    # the other notebook of every student was graded normally (a written answer may wait for the
    # instructor): one bad notebook costs only itself
    others = {sid: status[(sid, OTHER.stem)] for sid in cases}
    assert all(e["status"] in ("graded", "needs_manual") for e in others.values()), (others, s.log and s.log.read_text())
    # what went wrong is kept for the instructor: the kernel that os._exit ended died in both runs
    log = s.log.read_text(encoding="utf-8")
    assert f"s003/{nb}: failed (kernel_died)" in log and "died again on the second" in log
    assert f"s004/{nb}: failed (timeout)" in log
    # nobody earned points from a broken notebook; the gradebook says 0 for each
    rows = grades_of(root)
    for sid in ("s001", "s002", "s003", "s004", "s006"):
        assert sum(r[3] or 0 for r in rows if r[0] == sid and r[1] == nb) == 0
    assert s.counts["failed"] == 4

    # failures are not retried on the next run, unless asked or the file changes
    again = grade(LEVEL, root=root, workers=2, progress=False, echo=lambda *a: None)
    assert again.graded == 0 and again.skipped.get("failed before (--retry-failed)") == 4
    (root / "submitted" / "s001" / LEVEL / FAST.name).write_text(json.dumps(ref), encoding="utf-8")  # fixed and resubmitted
    fixed = grade(LEVEL, root=root, workers=2, progress=False, echo=lambda *a: None)
    assert fixed.counts == {"needs_manual": 1}  # the reference's written answer waits for the instructor
    assert StatusStore(root, LEVEL).get("s001", nb)["status"] == "needs_manual"
    retried = grade(LEVEL, root=root, workers=2, retry_failed=True, time_limit=45, progress=False, echo=lambda *a: None)
    assert retried.counts == {"failed": 3}
    assert StatusStore(root, LEVEL).get("s002", nb)["attempts"] == 2

    # export: status and reasons per notebook, never a bare 0
    out = export(LEVEL, root=root, echo=lambda *a: None)
    with open(out, newline="", encoding="utf-8-sig") as fh:
        table = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert table["s004"][f"{nb} status"] == "failed" and table["s004"][f"{nb} reasons"] == "timeout"
    assert table["s006"][f"{nb} status"] == "missing"
    assert table["s005"][f"{nb} status"] == "tampered"
    assert table["s001"][f"{nb} status"] == "needs_manual" and float(table["s001"][nb]) == 12.0
    assert {"P-2.2.1", "P-2.2.2", "P-1.1.1"} <= set(table["s001"])

    # feedback: nbgrader's pages for graded notebooks, a bilingual status page for the others
    result = feedback(LEVEL, root=root, progress=False, echo=lambda *a: None)
    assert result["errors"] == []
    page = (root / "feedback" / "s004" / LEVEL / f"{nb}.html").read_text(encoding="utf-8")
    assert "评分失败" in page and "failed" in page and "endless loop" in page
    graded_page = (root / "feedback" / "s001" / LEVEL / f"{nb}.html").read_text(encoding="utf-8")
    assert "P-2.2.1" in graded_page and "BEGIN HIDDEN TESTS" not in graded_page

    # report: per student × skill item, with the status problems listed
    csv_path, html_path = report(LEVEL, root=root, echo=lambda *a: None)
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        skills = list(csv.DictReader(fh))
    s1 = {r["skill"]: r for r in skills if r["student"] == "s001"}
    assert float(s1["P-2.2.1"]["mastery"]) == 1.0 and s1["P-2.2.1"]["item_zh"]
    s4 = {r["skill"]: r for r in skills if r["student"] == "s004"}
    assert float(s4["P-2.2.1"]["mastery"]) == 0.0
    text = html_path.read_text(encoding="utf-8")
    assert 'id="report-data"' in text and "src=" not in text  # data and script inside the page: one file to mail or upload
    assert "最薄弱" in text and "weakest" in text and "readiness" in text and "s004" in text and "timeout" in text


def test_release_zip_then_collect_an_lms_zip_without_losing_anything(built, tmp_path):
    root, _ = fresh_copy(built, tmp_path, "collect")
    shutil.rmtree(root / "submitted")
    handout = release(LEVEL, zip_path=tmp_path / "handout.zip", root=root, echo=lambda *a: None)
    names = sorted(zipfile.ZipFile(handout).namelist())
    assert names == [f"{LEVEL}/{OTHER.name}", f"{LEVEL}/{FAST.name}"]
    assert "BEGIN SOLUTION" not in zipfile.ZipFile(handout).read(f"{LEVEL}/{FAST.name}").decode("utf-8")
    ref, blank = FAST.read_bytes(), (root / "release" / LEVEL / FAST.name).read_bytes()
    lms = tmp_path / "lms.zip"
    with zipfile.ZipFile(lms, "w") as zf:
        zf.writestr("s2026001/P-2.2_title_writing.ipynb", blank)                  # folder per student
        zf.writestr("s2026002_P-2.2_title_writing.ipynb", ref)                    # ID_notebook
        zf.writestr("zhangsan_12345_67890_P-2.2_title_writing (1).ipynb", ref)    # Canvas style
        zf.writestr("Ｌｉ Ｓｉ/P-1.1.ipynb", ref)                                    # full-width ID, task ID as name
        zf.writestr("s2026002_P-2.2_title_writing-old.ipynb", blank)              # an older duplicate
        zf.writestr("s2026003_report.pdf", b"%PDF")                               # not a notebook
        zf.writestr("s2026003_homework.ipynb", ref)                               # no notebook name
        zf.writestr("__MACOSX/._s2026001", b"")
    infos = {i.filename: i for i in zipfile.ZipFile(lms).infolist()}
    assert infos  # the zip is valid
    got = collect(LEVEL, lms, root=root, echo=lambda *a: None)
    written = set(got.written)
    assert ("s2026001", FAST.stem) in written and ("s2026002", FAST.stem) in written
    assert ("zhangsan", FAST.stem) in written and ("Li_Si", OTHER.stem) in written
    assert got.renamed_ids == {"Ｌｉ Ｓｉ": "Li_Si"}
    assert len(got.duplicates) == 1
    assert any("report.pdf" in s for s in got.skipped) and any("homework" in s for s in got.skipped)

    # collecting a changed submission again keeps the old copy
    (root / "submitted" / "s2026001" / LEVEL / FAST.name).write_bytes(ref)
    again = collect(LEVEL, lms, root=root, echo=lambda *a: None)
    assert len(again.replaced) == 1
    backups = list((root / ".xborder" / "replaced").rglob(FAST.name))
    assert len(backups) == 1 and backups[0].read_bytes() == ref

    assert normalise_id(" 张三 (2班) ") == "张三_2班"
    with pytest.raises(CourseError, match="neither a folder nor a zip"):
        collect(LEVEL, FAST, root=root, echo=lambda *a: None)
    with pytest.raises(CourseError, match="student"):
        collect(LEVEL, lms, root=root, id_pattern=r"(\d+)_", echo=lambda *a: None)


def test_bad_input_gets_a_clear_error(built, tmp_path):
    root, _ = fresh_copy(built, tmp_path, "errors")
    with pytest.raises(CourseError, match="Unknown level 'beginner'"):
        grade("beginner", root=root, progress=False, echo=lambda *a: None)
    with pytest.raises(CourseError, match="No notebook P-9"):
        grade(LEVEL, root=root, notebooks=["P-9"], progress=False, echo=lambda *a: None)
    with pytest.raises(CourseError, match="No primary submission"):
        grade(LEVEL, root=root, students=["nobody"], progress=False, echo=lambda *a: None)
    # a gradebook of another course is refused before anything is written to it
    other = tmp_path / "other.db"
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{other}", "statistics101") as gb:
        gb.add_assignment("ps1")
    shutil.copy(other, root / "gradebook.db")
    with pytest.raises(CourseError, match="belongs to another course"):
        grade(LEVEL, root=root, progress=False, echo=lambda *a: None)
    (root / "gradebook.db").write_text("not a database")
    with pytest.raises(CourseError, match="not a gradebook"):
        export(LEVEL, root=root, echo=lambda *a: None)
    # grading before building says what to do
    (root / "gradebook.db").unlink()
    with pytest.raises(CourseError, match="xborder build primary"):
        grade(LEVEL, root=root, progress=False, echo=lambda *a: None)
    # the CLI prints the error and exits 2, without a traceback
    proc = subprocess.run([sys.executable, "-m", "xborder_grader.cli", "grade", "beginner"], cwd=root,
                          env=runner.tool_env(), capture_output=True, text=True)
    assert proc.returncode == 2 and "Unknown level" in proc.stderr and "Traceback" not in proc.stderr
