"""A synthetic class: submissions of made-up students for trying out and measuring the grading tools.

Each student hands in every notebook of the level as one of: the reference solution (correct),
the reference with one plausible wrong answer from tests/mutants/ (partial), or the untouched
release (blank). Deterministic for a seed, so benchmarks and tests see the same class.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from ..course import catalog
from .mutants import apply_mutant, load_mutants

KINDS = ("correct", "partial", "blank")


def make_class(root: Path, level: str, students: int, *, seed: int = 7, weights=(0.5, 0.3, 0.2),
               prefix: str = "s", timestamp: str = "2026-11-20 10:00:00.000000 UTC") -> dict[str, dict[str, str]]:
    """Write submitted/<student>/<level>/*.ipynb under `root` (a course root whose release/<level>
    exists); returns {student: {notebook: kind}}."""
    root = Path(root)
    cat = catalog(root)
    rnd = random.Random(seed)
    release = root / "release" / level
    nbs = [nb for nb in cat.notebooks(level) if (release / nb.path.name).exists()]  # what was built
    sources = {nb.name: json.loads(nb.path.read_text(encoding="utf-8")) for nb in nbs}
    blanks = {name: json.loads((release / f"{name}.ipynb").read_text(encoding="utf-8")) for name in sources}
    mutants = {nb.name: load_mutants(root, nb) for nb in nbs}
    plan: dict[str, dict[str, str]] = {}
    for i in range(students):
        sid = f"{prefix}{i + 1:03d}"
        folder = root / "submitted" / sid / level
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "timestamp.txt").write_text(timestamp)
        plan[sid] = {}
        for name, source in sources.items():
            kind = rnd.choices(KINDS, weights=weights)[0]
            if kind == "partial" and not mutants[name]:
                kind = "correct"
            if kind == "correct":
                nb = source
            elif kind == "blank":
                nb = blanks[name]
            else:
                nb = apply_mutant(source, rnd.choice(mutants[name]))
            (folder / f"{name}.ipynb").write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
            plan[sid][name] = kind
    return plan
