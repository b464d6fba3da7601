"""After the autograde pass has saved the grades: apply what the audit found."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from ...findings import severe
from .sanitize import META


class ApplyAudit(NbGraderPreprocessor):
    """After SaveAutoGrades: a notebook graded without the sandbox whose code reached for the grader
    scores 0 and waits for the instructor (in the sandbox such code could not reach anything)."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        record = nb.metadata.get(META, {})
        found = severe(record.get("findings", []), sandboxed=record.get("sandbox") == "bwrap")
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
