"""The checks API against a real student kernel in the sandbox, as the grader's checker uses it."""

from __future__ import annotations

import os
import sys

import pandas as pd
import pytest

from xborder_grader import checks
from xborder_grader.engine import sandbox

pytestmark = pytest.mark.slow

STUDENT = '''
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
hot = pd.DataFrame({"kw": ["a", "b"], "deal_index": [10, 20]})
def double(df, k=2):
    return df.assign(deal_index=df["deal_index"] * k)
def blank(df):
    raise NotImplementedError()
def broken(df):
    return 1 / 0
def slow(df):
    while True:
        pass
fig, ax = plt.subplots()
ax.bar(["a", "b"], [1, 2])
ax.set_title("图")
def len(x):                          # what the student does in their kernel stays there
    return 0
from xborder_grader import checks as c
c.same_frame = lambda *a, **k: None
'''


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    from jupyter_client.manager import KernelManager

    if sandbox.bwrap_problem():
        if os.environ.get("CI"):
            pytest.fail(sandbox.bwrap_problem())
        pytest.skip(sandbox.bwrap_problem())
    scratch = tmp_path_factory.mktemp("sbx")
    sandbox.prepare_scratch(scratch)
    km = KernelManager(transport="ipc", ip=str(scratch / "k"), connection_file=str(scratch / "kernel.json"))
    fmt = km.format_kernel_cmd
    km.format_kernel_cmd = lambda extra_arguments=None: sandbox.command(fmt(extra_arguments), scratch, {})
    km.kernel_spec.interrupt_mode = "message"
    km.start_kernel(cwd=str(scratch))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    reply = kc.execute_interactive(STUDENT, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    checks.connect(km.connection_file, timeout=10)
    yield km
    checks.disconnect()
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_values_arrive_as_data_from_the_student_kernel(student):
    hot = checks.answer("hot")
    assert isinstance(hot, pd.DataFrame) and list(hot["deal_index"]) == [10, 20]
    assert len(hot) == 2  # the student's rebound len() lives in their kernel only
    with pytest.raises(checks.NotAttempted):
        checks.answer("not_there")


def test_functions_are_called_in_the_student_kernel(student):
    fn = checks.function("double", ["df", "k"])
    got = checks.call(fn, pd.DataFrame({"kw": ["x"], "deal_index": [5]}), 3, what="double(...)")
    assert list(got["deal_index"]) == [15]
    with pytest.raises(checks.NotAttempted):
        checks.call(checks.function("blank"), pd.DataFrame(), what="blank(...)")
    with pytest.raises(checks.CheckFailed, match="ZeroDivisionError"):
        checks.call(checks.function("broken"), pd.DataFrame(), what="broken(...)")
    with pytest.raises(checks.CheckFailed, match="should be a function"):
        checks.function("hot")


def test_a_patched_checks_module_in_the_student_kernel_changes_nothing_here(student):
    with pytest.raises(checks.CheckFailed):
        checks.same_frame(checks.answer("hot"), pd.DataFrame({"kw": ["z"], "deal_index": [1]}), name="hot")


def test_charts_arrive_as_descriptions(student):
    chart = checks.chart("fig")
    assert chart.axes[0].bar_heights() == [1.0, 2.0] and chart.axes[0].title == "图"


def test_an_endless_student_function_is_interrupted(student):
    with pytest.raises(checks.CheckFailed, match="too long"):
        checks.call(checks.function("slow"), pd.DataFrame(), what="slow(...)")
    assert list(checks.answer("hot")["kw"]) == ["a", "b"]  # the kernel answers again afterwards
