"""The student workspace: student copies of the course notebooks, made by nbgrader, never overwritten.

`xborder start` fills workspace/<level>/ with the release version of every catalogued notebook
(no solutions, no hidden tests) and opens JupyterLab there. A notebook that is already in the
workspace is the student's work: it is kept as it is, and a fresh copy is offered beside it
only when asked (`--refresh`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import runner
from ..course import CourseError, catalog


def build_release(root: Path, level: str, dest: Path) -> list[Path]:
    """Generate the student version of a level's notebooks with nbgrader into `dest`."""
    cat = catalog(root)
    nbs = cat.notebooks(level)
    if not nbs:
        return []
    with tempfile.TemporaryDirectory(prefix="xborder-release-") as tmp:
        tmp = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", tmp / "nbgrader_config.py")
        src = tmp / "course" / level
        src.mkdir(parents=True)
        for nb in nbs:
            shutil.copy(nb.path, src / nb.path.name)
        proc = runner.nbgrader(["generate_assignment", level, "--force"], tmp)
        if proc.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment {level} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        dest.mkdir(parents=True, exist_ok=True)
        written = []
        for f in sorted((tmp / "release" / level).glob("*.ipynb")):
            target = dest / f.name
            shutil.copy(f, target)
            written.append(target)
        return written


def prepare(root: Path, workspace: Path, *, refresh: bool = False, echo=print) -> dict:
    """Put every level's student notebooks into the workspace without touching existing work."""
    cat = catalog(root)
    summary = {"new": [], "kept": [], "fresh_copies": []}
    for level in cat.level_folders():
        if not cat.notebooks(level):
            continue
        with tempfile.TemporaryDirectory(prefix="xborder-ws-") as tmp:
            fresh = build_release(root, level, Path(tmp))
            for f in fresh:
                target = workspace / level / f.name
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    shutil.copy(f, target)
                    summary["new"].append(target)
                elif refresh:
                    copy = target.with_name(f"{target.stem}.fresh{target.suffix}")
                    shutil.copy(f, copy)
                    summary["fresh_copies"].append(copy)
                else:
                    summary["kept"].append(target)
    for p in summary["new"]:
        echo(f"  + {p.relative_to(workspace)}  (新 new)")
    for p in summary["kept"]:
        echo(f"  = {p.relative_to(workspace)}  (保留你的作答 your work is kept)")
    for p in summary["fresh_copies"]:
        echo(f"  + {p.relative_to(workspace)}  (空白新副本 a blank fresh copy beside your work)")
    return summary
