"""`xborder export` and `xborder report` count points as nbgrader does.

A gradebook written with nbgrader's API (no build, no kernel): does the CSV give a cell the
manual score a person entered, plus extra credit, exactly as `Grade.score`? Does a notebook that
waited for a person count as graded once the person has graded it in formgrader?
"""

from __future__ import annotations

import csv

import pytest
from nbgrader.api import Gradebook

from xborder_grader.apps.export import cell_scores, export
from xborder_grader.apps.report import build_tables
from xborder_grader.cells import graded_cells
from xborder_grader.engine import gradebook as gbm
from xborder_grader.engine.status import StatusStore

from ..conftest import ROOT, api_gradebook, course_root, formgrader_grade

LEVEL = "primary"
NB = ROOT / "course" / LEVEL / "P-2.2_title_writing.ipynb"  # ex1_keywords 3, ex2_checker 3, ex3_title 2, ex4_q1..q4 1, ex5_written 2 by hand
QUIZ = ("ex4_q1", "ex4_q2", "ex4_q3", "ex4_q4")


@pytest.fixture
def course(tmp_path):
    root = course_root(tmp_path, LEVEL, [NB])
    cells = {c.grade_id: ("manual" if c.manual else "test", c.points) for c in graded_cells(NB)}
    url = api_gradebook(root / "gradebook.db", LEVEL, {NB.stem: cells})
    grades = gbm.NotebookGrades(NB.stem)
    # the theory check unanswered and the written answer left blank: 0 at once
    for cell, auto in {"ex1_keywords": 3.0, "ex2_checker": 0.0, "ex3_title": None, **dict.fromkeys(QUIZ, 0.0), "ex5_written": 0.0}.items():
        grades.grades[cell] = {"auto_score": auto, "needs_manual_grade": auto is None}
    with gbm.open_gradebook(url, "xborder") as gb:
        gbm.write_notebook_grades(gb, LEVEL, "s001", grades)
        score, _ = gbm.notebook_state(gb, LEVEL, "s001", NB.stem)
    store = StatusStore(root, LEVEL)
    store.set("s001", NB.stem, status="needs_manual", score=score, max_score=14.0)
    store.close()
    return root, url


def test_export_counts_manual_scores_and_extra_credit_as_nbgrader_does(course):
    root, url = course
    formgrader_grade(url, LEVEL, "s001", NB.stem, "ex2_checker", manual_score=1.0, extra_credit=0.5)
    formgrader_grade(url, LEVEL, "s001", NB.stem, "ex3_title", manual_score=2.0)
    with Gradebook(url, "xborder") as gb:
        nbgrader_says = gb.find_submission_notebook(NB.stem, LEVEL, "s001").score
    assert nbgrader_says == 3.0 + 1.5 + 2.0

    cells = cell_scores(root, LEVEL).set_index("cell")
    assert cells.loc["ex2_checker", "score"] == 1.5
    out = export(LEVEL, root=root, echo=lambda *a: None)
    with open(out, newline="", encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert float(row[NB.stem]) == float(row["score"]) == nbgrader_says
    # the person has graded what waited for them: the notebook is graded now
    assert row[f"{NB.stem} status"] == "graded"

    _, skills, students, _ = build_tables(root, LEVEL)  # what `xborder report` writes and draws
    p222 = sum(cells.loc[c.grade_id, "score"] for c in graded_cells(NB) if "P-2.2.2" in c.skills)
    assert skills.set_index("skill").loc["P-2.2.2", "earned"] == p222
    assert students.loc[0, "earned"] == nbgrader_says


def test_a_notebook_still_waiting_for_a_person_stays_needs_manual(course):
    root, _ = course
    cells = cell_scores(root, LEVEL)
    assert set(cells["status"]) == {"needs_manual"}
    assert cells["score"].sum() == 3.0


def test_points_awaiting_grading_are_not_a_zero(tmp_path):
    """A written answer waiting for a person: its item has no mastery yet (not 0), the points
    are reported as awaiting, readiness does not count it; once graded it counts like any cell."""

    root = course_root(tmp_path, LEVEL, [NB])
    nb_path = root / "course" / LEVEL / NB.name
    cells = {c.grade_id: ("manual" if c.manual else "test", c.points) for c in graded_cells(nb_path)}
    assert cells["ex5_written"] == ("manual", 2.0)
    url = api_gradebook(root / "gradebook.db", LEVEL, {NB.stem: cells})
    grades = gbm.NotebookGrades(NB.stem)
    for cell, auto in {"ex1_keywords": 3.0, "ex2_checker": 3.0, "ex3_title": 2.0, **dict.fromkeys(QUIZ, 1.0), "ex5_written": None}.items():
        grades.grades[cell] = {"auto_score": auto, "needs_manual_grade": auto is None}
    with gbm.open_gradebook(url, "xborder") as gb:
        gbm.write_notebook_grades(gb, LEVEL, "s001", grades)
    frame = cell_scores(root, LEVEL)
    # the written cell grades an item of its own here (as if its item had no autograded cell)
    frame.loc[frame["cell"] == "ex5_written", "skills"] = "P-9.9.9"
    from xborder_grader.apps.export import skill_scores
    from xborder_grader.apps.report import tables_from_cells
    from xborder_grader.course import Catalog

    per = skill_scores(frame).set_index("skill")
    assert per.loc["P-9.9.9", "awaiting"] == 2.0 and per.loc["P-9.9.9", "possible"] == 0.0
    assert per["mastery"].isna().tolist() == [s == "P-9.9.9" for s in per.index]
    _, skills, students, weakest = tables_from_cells(Catalog(root), frame)
    assert students.loc[0, "share_mastered"] == 1.0  # every item with a grade is mastered
    assert students.loc[0, "awaiting_items"] == "P-9.9.9"
    assert weakest.set_index("skill").loc["P-9.9.9", "students_awaiting"] == 1

    out = export(LEVEL, root=root, echo=lambda *a: None)
    with open(out, newline="", encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert float(row["awaiting_points"]) == 2.0 and row["awaiting_items"] == "P-2.2.1"
    assert row[f"{NB.stem} status"] == "needs_manual"

    formgrader_grade(url, LEVEL, "s001", NB.stem, "ex5_written", manual_score=1.0)
    with open(export(LEVEL, root=root, echo=lambda *a: None), newline="", encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert float(row["awaiting_points"]) == 0.0 and row["awaiting_items"] == ""
    assert row[f"{NB.stem} status"] == "graded" and float(row["score"]) == 13.0
