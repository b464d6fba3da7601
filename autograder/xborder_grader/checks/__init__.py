"""Checks used inside course notebooks.

Visible checks give a student instant, friendly, bilingual feedback on the *shape* of an answer
(does it exist, is it a table, has it the columns the task names). Hidden tests reuse the
comparison helpers to compare an answer with a recomputed expectation. A check has three
outcomes: passed, failed, or not attempted; its message names the student's object and the
likely mistake, never the expected value.

Every helper marks its frame with ``__tracebackhide__`` so that a failure shows the student
the message, not this module's internals.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from . import wire
from .charts import Chart


class CheckFailed(AssertionError):
    """An answer does not pass a check. The message is bilingual.

    IPython shows it through `_render_traceback_`: a coloured bilingual block with words (not
    only emoji, which some machines cannot draw) and no traceback of the course's code. The
    kernel still reports an error, so nbgrader scores the cell 0 as before.
    """

    # 中文, English, a symbol every font has, ANSI style (24-bit colours: JupyterLab's "white" is grey)
    label = ("未通过", "Not passed", "✗", "1;38;2;255;255;255;48;2;198;40;40")

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n{en}")

    def _render_traceback_(self) -> list[str]:
        return _block(self.label, self.zh, self.en)


class NotAttempted(CheckFailed):
    """The answer does not exist yet (the answer cell was not written or not run)."""

    label = ("还没有作答", "Not attempted yet", "…", "1;38;2;17;17;17;48;2;242;192;55")


class NotReady(NotAttempted):
    """A cell that uses an exercise's results (a chart, an explorer) ran before the exercise was done."""

    label = ("请先完成前面的练习", "Finish the exercise first", "…", "1;38;2;17;17;17;48;2;242;192;55")


# a status emoji at the start of a message: the block says it in words and colour instead
_LEADING_MARK = re.compile(r"^\s*(?:❌|⏳|✅|💡|⚠️|⚠)\s*")


def _plain(text: str) -> str:
    return _LEADING_MARK.sub("", str(text))


def _block(label: tuple, zh: str, en: str) -> list[str]:
    """Lines of a check's outcome for a terminal or JupyterLab: a coloured badge, then both messages."""
    word_zh, word_en, mark, style = label
    return [f"\x1b[{style}m {mark} {word_zh} · {word_en.upper()} \x1b[0m", "\x1b[1m" + _plain(zh) + "\x1b[0m", _plain(en)]


