"""The quality gate: prove every graded test of the course strict and fair.

For each notebook of a level, in a scratch course root:
1. `nbgrader generate_assignment` builds the student release;
2. the release must hold no solution and no hidden-test code;
3. the real grading path (nbgrader autograde with the course's configuration: the sandbox and
   the checker kernel) grades two fake submissions:
   - reference: the source notebook (the reference solution) -> every test cell full marks,
   - blank: the untouched release -> every test cell zero;
4. trials on many grading seeds (fairness.py, trial.py: forked processes, the student lab's
   path, which copies values through the same wire format as the checker) prove:
   - fair: the reference keeps full marks on every seed, also with rows shuffled and floats
     moved; every alternative correct solution (tests/alternatives/<notebook>.yaml, at least two
     per exercise) keeps full marks on every seed;
   - strict: every mutant (tests/mutants/<notebook>.yaml: the reference with one plausible wrong
     answer) loses the points of the test cells it targets and keeps the others, on every seed
     it is tried on;
5. static checks: the test-cell contract (contract.py) and language parity (parity.py).
`nbgrader validate` cannot do this: it exits 0 whether tests pass or fail.

Autograding runs in a few processes at once, each in its own copy of the scratch course root
with its own gradebook (two `nbgrader autograde` on one SQLite file lock it or collide); a
submission autograde could not grade fails the gate by name, with the log, and the scratch
folder is kept to look at.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import runner
from ..cells import graded_cells
from ..course import CourseError, Notebook, catalog, find_root
from . import fairness, parity
from .contract import check_notebook
from .leaks import hidden_snippets, release_leaks
from .mutants import load_mutants
from . import written

SEEDS = 30  # grading seeds every alternative and the reference must pass on
MUTANT_SEEDS = 2  # grading seeds every mutant must be caught on

@dataclass
class CellResult:
    grade_id: str
    skills: tuple[str, ...]
    points: float
    reference: float | None = None
    blank: float | None = None
    mutants: dict[str, float | None] = field(default_factory=dict)  # mutant name -> score
    mutant_expect_zero: dict[str, bool] = field(default_factory=dict)
    alternatives: int = 0  # alternative correct solutions that answer this exercise

    @property
    def problems(self) -> list[str]:
        out = []
        if self.reference is None:
            out.append("reference not graded (autograde failed, see below)")
        elif self.reference != self.points:
            out.append(f"reference scored {self.reference} of {self.points}")
        if self.blank is None:
            out.append("blank release not graded (autograde failed, see below)")
        elif self.blank not in (0, 0.0):
            out.append(f"blank release scored {self.blank}")
        for name, score in self.mutants.items():
            if score is None:
                out.append(f"mutant {name} not graded (autograde failed, see below)")
                continue
            if self.mutant_expect_zero[name] and score not in (0, 0.0):
                out.append(f"mutant {name} not caught (scored {score} on some seed)")
            if not self.mutant_expect_zero[name] and score != self.points:
                out.append(f"mutant {name} lost points here it should keep ({score} of {self.points} on some seed)")
        return out


@dataclass
class NotebookResult:
    notebook: Notebook
    cells: list[CellResult]
    release_leaks: list[str]
    mutant_errors: list[str]
    seconds: float = 0.0
    autograde_errors: list[str] = field(default_factory=list)  # submissions nbgrader could not grade
    contract: list[str] = field(default_factory=list)  # violations of the test-cell contract
    parity: list[str] = field(default_factory=list)  # what one language says and the other does not
    fairness: list[str] = field(default_factory=list)  # correct answers that lost points
    trials: int = 0
    trial_seconds: float = 0.0
    seeds: int = 0
    written: list[str] = field(default_factory=list)  # problems of the written answers graded by hand
    written_cells: list[str] = field(default_factory=list)  # the written answers, one line each

    @property
    def ok(self) -> bool:
        return (not self.release_leaks and not self.mutant_errors and not self.autograde_errors
                and not self.contract and not self.parity and not self.fairness and not self.written
                and all(not c.problems for c in self.cells) and bool(self.cells))


def _nbgrader(args: list[str], cwd: Path, log: Path) -> int:
    return runner.nbgrader(args, cwd, log).returncode


def _scores(root: Path, level: str, student: str, notebook: str) -> dict[str, float | None]:
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, float | None] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "xborder") as gb:
        try:
            sub = gb.find_submission_notebook(notebook, level, student)
        except MissingEntry:
            return out
        for grade in sub.grades:
            if grade.cell_type == "code":
                out[grade.name] = None if grade.score is None else float(grade.score)
    return out


def validate(level: str | None = None, notebook: str | None = None, *, root: Path | None = None,
             mutants: bool = True, workers: int = 2, keep: Path | None = None, echo=print,
             seeds: int = SEEDS, mutant_seeds: int = MUTANT_SEEDS, trials: bool = True) -> list[NotebookResult]:
    """Run the gate; returns one result per notebook (see NotebookResult.ok). `seeds`: grading
    seeds of the trials (the reference and every alternative; perturbations up to 5);
    `mutant_seeds`: seeds each mutant is tried on (at most `seeds`); `trials=False` leaves out
    the trials (alternatives, perturbations, mutants)."""
    import time

    root = Path(root or find_root())
    cat = catalog(root)
    levels = [cat.resolve_level(level)] if level else [f for f in cat.level_folders() if cat.notebooks(f)]
    results: list[NotebookResult] = []
    for lvl in levels:
        nbs = [cat.notebook(lvl, notebook)] if notebook else cat.notebooks(lvl)
        if not nbs:
            raise CourseError(f"级别 {lvl} 还没有 notebook。\nLevel {lvl} has no notebooks yet.")
        for nb in nbs:
            if not nb.path.exists():
                raise CourseError(f"catalogued notebook {nb.path} does not exist")
        scratch = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="xborder-validate-"))
        failed = True
        try:
            level_results = _validate_level(root, scratch, lvl, nbs, mutants, workers, echo, time.perf_counter,
                                            seeds if trials else 0, mutant_seeds)
            results += level_results
            failed = any(r.autograde_errors for r in level_results)
        finally:
            if not keep and not failed:
                shutil.rmtree(scratch, ignore_errors=True)
            elif not keep:
                echo(f"[{lvl}] 评分失败的现场保留在 the scratch course root is kept for a look: {scratch}")
    return results


def _validate_level(root, scratch, lvl, nbs, with_mutants, workers, echo, clock, seeds, mutant_seeds):
    t0 = clock()
    scratch.mkdir(parents=True, exist_ok=True)
    log = scratch / "nbgrader.log"
    src = scratch / "course" / lvl
    src.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "nbgrader_config.py", scratch / "nbgrader_config.py")
    for nb in nbs:
        shutil.copy(nb.path, src / nb.path.name)
    echo(f"[{lvl}] generate_assignment ({len(nbs)} notebook(s)) …")
    if _nbgrader(["generate_assignment", lvl, "--force"], scratch, log) != 0:
        raise CourseError(f"nbgrader generate_assignment failed; see the log:\n{log.read_text()[-3000:]}")
    release = scratch / "release" / lvl

    students: dict[str, list[tuple[str, dict]]] = {"reference": [], "blank": []}
    for nb in nbs:
        source_nb = json.loads(nb.path.read_text(encoding="utf-8"))
        students["reference"].append((nb.path.name, source_nb))
        students["blank"].append((nb.path.name, json.loads((release / nb.path.name).read_text(encoding="utf-8"))))
    for student, files in students.items():
        folder = scratch / "submitted" / student / lvl
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files:
            (folder / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")

    n = max(1, min(workers, len(students)))
    echo(f"[{lvl}] autograde {len(students)} fake submission(s) in {n} process(es) …")
    shards = _shard_roots(scratch, list(students), n)

    def grade(shard):
        shard_root, _members, shard_log = shard
        return _nbgrader(["autograde", lvl, "--force"], shard_root, shard_log)

    with ThreadPoolExecutor(max_workers=n) as pool:
        codes = list(pool.map(grade, shards))
    where = {s: (shard_root, shard_log, code) for (shard_root, members, shard_log), code in zip(shards, codes) for s in members}

    out = []
    for nb in nbs:
        source_nb = json.loads(nb.path.read_text(encoding="utf-8"))
        cells = [CellResult(c.grade_id, c.skills, c.points) for c in graded_cells(nb.path) if not c.manual]
        errors: list[str] = []

        def scores(student):
            shard_root, shard_log, code = where[student]
            got = _scores(shard_root, lvl, student, nb.name)
            graded = (shard_root / "autograded" / student / lvl / nb.path.name).exists()
            if not graded or not got:
                errors.append(f"nbgrader autograde could not grade the {student} submission of {nb.path.name} "
                              f"(exit code {code}); its log is {shard_log}:\n" + _tail(shard_log))
            return got

        ref, blank = scores("reference"), scores("blank")
        for c in cells:
            c.reference, c.blank = ref.get(c.grade_id), blank.get(c.grade_id)
        leaks = release_leaks(release, hidden_snippets(source_nb), notebook=nb.path.name)
        res = NotebookResult(nb, cells, leaks, [], round(clock() - t0, 1), errors,
                             contract=[str(v) for v in check_notebook(source_nb)],
                             parity=[str(p) for p in parity.check_notebook(source_nb)],
                             written=written.problems(source_nb, lvl), written_cells=written.describe(source_nb))
        if seeds:
            _trials(root, nb, source_nb, res, seeds, mutant_seeds, with_mutants, workers, echo)
        res.seconds = round(clock() - t0, 1)
        t0 = clock()
        out.append(res)
        echo(render(res))
    return out


def _trials(root, nb, source_nb, res: NotebookResult, seeds: int, mutant_seeds: int, with_mutants: bool, workers: int,
            echo) -> None:
    """Fairness and strictness on many seeds (fairness.check), into the notebook's result."""
    mutants = []
    try:
        mutants = load_mutants(root, nb) if with_mutants else []
    except CourseError as exc:
        res.mutant_errors.append(str(exc))
    if not (Path(root) / "tests" / "alternatives" / f"{nb.name}.yaml").exists():
        res.fairness.append(f"no alternative correct solutions: write tests/alternatives/{nb.name}.yaml "
                            "(at least two per exercise, in other idioms than the reference)")
    echo(f"[{nb.level}] {nb.name}: trials on {seeds} seed(s) …")
    fr = fairness.check(root, nb, source_nb, seeds=seeds, perturbed_seeds=min(5, seeds),
                        mutant_seeds=min(mutant_seeds, seeds), mutants=mutants, workers=workers)
    res.fairness += fr.problems
    res.trials, res.trial_seconds, res.seeds = fr.trials, fr.seconds, seeds
    by_id = {c.grade_id: c for c in res.cells}
    for c in res.cells:
        c.alternatives = fr.coverage.get(c.grade_id, 0)
    for m in mutants:
        outcomes = fr.mutant_outcomes.get(m.name)
        if outcomes is None:
            continue
        for gid, passes in outcomes.items():
            c = by_id.get(gid)
            if c is None or not passes:
                continue
            target = gid in m.expect_zero
            # caught only when it fails on every seed; kept only when it passes on every seed
            c.mutants[m.name] = (0.0 if not any(passes) else c.points) if target else (c.points if all(passes) else 0.0)
            c.mutant_expect_zero[m.name] = target


