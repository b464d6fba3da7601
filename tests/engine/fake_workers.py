"""Grading workers for scheduler tests: the real protocol (engine/messages.py), no nbgrader.

Each is a process entry point like worker.serve(conn, setup). They grade the notebook NB of
test_scheduler.py by its file: a submission holding {"score": x} earns x on every test cell.
What they print goes to the worker log, as a real worker's output does.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from xborder_grader.engine.gradebook import NotebookGrades
from xborder_grader.engine.messages import STOP, Failed, GradeResult, Ready, Started

CELLS = {"ex1_test": 3.0, "ex2_test": 2.0}


def _log(setup, text: str) -> None:
    with open(setup.log, "a", encoding="utf-8") as fh:
        fh.write(text + "\n")


def _grade(setup, job) -> GradeResult:
    path = Path(setup.root) / "submitted" / job.student / job.assignment / f"{job.notebook}.ipynb"
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("sleep"):
        time.sleep(doc["sleep"])
    if doc.get("die"):
        os._exit(9)
    grades = NotebookGrades(job.notebook)
    for cell, points in CELLS.items():
        auto = min(points, float(doc.get("score", points)))
        grades.grades[cell] = {"auto_score": auto, "manual_score": None, "extra_credit": None, "needs_manual_grade": False}
    # what the worker knew: its private gradebook and its log, for the tests to look at
    return GradeResult(job.student, job.notebook, "graded", grades=grades, seconds=0.01,
                       log=[setup.gradebook_url, setup.log])


def _serve(conn, setup, before_job=None) -> None:
    conn.send(Ready(os.getpid()))
    done = 0
    while True:
        job = conn.recv()
        if job is STOP:
            return
        conn.send(Started(job.student, job.notebook))
        if before_job:
            before_job(done)
        conn.send(_grade(setup, job))
        done += 1


def grades(conn, setup) -> None:
    """A worker that works."""
    _serve(conn, setup)


def cannot_start(conn, setup) -> None:
    """A worker whose nbgrader configuration names a preprocessor that does not exist."""
    _log(setup, "Traceback (most recent call last):\nModuleNotFoundError: No module named 'mycourse'")
    conn.send(Failed("ModuleNotFoundError: No module named 'mycourse' (Autograde.autograde_preprocessors)"))


def dies_at_start(conn, setup) -> None:
    """A worker that ends before it is ready, without a word (a crash in C code, say)."""
    _log(setup, "Fatal Python error: Segmentation fault")
    sys.stderr.flush()
    os._exit(3)


def dies_at_first_start(conn, setup) -> None:
    """A worker that dies at its first start only (a passing shortage of memory)."""
    marker = Path(setup.log).with_suffix(".started")
    if not marker.exists():
        marker.write_text("1")
        os._exit(3)
    _serve(conn, setup)


def dies_after_each_job(conn, setup) -> None:
    """A worker that ends after every job it finishes (between jobs, nobody's notebook to blame)."""
    conn.send(Ready(os.getpid()))
    job = conn.recv()
    if job is STOP:
        return
    conn.send(Started(job.student, job.notebook))
    conn.send(_grade(setup, job))
    time.sleep(0.2)
    os._exit(1)


class DaskGrader:
    """A stand-in for worker.Worker on a Dask worker (engine/cluster.py): made in the scratch
    course root the cluster sends, it grades the submission it finds there as `_grade` does and
    writes the autograded copy (with timestamp.txt) there, as nbgrader would. A submission holding
    {"die_once": PATH} ends the whole Dask worker process the first time it is graded (PATH marks
    it: a machine lost mid-run); {"die": true} ends every worker it runs on."""

    def __init__(self, root, url, course, overrides, warm_kernels):
        self.root, self.url = Path(root), url
        assert (self.root / "nbgrader_config.py").exists()  # the course's configuration came as data

    def grade(self, job) -> GradeResult:
        folder = self.root / "submitted" / job.student / job.assignment
        doc = json.loads((folder / f"{job.notebook}.ipynb").read_text(encoding="utf-8"))
        if doc.get("die"):
            os._exit(9)
        if doc.get("die_once") and not Path(doc["die_once"]).exists():
            Path(doc["die_once"]).write_text(str(os.getpid()))
            os._exit(9)
        setup = type("Setup", (), {"root": str(self.root), "gradebook_url": self.url, "log": os.devnull})
        result = _grade(setup, job)
        out = self.root / "autograded" / job.student / job.assignment
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{job.notebook}.ipynb").write_text(json.dumps({**doc, "graded_by": os.getpid()}), encoding="utf-8")
        if (folder / "timestamp.txt").exists():
            (out / "timestamp.txt").write_bytes((folder / "timestamp.txt").read_bytes())
        return result


class DaskCannotStart:
    """A grading worker that cannot start on the cluster's machines (the course not installed there)."""

    def __init__(self, *args):
        raise ModuleNotFoundError("No module named 'xborder_grader' (on the worker machine)")
