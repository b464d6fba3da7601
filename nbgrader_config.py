"""nbgrader configuration of the xborder course: the course root is the folder holding this file."""

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "xborder"
c.CourseDirectory.source_directory = "course"
# exports/ is what a notebook downloads from the simulated back-end while it runs; never ship it
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "exports", ".*"]

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A whole notebook runs in seconds; a cell that needs a minute is stuck (an endless loop, say).
c.Execute.timeout = 60
# nbgrader fails a notebook whose cell output takes longer than nbclient's 4 s to arrive after the
# cell finished; on a machine busy with a whole class (or a test suite) that happens to correct
# code, so the output gets as long as the cell.
c.Execute.iopub_timeout = 60

# A warning printed while a test runs (pandas FutureWarning, say) is not a failure: nbgrader would
# score any stderr output 0, so warning-only stderr is dropped before grading.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\w*Warning: "

# Feedback shows skill items, points and the checks' bilingual messages, never hidden tests or
# the tracebacks that would print them.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "xborder_grader.engine.preprocessors.SafeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# ... on the course's page (xborder_grader/apps/templates/xborder_feedback): skill items in the
# summary, messages that wrap, and no script from a CDN, so it reads the same offline.
from xborder_grader.apps import TEMPLATES  # noqa: E402

c.HTMLExporter.template_name = "xborder_feedback"
c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]

# Broken and hostile submissions (docs/integrity.md): the submission is audited as handed in and
# deleted test cells are put back from the gradebook; then the student's code runs in an
# operating-system sandbox (bubblewrap) while the test cells run in a separate checker process that
# reaches the student's values only as data (SplitExecute, xborder_grader/engine/preprocessors/).
c.Autograde.sanitize_preprocessors = [
    "xborder_grader.engine.preprocessors.AuditSubmission",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "xborder_grader.engine.preprocessors.RestoreTestCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Grade every submission on its own copy of the data world (GradingSeed, in
# xborder_grader/engine/preprocessors/), so that answers typed in from the default data do not pass.
c.Autograde.autograde_preprocessors = [
    "xborder_grader.engine.preprocessors.GradingSeed",
    "xborder_grader.engine.preprocessors.SplitExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "xborder_grader.engine.preprocessors.ApplyAudit",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# the audit's findings travel with the autograded notebook, for the status and the feedback
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = [("language_info", "name"), ("xborder_grading",)]