def _shard_roots(scratch: Path, students: list[str], n: int) -> list[tuple[Path, list[str], Path]]:
    """Split the fake class over `n` copies of the scratch course root (config, sources, release,
    gradebook), each with its share of submitted/: one autograde process per copy, one writer per
    gradebook. Returns (root, students, log) per copy; the first copy is the scratch root itself."""
    shards = []
    for k in range(n):
        members = students[k::n]
        if k == 0:
            shard_root = scratch
        else:
            shard_root = scratch / f"autograde-{k}"
            shutil.rmtree(shard_root, ignore_errors=True)  # (a --keep folder used before)
            (shard_root / "submitted").mkdir(parents=True)
            shutil.copy(scratch / "nbgrader_config.py", shard_root)
            shutil.copy(scratch / "gradebook.db", shard_root)
            for folder in ("course", "release"):
                shutil.copytree(scratch / folder, shard_root / folder)
            for student in members:
                shutil.move(scratch / "submitted" / student, shard_root / "submitted" / student)
        shards.append((shard_root, members, scratch / f"autograde-{k}.log"))
    return shards


def _tail(log: Path, lines: int = 15) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").rstrip().splitlines()
    except OSError:
        return "    (no log)"
    return "\n".join(f"    {line}" for line in text[-lines:])


