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


def course_root(base: Path, level: str, notebooks: list[Path], *, mutants: bool = False, config_extra: str = "") -> Path:
    """A scratch course root in `base`: the course's nbgrader config (plus `config_extra`), the
    skill catalogue and copies of the given source notebooks of one level."""
    course = base / "course-root"
    (course / "course" / level).mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(config + config_extra, encoding="utf-8")
    shutil.copy(ROOT / "course" / "skills.yaml", course / "course" / "skills.yaml")
    if mutants:
        shutil.copytree(ROOT / "tests" / "mutants", course / "tests" / "mutants")
    for nb in notebooks:
        shutil.copy(nb, course / "course" / level / Path(nb).name)
    return course


@pytest.fixture
def scratch_course(tmp_path):
    """Make a scratch course root holding copies of the given source notebooks of one level."""

    def make(level: str, notebooks: list[Path]) -> Path:
        return course_root(tmp_path, level, notebooks)

    return make


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
