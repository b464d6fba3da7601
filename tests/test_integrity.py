"""Every case of the bad-submission catalogue (integrity_cases.py) through the real grading path.

One scratch course, one student per case plus an honest control student, graded by plain
`nbgrader autograde` and by `xborder grade` (both with the course's nbgrader_config.py and its
integrity preprocessors). For every case: no points beyond what the work honestly earns, the
status xborder records, the feedback says what happened, and the rest of the batch is unharmed.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from xborder_grader import runner
from xborder_grader.apps.build import build
from xborder_grader.apps.feedback import feedback
from xborder_grader.apps.grade import grade
from xborder_grader.engine.status import StatusStore

from .conftest import ROOT, course_root, read_nb
from .integrity_cases import CASES, NB, ROWS, cell, dump, src, without_written

LEVEL = "primary"
OTHER = "P-1.1_hot_products"
PACKAGE_STRAY = Path(__import__("xborder_data").__file__).parent / "dictionary" / "zz.yaml"
POINTS = """SELECT sa.student_id, n.name, SUM(COALESCE(g.manual_score, g.auto_score, 0)), COUNT(*)
            FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
            JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN notebook n ON sn.notebook_id = n.id
            GROUP BY 1, 2"""

pytestmark = pytest.mark.slow


def default_words() -> list[str]:
    """The answer of exercise 1 on the default world, what a student could type in: the reference's
    setup and answer cells run here, on the default seed."""
    ref = read_nb(ROOT / "course" / LEVEL / f"{NB}.ipynb")
    ns: dict = {}
    for c in ref["cells"]:
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") in ("setup", "ex1_answer"):
            exec(src(c), ns)
    return list(ns["words"])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("integrity")
    # a stuck cell is interrupted after 20 s instead of 60, to keep the suite short; an honest
    # test cell takes up to about 6 s on a quiet machine, so 20 s leaves room for a loaded one
    root = course_root(base, LEVEL, [ROOT / "course" / LEVEL / f"{name}.ipynb" for name in (NB, OTHER)],
                       config_extra="\nc.Execute.timeout = 20\n")
    build(LEVEL, root=root, echo=lambda *a: None)
    blank = read_nb(root / "release" / LEVEL / f"{NB}.ipynb")
    ref = without_written(read_nb(ROOT / "course" / LEVEL / f"{NB}.ipynb"), blank)
    other = (root / "release" / LEVEL / f"{OTHER}.ipynb").read_text(encoding="utf-8")
    words = default_words()
    students = {"control": dump(ref)}
    for case in CASES:
        text = case.make(ref, blank, words)
        students[case.name] = other if text == "OTHER" else text
    for sid, text in students.items():
        folder = root / "submitted" / sid / LEVEL
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        (folder / f"{NB}.ipynb").write_text(text, encoding="utf-8")
        if sid == "control":  # the control student: every autograded exercise answered right, both notebooks
            shutil.copy(ROOT / "course" / LEVEL / f"{OTHER}.ipynb", folder)
    plain, xb = base / "plain", base / "xborder"
    shutil.copytree(root, plain)
    shutil.copytree(root, xb)
    try:
        proc = runner.nbgrader(["autograde", LEVEL], plain, log=base / "plain.log")
        summary = grade(LEVEL, root=xb, workers=2, time_limit=90, progress=False, echo=lambda *a: None)
        fb = feedback(LEVEL, root=xb, progress=False, echo=lambda *a: None)
    finally:
        stray = PACKAGE_STRAY.exists()
        PACKAGE_STRAY.unlink(missing_ok=True)  # what modify_shipped_data would write into the data package
    return {"plain": plain, "xb": xb, "plain_rc": proc.returncode, "summary": summary, "feedback": fb, "log": base / "plain.log",
            "stray": stray, "hacked": [p for p in (base / "hacked.txt", Path("/hacked.txt")) if p.exists()]}


def points(root: Path) -> dict[tuple[str, str], tuple[float, int]]:
    rows = sqlite3.connect(root / "gradebook.db").execute(POINTS).fetchall()
    return {(s, nb): (float(p), n) for s, nb, p, n in rows}


def feedback_text(root: Path, student: str) -> str:
    folder = root / "feedback" / student / LEVEL
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{NB}*.html"))) if folder.is_dir() else ""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(graded, case):
    xb = points(graded["xb"])
    got, rows = xb.get((case.name, NB), (0.0, 0))
    assert got <= case.honest, f"{case.name}: xborder gave {got} points, honestly earned {case.honest}"
    assert got == case.honest, f"{case.name}: xborder gave {got}, the honest part is {case.honest}"
    assert rows == ROWS  # one grade per graded cell, never more, never none

    entry = StatusStore(graded["xb"], LEVEL).get(case.name, NB) or {"status": "none", "reasons": []}
    allowed = (case.status,) if isinstance(case.status, str) else case.status
    assert entry["status"] in allowed, f"{case.name}: status {entry['status']} {entry['reasons']}"

    plain_got = points(graded["plain"]).get((case.name, NB), (0.0, 0))[0]
    assert plain_got <= case.honest, f"{case.name}: plain nbgrader gave {plain_got} points, honestly earned {case.honest}"
    # the same preprocessors grade both paths, unless grading failed (a case whose status may be
    # failed or not decides by what xborder recorded, not by comparing a tuple with a string)
    if not case.plain_fails and entry["status"] != "failed":
        assert plain_got == case.honest, f"{case.name}: plain nbgrader gave {plain_got}, the honest part is {case.honest}"

    text = feedback_text(graded["xb"], case.name)
    says = (case.feedback,) if isinstance(case.feedback, str) else case.feedback
    assert any(s in text for s in says), f"{case.name}: the feedback does not say {' or '.join(says)!r}"
    # nothing of the hidden tests or the solution reaches the feedback unless the submission itself
    # held it (the cases made from the reference solution carry its markers in the student's own cells)
    submitted = (graded["xb"] / "submitted" / case.name / LEVEL / f"{NB}.ipynb").read_text(encoding="utf-8")
    for hidden in ("_expected_words", "_expected_problems", "_expected_title", "BEGIN HIDDEN", "BEGIN SOLUTION"):
        assert hidden not in text or hidden in submitted, f"{case.name}: the feedback shows {hidden!r}"


def test_the_batch_goes_on_and_the_gradebook_stays_consistent(graded):
    for key in ("plain", "xb"):
        pts = points(graded[key])
        assert pts[("control", NB)][0] == 12.0 and pts[("control", OTHER)][0] == 18.0, key  # P-1.1's written answer waits
        # every student has exactly one row per test cell of each notebook
        students = {s for s, _ in pts}
        assert students == {"control", *(c.name for c in CASES)}, key
        assert all(n == (ROWS if nb == NB else 11) for (s, nb), (_, n) in pts.items()), key
        proc = runner.nbgrader(["export", "--to", str(graded[key] / "grades.csv")], graded[key])
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert graded["feedback"]["errors"] == []
    # the other notebook nobody but the control handed in is recorded as missing, not as a zero earned
    assert StatusStore(graded["xb"], LEVEL).get("sys_exit", OTHER)["status"] == "missing"


def test_nothing_the_attacks_write_reaches_the_grading_machine(graded):
    assert not graded["stray"], "modify_shipped_data wrote into the installed data package"
    assert not graded["hacked"], graded["hacked"]


def test_honest_work_keeps_its_points_and_sees_no_notes(graded):
    assert StatusStore(graded["xb"], LEVEL).get("control", NB)["status"] == "graded"
    text = feedback_text(graded["xb"], "control")
    assert "评分说明" not in text and "Grading notes" not in text


def test_catalogue_covers_what_the_brief_lists():
    names = {c.name for c in CASES}
    assert len(names) == len(CASES) >= 20
    for needed in ("input_transformer", "fake_execute_result", "repatch_from_event", "obfuscated_read", "patch_re",
                   "kill_parent",
                   "test_cell_pass", "test_cells_deleted_blank", "answer_cell_deleted", "cells_reordered", "points_changed",
                   "sys_exit", "raise_systemexit", "os_exit", "infinite_loop", "huge_allocation", "output_flood",
                   "rebind_builtins", "patch_checks", "answer_always_equal", "patch_data_loader", "hard_coded_answer",
                   "read_hidden_tests", "write_outside", "modify_shipped_data", "invalid_json", "empty_file",
                   "other_assignment", "other_kernel", "very_large", "duplicated_ids", "metadata_dropped"):
        assert needed in names
    # every case really changes the notebook it starts from
    ref = read_nb(ROOT / "course" / LEVEL / f"{NB}.ipynb")
    assert src(cell(ref, "ex1_answer"))
    made = {c.name: c.make(ref, ref, ["x"]) for c in CASES}
    assert all(m != json.dumps(ref, ensure_ascii=False) for m in made.values())
