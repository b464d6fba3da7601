"""The quality gate, `xborder validate`.

Does it pass on the course, and does it fail — loudly — on a test that cannot fail, on a
mutant that slips through, on a submission nbgrader cannot grade, and on a release that leaks
hidden tests? Does it keep each autograde process to its own gradebook?
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from xborder_grader.authoring.gate import _shard_roots, validate
from xborder_grader.authoring.leaks import hidden_snippets, release_leaks
from xborder_grader.authoring.mutants import Mutant, apply_mutant

from ..conftest import ROOT, read_nb

NB = ROOT / "course" / "primary" / "P-1.1_hot_products.ipynb"


def _weakened_course(tmp_path, mutate_test):
    """A scratch course whose P-1.1 notebook has one test cell changed by `mutate_test`."""
    nb = read_nb(NB)
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "ex3_report":
            cell["source"] = mutate_test("".join(cell["source"]))
    course = tmp_path / "root"
    (course / "course" / "primary").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    (course / "course" / "skills.yaml").write_text((ROOT / "course" / "skills.yaml").read_text())
    (course / "course" / "primary" / NB.name).write_text(json.dumps(nb, ensure_ascii=False))
    (course / "tests" / "mutants").mkdir(parents=True)
    return course


@pytest.mark.slow
def test_gate_fails_a_test_that_passes_on_the_blank_release(tmp_path):
    # a test cell that forgives a missing answer: the blank release earns its points
    course = _weakened_course(tmp_path, lambda src: "# a test that cannot fail\npass\n### BEGIN HIDDEN TESTS\npass\n### END HIDDEN TESTS\n")
    (course / "tests" / "mutants" / "P-1.1_hot_products.yaml").write_text(yaml.safe_dump({"mutants": [
        {"name": "inner", "cell": "ex3_answer", "find": 'how="outer"', "replace": 'how="inner"', "expect_zero": ["ex3_report"]},
    ]}))
    results = validate("primary", "P-1.1", root=course, workers=2, seeds=2)
    (res,) = results
    assert not res.ok
    cell = next(c for c in res.cells if c.grade_id == "ex3_report")
    assert cell.blank == 3.0 and any("blank release scored" in p for p in cell.problems)
    assert any("not caught" in p for p in cell.problems)
    others = [c for c in res.cells if c.grade_id != "ex3_report"]
    assert all(not c.problems for c in others), [(c.grade_id, c.problems) for c in others]


@pytest.mark.slow
def test_gate_fails_loudly_when_autograde_cannot_grade_a_submission(tmp_path):
    # a hidden test that ends the kernel process: nbgrader cannot grade the reference solution
    course = _weakened_course(tmp_path, lambda src: src.replace("### BEGIN HIDDEN TESTS\n", "### BEGIN HIDDEN TESTS\nimport os\nos._exit(1)\n"))
    said = []
    (res,) = validate("primary", "P-1.1", root=course, workers=2, mutants=False, echo=said.append, trials=False)
    assert not res.ok
    text = "\n".join(said)
    assert "could not grade the reference submission of P-1.1_hot_products.ipynb" in text
    assert "scored None" not in text
    log = next(e for e in res.autograde_errors if "reference" in e).split("its log is ")[1].split(":")[0]
    assert Path(log).is_file() and "autograde" in Path(log).read_text()
    kept = next(line for line in said if "kept for a look" in line).rsplit(": ", 1)[1]
    assert Path(log).is_relative_to(kept)
    shutil.rmtree(kept)


def test_each_autograde_process_gets_its_own_course_root_and_gradebook(tmp_path):
    scratch = tmp_path / "scratch"
    for name in ("course/primary", "release/primary"):
        (scratch / name).mkdir(parents=True)
    (scratch / "nbgrader_config.py").write_text("c = get_config()\n")
    (scratch / "gradebook.db").write_bytes(b"definitions")
    students = ["reference", "blank", "mutant-a", "mutant-b", "mutant-c"]
    for s in students:
        (scratch / "submitted" / s / "primary").mkdir(parents=True)
    shards = _shard_roots(scratch, students, 2)
    roots = [r for r, _, _ in shards]
    assert len(set(roots)) == 2 and len({r / "gradebook.db" for r in roots}) == 2
    assert all((r / "gradebook.db").read_bytes() == b"definitions" for r in roots)
    assert sorted(s for _, members, _ in shards for s in members) == sorted(students)
    for r, members, log in shards:
        assert sorted(p.name for p in (r / "submitted").iterdir()) == sorted(members)
        assert (r / "release" / "primary").is_dir() and (r / "nbgrader_config.py").is_file()
    assert len({log for _, _, log in shards}) == 2


def test_release_leak_check_catches_planted_hidden_code(tmp_path):
    source = read_nb(NB)
    snippets = hidden_snippets(source)
    assert len(snippets) > 20
    (tmp_path / "clean.txt").write_text("nothing to see")
    assert release_leaks(tmp_path, snippets) == []
    (tmp_path / "notes.md").write_text("copied from the key:\n" + snippets[5])
    (tmp_path / "data.csv").write_text("### BEGIN HIDDEN TESTS\n")
    leaks = release_leaks(tmp_path, snippets)
    assert len(leaks) == 2 and any("notes.md" in x for x in leaks) and any("data.csv" in x for x in leaks)


def test_hint_lines_are_not_counted_as_leaks():
    """A hint that shows a line of the solution gives help, not a leak; the other lines stay secret."""
    sort_line = 'report = report.sort_values("deal_index_now", ascending=False, na_position="last")'
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": f"提示 · Hint: `{sort_line}`"},
        {"cell_type": "code", "metadata": {}, "source": "### BEGIN SOLUTION\n" + sort_line
         + '\nreport["change_pct"] = report["deal_index_now"] / report["deal_index_prev"] - 1\n### END SOLUTION\n'},
        {"cell_type": "code", "metadata": {}, "source": "### BEGIN HIDDEN TESTS\n_expected_report = _reference_report(now, prev)\n"
         "### END HIDDEN TESTS\n"},
    ]}
    snippets = hidden_snippets(nb)
    assert sort_line not in snippets
    assert 'report["change_pct"] = report["deal_index_now"] / report["deal_index_prev"] - 1' in snippets
    assert "_expected_report = _reference_report(now, prev)" in snippets


def test_mutants_apply_to_their_cells():
    source = read_nb(NB)
    doc = yaml.safe_load((ROOT / "tests" / "mutants" / "P-1.1_hot_products.yaml").read_text(encoding="utf-8"))
    assert len(doc["mutants"]) >= 4
    for m in doc["mutants"]:
        mutated = apply_mutant(source, Mutant(**m))
        assert mutated != source, m["name"]


def test_a_line_another_notebook_shows_is_not_a_leak(tmp_path):
    (tmp_path / "A.ipynb").write_text('{"cells": [{"cell_type": "code", "source": "for country in PLAN:  # scaffold shown to students", "metadata": {}}]}')
    (tmp_path / "B.ipynb").write_text('{"cells": []}')
    snippets = ["for country in PLAN:  # scaffold shown to students"]
    assert release_leaks(tmp_path, snippets, notebook="B.ipynb") == []
    assert release_leaks(tmp_path, snippets, notebook="A.ipynb") != []


@pytest.mark.slow
def test_gate_fails_a_test_that_rejects_a_correct_answer_and_a_text_that_says_less_in_english(tmp_path):
    # an unfair test: it also demands a variable that only the reference's loop happens to leave
    # behind; a correct answer written as a comprehension loses the points
    course = _weakened_course(tmp_path, lambda src: src)
    nb = read_nb(course / "course" / "primary" / NB.name)
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid == "ex1_collect":
            cell["source"] = "".join(cell["source"]).replace('_files = checks.answer("files")',
                                                             '_files = checks.answer("files")\nchecks.answer("end_date")')
        if cell["cell_type"] == "markdown" and "练习 1" in "".join(cell["source"]):
            # the Chinese instructions name a threshold the English leaves out
            cell["source"] = "".join(cell["source"]) + "\n导出最近 `45` 天。\n"
    (course / "course" / "primary" / NB.name).write_text(json.dumps(nb, ensure_ascii=False))
    (course / "tests" / "alternatives").mkdir(parents=True)
    (course / "tests" / "alternatives" / "P-1.1_hot_products.yaml").write_text(yaml.safe_dump({"alternatives": [
        {"name": "comprehension", "why": "one list comprehension",
         "cells": {"ex1_answer": 'files = [backend.export(PLAN["table"], industry=PLAN["industry"], country=c, '
                                 'period=PLAN["period"], end_date=e)\n         for c in PLAN["countries"] '
                                 'for e in PLAN["end_dates"].values()]\n'}},
    ]}))
    said = []
    (res,) = validate("primary", "P-1.1", root=course, workers=2, seeds=2, echo=said.append)
    assert not res.ok
    text = "\n".join(said)
    assert "ex1_collect: alternative comprehension lost the points on 2 of 2 seed(s)" in text, text[-3000:]
    assert "ex2_tidy: 0 alternative correct solution(s)" in text  # fewer than two per exercise
    assert any("only in Chinese" in p and "45" in p for p in res.parity), res.parity
    # the reference itself is fine on every seed, shuffled or not
    assert not any("reference" in p for p in res.fairness), res.fairness


def test_consecutive_test_cells_share_the_answers_before_them():
    # a theory check: one answer cell, one test cell per question; each question's test belongs to it
    from xborder_grader.authoring.fairness import _answers_before

    def c(gid, kind):
        meta = {"grade_id": gid, "solution": kind == "answer", "grade": kind == "test", "locked": kind != "answer",
                "points": 1 if kind == "test" else None}
        return {"cell_type": "code", "metadata": {"nbgrader": meta}, "source": ""}

    nb = {"cells": [c("ex1_answer", "answer"), c("ex1_test", "test"), c("quiz_answer", "answer"),
                    c("quiz_q1", "test"), c("quiz_q2", "test"), c("quiz_q3", "test")]}
    assert _answers_before(nb, "ex1_test") == {"ex1_answer"}
    assert all(_answers_before(nb, f"quiz_q{i}") == {"quiz_answer"} for i in (1, 2, 3))
