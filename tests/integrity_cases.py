"""A catalogue of bad submissions: broken by accident or built to game the grader.

Each case is made from the released P-2.2 notebook (blank: what a student starts from) or from
the reference solution (an honest student), changed the way a real submission would be. The
test (test_integrity.py) runs every case as one student through `nbgrader autograde` and
`xborder grade` and asserts the outcome: no points beyond `honest` (what the work in it
honestly earns), the batch goes on, the gradebook stays consistent and the feedback says what
happened. The student's code runs in the grading sandbox and the tests in a separate checker
(docs/integrity.md): attacks on the grader's files or on the kernel that used to run the tests
now change nothing but the student's own kernel, so a correct answer that also patched, say,
pandas keeps its points, and none of them is "tampered" (that status is for edited test cells).
`python -m tests.integrity_cases OUT` writes the notebooks to a folder to look at.

P-2.2 has seven test cells: ex1_keywords 3 points, ex2_checker 3, ex3_title 2 and the theory
check's ex4_q1..ex4_q4 1 each (12 in all), and a written answer graded by hand (ex5_written, 2).
The honest student of these cases has answered every autograded exercise and left the written
answer as released (`without_written`), so that what the grader decides alone is what is tested.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Callable

NB = "P-2.2_title_writing"
TESTS = ("ex1_keywords", "ex2_checker", "ex3_title", "ex4_q1", "ex4_q2", "ex4_q3", "ex4_q4")
WRITTEN = "ex5_written"
ROWS = len(TESTS) + 1  # one grade per test cell and one for the written answer


@dataclass
class Case:
    name: str
    what: str
    make: Callable[[dict, dict, list], str]  # (reference, blank, default-world words) -> file text
    honest: float  # points the work in the submission honestly earns
    status: str | tuple  # what `xborder grade` records (or the statuses it may record)
    feedback: str | tuple  # words the student's feedback must contain (one of them)
    plain_fails: bool = False  # plain nbgrader cannot grade it at all (so it exports 0)


def gid(cell) -> str | None:
    ng = cell.get("metadata", {}).get("nbgrader")
    return ng.get("grade_id") if isinstance(ng, dict) else None


def cell(nb, grade_id):
    return next(c for c in nb["cells"] if gid(c) == grade_id)


def src(c) -> str:
    return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]


def edit(nb, grade_id, fn) -> dict:
    nb = copy.deepcopy(nb)
    c = cell(nb, grade_id)
    c["source"] = fn(src(c))
    return nb


def append(nb, grade_id, code) -> dict:
    return edit(nb, grade_id, lambda s: s.rstrip("\n") + "\n\n" + code + "\n")


def prepend(nb, grade_id, code) -> dict:
    return edit(nb, grade_id, lambda s: code + "\n" + s)


def without_written(ref, blank) -> dict:
    """The reference with the written answer as released: a student who answered every
    autograded exercise and has not written the answer graded by hand."""
    return edit(ref, WRITTEN, lambda s: src(cell(blank, WRITTEN)))


def dump(nb) -> str:
    return json.dumps(nb, ensure_ascii=False)


def _drop(nb, keep) -> dict:
    nb = copy.deepcopy(nb)
    nb["cells"] = [c for c in nb["cells"] if keep(c)]
    return nb


def _reorder(ref) -> dict:
    nb = copy.deepcopy(ref)
    t = cell(nb, "ex3_title")
    nb["cells"].remove(t)
    nb["cells"].insert(nb["cells"].index(cell(nb, "setup")) + 1, t)
    return nb


def _meta(ref, fn) -> dict:
    nb = copy.deepcopy(ref)
    for c in nb["cells"]:
        if gid(c) in TESTS:
            fn(c["metadata"]["nbgrader"], c)
    return nb


def _forge(blank) -> dict:
    from nbgrader.utils import compute_checksum
    from nbformat import from_dict

    nb = copy.deepcopy(blank)
    for c in nb["cells"]:
        if gid(c) in TESTS:
            c["source"] = 'checks.passed("全部通过", "all passed")\n'
            c["metadata"]["nbgrader"]["checksum"] = compute_checksum(from_dict(c))
    return nb


def _strip_all(ref) -> dict:
    nb = copy.deepcopy(ref)
    for c in nb["cells"]:
        c["metadata"] = {}
    nb["metadata"] = {"kernelspec": nb["metadata"].get("kernelspec", {})}
    return nb


def _duplicate(ref) -> dict:
    nb = copy.deepcopy(ref)
    t = cell(nb, "ex1_keywords")
    nb["cells"].insert(nb["cells"].index(t) + 1, copy.deepcopy(t))
    a = cell(nb, "ex2_answer")  # and a split answer cell: two cells with the same id
    body = src(a)
    cut = body.index("\n\n\ntitle_problems(")
    first, second = copy.deepcopy(a), copy.deepcopy(a)
    first["source"], second["source"] = body[:cut] + "\n", body[cut:].lstrip("\n")
    i = nb["cells"].index(a)
    nb["cells"][i:i + 1] = [first, second]
    return nb


def _kernel(ref) -> dict:
    nb = copy.deepcopy(ref)
    nb["metadata"]["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    return nb


def _large(ref) -> dict:
    nb = copy.deepcopy(ref)
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "padding " * 3_000_000})
    return nb


ANY_EQ = '''
class _Yes(list):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __len__(self): return 6
    def __iter__(self): return iter(["a"] * 6)
    def __hash__(self): return 0
def title_keywords(search, keyword, n=6): return _Yes()
words = _Yes()
def title_problems(title): return _Yes()
def build_title(keyword, words, points): return _Yes()
my_title = _Yes()
'''

PATCH_CHECKS = '''
from xborder_grader import checks as _c
for _name in ("same_items", "same_frame", "frames_match", "same_number", "is_frame", "no_duplicates", "sorted_by"):
    setattr(_c, _name, lambda *a, **k: (a[0] if a else None))
_c.call = lambda fn, *a, what="", **k: []
_c.answer = lambda name: []
_c.function = lambda name, params=None: (lambda *a, **k: [])
def title_keywords(search, keyword, n=6): return []
words = []
'''

PATCH_LOADER = '''
import pandas as _pd
from xborder_data import StoreBackend as _SB
_empty = _pd.DataFrame({"search_term": [], "search_popularity": [], "is_brand_term": []})
_SB.frame = lambda self, *a, **k: _empty.copy()
def title_keywords(search, keyword, n=6): return []
words = []
'''

REBIND_BUILTINS = '''
import builtins
builtins.sorted = lambda x, **k: ["a"] * 6
builtins.list = lambda x=(): ["a"] * 6
builtins.any = lambda x: False
def len(x): return 6
def title_keywords(search, keyword, n=6): return ["a"] * 6
words = ["a"] * 6
def title_problems(title): return []
'''

PATCH_PANDAS = '''
import pandas as pd
pd.testing.assert_frame_equal = lambda *a, **k: None
pd.DataFrame.equals = lambda self, other: True
pd.Series.equals = lambda self, other: True
'''

READ_HIDDEN = '''
import json as _json, glob as _glob
for _p in _glob.glob("../../../course/primary/P-2.2_title_writing.ipynb") + _glob.glob("/**/course/primary/P-2.2_title_writing.ipynb", recursive=True)[:1]:
    for _cell in _json.load(open(_p))["cells"]:
        _s = "".join(_cell["source"])
        if "### BEGIN SOLUTION" in _s:
            exec(_s.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""))
    break
'''

READ_GRADEBOOK = '''
import sqlite3 as _sq
for _row in _sq.connect("../../../gradebook.db").execute("SELECT source FROM source_cell"):
    if "def title_keywords" in _row[0]:
        exec(_row[0])
'''


# --- attacks on the kernel that runs the tests (they need the checker to run the tests elsewhere) --
INPUT_TRANSFORMER = """
_ip = get_ipython()
_ip.input_transformers_post.append(lambda lines: ["pass\\n"] if lines and lines[0].startswith("# 检查") else lines)
"""

FAKE_RESULT = """
def _fake_result(info):
    get_ipython().displayhook(99.0)  # nbgrader reads a test cell's execute_result as its score
