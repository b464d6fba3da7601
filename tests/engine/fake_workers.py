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
