"""The sanitize pass of grading: look at a submission as it was handed in, and put deleted test
cells back before anything runs.

    AuditSubmission      duplicated or stripped test cells, deleted test cells, another kernel,
                         and a static audit of the student's code (reading the grader's files,
                         patching what the tests use, exiting the process …); findings go to
                         the notebook metadata `xborder_grading` (codes: findings.FINDINGS)
    RestoreTestCells     puts deleted test cells back (from the gradebook's master copy, hidden
                         tests included) after the answer they check, so they are run and scored

Enabled in nbgrader_config.py, so plain `nbgrader autograde` and `xborder grade` behave alike.
"""

from __future__ import annotations

import ast
import json
import re

from nbgrader.preprocessors import NbGraderPreprocessor

from ...cells import source as _src
from ...cells import visible_lines as _normalised

META = "xborder_grading"

# A severe finding zeroes a notebook until the instructor has looked, so the audit flags what honest
# analysis has no use for, not words that merely look suspicious: a file called shop.db, `import
# inspect` for a signature, a URL with /course/ in it are fine (tests/engine/test_sanitize.py lists
# such cases). It cannot stop a determined student (only a sandbox can); it makes attempts visible.

# strings naming the grader's files: the gradebook, the course's folders as path components, its
# catalogue and config, the markers of solutions and hidden tests (URLs are not files here)
GRADER_PATH = re.compile(r"""
      gradebook\.(?:db|sqlite3?)\b
    | (?:^|[/\\])(?:course|release|submitted|autograded|\.xborder)[/\\]
    | nbgrader_config | skills\.yaml | xborder_grading | BEGIN\ (?:HIDDEN|SOLUTION)
    | ^nbgrader(?:\.|$)
""", re.VERBOSE)
URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
PROTECTED_ROOTS = {"checks", "pd", "np", "pandas", "numpy", "StoreBackend", "World", "builtins", "__builtins__", "xborder_data",
                   "xborder_grader"}
# modules that reach into the interpreter or the grader (gc, inspect and importlib are everyday tools:
# what is flagged there is their use on frames, referrers or the guard, below)
INTERNAL_MODULES = ("ctypes", "builtins", "xborder_grader.checks.guard", "xborder_grader.guard")  # the guard modules of older releases
INTERNAL_ATTRIBUTES = {"sys.modules", "sys._getframe", "gc.get_objects", "gc.get_referents", "gc.get_referrers",
                       "inspect.currentframe", "inspect.stack", "inspect.trace", "inspect.getouterframes",
                       "__builtins__.__dict__"}
FRAME_ATTRIBUTES = {"f_back", "f_locals", "f_globals", "f_builtins", "tb_frame", "gi_frame", "cr_frame"}
INTERNAL_WORD = re.compile(r"\b(?:builtins|guard|checks|sys\.modules)\b")


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _head(source: str) -> str:
    """A test cell's first line (its one-line comment of what it checks), if distinctive enough."""
    first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return first if len(first) >= 12 else ""


def _root(node) -> tuple[str | None, int]:
    depth = 0
    while isinstance(node, ast.Attribute):
        node, depth = node.value, depth + 1
    if isinstance(node, ast.Subscript):
        return _root(node.value)[0], depth + 1
    return (node.id if isinstance(node, ast.Name) else None), depth


