"""Warm checker kernels for the grading workers: forked from a process that has already imported everything.

Every graded notebook needs a checker kernel that runs its test cells (preprocessors/execute.py).
Starting one costs a new Python process (~0.5 s) and the imports of ipykernel, pandas, matplotlib
and the course's packages (~0.8 s). A grading worker therefore keeps a *zygote*: one process that
imports all of that once and then forks a fresh checker per notebook. A forked kernel is a new
process with its own memory (copy-on-write), a new session and its own connection file, started
exactly as `python -m ipykernel_launcher -f FILE` would start, only without paying for the
imports again. The zygote and the checkers never run a student's code, and nothing a student
does can reach them: a student's kernels come from a zygote of their own, inside that student's
sandbox (`StudentBox`, below).

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
import time

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

# imported once by the zygote, before any fork (what the course's setup cells and ipykernel import)
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "zmq", "tornado", "jedi",
           "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "openpyxl", "scipy.stats",
           "xborder_data", "xborder_data.charts", "xborder_grader.checks", "jupyter_client")
# Not seaborn: it imports ipywidgets, which registers with the running kernel when it is imported;
# imported here, before any kernel exists, it would miss that. Each kernel imports it (~0.1 s),
# once scipy.stats, which seaborn imports at once and which is most of its cost (~0.7 s), is here.


def supported() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


class ZygoteDied(RuntimeError):
    """The zygote has ended (or stopped answering): it must be replaced before it forks again."""


class ZygoteSlow(ZygoteDied):
    """The zygote is still running but did not answer in time (a machine under heavy load, or a
    zygote stopped): whoever can wait treats the question as unanswered, not the zygote as dead."""


class Zygote:
    """The pre-imported process; `spawn` forks a kernel from it and returns the kernel's pid.

    One request at a time goes over its stdin, one line of JSON with a number; it answers one line
    that begins with the same number. An answer that comes after its asker gave up is recognised
    by its number and dropped, so a late answer is never taken for the next request's."""

    def __init__(self, preload: tuple[str, ...] = PRELOAD, timeout: float = 120.0, wrap=None, cwd=None):
        """`wrap` turns the zygote's command line into the one that runs it (in a sandbox, say)."""
        env = dict(os.environ)
        env.pop("JPY_PARENT_PID", None)
        argv = [sys.executable, "-m", "xborder_grader.engine.kernels", *preload]
        self.proc = subprocess.Popen(wrap(argv) if wrap else argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, cwd=cwd)
        self.lock = threading.Lock()
        self._pending = b""  # what was read of the zygote's output past the last whole line
        self._asked = 0  # the number of the last request
        ready = self._line(time.monotonic() + timeout)
        if not (ready or "").startswith("ready"):
            self.close(kill=True)
            raise RuntimeError(f"kernel zygote did not start ({self.returncode()}): {ready!r}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def returncode(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "running"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def _line(self, deadline: float) -> str | None:
        """The zygote's next line; "" if it ended, None if it said nothing before `deadline`."""
        import select

        fd = self.proc.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return ""
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def _ask(self, request: dict, timeout: float) -> str:
        with self.lock:
            if not self.alive():
                raise ZygoteDied(f"kernel zygote {self.pid} has ended ({self.returncode()})")
            self._asked += 1
            number = self._asked
            try:
                self.proc.stdin.write((json.dumps({**request, "n": number}) + "\n").encode())
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise ZygoteDied(f"kernel zygote {self.pid} has ended ({self.returncode()})") from exc
            deadline = time.monotonic() + timeout
            while True:
                line = self._line(deadline)
                if line is None:
                    if self.alive():
                        raise ZygoteSlow(f"kernel zygote {self.pid} did not answer in {timeout:.0f} s")
                    raise ZygoteDied(f"kernel zygote {self.pid} has ended ({self.returncode()})")
                if line == "":
                    raise ZygoteDied(f"kernel zygote {self.pid} has ended ({self.returncode()})")
                head, _, answer = line.partition(" ")
                if head == str(number):
                    return answer
                # the answer to an earlier request whose asker stopped waiting: not this one's

    def healthy(self, timeout: float | None = None) -> bool:
        """Alive and answering."""
        try:
            return self._ask({"ping": True}, HEALTH_TIMEOUT if timeout is None else timeout).strip() == "pong"
        except ZygoteDied:
            return False

    def spawn(self, cmd: list[str], env: dict, cwd: str, timeout: float = 30.0) -> int:
        answer = self._ask({"cmd": cmd, "env": env, "cwd": cwd}, timeout)
        if not answer.strip().isdigit():
            raise RuntimeError(f"kernel zygote failed to fork: {answer!r}")
        return int(answer)

    def child_alive(self, pid: int) -> bool:
        """Whether a kernel it forked still runs (asked of a sandboxed zygote, whose pids are its
        own namespace's)."""
        return self._ask({"alive": pid}, HEALTH_TIMEOUT).strip() == "1"

    def signal_child(self, pid: int, signum: int) -> None:
        self._ask({"signal": [pid, int(signum)]}, HEALTH_TIMEOUT)

    def sweep(self, timeout: float = 20.0) -> bool:
        """Have a sandboxed zygote end every other process in its sandbox and empty its /tmp;
        False if it could not (or did not answer)."""
        try:
            return self._ask({"sweep": True}, timeout).strip() == "swept"
        except ZygoteDied:
            return False

    def close(self, kill: bool = False) -> None:
        """End it: politely (no more requests), or at once with `kill` (it does not answer anyway).
        Kernels it forked live on until their notebook is done with them."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if kill:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()


HEALTH_TIMEOUT = 10.0  # seconds a zygote may take to answer a ping (it answers at once unless stuck)
ZYGOTE: Zygote | None = None  # the worker's zygote (one per worker process)


def start_zygote(**kw) -> Zygote:
    global ZYGOTE
    if ZYGOTE is not None:
        ZYGOTE.close(kill=True)
    ZYGOTE = Zygote(**kw)
    return ZYGOTE


def ensure_zygote() -> Zygote:
    """The zygote, replaced first if it has died or stopped answering."""
    if ZYGOTE is None or not ZYGOTE.healthy():
        return start_zygote()
    return ZYGOTE


def spawn_kernel(cmd: list[str], env: dict, cwd: str) -> int:
    """Fork a kernel; a zygote found dead on the way is replaced once, so its death costs no notebook."""
    try:
        return ensure_zygote().spawn(cmd, env, cwd)
    except ZygoteDied:
        return start_zygote().spawn(cmd, env, cwd)


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
        self.process = ForkedKernel(spawn_kernel(list(cmd), dict(env), cwd))
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


# --- a student's warm kernels, in the student's sandbox -----------------------------------------------
# A student's kernel cannot come from the worker's zygote: that one lives outside the sandbox. It
# can come from a zygote of its own inside it. A grading worker grades one student's notebooks one
# after another; for them it starts one sandbox (engine/sandbox.py) holding a pre-imported zygote
# and forks each notebook's kernel from it, saving the kernel's cold start and imports (~2 s of
# CPU) on every notebook but the student's first. Between notebooks the zygote ends every other
# process of the sandbox and empties its /tmp, and the worker empties the student's folder, so a
# notebook starts as clean as in a sandbox of its own. Only this student's notebooks ever share it.
# what a student's kernel needs of the checker's preload (it never talks to other kernels)
STUDENT_PRELOAD = ("--sandboxed", *(name for name in PRELOAD if name != "jupyter_client"))
KEEP_IN_BOX = (".mpl",)  # what the student's folder keeps between notebooks (matplotlib's font list)


class StudentBox:
    """One student's sandbox with a zygote inside; `root` is its only writable folder, where each
    notebook's scratch folder is made."""

    def __init__(self, key: tuple, env: dict, limits, read_only: list[str], timeout: float = 120.0):
        import tempfile
        from pathlib import Path

        from . import sandbox

        self.key = key
        base = tempfile.gettempdir()
        self.root = Path(tempfile.mkdtemp(prefix="xbs-", dir=base if len(base) <= 30 else "/tmp"))
        os.chmod(self.root, 0o755)
        sandbox.prepare_scratch(self.root)
        try:
            self.zygote = Zygote(STUDENT_PRELOAD, timeout=timeout, cwd=str(self.root),
                                 wrap=lambda argv: sandbox.command(argv, self.root, env, limits, read_only=read_only,
                                                                   as_init=True))
        except BaseException:
            self._remove()
            raise

    def healthy(self) -> bool:
        return self.zygote.healthy()

    def clean(self) -> bool:
        """After a notebook: no process but the zygote left in the sandbox, its /tmp empty, and the
        student's folder holding only what it held before the first notebook. False
        if the sandbox could not be swept: then it must be closed."""
        import shutil

        swept = self.zygote.sweep()
        for entry in self.root.iterdir():
            if entry.name in KEEP_IN_BOX:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        return swept

    def close(self) -> None:
        self.zygote.close(kill=True)  # bwrap dies, and with it every process of the sandbox
        self._remove()

    def _remove(self) -> None:
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


BOX: StudentBox | None = None  # the current student's sandbox (one per worker process)


def student_box(key: tuple, env: dict, limits, read_only: list[str]) -> StudentBox | None:
    """The sandbox for `key` (a student and what their kernels are given), started if needed; the
    previous student's is closed first. None if it cannot start (the notebook then gets a cold
    sandboxed kernel, as without warm kernels)."""
    global BOX
    if BOX is not None and (BOX.key != key or not BOX.healthy()):
        close_student_box()
    if BOX is None:
        try:
            BOX = StudentBox(key, env, limits, read_only)
        except Exception as exc:  # noqa: BLE001
            print(f"warm student kernels unavailable, starting cold ones: {exc}", file=sys.stderr)
            return None
    return BOX


def close_student_box() -> None:
    global BOX
    if BOX is not None:
        box, BOX = BOX, None
        box.close()


class BoxedKernel(ForkedKernel):
    """A kernel forked in a student's sandbox: its pid is the sandbox's, so the zygote there
    checks and signals it."""

    def __init__(self, box: StudentBox, pid: int):
        super().__init__(pid)
        self.box = box

    def poll(self):
        if self.returncode is None:
            try:
                if not self.box.zygote.child_alive(self.pid):
                    self.returncode = 0
            except ZygoteSlow:
                pass  # not known yet: a kernel is not dead because its sandbox answers slowly
            except ZygoteDied:
                self.returncode = -signal.SIGKILL  # the sandbox ended, and the kernel with it
        return self.returncode

    def send_signal(self, signum):
        try:
            self.box.zygote.signal_child(self.pid, signum)
        except ZygoteDied:
            pass


class BoxedProvisioner(ForkProvisioner):
    """Launches the kernel from the student's sandbox (`box`, with the sandbox environment `env`
    for it); every signal goes through that sandbox's zygote, never to a host process group."""

    box: StudentBox | None = None
    sandbox_env: dict | None = None

    async def launch_kernel(self, cmd, **kwargs):
        cwd = str(kwargs.get("cwd") or self.box.root)
        self.process = BoxedKernel(self.box, self.box.zygote.spawn(list(cmd), dict(self.sandbox_env or {}), cwd))
        self.pid = self.process.pid
        self.pgid = None
        self.cwd = cwd
        return self.connection_info

    async def send_signal(self, signum):
        if self.process:
            self.process.send_signal(signum)

    async def kill(self, restart=False):
        if self.process:
            self.process.kill()

    async def terminate(self, restart=False):
        if self.process:
            self.process.terminate()


# --- the zygote process ------------------------------------------------------------------------------
def _child(request: dict, parent: int) -> None:
    """In the forked child: become a kernel as `python -m ipykernel_launcher ARGS` would."""
    try:
        if SANDBOXED:
            _set_dumpable(True)  # the zygote is not; a kernel is an ordinary process of its sandbox
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["cmd"][3:], f"--IPKernelApp.parent_handle={parent}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    finally:
        os._exit(0)


SANDBOXED = False  # in the zygote process: whether it runs in a student's sandbox ("--sandboxed")


def _set_dumpable(on: bool) -> None:
    """prctl(PR_SET_DUMPABLE): a process that is not dumpable cannot be traced or have its memory
    read or written through /proc by another process of the same user."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 1 if on else 0, 0, 0, 0)
    except Exception:  # noqa: BLE001
        pass


def _fork_kernel(request: dict) -> int:
    """Fork a kernel. In a sandbox it is detached: forked twice, so that its parent is the
    sandbox's init (this zygote, as the sandbox's process 1) and a kernel's parent handle is 1,
    which ipykernel never polls."""
    if not SANDBOXED:
        pid = os.fork()
        if pid == 0:
            _child(request, os.getppid())
        return pid
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            kernel = os.fork()
            if kernel == 0:
                os.close(w)
                _child(request, 1)  # parent_handle 1: ipykernel then does not poll for its parent
            os.write(w, f"{kernel}\n".encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        return int(fh.readline().strip() or 0)


def _sweep() -> bool:
    """End every process of the sandbox but this zygote (its process 1), and empty /tmp (the
    kernels' HOME and IPYTHONDIR) for the next notebook. True when none is left."""
    import time

    me = os.getpid()
    end = time.monotonic() + 10
    while True:
        alive = []
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) in (1, me):
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    state = fh.read().rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state in (b"Z", b"X"):
                continue  # ended; the sandbox's init reaps it
            alive.append(int(name))
            try:
                os.kill(int(name), signal.SIGKILL)
            except OSError:
                pass
        if not alive:
            break
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    import shutil

    home = os.getcwd()  # the student's folder (the zygote's working folder), where it lies in /tmp
    for entry in os.listdir("/tmp"):
        path = os.path.join("/tmp", entry)
        if home == path or home.startswith(path + "/"):
            continue  # the worker empties the student's folder
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
    for d in ("/tmp/home", "/tmp/ipython"):
        os.makedirs(d, exist_ok=True)
    return True


