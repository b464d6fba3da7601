"""The scheduler: grade a list of (student, notebook) jobs in parallel, resumably, with an honest status.

A few long-lived worker processes (worker.py) run nbgrader's own Autograde converter, each into
a private SQLite gradebook; this process alone writes the results into the course gradebook, one
notebook per transaction, and records the notebook's status (status.py) right after. So:

- no locked database and no UNIQUE-constraint failures, whatever the number of workers;
- a run that is killed loses nothing it finished, and the next run grades only what is left;
- a submission that cannot be graded is recorded as failed with its reason;
- one notebook that crashes costs that notebook only, not the student's whole level;
- a notebook that runs longer than the time limit is stopped and recorded as failed;
- a worker that dies is restarted, after a pause that grows, a few times in a row at most; a
  worker that cannot start (its own report, or its log when it died silently) ends the run with
  a WorkerError, and everything graded until then stays saved.

Each run keeps its scratch files (private gradebooks, worker logs) in its own folder under
`.xborder/runs/`, removed when the run ends; the log of a worker that could not start is kept
in `.xborder/logs/`.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from ..course import CourseError
from . import gradebook as gbm
from .messages import STOP, Failed, GradeJob, GradeResult, Ready, Started, WorkerSetup
from .status import StatusStore

MAX_RESTARTS = 3  # a worker that dies this many times in a row without finishing a job ends the run
BACKOFF = (1.0, 4.0, 15.0)  # seconds before each of those restarts
START_TIMEOUT = 300.0  # seconds a worker may take to report that it is ready


class WorkerError(CourseError):
    """A grading worker could not start: the run ends (everything graded so far is saved)."""


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
    restarts: int = 0  # workers restarted after they died
    log: Path | None = None  # .xborder/logs/ file with what went wrong in each notebook, if anything did
    started: str = field(default_factory=lambda: time.strftime("%Y%m%d-%H%M%S"))

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
    worker: Callable | None = None  # the worker processes' entry point (default worker.serve)
    grader: type | None = None  # on a Dask cluster: the grading worker's class (default worker.Worker)


@dataclass
class Slot:
    """One worker process and the job it is on."""

    i: int
    log: Path
    proc: mp.process.BaseProcess | None = None
    conn: object = None
    job: Job | None = None
    since: float = 0.0  # when the current job (or the start) began
    ready: bool = False
    started: bool = False  # the worker has read its job (messages.Started)
    deaths: int = 0  # deaths in a row without a finished job
    restart_at: float | None = None  # when a dead worker is started again


class _Pool:
    """Worker processes, each with its private gradebook copy in the run's scratch folder."""

    def __init__(self, run: Run, n: int, scratch: Path):
        from .worker import serve

        self.run, self.scratch = run, scratch
        self.target = run.worker or serve
        self.ctx = mp.get_context("spawn")
        # the assignment definitions, copied once; each worker (and each restart) gets a file copy
        self.definitions = scratch / "definitions.db"
        gbm.make_private_copy(run.url, run.course, self.definitions)
        self.slots: list[Slot] = [Slot(i, scratch / f"worker-{i}.log") for i in range(n)]
        for slot in self.slots:
            self.start(slot)

    def start(self, slot: Slot) -> None:
        db = self.scratch / f"worker-{slot.i}.db"
        shutil.copyfile(self.definitions, db)
        setup = WorkerSetup(str(self.run.root), f"sqlite:///{db}", self.run.course, str(slot.log),
                            warm_kernels=self.run.warm_kernels)
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=self.target, args=(child, setup), daemon=True, name=f"xborder-grade-{slot.i}")
        proc.start()
        child.close()
        slot.proc, slot.conn, slot.job, slot.ready = proc, parent, None, False
        slot.since, slot.restart_at = time.monotonic(), None

    @staticmethod
    def stop(slot: Slot) -> str:
        """End the worker and every process it started; how it ended, in words."""
        import psutil

        if slot.proc is None:
            return ""
        try:
            procs = psutil.Process(slot.proc.pid).children(recursive=True)
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                p.kill()
            except psutil.Error:
                pass
        slot.proc.join(1)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join(5)
        code = slot.proc.exitcode
        try:
            slot.conn.close()
        except OSError:
            pass
        slot.proc, slot.conn, slot.ready = None, None, False
        if code is None:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def close(self) -> None:
        for slot in self.slots:
            try:
                if slot.proc is not None and slot.proc.is_alive() and slot.job is None:
                    slot.conn.send(STOP)
            except OSError:
                pass
        for slot in self.slots:
            if slot.proc is not None:
                slot.proc.join(10)
                if slot.proc.is_alive() or slot.job is not None:
                    self.stop(slot)


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def run_folder(root: Path, level: str) -> Path:
    """This run's own scratch folder under .xborder/runs/ (never shared with another run)."""
    base = Path(root) / ".xborder" / "runs"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"grade-{level}-{time.strftime('%Y%m%d-%H%M%S')}-", dir=base))