get_ipython().events.register("pre_run_cell", _fake_result)
"""

REPATCH_FROM_EVENT = """
def _repatch(info):
    from xborder_grader import checks as _c
    for _name in ("same_items", "same_frame", "same_number", "is_frame", "is_mapping"):
        setattr(_c, _name, lambda *a, **k: (a[0] if a else None))
    _c.answer = lambda name: ["a"] * 6
    _c.call = lambda fn, *a, what="", **k: []
get_ipython().events.register("pre_run_cell", _repatch)
def title_keywords(search, keyword, n=6): return ["a"] * 6
words = ["a"] * 6
"""

OBFUSCATED_READ = """
import base64 as _b64, json as _js, os as _os
_seen = set()
for _start in (_os.getcwd(), "/", "/work", "/home", "/root", "/srv", "/tmp"):
    _d = _start
    for _up in range(8):
        _p = _os.path.join(_d, _b64.b64decode("Y291cnNl").decode(), "primary", "P-2.2_title_writing.ipynb")
        if _p not in _seen and _os.path.exists(_p):
            _seen.add(_p)
            for _cell in _js.load(open(_p))["cells"]:
                _s = "".join(_cell["source"])
                if "### BEGIN " + "SOLUTION" in _s:
                    exec(_s.replace("### BEGIN " + "SOLUTION", "").replace("### END " + "SOLUTION", ""))
        _d = _os.path.dirname(_d)
