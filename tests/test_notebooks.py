"""Course notebooks are stored clean and carry the nbgrader structure the tools rely on.

(nbval, enabled in pyproject.toml, also runs every course notebook top to bottom, reference
solutions and hidden tests included.)
"""

from __future__ import annotations

import json
import re

import pytest

from xborder_grader.course import Catalog

from .conftest import ROOT, read_nb

HOW_TO_CLEAN = "clean it with: .venv/bin/xborder clean (every course notebook) or .venv/bin/xborder clean <notebook>"


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
def test_stored_as_jupyterlab_saves_it(nb):
    """Opening a course notebook in JupyterLab must not mark it unsaved (nothing to fill in)."""
    from xborder_grader.authoring.clean import clean_text

    text = nb.path.read_text(encoding="utf-8")
    assert clean_text(text) == text, f"{nb.name} is not stored clean; {HOW_TO_CLEAN}"


def test_the_cleaner_keeps_grading_metadata_and_clears_runs():
    from xborder_grader.authoring.clean import clean, clean_text

    raw = read_nb(notebooks()[0].path)
    raw["nbformat_minor"] = 4
    raw["metadata"] = {"kernelspec": {"name": "python3"}, "widgets": {"state": {}}}
    code = next(c for c in raw["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    code["execution_count"] = 7
    code["metadata"]["execution"] = {"iopub.status.busy": "2026-11-01"}
    for c in raw["cells"][:3]:
        del c["id"]
    out = clean(raw, version="3.12.4")
    assert out["nbformat_minor"] == 5 and "widgets" not in out["metadata"]
    assert out["metadata"]["language_info"]["version"] == "3.12.4"
    assert out["metadata"]["language_info"]["codemirror_mode"] == {"name": "ipython", "version": 3}
    assert out["metadata"]["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
    ids = [c["id"] for c in out["cells"]]
    assert len(ids) == len(set(ids)) and all(ids)
    code_out = next(c for c in out["cells"] if c["cell_type"] == "code")
    assert code_out["outputs"] == [] and code_out["execution_count"] is None and "execution" not in code_out["metadata"]
    assert [c["metadata"].get("nbgrader") for c in out["cells"]] == [c["metadata"].get("nbgrader") for c in raw["cells"]]
    text = clean_text(json.dumps(out))
    assert clean_text(text) == text and text.endswith("}\n")  # idempotent, nbformat's layout plus a newline


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