class _Passed:
    """What a student sees when a visible check passes: a green block in JupyterLab, text elsewhere."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = _plain(zh), _plain(en)

    def __repr__(self) -> str:
        return f"✓ 通过 · PASSED\n{self.zh}\n{self.en}"

    def _repr_html_(self) -> str:
        import html

        return ('<div class="xborder-check xborder-passed" style="border-left: 6px solid #2e7d32; background: #e8f5e9; '
                'color: #1b3d1f; padding: 6px 12px; margin: 2px 0; border-radius: 4px; line-height: 1.6; '
                'white-space: normal; overflow-wrap: anywhere;">'
                '<span style="background: #2e7d32; color: #ffffff; font-weight: bold; padding: 1px 8px; '
                'border-radius: 3px;">✓ 通过 · Passed</span>'
                f'<div style="font-weight: bold;">{html.escape(self.zh)}</div><div>{html.escape(self.en)}</div></div>')


def _fail(zh: str, en: str) -> CheckFailed:
    return CheckFailed("❌ " + zh, "❌ " + en)


def passed(zh: str, en: str) -> None:
    """Show the block a student sees when a visible check passes (plain text outside IPython)."""
    from IPython.display import display

    display(_Passed(zh, en))


# --- fetching answers -----------------------------------------------------------------------------
# Test cells reach the student's objects only through answer / function / call / chart, and get
# data copies (wire.py), never live objects. In the student's own lab the values come from this
# kernel; graded, the test cells run in a separate checker process that the grader connects to the
# student's sandboxed kernel (connect), and the values come from there.


class StudentFunction:
    """A student's function as a test holds it: called only through `call`, in the student's kernel."""

    def __init__(self, name: str, params: list[str] | None = None):
        self.name, self.params = name, params

    def __call__(self, *args, **kwargs):  # tests call through checks.call, which names the exercise
        return call(self, *args, what=f"{self.name}(...)", **kwargs)

    def __repr__(self) -> str:
        return f"<student function {self.name}>"


class _Local:
    """The student's lab: the values live in this kernel's __main__; copies go through the wire."""

    remote = False

    def fetch(self, name: str):
        ns = vars(sys.modules["__main__"])
        if name not in ns:
            return _MISSING
        return wire.roundtrip(ns[name])

    def call(self, name: str, args: tuple, kwargs: dict, what: str):
        fn = vars(sys.modules["__main__"]).get(name)
        if fn is None:
            raise _not_attempted_name(name)
        try:
            args, kwargs = wire.roundtrip([list(args), dict(kwargs)])
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise _not_attempted_call(what) from None
        except Exception as exc:  # the student's code crashed: say so, with the error's type and message
            raise _crashed(what, type(exc).__name__, str(exc)) from None
        return wire.roundtrip(result)


class _Remote:
    """Graded: the values live in the student's kernel (another process, in a sandbox). Requests are
    evaluated there by wire.serve_*; answers come back as JSON and are decoded here."""

    remote = True
    EXPR = "__import__('xborder_grader.checks.wire', fromlist=['_']).{fn}({args})"

    def __init__(self, connection_file: str, timeout: float):
        from jupyter_client import BlockingKernelClient

        self.timeout = timeout
        self.kc = BlockingKernelClient(connection_file=connection_file)
        self.kc.load_connection_file()
        self.kc.start_channels(iopub=False, stdin=False, hb=False)

    def close(self) -> None:
        """Stop the client's channel thread and close its sockets: a client left to the garbage
        collector can block the process for ever (zmq's context waits for a socket of a live thread)."""
        self.kc.stop_channels()  # also destroys the client's own zmq context

    def _request(self, fn: str, *args, timeout: float | None = None) -> dict:
        from queue import Empty

        expr = self.EXPR.format(fn=fn, args=", ".join(repr(a) for a in args))
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expr})
        deadline = time.monotonic() + (timeout or self.timeout)
        interrupted = False
        while True:
            left = deadline - time.monotonic()
            try:
                reply = self.kc.get_shell_msg(timeout=max(0.05, left))
            except Empty:
                if interrupted:
                    raise _fail("你的代码运行时间过长，被中断了（死循环？）。", "Your code ran too long and was stopped (an endless loop?).")
                self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
                interrupted, deadline = True, time.monotonic() + 10
                continue
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if interrupted:
                raise _fail("你的代码运行时间过长，被中断了（死循环？）。", "Your code ran too long and was stopped (an endless loop?).")
            break
        res = (reply.get("content") or {}).get("user_expressions", {}).get("r") or {}
        if res.get("status") != "ok":
            raise _fail(f"无法从你的内核读取答案（{res.get('ename', 'Error')}）：你的 notebook 是否改动了 Python 本身？",
                        f"Your answer could not be read from your kernel ({res.get('ename', 'Error')}): "
                        "did your notebook change Python itself?")
        data = (res.get("data") or {}).get("application/json")
        if not isinstance(data, dict):
            raise _fail("无法从你的内核读取答案：返回的数据格式不对。", "Your answer could not be read from your kernel: malformed data.")
        return data

    def _value(self, data: dict, what: str):
        if data.get("missing"):
            return _MISSING
        if "error" in data:
            err = data["error"] if isinstance(data["error"], dict) else {}
            if err.get("not_attempted"):
                raise _not_attempted_call(what)
            if err.get("type") == "KeyboardInterrupt":
                raise _fail(f"{what} 运行时间过长，被中断了（死循环？）。", f"{what} ran too long and was stopped (an endless loop?).")
            raise _crashed(what, str(err.get("type", "Error")), str(err.get("message", "")))
        try:
            return wire.loads(str(data.get("value", "")))
        except (wire.WireError, ValueError, TypeError) as exc:
            raise _fail(f"{what} 的结果无法作为数据读取：{exc}", f"The result of {what} cannot be read as data: {exc}") from None

    def fetch(self, name: str):
        return self._value(self._request("serve_answer", name), f"`{name}`")

    def call(self, name: str, args: tuple, kwargs: dict, what: str):
        payload = wire.dumps([list(args), dict(kwargs)])
        got = self._value(self._request("serve_call", name, payload), what)
        if got is _MISSING:
            raise _not_attempted_name(name)
        return got


