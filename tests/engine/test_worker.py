"""One grading worker: what it refuses to grade, how it names a failure, and how it starts.

The slow tests start real workers (nbgrader's AutogradeApp, the course's configuration) through
`xborder grade`, without running any notebook: does a worker that cannot start end the run with a
non-zero exit and its own words, instead of failing every notebook or restarting forever?
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from xborder_grader import runner
from xborder_grader.engine.worker import _classify, _findings, inspect_submission

from ..conftest import api_gradebook, course_root

LEVEL, NB = "primary", "P-9.9_demo"


def nb_with(ids):
    return {"cells": [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": i}}, "source": ""} for i in ids],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.parametrize("text, why", [
    ("", "not_json"),
    ("{ this is not", "not_json"),
    ('{"cells": "no list"}', "not_json"),
    ("[1, 2]", "not_json"),
    (json.dumps(nb_with(["other_a", "other_b", "other_c", "ex1"])), "wrong_notebook"),
    (json.dumps(nb_with(["ex1", "ex2", "other_a"])), None),  # a stray cell copied in is the audit's business
    (json.dumps(nb_with([])), None),  # every nbgrader cell lost: RestoreTestCells puts the tests back
    (json.dumps({"cells": [{"metadata": {"nbgrader": "junk"}}]}), None),
])
def test_inspect_submission(tmp_path, text, why):
    path = tmp_path / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    assert inspect_submission(path, {"ex1", "ex2"}, {"ex1", "ex2", "ex1_answer"}) == why


def test_undecodable_bytes_are_not_a_notebook(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert inspect_submission(path, {"ex1"}) == "not_json"


@pytest.mark.parametrize("log, reason", [
    (["ERROR CellTimeoutError: A cell timed out while it was being executed"], "timeout"),
    (["ERROR DeadKernelError: Kernel died"], "kernel_died"),
    (["ERROR NotJSONError: Notebook does not appear to be JSON"], "not_json"),
    (["ERROR ValueError: something else"], "error"),
    ([], "error"),
])
def test_classify(log, reason):
    assert _classify(log) == reason


def test_findings_come_from_the_autograded_notebook(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {"xborder_grading": {"findings": ["cells_missing"]}}}))
    assert _findings(path) == (["cells_missing"], False)
    path.write_text(json.dumps({"cells": [], "metadata": {"xborder_grading": {"findings": [], "sandbox": "bwrap"}}}))
    assert _findings(path) == ([], True)
    path.write_text("not json")
    assert _findings(path) == ([], False)
    assert _findings(tmp_path / "absent.ipynb") == ([], False)


def _course(tmp_path, config_extra: str):
    root = course_root(tmp_path, LEVEL, [], config_extra=config_extra)
    api_gradebook(root / "gradebook.db", LEVEL, {NB: {"ex1": ("test", 1.0)}})
    folder = root / "submitted" / "s001" / LEVEL
    folder.mkdir(parents=True)
    (folder / f"{NB}.ipynb").write_text(json.dumps(nb_with(["ex1"])), encoding="utf-8")
    return root


def _grade_cli(root, timeout=240):
    return subprocess.run([sys.executable, "-m", "xborder_grader.cli", "grade", LEVEL, "--workers", "1", "--no-progress"],
                          cwd=root, env=runner.tool_env(), capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_a_configuration_nbgrader_cannot_load_stops_the_run_with_a_clear_message(tmp_path):
    root = _course(tmp_path, '\nc.Autograde.autograde_preprocessors = ["mycourse.preprocessors.Missing"]\n')
    proc = _grade_cli(root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "评分进程无法启动" in proc.stderr and "A grading worker could not start" in proc.stderr
    assert "mycourse" in proc.stderr
    assert "Traceback" not in proc.stderr.split("日志 Log")[0]  # the message, not a crash
    assert not (root / ".xborder" / "status.db").exists() or "s001" not in (root / ".xborder" / "status.db").read_bytes().decode("latin-1")


@pytest.mark.slow
def test_a_worker_that_dies_silently_at_start_is_not_restarted_forever(tmp_path):
    # the configuration ends the worker process (only it: the scheduler reads the same file)
    root = _course(tmp_path, "\nimport multiprocessing, os\n"
                             "if multiprocessing.current_process().name.startswith('xborder-grade'):\n"
                             "    print('worker: giving up', flush=True)\n"
                             "    os._exit(3)\n")
    proc = _grade_cli(root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "exit code 3" in proc.stderr and "times in a row" in proc.stderr
    assert "worker: giving up" in proc.stderr  # its output reached the report
