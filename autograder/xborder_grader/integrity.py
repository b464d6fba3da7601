"""Grading integrity: nbgrader preprocessors that keep broken and hostile submissions from earning
points they did not earn, and say what happened.

Enabled in nbgrader_config.py, so plain `nbgrader autograde` and `xborder grade` behave alike.

    sanitize pass (before anything runs)
      AuditSubmission      reads the submission as handed in: duplicated or stripped test cells,
                           deleted test cells, another kernel, and a static audit of the student's
                           code (reading the grader's files, patching what the tests use, exiting
                           the process …); findings go to notebook metadata `xborder_grading`
      RestoreTestCells     puts deleted test cells back (from the gradebook's master copy, hidden
                           tests included) after the answer they check, so they are run and scored
    autograde pass
      GuardedExecute       nbgrader's Execute, plus: an address-space cap in the kernel, an output
                           cap per cell, and before every test cell the originals of everything the
                           tests rely on are restored (guard.py); a test cell whose guard fails
                           scores 0
      ApplyAudit           a notebook whose code reached for the grader scores 0 and is marked for
                           manual grading in the gradebook: the instructor decides in formgrader

The findings are kept in the autograded notebook's metadata; status and feedback read them.
"""

from __future__ import annotations

import ast
import json

from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

META = "xborder_grading"

# code → (severity, 中文, English). "severe" findings zero the notebook pending the instructor's review.
FINDINGS = {
    "cells_duplicated": ("info", "有重复的单元格编号（复制或拆分了单元格），评分时按原始单元格处理",
                         "cell IDs were duplicated (cells copied or split); grading used the original cells"),
    "cells_missing": ("info", "测试单元格被删除或失去了评分信息，评分时已放回原始测试",
                      "test cells were deleted or lost their grading metadata; the original tests were put back for grading"),
    "metadata_changed": ("info", "测试单元格的评分信息（分值、标记、校验和）被改动，评分时使用原始信息",
                         "grading metadata of test cells (points, flags, checksums) was changed; the original was used"),
    "kernel_changed": ("info", "notebook 的内核被改成了其他内核，评分时使用课程的 Python 内核",
                       "the notebook's kernel was changed; it was graded with the course's Python kernel"),
    "exits_process": ("info", "代码会结束或杀死进程（sys.exit / os._exit / os.kill），之后的单元格可能没有运行",
                      "the code ends or kills the process (sys.exit / os._exit / os.kill); later cells may not have run"),
    "reads_grader_files": ("severe", "代码读取了评分系统的文件（成绩库、课程源文件或其他学生的作业）",
                           "the code reads the grader's files (gradebook, course sources or other submissions)"),
    "patches_tests": ("severe", "代码改动了测试依赖的函数或模块（内置函数、checks、pandas、数据加载器）",
                      "the code changes functions or modules the tests rely on (builtins, checks, pandas, the data loader)"),
    "grader_internals": ("severe", "代码访问了解释器或评分程序的内部（sys.modules、gc、ctypes、guard）",
                         "the code reaches into interpreter or grader internals (sys.modules, gc, ctypes, the guard)"),
    "writes_outside": ("severe", "代码在作业文件夹之外写文件", "the code writes files outside its own folder"),
    "guard_failed": ("severe", "评分前无法恢复测试依赖的函数，相关测试计 0 分",
                     "what the tests rely on could not be restored before a test; that test scored 0"),
    "output_truncated": ("info", "输出过多，已截断", "the output was too long and was cut"),
    "cell_timeout": ("info", "有单元格运行超时被中断（死循环？），之后依赖它的测试不会通过",
                     "a cell ran out of time and was interrupted (an endless loop?); tests that depend on it fail"),
    "locked_changed": ("info", "只读单元格（含测试）被改动过，评分时使用了原始内容",
                       "read-only cells (tests included) were edited; the originals were used for grading"),
}

GRADER_STRINGS = ("gradebook", "nbgrader", "autograded", "submitted/", "release/", ".db", "course/", "skills.yaml",
                  "xborder_grading", "BEGIN HIDDEN", "BEGIN SOLUTION")
