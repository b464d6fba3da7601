"""`xborder grade LEVEL`: autograde a whole class in parallel, resumably, with an honest status.

Jobs are (student, notebook) pairs found under submitted/<student>/<level>/. A few long-lived
worker processes (worker.py) run nbgrader's own Autograde converter on them, each into a private
SQLite gradebook; this process alone writes the results into the course gradebook, one notebook
per transaction, and records the notebook's status (status.py) right after. So:

- no locked database and no UNIQUE-constraint failures, whatever the number of workers;
- a run that is killed loses nothing it finished, and the next run grades only what is left
  (a submission is graded again only when its file changed, or with --force);
- a submission that cannot be graded is recorded as failed with its reason and is not retried
  on every run (--retry-failed does);
- one notebook that crashes costs that notebook only, not the student's whole level;
- a notebook that runs longer than --time-limit is stopped and recorded as failed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import gradebook as gbm
from .course import CourseError, catalog, find_root
from .status import DONE, StatusStore


@dataclass
class Job:
    student: str
    notebook: str
    cells: list[str]
    path: Path
    known: list[str] = field(default_factory=list)  # every nbgrader id of the master copy


@dataclass
class GradeSummary:
    level: str
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    graded_seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "student/notebook: status (reasons)"

    @property
    def graded(self) -> int:
        return sum(self.counts.values())


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1) + 1)


def submission_students(root: Path, level: str) -> list[str]:
    base = Path(root) / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and (p / level).is_dir())


def plan(root: Path, level: str, *, notebooks: list[str] | None = None, students: list[str] | None = None):
    """What the gradebook expects for a level: {notebook: {cell: max score}}, after checks."""
    url, course = gbm.db_url(root), gbm.course_id(root)
    with gbm.open_gradebook(url, course) as gb:
        expected = gbm.assignment_notebooks(gb, level)
        known = gbm.assignment_cell_ids(gb, level)
    if not expected:
        raise CourseError(f"成绩库里还没有作业 {level}：请先运行 xborder build {level}。\n"
                          f"The gradebook has no assignment {level} yet: run `xborder build {level}` first.")
    if notebooks:
        unknown = [n for n in notebooks if n not in expected]
        if unknown:
            raise CourseError(f"作业 {level} 中没有 notebook {', '.join(unknown)}。可选 choices: {', '.join(expected)}\n"
                              f"No notebook {', '.join(unknown)} in assignment {level}.")
        expected = {n: expected[n] for n in notebooks}
    have = submission_students(root, level)
    if students:
        unknown = [s for s in students if s not in have]
        if unknown:
            raise CourseError(f"submitted/ 中没有这些学生的 {level} 提交：{', '.join(unknown)}\n"
                              f"No {level} submission in submitted/ for: {', '.join(unknown)}")
        have = [s for s in have if s in students]
    return url, course, expected, have, known


class _Pool:
    """Worker processes, each with its private gradebook copy."""

    def __init__(self, root: Path, main_url: str, course: str, n: int, scratch: Path, warm: bool = True):
        self.root, self.main_url, self.course, self.scratch, self.warm = root, main_url, course, scratch, warm
        self.ctx = mp.get_context("spawn")
        self.slots: list[dict] = [self._start(i) for i in range(n)]

    def _start(self, i: int) -> dict:
        from .worker import serve

        url = gbm.make_private_copy(self.main_url, self.course, self.scratch / f"worker-{i}.db")
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=serve, args=(child, str(self.root), url, self.course, [], self.warm), daemon=True,
                                name=f"xborder-grade-{i}")
        proc.start()
        child.close()
        return {"i": i, "proc": proc, "conn": parent, "job": None, "since": 0.0, "ready": False}

    def restart(self, slot: dict) -> dict:
        self.kill(slot)
        new = self._start(slot["i"])
        self.slots[self.slots.index(slot)] = new
        return new

    @staticmethod
    def kill(slot: dict) -> None:
        import psutil

        try:
            procs = psutil.Process(slot["proc"].pid).children(recursive=True)
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                p.kill()
            except psutil.Error:
                pass
        if slot["proc"].is_alive():
            slot["proc"].kill()
        slot["proc"].join(5)
        try:
            slot["conn"].close()
        except OSError:
            pass

    def close(self) -> None:
        for slot in self.slots:
            try:
                if slot["proc"].is_alive() and slot["job"] is None:
                    slot["conn"].send(None)
            except OSError:
                pass
        for slot in self.slots:
            slot["proc"].join(10)
            if slot["proc"].is_alive() or slot["job"] is not None:
                self.kill(slot)


def grade(level: str, *, root: Path | None = None, workers: int | None = None, notebooks: list[str] | None = None,
          students: list[str] | None = None, force: bool = False, retry_failed: bool = False,
          time_limit: float = 300.0, warm_kernels: bool = True, echo=print, progress: bool = True) -> GradeSummary:
    root = Path(root or find_root()).resolve()
    level = catalog(root).resolve_level(level)
    t0 = time.perf_counter()
    url, course, expected, have, known = plan(root, level, notebooks=notebooks, students=students)
    summary = GradeSummary(level)
    store = StatusStore(root, level)
    jobs: list[Job] = []
    missing: list[tuple[str, str]] = []
    from .worker import sha256

    for student in have:
        for nb, cells in expected.items():
            path = root / "submitted" / student / level / f"{nb}.ipynb"
            old = store.get(student, nb)
            if not path.exists():
                if force or not old or old["status"] != "missing":
                    missing.append((student, nb))
                else:
                    summary.skipped["missing"] = summary.skipped.get("missing", 0) + 1
                continue
            if old and not force and old.get("sha256") == sha256(path):
                if old["status"] in DONE or (old["status"] == "failed" and not retry_failed):
                    key = "failed before (--retry-failed)" if old["status"] == "failed" else "already graded"
                    summary.skipped[key] = summary.skipped.get(key, 0) + 1
                    continue
            jobs.append(Job(student, nb, list(cells), path, sorted(known.get(nb, ()))))

    if missing:
        with gbm.open_gradebook(url, course) as gb:
            for student, nb in missing:
                gbm.zero_notebook(gb, level, student, nb)
                store.set(student, nb, status="missing", score=0.0, max_score=sum(expected[nb].values()))
                summary.counts["missing"] = summary.counts.get("missing", 0) + 1
    n = min(workers or default_workers(), len(jobs)) if jobs else 0
    echo(f"[{level}] {len(have)} student(s), {len(expected)} notebook(s): {len(jobs)} to grade with {n} worker(s)"
         + (f"; skipped {', '.join(f'{v} {k}' for k, v in summary.skipped.items())}" if summary.skipped else ""))
    if jobs:
        _run(root, url, course, level, jobs, expected, n, time_limit, store, summary, progress, warm_kernels)
    store.close()
    summary.seconds = round(time.perf_counter() - t0, 1)
    return summary


def _run(root, url, course, level, jobs, expected, n, time_limit, store, summary, progress, warm):
    from tqdm import tqdm

    scratch = root / ".xborder" / "workers"
    scratch.mkdir(parents=True, exist_ok=True)
    queue = list(jobs)
    bar = tqdm(total=len(jobs), unit="nb", disable=not progress, dynamic_ncols=True, desc=f"grading {level}")
    pool = _Pool(root, url, course, n, scratch, warm)
    try:
        with gbm.open_gradebook(url, course) as gb:
            while queue or any(s["job"] for s in pool.slots):
                for slot in pool.slots:
                    if slot["ready"] and slot["job"] is None and queue:
                        # never two notebooks of one student at once: they share autograded/<student>/<level>/
                        busy = {s["job"].student for s in pool.slots if s["job"]}
                        pick = next((j for j in queue if j.student not in busy), None)
                        if pick is None:
                            continue
                        queue.remove(pick)
                        job = pick
                        slot["job"], slot["since"] = job, time.monotonic()
                        slot["conn"].send({"assignment": level, "student": job.student, "notebook": job.notebook,
                                           "expected_cells": job.cells, "known_ids": job.known})
                conns = {s["conn"]: s for s in pool.slots}
                for conn in wait(list(conns), timeout=1.0):
                    slot = conns[conn]
                    try:
                        msg = conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    if msg is None:  # the worker died (killed from outside, out of memory)
                        job = slot["job"]
                        pool.restart(slot)
                        if job:
                            _record(gb, store, summary, level, expected, job, {"status": "failed", "reasons": ["kernel_died"], "grades": None})
                            bar.update(1)
                        continue
                    if msg.get("ready"):
                        slot["ready"] = True
                        continue
                    job, slot["job"] = slot["job"], None
                    _record(gb, store, summary, level, expected, job, msg)
                    bar.update(1)
                now = time.monotonic()
                for slot in list(pool.slots):
                    if slot["job"] and now - slot["since"] > time_limit:
                        job = slot["job"]
                        pool.restart(slot)
                        _record(gb, store, summary, level, expected, job,
                                {"status": "failed", "reasons": ["timeout"], "grades": None, "seconds": round(now - slot["since"], 1)})
                        bar.update(1)
    finally:
        bar.close()
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _record(gb, store: StatusStore, summary: GradeSummary, level, expected, job: Job, msg: dict) -> None:
    from .worker import sha256

    status, reasons, res = msg["status"], msg.get("reasons", []), msg.get("grades")
    max_score = sum(expected[job.notebook].values())
    score = None
    if res is not None:
        gbm.write_notebook_grades(gb, level, job.student, res)
        score = sum(float(g.get("manual_score") if g.get("manual_score") is not None else (g.get("auto_score") or 0))
                    for g in res.grades.values())
    else:
        # nothing was graded: the gradebook says 0 for it, as nbgrader's export would, and a
        # half-written autograded copy (a run stopped by the time limit) must not become feedback
        gbm.zero_notebook(gb, level, job.student, job.notebook)
        score = 0.0
        root = job.path.parents[3]  # <root>/submitted/<student>/<level>/<notebook>.ipynb
        (root / "autograded" / job.student / level / f"{job.notebook}.ipynb").unlink(missing_ok=True)
    store.set(job.student, job.notebook, status=status, reasons=reasons,
              sha256=msg.get("sha256") or (sha256(job.path) if job.path.exists() else None),
              score=score, max_score=max_score, seconds=msg.get("seconds"))
    summary.counts[status] = summary.counts.get(status, 0) + 1
    if msg.get("seconds") and status != "missing":
        summary.graded_seconds.append(float(msg["seconds"]))
    if status != "graded":
        summary.problems.append(f"{job.student}/{job.notebook}: {status}" + (f" ({', '.join(reasons)})" if reasons else ""))
