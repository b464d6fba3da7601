"""The autograde pass's execution: the student's code in a sandbox, the tests in a separate checker.

    GradingSeed    points both kernels at the student's own data world (XBORDER_SEED)
    SplitExecute   nbgrader's Execute with two kernels per notebook:
                   - the student's kernel runs every cell but the tests, inside the operating-
                     system sandbox (engine/sandbox.py), in a scratch copy of the submission's
                     folder that is thrown away afterwards;
                   - the checker kernel runs the test cells (and the set-up cells, so the tests
                     have the notebook's given data), always from the master copy in the gradebook,
                     never a line of the student's code. It reaches the student's values only
                     through the checks API, as data (checks/wire.py).
                   A test cell's outputs, and so its grade, come from the checker only. Output is
                   capped per cell; a cell that outruns the time limit is interrupted.

nbgrader reads a test cell's grade from the cell's outputs (an error output scores 0), so the
rest of nbgrader's pipeline is unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from pathlib import Path

from nbclient.util import run_sync
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Integer, Unicode

from xborder_data.world import DEFAULT_SEED, SEED_ENV, SNAPSHOT_ENV, SNAPSHOT_WRITE_ENV, snapshot_name

from ... import cells
from .. import sandbox
from ..channels import slice_shell_polls
from .sanitize import META, add_finding

# what the checker and the student's kernel learn of the grading run (besides the seed)
CHECKS_DIR = "XBORDER_CHECKS_DIR"
EXPORTS_DIR = "XBORDER_EXPORTS"
KEEP_WORLDS = 3  # students' worlds whose shared parts a worker keeps


def grading_seed(student: str, assignment: str) -> int:
    """The data world a student's submission is graded on: stable per student and assignment,
    different between students, and never the default world the student worked on."""
    seed = 1 + zlib.crc32(f"{assignment}/{student}".encode("utf-8")) % 999_983
    return seed + 1 if seed == DEFAULT_SEED else seed


class GradingSeed(NbGraderPreprocessor):
    """Point the grading kernels at the student's own data world (XBORDER_SEED).

    The kernels that nbgrader starts next get this process's environment.
    """

    enabled = Bool(True, help="Grade on a per-student data world instead of the default one.").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        if self.enabled and info.get("student") is not None:
            os.environ[SEED_ENV] = str(grading_seed(str(info["student"]), str(info.get("assignment", ""))))
        return nb, resources


def master_cells(info: dict) -> dict[str, tuple[str, str]]:
    """grade_id -> (role, source) of the master copy's test and set-up cells, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(info["db_url"]) as gb:
            master = gb.find_notebook(info["notebook"], info["assignment"])
            tests = {c.name for c in master.grade_cells if c.cell_type == "code"}
            answers = {c.name for c in master.solution_cells}
            out = {}
            for s in master.source_cells:
                if s.cell_type != "code":
                    continue
                if s.name in tests and s.name not in answers:
                    out[s.name] = ("test", s.source)
                elif s.locked and s.name not in tests and s.name not in answers:
                    out[s.name] = ("setup", s.source)
            return out
    except (MissingEntry, KeyError):
        return {}


class _Checker:
    """The trusted kernel that runs the tests: forked from the grading worker's pre-imported zygote
    where there is one, else started like any kernel. It never runs the student's code.

    Its IPython profile is a fresh private one, not the grading account's: start-up files in the
    instructor's ~/.ipython cannot change what a test computes, and grading writes nothing there.

    It talks over Unix sockets in that private folder (ZeroMQ's ipc transport), like the student's
    kernel: over TCP, jupyter_client picks free ports and closes them before the kernel binds them,
    and another grading process on the machine could take one in between, so the checker died
    before it started ("Address already in use") and a correct notebook scored nothing."""

    def __init__(self, scratch: Path, env: dict, memory_mb: int, startup_timeout: int):
        from nbclient.util import run_sync

        from .. import kernels

        base = tempfile.gettempdir()  # a Unix socket's path is limited to about 100 characters
        self._ipython_dir = tempfile.mkdtemp(prefix="xb-checker-", dir=base if len(base) <= 30 else "/tmp")
        where = {"transport": "ipc", "ip": os.path.join(self._ipython_dir, "k"),
                 "connection_file": os.path.join(self._ipython_dir, "kernel.json")}
        if kernels.ZYGOTE is not None:
            self.km = kernels.ForkingKernelManager(**where)
        else:
            from jupyter_client.manager import AsyncKernelManager

            self.km = AsyncKernelManager(**where)
        full_env = {**os.environ, **env, "IPYTHONDIR": self._ipython_dir}
        full_env.pop("JPY_PARENT_PID", None)
        run_sync(self.km.start_kernel)(cwd=str(scratch), env=full_env,
                                       extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=startup_timeout)
        self.kc.allow_stdin = False
        self.memory_mb = memory_mb
        self.connected = False

    def close(self) -> None:
        from nbclient.util import run_sync

        try:
            self.kc.stop_channels()
        finally:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 (a kernel that is already gone is fine)
                pass
            shutil.rmtree(self._ipython_dir, ignore_errors=True)