def dotted_name(node) -> str:
    """`pd.options.mode` for an attribute chain, `x` for a name, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def audit_code(source: str) -> set[str]:
    """Static audit of one cell of student code (IPython magics and shell lines are skipped)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found: set[str] = set()
    protected = set(PROTECTED_ROOTS)
    for node in ast.walk(tree):  # `from xborder_grader import checks as c`, `import pandas as p` …
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            base = node.module if isinstance(node, ast.ImportFrom) and node.module else ""
            for a in node.names:
                full = f"{base}.{a.name}" if base else a.name
                if full.split(".")[0] in PROTECTED_ROOTS:
                    protected.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in PROTECTED_ROOTS:
            protected.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not URL.match(node.value) and GRADER_PATH.search(node.value):
                found.add("reads_grader_files")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                names = [a.name for a in node.names]
            if any(n == m or n.startswith(m + ".") for n in names for m in INTERNAL_MODULES):
                found.add("grader_internals")
            if any(n.split(".")[0] in ("subprocess", "nbgrader") for n in names):
                found.add("reads_grader_files")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                root, depth = _root(t)
                if isinstance(t, ast.Attribute) and root in protected and depth <= 2 and \
                        not dotted_name(t).startswith(("pd.options", "pandas.options", "np.random")):
                    found.add("patches_tests")
        elif isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if name in ("setattr", "delattr") and node.args:
                root, _ = _root(node.args[0])
                if root in protected:
                    found.add("patches_tests")
            if name in ("os._exit", "os.kill", "os.killpg", "sys.exit", "exit", "quit", "os.abort"):
                found.add("exits_process")
            if name in ("os.system", "os.popen", "os.execv", "os.execl", "os.fork", "subprocess.run", "subprocess.Popen"):
                found.add("reads_grader_files")
            if name in ("globals", "vars", "__import__", "eval", "exec", "compile", "getattr", "importlib.import_module",
                        "importlib.reload") and \
                    any(isinstance(a, ast.Constant) and isinstance(a.value, str) and INTERNAL_WORD.search(a.value)
                        for a in node.args):
                found.add("grader_internals")
            if name in ("open", "pathlib.Path.write_text", "shutil.copy", "shutil.rmtree", "os.remove", "os.rename") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and \
                        (first.value.startswith(("/", "~")) or ".." in first.value):
                    mode = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
                    if name != "open" or any(c in str(mode) for c in "wax+"):
                        found.add("writes_outside")
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if dotted_name(exc) in ("SystemExit", "KeyboardInterrupt"):
                found.add("exits_process")
        elif isinstance(node, ast.Attribute) and node.attr in ("__file__", "__path__"):
            found.add("reads_grader_files")  # where a package lives: the way to its files
        elif isinstance(node, ast.Attribute) and (dotted_name(node) in INTERNAL_ATTRIBUTES or node.attr in FRAME_ATTRIBUTES):
            found.add("grader_internals")  # interpreter state, or another frame's variables (the test's expected values)
    return found


def _findings(nb) -> dict:
    return nb.metadata.setdefault(META, {"findings": [], "restored": []})


def add_finding(nb, code: str) -> None:
    f = _findings(nb)
    if code not in f["findings"]:
        f["findings"].append(code)



