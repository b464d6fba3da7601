"""The scheduler with stand-in workers (fake_workers.py): the real protocol and processes, no nbgrader.

Does a run end, with the worker's own words, when a worker cannot start? Is a worker that dies
restarted a bounded number of times, after a pause? Does a worker that dies on a notebook cost
that notebook only? Is a notebook that runs too long stopped? Does every status carry the score
the gradebook gives? Does each run keep its scratch files to itself, and does a second run on the
same course root stop or wait?
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from nbgrader.api import Gradebook

from xborder_grader.apps.grade import grade
from xborder_grader.course import CourseError
from xborder_grader.engine import scheduler
from xborder_grader.engine.lock import course_lock
from xborder_grader.engine.status import StatusStore

from ..conftest import api_gradebook, course_root, formgrader_grade
from . import fake_workers as fw

LEVEL, NB = "primary", "P-9.9_demo"


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course root with a gradebook that defines NB (two test cells, 5 points) and no build."""
    monkeypatch.setattr(scheduler, "BACKOFF", (0.1, 0.2, 0.4))
    root = course_root(tmp_path, LEVEL, [])
    api_gradebook(root / "gradebook.db", LEVEL, {NB: {c: ("test", p) for c, p in fw.CELLS.items()}})
    return root


def submit(root, student, **doc):
    folder = root / "submitted" / student / LEVEL
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{NB}.ipynb").write_text(json.dumps({"cells": [], **doc}), encoding="utf-8")


def run(root, worker, **kw):
    return grade(LEVEL, root=root, worker=worker, progress=False, echo=lambda *a: None, **kw)


def status(root):
    store = StatusStore(root, LEVEL)
    try:
        return store.all()
    finally:
        store.close()


def test_a_working_pool_grades_everyone_and_records_the_gradebook_s_score(course):
    for i in range(5):
        submit(course, f"s{i:03d}", score=i)
    s = run(course, fw.grades, workers=2)
    assert s.counts == {"graded": 5} and s.restarts == 0
    st = status(course)
    assert {k[0]: v["score"] for k, v in st.items()} == {f"s{i:03d}": min(i, 3) + min(i, 2) for i in range(5)}
    assert all(v["max_score"] == 5.0 for v in st.values())


def test_a_worker_that_cannot_start_ends_the_run_with_its_words(course):
    submit(course, "s001")
    with pytest.raises(CourseError) as err:
        run(course, fw.cannot_start, workers=2)
    text = str(err.value)
    assert "评分进程无法启动" in text and "A grading worker could not start" in text
    assert "No module named 'mycourse'" in text  # what the worker said, and its log
    kept = list((course / ".xborder" / "logs").glob("grade-primary-*-worker-*.log"))
    assert kept and "ModuleNotFoundError" in kept[0].read_text()
    assert str(kept[0]) in text or any(str(k) in text for k in kept)
    assert not list((course / ".xborder" / "runs").iterdir())  # scratch gone


def test_a_worker_that_dies_before_it_is_ready_is_restarted_a_few_times_then_reported(course):
    submit(course, "s001")
    t0 = time.monotonic()
    with pytest.raises(CourseError) as err:
        run(course, fw.dies_at_start, workers=1)
    assert time.monotonic() - t0 >= 0.1 + 0.2 + 0.4  # it waited before each restart
    text = str(err.value)
    assert "exit code 3" in text and f"{scheduler.MAX_RESTARTS + 1} times in a row" in text
    assert "Segmentation fault" in text  # the worker's log, not /dev/null
    assert status(course) == {}  # nothing recorded for the notebook nobody graded: the next run grades it


def test_a_worker_that_dies_once_at_start_is_replaced_and_the_run_goes_on(course):
    submit(course, "s001", score=3)
    s = run(course, fw.dies_at_first_start, workers=1)
    assert s.counts == {"graded": 1} and s.restarts == 1


def test_workers_that_die_between_jobs_are_restarted_and_nothing_is_lost(course):
    for i in range(4):
        submit(course, f"s{i:03d}")
    s = run(course, fw.dies_after_each_job, workers=2)
    assert s.counts == {"graded": 4}
    assert s.restarts >= 2


def test_a_worker_that_dies_on_a_notebook_fails_that_notebook_only(course):
    submit(course, "s000")
    submit(course, "s001", die=True)
    submit(course, "s002")
    s = run(course, fw.grades, workers=1)
    st = status(course)
    assert st[("s001", NB)]["status"] == "failed" and st[("s001", NB)]["reasons"] == ["worker_died"]
    assert st[("s001", NB)]["score"] == 0.0
    assert st[("s000", NB)]["status"] == st[("s002", NB)]["status"] == "graded"
    assert s.counts == {"graded": 2, "failed": 1}


