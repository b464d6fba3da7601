"""The static audit of student code (engine/preprocessors/sanitize.audit_code).

A severe finding zeroes a notebook until the instructor has looked at it, so the audit must not
cry wolf: does honest code — `import inspect`, a file called `shop.db`, a URL with `/course/` in
it — stay clean? And does every attack of the bad-submission catalogue, and a few more, still
get caught?
"""

from __future__ import annotations

import json

import pytest

from xborder_grader.engine.preprocessors.sanitize import audit_code
from xborder_grader.findings import severe

from ..conftest import ROOT, read_nb
from ..integrity_cases import CASES, NB

HONEST = {
    "import inspect": "import inspect\nprint(inspect.signature(title_keywords))",
    "from inspect import": "from inspect import signature, getsource\nsignature(len)",
    "import importlib": "import importlib\nmath = importlib.import_module('math')",
    "importlib.reload": "import importlib, mymodule\nimportlib.reload(mymodule)",
    "a .db file of one's own": "import sqlite3\nconn = sqlite3.connect('shop.db')\npd.read_sql('SELECT 1', conn)",
    "sqlite in memory": "import sqlite3\ndb = sqlite3.connect(':memory:')",
    ".db inside a name": "orders.to_csv('orders.db.csv')\nname = 'mongodb_export.dbf'",
    "a docstring about databases": 'def load():\n    """Read the shop\'s database (.db) export."""\n    return None',
    "course/ in a URL": "url = 'https://www.coursera.org/course/data-analysis/'",
    "course/ in prose": "print('这门 online course/课程 很有用')",
    "release/ in prose": "plan = '新品 release/2026 计划'",
    "autograded in a message": "print('This notebook will be autograded')",
    "gradebook in prose": "note = 'keep a gradebook of your own progress'",
    "import gc to free memory": "import gc\ndel big\ngc.collect()",
    "pandas options": "pd.options.display.max_rows = 50\npd.set_option('display.precision', 2)\nnp.random.seed(1)",
    "getattr on a frame": "getattr(df, 'sum')()\ngetattr(row, 'checks_done', 0)",
    "eval of arithmetic": "eval('1 + 1')",
    "reading the data folder": "df = pd.read_csv('data/tables/orders.csv')\nopen('notes.txt', 'w').write('x')",
    "a feedback folder of one's own": "reviews.to_csv('feedback/summary.csv')",
    "matplotlib settings": "import matplotlib.pyplot as plt\nplt.rcParams['font.size'] = 12",
    "a variable named like a builtin": "sum = 3\nlen_ = 4",
    "exits are not severe": "import sys\nsys.exit(0)",
}

HOSTILE = {
    "caller's frame": ("import inspect\ndef title_keywords(s, k, n=6):\n    return inspect.currentframe().f_back.f_locals['_expected']",
                       "grader_internals"),
    "sys._getframe": ("import sys\nsys._getframe(1).f_globals", "grader_internals"),
    "the stack": ("import inspect\ninspect.stack()[1].frame", "grader_internals"),
    "import_module of the guard": ("import importlib\nimportlib.import_module('xborder_grader.checks.guard')", "grader_internals"),
    "import the guard": ("from xborder_grader.checks import guard", "grader_internals"),
    "gc referrers": ("import gc\ngc.get_referrers(checks)", "grader_internals"),
    "ctypes": ("import ctypes", "grader_internals"),
    "sys.modules": ("import sys\nsys.modules['pandas'] = None", "grader_internals"),
    "nbgrader's API": ("from nbgrader.api import Gradebook", "reads_grader_files"),
    "the gradebook file": ("import sqlite3\nsqlite3.connect('../../../gradebook.db')", "reads_grader_files"),
    "the gradebook anywhere": ("open('gradebook.db', 'rb')", "reads_grader_files"),
    "the course sources": ("open('../../../course/primary/P-2.2_title_writing.ipynb')", "reads_grader_files"),
    "a glob of the course": ("glob.glob('/**/course/primary/*.ipynb', recursive=True)", "reads_grader_files"),
    "other submissions": ("os.listdir('../../../submitted/')", "reads_grader_files"),
    "the status file": ("open('../../../.xborder/status.db', 'rb')", "reads_grader_files"),
    "the release": ("json.load(open('../../release/primary/P-2.2_title_writing.ipynb'))", "reads_grader_files"),
    "hidden test markers": ("'### BEGIN HIDDEN TESTS' in text", "reads_grader_files"),
    "a package's files": ("import xborder_data\nxborder_data.__file__", "reads_grader_files"),
    "a shell": ("import subprocess\nsubprocess.run(['cat', 'x'])", "reads_grader_files"),
    "patching checks": ("checks.same_frame = lambda *a, **k: None", "patches_tests"),
    "patching pandas": ("pd.DataFrame.equals = lambda self, other: True", "patches_tests"),
    "writing outside": ("open('/tmp/x', 'w')", "writes_outside"),
}