_MISSING = object()
_channel = _Local()


def connect(connection_file: str, *, timeout: float = 30.0) -> None:
    """Make the checks of this process read the student's values from the kernel whose connection
    file is given (what the grader's checker process does before it runs any test cell)."""
    global _channel
    disconnect()
    _channel = _Remote(connection_file, timeout)


def disconnect() -> None:
    """Back to the student's own kernel (the values of this process), closing a grader's client."""
    global _channel
    if isinstance(_channel, _Remote):
        _channel.close()
    _channel = _Local()


def graded() -> bool:
    """Whether these checks run in the grader's checker (True) or in the student's own kernel."""
    return _channel.remote


def _not_attempted_name(name: str) -> NotAttempted:
    return NotAttempted(
        f"⏳ 还没有作答：`{name}` 还不存在。请完成上面的答案单元格并运行它，然后再运行本单元格。",
        f"⏳ Not attempted yet: `{name}` does not exist. Finish the answer cell above, run it, then run this cell.",
    )


def _not_attempted_call(what: str) -> NotAttempted:
    return NotAttempted(f"⏳ 还没有作答：{what} 还只是空白模板（NotImplementedError）。",
                        f"⏳ Not attempted yet: {what} is still the blank template (NotImplementedError).")


def _crashed(what: str, ename: str, message: str) -> CheckFailed:
    return _fail(f"运行 {what} 时出错：{ename}: {message}", f"Running {what} raised {ename}: {message}")


def answer(name: str):
    """A copy of the student's object called `name` (data), or NotAttempted saying what to do."""
    __tracebackhide__ = True
    value = _channel.fetch(name)
    if value is _MISSING:
        raise _not_attempted_name(name)
    return value


def _is_template(obj) -> bool:
    """A function still holding the release's stub (`raise NotImplementedError()`)."""
    code = getattr(obj, "__code__", None)
    return code is not None and "NotImplementedError" in code.co_names


def require(*names: str, exercise) -> None:
    """Stop a chart or explorer cell with a friendly "finish exercise N first" block when the
    results it uses do not exist yet or are still the blank template; do nothing otherwise."""
    __tracebackhide__ = True
    ns = vars(sys.modules["__main__"])
    missing = [n for n in names if n not in ns or _is_template(ns[n])]
    if missing:
        what = "、".join(f"`{n}`" for n in missing)
        what_en = ", ".join(f"`{n}`" for n in missing)
        raise NotReady(f"请先完成练习 {exercise}：这个单元格要用到 {what}，它还没有准备好（答案单元格还没运行，或者还是空白模板）。"
                       f"完成并运行练习 {exercise} 后，再运行本单元格。",
                       f"Finish exercise {exercise} first: this cell uses {what_en}, which "
                       f"{'is' if len(missing) == 1 else 'are'} not ready yet (the answer cell has not run, or is still "
                       f"the blank template). Complete and run exercise {exercise}, then run this cell again.")


def function(name: str, params: Iterable[str] | None = None) -> StudentFunction:
    """The student's function `name`; checks it is a function taking the parameters the task names."""
    __tracebackhide__ = True
    info = answer(name)
    if not isinstance(info, wire.FunctionInfo):
        raise _fail(f"`{name}` 应该是一个函数（用 def 定义），现在是 {type(info).__name__}。",
                    f"`{name}` should be a function (defined with def); it is a {type(info).__name__}.")
    if params is not None:
        want = list(params)
        got = info.params if info.params is not None else want
        if got[: len(want)] != want:
            raise _fail(f"函数 `{name}` 的参数应该是 ({', '.join(want)})，现在是 ({', '.join(got)})。",
                        f"Function `{name}` should take the parameters ({', '.join(want)}); it takes ({', '.join(got)}).")
    return StudentFunction(name, info.params)


