"""`xborder release LEVEL --git DIR`: does the hand-out repository hold exactly the release, one
commit per change, and refuse what would go wrong?"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from xborder_grader.apps.release import release
from xborder_grader.course import CourseError

from .conftest import course_root

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LEVEL = "primary"


def git(repo, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def course(tmp_path):
    """A course root whose release/primary/ holds two files, as `xborder build` leaves it."""
    root = course_root(tmp_path, LEVEL, [])
    out = root / "release" / LEVEL
    out.mkdir(parents=True)
    (out / "P-1.1_hot_products.ipynb").write_text('{"cells": []}\n', encoding="utf-8")
    (out / "notes.md").write_text("v1\n", encoding="utf-8")
    return root


def test_each_release_is_one_commit_of_exactly_the_release(course, tmp_path):
    handout = tmp_path / "handout"
    lines = []
    release(LEVEL, git_dir=handout, root=course, echo=lines.append)
    assert git(handout, "ls-files").split() == [f"{LEVEL}/P-1.1_hot_products.ipynb", f"{LEVEL}/notes.md"]
    assert git(handout, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"  # what the hub pulls by default
    assert "committed" in lines[-1]

    # nothing changed: no new commit
    release(LEVEL, git_dir=handout, root=course, echo=lines.append)
    assert len(git(handout, "log", "--oneline").splitlines()) == 1 and "up to date" in lines[-1]

    # a changed file and a dropped file: one commit with both, nothing else touched
    (handout / "README.md").write_text("the hand-out of the class\n", encoding="utf-8")
    git(handout, "add", "README.md")
    git(handout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "readme")
    (course / "release" / LEVEL / "notes.md").write_text("v2\n", encoding="utf-8")
    (course / "release" / LEVEL / "P-1.1_hot_products.ipynb").unlink()
    (course / "release" / LEVEL / "P-1.2_hot_attributes.ipynb").write_text('{"cells": []}\n', encoding="utf-8")
    release(LEVEL, git_dir=handout, root=course, echo=lines.append)
    assert git(handout, "ls-files").split() == ["README.md", f"{LEVEL}/P-1.2_hot_attributes.ipynb", f"{LEVEL}/notes.md"]
    changed = git(handout, "show", "--no-renames", "--name-status", "--format=", "HEAD").split("\n")
    assert sorted(filter(None, changed)) == [f"A\t{LEVEL}/P-1.2_hot_attributes.ipynb", f"D\t{LEVEL}/P-1.1_hot_products.ipynb",
                                             f"M\t{LEVEL}/notes.md"]
    assert git(handout, "status", "--porcelain") == ""


def test_a_folder_that_is_not_a_hand_out_repository_is_refused(course, tmp_path):
    # a folder with files but no repository of its own, e.g. inside the course's own repository
    inside = course / "handout"
    inside.mkdir()
    (inside / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CourseError, match="not the top of a git repository"):
        release(LEVEL, git_dir=inside, root=course, echo=lambda *a: None)
    with pytest.raises(CourseError, match="--zip and --git"):
        release(LEVEL, git_dir=tmp_path / "h", zip_path=tmp_path / "h.zip", root=course, echo=lambda *a: None)
    # an empty folder becomes a new repository
    empty = tmp_path / "empty"
    empty.mkdir()
    release(LEVEL, git_dir=empty, root=course, echo=lambda *a: None)
    assert (empty / ".git").is_dir() and (empty / LEVEL / "notes.md").exists()
