"""Course notebooks are stored clean and carry the nbgrader structure the tools rely on.

(nbval, enabled in pyproject.toml, also runs every course notebook top to bottom, reference
solutions and hidden tests included.)
"""

from __future__ import annotations

import re

import pytest

from xborder_grader.course import Catalog

from .conftest import ROOT, read_nb

HOW_TO_CLEAN = ("clean it with: .venv/bin/jupyter nbconvert --clear-output --inplace "
                "--ClearMetadataPreprocessor.enabled=False <notebook>")


def notebooks():
    return Catalog(ROOT).notebooks()


@pytest.mark.parametrize("nb", notebooks(), ids=lambda nb: nb.name)
def test_stored_without_outputs(nb):
    data = read_nb(nb.path)
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{nb.name} has stored outputs; {HOW_TO_CLEAN}"
    assert data["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda nb: nb.name)
def test_nbgrader_structure(nb):
    data = read_nb(nb.path)
    ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in data["cells"]]
    ids = [i for i in ids if i]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    cell_ids = [c["id"] for c in data["cells"]]
    assert len(cell_ids) == len(set(cell_ids)), "cell ids must be unique"
    for cell in data["cells"]:
        ng = cell.get("metadata", {}).get("nbgrader")
        src = "".join(cell["source"])
        if not ng:
            continue
        assert re.fullmatch(r"[a-z0-9_]+", ng["grade_id"]), ng["grade_id"]
        if ng.get("solution"):
            assert "### BEGIN SOLUTION" in src and "### END SOLUTION" in src, ng["grade_id"]
        if ng.get("grade") and not ng.get("solution"):
            assert ng.get("locked"), f"{ng['grade_id']}: test cells are locked"
            assert src.startswith("# "), f"{ng['grade_id']}: a test cell opens with a one-line comment of what it checks"
            assert "### BEGIN HIDDEN TESTS" in src, f"{ng['grade_id']}: every test cell has hidden tests"
            visible = src.split("### BEGIN HIDDEN TESTS")[0]
            assert "checks." in visible, f"{ng['grade_id']}: visible checks give the student feedback"
        if "### BEGIN SOLUTION" in src:
            assert ng.get("solution"), f"{ng['grade_id']}: solution markers outside a solution cell"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda nb: nb.name)
def test_bilingual_text_and_hints(nb):
    data = read_nb(nb.path)
    md = [("".join(c["source"])) for c in data["cells"] if c["cell_type"] == "markdown"]
    assert all(re.search(r"[\u4e00-\u9fff]", m) and re.search(r"[A-Za-z]{4}", m) for m in md), \
        "every markdown cell speaks Chinese and English"
    hints = sum(m.count("<details><summary>💡 提示 Hint</summary>") for m in md)
    assert hints >= len([c for c in data["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution")]), \
        "every exercise has a hint the student opens on demand"