class AuditSubmission(NbGraderPreprocessor):
    """First in the sanitize pass: look at the submission as it was handed in."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        nb.metadata[META] = {"findings": [], "restored": []}
        try:
            with Gradebook(info["db_url"]) as gb:
                master = gb.find_notebook(info["notebook"], info["assignment"])
                # test cells only: a manually graded answer (a grade cell that is also a solution
                # cell, e.g. a written answer) is the student's to edit
                answers = {c.name for c in master.solution_cells}
                tests = {c.name: (c.max_score, next((s.checksum for s in master.source_cells if s.name == c.name), None))
                         for c in master.grade_cells if c.name not in answers}
                heads = {_head(s.source) for s in master.source_cells if s.name in tests} - {""}
                kernelspec = json.loads(master.kernelspec) if master.kernelspec else None
        except MissingEntry:
            return nb, resources
        seen: dict[str, int] = {}
        stripped = False
        # Copied or split cells share an nbgrader id. nbgrader keeps the last and leaves the others
        # with empty nbgrader metadata, which it then rejects as an old format, failing the whole
        # batch; the others lose their nbgrader metadata here instead, and run as ordinary cells.
        last: dict[str, int] = {}
        for i, cell in enumerate(nb.cells):
            ng = cell.metadata.get("nbgrader")
            if isinstance(ng, dict) and ng.get("grade_id"):
                last[ng["grade_id"]] = i
        for i, cell in enumerate(nb.cells):
            ng = cell.metadata.get("nbgrader")
            if isinstance(ng, dict) and ng.get("grade_id") and last[ng["grade_id"]] != i:
                del cell.metadata["nbgrader"]
                add_finding(nb, "cells_duplicated")
            elif isinstance(ng, dict) and not ng.get("grade_id") and "nbgrader" in cell.metadata:
                del cell.metadata["nbgrader"]
        for cell in nb.cells:
            ng = cell.metadata.get("nbgrader")
            gid = ng.get("grade_id") if isinstance(ng, dict) else None
            if gid:
                seen[gid] = seen.get(gid, 0) + 1
                # (the release's checksums are not the master's: nbgrader checks those itself)
                if gid in tests and (_float(ng.get("points")) != float(tests[gid][0]) or not ng.get("grade")
                                     or not ng.get("locked") or ng.get("solution")):
                    add_finding(nb, "metadata_changed")
                    # a test cell stays a test cell: nbgrader restores its source but not its flags,
                    # and then stops on a checksum it cannot make consistent
                    ng.update(grade=True, locked=True, solution=False, points=float(tests[gid][0]))
                    ng.setdefault("schema_version", 3)
            elif cell.cell_type == "code" and _head(_src(cell)) in heads:
                stripped = True  # a test cell without its nbgrader metadata
            if cell.cell_type == "code" and not (isinstance(ng, dict) and ng.get("locked")):
                for code in sorted(audit_code(_src(cell))):
                    add_finding(nb, code)
        if _locked_edited(nb, info["assignment"], info["notebook"]):
            add_finding(nb, "locked_changed")
        if stripped or set(tests) - set(seen):
            add_finding(nb, "cells_missing")
        ks = nb.metadata.get("kernelspec", {}) or {}
        if kernelspec and ks.get("name") != kernelspec.get("name"):
            add_finding(nb, "kernel_changed")
        return nb, resources


def _locked_edited(nb, assignment: str, notebook: str) -> bool:
    """Whether a read-only cell differs from the released copy (release/<assignment>/, beside the
    gradebook in the course root nbgrader runs in). nbgrader's own checksum warning cannot tell:
    it fires for every test cell whose hidden part the release left out."""
    from pathlib import Path

    try:
        rel = json.loads((Path("release") / assignment / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    released = {}
    for c in rel.get("cells", []):
        ng = c.get("metadata", {}).get("nbgrader", {})
        if ng.get("locked") and ng.get("grade_id"):
            released[ng["grade_id"]] = _normalised(_src(c))
    for cell in nb.cells:
        ng = cell.metadata.get("nbgrader")
        gid = ng.get("grade_id") if isinstance(ng, dict) else None
        if gid in released and _normalised(_src(cell)) != released[gid]:
            return True
    return False


class RestoreTestCells(NbGraderPreprocessor):
    """Last in the sanitize pass: put back every test cell the submission lacks, from the master
    copy in the gradebook (hidden tests included), right after the cell that precedes it there."""

    def preprocess(self, nb, resources):
        from nbformat.v4 import new_code_cell
        from nbgrader.api import Gradebook, MissingEntry
        from nbgrader.nbgraderformat import MetadataValidator

        info = resources["nbgrader"]
        try:
            with Gradebook(info["db_url"]) as gb:
                master = gb.find_notebook(info["notebook"], info["assignment"])
                order = [s.name for s in master.source_cells]
                cells = {s.name: (s.source, s.checksum, s.locked, s.cell_type) for s in master.source_cells}
                tests = {c.name: c.max_score for c in master.grade_cells if c.cell_type == "code"}
                solutions = {c.name for c in master.solution_cells}
        except MissingEntry:
            return nb, resources

        def ids():
            return [c.metadata.get("nbgrader", {}).get("grade_id") if isinstance(c.metadata.get("nbgrader"), dict) else None
                    for c in nb.cells]

        for gid in [g for g in order if g in tests and g not in solutions]:
            same = [i for i, c in enumerate(nb.cells) if isinstance(c.metadata.get("nbgrader"), dict)
                    and c.metadata["nbgrader"].get("grade_id") == gid]
            if any(nb.cells[i].metadata["nbgrader"].get("grade") for i in same):
                continue
            source, checksum, locked, cell_type = cells[gid]
            cell = new_code_cell(source=source, metadata={"editable": False, "deletable": False, "nbgrader": {
                "grade": True, "grade_id": gid, "locked": True, "points": tests[gid], "solution": False,
                "checksum": checksum, "cell_type": "code"}})
            cell = MetadataValidator().upgrade_cell_metadata(cell)
            if same:  # kept its id but lost its grade flag: the master copy takes its place
                for i in same[1:]:
                    del nb.cells[i].metadata["nbgrader"]
                nb.cells[same[0]] = cell
            else:  # after the nearest cell that precedes it in the master copy and is still there
                present = ids()
                at = len(nb.cells)
                for prev in reversed(order[:order.index(gid)]):
                    if prev in present:
                        at = present.index(prev) + 1
                        break
                nb.cells.insert(at, cell)
            add_finding(nb, "cells_missing")
        return nb, resources