def render(res: NotebookResult) -> str:
    """A table of one notebook's gate results."""
    rows = [("test cell", "skill items", "pts", "reference", "blank", "mutants caught", "alternatives", "verdict")]
    for c in res.cells:
        targeted = [n for n, z in c.mutant_expect_zero.items() if z]
        caught = sum(1 for n in targeted if c.mutants.get(n) in (0, 0.0))
        rows.append((
            c.grade_id, ",".join(c.skills) or "-", f"{c.points:g}",
            "-" if c.reference is None else f"{c.reference:g}",
            "-" if c.blank is None else f"{c.blank:g}",
            f"{caught}/{len(targeted)}" if targeted else "-",
            str(c.alternatives) if res.seeds else "-",
            "ok" if not c.problems else "FAIL: " + "; ".join(c.problems),
        ))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = [f"\n{res.notebook.level}/{res.notebook.path.name} ({res.notebook.task}): {res.seconds:g} s"
             + (f", of which {res.trial_seconds:g} s for {res.trials} trials on {res.seeds} seed(s)" if res.seeds else
                ", no trials")]
    for r in rows:
        lines.append("  " + "  ".join(str(v).ljust(w) for v, w in zip(r, widths)) + "  " + r[-1])
    failures = [("release leak: ", res.release_leaks), ("", res.mutant_errors), ("", res.autograde_errors),
                ("test-cell contract: ", res.contract), ("language parity: ", res.parity),
                ("fairness: ", res.fairness)]
    lines += [f"  FAIL {label}{v}" for label, found in failures for v in found]
    lines += [f"  written answer {w}" for w in res.written_cells]
    lines += [f"  FAIL written answer: {w}" for w in res.written]
    if not res.cells:
        lines.append("  FAIL no graded cells")
    lines.append(f"  => {'PASS' if res.ok else 'FAIL'}")
    return "\n".join(lines)
