"""The gradebook on a real PostgreSQL server (started by the tests, conftest.postgres_server).

Is nbgrader's schema made once, whoever comes first? Does `xborder grade` on a PostgreSQL gradebook
give exactly the grades and statuses it gives on SQLite, keep the statuses in that same database,
hold a bounded number of connections whatever the number of workers, and carry on where it
stopped? Does nbgrader's own API (what formgrader reads and writes) see those grades?
"""

from __future__ import annotations

import json
import shutil
import threading

import pytest
import sqlalchemy as sa

from xborder_grader.apps.grade import grade
from xborder_grader.engine import gradebook as gbm
from xborder_grader.engine import scheduler
from xborder_grader.engine.status import PostgresStatusStore, StatusStore

from ..conftest import api_gradebook, course_root, formgrader_grade
from . import fake_workers as fw

LEVEL, NB = "primary", "P-9.9_demo"
SCORES = {"s001": 0, "s002": 1, "s003": 2, "s004": 3, "s005": 5}


def make_course(base, url=None):
    """A course root whose gradebook defines NB: SQLite by default, or the database at `url`."""
    base.mkdir(parents=True, exist_ok=True)
    extra = f"\nc.CourseDirectory.db_url = {url!r}\n" if url else ""
    root = course_root(base, LEVEL, [], config_extra=extra)
    api_gradebook(url or root / "gradebook.db", LEVEL, {NB: {c: ("test", p) for c, p in fw.CELLS.items()}})
    for student, score in SCORES.items():
        folder = root / "submitted" / student / LEVEL
        folder.mkdir(parents=True)
        (folder / f"{NB}.ipynb").write_text(json.dumps({"cells": [], "score": score}), encoding="utf-8")
    return root


def run(root, **kw):
    return grade(LEVEL, root=root, worker=fw.grades, progress=False, echo=lambda *a: None, **kw)


def statuses(root):
    store = StatusStore(root, LEVEL)
    try:
        return {k: (v["status"], v["score"], v["max_score"], v["attempts"]) for k, v in store.all().items()}
    finally:
        store.close()


def connections(url) -> int:
    """How many connections the grading process holds on the server now (pg_stat_activity)."""
    eng = sa.create_engine(url)
    try:
        with eng.connect() as db:
            return db.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :a"),
                              {"a": gbm.APPLICATION}).scalar()
    finally:
        eng.dispose()


def test_the_schema_is_made_once_whoever_comes_first(pg_url):
    errors = []

    def prepare():
        try:
            gbm.prepare_gradebook(pg_url)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=prepare) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    eng = sa.create_engine(pg_url)
    with eng.connect() as db:
        assert db.execute(sa.text("SELECT version_num FROM alembic_version")).fetchall() == [(gbm.alembic_head(),)]
        tables = set(sa.inspect(db).get_table_names())
    eng.dispose()
    assert {"assignment", "grade", "submitted_notebook", "alembic_version"} <= tables
    # nbgrader opens it as one of its own, and `xborder` checks that it belongs to the course
    with gbm.open_gradebook(pg_url, "xborder") as gb:
        assert gb.assignments == []


def test_grading_on_postgres_gives_the_sqlite_grades_and_keeps_the_status_there(tmp_path, pg_url, monkeypatch):
    lite = make_course(tmp_path / "lite")
    pg = make_course(tmp_path / "pg", pg_url)
    assert isinstance(StatusStore(pg, LEVEL), PostgresStatusStore)

    seen, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            seen.append(connections(pg_url))
            stop.wait(0.05)

    # slow each result down a little, so that the watcher sees the run while it holds its connections
    record = scheduler.record

    def slow_record(*a, **kw):
        record(*a, **kw)
        stop.wait(0.1)

    monkeypatch.setattr(scheduler, "record", slow_record)
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        s_pg = run(pg, workers=3)
    finally:
        stop.set()
        watcher.join()
    s_lite = run(lite, workers=3)
    assert s_pg.counts == s_lite.counts == {"graded": len(SCORES)}

    # the same grades, cell by cell, and the same statuses
    assert gbm.grade_rows(pg_url) == gbm.grade_rows(lite / "gradebook.db")
    assert len(gbm.grade_rows(pg_url)) == len(SCORES) * len(fw.CELLS)
    assert statuses(pg) == statuses(lite)
    assert {k[0]: v[1] for k, v in statuses(pg).items()} == {s: min(x, 3) + min(x, 2) for s, x in SCORES.items()}
    # ... kept in PostgreSQL, not in a file of this machine
    assert not (pg / ".xborder" / "status.db").exists()
    eng = sa.create_engine(pg_url)
    with eng.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM xborder_status")).scalar() == len(SCORES)
    eng.dispose()
    # one connection for the gradebook, one for the statuses, whatever the number of workers
    assert seen and max(seen) <= 2 and max(seen) >= 1, seen
    assert connections(pg_url) == 0  # all given back

    # resumable: nothing is graded twice
    again = run(pg, workers=3)
    assert again.counts == {} and again.skipped == {"already graded": len(SCORES)}


def test_nbgrader_and_formgrader_read_and_write_that_gradebook(tmp_path, pg_url):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    pg = make_course(tmp_path / "pg", pg_url)
    run(pg, workers=2)
    # the stand-in workers write no autograded copy; nbgrader's autograde would (timestamp included)
    shutil.copytree(pg / "submitted", pg / "autograded")
    # what formgrader's pages show comes from nbgrader's API over the same database
    coursedir = CourseDirectory(root=str(pg), db_url=pg_url, course_id="xborder")
    api = NbGraderAPI(coursedir=coursedir)
    subs = {s["student"]: s for s in api.get_submissions(LEVEL)}
    assert {s: v["score"] for s, v in subs.items()} == {s: float(min(x, 3) + min(x, 2)) for s, x in SCORES.items()}
    assert all(v["max_score"] == 5.0 and v["autograded"] for v in subs.values())

    # an instructor's grade saved in formgrader survives a regrade and shows in the status
    formgrader_grade(pg_url, LEVEL, "s001", NB, "ex1_test", manual_score=2.5)
    run(pg, workers=2, force=True)
    entry = statuses(pg)[("s001", NB)]
    assert entry[0] == "needs_manual" and entry[1] == 2.5 and entry[3] == 2
    assert api.get_submissions(LEVEL) and {s["student"]: s["score"] for s in api.get_submissions(LEVEL)}["s001"] == 2.5


def test_a_server_that_does_not_answer_is_named_without_its_password(tmp_path):
    from xborder_grader.course import CourseError

    url = "postgresql://grader:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(CourseError) as err:
        gbm.prepare_gradebook(url)
    assert "s3cret" not in str(err.value) and "PostgreSQL" in str(err.value)
