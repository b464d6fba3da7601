"""The operating-system sandbox a student's code runs in while it is graded.

Grading runs a student's notebook in a kernel started by bubblewrap (`bwrap`, Debian's
`bubblewrap`), the unprivileged sandboxing tool Flatpak is built on:

- the file system is empty but for what Python needs, mounted read-only: the system folders,
  the Python installation and virtual environment, and the course's two packages — not the
  course root (sources with solutions, gradebook, .xborder/, other submissions), not the home
  folder; the only writable places are the submission's own scratch folder and a small private
  /tmp holding an empty HOME, IPYTHONDIR and MPLCONFIGDIR;
- no network (a private network namespace with nothing in it), its own PID namespace (it cannot
  see or signal the grader, its workers or other kernels), its own IPC/UTS/cgroup namespaces,
  an environment of a few named variables only;
- as nobody in its own user namespace, without any capability outside it, with limits on memory,
  processes, CPU time, file size and open files (util-linux `prlimit`);
- everything in it dies with the kernel: bwrap's --die-with-parent and the PID namespace end
  every process the student started when the kernel is shut down or killed.

The kernel talks to the grader over Unix sockets in the scratch folder (ZeroMQ's ipc transport),
the only channel out of the sandbox.

Where bubblewrap cannot run (macOS, Windows, a container without user namespaces), grading still
works without it: `resolve("auto")` says so, the grader warns loudly and the run is marked
unsandboxed in the notebook's grading record, the export and the report.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
# variables the sandboxed kernel may see (everything else is dropped)
PASS_ENV = ("XBORDER_SEED", "LANG", "LC_ALL", "TZ")


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 6144  # address space of the kernel process
    cpu_seconds: int = 900  # CPU time of the kernel, all cells together
    processes: int = 512  # processes and threads of the sandbox user
    file_mb: int = 256  # largest file the code may write
    open_files: int = 1024
    tmp_mb: int = 256  # the private /tmp (HOME, IPYTHONDIR, MPLCONFIGDIR live there)


WARNING = ("⚠️ 警告：本机无法启用操作系统沙箱（需要 Linux 的 bubblewrap 和用户命名空间），学生代码以评分者身份运行，"
           "可能读取或改动成绩。请在装有 bubblewrap 的 Linux 上评分（见 docs/integrity.md）。\n"
           "⚠️ WARNING: no operating-system sandbox is available here (it needs Linux with bubblewrap and user "
           "namespaces): students' code runs as the grader and could read or change grades. Grade on Linux with "
           "bubblewrap installed (see docs/integrity.md).")


class SandboxError(RuntimeError):
    """The sandbox was required but cannot run here."""


@functools.lru_cache(maxsize=1)
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot sandbox a kernel on this machine, or None if it can."""
    if not sys.platform.startswith("linux"):
        return f"not Linux ({sys.platform})"
    if not shutil.which("bwrap"):
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    if not shutil.which("prlimit"):
        return "util-linux prlimit is not installed"
    import tempfile

    with tempfile.TemporaryDirectory(prefix="xb-probe-") as tmp:
        prepare_scratch(Path(tmp))
        probe = command([sys.executable, "-c", "import xborder_grader"], Path(tmp), {})
        try:
            proc = subprocess.run(probe, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bubblewrap does not start: {exc}"
    if proc.returncode != 0:
        return f"a sandboxed Python does not start here: {proc.stderr.strip()[-400:]}"
    return None


def resolve(mode: str) -> str:
    """The sandbox to use for `mode` ("auto", "bwrap" or "none"): "bwrap" or "none"."""
    if mode == "none":
        return "none"
    problem = bwrap_problem()
    if problem is None:
        return "bwrap"
    if mode == "bwrap":
        raise SandboxError(f"评分沙箱不可用 The grading sandbox is not available: {problem}")
    return "none"


def runs_as() -> int | None:
    """The host uid whose files the sandboxed code may write: the grader's own (bubblewrap maps it
    to nobody inside a user namespace that holds no capability outside the sandbox)."""
    return None


def _package_dirs() -> list[str]:
    """Where the course's packages are imported from (an editable install points outside the
    virtual environment)."""
    out = []
    for name in ("xborder_grader", "xborder_data"):
        spec = importlib.util.find_spec(name)
        for loc in (spec.submodule_search_locations or []) if spec else []:
            out.append(str(Path(loc).resolve()))
    return out


# what of /etc a Python kernel needs; the rest (passwords, keys, host configuration) stays out
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "nsswitch.conf", "passwd", "group", "hosts", "localtime",
       "timezone", "fonts", "ssl", "ca-certificates", "mime.types", "alternatives", "matplotlibrc", "os-release")


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for d in ("/lib", "/lib64", "/lib32", "/bin", "/sbin"):
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    for name in ETC:
        path = os.path.join("/etc", name)
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


