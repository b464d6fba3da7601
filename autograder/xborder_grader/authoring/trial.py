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
    seconds: float = 0.0


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


def _fresh_main():
    import types

    main = types.ModuleType("__main__")
    main.__dict__["display"] = lambda *a, **k: None
    sys.modules["__main__"] = main
    return main


def _execute(out: TrialResult, nb_cells: list[dict], main, start: int = 0, stop_after: str | None = None,
             forks: dict[int, list] | None = None, send=None) -> None:
    """Run `nb_cells[start:]` in `main`, recording the test cells in `out`; end after the test cell
    `stop_after` if given. Before cell j, every variant in forks[j] (a notebook identical to this one
    up to j) continues in a forked copy of this process from cell j on, and `send(i, result)` gets
    its result: the cells before j ran once, for all of them."""
    import warnings

    import matplotlib.pyplot as plt

    for j in range(start, len(nb_cells)):
        for i, variant in (forks or {}).get(j, []):
            send(i, _fork_variant(out, variant, main, j))
        cell = nb_cells[j]
        if cell.get("cell_type") != "code":
            continue
        source = cells.source(cell)
        gid = cells.grade_id(cell)
        test = cells.is_test(cell)
        if source.strip():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exec(compile(source, f"<{gid or 'cell'}>", "exec"), main.__dict__)
                if test:
                    out.passed[gid] = True
            except BaseException as exc:  # noqa: BLE001 (a failing cell is what a trial records)
                if isinstance(exc, KeyboardInterrupt):
                    raise
                if test:
                    out.passed[gid] = False
                    out.messages[gid] = _message(exc)
            finally:
                plt.close("all")
        if stop_after is not None and gid == stop_after:
            return


def _in_child(fn, label: str, seed: int) -> TrialResult:
    """fn() in a forked copy of this process; its TrialResult comes back through a pipe."""
    import pickle

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            data = pickle.dumps(fn())
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return pickle.loads(data) if data else TrialResult(label, seed, error="the trial's process died")


def _fork_variant(base: TrialResult, variant: tuple, main, j: int) -> TrialResult:
    """A forked child takes over the base's state before cell j, in a copy of its working folder,
    and runs the variant from there."""
    import shutil
    import time

    label, seed, nb_cells, env, opts = variant

    def child() -> TrialResult:
        t0 = time.perf_counter()
        copy = tempfile.mkdtemp(prefix="xb-trial-")
        shutil.copytree(os.getcwd(), copy, dirs_exist_ok=True)
        os.chdir(copy)
        out = TrialResult(label, seed, dict(base.passed), dict(base.messages))
        try:
            _execute(out, nb_cells, main, j, opts.get("stop_after"))
        except BaseException as exc:  # noqa: BLE001
            out.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}"
        out.seconds = round(time.perf_counter() - t0, 2)
        shutil.rmtree(copy, ignore_errors=True)
        return out

    return _in_child(child, label, seed)


def _run(args, forks: dict[int, list] | None = None, send=None) -> TrialResult:
    """In a worker process: run one notebook (a list of cell dicts) on one seed, in a fresh
    working folder, with XBORDER_SEED and the trial's environment set."""
    import time

    label, seed, nb_cells, env, opts = args
    t0 = time.perf_counter()
    out = TrialResult(label, seed)
    old_main = sys.modules.get("__main__")
    old_cwd = os.getcwd()
    old_env = {k: os.environ.get(k) for k in ("XBORDER_SEED", *env)}
    with tempfile.TemporaryDirectory(prefix="xb-trial-") as tmp:
        try:
            os.chdir(tmp)
            os.environ["XBORDER_SEED"] = str(seed)
            os.environ.update(env)
            _execute(out, nb_cells, _fresh_main(), 0, opts.get("stop_after"), forks, send)
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
    out.seconds = round(time.perf_counter() - t0, 2)
    return out


def _quiet() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # what the notebooks print is not the gate's output
    sys.stdout = open(os.devnull, "w")


def _divergence(base: list[dict], variant: list[dict]) -> int | None:
    """The first cell where `variant` differs from `base` (same cells otherwise), or None."""
    if len(base) != len(variant):
        return None
    for j, (a, b) in enumerate(zip(base, variant)):
        if a != b:
            return j
    return len(base)


def _group(conn, group: list[tuple[int, tuple]]) -> None:
    """In a process of its own: the trials of one seed. The reference (label "reference", no extra
    environment), if among them, runs here, and every trial that differs from it only from some
    cell on (an alternative answer, a mutant) is forked from it at that cell, so the cells before
    ran once; the seed's data worlds are built once too. The others (another environment) run in
    processes forked from here afterwards."""
    _quiet()

    def send(i, r):
        conn.send((i, r))

    try:
        base_i = next((i for i, a in group if a[0] == "reference" and not a[3]), None)
        base = dict(group).get(base_i)
        forks: dict[int, list] = {}
        whole = []
        for i, args in group:
            if i == base_i:
                continue
            k = _divergence(base[2], args[2]) if base is not None and not args[3] else None
            if k is None:
                whole.append((i, args))
            else:
                forks.setdefault(k, []).append((i, args))
        if base is None:
            base_i, base = whole.pop(0)
        send(base_i, _run(base, forks, send))
        for i, args in whole:
            send(i, _in_child(lambda args=args: _run(args), args[0], args[1]))
    except BaseException as exc:  # noqa: BLE001 (the parent records what is missing)
        try:
            conn.send((None, f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        conn.close()


def run_trials(jobs: list[tuple], *, workers: int | None = None, env: dict[str, str] | None = None,
               timeout: float = 600.0) -> list[TrialResult]:
    """Run (label, seed, notebook[, extra environment[, options]]) trials; results in the jobs'
    order. Options: {"stop_after": test grade id} ends the trial after that test cell.

    Trials of one seed run together in a process forked from this one after the imports (see
    _group): the reference runs first and the others branch off it where they differ. Seeds run
    in parallel on `workers` processes."""
    import time
    from multiprocessing.connection import wait

    if not jobs:
        return []
    _preload()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    groups: dict[int, list[tuple[int, tuple]]] = {}
    for i, job in enumerate(jobs):
        args = (job[0], job[1], job[2]["cells"], {**(env or {}), **(job[3] if len(job) > 3 and job[3] else {})},
                job[4] if len(job) > 4 else {})
        groups.setdefault(int(job[1]), []).append((i, args))
    todo = list(groups.values())
    n = max(1, min(workers or (os.cpu_count() or 1), len(todo)))
    results: list[TrialResult | None] = [None] * len(jobs)
    running: dict = {}
    while todo or running:
        while todo and len(running) < n:
            group = todo.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_group, args=(child, group), daemon=True)
            proc.start()
            child.close()
            running[parent] = (group, proc, time.monotonic())
        for conn in wait(list(running), timeout=1.0):
            group, proc, since = running[conn]
            try:
                i, r = conn.recv()
                if i is not None:
                    results[i] = r
                    continue
            except (EOFError, OSError):
                pass
            running.pop(conn)  # the group is done (or its process died)
            proc.join(5)
        for conn, (group, proc, since) in list(running.items()):
            if time.monotonic() - since > timeout * len(group):
                proc.kill()
                proc.join(5)
                running.pop(conn)
    for i, job in enumerate(jobs):
        if results[i] is None:
            results[i] = TrialResult(job[0], int(job[1]), error="the trial did not finish (time limit or a crash)")
    return results


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
