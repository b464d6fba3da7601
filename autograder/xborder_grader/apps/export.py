"""`xborder export LEVEL`: the class's grades as a CSV an LMS can import.

One row per student: total and percentage, then per notebook its score and its status (graded,
needs_manual, tampered, failed, missing — see findings.py), then per skill item of the standard
the share of its points the student earned. The status columns are what plain `nbgrader export`
lacks: a 0 that is a crash or a missing file is not a 0 that was earned.

Points that wait for a person (a written answer graded by hand, a cell held for review) are not
a 0 either: a skill item's mastery counts only the points graded so far, the points still
awaiting grading are reported beside it (`awaiting_points`, `awaiting_items`), and an item whose
every point is still waiting has no mastery yet (an empty cell, not 0). Once the instructor has
graded in formgrader, the next export counts those points like any others.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..engine import gradebook as gbm
from ..cells import graded_cells
from ..course import CourseError, catalog, find_root
from ..engine.status import StatusStore


def cell_scores(root: Path, level: str) -> pd.DataFrame:
    """Long table: student, notebook, cell, skills, score, max_score, status, reasons, pending —
    every student with a submission or a status, every graded cell of the level. A cell's score is
    nbgrader's (`Grade.score`: manual if given, else auto, plus extra credit), as the gradebook
    says it now, formgrader's latest edits included; `pending` marks a cell still waiting for a
    person in formgrader (manual grading, or held for review)."""
    cat = catalog(root)
    cells = {nb.name: graded_cells(nb.path) for nb in cat.notebooks(level) if nb.path.exists()}
    url, course = gbm.db_url(root), gbm.course_id(root)
    with gbm.open_gradebook(url, course) as gb:
        if not gbm.assignment_notebooks(gb, level):
            raise CourseError(f"成绩库里还没有作业 {level}：请先 xborder build / grade。\n"
                              f"The gradebook has no assignment {level} yet: run `xborder build {level}` and `xborder grade {level}` first.")
        rows = pd.DataFrame(gbm.cell_scores(gb, level), columns=["student", "notebook", "cell", "score", "needs_manual"])
    store = StatusStore(root, level)
    status = store.all()
    store.close()
    # a notebook waits for a person as long as one of its cells does: once the instructor has graded
    # them in formgrader, it is graded, whatever the status file recorded at grading time
    waiting = {(s, nb) for s, nb, nm in zip(rows["student"], rows["notebook"], rows["needs_manual"]) if nm}
    graded_by_gb = set(zip(rows["student"], rows["notebook"]))

    def status_of(student: str, nb: str) -> str:
        st = status.get((student, nb), {}).get("status")
        if st is None:
            return "needs_manual" if (student, nb) in waiting else "graded" if (student, nb) in graded_by_gb else "missing"
        if st == "needs_manual" and (student, nb) not in waiting:
            return "graded"
        return st

    students = sorted(set(rows["student"]) | {s for s, _ in status})
    grid = pd.DataFrame([(s, nb, c.grade_id, ",".join(c.skills), c.points)
                         for s in students for nb, cs in cells.items() for c in cs],
                        columns=["student", "notebook", "cell", "skills", "max_score"])
    out = grid.merge(rows, on=["student", "notebook", "cell"], how="left")
    out["score"] = out["score"].astype(float).fillna(0.0)
    out["status"] = [status_of(s, nb) for s, nb in zip(out["student"], out["notebook"])]
    out["reasons"] = [";".join(status.get((s, nb), {}).get("reasons") or []) for s, nb in zip(out["student"], out["notebook"])]
    out["pending"] = [bool(nm) if pd.notna(nm) else False for nm in out["needs_manual"]]
    return out.drop(columns=["needs_manual"])


def skill_scores(cells: pd.DataFrame) -> pd.DataFrame:
    """Per student × skill item: earned and possible points of the cells graded so far, and the
    points still awaiting grading by a person (a cell counts for each item it grades). Mastery is
    earned ÷ possible over graded cells only: NaN while every point of the item is awaiting."""
    long = cells.assign(skill=cells["skills"].str.split(",")).explode("skill")
    long = long[long["skill"].fillna("") != ""]
    pending = long["pending"].astype(bool) if "pending" in long else pd.Series(False, index=long.index)
    long = long.assign(earned=long["score"].where(~pending, 0.0), possible=long["max_score"].where(~pending, 0.0),
                       awaiting=long["max_score"].where(pending, 0.0))
    out = long.groupby(["student", "skill"], as_index=False)[["earned", "possible", "awaiting"]].sum()
    out["mastery"] = (out["earned"] / out["possible"].where(out["possible"] > 0)).round(4)
    return out


def grades_table(root: Path, level: str) -> pd.DataFrame:
    cells = cell_scores(root, level)
    if cells.empty:
        return pd.DataFrame()
    by_nb = cells.groupby(["student", "notebook"], as_index=False).agg(score=("score", "sum"), max_score=("max_score", "sum"),
                                                                        status=("status", "first"), reasons=("reasons", "first"))
    wide = by_nb.pivot(index="student", columns="notebook", values="score")
    status = by_nb.pivot(index="student", columns="notebook", values="status").add_suffix(" status")
    reasons = by_nb.pivot(index="student", columns="notebook", values="reasons").add_suffix(" reasons")
    total = by_nb.groupby("student").agg(score=("score", "sum"), max_score=("max_score", "sum"))
    total["percent"] = (100 * total["score"] / total["max_score"]).round(1)
    total["problems"] = by_nb[by_nb["status"] != "graded"].groupby("student")["notebook"].count().reindex(total.index).fillna(0).astype(int)
    per_skill = skill_scores(cells)
    skills = per_skill.pivot(index="student", columns="skill", values="mastery")
    waiting = per_skill[per_skill["awaiting"] > 0]
    total["awaiting_points"] = cells[cells["pending"]].groupby("student")["max_score"].sum().reindex(total.index).fillna(0.0)
    total["awaiting_items"] = waiting.groupby("student")["skill"].agg(",".join).reindex(total.index).fillna("")
    order = [c for nb in wide.columns for c in (nb, f"{nb} status", f"{nb} reasons")]
    table = total.join(pd.concat([wide, status, reasons], axis=1)[order]).join(skills)
    table.index.name = "student_id"
    return table.reset_index()


def export(level: str, out: str | Path | None = None, *, root: Path | None = None, echo=print) -> Path:
    root = Path(root or find_root()).resolve()
    level = catalog(root).resolve_level(level)
    table = grades_table(root, level)
    if table.empty:
        raise CourseError(f"还没有 {level} 的成绩：请先 xborder grade {level}。\nNo grades for {level} yet: run `xborder grade {level}` first.")
    path = Path(out) if out else root / f"grades-{level}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8-sig")  # the BOM lets Excel read the Chinese text
    counts = {}
    for col in [c for c in table.columns if c.endswith(" status")]:
        for v in table[col]:
            counts[v] = counts.get(v, 0) + 1
    echo(f"[{level}] {len(table)} student(s) → {path}  (notebooks: {', '.join(f'{v} {k}' for k, v in sorted(counts.items()))})")
    waiting = table[table["awaiting_points"] > 0]
    if len(waiting):
        echo(f"  {len(waiting)} student(s) with {waiting['awaiting_points'].sum():g} point(s) awaiting grading by hand in formgrader "
             f"(items: {', '.join(sorted({i for v in waiting['awaiting_items'] for i in v.split(',') if i}))}); "
             "their mastery counts only what is graded so far")
    return path
