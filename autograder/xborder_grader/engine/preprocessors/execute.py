"""The autograde pass's execution: each submission on its own data world, in a guarded kernel.

    GradingSeed      points the grading kernel at the student's own data world (XBORDER_SEED)
    GuardedExecute   nbgrader's Execute, plus: an address-space cap in the kernel, an output cap
                     per cell, and before every test cell the originals of everything the tests
                     rely on are restored (checks/guard.py); a test cell whose guard fails scores 0
"""

from __future__ import annotations

import ast
import json
import os
import zlib

from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Integer

from xborder_data.world import DEFAULT_SEED, SEED_ENV

from ..channels import slice_shell_polls
from .sanitize import _findings, add_finding


def grading_seed(student: str, assignment: str) -> int:
    """The data world a student's submission is graded on: stable per student and assignment,
    different between students, and never the default world the student worked on."""
    seed = 1 + zlib.crc32(f"{assignment}/{student}".encode("utf-8")) % 999_983
    return seed + 1 if seed == DEFAULT_SEED else seed


class GradingSeed(NbGraderPreprocessor):
    """Point the grading kernel at the student's own data world (XBORDER_SEED).

    The kernel that nbgrader starts next inherits this process's environment.
    """

    enabled = Bool(True, help="Grade on a per-student data world instead of the default one.").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        if self.enabled and info.get("student") is not None:
            os.environ[SEED_ENV] = str(grading_seed(str(info["student"]), str(info.get("assignment", ""))))
        return nb, resources


GUARD_BEFORE = "__import__('xborder_grader.checks.guard', fromlist=['_']).before_test(globals())"
GUARD_AFTER = "__import__('xborder_grader.checks.guard', fromlist=['_']).after_test(globals())"


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

        slice_shell_polls(self.kc)
        silent = run_sync(self._silent)
        ng = cell.metadata.get("nbgrader", {}) if cell.cell_type == "code" else {}
        is_test = bool(ng.get("grade")) and not ng.get("solution")
        if cell.cell_type == "code" and not self._guard_ready:
            ok, _ = silent(f"__import__('xborder_grader.checks.guard', fromlist=['_']).snapshot({int(self.memory_limit_mb)})")
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