"""

PATCH_RE = """
import re
re.findall = lambda *a, **k: []
re.search = lambda *a, **k: None
def title_problems(title):
    return []
"""

KILL_PARENT = """
import os, signal
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError:
    pass
"""


def _hard_coded(ref, words) -> dict:
    nb = edit(ref, "ex1_answer", lambda s: f"def title_keywords(search, keyword, product, n=5):\n    return {words!r}[:n]\n\n\nwords = {words!r}\nwords\n")
    return nb


# The grading worker shares the parts of a student's world that one notebook's kernels built with
# the next notebooks (xborder_data.world snapshots, one pickle per part). The checker loads them, so
# a part the student could write would run the student's code in the checker: the folder is
# read-only in the sandbox. The attack writes a part for every table a test may need.
POISON_WORLD_PARTS = """
import os, pickle
from xborder_data import world as _w
class _Boom:
    def __reduce__(self):
        return (exec, ("import xborder_grader.checks as c; c.CheckFailed.__init__ = lambda *a, **k: None; c.CheckFailed.__str__ = lambda s: ''",))
_root = os.environ.get(_w.SNAPSHOT_ENV, "")
_hits = 0
for _d in ([os.path.join(_root, n) for n in os.listdir(_root)] if _root and os.path.isdir(_root) else []):
    for _key in [("table", t) for t in ("products", "orders", "order_items", "reviews", "search_terms")] + ["catalog.products", "market.terms"]:
        try:
            with open(_w._part_file(_d, _key), "wb") as _fh:
                pickle.dump((repr(_key), _Boom()), _fh)
            _hits += 1
        except OSError:
            pass