def test_a_notebook_that_runs_too_long_is_stopped_and_the_next_one_graded(course):
    submit(course, "s000", sleep=60)
    submit(course, "s001")
    t0 = time.monotonic()
    run(course, fw.grades, workers=1, time_limit=1.5)
    assert time.monotonic() - t0 < 30
    st = status(course)
    assert st[("s000", NB)]["status"] == "failed" and st[("s000", NB)]["reasons"] == ["timeout"]
    assert st[("s001", NB)]["status"] == "graded"


def test_a_failed_notebook_has_exactly_the_score_its_status_says(course):
    """A person graded it, then the student handed in a file that kills the worker: the grade
    stays (flagged for review) and the status says the same score as the gradebook."""
    submit(course, "s001", score=1)
    run(course, fw.grades, workers=1)
    url = f"sqlite:///{course / 'gradebook.db'}"
    formgrader_grade(url, LEVEL, "s001", NB, "ex1_test", manual_score=2.5, extra_credit=0.5)
    submit(course, "s001", die=True)
    run(course, fw.grades, workers=1)
    entry = status(course)[("s001", NB)]
    with Gradebook(url, "xborder") as gb:
        sub = gb.find_submission_notebook(NB, LEVEL, "s001")
        assert entry["score"] == sub.score == 3.0  # 2.5 + 0.5 kept, the auto part 0
        assert any(g.needs_manual_grade for g in sub.grades)
    assert entry["status"] == "failed" and entry["reasons"] == ["worker_died", "manual_kept"]


def test_a_manual_grade_survives_force_and_a_rebuilt_status(course):
    submit(course, "s001", score=1)
    run(course, fw.grades, workers=1)
    url = f"sqlite:///{course / 'gradebook.db'}"
    formgrader_grade(url, LEVEL, "s001", NB, "ex2_test", manual_score=2.0, extra_credit=1.0)
    run(course, fw.grades, workers=1, force=True)
    (course / ".xborder" / "status.db").unlink()
    run(course, fw.grades, workers=1)
    entry = status(course)[("s001", NB)]
    assert entry["score"] == 1.0 + 3.0 and entry["status"] == "needs_manual"  # as SaveAutoGrades flags it


def test_each_run_has_its_own_scratch_folder_and_leaves_nothing(course):
    submit(course, "s001")
    (course / ".xborder" / "workers").mkdir(parents=True)  # what an older version left behind
    (course / ".xborder" / "runs" / "grade-primary-killed").mkdir(parents=True)  # a run killed with -9
    run(course, fw.grades, workers=1, force=True)
    run(course, fw.grades, workers=1, force=True)
    assert not (course / ".xborder" / "workers").exists()
    assert list((course / ".xborder" / "runs").iterdir()) == []
    a, b = scheduler.run_folder(course, LEVEL), scheduler.run_folder(course, LEVEL)
    assert a != b and a.parent == b.parent == course / ".xborder" / "runs"


def test_the_worker_gets_a_private_gradebook_and_a_log_in_the_run_folder(course, monkeypatch):
    seen = []
    real = scheduler.record

    def spy(gb, run, job, res):
        seen.append(res.log)
        return real(gb, run, job, res)

    monkeypatch.setattr(scheduler, "record", spy)
    submit(course, "s001")
    run(course, fw.grades, workers=1)
    url, log = seen[0]
    assert url.startswith(f"sqlite:///{course / '.xborder' / 'runs'}") and url.endswith("worker-0.db")
    assert log.startswith(str(course / ".xborder" / "runs"))


def test_a_second_run_on_the_same_course_stops_with_a_clear_message(course):
    submit(course, "s001")
    with course_lock(course, "grade intermediate"):
        with pytest.raises(CourseError) as err:
            run(course, fw.grades, workers=1)
    text = str(err.value)
    assert "xborder grade intermediate" in text and "--wait" in text and "正在这个课程目录里运行" in text
    assert status(course) == {}


def test_a_second_run_with_wait_waits_for_the_first(course):
    submit(course, "s001")
    held, release = threading.Event(), threading.Event()

    def first():
        with course_lock(course, "grade intermediate"):
            held.set()
            release.wait(10)

    t = threading.Thread(target=first)
    t.start()
    held.wait(5)
    said = []
    timer = threading.Timer(1.0, release.set)
    timer.start()
    t0 = time.monotonic()
    s = grade(LEVEL, root=course, worker=fw.grades, progress=False, echo=said.append, wait=True, workers=1)
    t.join()
    assert time.monotonic() - t0 >= 0.9
    assert s.counts == {"graded": 1}
    assert any("waiting for `xborder grade intermediate`" in line for line in said)
