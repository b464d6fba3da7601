"""Written answers graded by hand, end to end: build → autograde → formgrader → export, report, feedback.

A scratch course holds P-2.2, whose exercise 5 is a written answer (an nbgrader manually graded
markdown cell, its question and rubric in the locked cell above). Two students hand it in: one answered
in words, one left the answer blank. Then, with nbgrader's own autograde (`xborder grade`), its
own formgrader page template and its Gradebook API standing in for the instructor's clicks:

- after autograding, the answered cell waits for a person: the export and the skill report
  show its points as awaiting grading, never as 0, and the mastery counts only what is graded;
  the feedback page says "awaiting grading"; the blank answer scores 0 at once (nbgrader's rule);
- formgrader's grading page shows the student's answer, the rubric above it and a score box;
- after the instructor grades and comments, export, report and feedback show the points, the
  status "graded" and the instructor's comment.
"""

from __future__ import annotations

import copy
import csv
import json

import pytest

from xborder_grader.apps.build import build
from xborder_grader.apps.export import cell_scores, export
from xborder_grader.apps.feedback import feedback
from xborder_grader.apps.grade import grade
from xborder_grader.apps.report import build_tables, report
from xborder_grader import cells as nbcells
from xborder_grader.authoring import written
from xborder_grader.cells import graded_cells

from .conftest import ROOT, course_root, formgrader_comment, formgrader_grade, read_nb

pytestmark = pytest.mark.slow

LEVEL = "primary"
# ex1_keywords 3 (P-2.2.1), ex2_checker 3 (P-2.2.2), ex3_title 2 (P-2.2.2), the theory check's ex4_q1..ex4_q4 1 each
# (P-2.2.1, P-2.2.2, P-2.2.2, P-2.2.1) and the written answer ex5_written 2 (P-2.2.1), its prompt and rubric in ex5_md
NB = ROOT / "course" / LEVEL / "P-2.2_title_writing.ipynb"
WRITTEN = "ex5_written"
ITEM = "P-2.2.1"
RUBRIC = "并写出 <code>words</code> 里排第一的短语"
ANSWER = ("Cute is not true of this case, so writing it is keyword stuffing and the platform would demote the listing. "
          "Indices are not people and cannot be added: Magnetic leads with 4658.")
COMMENT = "好：说清了堆砌。Good: stuffing explained; say which term the 4658 comes from."


def fill_in(release: dict, source: dict, answers: dict[str, str]) -> dict:
    """A student's notebook: the release with the answer cells filled in (from `answers` by
    grade_id, else the reference's code)."""
    by_id = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in source["cells"]}
    nb = copy.deepcopy(release)
    for cell in nb["cells"]:
        ng = cell["metadata"].get("nbgrader", {})
        gid = ng.get("grade_id")
        if not ng.get("solution"):
            continue
        if gid in answers:
            cell["source"] = answers[gid]
        elif cell["cell_type"] == "code":
            cell["source"] = nbcells.source(by_id[gid])
    return nb