print("parts written:", _hits)
"""

CASES = [
    Case("test_cell_pass", "every test cell replaced by `pass`", lambda r, b, w: dump(edit(edit(edit(b, *TESTS[:1], lambda s: "pass\n"), TESTS[1], lambda s: "pass\n"), TESTS[2], lambda s: "pass\n")),
         0, "tampered", "read-only cells"),
    Case("test_cells_deleted_blank", "blank notebook with every test cell deleted", lambda r, b, w: dump(_drop(b, lambda c: gid(c) not in TESTS)),
         0, "tampered", "put back"),
    Case("test_cells_deleted_honest", "correct answers, test cells deleted", lambda r, b, w: dump(_drop(r, lambda c: gid(c) not in TESTS)),
         12, "tampered", "put back"),
    Case("answer_cell_deleted", "correct answers but the first answer cell deleted", lambda r, b, w: dump(_drop(r, lambda c: gid(c) != "ex1_answer")),
         7, "graded", "P-2.2.2"),
    Case("cells_reordered", "correct answers, a test cell moved above its answer", lambda r, b, w: dump(_reorder(r)),
         10, "graded", "P-2.2.2"),
    Case("points_changed", "test cells' points raised to 100", lambda r, b, w: dump(_meta(r, lambda m, c: m.update(points=100))),
         12, "tampered", "metadata"),
    Case("grade_flags_removed", "blank; test cells unmarked as graded and emptied",
         lambda r, b, w: dump(_meta(b, lambda m, c: (m.update(grade=False, locked=False), c.update(source="pass\n")))),
         0, "tampered", "metadata"),
    Case("checksum_forged", "blank; tests replaced by a pass message with a recomputed checksum", lambda r, b, w: dump(_forge(b)),
         0, "tampered", "read-only cells"),
    Case("sys_exit", "blank with sys.exit() in an answer", lambda r, b, w: dump(prepend(b, "ex1_answer", "import sys\nsys.exit(0)")),
         0, "graded", "sys.exit"),
    Case("raise_systemexit", "correct answers, but the last answer cell starts with `raise SystemExit`",
         lambda r, b, w: dump(prepend(r, "ex3_answer", "raise SystemExit('done')")), 10, "graded", "sys.exit"),
    Case("os_exit", "`os._exit(0)` in an answer: the kernel process ends", lambda r, b, w: dump(append(r, "ex2_answer", "import os\nos._exit(0)")),
         0, "failed", "kernel died", plain_fails=True),
    Case("infinite_loop", "an endless loop in an answer", lambda r, b, w: dump(prepend(r, "ex3_answer", "while True:\n    pass")),
         10, "graded", "ran out of time"),
    Case("kernel_segfault", "a crash of the kernel process (ctypes null read)",
         lambda r, b, w: dump(append(r, "ex2_answer", "import ctypes\nctypes.string_at(0)")), 0, "failed", "kernel died", plain_fails=True),
    Case("huge_allocation", "a 40 GB allocation before the last answer", lambda r, b, w: dump(prepend(r, "ex3_answer", "_big = bytearray(40 * 2**30)")),
         10, "graded", "P-2.2.2"),
    Case("output_flood", "correct answers printing 300,000 lines", lambda r, b, w: dump(append(r, "ex1_answer", "for _i in range(300000):\n    print(_i)")),
         12, "graded", "too long"),
    Case("rebind_builtins", "blank; builtins the tests use rebound (sorted, list, any) or shadowed (len)",
         lambda r, b, w: dump(prepend(b, "ex1_answer", REBIND_BUILTINS)), 0, ("graded", "failed"), ("P-2.2.1", "ran out of time", "kernel died")),
    Case("patch_checks", "blank; the course's check helpers replaced by no-ops", lambda r, b, w: dump(prepend(b, "ex1_answer", PATCH_CHECKS)),
         0, "graded", "P-2.2.1"),
    Case("patch_pandas_testing", "correct answers, pandas' comparison functions patched (in their own kernel only)",
         lambda r, b, w: dump(append(r, "ex1_answer", PATCH_PANDAS)), 12, "graded", "P-2.2.1"),
    Case("answer_always_equal", "blank; answers are objects equal to anything", lambda r, b, w: dump(prepend(b, "ex1_answer", ANY_EQ)),
         0, "graded", "P-2.2.1"),
    Case("patch_data_loader", "blank; the data loader patched to return an empty table", lambda r, b, w: dump(prepend(b, "ex1_answer", PATCH_LOADER)),
         0, "graded", "P-2.2.1"),
    Case("hard_coded_answer", "exercise 1 answered with the default world's words typed in", lambda r, b, w: dump(_hard_coded(r, w)),
         9, "graded", "P-2.2.1"),
    Case("read_hidden_tests", "blank; solutions read from the course source and run", lambda r, b, w: dump(prepend(b, "ex1_answer", READ_HIDDEN)),
         0, "graded", "P-2.2.1"),
    Case("read_gradebook", "blank; hidden tests read from the gradebook database", lambda r, b, w: dump(prepend(b, "ex1_answer", READ_GRADEBOOK)),
         0, "graded", "P-2.2.1"),
    Case("write_outside", "correct answers, plus a file written outside the submission (it lands in the sandbox only)",
         lambda r, b, w: dump(append(r, "ex1_answer", "open('../../../hacked.txt', 'w').write('x')")), 12, "graded", "P-2.2.1"),
    Case("modify_shipped_data", "correct answers, plus a write into the data package's folder (read-only in the sandbox)",
         lambda r, b, w: dump(append(r, "ex1_answer", "import xborder_data, pathlib\n(pathlib.Path(xborder_data.__file__).parent / 'dictionary' / 'zz.yaml').write_text('x')")),
         12, "graded", "P-2.2.1"),
    Case("invalid_json", "a file that is not JSON", lambda r, b, w: '{"cells": [ {"cell_type": "code", ', 0, "failed", "not a valid notebook", plain_fails=True),
    Case("empty_file", "an empty file", lambda r, b, w: "", 0, "failed", "not a valid notebook", plain_fails=True),
    Case("other_assignment", "the P-1.1 notebook handed in as P-2.2", lambda r, b, w: "OTHER", 0, "failed", "not this assignment"),
    Case("other_kernel", "correct answers, kernel set to R", lambda r, b, w: dump(_kernel(r)), 12, "graded", "kernel"),
    Case("very_large", "correct answers plus 24 MB of text", lambda r, b, w: dump(_large(r)), 12, "graded", "P-2.2.1"),
    Case("duplicated_ids", "correct answers, a test cell copied and an answer cell split", lambda r, b, w: dump(_duplicate(r)),
         12, "tampered", "duplicated"),
    Case("metadata_dropped", "correct answers, saved by an editor that dropped all cell metadata", lambda r, b, w: dump(_strip_all(r)),
         12, "tampered", "put back"),
    Case("input_transformer", "blank; an IPython input transformer turns every test cell into `pass`",
         lambda r, b, w: dump(prepend(b, "ex1_answer", INPUT_TRANSFORMER)), 0, "graded", "P-2.2.1"),
    Case("fake_execute_result", "blank; a pre_run_cell event prints an execute_result that reads as a score",
         lambda r, b, w: dump(prepend(b, "ex1_answer", FAKE_RESULT)), 0, "graded", "P-2.2.1"),
    Case("repatch_from_event", "blank; the checks patched again from an IPython event, after any guard",
         lambda r, b, w: dump(prepend(b, "ex1_answer", REPATCH_FROM_EVENT)), 0, "graded", "P-2.2.1"),
    Case("obfuscated_read", "blank; solutions looked for in course/ by an encoded path from several roots",
         lambda r, b, w: dump(prepend(b, "ex1_answer", OBFUSCATED_READ)), 0, "graded", "P-2.2.1"),
    Case("patch_re", "blank title checker; `re` patched so that expected values computed beside it would agree",
         lambda r, b, w: dump(prepend(b, "ex2_answer", PATCH_RE)), 0, "graded", "P-2.2.2"),
    Case("poison_world_parts", "blank; a pickle that would patch the checks when loaded, written where the grader keeps the world's shared parts",
         lambda r, b, w: dump(prepend(b, "ex1_answer", POISON_WORLD_PARTS)), 0, "graded", "P-2.2.1"),
    Case("kill_parent", "correct answers; the kernel kills its parent process first",
         lambda r, b, w: dump(prepend(r, "ex1_answer", KILL_PARENT)), 12, ("graded", "failed"), ("P-2.2.1", "kernel died")),
]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    ref = json.loads((root / "course" / "primary" / f"{NB}.ipynb").read_text(encoding="utf-8"))
    blank = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")) if len(sys.argv) > 2 else ref
    ref = without_written(ref, blank)
    for case in CASES:
        (out / f"{case.name}.ipynb").write_text(case.make(ref, blank, ["magnetic"]), encoding="utf-8")
    print(f"{len(CASES)} cases in {out}")
