"""One grading worker: a long-lived process that runs nbgrader's own Autograde converter.

The scheduler (`scheduler.py`) starts a few of these and feeds them jobs (one student's notebook each)
over a pipe. A worker pays nbgrader's start-up once, grades into a private SQLite gradebook
(never the course's), and answers with what nbgrader wrote there plus what it saw: the
notebook's status and the reasons. Grading is nbgrader's: same converter, same configuration
(nbgrader_config.py of the course root), same preprocessors as `nbgrader autograde`.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

from ..findings import tampered
from .messages import STOP, Failed, GradeJob, GradeResult, Ready, Started, WorkerSetup


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def inspect_submission(path: Path, expected_cells: set[str], known_ids: set[str] | None = None) -> str | None:
    """Why a submitted file cannot be graded at all (not a notebook, another notebook), or None.
    Everything else about it is the integrity audit's to find, during grading."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        assert isinstance(cells, list)
    except (ValueError, KeyError, TypeError, AssertionError, UnicodeDecodeError):
        return "not_json"
    ids = set()
    for c in cells:
        meta = c.get("metadata", {}) if isinstance(c, dict) else {}
        ng = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(ng, dict) and ng.get("grade_id"):
            ids.add(ng["grade_id"])
    mine = ids & set(known_ids or expected_cells)
    if ids and len(mine) * 2 < len(ids):
        return "wrong_notebook"  # mostly another notebook's nbgrader cells
    return None


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record):
        try:
            self.records.append(f"{record.levelname} {record.getMessage()}")
        except Exception:
            pass


def _classify(log_lines: list[str]) -> str:
    text = "\n".join(log_lines)
    if "CellTimeoutError" in text or "UnresponsiveKernelError" in text or "timed out" in text:
        return "timeout"
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        return "kernel_died"
    if "NotJSONError" in text or "JSONDecodeError" in text or "Notebook does not appear to be JSON" in text:
        return "not_json"
    return "error"


