"""The quality gate over the course, one level a test (tests/authoring/test_gate_<level>.py), so
that the test workers share the levels out between them.

CI proves every notebook of every level on a few grading seeds: the reference and every
alternative correct solution on XBORDER_GATE_SEEDS (2), each wrong answer of tests/mutants/ on
XBORDER_GATE_MUTANT_SEEDS (1) of them, the mutants taking the seeds in turn. `xborder validate`
proves 30 and 2 by default, which authors run before a notebook or its tests change
(docs/authoring.md).
"""

from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import ROOT

SEEDS = os.environ.get("XBORDER_GATE_SEEDS", "2")
MUTANT_SEEDS = os.environ.get("XBORDER_GATE_MUTANT_SEEDS", "1")


def gate_passes(level: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "xborder_grader.cli", "validate", level, "--seeds", SEEDS,
                           "--mutant-seeds", MUTANT_SEEDS], cwd=ROOT, capture_output=True, text=True)
    print(proc.stdout)  # the gate's table and its time per notebook, in the test log
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "=> PASS" in proc.stdout and "FAIL" not in proc.stdout
    assert "all proven" in proc.stdout
