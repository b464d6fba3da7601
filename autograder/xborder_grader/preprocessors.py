"""nbgrader preprocessors of the course, enabled in nbgrader_config.py.

They run inside nbgrader's own process, so plain `nbgrader autograde`, formgrader and
`xborder grade` all grade the same way.
"""

from __future__ import annotations

import os
import zlib

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from xborder_data.world import DEFAULT_SEED, SEED_ENV


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


# --- feedback ---------------------------------------------------------------------------------------
HIDDEN_NOTE = "# （隐藏检查已省略 · hidden checks are not shown）"
HIDDEN_FAILED = ("一项隐藏检查未通过：你的答案在评分用的数据上不正确。\n"
                 "A hidden check did not pass: your answer is not right on the grading data.")


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class SafeFeedback(NbGraderPreprocessor):
    """Feedback that helps without giving the answers away.

    For every graded test cell of the autograded notebook: the hidden-test region is removed
    from the source; each error keeps only its type and message (a CheckFailed message is the
    bilingual text the check wrote; a bare assertion gets a generic bilingual message), never
    the traceback, whose lines would print hidden code; and the cell opens with the skill items
    it grades, read from the course's source notebook.
    """

    enabled = Bool(True, help="Remove hidden tests and tracebacks from feedback.").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        self._skills = self._load_skills(resources)
        nb, resources = super().preprocess(nb, resources)
        note = grading_note(nb.metadata.get("xborder_grading", {}))
        if note:
            from nbformat.v4 import new_markdown_cell

            nb.cells.insert(0, new_markdown_cell(note))
        return nb, resources

    @staticmethod
    def _load_skills(resources) -> dict:
        import json
        from pathlib import Path

        info = resources.get("nbgrader", {})
        src = Path("course") / str(info.get("assignment", "")) / f"{info.get('notebook', '')}.ipynb"
        try:
            cells = json.loads(src.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            return {}
        out = {}
        for c in cells:
            gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid:
                out[gid] = c.get("metadata", {}).get("xborder", {}).get("skills", [])
        return out

    def preprocess_cell(self, cell, resources, index):
        ng = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not ng.get("grade") or ng.get("solution"):
            return cell, resources
        lines, hidden = [], False
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line:
                hidden = True
                lines.append(line[: len(line) - len(line.lstrip())] + HIDDEN_NOTE)
            elif "END HIDDEN TESTS" in line:
                hidden = False
            elif not hidden:
                lines.append(line)
        skills = self._skills.get(ng.get("grade_id"), [])
        head = f"# 技能 Skill items: {', '.join(skills)} · 分值 points: {ng.get('points', 0):g}" if skills else None
        cell.source = "\n".join(([head] if head else []) + lines)
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            ename = out.get("ename", "Error")
            evalue = _strip_ansi(str(out.get("evalue", ""))).strip()
            if ename in ("AssertionError",) and not evalue:
                evalue = HIDDEN_FAILED
            elif ename not in ("CheckFailed", "NotAttempted") and ename != "AssertionError":
                evalue = f"{evalue}\n运行检查时出错（{ename}）· The checks stopped with {ename}."
            out["evalue"] = evalue
            out["traceback"] = [f"{ename}: {evalue}"]
        return cell, resources


def grading_note(meta: dict) -> str:
    """Markdown for the top of a student's feedback: what the grader found and did, in plain words."""
    from .integrity import FINDINGS

    found = [c for c in meta.get("findings", []) if c in FINDINGS]
    if not found:
        return ""
    lines = ["### 评分说明 · Grading notes", ""]
    for code in found:
        sev, zh, en = FINDINGS[code]
        lines.append(f"- {'⚠️' if sev == 'severe' else 'ℹ️'} {zh}。<br>{en}.")
    if any(FINDINGS[c][0] == "severe" for c in found):
        lines += ["", "这个 notebook 暂计 0 分，老师会人工复核。 · This notebook scores 0 for now; your instructor will review it."]
    return "\n".join(lines)
