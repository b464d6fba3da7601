"""Trials (authoring/trial.py): variants branch off the reference where they differ, and what
one trial does never reaches another."""

from __future__ import annotations

from xborder_grader.authoring.trial import run_trials, with_cells


def _code(source: str, gid: str | None = None, test: bool = False, answer: bool = False) -> dict:
    meta = {}
    if gid:
        meta["nbgrader"] = {"grade_id": gid, "grade": test, "solution": answer, "locked": test, "points": 1 if test else 0}
    return {"cell_type": "code", "source": source, "metadata": meta, "outputs": [], "execution_count": None}


NB = {"cells": [
    _code("import os\nSEED = int(os.environ['XBORDER_SEED'])"),
    _code("x = SEED % 7", "ex1_answer", answer=True),
    _code("assert x == SEED % 7", "ex1_test", test=True),
    _code("open('made_by_ex2.txt', 'w').write('y')\ny = x * 2", "ex2_answer", answer=True),
    _code("assert y == 2 * (SEED % 7)", "ex2_test", test=True),
    _code("assert not os.path.exists('wrong.txt')\nz = y + 1", "ex3_answer", answer=True),
    _code("assert z == 2 * (SEED % 7) + 1", "ex3_test", test=True),
]}


def test_variants_branch_off_the_reference_and_keep_apart():
    wrong_ex2 = with_cells(NB, {"ex2_answer": "open('wrong.txt', 'w').write('n')\ny = x * 3"})
    other_ex1 = with_cells(NB, {"ex1_answer": "x = SEED - 7 * (SEED // 7)"})
    results = run_trials([
        ("reference", 11, NB),
        ("mutant", 11, wrong_ex2),
        ("alternative", 11, other_ex1, None, {"stop_after": "ex1_test"}),
        ("reference", 12, NB),
        ("mutant", 12, wrong_ex2),
    ], workers=2)
    ref, mutant, alt, ref12, mutant12 = results
    assert ref.passed == {"ex1_test": True, "ex2_test": True, "ex3_test": True}, ref
    # the mutant inherited ex1's result, failed ex2 and, with its file left behind, ex3 as well
    assert mutant.passed == {"ex1_test": True, "ex2_test": False, "ex3_test": False}, mutant
    assert "AssertionError" in mutant.messages["ex2_test"]
    # the reference ran ex3 after the mutant had branched off: the mutant's file is not in its folder
    assert ref.passed["ex3_test"]
    # an alternative stops after its own exercise
    assert alt.passed == {"ex1_test": True}, alt
    assert ref12.passed == ref.passed and mutant12.passed == mutant.passed
    assert all(r.error is None for r in results)


def test_a_trial_that_kills_its_process_is_reported_not_lost():
    crash = with_cells(NB, {"ex2_answer": "import os\nos._exit(3)"})
    ref, dead = run_trials([("reference", 5, NB), ("mutant", 5, crash)], workers=1)
    assert ref.passed["ex3_test"]
    assert dead.error and "died" in dead.error
