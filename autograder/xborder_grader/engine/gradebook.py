"""The course's nbgrader gradebook: open it safely, give grading workers private copies, merge.

nbgrader keeps every grade in one database (SQLite `gradebook.db` by default, any SQLAlchemy URL
in `CourseDirectory.db_url`). Two autograde processes writing it at once lock it or collide on
UNIQUE constraints, so `xborder grade` never lets workers touch it: each worker grades into a
private SQLite copy of the assignment definitions, sends its results back, and the one parent
process writes them here, one notebook per transaction. The schema stays nbgrader's own, so
formgrader, `nbgrader export` and everything else keep working on the same file.
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


@contextmanager
def open_gradebook(url: str, course: str):
    """nbgrader's Gradebook, after checking that it belongs to this course."""
    from nbgrader.api import Assignment, Gradebook

    from ..runner import ensure_tool_path

    ensure_tool_path()
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if path.exists() and path.stat().st_size and path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise CourseError(f"{path} 不是成绩库（SQLite）文件。\n{path} is not a gradebook (SQLite) file: "
                              "move it away or set CourseDirectory.db_url to the right database.")
    gb = Gradebook(url, course)
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


def grade_rows(path: Path) -> list[tuple]:
    """Every grade of a SQLite gradebook file, sorted: two gradebooks grade alike when these are equal."""
    import sqlite3
    from contextlib import closing

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
    """A fresh SQLite gradebook holding only the assignment definitions of the main one."""
    import sqlalchemy as sa
    from nbgrader.api import Base, Gradebook

    from ..runner import ensure_tool_path

    ensure_tool_path()
    private_path.unlink(missing_ok=True)
    url = f"sqlite:///{private_path}"
    Gradebook(url, course).close()  # creates nbgrader's schema and the course row
    src, dst = sa.create_engine(main_url), sa.create_engine(url)
    try:
        with src.connect() as s, dst.begin() as d:
            for table in Base.metadata.sorted_tables:
                if table.name in DEFINITION_TABLES:
                    rows = [dict(r._mapping) for r in s.execute(sa.select(table))]
                    if rows:
                        d.execute(sa.insert(table), rows)
    finally:
        src.dispose()
        dst.dispose()
    return url


@dataclass
class NotebookGrades:
    """What autograding one submitted notebook wrote to a gradebook: enough to replay it elsewhere."""

    notebook: str
    timestamp: object = None  # datetime or None
    flagged: bool = False
    late_penalty: float | None = None
    grades: dict[str, dict] = field(default_factory=dict)  # cell -> auto_score, manual_score, extra_credit, needs_manual_grade
    comments: dict[str, dict] = field(default_factory=dict)  # cell -> auto_comment, manual_comment


def read_notebook_grades(gb, assignment: str, student: str, notebook: str) -> NotebookGrades | None:
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission_notebook(notebook, assignment, student)
    except MissingEntry:
        return None
    out = NotebookGrades(notebook, sub.assignment.timestamp, bool(sub.flagged), sub.late_submission_penalty)
    for g in sub.grades:
        out.grades[g.name] = {"auto_score": g.auto_score, "manual_score": g.manual_score,
                              "extra_credit": g.extra_credit, "needs_manual_grade": bool(g.needs_manual_grade)}
    for c in sub.comments:
        out.comments[c.name] = {"auto_comment": c.auto_comment, "manual_comment": c.manual_comment}
    return out


def write_notebook_grades(gb, assignment: str, student: str, result: NotebookGrades) -> None:
    """Replay a worker's result into the main gradebook in one transaction."""
    gb.update_or_create_student(student)
    if result.timestamp is not None:
        gb.update_or_create_submission(assignment, student, timestamp=result.timestamp)
    else:
        gb.update_or_create_submission(assignment, student)
    sub = gb.find_submission_notebook(result.notebook, assignment, student)
    try:
        for g in sub.grades:
            for k, v in result.grades.get(g.name, {}).items():
                setattr(g, k, v)
        for c in sub.comments:
            for k, v in result.comments.get(c.name, {}).items():
                setattr(c, k, v)
        sub.flagged = result.flagged
        sub.late_submission_penalty = result.late_penalty
        gb.db.commit()
    except Exception:
        gb.db.rollback()
        raise


def zero_notebook(gb, assignment: str, student: str, notebook: str) -> None:
    """What nbgrader records for a notebook that was not handed in: every cell 0, nothing to grade by hand."""
    gb.update_or_create_student(student)
    gb.update_or_create_submission(assignment, student)
    sub = gb.find_submission_notebook(notebook, assignment, student)
    for g in sub.grades:
        g.auto_score, g.needs_manual_grade = 0, False
    gb.db.commit()
