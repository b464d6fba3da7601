"""The course's nbgrader gradebook: open it safely, give grading workers private copies, merge.

nbgrader keeps every grade in one database (SQLite `gradebook.db` by default, any SQLAlchemy URL
in `CourseDirectory.db_url`). Two autograde processes writing it at once lock it or collide on
UNIQUE constraints, so `xborder grade` never lets workers touch it: each worker grades into a
private SQLite copy of the assignment definitions, sends its results back, and the one parent
process writes them here, one notebook per transaction. The schema stays nbgrader's own, so
formgrader, `nbgrader export` and everything else keep working on the same file.

On PostgreSQL (`db_url = "postgresql://..."`, for classes graded on many machines, docs/scale.md)
the same holds, and: the schema is created once, under a lock, before any worker starts (nbgrader's
`Gradebook()` races on an empty database); the grading process holds one connection to it
whatever the number of workers (`open_gradebook`); and the status of every notebook lives in the
same database (status.py), so every host sees one truth.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..course import CourseError

# nbgrader's tables that define an assignment (copied to a worker) — everything else is submissions
DEFINITION_TABLES = ("assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "task_cells", "source_cell")


def db_url(root: Path) -> str:
    """The gradebook URL nbgrader uses for this course root (nbgrader_config.py may set db_url)."""
    cfg = _course_config(root)
    url = cfg.get("CourseDirectory", {}).get("db_url")
    return str(url) if url else f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def course_id(root: Path) -> str:
    return str(_course_config(root).get("CourseDirectory", {}).get("course_id", "default_course"))


def _course_config(root: Path):
    from traitlets.config.loader import PyFileConfigLoader

    try:
        return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    except Exception as exc:  # a broken config must not look like an empty one
        raise CourseError(f"cannot read {Path(root) / 'nbgrader_config.py'}: {exc}") from exc


def is_postgres(url: str) -> bool:
    return str(url).split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


APPLICATION = "xborder-grade"  # how the grading process names its connections (pg_stat_activity)


def engine(url: str):
    """A SQLAlchemy engine of at most one connection on PostgreSQL: the grading process writes one
    notebook at a time, so a second connection would only be a leak (and server connections are
    few: nbgrader #560). Other databases get SQLAlchemy's defaults."""
    import sqlalchemy as sa

    if not is_postgres(url):
        return sa.create_engine(url, future=True)
    _need_driver(url)
    return sa.create_engine(url, future=True, pool_size=1, max_overflow=0, pool_timeout=60, pool_pre_ping=True,
                            connect_args={"application_name": APPLICATION})


def _need_driver(url: str) -> None:
    import sqlalchemy as sa

    try:
        sa.engine.make_url(url).get_dialect().import_dbapi()
    except ImportError:
        raise CourseError("成绩库在 PostgreSQL 上，但没有安装它的驱动：请运行 pip install 'xborder[scale]'。\n"
                          f"The gradebook {_safe(url)} is on PostgreSQL but its driver is not installed: "
                          "pip install 'xborder[scale]' (psycopg), and name the driver in the URL: postgresql+psycopg://…") from None


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(the configured db_url)"


def prepare_gradebook(url: str) -> None:
    """Create nbgrader's schema in an empty PostgreSQL database, once, before any worker or
    formgrader opens it: nbgrader's `Gradebook()` creates tables when it finds none, and two of
    them doing so at once collide. The advisory lock makes concurrent callers take turns; the
    schema is stamped with alembic's head revision, as nbgrader stamps it. SQLite needs none of
    this (nbgrader creates a file's schema itself, and one process writes it)."""
    if not is_postgres(url):
        return
    import sqlalchemy as sa
    from nbgrader.api import Base

    eng = engine(url)
    try:
        with eng.begin() as db:
            db.execute(sa.text("SELECT pg_advisory_xact_lock(2202)"))  # held until this transaction ends
            if sa.inspect(db).has_table("alembic_version"):
                return
            Base.metadata.create_all(db)
            db.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            db.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": alembic_head()})
    except sa.exc.OperationalError as exc:
        raise CourseError(f"无法连接成绩库 {_safe(url)}：{exc.orig}\nCannot reach the gradebook {_safe(url)}: "
                          f"{exc.orig}. Check that the PostgreSQL server runs and that db_url in "
                          "nbgrader_config.py names it (user, password, host, database).") from exc
    finally:
        eng.dispose()


def alembic_head() -> str:
    """nbgrader's current schema revision, read in this process (nbgrader itself runs the
    `alembic` command in a subprocess for it)."""
    import nbgrader
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _bounded(gb, url: str) -> None:
    """Point an open nbgrader Gradebook at an engine of one connection (see `engine`)."""
    from sqlalchemy.orm import scoped_session, sessionmaker

    gb.db.remove()
    gb.engine.dispose()
    gb.engine = engine(url)
    gb.db = scoped_session(sessionmaker(autoflush=True, bind=gb.engine, future=True))


@contextmanager
def open_gradebook(url: str, course: str):
    """nbgrader's Gradebook, after checking that it belongs to this course; on PostgreSQL its
    schema is made first (prepare_gradebook) and it holds one connection."""
    from nbgrader.api import Assignment, Gradebook

    from ..runner import ensure_tool_path

    ensure_tool_path()
    if is_postgres(url):
        prepare_gradebook(url)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if path.exists() and path.stat().st_size and path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise CourseError(f"{path} 不是成绩库（SQLite）文件。\n{path} is not a gradebook (SQLite) file: "
                              "move it away or set CourseDirectory.db_url to the right database.")
    gb = Gradebook(url, course)
    if is_postgres(url):
        _bounded(gb, url)
    try:
        # nbgrader adds an empty "default_course" row to every gradebook: look at whose assignments it holds
        others = sorted({a.course_id for a in gb.db.query(Assignment).all() if a.course_id != course})
        if others:
            raise CourseError(
                f"成绩库 {url} 属于另一门课程（{', '.join(others)}），不是 {course}。\n"
                f"The gradebook {url} belongs to another course ({', '.join(others)}), not {course}: "
                "point CourseDirectory.db_url at this course's gradebook, or move the file away.")
        yield gb
    finally:
        gb.close()


def assignment_notebooks(gb, assignment: str) -> dict[str, dict[str, float]]:
    """notebook name -> {graded cell name: max score} of an assignment in the gradebook."""
    from nbgrader.api import MissingEntry

    try:
        a = gb.find_assignment(assignment)
    except MissingEntry:
        return {}
    return {nb.name: {c.name: float(c.max_score) for c in [*nb.grade_cells, *nb.task_cells]} for nb in a.notebooks}


GRADE_ROWS = """SELECT sa.student_id, n.name, bc.name, g.auto_score, g.manual_score, g.needs_manual_grade,
                      sn.late_submission_penalty
               FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
               JOIN submitted_assignment sa ON sn.assignment_id = sa.id
               JOIN notebook n ON sn.notebook_id = n.id JOIN base_cell bc ON g.cell_id = bc.id ORDER BY 1, 2, 3"""


def grade_rows(path: Path | str) -> list[tuple]:
    """Every grade of a gradebook (a SQLite file, or any database URL), sorted: two gradebooks
    grade alike when these are equal."""
    import sqlite3
    from contextlib import closing

    if "://" in str(path):
        import sqlalchemy as sa

        eng = engine(str(path))
        try:
            with eng.connect() as db:
                return [tuple(r) for r in db.execute(sa.text(GRADE_ROWS)).fetchall()]
        finally:
            eng.dispose()
    with closing(sqlite3.connect(path)) as db:
        return db.execute(GRADE_ROWS).fetchall()


def assignment_cell_ids(gb, assignment: str) -> dict[str, set[str]]:
    """notebook name -> every nbgrader cell id of its master copy (answers, tests, locked cells)."""
    from nbgrader.api import MissingEntry

    try:
        a = gb.find_assignment(assignment)
    except MissingEntry:
        return {}
    return {nb.name: {c.name for c in nb.source_cells} for nb in a.notebooks}


def make_private_copy(main_url: str, course: str, private_path: Path) -> str:
    """A fresh SQLite gradebook holding only the assignment definitions of the main one.

    nbgrader's schema is created from nbgrader's own table definitions and stamped with the main
    gradebook's alembic version, so nbgrader takes it for one of its own; creating it through
    `Gradebook()` would run the `alembic` command in a subprocess (a second or more, per worker)."""
    import sqlalchemy as sa
    from nbgrader.api import Base, Gradebook

    from ..runner import ensure_tool_path

    private_path.unlink(missing_ok=True)
    url = f"sqlite:///{private_path}"
    src, dst = engine(main_url), sa.create_engine(url)
    try:
        with src.connect() as s:
            try:
                version = s.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            except sa.exc.DBAPIError:
                version = None
        if version is None:  # not stamped (made by hand?): let nbgrader make the schema, alembic and all
            ensure_tool_path()
            Gradebook(url, course).close()
        else:
            Base.metadata.create_all(dst)
            with dst.begin() as d:
                d.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
                d.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
        copy_definitions(src, dst)
    finally:
        src.dispose()
        dst.dispose()
    return url


def copy_definitions(src, dst) -> None:
    """Replace the course and assignment definitions (DEFINITION_TABLES) of the gradebook behind
    engine `dst` with those of `src`; both have nbgrader's schema already."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    with src.connect() as s, dst.begin() as d:
        for table in Base.metadata.sorted_tables:
            if table.name in ("course", *DEFINITION_TABLES):
                d.execute(table.delete())
                rows = [dict(r._mapping) for r in s.execute(sa.select(table))]
                if rows:
                    d.execute(sa.insert(table), rows)


@dataclass
class NotebookGrades:
    """What autograding one submitted notebook wrote to a gradebook: enough to replay it elsewhere."""

    notebook: str
    timestamp: object = None  # datetime or None
    late_penalty: float | None = None
    grades: dict[str, dict] = field(default_factory=dict)  # cell -> auto_score, manual_score, extra_credit, needs_manual_grade
    comments: dict[str, dict] = field(default_factory=dict)  # cell -> auto_comment, manual_comment


def read_notebook_grades(gb, assignment: str, student: str, notebook: str) -> NotebookGrades | None:
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission_notebook(notebook, assignment, student)
    except MissingEntry:
        return None
    out = NotebookGrades(notebook, sub.assignment.timestamp, sub.late_submission_penalty)
    for g in sub.grades:
        out.grades[g.name] = {"auto_score": g.auto_score, "manual_score": g.manual_score,
                              "extra_credit": g.extra_credit, "needs_manual_grade": bool(g.needs_manual_grade)}
    for c in sub.comments:
        out.comments[c.name] = {"auto_comment": c.auto_comment, "manual_comment": c.manual_comment}
    return out


def cell_score(auto_score, manual_score, extra_credit) -> float:
    """One cell's score as nbgrader counts it (`nbgrader.api.Grade.score`): the manual score if a
    person gave one, else the auto score, plus extra credit; a cell graded by nobody counts 0."""
    base = manual_score if manual_score is not None else auto_score
    if base is None:
        return 0.0
    return float(base) + float(extra_credit or 0.0)


# fields of a grade and a comment that autograding decides (nbgrader's SaveAutoGrades writes these
# and only these); manual_score, extra_credit, manual_comment and the submission's flag are a person's
AUTO_GRADE_FIELDS = ("auto_score",)
AUTO_COMMENT_FIELDS = ("auto_comment",)


def write_notebook_grades(gb, assignment: str, student: str, result: NotebookGrades) -> None:
    """Replay a worker's result into the main gradebook in one transaction, as nbgrader's own
    SaveAutoGrades would have written it there: auto scores, auto comments, the late penalty and
    the timestamp. What a person decided in formgrader stays: manual scores, extra credit, manual
    comments, the flag. A cell a person graded is marked for review again (needs_manual_grade),
    exactly as SaveAutoGrades marks it on a regrade."""
    gb.update_or_create_student(student)
    if result.timestamp is not None:
        gb.update_or_create_submission(assignment, student, timestamp=result.timestamp)
    else:
        gb.update_or_create_submission(assignment, student)
    sub = gb.find_submission_notebook(result.notebook, assignment, student)
    try:
        for g in sub.grades:
            new = result.grades.get(g.name)
            if new is None:
                continue
            for k in AUTO_GRADE_FIELDS:
                setattr(g, k, new.get(k))
            # SaveAutoGrades: a previous manual grade, or no auto score, needs a person; the
            # private gradebook's own verdict (ApplyAudit holds a tampered notebook for review) stands too
            g.needs_manual_grade = bool(g.manual_score is not None or g.auto_score is None or new.get("needs_manual_grade"))
        for c in sub.comments:
            new = result.comments.get(c.name)
            if new is not None:
                for k in AUTO_COMMENT_FIELDS:
                    setattr(c, k, new.get(k))
        sub.late_submission_penalty = result.late_penalty
        gb.db.commit()
    except Exception:
        gb.db.rollback()
        raise


def zero_notebook(gb, assignment: str, student: str, notebook: str) -> list[str]:
    """Record a notebook that was not handed in or could not be graded: every auto score 0 and no
    auto comment, as nbgrader records a missing notebook. An instructor's grade is never wiped:
    a cell with a manual score or extra credit keeps it and is marked for review
    (needs_manual_grade), so formgrader shows it. Returns the cells whose grade was kept."""
    gb.update_or_create_student(student)
    gb.update_or_create_submission(assignment, student)
    sub = gb.find_submission_notebook(notebook, assignment, student)
    kept = []
    try:
        for g in sub.grades:
            g.auto_score = 0
            g.needs_manual_grade = g.manual_score is not None or g.extra_credit is not None
            if g.needs_manual_grade:
                kept.append(g.name)
        for c in sub.comments:
            c.auto_comment = None
        gb.db.commit()
    except Exception:
        gb.db.rollback()
        raise
    return sorted(kept)


def notebook_state(gb, assignment: str, student: str, notebook: str) -> tuple[float, bool]:
    """(score, whether a cell waits for a person) of a submitted notebook, as the gradebook says now."""
    sub = gb.find_submission_notebook(notebook, assignment, student)
    grades = list(sub.grades)
    return (float(sum(cell_score(g.auto_score, g.manual_score, g.extra_credit) for g in grades)),
            any(bool(g.needs_manual_grade) for g in grades))


def cell_scores(gb, assignment: str) -> list[dict]:
    """Every grade of an assignment: student, notebook, cell, score (nbgrader's Grade.score, computed
    by nbgrader's own SQL expression) and needs_manual."""
    from nbgrader.api import Assignment, BaseCell, Grade, Notebook, SubmittedAssignment, SubmittedNotebook

    q = (gb.db.query(SubmittedAssignment.student_id, Notebook.name, BaseCell.name, Grade.score, Grade.needs_manual_grade)
         .select_from(Grade)
         .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
         .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
         .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
         .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
         .join(BaseCell, Grade.cell_id == BaseCell.id)
         .filter(Assignment.name == assignment))
    return [{"student": s, "notebook": nb, "cell": c, "score": float(score or 0.0), "needs_manual": bool(nm)}
            for s, nb, c, score, nm in q.all()]
