"""One writing command per course root (engine/lock.py).

Does a second command stop and name the first, or wait for it? Is the lock free again when its
holder is killed with -9? Do build, collect and feedback respect it as grade does?
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from xborder_grader.apps.build import build
from xborder_grader.apps.collect import collect
from xborder_grader.apps.feedback import feedback
from xborder_grader.course import CourseError
from xborder_grader.engine.lock import course_lock, holder

from ..conftest import course_root


def test_a_second_holder_stops_and_learns_who_holds_it(tmp_path):
    with course_lock(tmp_path, "grade primary"):
        info = holder(tmp_path)
        assert info["command"] == "grade primary" and info["pid"] > 0
        with pytest.raises(CourseError) as err:
            with course_lock(tmp_path, "grade advanced"):
                pass
        assert "xborder grade primary" in str(err.value) and "--wait" in str(err.value)
    with course_lock(tmp_path, "grade advanced"):  # free again
        assert holder(tmp_path)["command"] == "grade advanced"


def test_a_killed_holder_leaves_no_lock_behind(tmp_path):
    code = textwrap.dedent(f"""
        import sys, time
        from xborder_grader.engine.lock import course_lock
        with course_lock({str(tmp_path)!r}, "grade primary"):
            print("held", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(CourseError, match="process"):
            with course_lock(tmp_path, "build primary"):
                pass
    finally:
        proc.kill()
        proc.wait()
    t0 = time.monotonic()
    with course_lock(tmp_path, "build primary"):
        assert time.monotonic() - t0 < 5


def test_build_collect_and_feedback_respect_the_lock(tmp_path):
    root = course_root(tmp_path, "primary", [])
    with course_lock(root, "grade primary"):
        for run in (lambda: build("primary", root=root, echo=lambda *a: None),
                    lambda: collect("primary", tmp_path, root=root, echo=lambda *a: None),
                    lambda: feedback("primary", root=root, progress=False, echo=lambda *a: None)):
            with pytest.raises(CourseError, match="xborder grade primary"):
                run()
