"""Shared fixtures: the repository root and scratch nbgrader course roots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def scratch_course(tmp_path):
    """Make a scratch course root holding copies of the given source notebooks of one level."""

    def make(level: str, notebooks: list[Path]) -> Path:
        course = tmp_path / "course-root"
        (course / "course" / level).mkdir(parents=True)
        shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copy(ROOT / "course" / "skills.yaml", course / "course" / "skills.yaml")
        for nb in notebooks:
            shutil.copy(nb, course / "course" / level / Path(nb).name)
        return course

    return make


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
