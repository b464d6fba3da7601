"""Feedback pages: what a student sees of their graded notebook (nbgrader's GenerateFeedback with
the course's SafeFeedback preprocessor, enabled in nbgrader_config.py)."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from ... import cells

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
        from pathlib import Path

        info = resources.get("nbgrader", {})
        src = Path("course") / str(info.get("assignment", "")) / f"{info.get('notebook', '')}.ipynb"
        try:
            nb_cells = cells.read(src)["cells"]
        except (OSError, ValueError, KeyError):
            return {}
        return {cells.grade_id(c): cells.skills(c) for c in nb_cells if cells.grade_id(c)}

    def preprocess_cell(self, cell, resources, index):
        if not cells.is_test(cell):
            return cell, resources
        ng = cells.nbgrader(cell)
        skills = self._skills.get(ng.get("grade_id"), [])
        head = f"# 技能 Skill items: {', '.join(skills)} · 分值 points: {ng.get('points', 0):g}" if skills else None
        cell.source = "\n".join(([head] if head else []) + [cells.without_hidden(cell.source, HIDDEN_NOTE)])
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
    """Markdown for the top of a student's feedback: what the grader found and did, in plain words.
    In the sandbox the static audit's findings are only the instructor's business (they could not
    change anything, and a static audit also errs on honest code)."""
    from ...findings import AUDIT, FINDINGS

    sandboxed = meta.get("sandbox") == "bwrap"
    found = [c for c in meta.get("findings", []) if c in FINDINGS and not (sandboxed and c in AUDIT)]
    if not found:
        return ""
    lines = ["### 评分说明 · Grading notes", ""]
    for code in found:
        sev, zh, en = FINDINGS[code]
        lines.append(f"- {'⚠️' if sev == 'severe' and not sandboxed else 'ℹ️'} {zh}。<br>{en}.")
    if not sandboxed and any(FINDINGS[c][0] == "severe" for c in found):
        lines += ["", "这个 notebook 暂计 0 分，老师会人工复核。 · This notebook scores 0 for now; your instructor will review it."]
    return "\n".join(lines)
