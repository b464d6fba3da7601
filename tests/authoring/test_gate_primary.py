"""The quality gate passes on every primary notebook (see gate_course.py)."""

import pytest

from .gate_course import gate_passes


@pytest.mark.slow
def test_validate_passes_on_the_primary_level():
    gate_passes("primary")
