"""The authoring contract of test cells, checked statically (part of `xborder validate`).

Graded, a test cell runs in a separate checker process, never in the student's kernel
(engine/preprocessors/execute.py). What makes that possible is this contract:

1. A test cell reaches the student's objects only through the checks API:
   `checks.answer(name)`, `checks.frame(name, …)`, `checks.function(name, params)` +
   `checks.call(fn, …, what=…)`, `checks.chart(name)`; the values it gets are data copies.
2. Besides its own names, a test cell may use only what the notebook's set-up cells define
   (read-only code cells that are neither answers nor tests) and Python's builtins — never a
   name an answer cell or another test cell defines.
3. Set-up cells use only names defined by earlier set-up cells (they run in the checker too).
4. Files: a path the student's code produced is opened only through `checks.student_file(path)`;
   files a test makes for the student's code to read go into `checks.workdir()`.
5. No temporary folders of its own (`tempfile`), no `exports/` folder in the notebook's folder.

A violation is reported with the cell and the name, so the author can fix it.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from .. import cells
from ..engine.preprocessors.sanitize import dotted_name

BUILTINS = set(dir(builtins)) | {"display", "get_ipython", "__name__"}


@dataclass(frozen=True)
class Violation:
    cell: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.rule}: {self.detail}"


def _parse(source: str) -> ast.Module | None:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


class _Scope(ast.NodeVisitor):
    """Free names of a piece of code: loaded names not bound anywhere in it (a deliberately simple
    scope model: a name bound anywhere in the cell, function parameters included, counts as bound)."""

    def __init__(self):
        self.bound: set[str] = set()
        self.loaded: dict[str, int] = {}

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.loaded.setdefault(node.id, node.lineno)
        else:
            self.bound.add(node.id)

    def _bind_args(self, args: ast.arguments):
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            self.bound.add(a.arg)
        for a in (args.vararg, args.kwarg):
            if a is not None:
                self.bound.add(a.arg)

    def visit_FunctionDef(self, node):
        self.bound.add(node.name)
        self._bind_args(node.args)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._bind_args(node.args)
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        self.bound.add(node.name)
        self.generic_visit(node)

    def visit_Import(self, node):
        for a in node.names:
            self.bound.add((a.asname or a.name).split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_ExceptHandler(self, node):
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_Global(self, node):
        self.bound.update(node.names)

    def free(self) -> dict[str, int]:
        return {n: line for n, line in self.loaded.items() if n not in self.bound and n not in BUILTINS}


def names(source: str) -> tuple[set[str], dict[str, int]]:
    """(names a cell binds, free names it reads with their first line)."""
    tree = _parse(source)
    if tree is None:
        return set(), {}
    scope = _Scope()
    scope.visit(tree)
    return scope.bound, scope.free()


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node



def check_notebook(nb: dict) -> list[Violation]:
    """Every violation of the contract in a source notebook."""
    out: list[Violation] = []
    setup_names: set[str] = set()
    student_names: set[str] = set()
    test_names: set[str] = set()
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        gid = cells.grade_id(cell) or "(no id)"
        source = cells.source(cell)
        bound, free = names(source)
        if cells.is_setup(cell):
            for name, line in sorted(free.items()):
                if name not in setup_names:
                    out.append(Violation(gid, "set-up cell reads a name no earlier set-up cell defines",
                                         f"`{name}` (line {line})"))
            setup_names |= bound
        elif cells.is_test(cell):
            for name, line in sorted(free.items()):
                if name in setup_names:
                    continue
                where = ("an answer or exploration cell" if name in student_names else
                         "another test cell" if name in test_names else "no set-up cell")
                out.append(Violation(gid, f"test cell reads a name from {where}; use the checks API or a set-up cell",
                                     f"`{name}` (line {line})"))
            tree = _parse(source)
            for call in _calls(tree) if tree is not None else ():
                fn = dotted_name(call.func)
                if fn.split(".")[0] in ("tempfile", "_tempfile") or fn.endswith(("mkdtemp", "TemporaryDirectory")):
                    out.append(Violation(gid, "test cell makes its own temporary folder; use checks.workdir()",
                                         f"{fn}() (line {call.lineno})"))
                for kw in call.keywords:
                    if kw.arg == "out_dir" and isinstance(kw.value, ast.Constant):
                        out.append(Violation(gid, "test cell writes into the notebook's folder; use checks.workdir()",
                                             f"out_dir={kw.value.value!r} (line {call.lineno})"))
                if fn in ("StoreBackend", "_Backend") or fn.endswith(".StoreBackend"):
                    pass
            test_names |= bound
        else:
            student_names |= bound
    return out
