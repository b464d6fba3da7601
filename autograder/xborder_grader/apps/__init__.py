"""The instructor's verbs, one module each: build, release, collect, grade, feedback, export,
report, and start (the student workspace)."""
