"""Benchmark: grading a whole class, plain `nbgrader autograde` (serial) against `xborder grade`.

    .venv/bin/python benchmarks/bench_grading.py [--students 40] [--level primary] [--workers N] [--cold-kernels]

Builds a synthetic class (autograder/xborder_grader/synthetic.py: per notebook correct, partial
or blank, deterministic) in a scratch course root, copies it twice, grades one copy with plain
`nbgrader autograde LEVEL` and the other with `xborder grade LEVEL` (default workers), in the same
run, and prints wall time, ratio, seconds per notebook and peak memory (all processes of the
command summed, sampled every 0.2 s), then checks that both gradebooks hold identical grades.
The CPU seconds per notebook of each command follow, by kind of process (the command, grading
workers, checker kernels, the students' kernels): on a few cores the speed-up is the CPU the
xborder path saves per notebook times the parallelism.
A breakdown follows: nbgrader's start-up, a cold kernel (new process + the setup cell's imports)
against a kernel forked from the warm zygote, averaged over a few runs.
Figures are printed, never asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "autograder"))
from xborder_grader import runner  # noqa: E402
from xborder_grader.engine.gradebook import grade_rows  # noqa: E402
from xborder_grader.authoring.synthetic import make_class  # noqa: E402



def kind_of(cmdline: list[str]) -> str:
    """What a process of a grading command is, from its command line."""
    cmd = " ".join(cmdline)
    if "xborder_grader.engine.kernels --sandboxed" in cmd:
        return "student kernels"  # the student's zygote and the kernels forked from it, in the sandbox
    if "xborder_grader.engine.kernels" in cmd:
        return "zygote and checker kernels"
    if cmdline[:1] and cmdline[0].endswith("bwrap"):
        return "sandbox"
    if "ipykernel" in cmd:
        return "student kernels"
    if "multiprocessing" in cmd:
        return "grading workers"
    if "xborder_grader.cli" in cmd or "nbgrader" in cmd:
        return "the command itself"
    return "other"


def timed(cmd: list[str], cwd: Path, cpu: dict[str, float] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak MiB of the command's whole process tree, return code. With `cpu`, fills it
    with the CPU seconds of the tree by kind of process (kind_of), as last sampled: a process's
    last fraction of a second after the final sample is not counted."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=runner.tool_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]
    seen: dict[int, tuple[str, float]] = {}

    def sample():
        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [p, *p.children(recursive=True)]
                rss = 0
                for q in tree:
                    with q.oneshot():
                        rss += q.memory_info().rss
                        if cpu is not None:
                            t = q.cpu_times()
                            kind = seen[q.pid][0] if q.pid in seen else kind_of(q.cmdline())
                            seen[q.pid] = (kind, t.user + t.system)
                peak[0] = max(peak[0], rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    rc = proc.wait()
    t.join()
    if cpu is not None:
        for kind, seconds in seen.values():
            cpu[kind] = cpu.get(kind, 0.0) + seconds
    return time.perf_counter() - t0, peak[0], rc


def print_cpu(label: str, cpu: dict[str, float], n_nb: int) -> None:
    total = sum(cpu.values())
    print(f"  {label}: {total / n_nb:5.2f} s CPU per notebook ("
          + ", ".join(f"{k} {v / n_nb:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if v >= 0.005 * n_nb) + ")")


def scratch_root(base: Path) -> Path:
    root = base / "course-root"
    (root / "tests").mkdir(parents=True)
    shutil.copytree(REPO / "course", root / "course")
    shutil.copytree(REPO / "tests" / "mutants", root / "tests" / "mutants")
    shutil.copy(REPO / "nbgrader_config.py", root)
    return root


def kernel_breakdown(repeat: int = 5) -> dict[str, float]:
    """Seconds from 'need a kernel' to 'setup cell done', cold vs forked from the zygote."""
    from jupyter_client.manager import AsyncKernelManager

    from xborder_grader.engine import kernels

    setup = ("import pandas as pd\nimport matplotlib.pyplot as plt\nimport seaborn as sns\n"
             "from xborder_data import StoreBackend\nfrom xborder_data.charts import setup_charts\n"
             "from xborder_grader import checks\nsetup_charts()")

    async def once(km_class) -> tuple[float, float]:
        km = km_class(kernel_name="python3")
        t0 = time.perf_counter()
        await km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # the kernel's console chatter
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        t1 = time.perf_counter()
        await kc.execute_interactive(setup, timeout=60, output_hook=lambda msg: None)
        t2 = time.perf_counter()
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return t1 - t0, t2 - t1

    out = {}
    runner.ensure_tool_path()
    for label, cls in (("cold", AsyncKernelManager), ("forked", kernels.ForkingKernelManager)):
        if label == "forked":
            if not kernels.supported():
                continue
            kernels.ZYGOTE = kernels.Zygote()
        runs = [asyncio.run(once(cls)) for _ in range(repeat)]
        out[f"{label} kernel start"] = statistics.median(r[0] for r in runs)
        out[f"{label} setup-cell imports"] = statistics.median(r[1] for r in runs)
    if kernels.ZYGOTE:
        kernels.ZYGOTE.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--level", default="primary")
    ap.add_argument("--workers", type=int, help="xborder grade --workers (default: its own default)")
    ap.add_argument("--cold-kernels", action="store_true", help="xborder grade --cold-kernels")
    ap.add_argument("--keep", help="keep the scratch folders here")
    args = ap.parse_args()

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xborder-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        root = scratch_root(base / "src")
        proc = runner.nbgrader(["generate_assignment", args.level, "--force"], root)
        assert proc.returncode == 0, proc.stderr[-2000:]
        plan = make_class(root, args.level, args.students)
        kinds = [k for nbs in plan.values() for k in nbs.values()]
        n_nb = len(kinds)
        print(f"class: {args.students} students × {n_nb // args.students} notebooks = {n_nb} submissions "
              f"({kinds.count('correct')} correct, {kinds.count('partial')} partial, {kinds.count('blank')} blank)")
        plain, xb = base / "plain", base / "xborder"
        shutil.copytree(root, plain)
        shutil.copytree(root, xb)

        cpu_plain: dict[str, float] = {}
        cpu_xb: dict[str, float] = {}
        t_plain, m_plain, rc = timed([sys.executable, "-m", "nbgrader", "autograde", args.level], plain, cpu_plain)
        print(f"plain nbgrader autograde (serial): {t_plain:7.1f} s  {t_plain / n_nb:5.2f} s/notebook  "
              f"peak {m_plain:6.0f} MiB  (exit {rc})")
        cmd = [sys.executable, "-m", "xborder_grader.cli", "grade", args.level, "--no-progress"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        if args.cold_kernels:
            cmd.append("--cold-kernels")
        t_xb, m_xb, rc = timed(cmd, xb, cpu_xb)
        from xborder_grader.apps.grade import default_workers

        print(f"xborder grade ({args.workers or default_workers()} workers):     {t_xb:7.1f} s  {t_xb / n_nb:5.2f} s/notebook  "
              f"peak {m_xb:6.0f} MiB  (exit {rc})")
        print(f"speed-up: {t_plain / t_xb:.2f}x")
        a, b = grade_rows(plain / "gradebook.db"), grade_rows(xb / "gradebook.db")
        diff = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
        print(f"grades identical: {a == b} ({len(a)} grade rows, {diff} differ)")

        db = sqlite3.connect(xb / ".xborder" / "status.db")
        secs = sorted(s for (s,) in db.execute("SELECT seconds FROM status WHERE seconds IS NOT NULL"))
        counts = db.execute("SELECT status, reasons, count(*) FROM status GROUP BY 1, 2 ORDER BY 3 DESC").fetchall()
        print("statuses: " + "; ".join(f"{n} {st}{'' if r == '[]' else ' ' + r}" for st, r, n in counts))
        for student, nb, sec, r in db.execute("SELECT student, notebook, seconds, reasons FROM status WHERE seconds > 30"):
            print(f"  slow: {student}/{nb} {sec:.1f} s {r}")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", args.level, "--student=nobody"], cwd=plain,
                       env=runner.tool_env(), capture_output=True)
        startup = time.perf_counter() - t0
        print("\nwhere the time goes (medians):")
        print(f"  nbgrader autograde start-up (no student):  {startup:5.2f} s (once per process)")
        for k, v in kernel_breakdown().items():
            print(f"  {k:40s} {v:5.2f} s")
        print("CPU by kind of process (what the speed-up on a few cores is made of):")
        print_cpu("plain nbgrader", cpu_plain, n_nb)
        print_cpu("xborder grade ", cpu_xb, n_nb)
        if secs:
            print(f"  one notebook in an xborder worker:         {statistics.median(secs):5.2f} s median, "
                  f"{secs[-1]:.2f} s max (kernel, student code and tests, nbgrader's pre/post-processing)")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main())