def run_jobs(run: Run, jobs: list[Job], workers: int, cluster: str | None = None) -> None:
    """Grade `jobs` with `workers` worker processes of this machine, or on a Dask cluster
    (`cluster`: "local:N" or a scheduler's address, engine/cluster.py); either way the results
    go to the gradebook and the status store from this process alone (`record`)."""
    if cluster:
        from .cluster import run_jobs_on_cluster

        return run_jobs_on_cluster(run, jobs, cluster)
    from tqdm import tqdm

    scratch = run_folder(run.root, run.level)
    queue = list(jobs)
    bar = tqdm(total=len(jobs), unit="nb", disable=not run.progress, dynamic_ncols=True, desc=f"grading {run.level}")
    pool = None
    try:
        pool = _Pool(run, workers, scratch)
        with gbm.open_gradebook(run.url, run.course) as gb:
            _loop(run, pool, queue, gb, bar)
    finally:
        bar.close()
        if pool is not None:
            pool.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _loop(run: Run, pool: _Pool, queue: list[Job], gb, bar) -> None:
    def finish(job: Job, res: GradeResult) -> None:
        record(gb, run, job, res)
        bar.update(1)

    def died(slot: Slot, why: str = "") -> None:
        job = slot.job
        how = pool.stop(slot)
        how = why or how
        run.summary.restarts += 1
        if job is not None and not slot.started:
            # it died with the job unread in its pipe (between jobs): nobody's notebook to blame
            slot.job = None
            queue.insert(0, job)
            job = None
        if job is not None:
            # it died on a notebook (out of memory, or a cold kernel that ended its parent): that
            # notebook fails; the worker was fine before it, so it starts again at once
            slot.job = None
            finish(job, GradeResult(job.student, job.notebook, "failed", ["worker_died"], log=[how]))
            pool.start(slot)
            return
        slot.deaths += 1
        if slot.deaths > MAX_RESTARTS:
            raise WorkerError(_start_failure(run, slot, f"it ended without a word ({how}), {slot.deaths} times in a row"))
        slot.restart_at = time.monotonic() + BACKOFF[min(slot.deaths, len(BACKOFF)) - 1]

    while queue or any(s.job for s in pool.slots):
        now = time.monotonic()
        for slot in pool.slots:
            if slot.proc is None and slot.restart_at is not None and now >= slot.restart_at:
                pool.start(slot)
        for slot in pool.slots:
            if slot.ready and slot.job is None and queue:
                # never two notebooks of one student at once: they share autograded/<student>/<level>/
                busy = {s.job.student for s in pool.slots if s.job}
                pick = next((j for j in queue if j.student not in busy), None)
                if pick is None:
                    continue
                queue.remove(pick)
                slot.job, slot.since, slot.started = pick, time.monotonic(), False
                try:
                    slot.conn.send(pick.message(run.level))
                except OSError:  # it died since its last word: the job goes back, the death is seen below
                    queue.insert(0, pick)
                    slot.job = None
        conns = {s.conn: s for s in pool.slots if s.conn is not None}
        if not conns:  # every worker waits out its pause before a restart
            time.sleep(0.2)
            continue
        for conn in wait(list(conns), timeout=1.0):
            slot = conns[conn]
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                msg = None
            if msg is None:  # the worker died (killed from outside, out of memory, a crash)
                died(slot)
            elif isinstance(msg, Ready):
                slot.ready = True
            elif isinstance(msg, Started):
                slot.started = True
            elif isinstance(msg, Failed):
                pool.stop(slot)
                raise WorkerError(_start_failure(run, slot, msg.error))
            elif isinstance(msg, GradeResult):
                job, slot.job, slot.deaths = slot.job, None, 0
                if job is not None:
                    finish(job, msg)
        now = time.monotonic()
        for slot in pool.slots:
            if slot.proc is None:
                continue
            if slot.job and now - slot.since > run.time_limit:
                job, slot.job = slot.job, None
                pool.stop(slot)
                took = round(now - slot.since, 1)
                finish(job, GradeResult(job.student, job.notebook, "failed", ["timeout"], seconds=took,
                                        log=[f"ERROR stopped after {took:.0f} s, over the time limit of {run.time_limit:.0f} s "
                                             "a notebook may run (xborder grade --time-limit)"]))
                pool.start(slot)
            elif not slot.ready and now - slot.since > START_TIMEOUT:
                died(slot, f"not ready after {START_TIMEOUT:.0f} s")


