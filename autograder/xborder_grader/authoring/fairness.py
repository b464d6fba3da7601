"""Fair and strict, proven by trials on many data worlds (part of the quality gate).

- **Fair**: every correct answer gets its points. Alternative correct solutions, written
  independently of the reference in other idioms (tests/alternatives/<notebook>.yaml), must
  score every test cell on every seed; and the reference must keep its points when the data's
  rows come in another order and its floats move far below any stated precision
  (XBORDER_PERTURB, xborder_data/backend.py).
- **Strict**: every plausible wrong answer (tests/mutants/<notebook>.yaml) loses the points of
  the test cells it targets on every seed it is tried on, and keeps the others.

Trials (trial.py) run the notebooks in forked processes, so thirty seeds cost seconds per
notebook, not thirty nbgrader runs. A problem names the exercise (test cell), the solution or
mutant, the seed and the check's message.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import cells
from ..course import CourseError, Notebook
from .mutants import Mutant, apply_mutant
from .trial import gate_seeds, run_trials, with_cells

PERTURBED = {"XBORDER_PERTURB": "shuffle,noise"}


@dataclass
class Alternative:
    name: str
    why: str
    cells: dict[str, str]


def load_alternatives(root: Path, notebook: Notebook) -> list[Alternative]:
    path = Path(root) / "tests" / "alternatives" / f"{notebook.name}.yaml"
    if not path.exists():
        return []
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for a in doc.get("alternatives", []):
        if not a.get("cells"):
            raise CourseError(f"{path}: alternative {a.get('name')!r} replaces no cell")
        out.append(Alternative(str(a["name"]), str(a.get("why", "")), {str(k): str(v) for k, v in a["cells"].items()}))
    return out


@dataclass
class FairnessResult:
    notebook: str
    tests: list[str]
    seeds: int
    trials: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    coverage: dict[str, int] = field(default_factory=dict)  # test cell -> alternatives whose answer it checks
    # mutant name -> test cell -> passed, per seed tried (the gate turns these into its verdicts)
    mutant_outcomes: dict[str, dict[str, list[bool]]] = field(default_factory=dict)
    mutant_messages: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _answers_before(nb: dict, test_id: str) -> set[str]:
    """The answer cells of this test's exercise: those after the tests of the previous exercise.
    Test cells that follow one another check the same answers (a theory check: one answer cell,
    one test cell per question)."""
    out, current, after_test = {}, set(), False
    for cell in nb["cells"]:
        if cells.is_answer(cell):
            if after_test:
                current, after_test = set(), False
            current.add(cells.grade_id(cell))
        elif cells.is_test(cell):
            out[cells.grade_id(cell)] = set(current)
            after_test = True
    return out.get(test_id, set())


def check(root: Path, nb: Notebook, source_nb: dict, *, seeds: int = 30, perturbed_seeds: int = 5,
          mutant_seeds: int = 2, mutants: list[Mutant] | None = None, alternatives: list[Alternative] | None = None,
          workers: int | None = None) -> FairnessResult:
    """Trials of one notebook: the reference on `seeds` grading seeds (and on `perturbed_seeds` of
    them with shuffled rows and moved floats), every alternative correct solution on `seeds`
    seeds, every mutant on `mutant_seeds` seeds. An alternative runs until the test of the last
    exercise it answers differently (it proves its own exercises); a mutant to the end (it must
    keep every other test's points). The mutants' seeds rotate through the trial seeds (mutant k
    starts at seed k), so that together they meet every data world and the trials of each seed
    stay about as many."""
    t0 = time.perf_counter()
    tests = [cells.grade_id(c) for c in source_nb["cells"] if cells.is_test(c)]
    res = FairnessResult(nb.name, tests, seeds)
    all_seeds = gate_seeds(max(seeds, perturbed_seeds, mutant_seeds))
    alts = alternatives if alternatives is not None else load_alternatives(root, nb)
    jobs, meta = [], []
    for s in all_seeds[:seeds]:
        jobs.append(("reference", s, source_nb))
        meta.append(("reference", None, tests))
    for s in all_seeds[:perturbed_seeds]:
        jobs.append(("reference, rows shuffled and floats moved", s, source_nb, PERTURBED))
        meta.append(("perturbed", None, tests))
    for alt in alts:
        try:
            variant = with_cells(source_nb, alt.cells)
        except CourseError as exc:
            res.problems.append(f"alternative {alt.name}: {exc}")
            continue
        own = [t for t in tests if _answers_before(source_nb, t) & set(alt.cells)]
        if not own:
            res.problems.append(f"alternative {alt.name}: replaces no answer cell ({', '.join(alt.cells)})")
            continue
        for t in own:
            res.coverage[t] = res.coverage.get(t, 0) + 1
        upto = tests[: tests.index(own[-1]) + 1]
        for s in all_seeds[:seeds]:
            jobs.append((f"alternative {alt.name}", s, variant, None, {"stop_after": own[-1]}))
            meta.append(("alternative", alt, upto))
    pool = all_seeds[:max(seeds, mutant_seeds)]
    for k, m in enumerate(mutants or []):
        try:
            variant = apply_mutant(source_nb, m)
        except CourseError as exc:
            res.problems.append(str(exc))
            continue
        unknown = [g for g in m.expect_zero if g not in tests]
        if unknown:
            res.problems.append(f"mutant {m.name}: expect_zero names unknown test cells {unknown}")
        res.mutant_outcomes[m.name] = {t: [] for t in tests}
        res.mutant_messages[m.name] = {}
        for i in range(mutant_seeds):
            jobs.append((f"mutant {m.name}", pool[(k + i) % len(pool)], variant))
            meta.append(("mutant", m, tests))
    results = run_trials(jobs, workers=workers)
    res.trials = len(results)
    lost: dict[tuple[str, str], list[tuple[int, str]]] = {}
    tried: dict[str, int] = {}
    for r, (kind, obj, checked) in zip(results, meta):
        tried[r.label] = tried.get(r.label, 0) + 1
        if r.error:
            res.problems.append(f"{r.label}, seed {r.seed}: the trial did not run: {r.error.splitlines()[0]}")
            continue
        for t in checked:
            ok = r.passed.get(t, False)
            if kind == "mutant":
                res.mutant_outcomes[obj.name][t].append(ok)
                if not ok:
                    res.mutant_messages[obj.name].setdefault(t, r.messages.get(t, "not run"))
            elif not ok:
                lost.setdefault((t, r.label), []).append((r.seed, r.messages.get(t, "not run")))
    for (t, label), where in lost.items():
        seeds_lost = ", ".join(str(s) for s, _ in where[:8]) + (" …" if len(where) > 8 else "")
        res.problems.append(f"{t}: {label} lost the points on {len(where)} of {tried[label]} seed(s) "
                            f"({seeds_lost}): {where[0][1]}")
    if alternatives is None:
        for t in tests:
            if res.coverage.get(t, 0) < 2:
                res.problems.append(f"{t}: {res.coverage.get(t, 0)} alternative correct solution(s) answer this exercise; "
                                    f"tests/alternatives/{nb.name}.yaml needs at least 2")
    res.seconds = round(time.perf_counter() - t0, 1)
    return res
