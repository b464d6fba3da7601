"""`xborder export LEVEL --lms canvas|moodle --roster FILE`: the grades as the LMS imports them.

One column per notebook of the level (a work task: `P-2.2 标题数据化撰写`), one row per student
of the roster. A roster file maps the course's student IDs (nbgrader's, the hub's user names)
to the LMS's identities; it may be the LMS's own gradebook export, with `--roster-key` naming the
column that holds the course's IDs (e.g. `SIS Login ID` when students log in to the hub with it).

Canvas (Grades → Import; community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807,
and the importer, canvas-lms app/models/gradebook_importer.rb): the columns `Student`, `ID`,
`SIS User ID`, `SIS Login ID`, `Section`, then one per assignment titled `Name (id)`; a second
row `Points Possible`. Canvas finds a student by `ID`, then `SIS User ID`, then `SIS Login ID`,
then name; an assignment by the id in the title, then by the exact title, else it creates one
with the points of the `Points Possible` row. A blank cell leaves a grade unchanged.

Moodle (Grades → Import → CSV file; docs.moodle.org/en/Grade_import, and grade/import/csv/classes/
load_data.php): a header row, then one row per student, every row as long as the header. One
column identifies the user and is mapped on import ("Map from" the column, "Map to" `useremail`,
`useridnumber` or `username`); each grade column is mapped to a grade item or to a new one. `-`
means no grade (a blank would reach a new grade item as a value).

A notebook gets a number only when its grade is final: graded, or tampered without anything
held for review, or graded by hand in formgrader. Anything else (waiting for manual grading,
failed, not handed in) is left blank and listed, so that nothing lands in the LMS as a zero
that was never earned; `--missing-zero` turns "not handed in" into 0 at the end of a term. A
student with grades but no roster entry stops the export: nothing is written.

Both files are UTF-8 with a byte-order mark, so that Excel shows the Chinese titles; Canvas's
importer matches the header with `include?` and Moodle strips the mark before parsing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..cells import graded_cells
from ..course import CourseError, catalog, find_root
from ..findings import LABELS
from .collect import normalise_id
from .export import cell_scores

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_IDS = ("ID", "SIS User ID", "SIS Login ID")
# Moodle's user fields a grade import maps from, with the names its export gives the columns
MOODLE_IDS = {"ID number": "useridnumber", "Email address": "useremail", "Username": "username"}
MOODLE_NAMES = ("First name", "Last name", "Surname")
CANVAS_TITLE = re.compile(r"\A(.*)\s\((\d+)\)\Z")  # Canvas's Assignment.title_and_id
LMS = ("canvas", "moodle")
WHY_BLANK = {"pending": ("待在 formgrader 中人工评分或复核", "waiting for grading or review by hand in formgrader")}


@dataclass
class Roster:
    path: Path
    key: str
    columns: list[str]
    rows: list[dict[str, str]]
    encoding: str
    skipped: list[str] = field(default_factory=list)


def read_roster(path: str | Path, key: str) -> Roster:
    """A roster CSV: a header row, one row per student. UTF-8 (with or without a byte-order mark)
    or GB18030 (Excel on a Chinese Windows). Rows of a Canvas gradebook export that are no
    students (`Points Possible`, `Muted`) are passed over, and so are rows without a `key`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CourseError(f"无法读取名单 {path}：{exc.strerror}\nCannot read the roster {path}: {exc.strerror}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CourseError(f"名单 {path} 不是 UTF-8 或 GB18030 编码：请另存为 CSV UTF-8。\n"
                          f"The roster {path} is neither UTF-8 nor GB18030: save it as CSV UTF-8.")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    if key not in header:
        raise CourseError(f"名单 {path} 没有 {key!r} 列（用 --roster-key 指定哪一列是课程学号）。现有列：{', '.join(header)}\n"
                          f"The roster {path} has no column {key!r} (use --roster-key to name the column with the "
                          f"course's student IDs). Its columns: {', '.join(header)}")
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise CourseError(f"名单 {path} 的列名重复 has duplicate columns: {', '.join(dup)}")
    roster = Roster(path, key, header, [], "UTF-8" if encoding == "utf-8-sig" else "GB18030")
    seen: dict[str, int] = {}
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if cells[0].strip() == "Points Possible" or all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.I) for c in cells):
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        if not row[key]:
            roster.skipped.append(f"line {n}: {row.get('Student') or ', '.join(c for c in cells if c)[:60]}")
            continue
        if row[key] in seen:
            raise CourseError(f"名单 {path} 中 {key} = {row[key]!r} 出现了两次（第 {seen[row[key]]} 和 {n} 行）。\n"
                              f"The roster {path} lists {key} = {row[key]!r} twice (lines {seen[row[key]]} and {n}).")
        seen[row[key]] = n
        roster.rows.append(row)
    return roster


