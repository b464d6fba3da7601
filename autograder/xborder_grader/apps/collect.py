"""`xborder collect LEVEL [--from FOLDER|ZIP]`: put students' submissions where nbgrader expects them.

Without --from, nbgrader's own `collect` fetches them from the exchange. With --from, the
submissions come as an LMS exports them — a folder or a zip, one folder per student or flat files
whose names carry the student ID, under any top folder:

    s2026001/P-1.1_hot_products.ipynb                  folder per student
    s2026001_P-1.1_hot_products.ipynb                  ID, then the notebook name
    Canvas export/zhangsan_12345_67890_P-1.1_hot_products (1).ipynb
                                                       Canvas-style: first token is the ID
    primary_s2026001_attempt_2026-11-20-10-00-00_P-1.1_hot_products.ipynb
                                                       Blackboard-style, nbgrader zip_collect's
                                                       example pattern: ID and submission time
    --id-pattern REGEX                                 any other layout: nbgrader zip_collect's
                                                       FileNameCollectorPlugin.named_regexp, with
                                                       (?P<student_id>…), optional (?P<file_id>…)
                                                       and (?P<timestamp>…), searched in the path

A student ID is read from the file name when it looks like one (it holds a digit, or the name
matches a pattern above), else from the nearest folder that is not a container (submissions/,
the level's name, or a folder holding files of several students), else from the file name. The
notebook is recognised by the file_id group, else its file name (or task ID, e.g. P-1.1). IDs are
normalised to what works as a folder name everywhere (full-width characters folded, spaces and
symbols → _); every change is reported.

Each student's `timestamp.txt` is the submission's own time: the newest time the export gives for
that student's files (a timestamp in the name, or a timestamp.txt beside them), else the newest
modification time of the files themselves — never the time of collecting. Nothing is lost: a
submission that differs from one already collected is kept, the older copy moved to
.xborder/replaced/<time>/ first; duplicates keep the newest.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import runner
from ..course import CourseError, catalog, find_root

TASK_IN_NAME = re.compile(r"(?<![A-Za-z])([PIA])-([1-3])\.([1-5])(?!\d|\.\d)")
# nbgrader's own example of FileNameCollectorPlugin.named_regexp (Blackboard's file names), applied
# to the file name; the timestamp there reads 2016-01-30-15-00-00
NBGRADER_EXAMPLE = re.compile(r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)")
CONTAINERS = {"submissions", "submission", "submitted", "assignments", "files", "export", "download", "downloads"}


def normalise_id(raw: str) -> str:
    s = unicodedata.normalize("NFKC", raw).strip()
    s = re.sub(r"[^\w.-]+", "_", s)
    return s.strip("._-")


@dataclass
class Collected:
    written: list[tuple[str, str]] = field(default_factory=list)  # (student, notebook)
    unchanged: int = 0
    renamed_ids: dict[str, str] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path: why"
    timestamps: dict[str, str] = field(default_factory=dict)  # student -> what timestamp.txt now says


@dataclass
class Entry:
    """One file of an export: its path inside it, its bytes on demand, its modification time."""

    rel: str
    load: object  # () -> bytes
    mtime: float


@contextmanager
def open_export(source: Path):
    """The files of a folder or zip, as Entry objects; a zip is closed when the block ends."""
    if source.is_dir():
        yield [Entry(f.relative_to(source).as_posix(), f.read_bytes, f.stat().st_mtime)
               for f in sorted(source.rglob("*")) if f.is_file()]
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as zf:
            # a zip stores local time without a zone: read it as this machine's local time
            yield [Entry(i.filename, (lambda i=i: zf.read(i)), time.mktime(i.date_time + (0, 0, -1)))
                   for i in zf.infolist() if not i.is_dir()]
    elif source.exists():
        raise CourseError(f"{source} 不是文件夹也不是 zip 文件。\n{source} is neither a folder nor a zip file: "
                          "give the folder or the .zip your LMS exported.")
    else:
        raise CourseError(f"找不到 {source}。\n{source} does not exist.")


def match_notebook(name: str, notebooks: dict[str, str]) -> str | None:
    """The notebook a file name refers to: its full stem, else its task ID."""
    for stem in sorted(notebooks, key=len, reverse=True):
        if stem in name:
            return stem
    m = TASK_IN_NAME.search(name)
    if m:
        task = f"{m.group(1)}-{m.group(2)}.{m.group(3)}"
        return next((stem for stem, t in notebooks.items() if t == task), None)
    return None


def name_head(name: str, notebook: str) -> str:
    """What a file name holds before the notebook's name or task ID ("s2026001", Canvas's
    "zhangsan_12345_67890"), or ""."""
    cut = name.find(notebook)
    if cut < 0:
        m = TASK_IN_NAME.search(name)
        cut = m.start() if m else -1
    return name[:cut].strip(" _-") if cut > 0 else ""


def name_id(name: str, notebook: str) -> str | None:
    """The ID a file name starts with: the first token of its head."""
    return name_head(name, notebook).split("_")[0].strip() or None


def parse_time(text: str) -> float | None:
    """A timestamp as nbgrader writes or reads it (timestamp.txt, ISO, with or without a zone), or
    Blackboard's 2026-11-20-10-00-00; seconds since the epoch (naive times are UTC, as nbgrader's)."""
    from nbgrader.utils import parse_utc

    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)", text)
    if m:
        return dt.datetime(*map(int, m.groups()), tzinfo=dt.timezone.utc).timestamp()
    try:
        when = parse_utc(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp()


@dataclass
class Found:
    """A notebook of the export, attributed."""

    rel: str
    notebook: str
    student: str | None  # raw, before normalising
    when: float  # its modification time
    stated: float | None  # a time the export states for it (name, pattern)
    load: object


def attribute(entries: list[Entry], notebooks: dict[str, str], level: str, pattern: re.Pattern | None,
              out: Collected) -> list[Found]:
    """Each notebook of the export with its student (see the module docstring for the rules)."""
    found: list[Found] = []
    for e in entries:
        p = PurePosixPath(e.rel)
        if any(part.startswith(".") or part in ("__MACOSX", ".ipynb_checkpoints") for part in p.parts):
            continue
        if p.name == "timestamp.txt":
            continue
        if not e.rel.endswith(".ipynb"):
            out.skipped.append(f"{e.rel}: 不是 notebook not a notebook")
            continue
        groups = {}
        if pattern:
            m = pattern.search(e.rel)
            groups = {k: v for k, v in (m.groupdict() if m else {}).items() if v}
        else:
            m = NBGRADER_EXAMPLE.match(p.stem)
            groups = m.groupdict() if m else {}
        nb = match_notebook(groups.get("file_id", ""), notebooks) if groups.get("file_id") else None
        nb = nb or match_notebook(p.name, notebooks)
        if nb is None:
            out.skipped.append(f"{e.rel}: 认不出是哪个 notebook — no notebook of {level} in its name "
                               f"(expected one of {', '.join(notebooks)})")
            continue
        student = groups.get("student_id") or groups.get("student")
        stated = parse_time(groups["timestamp"]) if groups.get("timestamp") else None
        if pattern and not student:
            out.skipped.append(f"{e.rel}: --id-pattern 没有匹配到学生编号 the pattern found no student ID in its path")
            continue
        found.append(Found(e.rel, nb, student, e.mtime, stated, e.load))

    # folders holding files of several students (by the IDs in the file names) are containers
    heads: dict[str, set[str]] = {}
    for f in found:
        p = PurePosixPath(f.rel)
        if len(p.parts) >= 2:
            heads.setdefault(str(p.parent), set()).add(name_id(p.name, f.notebook) or "")

    def folder_of(rel: str) -> str | None:
        parent = PurePosixPath(rel).parent
        while str(parent) not in (".", ""):
            name = parent.name
            if name.lower() not in CONTAINERS and name != level and len(heads.get(str(parent), set()) - {""}) < 2:
                return name
            parent = parent.parent
        return None

    for f in found:
        if f.student:
            continue
        name = PurePosixPath(f.rel).name
        if any(ch.isdigit() for ch in name_head(name, f.notebook)):
            f.student = name_id(name, f.notebook)  # an ID such as s2026001, or Canvas's name_12345_67890_
        else:
            f.student = folder_of(f.rel) or name_id(name, f.notebook)
    return found


def collect(level: str, source: str | Path | None = None, *, root: Path | None = None, id_pattern: str | None = None,
            echo=print) -> Collected:
    from ..engine.lock import course_lock

    root = Path(root or find_root()).resolve()
    cat = catalog(root)
    level = cat.resolve_level(level)
    notebooks = {nb.name: nb.task for nb in cat.notebooks(level)}
    if not notebooks:
        raise CourseError(f"级别 {level} 还没有 notebook。\nLevel {level} has no notebooks yet.")
    with course_lock(root, f"collect {level}"):
        if source is None:
            proc = runner.nbgrader(["collect", level, "--update"], root)
            if proc.returncode != 0:
                raise CourseError("nbgrader collect 失败 failed (is the exchange set up? see docs/instructor.md):\n"
                                  + (proc.stdout + proc.stderr)[-2000:])
            echo(f"[{level}] collected from the nbgrader exchange into submitted/")
            return Collected()
        pattern = _pattern(id_pattern)
        with open_export(Path(source)) as entries:
            out = _collect(root, level, notebooks, entries, pattern)
    students = {s for s, _ in out.written} | set(out.timestamps)
    echo(f"[{level}] {len(out.written)} notebook(s) collected for {len(students)} student(s) into submitted/"
         + (f"; {out.unchanged} unchanged" if out.unchanged else ""))
    for raw, sid in out.renamed_ids.items():
        echo(f"  ~ student ID {raw!r} → {sid!r}")
    for line in out.replaced:
        echo(f"  ↻ replaced {line}")
    for line in out.duplicates:
        echo(f"  = duplicate ignored: {line}")
    for line in out.skipped:
        echo(f"  ! skipped {line}")
    return out


def _pattern(id_pattern: str | None) -> re.Pattern | None:
    if not id_pattern:
        return None
    try:
        pattern = re.compile(id_pattern)
    except re.error as exc:
        raise CourseError(f"--id-pattern 不是有效的正则表达式 is not a valid regular expression: {exc}") from exc
    if not {"student_id", "student"} & set(pattern.groupindex):
        raise CourseError("--id-pattern 需要一个名为 student_id 的分组（nbgrader zip_collect 的写法）\n"
                          "--id-pattern needs a group named 'student_id' (as nbgrader's zip_collect names it), "
                          "e.g. '(?P<student_id>\\d+)_'")
    return pattern


def _collect(root: Path, level: str, notebooks: dict[str, str], entries: list[Entry], pattern) -> Collected:
    out = Collected()
    found = attribute(entries, notebooks, level, pattern, out)
    # a timestamp.txt in the export (nbgrader's own layout) states the time of the files beside it
    stated_by_folder = {}
    for e in entries:
        p = PurePosixPath(e.rel)
        if p.name == "timestamp.txt":
            when = parse_time(e.load().decode("utf-8", "replace"))
            if when is not None:
                stated_by_folder[str(p.parent)] = when
    chosen: dict[tuple[str, str], Found] = {}
    for f in found:
        sid = normalise_id(f.student) if f.student else ""
        if not sid:
            out.skipped.append(f"{f.rel}: 找不到学生编号 no student ID in the name (use a folder per student or --id-pattern)")
            continue
        if sid != f.student:
            out.renamed_ids[f.student] = sid
        if f.stated is None:  # the nearest timestamp.txt up the export's folders
            for parent in PurePosixPath(f.rel).parents:
                if str(parent) in stated_by_folder:
                    f.stated = stated_by_folder[str(parent)]
                    break
        key = (sid, f.notebook)
        if key in chosen:
            old = chosen[key]
            keep = max(old, f, key=lambda x: (x.stated or x.when, x.rel))
            drop = old if keep is f else f
            out.duplicates.append(f"{drop.rel} (kept the newer {keep.rel})")
            chosen[key] = keep
        else:
            chosen[key] = f
    stamp = time.strftime("%Y%m%d-%H%M%S")
    by_student: dict[str, list[Found]] = {}
    for (sid, nb), f in sorted(chosen.items()):
        by_student.setdefault(sid, []).append(f)
    for sid, files in by_student.items():
        folder = root / "submitted" / sid / level
        changed = False
        for f in files:
            data = f.load()
            dest = folder / f"{f.notebook}.ipynb"
            if dest.exists():
                if dest.read_bytes() == data:
                    out.unchanged += 1
                    continue
                backup = root / ".xborder" / "replaced" / stamp / sid / level / dest.name
                backup.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(dest, backup)
                out.replaced.append(f"{sid}/{f.notebook} (older copy in {backup.relative_to(root)})")
            folder.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            out.written.append((sid, f.notebook))
            changed = True
        if changed:
            # the submission's time: what the export states, else when its newest file was saved
            stated = [f.stated for f in files if f.stated is not None]
            when = max(stated) if stated else max(f.when for f in files)
            text = dt.datetime.fromtimestamp(when, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
            (folder / "timestamp.txt").write_text(text)
            out.timestamps[sid] = text
    return out
