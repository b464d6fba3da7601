"""The autograde pass's execution (engine/preprocessors/execute.py): what it asks the kernel to import."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from xborder_grader.engine.preprocessors import execute


def test_every_module_the_grading_kernel_is_asked_to_import_exists():
    names = re.findall(r"__import__\('([\w.]+)'", inspect.getsource(execute))
    assert names
    for name in names:
        importlib.import_module(name)


def test_without_a_sandbox_the_student_kernel_still_gets_its_scratch_folder_and_environment(tmp_path, monkeypatch):
    # macOS and Windows graders run unsandboxed: the student's exports must still land where the
    # checks look (XBORDER_EXPORTS in the scratch folder), or every test that reads a file scores 0
    import os

    from nbformat.v4 import new_code_cell, new_notebook

    from xborder_grader.engine.preprocessors.execute import SplitExecute

    monkeypatch.chdir(tmp_path)
    nb = new_notebook(cells=[new_code_cell("import os\nprint(os.environ.get('XBORDER_EXPORTS'), os.getcwd())")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb, _ = SplitExecute(sandbox="none").preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    exports, cwd = nb.cells[0].outputs[0]["text"].split()
    assert cwd != str(tmp_path) and exports == os.path.join(cwd, "exports"), (exports, cwd)