PROTECTED_ROOTS = {"checks", "pd", "np", "pandas", "numpy", "StoreBackend", "World", "builtins", "__builtins__", "xborder_data",
                   "xborder_grader"}
INTERNAL_MODULES = {"gc", "ctypes", "inspect", "importlib", "xborder_grader.guard", "builtins"}


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell.get("source"), list) else cell.get("source", "")


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _head(source: str) -> str:
    """A test cell's first line (its one-line comment of what it checks), if distinctive enough."""
    first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return first if len(first) >= 12 else ""


def _root(node) -> tuple[str | None, int]:
    depth = 0
    while isinstance(node, ast.Attribute):
        node, depth = node.value, depth + 1
    if isinstance(node, ast.Subscript):
        return _root(node.value)[0], depth + 1
    return (node.id if isinstance(node, ast.Name) else None), depth


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def audit_code(source: str) -> set[str]:
    """Static audit of one cell of student code (IPython magics and shell lines are skipped)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found: set[str] = set()
    protected = set(PROTECTED_ROOTS)
    for node in ast.walk(tree):  # `from xborder_grader import checks as c`, `import pandas as p` …
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            base = node.module if isinstance(node, ast.ImportFrom) and node.module else ""
            for a in node.names:
                full = f"{base}.{a.name}" if base else a.name
                if full.split(".")[0] in PROTECTED_ROOTS:
                    protected.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in PROTECTED_ROOTS:
            protected.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(s in node.value for s in GRADER_STRINGS):
                found.add("reads_grader_files")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            if any(n in INTERNAL_MODULES or n.startswith("xborder_grader.guard") for n in names):
                found.add("grader_internals")
            if any(n in ("sqlite3", "subprocess") for n in names):
                found.add("reads_grader_files")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                root, depth = _root(t)
                if isinstance(t, ast.Attribute) and root in protected and depth <= 2 and \
                        not _dotted(t).startswith(("pd.options", "pandas.options", "np.random")):
                    found.add("patches_tests")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in ("setattr", "delattr") and node.args:
                root, _ = _root(node.args[0])
                if root in protected:
                    found.add("patches_tests")
            if name in ("os._exit", "os.kill", "os.killpg", "sys.exit", "exit", "quit", "os.abort"):
                found.add("exits_process")
            if name in ("os.system", "os.popen", "os.execv", "os.execl", "os.fork", "subprocess.run", "subprocess.Popen"):
                found.add("reads_grader_files")
            if name in ("globals", "vars", "__import__", "eval", "exec", "compile", "getattr") and \
                    any(isinstance(a, ast.Constant) and isinstance(a.value, str) and
                        any(s in a.value for s in ("builtins", "guard", "checks", "sys.modules")) for a in node.args):
                found.add("grader_internals")
            if name in ("open", "pathlib.Path.write_text", "shutil.copy", "shutil.rmtree", "os.remove", "os.rename") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and \
                        (first.value.startswith(("/", "~")) or ".." in first.value):
                    mode = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
                    if name != "open" or any(c in str(mode) for c in "wax+"):
                        found.add("writes_outside")
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if _dotted(exc) in ("SystemExit", "KeyboardInterrupt"):
                found.add("exits_process")
        elif isinstance(node, ast.Attribute) and node.attr in ("__file__", "__path__"):
            found.add("reads_grader_files")  # where a package lives: the way to its files
        elif isinstance(node, ast.Attribute) and _dotted(node) in ("sys.modules", "gc.get_objects", "gc.get_referents",
                                                                  "sys._getframe", "__builtins__.__dict__"):
            found.add("grader_internals")
    return found


def _findings(nb) -> dict:
    return nb.metadata.setdefault(META, {"findings": [], "restored": []})


def add_finding(nb, code: str) -> None:
    f = _findings(nb)
    if code not in f["findings"]:
        f["findings"].append(code)


def severe(findings) -> list[str]:
    return [c for c in findings if FINDINGS.get(c, ("info",))[0] == "severe"]


class AuditSubmission(NbGraderPreprocessor):
    """First in the sanitize pass: look at the submission as it was handed in."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        nb.metadata[META] = {"findings": [], "restored": []}
        try:
            with Gradebook(info["db_url"]) as gb:
                master = gb.find_notebook(info["notebook"], info["assignment"])
                tests = {c.name: (c.max_score, next((s.checksum for s in master.source_cells if s.name == c.name), None))
                         for c in master.grade_cells}
                heads = {_head(s.source) for s in master.source_cells if s.name in tests} - {""}
                kernelspec = json.loads(master.kernelspec) if master.kernelspec else None
        except MissingEntry:
            return nb, resources
        seen: dict[str, int] = {}
        stripped = False
        # Copied or split cells share an nbgrader id. nbgrader keeps the last and leaves the others
        # with empty nbgrader metadata, which it then rejects as an old format, failing the whole
        # batch; the others lose their nbgrader metadata here instead, and run as ordinary cells.
        last: dict[str, int] = {}
        for i, cell in enumerate(nb.cells):
            ng = cell.metadata.get("nbgrader")
            if isinstance(ng, dict) and ng.get("grade_id"):
                last[ng["grade_id"]] = i
        for i, cell in enumerate(nb.cells):
            ng = cell.metadata.get("nbgrader")
            if isinstance(ng, dict) and ng.get("grade_id") and last[ng["grade_id"]] != i:
                del cell.metadata["nbgrader"]
                add_finding(nb, "cells_duplicated")
            elif isinstance(ng, dict) and not ng.get("grade_id") and "nbgrader" in cell.metadata:
                del cell.metadata["nbgrader"]
        for cell in nb.cells:
            ng = cell.metadata.get("nbgrader")
            gid = ng.get("grade_id") if isinstance(ng, dict) else None
            if gid:
                seen[gid] = seen.get(gid, 0) + 1
                # (the release's checksums are not the master's: nbgrader checks those itself)
                if gid in tests and (_float(ng.get("points")) != float(tests[gid][0]) or not ng.get("grade")
                                     or not ng.get("locked") or ng.get("solution")):
                    add_finding(nb, "metadata_changed")
                    # a test cell stays a test cell: nbgrader restores its source but not its flags,
                    # and then stops on a checksum it cannot make consistent
                    ng.update(grade=True, locked=True, solution=False, points=float(tests[gid][0]))
                    ng.setdefault("schema_version", 3)
            elif cell.cell_type == "code" and _head(_src(cell)) in heads:
                stripped = True  # a test cell without its nbgrader metadata
            if cell.cell_type == "code" and not (isinstance(ng, dict) and ng.get("locked")):
                for code in sorted(audit_code(_src(cell))):
                    add_finding(nb, code)
        if _locked_edited(nb, info["assignment"], info["notebook"]):
            add_finding(nb, "locked_changed")
        if stripped or set(tests) - set(seen):
            add_finding(nb, "cells_missing")
        ks = nb.metadata.get("kernelspec", {}) or {}
        if kernelspec and ks.get("name") != kernelspec.get("name"):
            add_finding(nb, "kernel_changed")
        return nb, resources