def test_a_written_answer_waits_for_the_instructor_then_counts(tmp_path):
    root = course_root(tmp_path, LEVEL, [NB])
    source = read_nb(NB)
    assert written.problems(source, LEVEL) == []  # well formed, as the gate checks it
    build(LEVEL, root=root, echo=lambda *a: None)
    release = read_nb(root / "release" / LEVEL / NB.name)
    shown = "".join(nbcells.source(c) for c in release["cells"] if c.get("id") == "ex5-written")
    assert "model answer" not in shown  # the instructor's model answer stays out of the release

    for student, answers in {"s001": {WRITTEN: ANSWER}, "s002": {}}.items():
        folder = root / "submitted" / student / LEVEL
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        (folder / NB.name).write_text(json.dumps(fill_in(release, source, answers), ensure_ascii=False), encoding="utf-8")
    summary = grade(LEVEL, root=root, workers=2, progress=False, echo=lambda *a: None)
    assert summary.counts == {"needs_manual": 1, "graded": 1}, summary

    # autograded: s001's written answer waits; s002's blank one is 0 at once
    cells = cell_scores(root, LEVEL).set_index(["student", "cell"])
    assert bool(cells.loc[("s001", WRITTEN), "pending"]) and not bool(cells.loc[("s002", WRITTEN), "pending"])
    assert cells.loc[("s002", WRITTEN), "score"] == 0.0
    out = export(LEVEL, root=root, echo=lambda *a: None)
    rows = {r["student_id"]: r for r in csv.DictReader(open(out, newline="", encoding="utf-8-sig"))}
    assert rows["s001"][f"{NB.stem} status"] == "needs_manual" and rows["s002"][f"{NB.stem} status"] == "graded"
    assert float(rows["s001"]["awaiting_points"]) == 2.0 and rows["s001"]["awaiting_items"] == ITEM
    assert float(rows["s002"]["awaiting_points"]) == 0.0
    # the item's mastery counts what is graded: the reference code earns every autograded point of the item
    assert float(rows["s001"][ITEM]) == 1.0
    auto = sum(c.points for c in graded_cells(NB) if ITEM in c.skills and not c.manual)  # the item's autograded points
    assert auto == 5.0
    assert float(rows["s002"][ITEM]) == pytest.approx(auto / (auto + 2), abs=1e-4)  # a blank written answer: a real 0 (4 decimals in the file)
    _, skills, students, _ = build_tables(root, LEVEL)
    s1 = skills.set_index(["student", "skill"]).loc[("s001", ITEM)]
    assert (s1["earned"], s1["possible"], s1["awaiting"]) == (auto, auto, 2.0)
    assert students.set_index("student").loc["s001", "awaiting_items"] == ITEM
    csv_path, html_path = report(LEVEL, root=root, echo=lambda *a: None)
    page = html_path.read_text(encoding="utf-8")
    assert '"awaiting": 2.0' in page and "awaiting grading by hand" in page
    feedback(LEVEL, root=root, workers=1, progress=False, echo=lambda *a: None)
    fb = (root / "feedback" / "s001" / LEVEL / f"{NB.stem}.html").read_text(encoding="utf-8")
    assert "待老师评分 · Awaiting grading" in fb and ANSWER in fb and "老师已评分" not in fb
    overview = (root / "feedback" / "s001" / LEVEL / "index.html").read_text(encoding="utf-8")
    assert "待老师评分 · awaiting grading" in overview

    # formgrader's page for this submission: the student's answer, the rubric above it, a score box
    from nbconvert.exporters import HTMLExporter
    from nbgrader.api import Gradebook
    from nbgrader.server_extensions.formgrader import handlers

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "xborder") as gb:
        sub_id = gb.find_submission_notebook(NB.stem, LEVEL, "s001").id
    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    html, _ = exporter.from_filename(str(root / "autograded" / "s001" / LEVEL / NB.name), resources={
        "assignment_id": LEVEL, "notebook_id": NB.stem, "submission_id": sub_id, "index": 0, "total": 2,
        "base_url": "", "student": "s001", "last_name": None, "first_name": None, "notebook_path": ""})
    assert ANSWER in html and RUBRIC in html
    assert html.index("Rubric") < html.index(ANSWER)  # the rubric stands above the answer
    assert f'<input class="score tabbable" id="{WRITTEN}"' in html  # its score box …
    assert f'id="{WRITTEN}-comment"' in html  # … and comment box
    assert html.index(ANSWER) < html.index(f'id="{WRITTEN}-comment"')

    # the instructor grades and comments in formgrader (its handlers write exactly this)
    url = f"sqlite:///{root / 'gradebook.db'}"
    formgrader_grade(url, LEVEL, "s001", NB.stem, WRITTEN, manual_score=1.5)
    formgrader_comment(url, LEVEL, "s001", NB.stem, WRITTEN, COMMENT)

    out = export(LEVEL, root=root, echo=lambda *a: None)
    rows = {r["student_id"]: r for r in csv.DictReader(open(out, newline="", encoding="utf-8-sig"))}
    assert rows["s001"][f"{NB.stem} status"] == "graded"
    assert float(rows["s001"]["awaiting_points"]) == 0.0 and rows["s001"]["awaiting_items"] == ""
    assert float(rows["s001"][ITEM]) == pytest.approx((auto + 1.5) / (auto + 2), abs=1e-4)
    assert float(rows["s001"][NB.stem]) == 12.0 + 1.5
    _, skills, students, _ = build_tables(root, LEVEL)
    s1 = skills.set_index(["student", "skill"]).loc[("s001", ITEM)]
    assert (s1["earned"], s1["possible"], s1["awaiting"]) == (auto + 1.5, auto + 2, 0.0)
    feedback(LEVEL, root=root, workers=1, progress=False, echo=lambda *a: None)
    fb = (root / "feedback" / "s001" / LEVEL / f"{NB.stem}.html").read_text(encoding="utf-8")
    assert "老师已评分" in fb and "Good: stuffing explained" in fb and "1.5 / 2.0" in fb