def _start_failure(run: Run, slot: Slot, error: str) -> str:
    """The bilingual report of a worker that could not start; its log is kept in .xborder/logs/."""
    kept = run.root / ".xborder" / "logs" / f"grade-{run.level}-{time.strftime('%Y%m%d-%H%M%S')}-worker-{slot.i}.log"
    tail = log_tail(slot.log)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(slot.log, kept)
    except OSError:
        kept = None
    done = run.summary.graded
    return ("评分进程无法启动，评分已停止。" + (f"已评完的 {done} 个 notebook 都已保存，" if done else "")
            + "修正下面的问题后再运行 xborder grade，会从停下的地方继续。\n"
            + "A grading worker could not start, so grading stopped. "
            + (f"The {done} notebook(s) graded so far are saved; " if done else "")
            + "fix what is reported below and run `xborder grade` again to carry on where it stopped.\n\n"
            + f"{error.strip()}"
            + (f"\n\n日志 Log: {kept}\n" + "\n".join(f"    {line}" for line in tail.splitlines()) if tail else "")
            + ("" if tail or kept is None else f"\n\n日志 Log: {kept}"))


def record(gb, run: Run, job: Job, res: GradeResult) -> None:
    """Write one notebook's result to the gradebook, then its status with the gradebook's score."""
    from .worker import sha256

    level, summary = run.level, run.summary
    max_score = sum(run.expected[job.notebook].values())
    status, reasons = res.status, list(res.reasons)
    if res.grades is not None:
        gbm.write_notebook_grades(gb, level, job.student, res.grades)
    else:
        # nothing was graded: autograde's part scores 0, as nbgrader records a missing notebook;
        # an instructor's own grade stays (flagged for review), and a half-written autograded copy
        # (a run stopped by the time limit) must not become feedback
        if gbm.zero_notebook(gb, level, job.student, job.notebook):
            reasons.append("manual_kept")
        (run.root / "autograded" / job.student / level / f"{job.notebook}.ipynb").unlink(missing_ok=True)
    score, needs_manual = gbm.notebook_state(gb, level, job.student, job.notebook)
    if status == "graded" and needs_manual:
        status = "needs_manual"  # a cell a person graded before waits for their review again
    run.store.set(job.student, job.notebook, status=status, reasons=reasons,
                  sha256=res.sha256 or (sha256(job.path) if job.path.exists() else None),
                  score=score, max_score=max_score, seconds=res.seconds)
    summary.counts[status] = summary.counts.get(status, 0) + 1
    if res.seconds and status != "missing":
        summary.graded_seconds.append(float(res.seconds))
    if status != "graded":
        summary.problems.append(f"{job.student}/{job.notebook}: {status}" + (f" ({', '.join(reasons)})" if reasons else ""))
    if res.log and (status == "failed" or any(line.startswith("WARNING") for line in res.log)):
        keep_log(run, job, status, reasons, res.log)


def keep_log(run: Run, job: Job, status: str, reasons: list[str], log: list[str]) -> None:
    """Add what the worker saw of a notebook that failed (or that was graded only at a second try)
    to this run's notebook log in .xborder/logs/, which outlives the run's scratch folder: the
    instructor (or a maintainer) can read why, after the run."""
    s = run.summary
    path = run.root / ".xborder" / "logs" / f"grade-{run.level}-{s.started}-notebooks.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"== {job.student}/{job.notebook}: {status}" + (f" ({', '.join(reasons)})" if reasons else "") + "\n")
            fh.write("".join(f"   {line}\n" for line in log))
        s.log = path
    except OSError:
        pass  # the grades and statuses are saved; only this diagnosis is not
