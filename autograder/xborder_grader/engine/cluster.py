"""Grading on a Dask distributed cluster: the grading workers of worker.py on many machines.

`xborder grade LEVEL --cluster local:N` starts a Dask LocalCluster of N worker processes on this
machine; `--scheduler tcp://HOST:8786` uses a running cluster (dask-ssh, dask-jobqueue, …;
docs/scale.md). Each Dask worker process keeps one grading worker (worker.Worker: nbgrader's
Autograde with the course's configuration, the sandbox and the warm kernels) in a scratch course
root of its own, on its own disk, made from data this process sends:

- the course's nbgrader_config.py and the assignment definitions (a private SQLite gradebook, as
  the local pool's workers get), sent once to every worker (a task's result that the jobs depend on);
- with each job, the submitted notebook's bytes (and its timestamp.txt); back comes the result
  (grades as data) and the autograded notebook's bytes, which this process writes to autograded/.

So no filesystem is shared, and this process stays the only writer of the course gradebook and
of the status store, one notebook per transaction, exactly as with the local pool (scheduler.record).
Dask runs a job again elsewhere when the worker running it is lost (a machine that goes away, a
worker killed by its nanny); a result is recorded only when its job's future completes, once.
A notebook that kills every worker it runs on (Dask's `allowed-failures`, 3 by default) is
recorded as failed (worker_died), as the local pool records it. A run that stops leaves every
finished notebook recorded, and the next run grades only what is left (apps/grade.py).

Jobs are sent a window at a time (a few per worker thread), so the scheduler never holds a whole
exam's submissions in memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..course import CourseError
from . import gradebook as gbm
from .messages import GradeJob, GradeResult
from .scheduler import START_TIMEOUT, Job, Run, WorkerError, record, run_folder

WINDOW_PER_THREAD = 2  # jobs in flight per Dask worker thread: enough to keep each one busy
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler given by its address


@dataclass(frozen=True)
class RemoteSetup:
    """What every Dask worker needs to grade, sent once as data."""

    key: str  # this run's id: a worker keeps one grading worker per run
    config: str  # the course's nbgrader_config.py
    definitions: bytes  # a SQLite gradebook holding the assignment definitions
    course: str
    warm_kernels: bool = True
    overrides: tuple[str, ...] = ()
    grader: object = None  # the grading worker's class (default worker.Worker); tests give stand-ins


class RemoteStartError(RuntimeError):
    """The grading worker could not start on a Dask worker: the run stops (scheduler.WorkerError)."""


# ---------------------------------------------------------------- on the Dask worker
_LOCK = threading.Lock()  # nbgrader's app keeps state and chdirs: one notebook at a time per process
_REMOTE: dict = {}


def _grader(setup: RemoteSetup):
    """This process's grading worker for the run, started on its first job in a scratch course root."""
    have = _REMOTE.get("key")
    if have == setup.key:
        return _REMOTE["grader"], Path(_REMOTE["root"])
    if _REMOTE.get("root"):
        shutil.rmtree(_REMOTE["root"], ignore_errors=True)
    _REMOTE.clear()
    try:
        from distributed import get_worker

        base = get_worker().local_directory
    except (ImportError, ValueError):
        base = None
    root = Path(tempfile.mkdtemp(prefix="xborder-grade-", dir=base))
    (root / "nbgrader_config.py").write_text(setup.config, encoding="utf-8")
    db = root / ".xborder" / "private.db"
    db.parent.mkdir()
    db.write_bytes(setup.definitions)
    if setup.grader is None:
        from .worker import Worker as make
    else:
        make = setup.grader
    try:
        grader = make(root, f"sqlite:///{db}", setup.course, list(setup.overrides), setup.warm_kernels)
    except Exception as exc:
        import traceback

        raise RemoteStartError(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-3000:]}") from None
    _REMOTE.update(key=setup.key, grader=grader, root=str(root))
    return grader, root


def _same(value):
    return value


def grade_remote(setup: RemoteSetup, job: GradeJob, files: dict[str, bytes]) -> tuple[GradeResult, dict[str, bytes], str]:
    """A Dask task: grade one notebook from its bytes. Returns the result, what autograde wrote
    for it ({file name: bytes}: the autograded notebook and its timestamp.txt, which formgrader
    compares with the submission's; empty when nothing was graded) and where it ran."""
    import socket

    with _LOCK:
        grader, root = _grader(setup)
        folder = root / "submitted" / job.student / job.assignment
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        graded = root / "autograded" / job.student / job.assignment
        out = graded / f"{job.notebook}.ipynb"
        out.unlink(missing_ok=True)
        try:
            result = grader.grade(job)
        except Exception as exc:  # as worker.serve answers: this notebook fails, the worker goes on
            result = GradeResult(job.student, job.notebook, status="failed", reasons=["error"],
                                 log=[f"{type(exc).__name__}: {exc}"], seconds=0)
        autograded = {}
        if out.exists():
            autograded[out.name] = out.read_bytes()
            if (graded / "timestamp.txt").is_file():
                autograded["timestamp.txt"] = (graded / "timestamp.txt").read_bytes()
        return result, autograded, f"{socket.gethostname()}:{os.getpid()}"


