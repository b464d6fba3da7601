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