def _locked_edited(nb, assignment: str, notebook: str) -> bool:
    """Whether a read-only cell differs from the released copy (release/<assignment>/, beside the
    gradebook in the course root nbgrader runs in). nbgrader's own checksum warning cannot tell:
    it fires for every test cell whose hidden part the release left out."""
    from pathlib import Path

    try:
        rel = json.loads((Path("release") / assignment / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    released = {}
    for c in rel.get("cells", []):
        ng = c.get("metadata", {}).get("nbgrader", {})
        if ng.get("locked") and ng.get("grade_id"):
            released[ng["grade_id"]] = _normalised(_src(c))
    for cell in nb.cells:
        ng = cell.metadata.get("nbgrader")
        gid = ng.get("grade_id") if isinstance(ng, dict) else None
        if gid in released and _normalised(_src(cell)) != released[gid]:
            return True
    return False


def _normalised(source: str) -> str:
    """A cell's code without its hidden-test block and blank lines (what the release shows)."""
    out, hidden = [], False
    for line in source.splitlines():
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden and line.strip():
            out.append(line.rstrip())
    return "\n".join(out)


class RestoreTestCells(NbGraderPreprocessor):
    """Last in the sanitize pass: put back every test cell the submission lacks, from the master
    copy in the gradebook (hidden tests included), right after the cell that precedes it there."""

    def preprocess(self, nb, resources):
        from nbformat.v4 import new_code_cell
        from nbgrader.api import Gradebook, MissingEntry
        from nbgrader.nbgraderformat import MetadataValidator

        info = resources["nbgrader"]
        try:
            with Gradebook(info["db_url"]) as gb:
                master = gb.find_notebook(info["notebook"], info["assignment"])
                order = [s.name for s in master.source_cells]
                cells = {s.name: (s.source, s.checksum, s.locked, s.cell_type) for s in master.source_cells}
                tests = {c.name: c.max_score for c in master.grade_cells if c.cell_type == "code"}
                solutions = {c.name for c in master.solution_cells}
        except MissingEntry:
            return nb, resources

        def ids():
            return [c.metadata.get("nbgrader", {}).get("grade_id") if isinstance(c.metadata.get("nbgrader"), dict) else None
                    for c in nb.cells]

        for gid in [g for g in order if g in tests and g not in solutions]:
            same = [i for i, c in enumerate(nb.cells) if isinstance(c.metadata.get("nbgrader"), dict)
                    and c.metadata["nbgrader"].get("grade_id") == gid]
            if any(nb.cells[i].metadata["nbgrader"].get("grade") for i in same):
                continue
            source, checksum, locked, cell_type = cells[gid]
            cell = new_code_cell(source=source, metadata={"editable": False, "deletable": False, "nbgrader": {
                "grade": True, "grade_id": gid, "locked": True, "points": tests[gid], "solution": False,
                "checksum": checksum, "cell_type": "code"}})
            cell = MetadataValidator().upgrade_cell_metadata(cell)
            if same:  # kept its id but lost its grade flag: the master copy takes its place
                for i in same[1:]:
                    del nb.cells[i].metadata["nbgrader"]
                nb.cells[same[0]] = cell
            else:  # after the nearest cell that precedes it in the master copy and is still there
                present = ids()
                at = len(nb.cells)
                for prev in reversed(order[:order.index(gid)]):
                    if prev in present:
                        at = present.index(prev) + 1
                        break
                nb.cells.insert(at, cell)
            add_finding(nb, "cells_missing")
        return nb, resources


GUARD_BEFORE = "__import__('xborder_grader.guard', fromlist=['_']).before_test(globals())"
GUARD_AFTER = "__import__('xborder_grader.guard', fromlist=['_']).after_test(globals())"


def _slice_shell_polls(kc, step: float = 0.5) -> None:
    """Wait for shell replies in short polls instead of one long one.

    nbclient waits for a cell's execute_reply with one poll on the shell socket (zmq.asyncio) for
    the whole cell timeout, and meanwhile sends messages on the same socket (the comm updates of an
    ipywidgets Output widget). Now and then that send swallows the socket's wake-up: the reply
    sits in the socket while the poll sleeps until the timeout, and a widget cell that ran in
    0.2 s is recorded as timed out 60 s later (measured: 2 of 120 runs of a widget notebook with
    three graders in parallel). A fresh poll looks at the socket first, so a missed wake-up now
    costs at most `step` seconds; timeouts keep their meaning.
    """
    channel = getattr(kc, "shell_channel", None)
    if channel is None or getattr(channel, "_xborder_sliced", False):
        return
    import asyncio
    import time
    from queue import Empty

    original = channel.get_msg
    if not asyncio.iscoroutinefunction(original):
        return

    async def get_msg(timeout=None):
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = step if end is None else max(0.0, min(step, end - time.monotonic()))
            try:
                return await original(timeout=left)
            except Empty:
                if end is not None and time.monotonic() >= end:
                    raise

    channel.get_msg = get_msg
    channel._xborder_sliced = True


class GuardedExecute(Execute):
    """nbgrader's Execute with the kernel guarded (see the module docstring)."""

    memory_limit_mb = Integer(6144, help="Address-space cap of the grading kernel, MiB (0: none).").tag(config=True)
    max_output_chars = Integer(200_000, help="Output kept per cell; the rest is dropped while it runs.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._guard_ready = False
        self._nb = nb
        self._out_chars: dict[int, int] = {}
        return super().preprocess(nb, resources, km)

    async def _silent(self, expr: str):
        """Evaluate `expr` in the kernel without a trace in the notebook; (ok, repr or error)."""
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expr})
        reply = await self.async_wait_for_reply(msg_id)
        res = (reply or {}).get("content", {}).get("user_expressions", {}).get("r", {})
        if res.get("status") == "ok":
            return True, res.get("data", {}).get("text/plain", "")
        return False, f"{res.get('ename', 'Error')}: {res.get('evalue', '')}"

    def preprocess_cell(self, cell, resources, index):
        # (nbconvert runs each cell through here; nbclient's sync execute_cell is bound to its own
        # async_execute_cell, so this is the place to wrap every cell)
        from nbclient.util import run_sync

        _slice_shell_polls(self.kc)
        silent = run_sync(self._silent)
        ng = cell.metadata.get("nbgrader", {}) if cell.cell_type == "code" else {}
        is_test = bool(ng.get("grade")) and not ng.get("solution")
        if cell.cell_type == "code" and not self._guard_ready:
            ok, _ = silent(f"__import__('xborder_grader.guard', fromlist=['_']).snapshot({int(self.memory_limit_mb)})")
            self._guard_ready = ok
        if is_test:
            ok, text = silent(GUARD_BEFORE) if self._guard_ready else (False, "no snapshot")
            if not ok:
                add_finding(self._nb, "guard_failed")
                cell.outputs = [_error_output("GuardFailed", "评分保护无法恢复测试所需的函数，此测试计 0 分。\n"
                                              "What this test relies on could not be restored, so it scores 0.")]
                return cell, resources
            restored = [r for r in _parse_list(text) if not r.startswith("shadowed builtin ")]
            if restored:
                f = _findings(self._nb)
                f["restored"] = sorted(set(f["restored"]) | set(restored))
                add_finding(self._nb, "patches_tests")
        import time

        started = time.monotonic()
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code" and self.timeout and time.monotonic() - started >= self.timeout:
            add_finding(self._nb, "cell_timeout")
        if is_test and self._guard_ready:
            silent(GUARD_AFTER)
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        total = self._out_chars.get(cell_index, 0) + size
        self._out_chars[cell_index] = total
        if total > self.max_output_chars and msg["msg_type"] in ("stream", "display_data", "execute_result", "update_display_data"):
            if total - size <= self.max_output_chars:
                add_finding(self._nb, "output_truncated")
                outs.append(_stream("\n… 输出过多，已截断 · output cut: too long …\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def _parse_list(text: str) -> list[str]:
    try:
        out = ast.literal_eval(text)
        return [str(x) for x in out] if isinstance(out, list) else []
    except (ValueError, SyntaxError):
        return []


def _error_output(ename: str, evalue: str):
    from nbformat.v4 import new_output

    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _stream(text: str):
    from nbformat.v4 import new_output

    return new_output("stream", name="stdout", text=text)


class ApplyAudit(NbGraderPreprocessor):
    """After SaveAutoGrades: a notebook with a severe finding scores 0 and waits for the instructor."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        found = severe(nb.metadata.get(META, {}).get("findings", []))
        if not found:
            return nb, resources
        info = resources["nbgrader"]
        try:
            with Gradebook(info["db_url"]) as gb:
                sub = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
                for g in sub.grades:
                    g.auto_score, g.needs_manual_grade = 0, True
                gb.db.commit()
        except MissingEntry:
            pass
        self.log.warning("%s/%s: %s — scored 0 for the instructor to review", info["student"], info["notebook"], ", ".join(found))
        return nb, resources
