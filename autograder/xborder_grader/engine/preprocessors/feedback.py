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

    A written answer graded by hand (a manually graded markdown cell) is marked "awaiting" while
    the gradebook says it still needs a person, and "by_hand" once the instructor has graded it;
    the page then shows the instructor's points and comment under the student's answer.
    """

    enabled = Bool(True, help="Remove hidden tests and tracebacks from feedback.").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        self._skills = self._load_skills(resources)
        self._names = self._load_skill_names()
        self._waiting = self._load_waiting(resources)
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

    @staticmethod
    def _load_waiting(resources) -> set:
        """The cells of this submission that still wait for a person (nbgrader's needs_manual_grade)."""
        from nbgrader.api import Gradebook, MissingEntry

        info = resources.get("nbgrader", {})
        if not info.get("db_url"):
            return set()
        try:
            with Gradebook(info["db_url"]) as gb:
                sub = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
                return {g.name for g in sub.grades if g.needs_manual_grade}
        except (MissingEntry, KeyError):
            return set()

    @staticmethod
    def _load_skill_names() -> dict:
        """Skill item → "ID 中文 · English" from the course's catalog (feedback runs in the course root)."""
        from pathlib import Path

        from ...course import CourseError, Catalog

        try:
            items = Catalog(Path.cwd()).items
        except (CourseError, OSError, ValueError, KeyError, TypeError):
            return {}
        return {i: f"{i} {v.get('zh', '')} · {v.get('en', '')}".strip() for i, v in items.items()}

    def preprocess_cell(self, cell, resources, index):
        if cells.is_manual(cell):
            gid = cells.grade_id(cell)
            skills = self._skills.get(gid, [])
            cell.metadata["xborder"] = {"skills": skills, "skill_names": [self._names.get(s, s) for s in skills],
                                        "outcome": "awaiting" if gid in self._waiting else "by_hand"}
            return cell, resources
        if not cells.is_test(cell):
            return cell, resources
        ng = cells.nbgrader(cell)
        skills = self._skills.get(ng.get("grade_id"), [])
        head = f"# 技能 Skill items: {', '.join(skills)} · 分值 points: {ng.get('points', 0):g}" if skills else None
        cell.source = "\n".join(([head] if head else []) + [cells.without_hidden(cell.source, HIDDEN_NOTE)])
        errors = []
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            ename = out.get("ename", "Error")
            errors.append(ename)
            evalue = _strip_ansi(str(out.get("evalue", ""))).strip()
            out["evalue"], out["traceback"] = _shown(ename, evalue)
        # for the page's summary (templates/xborder_feedback): which skill items, and how it went
        score, points = ng.get("score"), ng.get("points", 0)
        outcome = ("not_attempted" if "NotAttempted" in errors or "NotReady" in errors
                   else "passed" if not errors and score is not None and float(score) >= float(points) else "failed")
        cell.metadata["xborder"] = {"skills": skills, "skill_names": [self._names.get(s, s) for s in skills],
                                    "outcome": outcome}
        return cell, resources


def _shown(ename: str, evalue: str) -> tuple[str, list[str]]:
    """(evalue, traceback lines) of an error as the feedback shows it: the check's bilingual block,
    never a traceback (whose lines would print hidden tests)."""
    from ...checks import CheckFailed, NotAttempted, NotReady, _block

    label = {"NotAttempted": NotAttempted.label, "NotReady": NotReady.label}.get(ename, CheckFailed.label)
    if ename in ("CheckFailed", "NotAttempted", "NotReady"):
        zh, _, en = evalue.partition("\n")
    elif ename == "AssertionError" and not evalue:
        evalue = HIDDEN_FAILED
        zh, _, en = evalue.partition("\n")
    else:
        if ename != "AssertionError":
            evalue = f"{evalue}\n运行检查时出错（{ename}）· The checks stopped with {ename}."
        return evalue, [_block(label, "", "")[0], *evalue.splitlines()]
    return evalue, _block(label, zh, en)


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
