"""Fast trials of a notebook: run every cell in one process on a chosen data world and record which
test cells pass. The quality gate uses them for what needs many runs (mutants, alternative correct
solutions on many seeds, perturbed data); the real grading path (nbgrader, sandbox, checker) proves
the reference and the blank release.

A trial runs the notebook the way the student's own JupyterLab does: the cells in order in one
namespace that is `__main__`, the test cells reading the student's values through the checks API,
which copies them through the same wire format the grader's checker uses (checks/wire.py). So a
test cell passes in a trial exactly when it passes when graded, as long as test cells keep the
authoring contract (authoring/contract.py), which the gate checks too.

Each trial runs in a process forked from a parent that has imported pandas, matplotlib and the
course's packages once, in a fresh temporary working folder, with XBORDER_SEED set to the trial's
seed; trials run in parallel on all cores.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .. import cells

PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "openpyxl", "ipywidgets",
           "xborder_data", "xborder_data.charts", "xborder_grader.checks")


@dataclass
class TrialResult:
    """Which test cells of one run passed; for a failed one, its message."""

    label: str
    seed: int
    passed: dict[str, bool] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # the trial itself could not run


def _preload() -> None:
    import importlib
    import warnings

    os.environ.setdefault("MPLBACKEND", "Agg")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (a trial that needs it will say so)
                pass
        try:
            from xborder_data import dictionary

            dictionary.tables()  # read once here, shared by every forked trial
        except Exception:  # noqa: BLE001
            pass


def _message(exc: BaseException) -> str:
    zh, en = getattr(exc, "zh", None), getattr(exc, "en", None)
    if isinstance(en, str):
        return en
    return f"{type(exc).__name__}: {exc}"[:500]


def _run(args) -> TrialResult:
    """In a worker process: run one notebook (a list of cell dicts) on one seed."""
    label, seed, nb_cells, env = args
    import types
    import warnings

    out = TrialResult(label, seed)
    old_main = sys.modules.get("__main__")
    old_cwd = os.getcwd()
    old_env = {k: os.environ.get(k) for k in ("XBORDER_SEED", *env)}
    with tempfile.TemporaryDirectory(prefix="xb-trial-") as tmp:
        try:
            os.chdir(tmp)
            os.environ["XBORDER_SEED"] = str(seed)
            os.environ.update(env)
            main = types.ModuleType("__main__")
            main.__dict__["display"] = lambda *a, **k: None
            sys.modules["__main__"] = main
            import matplotlib.pyplot as plt

            for cell in nb_cells:
                if cell.get("cell_type") != "code":
                    continue
                source = cells.source(cell)
                if not source.strip():
                    continue
                test = cells.is_test(cell)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        exec(compile(source, f"<{cells.grade_id(cell) or 'cell'}>", "exec"), main.__dict__)
                    if test:
                        out.passed[cells.grade_id(cell)] = True
                except BaseException as exc:  # noqa: BLE001 (a failing cell is what a trial records)
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    if test:
                        out.passed[cells.grade_id(cell)] = False
                        out.messages[cells.grade_id(cell)] = _message(exc)
                finally:
                    plt.close("all")
        except BaseException as exc:  # noqa: BLE001
            out.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}"
        finally:
            os.chdir(old_cwd)
            if old_main is not None:
                sys.modules["__main__"] = old_main
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return out


def _child(conn, args) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # what the notebook prints is not the gate's output
    sys.stdout = open(os.devnull, "w")
    try:
        conn.send(_run(args))
    except BaseException as exc:  # noqa: BLE001 (the parent records it)
        conn.send(TrialResult(args[0], args[1], error=f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_trials(jobs: list[tuple[str, int, dict]], *, workers: int | None = None,
               env: dict[str, str] | None = None, timeout: float = 300.0) -> list[TrialResult]:
    """Run (label, seed, notebook) trials, each in a process of its own forked from this one after
    the imports (nothing one trial changes reaches another); results in the jobs' order."""
    import time
    from multiprocessing.connection import wait

    if not jobs:
        return []
    _preload()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    n = max(1, min(workers or (os.cpu_count() or 1), len(jobs)))
    todo = [(i, (label, seed, nb["cells"], dict(env or {}))) for i, (label, seed, nb) in enumerate(jobs)]
    results: list[TrialResult | None] = [None] * len(jobs)
    running: dict = {}
    while todo or running:
        while todo and len(running) < n:
            i, args = todo.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, args), daemon=True)
            proc.start()
            child.close()
            running[parent] = (i, proc, time.monotonic(), args)
        for conn in wait(list(running), timeout=1.0):
            i, proc, _, args = running.pop(conn)
            try:
                results[i] = conn.recv()
            except (EOFError, OSError):
                results[i] = TrialResult(args[0], args[1], error="the trial's process died")
            proc.join(5)
        for conn, (i, proc, since, args) in list(running.items()):
            if time.monotonic() - since > timeout:
                proc.kill()
                proc.join(5)
                running.pop(conn)
                results[i] = TrialResult(args[0], args[1], error=f"the trial ran longer than {timeout:g} s")
    return [r for r in results if r is not None]


def gate_seeds(n: int) -> list[int]:
    """`n` grading seeds for trials: like the grader's per-student seeds, never the default world."""
    from ..engine.preprocessors.execute import grading_seed

    return [grading_seed(f"trial-{i:03d}", "gate") for i in range(n)]


def with_cells(nb: dict, replacements: dict[str, str]) -> dict:
    """A copy of a notebook with whole cells (by grade id) replaced by new source."""
    out = json.loads(json.dumps(nb))
    found = set()
    for cell in out["cells"]:
        gid = cells.grade_id(cell)
        if gid in replacements:
            cell["source"] = replacements[gid]
            found.add(gid)
    missing = set(replacements) - found
    if missing:
        from ..course import CourseError

        raise CourseError(f"no cell with grade_id {', '.join(sorted(missing))}")
    return out
