"""The whole nbgrader cycle on the P-1.1 notebook, in a scratch course root.

generate_assignment → three students (reference answers, untouched release, one wrong answer)
→ autograde → generate_feedback → export: do the grades come out exactly as earned, and does
the release hold no hidden-test code?
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil

import pytest
import yaml

from xborder_grader import runner
from xborder_grader.authoring.leaks import hidden_snippets, release_leaks
from xborder_grader.authoring.mutants import Mutant, apply_mutant

from .conftest import ROOT, read_nb

NB = ROOT / "course" / "primary" / "P-1.1_hot_products.ipynb"


@pytest.mark.slow
def test_generate_autograde_feedback_export(scratch_course):
    course = scratch_course("primary", [NB])
    log = course / "nbgrader.log"

    def nbgrader(*args):
        proc = runner.nbgrader(list(args), course, log)
        assert proc.returncode == 0, log.read_text()[-4000:]

    nbgrader("generate_assignment", "primary", "--force")
    release = course / "release" / "primary"
    released = read_nb(release / NB.name)
    source = read_nb(NB)
    assert release_leaks(release, hidden_snippets(source)) == []
    text = json.dumps(released, ensure_ascii=False)
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert "raise NotImplementedError()" in text

    # the wrong answer: change_report divides by the current instead of the previous value
    mutants = yaml.safe_load((ROOT / "tests" / "mutants" / "P-1.1_hot_products.yaml").read_text(encoding="utf-8"))
    wrong = Mutant(**next(m for m in mutants["mutants"] if m["name"] == "p11-change-over-now"))
    # an honest answer whose function prints a warning while the tests call it keeps its points
    warns = Mutant(name="warns", cell="ex2_answer", expect_zero=[], find="    df = df.drop_duplicates()\n",
                   replace="    import warnings\n    warnings.simplefilter('always')\n"
                           "    warnings.warn('a library warning', FutureWarning)\n    df = df.drop_duplicates()\n")
    submissions = {"alice": source, "bob": released, "carol": apply_mutant(source, wrong), "dave": apply_mutant(source, warns)}
    for student, nb in submissions.items():
        folder = course / "submitted" / student / "primary"
        folder.mkdir(parents=True)
        (folder / NB.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")

    nbgrader("autograde", "primary", "--force")
    nbgrader("generate_feedback", "primary", "--force")
    nbgrader("export", "--to", str(course / "grades.csv"))

    with open(course / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert float(rows["alice"]["score"]) == 18.0  # the written answer (2 points) waits for the instructor
    assert float(rows["bob"]["score"]) == 0.0
    assert float(rows["carol"]["score"]) == 15.0  # exercise 3 (3 points) lost, nothing else
    assert float(rows["dave"]["score"]) == 18.0  # a warning on stderr costs nothing
    assert all(float(r["max_score"]) == 20.0 for r in rows.values())

    for student in submissions:
        page = course / "feedback" / student / "primary" / "P-1.1_hot_products.html"
        assert page.exists(), f"no feedback for {student}"
    assert "18.0" in (course / "feedback" / "alice" / "primary" / "P-1.1_hot_products.html").read_text(encoding="utf-8")

    # feedback names skill items and the failing check's message, and shows no hidden-test line
    hidden_lines = []
    for cell in source["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 20:
                hidden_lines.append(line.strip())
    assert len(hidden_lines) > 20
    for student in submissions:
        page = html.unescape((course / "feedback" / student / "primary" / "P-1.1_hot_products.html").read_text(encoding="utf-8"))
        leaked = [h for h in hidden_lines if h in page]
        assert not leaked, f"{student}'s feedback shows hidden test code: {leaked[:2]}"
        assert "Skill items: P-1.1.3" in page
    carol = html.unescape((course / "feedback" / "carol" / "primary" / "P-1.1_hot_products.html").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", "", carol)
    assert "change_report(another country)" in text and "wrong values" in text, text[text.find("ex3"):][:2000]
    shutil.rmtree(course / "autograded", ignore_errors=True)
