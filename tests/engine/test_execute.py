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
