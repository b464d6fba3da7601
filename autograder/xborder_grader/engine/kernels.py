"""Warm checker kernels for the grading workers: forked from a process that has already imported everything.

Every graded notebook needs a checker kernel that runs its test cells (preprocessors/execute.py).
Starting one costs a new Python process (~0.5 s) and the imports of ipykernel, pandas, matplotlib
and the course's packages (~0.8 s). A grading worker therefore keeps a *zygote*: one process that
imports all of that once and then forks a fresh checker per notebook. A forked kernel is a new
process with its own memory (copy-on-write), a new session and its own connection file, started
exactly as `python -m ipykernel_launcher -f FILE` would start, only without paying for the
imports again. The zygote and the checkers never run a student's code: a student's kernel always
starts afresh inside the sandbox, so nothing a student does can reach the zygote.

`ForkingKernelManager` is a jupyter_client AsyncKernelManager whose kernel process comes from the
zygote; nbclient drives it like any other kernel: interrupt, timeout, kill and shutdown all work,
because signals go straight to the forked pid. Used only where `os.fork` exists; elsewhere
kernels start normally.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

# imported once by the zygote, before any fork (what the course's setup cells and ipykernel import)
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "zmq", "tornado", "jedi",
           "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "openpyxl",
           "xborder_data", "xborder_data.charts", "xborder_grader.checks", "jupyter_client")
# Not seaborn: it imports ipywidgets, which registers with the running kernel when it is imported;
# imported here, before any kernel exists, it would miss that. Each kernel imports it (~0.1 s).


def supported() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class Zygote:
    """The pre-imported process; `spawn` forks a kernel from it and returns the kernel's pid."""

    def __init__(self):
        env = dict(os.environ)
        env.pop("JPY_PARENT_PID", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "xborder_grader.engine.kernels"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, bufsize=1)
        ready = self.proc.stdout.readline()
        if not ready.startswith("ready"):
            raise RuntimeError(f"kernel zygote did not start: {ready!r}")
        self.lock = threading.Lock()

    def spawn(self, cmd: list[str], env: dict, cwd: str) -> int:
        with self.lock:
            self.proc.stdin.write(json.dumps({"cmd": cmd, "env": env, "cwd": cwd}) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        if not answer.strip().isdigit():
            raise RuntimeError(f"kernel zygote failed to fork: {answer!r}")
        return int(answer)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


ZYGOTE: Zygote | None = None


class ForkedKernel:
    """Enough of subprocess.Popen for jupyter_client: the kernel is the zygote's child, not ours."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout=None):
        import time

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    async def launch_kernel(self, cmd, **kwargs):
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        self.process = ForkedKernel(ZYGOTE.spawn(list(cmd), dict(env), cwd))
        self.pid = self.process.pid
        self.pgid = self.pid  # the forked kernel leads its own session
        self.cwd = cwd
        return self.connection_info

    async def wait(self):
        ret = None
        if self.process:
            while (ret := self.process.poll()) is None:
                import asyncio

                await asyncio.sleep(0.02)
            self.process = None
        return ret


class ForkingKernelManager(AsyncKernelManager):
    async def _async_pre_start_kernel(self, **kw):
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if ZYGOTE is not None and type(self.provisioner) is LocalProvisioner and _is_ipykernel(cmd):
            self.provisioner.__class__ = ForkProvisioner
        return cmd, kw

    _pre_start_kernel = _async_pre_start_kernel


def _is_ipykernel(cmd: list[str]) -> bool:
    return len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"] and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)


# --- the zygote process ------------------------------------------------------------------------------
def _child(request: dict) -> None:
    """In the forked child: become a kernel as `python -m ipykernel_launcher ARGS` would."""
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["cmd"][3:], f"--IPKernelApp.parent_handle={os.getppid()}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    finally:
        os._exit(0)


def _zygote_main() -> None:
    import importlib
    import warnings

    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the working folder is not a package source
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # what ipykernel sets
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:
                pass
    os.environ.pop("MPLBACKEND", None)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped automatically
    from xborder_grader.runner import end_with_parent

    end_with_parent()  # end with the worker that started us
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        out.write(f"{pid}\n")
        out.flush()


if __name__ == "__main__":
    _zygote_main()
