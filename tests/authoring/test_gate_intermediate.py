"""The quality gate passes on every intermediate notebook (see gate_course.py)."""

import pytest

from .gate_course import gate_passes


@pytest.mark.slow
def test_validate_passes_on_the_intermediate_level():
    gate_passes("intermediate")
