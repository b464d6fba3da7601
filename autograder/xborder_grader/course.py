"""Where the course lives and what it holds: the skill catalog and the graded cells of each notebook.

One catalog drives everything (course/skills.yaml): levels, work tasks, skill items, the
notebook of each task and the tables it uses. Tools find notebooks through it, never by a
hand-kept list.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ITEM_ID = re.compile(r"^[PIA]-[1-3]\.[1-5]\.[1-4]$")
TASK_ID = re.compile(r"^[PIA]-[1-3]\.[1-5]$")


class CourseError(Exception):
    """The course folder, catalog or a notebook is not as the tools expect."""


def find_root(start: str | Path | None = None) -> Path:
    """The course root: XBORDER_ROOT, else the nearest folder upwards holding nbgrader_config.py
    and course/skills.yaml, else the checkout this package was installed from."""
    env = os.environ.get("XBORDER_ROOT")
    candidates = [Path(env)] if env else []
    here = Path(start or Path.cwd()).resolve()
    candidates += [here, *here.parents, Path(__file__).resolve().parents[2]]
    for c in candidates:
        if (c / "nbgrader_config.py").is_file() and (c / "course" / "skills.yaml").is_file():
            return c
    raise CourseError(
        "找不到课程根目录（含 nbgrader_config.py 和 course/skills.yaml 的文件夹）。请在课程仓库里运行，或设置 XBORDER_ROOT。\n"
        "Cannot find the course root (the folder with nbgrader_config.py and course/skills.yaml): "
        "run this inside the course repository, or set XBORDER_ROOT."
    )


@dataclass(frozen=True)
class Notebook:
    task: str
    level: str  # folder name: primary / intermediate / advanced
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem


class Catalog:
    def __init__(self, root: Path):
        self.root = Path(root)
        path = self.root / "course" / "skills.yaml"
        try:
            self.data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CourseError(f"course/skills.yaml is missing under {self.root}") from None
        self.levels = self.data["levels"]
        self.areas = self.data["areas"]
        self.tasks = self.data["tasks"]
        # notebooks that are no task of the standard, each placed before the task it prepares for
        self.onramps = self.data.get("onramps") or {}

    @property
    def titles(self) -> dict[str, dict]:
        """Names (zh, en) of every task and on-ramp, by ID."""
        return {**self.onramps, **self.tasks}

    @property
    def items(self) -> dict[str, dict]:
        return {iid: item for task in self.tasks.values() for iid, item in task["items"].items()}

    def level_folders(self) -> list[str]:
        return [v["folder"] for v in self.levels.values()]

    def notebooks(self, level: str | None = None) -> list[Notebook]:
        """Catalogued notebooks, in task order; `level` is a folder name or a level key (P/I/A)."""
        folder = self.resolve_level(level) if level else None
        out = []
        for task_id, task in self.tasks.items():
            entries = [(oid, o) for oid, o in self.onramps.items() if o.get("before") == task_id] + [(task_id, task)]
            for entry_id, entry in entries:
                rel = entry.get("notebook")
                if not rel:
                    continue
                nb = Notebook(task=entry_id, level=rel.split("/")[0], path=self.root / "course" / rel)
                if folder is None or nb.level == folder:
                    out.append(nb)
        return out

    def resolve_level(self, level: str) -> str:
        for key, v in self.levels.items():
            if level in (key, v["folder"], v["en"], v["zh"]):
                return v["folder"]
        choices = ", ".join(v["folder"] for v in self.levels.values())
        raise CourseError(f"未知的级别 {level!r}，可选：{choices}\nUnknown level {level!r}. Valid choices: {choices}")

    def notebook(self, level: str, name: str) -> Notebook:
        nbs = self.notebooks(level)
        for nb in nbs:
            if name in (nb.name, nb.task, nb.path.name):
                return nb
        choices = ", ".join(nb.name for nb in nbs) or "(none yet)"
        raise CourseError(f"级别 {level} 中没有 notebook {name!r}，可选：{choices}\n"
                          f"No notebook {name!r} in level {level}. Valid choices: {choices}")


@functools.lru_cache(maxsize=4)
def catalog(root: Path | None = None) -> Catalog:
    return Catalog(root or find_root())
