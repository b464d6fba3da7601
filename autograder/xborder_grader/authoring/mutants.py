"""Plausible wrong answers (tests/mutants/<notebook>.yaml): the reference notebook with one answer
cell changed, and the test cells that must then score zero."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import cells
from ..course import CourseError, Notebook


@dataclass
class Mutant:
    name: str
    cell: str
    find: str
    replace: str
    expect_zero: list[str]
    why: str = ""

    @property
    def student(self) -> str:
        return f"mutant-{self.name}"


def load_mutants(root: Path, notebook: Notebook) -> list[Mutant]:
    path = root / "tests" / "mutants" / f"{notebook.name}.yaml"
    if not path.exists():
        return []
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Mutant(**m) for m in doc.get("mutants", [])]


def apply_mutant(source_nb: dict, mutant: Mutant) -> dict:
    """The reference notebook with one answer cell changed as the mutant says."""
    nb = json.loads(json.dumps(source_nb))
    for cell in nb["cells"]:
        if cells.grade_id(cell) == mutant.cell:
            src = cells.source(cell)
            if mutant.find not in src:
                raise CourseError(f"mutant {mutant.name}: text to replace not found in cell {mutant.cell}")
            cell["source"] = src.replace(mutant.find, mutant.replace, 1)
            return nb
    raise CourseError(f"mutant {mutant.name}: no cell with grade_id {mutant.cell}")
