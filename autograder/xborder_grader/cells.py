"""One parser for the cells of a course notebook: their source, their nbgrader metadata, their
roles and the solution / hidden-test blocks inside them.

Works on nbformat NotebookNode cells and on plain dicts read with json alike, so the engine,
the authoring tools and the instructor verbs all read a notebook the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def source(cell) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else (src or "")


def nbgrader(cell) -> dict:
    """The cell's nbgrader metadata, or {} when it has none (or it is not a dict)."""
    meta = cell.get("metadata") or {}
    ng = meta.get("nbgrader") if isinstance(meta, dict) else None
    return ng if isinstance(ng, dict) else {}


def grade_id(cell) -> str | None:
    return nbgrader(cell).get("grade_id") or None


def skills(cell) -> list[str]:
    """The skill items a graded cell grades (cell metadata `xborder.skills`)."""
    meta = cell.get("metadata") or {}
    return list((meta.get("xborder") or {}).get("skills", [])) if isinstance(meta, dict) else []


def is_test(cell) -> bool:
    """An autograder test cell: graded, not an answer."""
    ng = nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(ng.get("grade")) and not ng.get("solution")


def is_answer(cell) -> bool:
    return bool(nbgrader(cell).get("solution"))


def is_manual(cell) -> bool:
    """A manually graded answer (nbgrader "Manually graded answer": solution and grade)."""
    ng = nbgrader(cell)
    return bool(ng.get("solution")) and bool(ng.get("grade"))


def is_setup(cell) -> bool:
    """A read-only code cell that is neither an answer nor a test: the notebook's set-up (imports,
    the plan, given mappings). Test cells may use what set-up cells define."""
    ng = nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(ng.get("locked")) and not ng.get("grade") and not ng.get("solution")


def blocks(text: str) -> Iterator[tuple[str | None, str]]:
    """(block, line) for every line of a source: block is "solution", "hidden" or None; the
    marker lines themselves come with block "marker"."""
    block = None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(SOLUTION_BEGIN):
            block = "solution"
            yield "marker", line
        elif s.startswith(HIDDEN_BEGIN):
            block = "hidden"
            yield "marker", line
        elif s.startswith((SOLUTION_END, HIDDEN_END)):
            block = None
            yield "marker", line
        else:
            yield block, line


def without_hidden(text: str, note: str | None = None) -> str:
    """A test cell's source as the release shows it: the hidden block left out (or replaced by
    `note`, indented like the marker)."""
    out = []
    for block, line in blocks(text):
        if block == "marker" and line.strip().startswith(HIDDEN_BEGIN) and note is not None:
            out.append(line[: len(line) - len(line.lstrip())] + note)
        elif block is None:
            out.append(line)
    return "\n".join(out)


def visible_lines(text: str) -> str:
    """A cell's code without its hidden block and blank lines: what must match the release."""
    return "\n".join(line.rstrip() for block, line in blocks(text) if block is None and line.strip())


@dataclass(frozen=True)
class GradedCell:
    grade_id: str
    points: float
    skills: tuple[str, ...]
    manual: bool = False  # graded by a person in formgrader, not by tests


def graded_cells(nb_or_path) -> list[GradedCell]:
    """The graded cells of a notebook (test cells and manually graded answers), with their points
    and skill items."""
    nb = read(nb_or_path) if isinstance(nb_or_path, (str, Path)) else nb_or_path
    out = []
    for cell in nb["cells"]:
        ng = nbgrader(cell)
        if ng.get("grade") and ng.get("grade_id"):
            out.append(GradedCell(ng["grade_id"], float(ng.get("points", 0)), tuple(skills(cell)), manual=is_manual(cell)))
    return out


def read(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
