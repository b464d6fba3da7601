"""`xborder grade LEVEL`: autograde a whole class in parallel, resumably, with an honest status.

Jobs are (student, notebook) pairs found under submitted/<student>/<level>/; the grading engine
(engine/scheduler.py) grades them. A submission is graded again only when its file changed, or
with --force; one that failed is tried again only with --retry-failed; a notebook not handed in
is recorded as missing. One run at a time per course root (engine/lock.py): a second one stops
with a message, or waits with `wait=True` (`--wait`).

Scores are nbgrader's (`Grade.score`: the manual score if a person gave one, else the auto score,
plus extra credit), read from the gradebook after each write, so the status of a notebook always
carries the score the gradebook gives it. A regrade never removes what an instructor entered in
formgrader; a notebook that fails or goes missing after a person graded it keeps that grade,
flagged for review (reason `manual_kept`).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from ..course import CourseError, catalog, find_root
from ..engine import gradebook as gbm
from ..engine.lock import course_lock
from ..engine.scheduler import GradeSummary, Job, Run, run_jobs
from ..engine.status import StatusStore
from ..findings import DONE


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


def grade(level: str, *, root: Path | None = None, workers: int | None = None, notebooks: list[str] | None = None,
          students: list[str] | None = None, force: bool = False, retry_failed: bool = False,
          time_limit: float = 300.0, warm_kernels: bool = True, echo=print, progress: bool = True,
          wait: bool = False, worker=None, cluster: str | None = None, grader=None) -> GradeSummary:
    """Grade a level. `cluster`: grade on Dask ("local:N" starts a LocalCluster here, anything
    else is a scheduler's address, engine/cluster.py) instead of this machine's worker pool."""
    from ..engine.worker import sha256

    root = Path(root or find_root()).resolve()
    level = catalog(root).resolve_level(level)
    with course_lock(root, f"grade {level}", wait=wait, echo=echo):
        # what an earlier run left behind when it was killed (this run holds the lock: nobody uses it)
        shutil.rmtree(root / ".xborder" / "runs", ignore_errors=True)
        shutil.rmtree(root / ".xborder" / "workers", ignore_errors=True)
        t0 = time.perf_counter()
        url, course, expected, have, known = plan(root, level, notebooks=notebooks, students=students)
        summary = GradeSummary(level)
        store = StatusStore(root, level)
        jobs: list[Job] = []
        missing: list[tuple[str, str]] = []
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
                    kept = gbm.zero_notebook(gb, level, student, nb)
                    score, _ = gbm.notebook_state(gb, level, student, nb)
                    store.set(student, nb, status="missing", reasons=["manual_kept"] if kept else [], score=score,
                              max_score=sum(expected[nb].values()))
                    summary.counts["missing"] = summary.counts.get("missing", 0) + 1
                    if kept:
                        summary.problems.append(f"{student}/{nb}: missing (manual_kept)")
        n = min(workers or default_workers(), len(jobs)) if jobs else 0
        where = f"on the Dask cluster {cluster}" if cluster else f"with {n} worker(s)"
        echo(f"[{level}] {len(have)} student(s), {len(expected)} notebook(s): {len(jobs)} to grade {where}"
             + (f"; skipped {', '.join(f'{v} {k}' for k, v in summary.skipped.items())}" if summary.skipped else ""))
        try:
            if jobs:
                run = Run(root, url, course, level, expected, store, summary, time_limit=time_limit,
                          warm_kernels=warm_kernels, progress=progress, worker=worker, grader=grader)
                run_jobs(run, jobs, n, cluster=cluster)
        finally:
            store.close()
        summary.seconds = round(time.perf_counter() - t0, 1)
        return summary
