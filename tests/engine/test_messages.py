"""The messages between the scheduler and its workers travel pickled over a pipe: do they arrive whole?"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing as mp
import pickle
from pathlib import Path

import pytest

from xborder_grader.engine.gradebook import NotebookGrades
from xborder_grader.engine.messages import STOP, Failed, GradeJob, GradeResult, Ready, WorkerSetup
from xborder_grader.engine.scheduler import Job


def _sample():
    grades = NotebookGrades("nb", dt.datetime(2026, 11, 20, 10), 0.5,
                            {"ex1": {"auto_score": 3.0, "needs_manual_grade": False}}, {"a1": {"auto_comment": None}})
    return [WorkerSetup("/course", "sqlite:////x.db", "xborder", "/x.log", ("--Execute.timeout=5",), False),
            GradeJob("primary", "s001", "nb", ("ex1",), ("ex1", "a1")), Ready(123), Failed("boom"),
            GradeResult("s001", "nb", "graded", ["cells_missing"], grades, "sha", 1.5, ["WARNING x"]), STOP]


@pytest.mark.parametrize("msg", _sample(), ids=lambda m: type(m).__name__)
def test_every_message_survives_the_pipe(msg):
    parent, child = mp.Pipe()
    parent.send(msg)
    assert child.recv() == msg
    assert pickle.loads(pickle.dumps(msg)) == msg


def test_requests_cannot_change_on_the_way():
    job = GradeJob("primary", "s001", "nb", ("ex1",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.student = "s002"


def test_the_scheduler_s_job_becomes_a_grade_job():
    job = Job("s001", "nb", ["ex1", "ex2"], Path("/x/nb.ipynb"), ["ex1", "ex2", "a1"])
    assert job.message("primary") == GradeJob("primary", "s001", "nb", ("ex1", "ex2"), ("ex1", "ex2", "a1"))
