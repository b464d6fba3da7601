"""`xborder build LEVEL [--notebook NB]`: the student version of a level, made by nbgrader.

Runs `nbgrader generate_assignment` in the course root (which also records the assignment, its
notebooks and test cells in the gradebook, as grading needs), then checks the release: no
solution and no hidden-test code may reach students.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..engine import gradebook as gbm
from .. import runner
from ..course import CourseError, catalog, find_root
from ..authoring.leaks import hidden_snippets, release_leaks


def build(level: str, notebook: str | None = None, *, root: Path | None = None, echo=print) -> list[Path]:
    from ..engine.lock import course_lock

    root = Path(root or find_root()).resolve()
    with course_lock(root, f"build {level}"):  # generate_assignment writes the gradebook
        return _build(level, notebook, root, echo)


def _build(level: str, notebook: str | None, root: Path, echo) -> list[Path]:
    cat = catalog(root)
    level = cat.resolve_level(level)
    nbs = [cat.notebook(level, notebook)] if notebook else cat.notebooks(level)
    missing = [nb for nb in nbs if not nb.path.exists()]
    for nb in missing:
        echo(f"  ! {nb.path.relative_to(root)} is in course/skills.yaml but not on disk: left out")
    nbs = [nb for nb in nbs if nb.path.exists()]
    if not nbs:
        raise CourseError(f"级别 {level} 还没有 notebook。\nLevel {level} has no notebooks yet.")
    with gbm.open_gradebook(gbm.db_url(root), gbm.course_id(root)):
        pass  # refuses a gradebook of another course before nbgrader writes to it
    args = ["generate_assignment", level, "--force"]
    if notebook:
        args.append(f"--notebook={nbs[0].name}")
    echo(f"[{level}] nbgrader generate_assignment ({len(nbs)} notebook(s)) …")
    log = root / ".xborder" / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = runner.nbgrader(args, root, log)
    if proc.returncode != 0:
        raise CourseError(f"nbgrader generate_assignment {level} failed; the log ({log}) ends with:\n"
                          + log.read_text(encoding="utf-8")[-3000:])
    release = root / "release" / level
    written = [release / nb.path.name for nb in nbs]
    leaks = []
    for nb in nbs:
        leaks += release_leaks(release, hidden_snippets(json.loads(nb.path.read_text(encoding="utf-8"))), notebook=nb.path.name)
    if leaks:
        raise CourseError("发布版泄露了答案或隐藏测试 The release gives away solutions or hidden tests:\n  " + "\n  ".join(leaks))
    for f in written:
        echo(f"  ✓ {f.relative_to(root)}")
    echo(f"[{level}] {len(written)} notebook(s) in {release.relative_to(root)}/, no solution or hidden test in it; "
         f"next: xborder release {level}")
    return written
