"""Shared fixtures: the repository root and scratch nbgrader course roots."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items):
    """Every cell nbval collects from a course notebook runs a kernel: slow, so that the fast loop
    (`-m "not slow"`) runs no notebook."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def course_root(base: Path, level: str, notebooks: list[Path], *, mutants: bool = False, config_extra: str = "") -> Path:
    """A scratch course root in `base`: the course's nbgrader config (plus `config_extra`), the
    skill catalogue and copies of the given source notebooks of one level."""
    course = base / "course-root"
    (course / "course" / level).mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(config + config_extra, encoding="utf-8")
    shutil.copy(ROOT / "course" / "skills.yaml", course / "course" / "skills.yaml")
    if mutants:
        shutil.copytree(ROOT / "tests" / "mutants", course / "tests" / "mutants")
    for nb in notebooks:
        shutil.copy(nb, course / "course" / level / Path(nb).name)
    return course


@pytest.fixture
def scratch_course(tmp_path):
    """Make a scratch course root holding copies of the given source notebooks of one level."""

    def make(level: str, notebooks: list[Path]) -> Path:
        return course_root(tmp_path, level, notebooks)

    return make


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _empty_gradebook() -> Path:
    """nbgrader's schema in an empty SQLite file, made once per test session, stamped as nbgrader
    stamps it (with alembic's head revision, read in this process: nbgrader's own `Gradebook()`
    runs the `alembic` command in a subprocess for that, which costs seconds)."""
    import atexit
    import tempfile

    import nbgrader
    import sqlalchemy as sa
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base

    folder = tempfile.mkdtemp(prefix="xborder-test-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "empty.db"
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    engine = sa.create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with engine.begin() as db:
        db.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    engine.dispose()
    return path


def api_gradebook(path: Path, assignment: str, notebooks: dict[str, dict[str, tuple[str, float]]],
                  course: str = "xborder") -> str:
    """A gradebook holding only an assignment's definitions, written with nbgrader's own API, so
    that engine tests need neither a build nor a kernel. `notebooks` maps a notebook to
    {cell: (kind, points)}, kind "test" (autograded code cell), "manual" (manually graded
    answer) or "answer" (autograded answer: a comment, no grade). Returns the database URL."""
    from nbgrader.api import Gradebook

    shutil.copy(_empty_gradebook(), path)
    url = f"sqlite:///{path}"
    with Gradebook(url, course) as gb:
        gb.add_assignment(assignment)
        for nb, cells in notebooks.items():
            gb.add_notebook(nb, assignment)
            for name, (kind, points) in cells.items():
                if kind in ("test", "manual"):
                    gb.add_grade_cell(name, nb, assignment, max_score=points,
                                      cell_type="code" if kind == "test" else "markdown")
                if kind in ("manual", "answer"):
                    gb.add_solution_cell(name, nb, assignment)
                gb.add_source_cell(name, nb, assignment, cell_type="code" if kind != "manual" else "markdown",
                                   locked=kind == "test", source=f"# {name}\n", checksum=None)
    return url


def formgrader_grade(url: str, assignment: str, student: str, notebook: str, cell: str, *,
                     manual_score=None, extra_credit=None, course: str = "xborder") -> None:
    """What an instructor's save of a grade in formgrader does (nbgrader's formgrader
    GradeHandler.put), through nbgrader's Gradebook API."""
    from nbgrader.api import Gradebook

    with Gradebook(url, course) as gb:
        grade = gb.find_grade(cell, notebook, assignment, student)
        grade.manual_score = manual_score
        grade.extra_credit = extra_credit
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        gb.db.commit()


def formgrader_comment(url: str, assignment: str, student: str, notebook: str, cell: str, text: str,
                       course: str = "xborder") -> None:
    """What an instructor's comment in formgrader does (formgrader's CommentHandler.put)."""
    from nbgrader.api import Gradebook

    with Gradebook(url, course) as gb:
        gb.find_comment(cell, notebook, assignment, student).manual_comment = text
        gb.db.commit()
