"""The course gradebook as the grading engine writes it.

Can a regrade ever undo what an instructor decided? Replaying a worker's result must do what
nbgrader's own SaveAutoGrades does on a regrade: set the auto score, the auto comment and the
late penalty, flag a cell a person graded for review, and leave manual scores, extra credit,
manual comments and the instructor's flag alone. A notebook that could not be graded keeps an
instructor's grade too, flagged for review, and its score is whatever the gradebook then says.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from nbgrader.api import Gradebook

from xborder_grader.engine import gradebook as gbm

from ..conftest import api_gradebook, formgrader_comment, formgrader_grade

LEVEL, NB, STUDENT = "primary", "P-9.9_demo", "s001"
CELLS = {"ex1_answer": ("answer", 0), "ex1_test": ("test", 3.0), "ex2_test": ("test", 2.0), "ex3_essay": ("manual", 4.0)}


@pytest.fixture
def url(tmp_path):
    return api_gradebook(tmp_path / "gradebook.db", LEVEL, {NB: CELLS})


def worker_result(ex1=3.0, ex2=0.0, *, essay=None, comment="No response.", penalty=0.0, needs=None) -> gbm.NotebookGrades:
    """What a worker reads back from its private gradebook: autograde's fields, and nothing a
    person could have set there (a private gradebook starts empty)."""
    scores = {"ex1_test": ex1, "ex2_test": ex2, "ex3_essay": essay}
    res = gbm.NotebookGrades(NB, dt.datetime(2026, 11, 20, 10), penalty)
    for cell, auto in scores.items():
        res.grades[cell] = {"auto_score": auto, "manual_score": None, "extra_credit": None,
                            "needs_manual_grade": (auto is None) if needs is None else needs}
    for cell in ("ex1_answer", "ex3_essay"):
        res.comments[cell] = {"auto_comment": comment, "manual_comment": None}
    return res


def replay(url, result):
    with gbm.open_gradebook(url, "xborder") as gb:
        gbm.write_notebook_grades(gb, LEVEL, STUDENT, result)
        return gbm.notebook_state(gb, LEVEL, STUDENT, NB)


def fields(url, cell):
    with Gradebook(url, "xborder") as gb:
        g = gb.find_grade(cell, NB, LEVEL, STUDENT)
        return g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade, g.score


def test_a_regrade_keeps_manual_scores_extra_credit_comments_and_the_flag(url):
    replay(url, worker_result())
    formgrader_grade(url, LEVEL, STUDENT, NB, "ex2_test", manual_score=1.5, extra_credit=1.0)
    formgrader_grade(url, LEVEL, STUDENT, NB, "ex3_essay", manual_score=3.0)
    formgrader_comment(url, LEVEL, STUDENT, NB, "ex3_essay", "好论证 · well argued")
    with Gradebook(url, "xborder") as gb:
        gb.find_submission_notebook(NB, LEVEL, STUDENT).flagged = True
        gb.db.commit()

    score, needs_manual = replay(url, worker_result(ex1=3.0, ex2=0.0, penalty=0.5))  # --force, a new file …

    assert fields(url, "ex2_test") == (0.0, 1.5, 1.0, True, 2.5)  # the person's score stands, flagged for review
    assert fields(url, "ex3_essay")[1:3] == (3.0, None)
    assert fields(url, "ex1_test") == (3.0, None, None, False, 3.0)
    with Gradebook(url, "xborder") as gb:
        sub = gb.find_submission_notebook(NB, LEVEL, STUDENT)
        assert sub.flagged is True
        assert sub.late_submission_penalty == 0.5  # autograde's own field: replayed
        assert gb.find_comment("ex3_essay", NB, LEVEL, STUDENT).manual_comment == "好论证 · well argued"
        assert gb.find_comment("ex1_answer", NB, LEVEL, STUDENT).auto_comment == "No response."
        assert score == sub.score == 3.0 + 2.5 + 3.0
    assert needs_manual  # as nbgrader's SaveAutoGrades: a regraded cell a person graded waits for review


def test_a_regrade_replays_what_autograde_decides(url):
    replay(url, worker_result(ex1=0.0, ex2=2.0, comment="No response."))
    score, needs_manual = replay(url, worker_result(ex1=3.0, ex2=2.0, essay=None, comment=None))
    assert fields(url, "ex1_test") == (3.0, None, None, False, 3.0)
    assert fields(url, "ex3_essay")[3] is True  # nobody graded it yet
    with Gradebook(url, "xborder") as gb:
        assert gb.find_comment("ex1_answer", NB, LEVEL, STUDENT).auto_comment is None
    assert (score, needs_manual) == (5.0, True)


def test_the_audit_zero_is_replayed_and_a_reviewed_grade_survives_it(url):
    """ApplyAudit zeroes a tampered notebook for review; an instructor's review outlives regrades."""
    replay(url, worker_result(ex1=0.0, ex2=0.0, needs=True))
    formgrader_grade(url, LEVEL, STUDENT, NB, "ex1_test", manual_score=3.0)
    score, _ = replay(url, worker_result(ex1=0.0, ex2=0.0, needs=True))
    assert fields(url, "ex1_test") == (0.0, 3.0, None, True, 3.0)
    assert score == 3.0


