"""Kernel side of grading integrity: put back what the tests rely on before every test cell.

Student code and the tests share one Python process and one namespace, so a submission can
rebind a builtin (`len = lambda x: 0`), patch the course's check helpers
(`checks.same_frame = lambda *a, **k: None`), pandas (`pd.DataFrame.equals = ...`) or the data
loader (`StoreBackend.frame = lambda *a, **k: my_answer`). `GuardedExecute` (engine/preprocessors/execute.py)
calls `snapshot()` in the fresh kernel before any student code runs, `before_test()` before each
test cell and `after_test()` after it: the originals are restored for the test, and names the
student shadowed are handed back afterwards so the rest of the notebook runs as written.
What was restored is reported, so the audit can name it.
"""

from __future__ import annotations

import builtins
import importlib
import sys

# modules whose attributes the tests rely on, and the classes whose methods they call
MODULES = ("xborder_grader.checks", "xborder_data", "xborder_data.backend", "xborder_data.world",
           "xborder_data.loader", "pandas", "pandas.testing", "numpy", "numpy.testing")
CLASSES = (("pandas", "DataFrame"), ("pandas", "Series"), ("pandas", "Index"), ("xborder_data", "StoreBackend"),
           ("xborder_data.world", "World"))
# names the setup cells bind and the tests use
NAMES = {"checks": "xborder_grader.checks", "pd": "pandas", "np": "numpy"}
MEMORY_LIMIT_MB = 6144

_state: dict = {}


def snapshot(memory_limit_mb: int = MEMORY_LIMIT_MB) -> None:
    """In a fresh kernel: remember the originals; cap the kernel's address space."""
    if memory_limit_mb:
        try:
            import resource

            limit = memory_limit_mb * 2**20
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):
            pass
    mods = {}
    for name in MODULES:
        try:
            m = importlib.import_module(name)
        except Exception:
            continue
        mods[name] = (m, dict(vars(m)))
    classes = []
    for mod, cls in CLASSES:
        if mod in mods and hasattr(mods[mod][0], cls):
            c = getattr(mods[mod][0], cls)
            classes.append((c, dict(vars(c))))
    _state.update(builtins=dict(vars(builtins)), modules=mods, classes=classes, saved={})


def before_test(ns: dict) -> list[str]:
    """Restore everything the tests rely on; return what had been changed."""
    changed: list[str] = []
    orig = _state["builtins"]
    live = vars(builtins)
    for k, v in orig.items():
        if live.get(k, v) is not v or k not in live:
            live[k] = v
            changed.append(f"builtins.{k}")
    for name, (m, d) in _state["modules"].items():
        if sys.modules.get(name) is not m:
            sys.modules[name] = m
            changed.append(f"sys.modules[{name!r}]")
        for k, v in d.items():
            if k.startswith("__") and k.endswith("__"):
                continue
            if getattr(m, k, None) is not v:
                try:
                    setattr(m, k, v)
                    changed.append(f"{name}.{k}")
                except (AttributeError, TypeError):
                    pass
    for cls, d in _state["classes"]:
        current = vars(cls)
        for k, v in d.items():
            if k in ("__dict__", "__weakref__", "__doc__"):
                continue
            if current.get(k) is not v:
                try:
                    setattr(cls, k, v)
                    changed.append(f"{cls.__name__}.{k}")
                except (AttributeError, TypeError):
                    pass
    saved = {}
    for k in list(ns):
        if k in orig and not k.startswith("_") and ns[k] is not orig[k]:
            saved[k] = ns.pop(k)  # a student's variable named like a builtin, kept aside during the test
            changed.append(f"shadowed builtin {k}")
    for k, mod in NAMES.items():
        if k in ns and mod in _state["modules"] and ns[k] is not _state["modules"][mod][0]:
            saved[k] = ns[k]
            ns[k] = _state["modules"][mod][0]
            changed.append(f"rebound {k}")
    _state["saved"] = saved
    return changed


def after_test(ns: dict) -> None:
    """Give the student's own names back for the cells that follow."""
    for k, v in _state.pop("saved", {}).items():
        ns[k] = v
    _state["saved"] = {}