def command(cmd: list[str], scratch: Path, env: dict[str, str], limits: Limits = Limits(),
            read_only: list[str] = (), as_init: bool = False) -> list[str]:
    """The command line that runs `cmd` (a kernel) in the sandbox, with `scratch` as its only
    writable folder and working directory, `read_only` folders it may read, and `env` (plus the
    sandbox's own) as its environment. With `as_init`, `cmd` is the sandbox's process 1, which
    no process inside can kill or stop (it must then reap the orphans itself)."""
    scratch = str(Path(scratch).resolve())
    mib = 2**20
    # `env -i`: bwrap's own process (the sandbox's init, which the code inside can read through
    # /proc/1) keeps the environment it was started with; the grader's must not be it
    args = [shutil.which("env") or "env", "-i", "PATH=/usr/bin:/bin", shutil.which("prlimit") or "prlimit",
            f"--as={limits.memory_mb * mib}", f"--cpu={limits.cpu_seconds}", f"--nproc={limits.processes}",
            f"--fsize={limits.file_mb * mib}", f"--nofile={limits.open_files}", "--core=0", "--"]
    args += [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    if as_init:
        args.append("--as-pid-1")
    args += _system_binds()
    roots = {str(Path(sys.base_prefix).resolve()), str(Path(sys.prefix).resolve()), *_package_dirs()}
    for d in sorted(roots):
        args += ["--ro-bind", d, d]
    exe = Path(sys.executable)
    if str(exe.parent) not in roots and not any(str(exe).startswith(r + "/") for r in roots):
        args += ["--ro-bind", str(exe.parent), str(exe.parent)]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.tmp_mb * mib), "--tmpfs", "/tmp",
             "--dir", "/tmp/home", "--dir", "/tmp/ipython", "--bind", scratch, scratch, "--chdir", scratch,
             "--clearenv"]
    for d in read_only:
        args += ["--ro-bind", str(d), str(d)]
    for k, v in environment(scratch, env).items():
        args += ["--setenv", k, str(v)]
    return args + ["--", *cmd]


def environment(scratch: Path, env: dict[str, str]) -> dict[str, str]:
    """All a process in the sandbox sees of the environment: the sandbox's own variables, the few
    named in PASS_ENV, and `env`."""
    out = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": "/tmp/home", "TMPDIR": "/tmp",
           "IPYTHONDIR": "/tmp/ipython", "MPLCONFIGDIR": str(Path(scratch) / ".mpl"), "LANG": "C.UTF-8",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    out.update({k: os.environ[k] for k in PASS_ENV if k in os.environ})
    out.update({k: str(v) for k, v in env.items()})
    return out


def prepare_scratch(scratch: Path) -> None:
    """Make the scratch folder the sandbox's own: writable by the sandbox user, with matplotlib's
    font list already in place (building it takes seconds, on every kernel)."""
    scratch = Path(scratch)
    mpl = scratch / ".mpl"
    mpl.mkdir(parents=True, exist_ok=True)
    try:
        import matplotlib

        for f in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copy(f, mpl / f.name)
    except Exception:  # noqa: BLE001 (without the cache matplotlib builds its own, only slower)
        pass
    uid = runs_as()
    if uid is not None:
        for p in [scratch, *scratch.rglob("*")]:
            try:
                os.chown(p, uid, uid)
            except OSError:
                pass
