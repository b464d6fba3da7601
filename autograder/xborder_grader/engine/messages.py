"""The messages between the scheduler and its grading workers.

Workers are the scheduler's own processes (trusted), so the messages travel as pickled
dataclasses over a multiprocessing pipe; what a student wrote only ever reaches them as the
notebook file on disk.

    scheduler → worker   WorkerSetup (as the process's argument), then GradeJob … STOP
    worker → scheduler   Ready or Failed, then one GradeResult per GradeJob
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gradebook import NotebookGrades


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker process starts with."""

    root: str  # the course root (nbgrader reads nbgrader_config.py there)
    gradebook_url: str  # the worker's private gradebook
    course: str  # nbgrader's course_id
    log: str  # the file the worker's stdout and stderr go to
    overrides: tuple[str, ...] = ()  # extra nbgrader command-line options
    warm_kernels: bool = True


@dataclass(frozen=True)
class GradeJob:
    """Grade one student's notebook of an assignment."""

    assignment: str
    student: str
    notebook: str
    expected_cells: tuple[str, ...]  # the graded cells of the master copy
    known_ids: tuple[str, ...] = ()  # every nbgrader id of the master copy


@dataclass(frozen=True)
class Ready:
    """The worker has started and waits for jobs."""

    pid: int


@dataclass(frozen=True)
class Started:
    """The worker has read a job and begins it: from now on its death is that notebook's failure.
    A worker that dies with a job still unread in its pipe blames nobody; the job goes back."""

    student: str
    notebook: str


@dataclass(frozen=True)
class Failed:
    """The worker could not start (nbgrader's configuration, the kernel zygote …)."""

    error: str


@dataclass
class GradeResult:
    """What grading one notebook gave: its status and, when it was graded, nbgrader's grades."""

    student: str
    notebook: str
    status: str  # see findings.STATUSES
    reasons: list[str] = field(default_factory=list)
    grades: NotebookGrades | None = None
    sha256: str | None = None
    seconds: float | None = None
    log: list[str] = field(default_factory=list)


STOP = None  # sent to a worker: finish and exit