class SplitExecute(Execute):
    """nbgrader's Execute with the student's code sandboxed and the tests in a checker (see above)."""

    sandbox = Unicode("auto", help="Operating-system sandbox for the student's kernel: 'auto' (bubblewrap where it "
                                   "works, else none with a warning), 'bwrap' (required) or 'none'.").tag(config=True)
    memory_limit_mb = Integer(6144, help="Address-space cap of the student's kernel, MiB.").tag(config=True)
    cpu_limit_s = Integer(900, help="CPU seconds the student's kernel may use in all.").tag(config=True)
    max_processes = Integer(512, help="Processes and threads of the sandbox user.").tag(config=True)
    max_file_mb = Integer(256, help="Largest file the student's code may write, MiB.").tag(config=True)
    max_output_chars = Integer(200_000, help="Output kept per cell; the rest is dropped while it runs.").tag(config=True)
    call_timeout = Integer(45, help="Seconds one check may wait for the student's code.").tag(config=True)

    _warned = False

    # --- one notebook ------------------------------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        info = (resources or {}).get("nbgrader", {})
        self._nb = nb
        self._out_chars: dict[int, int] = {}
        self._master = master_cells(info) if info.get("db_url") else {}
        self._mode = sandbox.resolve(self.sandbox)
        record = nb.metadata.setdefault(META, {"findings": [], "restored": []})
        record["sandbox"] = self._mode
        if self._mode == "none":
            add_finding(nb, "unsandboxed")
            if not SplitExecute._warned:
                SplitExecute._warned = True
                self.log.warning(sandbox.WARNING)
                print(sandbox.WARNING, file=sys.stderr)
        source_dir = Path(((resources or {}).get("metadata") or {}).get("path") or ".")
        self._world_parts = _world_parts(self._mode)
        # the student's kernel reads the world's shared parts (read-only, sandboxed only); the
        # checker reads and writes them; without a sandbox neither does (the student's code could
        # write a file the checker would load)
        shared = {SNAPSHOT_ENV: os.environ.get(SNAPSHOT_ENV, "") if self._world_parts else ""}
        self._box = self._student_box(info, shared)
        self._scratch = _make_scratch(source_dir, self._box.root if self._box else None)
        self._checker = None
        try:
            if self._mode == "bwrap":
                sandbox.prepare_scratch(self._scratch)
            env = {CHECKS_DIR: str(self._scratch / ".checks"), EXPORTS_DIR: str(self._scratch / "exports")}
            for d in (".checks", "exports"):
                (self._scratch / d).mkdir(exist_ok=True)
                if sandbox.runs_as() is not None and self._mode == "bwrap":
                    os.chown(self._scratch / d, sandbox.runs_as(), sandbox.runs_as())
            self._env = {**env, **shared}
            checker_env = {**self._env, SNAPSHOT_WRITE_ENV: "1" if self._world_parts else ""}
            self._checker = _Checker(self._scratch, checker_env, self.memory_limit_mb, self.startup_timeout)
            return super().preprocess(nb, resources, km)
        finally:
            if self._checker is not None:
                self._checker.close()
            if self._box is not None:
                from .. import kernels

                if not self._box.clean():
                    kernels.close_student_box()  # a sandbox that could not be swept is not reused
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _limits(self) -> sandbox.Limits:
        return sandbox.Limits(memory_mb=self.memory_limit_mb, cpu_seconds=self.cpu_limit_s,
                              processes=self.max_processes, file_mb=self.max_file_mb)

    def _student_box(self, info: dict, shared: dict):
        """The student's own sandbox with warm kernels (kernels.StudentBox), in a grading worker
        that keeps warm kernels; else None, and the student's kernel starts cold in a sandbox of
        its own."""
        from .. import kernels

        if self._mode != "bwrap" or kernels.ZYGOTE is None or info.get("student") is None:
            return None
        read_only = [self._world_parts] if self._world_parts else []
        key = (str(info["student"]), os.environ.get(SEED_ENV, ""), tuple(read_only), tuple(sorted(shared.items())),
               self._limits())
        return kernels.student_box(key, shared, self._limits(), read_only)

    # --- the student's kernel ----------------------------------------------------------------------
    def create_kernel_manager(self):
        from jupyter_client.manager import AsyncKernelManager

        from jupyter_client.provisioning import LocalProvisioner

        from .. import kernels

        scratch, mode, env, box = self._scratch, self._mode, dict(self._env), self._box
        read_only = [self._world_parts] if self._world_parts else []
        limits = self._limits()
        kdir = scratch / ".kernel"
        kdir.mkdir(exist_ok=True)

        class StudentKernelManager(AsyncKernelManager):
            def format_kernel_cmd(self, extra_arguments=None):
                cmd = super().format_kernel_cmd(extra_arguments)
                if mode != "bwrap" or (box is not None and kernels._is_ipykernel(cmd)):
                    return cmd  # no sandbox, or forked inside the student's sandbox
                return sandbox.command(cmd, scratch, env, limits, read_only=read_only)

            async def _async_pre_start_kernel(self, **kw):
                cmd, kw = await super()._async_pre_start_kernel(**kw)
                if box is not None and type(self.provisioner) is LocalProvisioner and kernels._is_ipykernel(cmd):
                    self.provisioner.__class__ = kernels.BoxedProvisioner
                    self.provisioner.box = box
                    self.provisioner.sandbox_env = sandbox.environment(scratch, env)
                return cmd, kw

            _pre_start_kernel = _async_pre_start_kernel

            def client(self, **kw):
                import zmq

                kc = super().client(**kw)
                # no queue limit on what this client receives (its own context, so only its sockets):
                # the checker's calls make the kernel publish while nobody reads here, and over zmq's
                # default 1,000 messages the kernel drops new ones, a later cell's "idle" among them
                # (SplitExecute._drop_stale_iopub)
                kc.context.setsockopt(zmq.RCVHWM, 0)
                return kc

        if not self.kernel_name:
            self.kernel_name = self.nb.metadata.get("kernelspec", {}).get("name") or "python3"
        self.km = StudentKernelManager(kernel_name=self.kernel_name, config=self.config, transport="ipc",
                                       ip=str(kdir / "k"), connection_file=str(kdir / "kernel.json"))
        if mode == "bwrap":
            self.km.kernel_spec.interrupt_mode = "message"  # signals do not cross into the sandbox's PID namespace
        return self.km

    async def async_start_new_kernel(self, **kwargs):
        kwargs["cwd"] = str(self._scratch)
        if self._mode == "bwrap":
            self.km.write_connection_file()
            uid = sandbox.runs_as()
            if uid is not None:
                for p in (Path(self.km.connection_file), Path(self.km.connection_file).parent):
                    os.chown(p, uid, uid)
        else:
            kwargs["env"] = {**os.environ, **self._env}
        return await super().async_start_new_kernel(**kwargs)

    # nbclient binds its synchronous start_new_kernel to its own async_start_new_kernel when the
    # class is made, and nbconvert's preprocess starts the kernel through it: bound again here, the
    # student's kernel gets the scratch folder and the environment above also without a sandbox
    start_new_kernel = run_sync(async_start_new_kernel)

    # --- cells -------------------------------------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        slice_shell_polls(self.kc)
        if not self._checker.connected:
            self._connect_checker()  # before the first cell, so no cell's time includes the checker's set-up
        gid = cells.grade_id(cell)
        role, master = self._master.get(gid, (None, None)) if gid else (None, None)
        started = time.monotonic()
        if cell.cell_type == "code" and cells.is_test(cell) and role == "test":
            cell, resources = self._in_checker(cell, resources, index, master)
        else:
            cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code" and self.timeout and time.monotonic() - started >= self.timeout:
            add_finding(self._nb, "cell_timeout")
        return cell, resources

    def _in_checker(self, cell, resources, index, source, keep: bool = True):
        """Run `source` (the master's) for `cell` in the checker; the cell gets the checker's outputs."""
        checker = self._checker
        if not checker.connected:
            self._connect_checker()
        saved = self.kc, self.km, self.nb
        original = cell.source
        self.kc, self.km = checker.kc, checker.km
        if not keep:
            self.nb = type(self.nb)(self.nb)  # outputs of a set-up cell in the checker go nowhere
            self.nb["cells"] = list(saved[2]["cells"])
        try:
            slice_shell_polls(self.kc)
            cell.source = source
            cell, resources = super().preprocess_cell(cell, resources, index)
        finally:
            cell.source = original
            self.kc, self.km, self.nb = saved
            self._drop_stale_iopub()
        if keep:
            self.nb["cells"][index] = cell
        return cell, resources

    def _drop_stale_iopub(self):
        """Read away what the student's kernel published while the checker ran a cell.

        Every value a check reads and every call of the student's code is a request to the student's
        kernel, which publishes its busy and idle status (and the code's prints) on IOPub to this
        process's client, read only while a cell of the student's runs: a check that calls the
        student's function a thousand times leaves thousands of messages. None of them is for a
        cell of the notebook; read now, they cost nothing later (the receive queue has no limit, so
        none of the next cell's messages can be dropped behind them)."""
        from queue import Empty

        kc = getattr(self, "kc", None)
        if kc is None or getattr(kc, "iopub_channel", None) is None:
            return

        async def drain():
            while True:
                try:
                    await kc.iopub_channel.get_msg(timeout=0)
                except Empty:
                    return

        run_sync(drain)()

    def _connect_checker(self):
        from nbclient.util import run_sync

        checker = self._checker
        expr = (f"__import__('xborder_grader.checks', fromlist=['_']).connect({self.km.connection_file!r}, "
                f"timeout={int(self.call_timeout)})")
        code = ("import resource as _r\n"
                f"_r.setrlimit(_r.RLIMIT_AS, ({int(checker.memory_mb) * 2**20}, _r.getrlimit(_r.RLIMIT_AS)[1]))\n"
                "del _r\n") if checker.memory_mb else ""
        msg_id = checker.kc.execute(code, silent=True, store_history=False, user_expressions={"r": expr})
        saved = self.kc
        self.kc = checker.kc
        try:
            reply = run_sync(self.async_wait_for_reply)(msg_id)
        finally:
            self.kc = saved
        res = ((reply or {}).get("content") or {}).get("user_expressions", {}).get("r", {})
        if res.get("status") != "ok":
            raise RuntimeError(f"the checker could not connect to the student's kernel: {res.get('ename')}: {res.get('evalue')}")
        checker.connected = True
        # the notebook's set-up cells (imports, the plan, given data), all of them and in order, from
        # the master copy: a set-up cell needs only earlier ones, a test cell only set-up cells (the
        # authoring contract), and the submission's own copies may have lost their metadata
        from nbformat.v4 import new_code_cell

        for role, source in self._master.values():
            if role == "setup":
                self._in_checker(new_code_cell(source), {}, 0, source, keep=False)

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        total = self._out_chars.get(cell_index, 0) + size
        self._out_chars[cell_index] = total
        if total > self.max_output_chars and msg["msg_type"] in ("stream", "display_data", "execute_result", "update_display_data"):
            if total - size <= self.max_output_chars:
                add_finding(self._nb, "output_truncated")
                outs.append(_stream("\n… 输出过多，已截断 · output cut: too long …\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def _world_parts(mode: str) -> str | None:
    """The folder of the shared parts of the student's world, when the grading worker keeps them
    (SNAPSHOT_ENV) and the student's code runs in the sandbox; created here, so that the sandbox can
    mount it read-only before the checker has written a part."""
    root = os.environ.get(SNAPSHOT_ENV, "").strip()
    if mode != "bwrap" or not root:
        return None
    try:
        seed = int(os.environ.get(SEED_ENV, "") or DEFAULT_SEED)
    except ValueError:
        return None
    folder = Path(root) / snapshot_name(seed)
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    # a worker grades one student's notebooks one after another: the worlds of the last few
    # students are kept, older ones go
    others = sorted((p for p in Path(root).iterdir() if p.is_dir() and p != folder),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEEP_WORLDS - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    return str(folder)


def _make_scratch(source_dir: Path, base: Path | None = None) -> Path:
    """A throw-away copy of the submission's folder (the notebook's working directory), on a short
    path (Unix socket paths are limited to about 100 characters): in `base`, or the system's
    temporary folder."""
    if base is None:
        base = tempfile.gettempdir()
        if len(base) > 40:
            base = "/tmp"
    scratch = Path(tempfile.mkdtemp(prefix="xb-", dir=base))
    os.chmod(scratch, 0o755)
    if source_dir.is_dir():
        for item in source_dir.iterdir():
            if item.name.startswith(".") or item.suffix == ".ipynb":
                continue  # the notebook itself is what runs; the grader keeps it
            dest = scratch / item.name
            if item.is_dir():
                shutil.copytree(item, dest, symlinks=False, ignore_dangling_symlinks=True)
            elif item.is_file():
                shutil.copy(item, dest)
    return scratch


def _stream(text: str):
    from nbformat.v4 import new_output

    return new_output("stream", name="stdout", text=text)
