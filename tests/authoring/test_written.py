"""The gate's check of written answers graded by hand (authoring/written.py): a well-formed one
passes; each way of getting the convention wrong is named; the levels' limits hold."""

from __future__ import annotations

import copy

import pytest

from xborder_grader.authoring import written

from ..conftest import ROOT, read_nb
from ..test_written_answers import NB, WRITTEN


@pytest.fixture
def nb():
    return read_nb(NB)  # P-2.2: its exercise 5 is a written answer


def _written(nb):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == WRITTEN)


def test_a_well_formed_written_answer_passes_and_is_described(nb):
    assert written.problems(nb, "advanced") == []
    assert written.problems(nb, "intermediate") == []
    (line,) = written.describe(nb)
    assert line.startswith("ex5_written  P-2.2.1  2 pts")


def test_primary_and_intermediate_allow_one_and_advanced_at_most_two(nb):
    assert written.problems(nb, "primary") == []
    three = copy.deepcopy(nb)
    i = three["cells"].index(_written(three))
    extra = copy.deepcopy(three["cells"][i - 1:i + 1])  # the prompt and the written answer
    for k in range(2):
        for c in extra:
            c = copy.deepcopy(c)
            c["metadata"]["nbgrader"]["grade_id"] = c["metadata"]["nbgrader"]["grade_id"].replace("ex5", f"ex{6 + k}")
            c["id"] = c["id"].replace("ex5", f"ex{6 + k}")
            three["cells"].append(c)
    assert any("at most 2" in p for p in written.problems(three, "advanced"))
    assert any("at most 1" in p for p in written.problems(three, "primary"))


def _text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("change, message", [
    (lambda c, p: c["metadata"]["nbgrader"].update(points=0), "points > 0"),
    (lambda c, p: c["metadata"].pop("xborder"), "names no skill item"),
    (lambda c, p: c["metadata"]["xborder"].pop("rubric"), "rubric flag"),
    (lambda c, p: c["metadata"]["nbgrader"].update(grade_id="ex5_essay"), "ends in _written"),
    (lambda c, p: c.update(cell_type="code", outputs=[], execution_count=None), "markdown cell"),
    (lambda c, p: c.update(source=""), "model answer"),
    (lambda c, p: p["metadata"]["nbgrader"].update(locked=False), "locked markdown cell"),
    (lambda c, p: p.update(source=_text(p).split("评分标准")[0]), "has no rubric"),
    (lambda c, p: p.update(source=_text(p).replace("（1 分）", "（2 分）", 1)), "Chinese rubric"),
    (lambda c, p: p.update(source=_text(p).replace("(1 point)", "(2 points)", 1)), "English rubric"),
])
def test_each_mistake_is_named(nb, change, message):
    cell = _written(nb)
    prompt = nb["cells"][nb["cells"].index(cell) - 1]
    change(cell, prompt)
    found = written.problems(nb, "advanced")
    assert any(message in p for p in found), found


def test_the_course_notebooks_follow_the_convention(root):
    from xborder_grader.course import Catalog

    for nb in Catalog(ROOT).notebooks():
        assert written.problems(read_nb(nb.path), nb.level) == [], nb.name


TABLE = """## 练习 5 · 为什么选这些短语 · Exercise 5: Why these phrases（2 分 points）

用三四句话说明。老师按以下标准给分 · In three or four sentences. Your teacher grades them by the rubric:

| 标准 Criterion | 分 Points |
|---|---|
| 说明为什么不写商品没有的属性 · says why attributes the product lacks stay out | 1 |
| 说明指数不能相加并写出排第一的短语 · says indices are never added and names the first phrase | {second} |
"""


@pytest.mark.parametrize("second, ok", [("1", True), ("2", False)])
def test_a_rubric_table_with_a_points_column_counts(nb, second, ok):
    cell = _written(nb)
    nb["cells"][nb["cells"].index(cell) - 1]["source"] = TABLE.format(second=second)
    found = written.problems(nb, "advanced")
    assert (found == []) == ok, found
    if not ok:
        assert any("table rubric" in p for p in found), found
