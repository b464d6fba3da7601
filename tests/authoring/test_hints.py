"""Hints teach the way to an answer, not the answer (issue 14: "hints often are the answer").

A hint goes idea → method → code: it may name the pandas methods and show them on other tables
and columns, but it may not show an expression of the reference solution that already applies a
method to this notebook's data (`now["competition_index"].median()` is the answer; `.median()`
and `shops["rent"].median()` are help). The notebooks listed here have stepped hints; a notebook
joins the list once its hints are rewritten.
"""

from __future__ import annotations

import re

import pytest

from xborder_grader import cells

from ..conftest import ROOT, read_nb

STEPPED = ["P-0_excel_to_pandas", "P-1.1_hot_products", "P-1.2_hot_attributes", "P-1.3_hot_searches", "P-2.1_product_planning",
           "P-2.2_title_writing", "P-2.3_product_traffic", "P-3.1_country_distribution", "P-3.2_product_grouping", "P-3.3_customer_care"]
HINT = re.compile(r"<details><summary>💡 提示 Hint</summary>(.*?)</details>", re.S)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


def _norm(code: str) -> str:
    return re.sub(r"\s+", "", code)


def _hints(nb: dict) -> list[str]:
    return [h for c in nb["cells"] if c["cell_type"] == "markdown" for h in HINT.findall(cells.source(c))]


def _snippets(hint: str) -> list[str]:
    """Pieces of code a hint shows: inline code spans and the lines of fenced blocks."""
    fenced = [line for block in FENCE.findall(hint) for line in block.splitlines()]
    return CODE_SPAN.findall(FENCE.sub(" ", hint)) + fenced


def solution_leaks(nb: dict) -> list[str]:
    """Hint code that is a piece of the reference solution applied to the notebook's own data:
    at least 25 characters, with a string literal or a subscript, found in a solution block."""
    solution = _norm("\n".join(line for c in nb["cells"] for block, line in cells.blocks(cells.source(c))
                               if block == "solution"))
    out = []
    for hint in _hints(nb):
        for snip in _snippets(hint):
            code = re.sub(r"#.*", "", snip).strip()
            if len(code) >= 25 and re.search(r"[\"'\[]", code) and _norm(code) in solution:
                out.append(code)
    return out


@pytest.mark.parametrize("name", STEPPED)
def test_hints_go_idea_method_code_and_show_no_solution(name):
    nb = read_nb(ROOT / "course" / "primary" / f"{name}.ipynb")
    hints = _hints(nb)
    assert hints, name
    for h in hints:
        for step in ("思路 Idea", "方法 Method", "代码 Code"):
            assert step in h, (name, step, h[:80])
        assert h.index("思路 Idea") < h.index("方法 Method") < h.index("代码 Code"), name
    assert solution_leaks(nb) == [], name


def test_a_hint_that_is_the_answer_is_caught():
    line = 'median = now["competition_index"].median()'
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source":
         "<details><summary>💡 提示 Hint</summary>\n\n- `now[\"competition_index\"].median()` · `.median()`\n"
         "- `shops[\"rent\"].median()`\n</details>"},
        {"cell_type": "code", "metadata": {}, "source": f"### BEGIN SOLUTION\n{line}\n### END SOLUTION\n"},
    ]}
    assert solution_leaks(nb) == ['now["competition_index"].median()']