class Worker:
    """nbgrader's AutogradeApp, initialised once, pointed at a private gradebook."""

    def __init__(self, root: Path, private_url: str, course: str, config_overrides: list[str] | None = None,
                 warm_kernels: bool = True):
        from ..runner import ensure_tool_path

        ensure_tool_path()
        os.chdir(root)  # nbgrader reads nbgrader_config.py from the working directory, as on the command line
        from nbgrader.apps.autogradeapp import AutogradeApp

        self.root, self.url, self.course = Path(root), private_url, course
        self.app = AutogradeApp()
        self.app.initialize(["--force", "--Autograde.create_student=True",
                             f"--CourseDirectory.db_url={private_url}", *(config_overrides or [])])
        self.app.log.propagate = False
        self._check_preprocessors()
        self.warm = False
        if warm_kernels:
            from . import kernels

            self._share_world_parts(private_url)

            if kernels.supported():
                # forks the checker kernels (trusted: they never run a student's code); a student's
                # kernels come from a zygote of their own inside the student's sandbox
                # (kernels.StudentBox, preprocessors/execute.py)
                kernels.start_zygote()
                atexit.register(kernels.close_student_box)
                self.warm = True

    def _check_preprocessors(self) -> None:
        """Load every preprocessor the configuration names, now: a name that does not import is
        the worker's failure to start, reported once, not every notebook's failure to grade."""
        from nbgrader.converters import Autograde

        converter = Autograde(coursedir=self.app.coursedir, parent=self.app)
        converter.exporter = converter.exporter_class(parent=converter, config=converter.config)  # as start() makes it
        for sanitizing in (True, False):
            converter._sanitizing = sanitizing
            converter._init_preprocessors()

    @staticmethod
    def _share_world_parts(private_url: str) -> None:
        """Keep the parts of the students' worlds that one notebook's kernels built for the next
        notebooks on the same world (a student's notebooks come one after another): a folder next to
        the private gradebook (the scheduler always gives a worker an SQLite file in the run's
        scratch folder), removed when the worker ends (preprocessors/execute.py decides who may
        read and write it)."""
        from xborder_data.world import SNAPSHOT_ENV

        folder = Path(private_url.removeprefix("sqlite:///")).parent / f"worlds-{os.getpid()}"
        folder.mkdir(exist_ok=True)
        atexit.register(shutil.rmtree, folder, True)
        os.environ[SNAPSHOT_ENV] = str(folder)

    def grade(self, job: GradeJob) -> GradeResult:
        """Grade one notebook. One whose kernel died is graded once more in a new sandbox before it
        is recorded as failed: a kernel also dies of what is not its notebook's doing (the machine's
        out-of-memory killer, a signal from outside), and a correct notebook must not lose its grade
        to that; a notebook that kills its kernel itself dies again and fails."""
        t0 = time.perf_counter()
        out = self._grade_once(job)
        if out.reasons == ["kernel_died"]:
            first = out.log
            if self.warm:
                from . import kernels

                kernels.close_student_box()
            out = self._grade_once(job)
            note = ("WARNING the kernel died on the first run and died again on the second, in a new sandbox"
                    if out.reasons == ["kernel_died"] else
                    "WARNING the kernel died on the first run; graded again in a new sandbox")
            print(f"{job.student}/{job.notebook}: {note}\n" + "\n".join(first[-10:]), file=sys.stderr, flush=True)
            out.log = [note, *first[-10:], *out.log]
        out.seconds = round(time.perf_counter() - t0, 2)
        return out

    def _grade_once(self, job: GradeJob) -> GradeResult:
        from nbgrader.api import Gradebook
        from nbgrader.converters import Autograde

        from .gradebook import read_notebook_grades

        t0 = time.perf_counter()
        zygote = self._zygote()
        assignment, student, notebook = job.assignment, job.student, job.notebook
        path = self.root / "submitted" / student / assignment / f"{notebook}.ipynb"
        out = GradeResult(student, notebook, status="failed", sha256=sha256(path))
        fatal = inspect_submission(path, set(job.expected_cells), set(job.known_ids))
        if fatal:
            out.reasons = [fatal]
            out.seconds = round(time.perf_counter() - t0, 2)
            return out
        cap = _Capture()
        self.app.log.addHandler(cap)
        cd = self.app.coursedir
        cd.assignment_id, cd.student_id, cd.notebook_id = assignment, student, notebook
        ok = True
        try:
            Autograde(coursedir=cd, parent=self.app).start()
        except BaseException as exc:  # NbGraderException, or anything nbgrader did not expect
            if isinstance(exc, KeyboardInterrupt):
                raise
            ok = False
            cap.records.append(f"ERROR {type(exc).__name__}: {exc}\n{traceback.format_exc()[-2000:]}")
        finally:
            self.app.log.removeHandler(cap)
            cd.notebook_id = "*"
        out.log = [r for r in cap.records if not r.startswith(("DEBUG", "INFO"))][-40:]
        autograded = self.root / "autograded" / student / assignment / f"{notebook}.ipynb"
        if zygote is not None and not zygote.alive():
            # the zygote is no kernel's business: a notebook that ended it while it ran reached
            # out of its kernel to a process of the grader. It alone fails; the next job gets a new zygote.
            out.reasons = ["grader_killed"]
            out.log.append(f"ERROR the kernel zygote (pid {zygote.pid}) ended while this notebook ran: {zygote.returncode()}")
        elif not ok or not autograded.exists():
            out.reasons = [_classify(cap.records)]
        else:
            found, sandboxed = _findings(autograded)
            out.reasons = list(dict.fromkeys(found))
            with Gradebook(self.url, self.course) as gb:
                out.grades = read_notebook_grades(gb, assignment, student, notebook)
            needs_manual = any(g["needs_manual_grade"] for g in out.grades.grades.values()) if out.grades else True
            if tampered(out.reasons, sandboxed):
                out.status = "tampered"
            elif needs_manual:
                out.status = "needs_manual"
            else:
                out.status = "graded"
        out.seconds = round(time.perf_counter() - t0, 2)
        return out


    def _zygote(self):
        """The warm kernels' zygote, healthy, before a job: one that died since the last job (out of
        memory, say) is replaced here, and nobody's notebook is blamed for it."""
        if not self.warm:
            return None
        from . import kernels

        return kernels.ensure_zygote()


def _findings(autograded: Path) -> tuple[list[str], bool]:
    """What the integrity preprocessors found (notebook metadata `xborder_grading`), and whether
    the code ran in the sandbox."""
    try:
        meta = json.loads(autograded.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return [], False
    record = meta.get("xborder_grading", {})
    return list(record.get("findings", [])), record.get("sandbox") == "bwrap"


def serve(conn, setup: WorkerSetup) -> None:
    """Process entry point: answer jobs from `conn` until told to stop (messages.STOP)."""
    from ..runner import end_with_parent

    end_with_parent()  # a worker ends with the grading run that started it, however that run ends
    _output_to(setup.log)
    try:
        worker = Worker(Path(setup.root), setup.gradebook_url, setup.course, list(setup.overrides), setup.warm_kernels)
    except BaseException as exc:  # noqa: BLE001 (the scheduler reports it and stops)
        traceback.print_exc()
        conn.send(Failed(f"{type(exc).__name__}: {exc}"))
        return
    conn.send(Ready(os.getpid()))
    while True:
        job = conn.recv()
        if job is STOP:
            break
        conn.send(Started(job.student, job.notebook))
        try:
            result = worker.grade(job)
        except Exception as exc:
            traceback.print_exc()
            result = GradeResult(job.student, job.notebook, status="failed", reasons=["error"],
                                 log=[f"{type(exc).__name__}: {exc}"], seconds=0)
        conn.send(result)


def _output_to(log: str) -> None:
    """Send everything this process and its children print to `log` (file descriptors included:
    cold kernels inherit them), so that the scheduler can show why a worker failed; a crash in C
    code leaves its Python traceback there too."""
    import faulthandler

    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    faulthandler.enable(sys.stderr)
    print(f"--- worker {os.getpid()} started {time.strftime('%Y-%m-%d %H:%M:%S')}", flush=True)
