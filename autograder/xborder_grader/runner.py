"""Running nbgrader's own commands in a subprocess, with the environment they need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def tool_env(extra: dict | None = None) -> dict:
    """This environment with the interpreter's bin folder first on PATH: nbgrader shells out to
    `alembic` and kernels to `python`, which must be this virtual environment's, activated or not."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if extra:
        env.update(extra)
    return env


def nbgrader(args: list[str], cwd: Path, log: Path | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """`python -m nbgrader ARGS` in `cwd`; output appended to `log` if given, else captured."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    if log is None:
        return subprocess.run(cmd, cwd=cwd, env=tool_env(), capture_output=True, text=True, timeout=timeout)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n$ nbgrader {' '.join(args)}\n")
        fh.flush()
        return subprocess.run(cmd, cwd=cwd, env=tool_env(), stdout=fh, stderr=subprocess.STDOUT, timeout=timeout)


def end_with_parent() -> None:
    """Have the kernel kill this process when its parent ends, however the parent ends (Linux
    PR_SET_PDEATHSIG; elsewhere nothing)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)
    except Exception:
        pass


def ensure_tool_path() -> None:
    """Put this interpreter's bin folder first on PATH of this process too: nbgrader's Gradebook
    runs `alembic` when it creates a database, and workers start kernels with `python`."""
    bindir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bindir:
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
