"""`xborder collect LEVEL [--from FOLDER|ZIP]`: put students' submissions where nbgrader expects them.

Without --from, nbgrader's own `collect` fetches them from the exchange. With --from, the
submissions come as an LMS exports them — a folder or a zip, one folder per student or flat files
whose names carry the student ID:

    s2026001/P-1.1_hot_products.ipynb                  folder per student
    s2026001_P-1.1_hot_products.ipynb                  ID, then the notebook name
    zhangsan_12345_67890_P-1.1_hot_products (1).ipynb  Canvas-style: first token is the ID
    --id-pattern 'assignsubmission.*?_(?P<student>\\d+)_'   any other layout: a regex with a
                                                        `student` group, matched on the path

The notebook is recognised by its file name (or its task ID, e.g. P-1.1). IDs are normalised to
what works as a folder name everywhere (full-width characters folded, spaces and symbols → _);
every change is reported. Nothing is lost: a submission that differs from one already collected
is kept, the older copy moved to .xborder/replaced/<time>/ first; duplicates keep the newest.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import runner
from ..course import CourseError, catalog, find_root

TASK_IN_NAME = re.compile(r"(?<![A-Za-z])([PIA])-([1-3])\.([1-5])(?!\d|\.\d)")


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


def _entries(source: Path):
    """(relative posix path, bytes loader, modification time) of every file in a folder or zip."""
    if source.is_dir():
        for f in sorted(source.rglob("*")):
            if f.is_file():
                yield f.relative_to(source).as_posix(), f.read_bytes, f.stat().st_mtime
    elif zipfile.is_zipfile(source):
        zf = zipfile.ZipFile(source)
        for info in zf.infolist():
            if not info.is_dir():
                yield info.filename, (lambda i=info: zf.read(i)), time.mktime(info.date_time + (0, 0, -1))
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


def student_of(rel: str, notebook: str, notebooks: dict[str, str], pattern: re.Pattern | None) -> str | None:
    if pattern:
        m = pattern.search(rel)
        return m.group("student") if m else None
    parts = PurePosixPath(rel).parts
    if len(parts) >= 2:
        return parts[-2] if parts[-2] not in ("submissions", "submission") else None
    name = parts[-1]
    cut = name.find(notebook)
    if cut < 0:
        m = TASK_IN_NAME.search(name)
        cut = m.start() if m else -1
    head = name[:cut].strip(" _-") if cut > 0 else ""
    return head.split("_")[0] if head else None


def collect(level: str, source: str | Path | None = None, *, root: Path | None = None, id_pattern: str | None = None,
            echo=print) -> Collected:
    root = Path(root or find_root()).resolve()
    cat = catalog(root)
    level = cat.resolve_level(level)
    notebooks = {nb.name: nb.task for nb in cat.notebooks(level)}
    if not notebooks:
        raise CourseError(f"级别 {level} 还没有 notebook。\nLevel {level} has no notebooks yet.")
    if source is None:
        proc = runner.nbgrader(["collect", level, "--update"], root)
        if proc.returncode != 0:
            raise CourseError("nbgrader collect 失败 failed (is the exchange set up? see docs/instructor.md):\n"
                              + (proc.stdout + proc.stderr)[-2000:])
        echo(f"[{level}] collected from the nbgrader exchange into submitted/")
        return Collected()
    try:
        pattern = re.compile(id_pattern) if id_pattern else None
    except re.error as exc:
        raise CourseError(f"--id-pattern 不是有效的正则表达式 is not a valid regular expression: {exc}") from exc
    if pattern and "student" not in pattern.groupindex:
        raise CourseError("--id-pattern 需要一个名为 student 的分组 needs a group named 'student', e.g. '(?P<student>\\d+)_'")
    out = Collected()
    chosen: dict[tuple[str, str], tuple[float, str, object]] = {}
    for rel, load, mtime in _entries(Path(source)):
        parts = PurePosixPath(rel).parts
        if any(p.startswith(".") or p in ("__MACOSX", ".ipynb_checkpoints") for p in parts):
            continue
        if not rel.endswith(".ipynb"):
            out.skipped.append(f"{rel}: 不是 notebook not a notebook")
            continue
        nb = match_notebook(PurePosixPath(rel).name, notebooks)
        if nb is None:
            out.skipped.append(f"{rel}: 认不出是哪个 notebook — no notebook of {level} in its name "
                               f"(expected one of {', '.join(notebooks)})")
            continue
        raw = student_of(rel, nb, notebooks, pattern)
        sid = normalise_id(raw) if raw else ""
        if not sid:
            out.skipped.append(f"{rel}: 找不到学生编号 no student ID in the name (use a folder per student or --id-pattern)")
            continue
        if sid != raw:
            out.renamed_ids[raw] = sid
        key = (sid, nb)
        if key in chosen:
            keep = max(chosen[key], (mtime, rel, load), key=lambda t: (t[0], t[1]))
            drop = chosen[key] if keep is not chosen[key] else (mtime, rel, load)
            out.duplicates.append(f"{drop[1]} (kept the newer {keep[1]})")
            chosen[key] = keep
        else:
            chosen[key] = (mtime, rel, load)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for (sid, nb), (mtime, rel, load) in sorted(chosen.items()):
        data = load()
        folder = root / "submitted" / sid / level
        dest = folder / f"{nb}.ipynb"
        if dest.exists():
            if dest.read_bytes() == data:
                out.unchanged += 1
                continue
            backup = root / ".xborder" / "replaced" / stamp / sid / level / dest.name
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(dest, backup)
            out.replaced.append(f"{sid}/{nb} (older copy in {backup.relative_to(root)})")
        folder.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        when = dt.datetime.fromtimestamp(mtime, dt.timezone.utc)
        (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        out.written.append((sid, nb))
    students = {s for s, _ in chosen}
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