def call(fn, *args, what: str, **kwargs):
    """Call a student's function (from `function`) with data arguments, in the student's kernel;
    a crash becomes a failure that says where it came from. Other callables (the test's own
    helpers) are simply called."""
    __tracebackhide__ = True
    if isinstance(fn, StudentFunction):
        return _channel.call(fn.name, args, kwargs, what)
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise _not_attempted_call(what) from None
    except CheckFailed:
        raise
    except Exception as exc:
        raise _crashed(what, type(exc).__name__, str(exc)) from None


def chart(name: str) -> Chart:
    """The student's figure `name` (a matplotlib Figure or Axes) described as data (charts.Chart)."""
    __tracebackhide__ = True
    got = answer(name)
    if not isinstance(got, Chart):
        raise _fail(f"`{name}` 应该是一张图（matplotlib 的 Figure），现在是 {type(got).__name__}。",
                    f"`{name}` should be a chart (a matplotlib Figure); it is a {type(got).__name__}.")
    return got


def student_file(path) -> Path:
    """A file the student's code wrote, as a path the checks may read: it must lie inside the
    notebook's folder or the back-end's export folder (graded: both inside the submission's
    scratch folder)."""
    __tracebackhide__ = True
    from xborder_data.backend import EXPORTS_ENV, default_export_dir
    from xborder_data.world import session_seed

    base = Path.cwd().resolve()
    roots = [base]
    exports = os.environ.get(EXPORTS_ENV, "").strip()
    roots.append(Path(exports).resolve() if exports else default_export_dir(session_seed()).resolve().parent)
    try:
        p = (base / str(path)).resolve()
    except (OSError, RuntimeError, ValueError):
        p = None
    if p is None or not any(p == r or r in p.parents for r in roots):
        raise _fail(f"文件 {path} 不在 notebook 所在的文件夹或导出文件夹里。",
                    f"File {path} is not inside the notebook's folder or the export folder.")
    return p


_WORKDIR_BASE: Path | None = None


def workdir() -> Path:
    """A fresh folder for files the checks make (exports for a student's function to read). Graded,
    it lies in the submission's scratch folder and goes with it; in the lab, in a per-process
    temporary folder that is removed at exit and swept when another kernel starts."""
    global _WORKDIR_BASE
    import tempfile

    if _WORKDIR_BASE is None:
        env = os.environ.get("XBORDER_CHECKS_DIR")
        if env:
            _WORKDIR_BASE = Path(env)
        else:
            _WORKDIR_BASE = _lab_workdir_base(Path(tempfile.gettempdir()) / f"xborder-checks-{os.getuid() if hasattr(os, 'getuid') else 0}")
        _WORKDIR_BASE.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="check-", dir=_WORKDIR_BASE))


def _lab_workdir_base(root: Path) -> Path:
    import atexit
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    for old in root.iterdir():  # folders of kernels that are gone
        try:
            pid = int(old.name)
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(old, ignore_errors=True)
        except PermissionError:
            pass
    mine = root / str(os.getpid())
    atexit.register(shutil.rmtree, mine, True)
    return mine


# --- shape checks (visible) -----------------------------------------------------------------------
def is_frame(obj, name: str, *, columns: Iterable[str] | None = None, min_rows: int = 1) -> pd.DataFrame:
    """`obj` is a DataFrame with at least the named columns and `min_rows` rows."""
    __tracebackhide__ = True
    if not isinstance(obj, pd.DataFrame):
        raise _fail(f"`{name}` 应该是一个 DataFrame（表格），现在是 {type(obj).__name__}。",
                    f"`{name}` should be a pandas DataFrame (a table); it is a {type(obj).__name__}.")
    if columns is not None:
        missing = [c for c in columns if c not in obj.columns]
        if missing:
            raise _fail(f"`{name}` 缺少这些列：{', '.join(missing)}。列名要和题目里写的一模一样。",
                        f"`{name}` is missing the column(s): {', '.join(missing)}. Use exactly the names the task gives.")
    if len(obj) < min_rows:
        raise _fail(f"`{name}` 只有 {len(obj)} 行，太少了：是不是筛选条件写错了？",
                    f"`{name}` has only {len(obj)} row(s), too few: is a filter wrong?")
    return obj