def test_a_notebook_that_cannot_be_graded_scores_zero_unless_a_person_graded_it(url):
    replay(url, worker_result(ex1=3.0, ex2=2.0))
    with gbm.open_gradebook(url, "xborder") as gb:
        kept = gbm.zero_notebook(gb, LEVEL, STUDENT, NB)
        assert not kept and gbm.notebook_state(gb, LEVEL, STUDENT, NB) == (0.0, False)

    formgrader_grade(url, LEVEL, STUDENT, NB, "ex2_test", manual_score=2.0, extra_credit=0.5)
    with gbm.open_gradebook(url, "xborder") as gb:
        kept = gbm.zero_notebook(gb, LEVEL, STUDENT, NB)
        score, needs_manual = gbm.notebook_state(gb, LEVEL, STUDENT, NB)
    assert kept == ["ex2_test"]
    assert fields(url, "ex2_test") == (0.0, 2.0, 0.5, True, 2.5)  # kept, and flagged for the instructor
    assert fields(url, "ex1_test")[:2] == (0.0, None)
    assert (score, needs_manual) == (2.5, True)


def test_zero_notebook_creates_what_nbgrader_records_for_a_missing_file(url):
    with gbm.open_gradebook(url, "xborder") as gb:
        assert gbm.zero_notebook(gb, LEVEL, "s002", NB) == []
        assert gbm.notebook_state(gb, LEVEL, "s002", NB) == (0.0, False)


def test_score_is_nbgrader_s_formula(url):
    """manual if set, else auto, plus extra credit: nbgrader's Grade.score, in Python and in SQL."""
    assert gbm.cell_score(None, None, None) == 0.0
    assert gbm.cell_score(2.0, None, None) == 2.0
    assert gbm.cell_score(2.0, 1.0, None) == 1.0
    assert gbm.cell_score(2.0, 0.0, 0.5) == 0.5
    assert gbm.cell_score(None, None, 1.0) == 0.0  # extra credit on an ungraded cell: nbgrader counts nothing
    assert gbm.cell_score(3.0, None, 1.0) == 4.0
    replay(url, worker_result(ex1=2.0, ex2=0.0))
    formgrader_grade(url, LEVEL, STUDENT, NB, "ex1_test", manual_score=1.0, extra_credit=0.5)
    with gbm.open_gradebook(url, "xborder") as gb:
        rows = gbm.cell_scores(gb, LEVEL)
        orm = {g.name: g.score for g in gb.find_submission_notebook(NB, LEVEL, STUDENT).grades}
    assert {(r["cell"]): r["score"] for r in rows} == orm == {"ex1_test": 1.5, "ex2_test": 0.0, "ex3_essay": 0.0}


def test_private_copy_holds_definitions_only(url, tmp_path):
    replay(url, worker_result())
    private = gbm.make_private_copy(url, "xborder", tmp_path / "private.db")
    with sqlite3.connect(tmp_path / "private.db") as db:
        assert db.execute("SELECT count(*) FROM grade_cells").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM submitted_notebook").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM grade").fetchone()[0] == 0
    with Gradebook(private, "xborder") as gb:
        assert gbm.assignment_notebooks(gb, LEVEL) == {NB: {"ex1_test": 3.0, "ex2_test": 2.0, "ex3_essay": 4.0}}


def test_a_gradebook_of_another_course_or_no_gradebook_at_all_is_refused(tmp_path, url):
    from xborder_grader.course import CourseError

    other = api_gradebook(tmp_path / "other.db", "ps1", {"nb": {"t": ("test", 1.0)}}, course="stats101")
    with pytest.raises(CourseError, match="belongs to another course"):
        with gbm.open_gradebook(other, "xborder"):
            pass
    (tmp_path / "junk.db").write_text("not a database")
    with pytest.raises(CourseError, match="not a gradebook"):
        with gbm.open_gradebook(f"sqlite:///{tmp_path / 'junk.db'}", "xborder"):
            pass
