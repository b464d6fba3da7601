"""What a student sees when a check runs: a bilingual block with words and colour, no traceback.

Does a failed check still reach the grader as an error (score 0)? Does a chart cell run before
its exercise say "finish exercise N first" instead of a NameError deep in ipywidgets?
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from xborder_grader import checks

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_cells(*sources: str) -> list:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    return nb.cells


def test_a_failed_check_renders_words_and_colour_without_a_traceback():
    exc = checks.CheckFailed("❌ `hot` 缺少列 x。", "❌ `hot` is missing the column x.")
    lines = exc._render_traceback_()
    text = ANSI.sub("", "\n".join(lines))
    assert "未通过" in text and "NOT PASSED" in text
    assert "\x1b[" in lines[0] and "48;2;198;40;40" in lines[0]  # a red badge
    assert "❌" not in text  # the words say it; an emoji may be an empty box on the student's machine
    assert "`hot` 缺少列 x。" in text and "`hot` is missing the column x." in text
    assert str(exc) == "❌ `hot` 缺少列 x。\n❌ `hot` is missing the column x."  # what nbgrader and the feedback read
    waiting = checks.NotAttempted("⏳ 还没有作答", "⏳ Not attempted yet")._render_traceback_()
    assert "NOT ATTEMPTED" in ANSI.sub("", waiting[0]) and "48;2;242;192;55" in waiting[0]  # amber, not red


@pytest.mark.slow
def test_in_a_kernel_checks_show_blocks_and_chart_cells_ask_for_the_exercise():
    cells = run_cells(
        "from xborder_grader import checks",
        "checks.answer('hot')",
        "hot = 5\nchecks.frame('hot')",
        "checks.passed('结构正确。', 'The shape is right.')",
        "def change_report(now, prev):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n"
        "checks.require('hot', 'change_report', exercise=3)\nprint('chart drawn')",
        "def change_report(now, prev):\n    return now\n\nchecks.require('hot', 'change_report', exercise=3)\nprint('chart drawn')",
    )
    not_attempted, failed, ok, not_ready, ready = (c.outputs for c in cells[1:])
    for outputs, ename, word in ((not_attempted, "NotAttempted", "NOT ATTEMPTED"), (failed, "CheckFailed", "NOT PASSED"),
                                 (not_ready, "NotReady", "FINISH THE EXERCISE FIRST")):
        (err,) = outputs
        assert err.output_type == "error" and err.ename == ename  # an error: nbgrader scores the cell 0
        shown = ANSI.sub("", "\n".join(err.traceback))
        assert word in shown
        assert "Traceback" not in shown and "File " not in shown and "checks" not in shown.replace("checks.", "")
    assert "`change_report`" in not_ready[0].evalue and "练习 3" in not_ready[0].evalue and "exercise 3" in not_ready[0].evalue
    assert "`hot`" not in not_ready[0].evalue.split("\n")[0]  # hot exists: only what is missing is named
    (shown,) = ok
    assert shown.output_type == "display_data"
    assert "通过" in shown.data["text/plain"] and "PASSED" in shown.data["text/plain"]
    assert "通过 · Passed" in shown.data["text/html"] and "The shape is right." in shown.data["text/html"]
    assert [o.text for o in ready] == ["chart drawn\n"]


def test_require_accepts_finished_work_and_names_what_is_missing(monkeypatch):
    import __main__

    monkeypatch.setattr(__main__, "finished", lambda x: x, raising=False)
    checks.require("finished", exercise=1)
    with pytest.raises(checks.NotReady) as info:
        checks.require("finished", "not_written_yet", exercise=2)
    assert "`not_written_yet`" in str(info.value) and "`finished`" not in str(info.value)
    assert isinstance(info.value, checks.NotAttempted)


def test_passed_prints_words_outside_ipython(capsys):
    checks.passed("✅ 全部通过", "✅ all passed")
    out = capsys.readouterr().out
    assert "通过" in out and "PASSED" in out and "全部通过" in out and "all passed" in out
    assert "✅" not in out