def match_students(students: list[str], roster: Roster) -> dict[str, dict]:
    """course student ID → roster row: the same ID, else the same after the normalisation
    `xborder collect` applies to IDs and JupyterHub's lower-casing of user names."""
    exact = {r[roster.key]: r for r in roster.rows}
    loose: dict[str, list[dict]] = {}
    for r in roster.rows:
        loose.setdefault(normalise_id(r[roster.key]).casefold(), []).append(r)
    out, unknown = {}, []
    for s in students:
        if s in exact:
            out[s] = exact[s]
            continue
        found = loose.get(normalise_id(s).casefold(), [])
        if len(found) == 1:
            out[s] = found[0]
        elif len(found) > 1:
            raise CourseError(f"学生 {s} 对应名单中的多行：{', '.join(r[roster.key] for r in found)}\n"
                              f"Student {s} matches several roster rows: {', '.join(r[roster.key] for r in found)}")
        else:
            unknown.append(s)
    if unknown:
        raise CourseError(f"{len(unknown)} 名有成绩的学生不在名单 {roster.path} 中（按 {roster.key!r} 列对照），未写出任何文件：\n"
                          f"{len(unknown)} student(s) with grades are not in the roster {roster.path} (column "
                          f"{roster.key!r}); nothing was written. Add them to the roster:\n  " + "\n  ".join(unknown))
    taken: dict[int, str] = {}
    for s, r in out.items():
        if id(r) in taken:
            raise CourseError(f"名单中 {r[roster.key]!r} 对应两名学生 {taken[id(r)]} 和 {s}。\n"
                              f"The roster row {r[roster.key]!r} matches two students: {taken[id(r)]} and {s}.")
        taken[id(r)] = s
    return out


def notebook_grades(cells: pd.DataFrame) -> pd.DataFrame:
    """Per student × notebook: score, status, reasons, and whether a grade waits for a person."""
    return cells.groupby(["student", "notebook"], as_index=False).agg(
        score=("score", "sum"), status=("status", "first"), reasons=("reasons", "first"), pending=("pending", "any"))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def lms_export(level: str, lms: str, roster_path: str | Path, out: str | Path | None = None, *,
               roster_key: str = "student_id", missing_zero: bool = False, root: Path | None = None, echo=print) -> Path:
    root = Path(root or find_root()).resolve()
    if lms not in LMS:
        raise CourseError(f"未知的 LMS {lms!r}，可选：{', '.join(LMS)}\nUnknown LMS {lms!r}. Valid choices: {', '.join(LMS)}")
    cat = catalog(root)
    level = cat.resolve_level(level)
    nbs = [nb for nb in cat.notebooks(level) if nb.path.exists()]
    titles = {nb.name: f"{nb.task} {cat.titles[nb.task]['zh']}" for nb in nbs}
    points = {nb.name: sum(c.points for c in graded_cells(nb.path)) for nb in nbs}
    roster = read_roster(roster_path, roster_key)
    cells = cell_scores(root, level)
    if cells.empty:
        raise CourseError(f"还没有 {level} 的成绩：请先 xborder grade {level}。\nNo grades for {level} yet: run `xborder grade {level}` first.")
    grades = notebook_grades(cells)
    matched = match_students(sorted(set(grades["student"])), roster)
    by_row = {id(r): s for s, r in matched.items()}
    blank = "" if lms == "canvas" else "-"

    values: list[dict[str, str]] = []
    held: dict[str, list[str]] = {}  # why → student/notebook left blank
    for row in roster.rows:
        student = by_row.get(id(row))
        mine = grades[grades["student"] == student].set_index("notebook") if student else None
        cell = {}
        for nb in titles:
            g = mine.loc[nb] if mine is not None and nb in mine.index else None
            status = g["status"] if g is not None else "missing"
            if g is not None and status in ("graded", "tampered", "needs_manual") and not g["pending"]:
                cell[nb] = _number(g["score"])
                continue
            if status == "missing" and missing_zero:
                cell[nb] = "0"
                continue
            why = "pending" if g is not None and g["pending"] else status
            held.setdefault(why, []).append(f"{student or row[roster_key]}/{nb}"
                                             + (f" ({g['reasons']})" if g is not None and g["reasons"] else ""))
            cell[nb] = blank
        values.append(cell)

    if lms == "canvas":
        header, lines = _canvas(roster, titles, points, values, matched)
    else:
        header, lines = _moodle(roster, titles, values)
    path = Path(out) if out else root / f"{lms}-{level}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(lines)

    echo(f"[{level}] {len(roster.rows)} student(s) × {len(titles)} notebook(s) → {path} "
         f"(roster {roster.path.name}, {roster.encoding}, matched on {roster_key!r})")
    for why, who in held.items():
        zh, en = WHY_BLANK.get(why) or LABELS.get(why, (why, why))
        echo(f"  · 留空 left blank, {zh} {en}: {len(who)}")
        for line in who[:10]:
            echo(f"      {line}")
        if len(who) > 10:
            echo(f"      … and {len(who) - 10} more")
    if roster.skipped:
        echo(f"  · roster rows without {roster_key!r}, left out: {'; '.join(roster.skipped[:5])}"
             + (" …" if len(roster.skipped) > 5 else ""))
    if lms == "canvas":
        echo("  Canvas: Grades → Import → this file; blank cells leave grades as they are.")
    else:
        echo(f"  Moodle: Grades → Import → CSV file; map from {header[0]!r} to {MOODLE_IDS[header[0]]!r}, "
             "each notebook column to its grade item (or a new one).")
    return path


