"""The autograde pass's execution (engine/preprocessors/execute.py): what it asks the kernel to import."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from xborder_grader.engine.preprocessors import execute


def test_every_module_the_grading_kernel_is_asked_to_import_exists():
    names = re.findall(r"__import__\('([\w.]+)'", inspect.getsource(execute))
    assert names
    for name in names:
        importlib.import_module(name)


def test_without_a_sandbox_the_student_kernel_still_gets_its_scratch_folder_and_environment(tmp_path, monkeypatch):
    # macOS and Windows graders run unsandboxed: the student's exports must still land where the
    # checks look (XBORDER_EXPORTS in the scratch folder), or every test that reads a file scores 0
    import os

    from nbformat.v4 import new_code_cell, new_notebook

    from xborder_grader.engine.preprocessors.execute import SplitExecute

    monkeypatch.chdir(tmp_path)
    nb = new_notebook(cells=[new_code_cell("import os\nprint(os.environ.get('XBORDER_EXPORTS'), os.getcwd())")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb, _ = SplitExecute(sandbox="none").preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    exports, cwd = nb.cells[0].outputs[0]["text"].split()
    assert cwd != str(tmp_path) and exports == os.path.join(cwd, "exports"), (exports, cwd)


def test_a_test_cell_that_calls_the_students_code_many_times_does_not_stall_the_next_cell(tmp_path, monkeypatch):
    # every call a check makes runs a request in the student's kernel, and each request publishes
    # its busy, output and idle messages on the kernel's IOPub socket, which the grader reads only
    # while a cell of the student's runs: over zmq's 1,000-message queue the kernel dropped new
    # messages, among them the next cell's "idle", and a correct notebook was recorded as timed out
    # (measured: 3 of 88 submissions of P-3.3, whose check classifies every message of a quarter)
    import time

    from nbformat.v4 import new_code_cell, new_notebook

    from xborder_grader.engine.preprocessors.execute import SplitExecute

    test_source = ("from xborder_grader import checks\n_f = checks.function('echo', ['x'])\n"
                   "for _i in range(1500):\n    assert checks.call(_f, _i, what='echo(...)') == _i\nprint('checked')")
    monkeypatch.setattr(execute, "master_cells", lambda info: {"t1": ("test", test_source)})
    monkeypatch.chdir(tmp_path)
    test_cell = new_code_cell(test_source, metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t1",
                                                                  "points": 1, "locked": True}})
    nb = new_notebook(cells=[new_code_cell("def echo(x):\n    print('echo', x)\n    return x"), test_cell,
                             new_code_cell("print('next cell ran')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    started = time.monotonic()
    nb, _ = SplitExecute(sandbox="none", timeout=30).preprocess(
        nb, {"nbgrader": {"db_url": "sqlite:///unused.db"}, "metadata": {"path": str(tmp_path)}})
    texts = ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells]
    assert texts[1].strip() == "checked" and texts[2].strip() == "next cell ran", texts
    assert time.monotonic() - started < 25  # no cell waited for a lost message


@pytest.mark.parametrize("forked", [False, True], ids=["started", "forked from the zygote"])
def test_the_checker_kernel_talks_over_unix_sockets_not_ports_another_process_can_take(tmp_path, forked):
    # over TCP, jupyter_client chooses free ports and closes them before the kernel binds them:
    # another grading process took one in between and the checker died before it started
    # ("Address already in use"), which cost a correct notebook all its points
    import json
    import os

    from nbclient.util import run_sync

    from xborder_grader.engine import kernels

    if forked:
        kernels.start_zygote(preload=("ipykernel.kernelapp", "ipykernel.ipkernel"))
    try:
        checker = execute._Checker(tmp_path, {}, 6144, 60)
        try:
            assert checker.km.transport == "ipc"
            msg_id = checker.kc.execute("print(6 * 7)")
            reply = run_sync(checker.kc.get_shell_msg)(timeout=30)
            assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok"
            # what the kernel was told to bind: Unix sockets in the checker's private folder, no port
            # chosen in advance (ipykernel may still bind a port of the system's choosing inside)
            with open(checker.km.connection_file) as f:
                assert json.load(f)["transport"] == "ipc"
            sockets = [n for n in os.listdir(checker._ipython_dir) if n.startswith("k-")]
            assert len(sockets) == 5, sockets  # shell, iopub, stdin, control, heartbeat
        finally:
            checker.close()
        assert not os.path.exists(checker._ipython_dir)
    finally:
        if forked:
            kernels.ZYGOTE.close()
            kernels.ZYGOTE = None
