"""The honest status of every student × notebook of a level, kept beside the gradebook.

nbgrader exports a submission that crashed, timed out, was not a notebook or lost its test cells
as 0, exactly like a real zero, and tries it again on every run. `xborder grade` records what
really happened instead, in `.xborder/status.db` (SQLite) under the course root:

    graded        autograded, every test cell scored
    needs_manual  autograded, but some cells wait for a person in formgrader
    tampered      autograded, but test cells were deleted, stripped or duplicated: check it by hand
    failed        could not be graded (reason given); not retried until the file changes or
                  `--retry-failed` is given
    missing       no file handed in (scores 0, as nbgrader does)

Each notebook's entry is committed as soon as it is graded, so a killed run loses nothing it finished.

When the gradebook is on PostgreSQL (nbgrader_config.py's db_url), the entries live in that same
database instead (table `xborder_status`, one connection), so that every machine of a grading
cluster, and every instructor's terminal, agrees on them.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from ..findings import STATUSES


class StatusStore:
    """Status entries of one assignment (level)."""

    FIELDS = ("status", "reasons", "sha256", "score", "max_score", "seconds", "attempts", "at")

    def __new__(cls, root: Path, assignment: str, url: str | None = None):
        if cls is StatusStore:
            from .gradebook import db_url, is_postgres

            if url is None and (Path(root) / "nbgrader_config.py").exists():
                url = db_url(root)
            if url and is_postgres(url):
                return super().__new__(PostgresStatusStore)
        return super().__new__(cls)

    def __init__(self, root: Path, assignment: str, url: str | None = None):
        self.path = Path(root) / ".xborder" / "status.db"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.assignment = assignment
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("""CREATE TABLE IF NOT EXISTS status (
                assignment TEXT, student TEXT, notebook TEXT, status TEXT, reasons TEXT, sha256 TEXT,
                score REAL, max_score REAL, seconds REAL, attempts INTEGER, at TEXT,
                PRIMARY KEY (assignment, student, notebook))""")
        except sqlite3.DatabaseError as exc:
            from ..course import CourseError

            raise CourseError(f"{self.path} 已损坏 is damaged ({exc}): move it away to rebuild the status from "
                              "scratch (every submission will then be graded again).") from exc

    @classmethod
    def _entry(cls, row) -> dict:
        """A row of FIELDS as the dict get() and all() give, its reasons a list again."""
        out = dict(zip(cls.FIELDS, row))
        out["reasons"] = json.loads(out["reasons"] or "[]")
        return out

    def get(self, student: str, notebook: str) -> dict | None:
        row = self.db.execute(f"SELECT {', '.join(self.FIELDS)} FROM status WHERE assignment=? AND student=? AND notebook=?",
                              (self.assignment, student, notebook)).fetchone()
        return None if row is None else self._entry(row)

    def set(self, student: str, notebook: str, *, status: str, reasons=(), sha256=None, score=None,
            max_score=None, seconds=None) -> None:
        assert status in STATUSES, status
        old = self.get(student, notebook) or {}
        attempts = (old.get("attempts") or 0) + (0 if status == "missing" else 1)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO status VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            (self.assignment, student, notebook, status, json.dumps(list(reasons)), sha256, score,
                             max_score, seconds, attempts, time.strftime("%Y-%m-%dT%H:%M:%S")))

    def all(self) -> dict[tuple[str, str], dict]:
        rows = self.db.execute(f"SELECT student, notebook, {', '.join(self.FIELDS)} FROM status WHERE assignment=?",
                               (self.assignment,)).fetchall()
        return {(r[0], r[1]): self._entry(r[2:]) for r in rows}

    def close(self) -> None:
        self.db.close()


class PostgresStatusStore(StatusStore):
    """The same entries in the PostgreSQL gradebook's database (table xborder_status)."""

    TABLE = "xborder_status"

    def __init__(self, root: Path, assignment: str, url: str | None = None):
        import sqlalchemy as sa

        from .gradebook import db_url, engine, prepare_gradebook

        self.url = url or db_url(root)
        self.path = None
        self.assignment = assignment
        prepare_gradebook(self.url)  # its own table beside nbgrader's: the database must exist and answer
        self.engine = engine(self.url)
        with self.engine.begin() as db:
            db.execute(sa.text("SELECT pg_advisory_xact_lock(2203)"))  # two first runs at once make it once
            db.execute(sa.text(f"""CREATE TABLE IF NOT EXISTS {self.TABLE} (
                assignment TEXT, student TEXT, notebook TEXT, status TEXT, reasons TEXT, sha256 TEXT,
                score DOUBLE PRECISION, max_score DOUBLE PRECISION, seconds DOUBLE PRECISION, attempts INTEGER,
                at TEXT, PRIMARY KEY (assignment, student, notebook))"""))

    def get(self, student: str, notebook: str) -> dict | None:
        import sqlalchemy as sa

        with self.engine.connect() as db:
            row = db.execute(sa.text(f"SELECT {', '.join(self.FIELDS)} FROM {self.TABLE} "
                                     "WHERE assignment=:a AND student=:s AND notebook=:n"),
                             {"a": self.assignment, "s": student, "n": notebook}).fetchone()
        return None if row is None else self._entry(row)

    def set(self, student: str, notebook: str, *, status: str, reasons=(), sha256=None, score=None,
            max_score=None, seconds=None) -> None:
        import sqlalchemy as sa

        assert status in STATUSES, status
        values = {"a": self.assignment, "s": student, "n": notebook, "status": status,
                  "reasons": json.dumps(list(reasons)), "sha256": sha256, "score": score, "max_score": max_score,
                  "seconds": seconds, "inc": 0 if status == "missing" else 1, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
        with self.engine.begin() as db:  # one statement: the attempt count cannot be lost between two hosts
            db.execute(sa.text(f"""INSERT INTO {self.TABLE} VALUES
                (:a, :s, :n, :status, :reasons, :sha256, :score, :max_score, :seconds, :inc, :at)
                ON CONFLICT (assignment, student, notebook) DO UPDATE SET status=EXCLUDED.status,
                reasons=EXCLUDED.reasons, sha256=EXCLUDED.sha256, score=EXCLUDED.score,
                max_score=EXCLUDED.max_score, seconds=EXCLUDED.seconds,
                attempts=COALESCE({self.TABLE}.attempts, 0) + :inc, at=EXCLUDED.at"""), values)

    def all(self) -> dict[tuple[str, str], dict]:
        import sqlalchemy as sa

        with self.engine.connect() as db:
            rows = db.execute(sa.text(f"SELECT student, notebook, {', '.join(self.FIELDS)} FROM {self.TABLE} "
                                      "WHERE assignment=:a"), {"a": self.assignment}).fetchall()
        return {(r[0], r[1]): self._entry(r[2:]) for r in rows}

    def close(self) -> None:
        self.engine.dispose()