def _canvas(roster: Roster, titles, points, values, matched):
    """Canvas's gradebook import: identity columns, one column per assignment, Points Possible."""
    have = [c for c in CANVAS_IDS if c in roster.columns]
    if not have:
        raise CourseError(f"Canvas 需要名单里有 {', '.join(CANVAS_IDS)} 中至少一列（从 Canvas 成绩册导出即可得到）。\n"
                          f"Canvas needs at least one of the columns {', '.join(CANVAS_IDS)} in the roster "
                          f"(a gradebook export from Canvas has them all).")
    no_id = [r[roster.key] for r in roster.rows if not any(r.get(c) for c in CANVAS_IDS)]
    if no_id:
        raise CourseError(f"名单中这些学生没有任何 Canvas 编号（{', '.join(CANVAS_IDS)}），Canvas 无法认出他们：\n"
                          f"These roster rows have no Canvas ID ({', '.join(CANVAS_IDS)}), so Canvas could not tell "
                          f"who they are:\n  " + "\n  ".join(no_id))
    # an assignment Canvas already has: reuse its "Title (id)" from the roster's header when the
    # title is ours or starts with our task ID
    existing = {}
    for h in roster.columns:
        m = CANVAS_TITLE.match(h)
        if m:
            existing.setdefault(m.group(1).strip(), h)
    heads = []
    for nb, title in titles.items():
        task = title.split(" ")[0]
        hits = [h for t, h in existing.items() if t == title or t == task or t.startswith(task + " ")]
        if len(hits) > 1:
            raise CourseError(f"名单表头中有多个作业对应 {task}：{'; '.join(hits)}\n"
                              f"Several assignments in the roster's header match {task}: {'; '.join(hits)}")
        heads.append(hits[0] if hits else title)
    student_of = {id(r): s for s, r in matched.items()}
    header = [*CANVAS_IDENTITY, *heads]
    lines = [["Points Possible", "", "", "", "", *(_number(points[nb]) for nb in titles)]]
    for row, cell in zip(roster.rows, values):
        name = row.get("Student") or student_of.get(id(row)) or row[roster.key]
        lines.append([name, row.get("ID", ""), row.get("SIS User ID", ""), row.get("SIS Login ID", ""),
                      row.get("Section", ""), *(cell[nb] for nb in titles)])
    return header, lines


def _moodle(roster: Roster, titles, values):
    """Moodle's CSV grade import: an identifier column mapped on import, one column per grade item."""
    ids = [roster.key] if roster.key in MOODLE_IDS else [c for c in MOODLE_IDS if c in roster.columns][:1]
    if not ids:
        raise CourseError(f"Moodle 需要名单里有一列用户标识：{', '.join(MOODLE_IDS)}（从 Moodle 成绩导出即可得到）。\n"
                          f"Moodle needs a user identifier column in the roster: one of {', '.join(MOODLE_IDS)} "
                          f"(a Moodle grade export has them).")
    ident = ids[0]
    blank = [r[roster.key] for r in roster.rows if not r.get(ident)]
    if blank:
        raise CourseError(f"名单中这些学生的 {ident!r} 为空，Moodle 导入时会跳过他们：\n"
                          f"These roster rows have an empty {ident!r}; Moodle would skip them on import:\n  "
                          + "\n  ".join(blank))
    names = [c for c in MOODLE_NAMES if c in roster.columns]
    header = [ident, *names, *titles.values()]
    lines = [[row[ident], *(row[c] for c in names), *(cell[nb] for nb in titles)] for row, cell in zip(roster.rows, values)]
    return header, lines
