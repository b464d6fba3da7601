"""The course's nbgrader preprocessors, by the pass they belong to (named in nbgrader_config.py):

    sanitize.py   before anything runs: AuditSubmission, RestoreTestCells
    execute.py    the autograde pass's execution: GradingSeed, SplitExecute
    results.py    after the grades are saved: ApplyAudit
    feedback.py   feedback pages: SafeFeedback

They run inside nbgrader's own process, so plain `nbgrader autograde`, formgrader and
`xborder grade` all grade the same way.
"""

from .execute import GradingSeed, SplitExecute, grading_seed
from .feedback import SafeFeedback, grading_note
from .results import ApplyAudit
from .sanitize import AuditSubmission, RestoreTestCells, audit_code

__all__ = ["AuditSubmission", "RestoreTestCells", "GradingSeed", "SplitExecute", "ApplyAudit", "SafeFeedback",
           "audit_code", "grading_seed", "grading_note"]