@pytest.mark.parametrize("code", HONEST.values(), ids=list(HONEST))
def test_honest_code_is_not_severe(code):
    assert severe(audit_code(code)) == [], code


@pytest.mark.parametrize("code, finding", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_code_is_caught(code, finding):
    assert finding in audit_code(code), code


def _audit(nb: dict) -> set[str]:
    found = set()
    for c in nb["cells"]:
        meta = c.get("metadata") or {}
        ng = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        if c["cell_type"] == "code" and not ng.get("locked"):
            found |= audit_code("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
    return found


# what the audit finds in the catalogue of bad submissions (tests/integrity_cases.py); the other
# cases are stopped while they run (the sandbox, the checker, nbgrader) or are honest, and must find
# nothing severe
CATALOGUE = {
    "kernel_segfault": {"grader_internals"},
    "rebind_builtins": {"grader_internals", "patches_tests"},
    "patch_checks": {"patches_tests"},
    "patch_pandas_testing": {"patches_tests"},
    "patch_data_loader": {"patches_tests"},
    "repatch_from_event": {"patches_tests"},
    "read_hidden_tests": {"reads_grader_files"},
    "read_gradebook": {"reads_grader_files"},
    "write_outside": {"writes_outside"},
    "modify_shipped_data": {"reads_grader_files"},
}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_catalogue_is_still_caught(case):
    ref = read_nb(ROOT / "course" / "primary" / f"{NB}.ipynb")
    text = case.make(ref, ref, ["magnetic"])
    try:
        nb = json.loads(text)
    except ValueError:
        return  # not a notebook: the worker fails it before any audit
    assert set(severe(_audit(nb))) == CATALOGUE.get(case.name, set())


def test_the_reference_solutions_are_clean():
    from xborder_grader.course import Catalog

    for nb in Catalog(ROOT).notebooks():
        if nb.path.exists():
            assert severe(_audit(read_nb(nb.path))) == [], nb.name


def test_a_written_answer_is_the_students_not_a_tampered_test(tmp_path, monkeypatch):
    """A manually graded answer is a grade cell that is also a solution cell: the student edits it.
    The audit must neither flag it (metadata_changed) nor turn it into a locked test cell, which
    made nbgrader reject the whole notebook."""
    import nbformat

    from xborder_grader.engine.preprocessors.sanitize import META, AuditSubmission

    from ..conftest import api_gradebook

    url = api_gradebook(tmp_path / "gradebook.db", "advanced",
                        {"A-9.9_demo": {"ex1_check": ("test", 2.0), "ex1_written": ("manual", 3.0)}})
    monkeypatch.chdir(tmp_path)  # no release/ here: only the audit of the cells themselves
    nb = nbformat.v4.new_notebook()
    check = nbformat.v4.new_code_cell("# ex1_check\n")
    check.metadata["nbgrader"] = {"grade": True, "grade_id": "ex1_check", "locked": True, "points": 2.0,
                                  "solution": False, "schema_version": 3, "task": False}
    answer = nbformat.v4.new_markdown_cell("My plan puts the weekly competitor check first, because …")
    answer.metadata["nbgrader"] = {"grade": True, "grade_id": "ex1_written", "locked": False, "points": 3.0,
                                   "solution": True, "schema_version": 3, "task": False}
    nb.cells = [check, answer]
    nb, _ = AuditSubmission().preprocess(nb, {"nbgrader": {"db_url": url, "assignment": "advanced", "notebook": "A-9.9_demo"}})
    assert nb.metadata[META]["findings"] == []
    assert nb.cells[1].metadata["nbgrader"]["solution"] is True and nb.cells[1].metadata["nbgrader"]["locked"] is False