def frame(name: str, *, columns: Iterable[str] | None = None, min_rows: int = 1) -> pd.DataFrame:
    """The student's DataFrame `name`, checked with is_frame."""
    __tracebackhide__ = True
    return is_frame(answer(name), name, columns=columns, min_rows=min_rows)


def numeric_columns(df: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """The named columns hold numbers, not text."""
    __tracebackhide__ = True
    bad = [c for c in columns if not pd.api.types.is_numeric_dtype(df[c])]
    if bad:
        raise _fail(f"`{name}` 的列 {', '.join(bad)} 还是文本，要转换成数字（去掉千位分隔符和 '-'）。",
                    f"Column(s) {', '.join(bad)} of `{name}` still hold text: convert them to numbers "
                    f"(remove the thousands separators and the '-' placeholders).")


def no_duplicates(df: pd.DataFrame, name: str, subset: Iterable[str] | None = None) -> None:
    __tracebackhide__ = True
    subset = list(subset) if subset is not None else None
    n = int(df.duplicated(subset=subset).sum())
    if n:
        what = f"按 {', '.join(subset)} " if subset else ""
        what_en = f" on {', '.join(subset)}" if subset else ""
        raise _fail(f"`{name}` {what}还有 {n} 行重复，请去重。",
                    f"`{name}` still has {n} duplicated row(s){what_en}: drop them.")


def sorted_by(df: pd.DataFrame, name: str, column: str, *, ascending: bool = False) -> None:
    __tracebackhide__ = True
    s = df[column].dropna()
    ok = s.is_monotonic_increasing if ascending else s.is_monotonic_decreasing
    if not ok:
        order_zh, order_en = ("从小到大", "ascending") if ascending else ("从大到小", "descending")
        raise _fail(f"`{name}` 应该按 {column} {order_zh}排序。", f"`{name}` should be sorted by {column}, {order_en}.")


def date_columns(df: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """The named columns hold dates (datetime64 of any precision), not text that looks like dates."""
    __tracebackhide__ = True
    bad = [c for c in columns if not pd.api.types.is_datetime64_any_dtype(df[c])]
    if bad:
        raise _fail(f"`{name}` 的列 {', '.join(bad)} 应该是日期类型（datetime64），不是文本：用 pd.Timestamp(...) 或 "
                    f"pd.to_datetime(...) 转换。",
                    f"Column(s) {', '.join(bad)} of `{name}` should hold dates (datetime64), not text: convert them with "
                    f"pd.Timestamp(...) or pd.to_datetime(...).")


def plain_index(df, name: str) -> None:
    """The row labels are 0, 1, 2, … (what `reset_index(drop=True)` or `ignore_index=True` gives)."""
    __tracebackhide__ = True
    if list(df.index) != list(range(len(df))):
        raise _fail(f"`{name}` 的行号不是 0, 1, 2, …：排序、筛选或拼接之后用 reset_index(drop=True) 重置行号。",
                    f"The row numbers of `{name}` are not 0, 1, 2, …: reset them with reset_index(drop=True) after "
                    f"sorting, filtering or stacking.")


def rows_in_order(name: str, keys: Iterable, ascending: Iterable[bool], *, rule_zh: str, rule_en: str) -> None:
    """The rows come in the order of `keys` (one array per key, one value per row, compared in turn).

    Rows equal on every key may come in any order: a test should not decide what the task leaves
    open. Keys hold no missing values; express "missing last" as a boolean key of its own.
    """
    __tracebackhide__ = True
    cols = [list(k) for k in keys]
    asc = list(ascending)
    for i in range(len(cols[0]) - 1 if cols else 0):
        for col, up in zip(cols, asc):
            a, b = col[i], col[i + 1]
            if a == b:
                continue
            if (a > b) if up else (a < b):
                raise _fail(f"`{name}` 的行顺序不对（第 {i + 1} 行和第 {i + 2} 行）：{rule_zh}。",
                            f"`{name}` has its rows in the wrong order (rows {i + 1} and {i + 2}): {rule_en}.")
            break


def is_mapping(obj, name: str, *, keys: Iterable[str] | None = None) -> Mapping:
    __tracebackhide__ = True
    if not isinstance(obj, Mapping):
        raise _fail(f"`{name}` 应该是一个字典 dict，现在是 {type(obj).__name__}。",
                    f"`{name}` should be a dict; it is a {type(obj).__name__}.")
    if keys is not None:
        missing = [k for k in keys if k not in obj]
        if missing:
            raise _fail(f"`{name}` 缺少这些键：{', '.join(map(str, missing))}。",
                        f"`{name}` is missing the key(s): {', '.join(map(str, missing))}.")
    return obj


# --- comparisons (hidden tests reuse these) -------------------------------------------------------
def plain_frame(obj, name: str) -> pd.DataFrame:
    """A plain pandas DataFrame copy of the answer, so that subclasses with odd `==` cannot pass."""
    __tracebackhide__ = True
    if not isinstance(obj, pd.DataFrame):
        raise _fail(f"`{name}` 应该是一个 DataFrame。", f"`{name}` should be a pandas DataFrame.")
    return pd.DataFrame({c: np.asarray(obj[c]).copy() for c in obj.columns}, index=pd.RangeIndex(len(obj)))


def _as_float(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(pd.Series(np.asarray(s, dtype=object)), errors="coerce").to_numpy(dtype=float)


def _row_keys(df: pd.DataFrame, key: list[str]) -> pd.Series:
    """Each row's key columns as one string "a|b|…" (column-wise, fast on large frames)."""
    out = pd.Series(np.asarray(df[key[0]].astype(str), dtype=object), index=df.index)
    for k in key[1:]:
        out = out + "|" + np.asarray(df[k].astype(str), dtype=object)
    return out


def _frame_problems(got: pd.DataFrame, want: pd.DataFrame, cols: list[str], key, check_order, rtol, atol):
    """(zh, en) describing how `got` differs from `want`, or None if they match."""
    if len(got) != len(want):
        return (f"有 {len(got)} 行，行数不对：检查筛选、去重和合并的步骤。",
                f"has {len(got)} rows, which is not the right number: check your filtering, de-duplication and merge steps.")
    if key is not None:
        k_got, k_want = _row_keys(got, key), _row_keys(want, key)
        if set(k_got) != set(k_want) or k_got.duplicated().any():
            n = len(set(k_want) ^ set(k_got))
            return (f"包含的 {'/'.join(key)} 不对（{n} 个不一致）。", f"does not hold the right {'/'.join(key)} values ({n} differ).")
        if check_order and not (k_got.to_numpy() == k_want.to_numpy()).all():
            return ("的行顺序不对：按题目要求排序。", "has its rows in the wrong order: sort them as the task says.")
        order = pd.Series(range(len(got)), index=k_got.to_numpy())
        got = got.iloc[order.loc[k_want.to_numpy()].to_numpy()].reset_index(drop=True)
    wrong = []
    for c in cols:
        g, w = got[c], want[c]
        if pd.api.types.is_numeric_dtype(w) and not pd.api.types.is_bool_dtype(w):
            gf, wf = _as_float(g), _as_float(w)
            close = np.isclose(gf, wf, rtol=rtol, atol=atol) | (np.isnan(gf) & np.isnan(wf))
            n_bad = int((~close).sum())
        elif pd.api.types.is_datetime64_any_dtype(w):
            gs = pd.to_datetime(pd.Series(np.asarray(g, dtype=object)), errors="coerce")
            n_bad = int((~((gs.to_numpy() == w.to_numpy()) | (gs.isna().to_numpy() & w.isna().to_numpy()))).sum())
        else:
            gs = [None if _isna(v) else str(v) for v in np.asarray(g, dtype=object)]
            ws = [None if _isna(v) else str(v) for v in np.asarray(w, dtype=object)]
            n_bad = sum(a != b for a, b in zip(gs, ws))
        if n_bad:
            wrong.append(f"{c} ({n_bad})")
    if wrong:
        return (f"中这些列的取值不对（括号内为不一致的行数）：{', '.join(wrong)}。",
                f"holds wrong values in these columns (rows that differ in brackets): {', '.join(wrong)}.")
    return None


def frames_match(got, want: pd.DataFrame, *, columns: Iterable[str] | None = None, key: list[str] | None = None,
                 check_order: bool = True, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether `got` matches `want` as same_frame defines it (no message, no exception)."""
    if not isinstance(got, pd.DataFrame):
        return False
    cols = list(columns) if columns is not None else list(want.columns)
    if any(c not in got.columns for c in cols):
        return False
    return _frame_problems(plain_frame(got, "got"), want.reset_index(drop=True), cols, key, check_order, rtol, atol) is None


def same_frame(got, want: pd.DataFrame, *, name: str, key: list[str] | None = None,
               columns: Iterable[str] | None = None, check_order: bool = True,
               rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """`got` holds the same rows and values as `want` in the named columns (floats with tolerance).

    With `key`, rows are matched on the key columns; with check_order, the row order must match too.
    The failure message counts differences per column and never shows the expected values.
    """
    __tracebackhide__ = True
    got = plain_frame(got, name)
    cols = list(columns) if columns is not None else list(want.columns)
    is_frame(got, name, columns=cols, min_rows=0)
    problem = _frame_problems(got, want.reset_index(drop=True), cols, key, check_order, rtol, atol)
    if problem:
        raise _fail(f"`{name}` {problem[0]}", f"`{name}` {problem[1]}")


def _isna(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def same_items(got, want: Iterable, *, name: str, ordered: bool = False) -> None:
    """`got` is a list with the same items as `want` (in the same order if `ordered`)."""
    __tracebackhide__ = True
    if isinstance(got, (str, bytes)) or not isinstance(got, Iterable):
        raise _fail(f"`{name}` 应该是一个列表 list。", f"`{name}` should be a list.")
    got_l = [str(x) for x in list(got)]
    want_l = [str(x) for x in list(want)]
    if ordered:
        ok = got_l == want_l
    else:
        ok = sorted(got_l) == sorted(want_l)
    if not ok:
        extra = len(set(got_l) - set(want_l))
        missing = len(set(want_l) - set(got_l))
        raise _fail(f"`{name}` 不对：多了 {extra} 项、少了 {missing} 项" + ("，或顺序不对" if ordered else "") + "。",
                    f"`{name}` is not right: {extra} item(s) too many, {missing} missing" + (", or the order differs" if ordered else "") + ".")


def same_number(got, want: float, *, name: str, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    __tracebackhide__ = True
    try:
        g = float(got)
    except (TypeError, ValueError):
        raise _fail(f"`{name}` 应该是一个数字。", f"`{name}` should be a number.") from None
    if not (math.isclose(g, float(want), rel_tol=rtol, abs_tol=atol) or (math.isnan(g) and math.isnan(float(want)))):
        raise _fail(f"`{name}` 的数值不对。", f"`{name}` does not have the right value.")


# --- theory checks and Excel deliverables ---------------------------------------------------------
def quiz(name: str, question: str, *, options: str = "ABCD", correct: str | None = None) -> None:
    """One multiple-choice answer of the dict `name` (e.g. ``quiz = {"q1": "B", "q2": ""}``): the
    answer must be one of the option letters (case and spaces do not matter). With `correct` (a
    hidden test), a wrong letter fails; the message names the question, never the right letter.
    Returns nothing, so that a test cell ending with it shows no value (nbgrader would read a
    cell's value as its score)."""
    __tracebackhide__ = True
    answers = is_mapping(answer(name), name, keys=[question])
    got = answers[question]
    letter = got.strip().upper() if isinstance(got, str) else ""
    if letter == "":
        raise NotAttempted(f"还没有回答 `{name}[\"{question}\"]`：填一个字母（{'/'.join(options)}）。",
                           f"`{name}[\"{question}\"]` is not answered yet: fill in one letter ({'/'.join(options)}).")
    if len(letter) != 1 or letter not in options.upper():
        raise _fail(f"`{name}[\"{question}\"]` 应该是一个字母：{'/'.join(options)}，现在是 {got!r}。",
                    f"`{name}[\"{question}\"]` should be one letter: {'/'.join(options)}; it is {got!r}.")
    if correct is not None and letter != correct.strip().upper():
        raise _fail(f"`{name}[\"{question}\"]` 选错了，再读一遍这道题对应的规则或定义。",
                    f"`{name}[\"{question}\"]` is not the right choice; read the rule or definition it asks about again.")


class Workbook:
    """An Excel workbook read back by `workbook`: `table` (the sheet as a DataFrame, header in row
    1), `charts` (the native charts on that sheet, excel.ExcelChart) and `sheets` (all sheet names)."""

    def __init__(self, name: str, table: pd.DataFrame, charts: list, sheets: list[str]):
        self.name, self.table, self.charts, self.sheets = name, table, charts, sheets

    def chart(self, kind: str | Iterable[str]):
        """The first chart of `kind` ('bar', 'line', 'pie', … or several); a failed check if none."""
        __tracebackhide__ = True
        kinds = [kind] if isinstance(kind, str) else list(kind)
        for c in self.charts:
            if c.kind in kinds:
                if not c.series or not any(s.values for s in c.series):
                    raise _fail(f"`{self.name}` 里的{'/'.join(kinds)}图没有数据系列：用 chart.add_data(Reference(...)) 加上数据。",
                                f"The {'/'.join(kinds)} chart in `{self.name}` has no data series: add one with chart.add_data(Reference(...)).")
                return c
        found = ", ".join(c.kind for c in self.charts)
        raise _fail(f"`{self.name}` 的工作表里没有 Excel 原生的{'/'.join(kinds)}图（找到的图：{found or '无'}）。用 openpyxl.chart 画图并 ws.add_chart(...)，不要插入图片。",
                    f"The sheet of `{self.name}` has no native Excel {'/'.join(kinds)} chart (charts found: {found or 'none'}). Draw it with openpyxl.chart and ws.add_chart(...), not as a picture.")

    def __repr__(self) -> str:
        return f"Workbook({self.name!r}, rows={len(self.table)}, charts={self.charts})"


def workbook(name: str, *, sheet: str, columns: Iterable[str] | None = None, min_rows: int = 1) -> Workbook:
    """The Excel file whose path is the student's answer `name`: it must be an .xlsx file the
    student's code wrote, with a sheet `sheet` whose first row holds the column names `columns`."""
    __tracebackhide__ = True
    from . import excel

    path = answer(name)
    if not isinstance(path, (str, os.PathLike)) or not str(path).lower().endswith(".xlsx"):
        raise _fail(f"`{name}` 应该是一个 .xlsx 文件的路径（字符串），现在是 {path!r}。",
                    f"`{name}` should be the path of an .xlsx file (a string); it is {path!r}.")
    p = student_file(path)
    if not p.is_file():
        raise _fail(f"找不到文件 {path}：先运行写出工作簿的代码。",
                    f"File {path} does not exist: run the code that writes the workbook first.")
    try:
        table, charts, sheets = excel.read(p, sheet)
    except KeyError:
        import openpyxl

        try:
            sheets = openpyxl.load_workbook(p, read_only=True).sheetnames
        except Exception:  # noqa: BLE001 - reported below as not a workbook
            sheets = []
        raise _fail(f"`{name}` 里没有名为 {sheet!r} 的工作表（有：{', '.join(sheets)}）。",
                    f"`{name}` has no sheet named {sheet!r} (it has: {', '.join(sheets)}).") from None
    except Exception as exc:  # noqa: BLE001 - a damaged or non-Excel file is the student's mistake
        raise _fail(f"`{name}` 不是一个能打开的 Excel 工作簿（{type(exc).__name__}）：用 pd.ExcelWriter(path, engine=\"openpyxl\") 写出。",
                    f"`{name}` is not an Excel workbook that opens ({type(exc).__name__}): write it with pd.ExcelWriter(path, engine=\"openpyxl\").") from None
    book = Workbook(name, table, charts, sheets)
    is_frame(table, f"{name} → {sheet}", columns=columns, min_rows=min_rows)
    return book