def _zygote_main(preload: tuple[str, ...] = PRELOAD) -> None:
    import importlib
    import warnings

    global SANDBOXED
    if preload[:1] == ("--sandboxed",):
        # the sandbox's process 1: a signal from inside reaches it only where it has a handler, so
        # with SIGINT ignored the student's kernels can neither kill nor stop nor interrupt it
        SANDBOXED, preload = True, preload[1:]
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _set_dumpable(False)  # the student's kernels cannot trace it and change what it forks next

    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the working folder is not a package source
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # what ipykernel sets
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in preload:
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
        if request.get("ping"):
            answer = "pong"
        elif "alive" in request:
            try:
                os.kill(int(request["alive"]), 0)
                answer = "1"
            except ProcessLookupError:
                answer = "0"
            except OSError:
                answer = "1"
        elif "signal" in request:
            try:
                os.kill(int(request["signal"][0]), int(request["signal"][1]))
            except OSError:
                pass
            answer = "ok"
        elif request.get("sweep"):
            answer = "swept" if SANDBOXED and _sweep() else "not swept"
        else:
            answer = str(_fork_kernel(request))
        out.write(f"{request.get('n', 0)} {answer}\n")
        out.flush()


if __name__ == "__main__":
    _zygote_main(tuple(sys.argv[1:]) or PRELOAD)
