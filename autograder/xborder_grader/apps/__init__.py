"""The instructor's verbs, one module each: build, release, collect, grade, feedback, export,
report, and start (the student workspace)."""

from pathlib import Path

# nbconvert templates of the pages the verbs write (the feedback page: templates/xborder_feedback)
TEMPLATES = Path(__file__).resolve().parent / "templates"
