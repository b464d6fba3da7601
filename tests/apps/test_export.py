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
NB = ROOT / "course" / LEVEL / "P-2.2_title_writing.ipynb"  # ex1_keywords 3, ex2_checker 3, ex3_title 2


@pytest.fixture
def course(tmp_path):
    root = course_root(tmp_path, LEVEL, [NB])
    cells = {c.grade_id: ("test", c.points) for c in graded_cells(NB)}
    url = api_gradebook(root / "gradebook.db", LEVEL, {NB.stem: cells})
    grades = gbm.NotebookGrades(NB.stem)
    for cell, auto in {"ex1_keywords": 3.0, "ex2_checker": 0.0, "ex3_title": None}.items():
        grades.grades[cell] = {"auto_score": auto, "needs_manual_grade": auto is None}
    with gbm.open_gradebook(url, "xborder") as gb:
        gbm.write_notebook_grades(gb, LEVEL, "s001", grades)
        score, _ = gbm.notebook_state(gb, LEVEL, "s001", NB.stem)
    store = StatusStore(root, LEVEL)
    store.set("s001", NB.stem, status="needs_manual", score=score, max_score=8.0)
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
