"""Benchmark: how long each course notebook takes to run, and to autograde one submission.

    .venv/bin/python benchmarks/bench_notebooks.py [LEVEL] [--repeat N]

Prints, per catalogued notebook, the wall time of executing the reference notebook top to bottom
in a fresh kernel (kernel start included), and the wall time and peak memory of one
`nbgrader autograde` of the reference submission (nbgrader start-up included). Machines are
noisy: the figures are medians of --repeat runs, printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder"))
from xborder_grader import runner  # noqa: E402
from xborder_grader.course import catalog, find_root  # noqa: E402


def run_notebook(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
        return time.perf_counter() - t0


def autograde_once(root: Path, nb_path: Path, level: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", tmp)
        (tmp / "course" / level).mkdir(parents=True)
        shutil.copy(nb_path, tmp / "course" / level)
        assert runner.nbgrader(["generate_assignment", level, "--force"], tmp).returncode == 0
        sub = tmp / "submitted" / "bench" / level
        sub.mkdir(parents=True)
        shutil.copy(nb_path, sub)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        proc = runner.nbgrader(["autograde", level, "--force"], tmp)
        elapsed = time.perf_counter() - t0
        assert proc.returncode == 0, proc.stdout[-2000:]
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        return elapsed, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("level", nargs="?", default="primary")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = find_root()
    rows = []
    for nb in catalog(root).notebooks(args.level):
        runs = [run_notebook(nb.path) for _ in range(args.repeat)]
        grades = [autograde_once(root, nb.path, nb.level) for _ in range(args.repeat)]
        rows.append((nb.name, statistics.median(runs), statistics.median(g[0] for g in grades), max(g[1] for g in grades)))
    print(f"{'notebook':32} {'execute (s)':>12} {'autograde 1 submission (s)':>28} {'peak child RSS (MiB)':>22}")
    for name, ex, ag, mem in rows:
        print(f"{name:32} {ex:12.2f} {ag:28.2f} {mem:22.0f}")
    print(json.dumps({"notebooks": len(rows), "repeat": args.repeat}))


if __name__ == "__main__":
    main()
