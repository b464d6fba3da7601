"""The authoring contract of test cells (what lets the grader run them in a separate checker)."""

from __future__ import annotations

import pytest

from xborder_grader.authoring.contract import check_notebook
from xborder_grader.course import Catalog

from ..conftest import ROOT, read_nb


def _cell(gid, source, *, setup=False, test=False, answer=False):
    ng = {"grade_id": gid, "locked": setup or test, "grade": test, "solution": answer}
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": ng}}


def _nb(*cells):
    return {"cells": list(cells)}


def test_a_clean_notebook_has_no_violation():
    nb = _nb(_cell("setup", "import pandas as pd\nfrom xborder_grader import checks\nPLAN = {'n': 3}", setup=True),
             _cell("ans", "def f(x):\n    return x\nresult = f(PLAN)", answer=True),
             _cell("test", "_r = checks.answer('result')\n_fn = checks.function('f', ['x'])\n"
                           "def _want(p):\n    return p\nassert checks.call(_fn, PLAN, what='f') == _want(PLAN)", test=True))
    assert check_notebook(nb) == []


@pytest.mark.parametrize("source, rule", [
    ("assert result == 3", "answer or exploration cell"),
    ("assert f(1) == 1", "answer or exploration cell"),
    ("assert _seen == 1", "another test cell"),
    ("assert undefined_name == 1", "no set-up cell"),
    ("import tempfile\n_d = tempfile.mkdtemp()", "temporary folder"),
    ("from xborder_data import StoreBackend\nStoreBackend(out_dir='exports/check')", "notebook's folder"),
])
def test_each_rule_is_enforced(source, rule):
    nb = _nb(_cell("setup", "from xborder_grader import checks", setup=True),
             _cell("ans", "def f(x):\n    return x\nresult = 3", answer=True),
             _cell("t1", "_seen = 1", test=True),
             _cell("t2", source, test=True))
    found = [v for v in check_notebook(nb) if v.cell == "t2"]
    assert found and rule in found[0].rule, found


def test_setup_cells_may_not_read_answers():
    nb = _nb(_cell("ans", "orders = 1", answer=True), _cell("setup2", "recent = orders", setup=True))
    assert [v.cell for v in check_notebook(nb)] == ["setup2"]


@pytest.mark.parametrize("nb", Catalog(ROOT).notebooks(), ids=lambda nb: nb.name)
def test_every_course_notebook_keeps_the_contract(nb):
    assert [str(v) for v in check_notebook(read_nb(nb.path))] == []
