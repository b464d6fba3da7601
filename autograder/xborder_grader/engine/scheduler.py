"""The scheduler: grade a list of (student, notebook) jobs in parallel, resumably, with an honest status.

A few long-lived worker processes (worker.py) run nbgrader's own Autograde converter, each into
a private SQLite gradebook; this process alone writes the results into the course gradebook, one
notebook per transaction, and records the notebook's status (status.py) right after. So:

- no locked database and no UNIQUE-constraint failures, whatever the number of workers;
- a run that is killed loses nothing it finished, and the next run grades only what is left;
- a submission that cannot be graded is recorded as failed with its reason;
- one notebook that crashes costs that notebook only, not the student's whole level;
- a notebook that runs longer than the time limit is stopped and recorded as failed;
- a worker that cannot start is reported with its error, and the run ends.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from ..course import CourseError
from . import gradebook as gbm
from .messages import STOP, Failed, GradeJob, GradeResult, Ready
from .status import StatusStore


@dataclass
class Job:
    """A notebook to grade, as the scheduler tracks it."""

    student: str
    notebook: str
    cells: list[str]
    path: Path
    known: list[str] = field(default_factory=list)  # every nbgrader id of the master copy

    def message(self, assignment: str) -> GradeJob:
        return GradeJob(assignment, self.student, self.notebook, tuple(self.cells), tuple(self.known))


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


@dataclass
class Run:
    """One grading run of a level: where it writes and what it expects."""

    root: Path
    url: str
    course: str
    level: str
    expected: dict[str, dict[str, float]]  # notebook -> {graded cell: max score}
    store: StatusStore
    summary: GradeSummary
    time_limit: float = 300.0
    warm_kernels: bool = True
    progress: bool = True


@dataclass
class Slot:
    """One worker process and the job it is on."""

    i: int
    proc: mp.process.BaseProcess
    conn: object
    job: Job | None = None
    since: float = 0.0
    ready: bool = False


class _Pool:
    """Worker processes, each with its private gradebook copy."""

    def __init__(self, run: Run, n: int, scratch: Path):
        self.run, self.scratch = run, scratch
        self.ctx = mp.get_context("spawn")
        self.slots: list[Slot] = [self._start(i) for i in range(n)]

    def _start(self, i: int) -> Slot:
        from .worker import serve

        url = gbm.make_private_copy(self.run.url, self.run.course, self.scratch / f"worker-{i}.db")
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=serve, args=(child, str(self.run.root), url, self.run.course, [], self.run.warm_kernels),
                                daemon=True, name=f"xborder-grade-{i}")
        proc.start()
        child.close()
        return Slot(i, proc, parent)

    def restart(self, slot: Slot) -> Slot:
        self.kill(slot)
        new = self._start(slot.i)
        self.slots[self.slots.index(slot)] = new
        return new

    @staticmethod
    def kill(slot: Slot) -> None:
        import psutil

        try:
            procs = psutil.Process(slot.proc.pid).children(recursive=True)
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                p.kill()
            except psutil.Error:
                pass
        if slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(5)
        try:
            slot.conn.close()
        except OSError:
            pass

    def close(self) -> None:
        for slot in self.slots:
            try:
                if slot.proc.is_alive() and slot.job is None:
                    slot.conn.send(STOP)
            except OSError:
                pass
        for slot in self.slots:
            slot.proc.join(10)
            if slot.proc.is_alive() or slot.job is not None:
                self.kill(slot)


def run_jobs(run: Run, jobs: list[Job], workers: int) -> None:
    """Grade `jobs` with `workers` worker processes; results go to the gradebook and the status store."""
    from tqdm import tqdm

    scratch = run.root / ".xborder" / "workers"
    scratch.mkdir(parents=True, exist_ok=True)
    queue = list(jobs)
    bar = tqdm(total=len(jobs), unit="nb", disable=not run.progress, dynamic_ncols=True, desc=f"grading {run.level}")
    pool = _Pool(run, workers, scratch)
    try:
        with gbm.open_gradebook(run.url, run.course) as gb:
            while queue or any(s.job for s in pool.slots):
                for slot in pool.slots:
                    if slot.ready and slot.job is None and queue:
                        # never two notebooks of one student at once: they share autograded/<student>/<level>/
                        busy = {s.job.student for s in pool.slots if s.job}
                        pick = next((j for j in queue if j.student not in busy), None)
                        if pick is None:
                            continue
                        queue.remove(pick)
                        slot.job, slot.since = pick, time.monotonic()
                        slot.conn.send(pick.message(run.level))
                conns = {s.conn: s for s in pool.slots}
                for conn in wait(list(conns), timeout=1.0):
                    slot = conns[conn]
                    try:
                        msg = conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    if msg is None:  # the worker died (killed from outside, out of memory)
                        job = slot.job
                        pool.restart(slot)
                        if job:
                            record(gb, run, job, GradeResult(job.student, job.notebook, "failed", ["kernel_died"]))
                            bar.update(1)
                        continue
                    if isinstance(msg, Ready):
                        slot.ready = True
                        continue
                    if isinstance(msg, Failed):
                        raise CourseError(f"评分进程无法启动 A grading worker could not start:\n{msg.error}")
                    job, slot.job = slot.job, None
                    record(gb, run, job, msg)
                    bar.update(1)
                now = time.monotonic()
                for slot in list(pool.slots):
                    if slot.job and now - slot.since > run.time_limit:
                        job = slot.job
                        pool.restart(slot)
                        record(gb, run, job, GradeResult(job.student, job.notebook, "failed", ["timeout"],
                                                         seconds=round(now - slot.since, 1)))
                        bar.update(1)
    finally:
        bar.close()
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)


def record(gb, run: Run, job: Job, res: GradeResult) -> None:
    """Write one notebook's result to the gradebook, then its status."""
    from .worker import sha256

    level, summary = run.level, run.summary
    max_score = sum(run.expected[job.notebook].values())
    if res.grades is not None:
        gbm.write_notebook_grades(gb, level, job.student, res.grades)
        score = sum(float(g.get("manual_score") if g.get("manual_score") is not None else (g.get("auto_score") or 0))
                    for g in res.grades.grades.values())
    else:
        # nothing was graded: the gradebook says 0 for it, as nbgrader's export would, and a
        # half-written autograded copy (a run stopped by the time limit) must not become feedback
        gbm.zero_notebook(gb, level, job.student, job.notebook)
        score = 0.0
        (run.root / "autograded" / job.student / level / f"{job.notebook}.ipynb").unlink(missing_ok=True)
    run.store.set(job.student, job.notebook, status=res.status, reasons=res.reasons,
                  sha256=res.sha256 or (sha256(job.path) if job.path.exists() else None),
                  score=score, max_score=max_score, seconds=res.seconds)
    summary.counts[res.status] = summary.counts.get(res.status, 0) + 1
    if res.seconds and res.status != "missing":
        summary.graded_seconds.append(float(res.seconds))
    if res.status != "graded":
        summary.problems.append(f"{job.student}/{job.notebook}: {res.status}" + (f" ({', '.join(res.reasons)})" if res.reasons else ""))
