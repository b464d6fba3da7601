"""The status of every notebook (engine/status.py): kept across runs, one row per student × notebook."""

from __future__ import annotations

import pytest

from xborder_grader.course import CourseError
from xborder_grader.engine.status import StatusStore
from xborder_grader.findings import STATUSES


def test_set_get_all_and_attempts(tmp_path):
    store = StatusStore(tmp_path, "primary")
    assert store.get("s001", "nb") is None and store.all() == {}
    store.set("s001", "nb", status="failed", reasons=["timeout"], sha256="abc", score=0.0, max_score=8.0, seconds=300)
    store.set("s001", "nb", status="graded", reasons=[], sha256="def", score=8.0, max_score=8.0, seconds=2.5)
    store.set("s002", "nb", status="missing", score=0.0, max_score=8.0)
    store.close()

    again = StatusStore(tmp_path, "primary")  # a later run sees the same
    e = again.get("s001", "nb")
    assert (e["status"], e["reasons"], e["sha256"], e["score"], e["attempts"]) == ("graded", [], "def", 8.0, 2)
    assert again.get("s002", "nb")["attempts"] == 0  # nothing was attempted for a missing file
    assert set(again.all()) == {("s001", "nb"), ("s002", "nb")}
    assert StatusStore(tmp_path, "advanced").all() == {}  # one level's status is not another's
    again.close()


def test_only_known_statuses(tmp_path):
    store = StatusStore(tmp_path, "primary")
    for st in STATUSES:
        store.set("s", st, status=st)
    with pytest.raises(AssertionError):
        store.set("s", "nb", status="passed")
    store.close()


def test_a_damaged_status_file_says_what_to_do(tmp_path):
    (tmp_path / ".xborder").mkdir()
    (tmp_path / ".xborder" / "status.db").write_bytes(b"this is not SQLite at all" * 40)
    with pytest.raises(CourseError, match="move it away to rebuild the status"):
        StatusStore(tmp_path, "primary")