# ---------------------------------------------------------------- in the grading process
def connect(cluster: str):
    """A Dask client for `local:N` (a LocalCluster started here) or a scheduler's address; and the
    LocalCluster to close, or None."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CourseError("在集群上评分需要 Dask：请运行 pip install 'xborder[scale]'。\n"
                          "Grading on a cluster needs Dask: pip install 'xborder[scale]'.") from None
    local = None
    if cluster.startswith("local:") or cluster == "local":
        try:
            n = int(cluster.split(":", 1)[1]) if ":" in cluster else (os.cpu_count() or 1)
            assert n >= 1
        except (ValueError, AssertionError):
            raise CourseError(f"--cluster {cluster}：应写成 local:N（N 为工作进程数）。\n"
                              f"--cluster {cluster}: write local:N, N the number of worker processes.") from None
        # one thread per process: a grading worker grades one notebook at a time (nbgrader's state)
        local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=40)
        return Client(local), local
    try:
        return Client(cluster, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as exc:
        raise CourseError(f"无法连接 Dask 调度器 {cluster}：{exc}\n"
                          f"Cannot reach the Dask scheduler {cluster}: {exc}. Check the address "
                          "(tcp://HOST:8786) and that the scheduler runs (docs/scale.md).") from None


def submission_files(job: Job) -> dict[str, bytes]:
    """What travels with a job: the notebook and, when the student's folder has one, timestamp.txt
    (nbgrader's submission time, for late penalties)."""
    files = {f"{job.notebook}.ipynb": job.path.read_bytes()}
    stamp = job.path.parent / "timestamp.txt"
    if stamp.is_file():
        files["timestamp.txt"] = stamp.read_bytes()
    return files


def run_jobs_on_cluster(run: Run, jobs: list[Job], cluster: str, *, client=None) -> None:
    """Grade `jobs` on a Dask cluster; results go to the gradebook and the status store here.
    `client`: an open Dask client to use (tests, benchmarks); otherwise `cluster` says which."""
    from concurrent.futures import CancelledError

    from distributed import as_completed
    from distributed.scheduler import KilledWorker
    from tqdm import tqdm

    scratch = run_folder(run.root, run.level)
    bar = tqdm(total=len(jobs), unit="nb", disable=not run.progress, dynamic_ncols=True,
               desc=f"grading {run.level} on {cluster}")
    local = None
    futures: dict = {}
    try:
        if client is None:
            client, local = connect(cluster)
            own = True
        else:
            own = False
        try:
            definitions = scratch / "definitions.db"
            gbm.make_private_copy(run.url, run.course, definitions)
            setup = RemoteSetup(uuid.uuid4().hex, (run.root / "nbgrader_config.py").read_text(encoding="utf-8"),
                                definitions.read_bytes(), run.course, warm_kernels=run.warm_kernels,
                                grader=run.grader)
            try:
                client.wait_for_workers(1, timeout=START_TIMEOUT)
            except TimeoutError:
                raise WorkerError(f"Dask 集群 {cluster} 在 {START_TIMEOUT:.0f} 秒内没有任何工作进程。\n"
                                  f"The Dask cluster {cluster} has no worker after {START_TIMEOUT:.0f} s: "
                                  "start `dask worker` processes on the grading machines (docs/scale.md).") from None
            # a task that returns it, not scattered data: Dask can make it again if every worker
            # holding it is lost; a worker fetches it once from a peer and keeps it for the run
            shared = client.submit(_same, setup, pure=False, key=f"xborder-setup-{setup.key}")
            threads = max(1, sum(client.nthreads().values()))
            queue = list(jobs)
            done = as_completed()

            def send() -> None:
                while queue and len(futures) < WINDOW_PER_THREAD * max(threads, len(client.nthreads())):
                    job = queue.pop(0)
                    fut = client.submit(grade_remote, shared, job.message(run.level), submission_files(job),
                                        pure=False, key=f"xborder-{run.level}-{job.student}-{job.notebook}-{setup.key[:8]}")
                    futures[fut] = job
                    done.add(fut)

            send()
            with gbm.open_gradebook(run.url, run.course) as gb:
                for fut in done:
                    job = futures.pop(fut)
                    try:
                        res, autograded, _where = fut.result()
                    except RemoteStartError as exc:
                        raise WorkerError(_start_failure(run, str(exc))) from None
                    except (KilledWorker, CancelledError) as exc:
                        # it ended every worker it ran on (Dask gives up on it, and may forget it):
                        # that notebook fails, as in the local pool
                        res, autograded = GradeResult(job.student, job.notebook, "failed", ["worker_died"],
                                                      log=[f"{type(exc).__name__}: {exc}"]), {}
                    except Exception as exc:  # noqa: BLE001 (what the task raised: this notebook's failure)
                        res, autograded = GradeResult(job.student, job.notebook, "failed", ["error"],
                                                      log=[f"{type(exc).__name__}: {exc}"]), {}
                    folder = run.root / "autograded" / job.student / run.level
                    for name, data in autograded.items():
                        folder.mkdir(parents=True, exist_ok=True)
                        (folder / name).write_bytes(data)
                    record(gb, run, job, res)
                    bar.update(1)
                    threads = max(1, sum(client.nthreads().values()))
                    send()
        finally:
            for fut in futures:
                fut.cancel()
            if own:
                client.close()
    finally:
        bar.close()
        if local is not None:
            local.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _start_failure(run: Run, error: str) -> str:
    done = run.summary.graded
    return ("集群上的评分进程无法启动，评分已停止。" + (f"已评完的 {done} 个 notebook 都已保存，" if done else "")
            + "修正下面的问题（在工作机器上安装课程：pip install 'xborder[scale]'）后再运行 xborder grade，会从停下的地方继续。\n"
            + "A grading worker could not start on the cluster, so grading stopped. "
            + (f"The {done} notebook(s) graded so far are saved; " if done else "")
            + "fix what is reported below (the course must be installed on every worker machine: "
            + "pip install 'xborder[scale]') and run `xborder grade` again to carry on where it stopped.\n\n"
            + error.strip())

