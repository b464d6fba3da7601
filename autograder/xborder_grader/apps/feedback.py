"""`xborder feedback LEVEL`: a feedback page for every student and notebook, in parallel.

nbgrader's GenerateFeedback (with the course's SafeFeedback preprocessor: skill items, points and
the checks' bilingual messages, never hidden tests or tracebacks) runs in a few processes over
disjoint sets of students; the gradebook is only read. nbgrader writes nothing for a notebook it
could not grade: here such a student gets a page that says, in both languages, what happened to
that notebook (failed with the reason, missing, tampered), instead of silence.
"""

from __future__ import annotations

import html
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..course import CourseError, catalog, find_root
from ..engine.status import StatusStore
from ..findings import LABELS, REASONS

NOTE_ADVICE = {
    "failed": ("这个 notebook 无法自动评分，所以没有得分。请先在 JupyterLab 里“重启内核并运行全部单元格”，确认能从头运行到尾，再重新提交；如有疑问请联系老师。",
               "This notebook could not be graded automatically, so it scored nothing. Restart the kernel and run all cells "
               "in JupyterLab to check that it runs from top to bottom, then hand it in again; ask your instructor if unsure."),
    "missing": ("没有收到这个 notebook，计 0 分。", "This notebook was not handed in; it scores 0."),
    "tampered": ("测试单元格被删除、复制或改动过。评分时使用了原始测试；老师会人工复核。",
                 "Test cells were deleted, copied or changed. The original tests were used for grading; your instructor will review it."),
    "needs_manual": ("部分内容需要老师人工评分，最终分数以老师评分为准。", "Part of this notebook waits for your instructor to grade it by hand."),
}


def _shard(root: str, level: str, students: list[str]) -> list[tuple[str, str | None]]:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    from ..runner import ensure_tool_path

    ensure_tool_path()
    os.chdir(root)
    from nbgrader.apps.generatefeedbackapp import GenerateFeedbackApp
    from nbgrader.converters import GenerateFeedback

    app = GenerateFeedbackApp()
    app.initialize(["--force"])
    out = []
    for s in students:
        cd = app.coursedir
        cd.assignment_id, cd.student_id, cd.notebook_id = level, s, "*"
        try:
            GenerateFeedback(coursedir=cd, parent=app).start()
            out.append((s, None))
        except BaseException as exc:  # noqa: BLE001 (one student's trouble must not stop the class)
            out.append((s, f"{type(exc).__name__}: {exc}"))
    return out


def note_page(level: str, student: str, notebook: str, entry: dict) -> str:
    st = entry.get("status", "missing")
    from ..findings import FINDINGS

    words = {**{k: (zh, en) for k, (_sev, zh, en) in FINDINGS.items()}, **REASONS}
    reasons = [words.get(r, (r, r)) for r in entry.get("reasons") or []]
    items = "".join(f"<li>{html.escape(zh)} · {html.escape(en)}</li>" for zh, en in reasons)
    zh, en = NOTE_ADVICE.get(st, ("", ""))
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(notebook)}</title>
<style>body {{ font-family: sans-serif; margin: 2em; max-width: 48em; }}</style></head><body>
<h1>{html.escape(notebook)}</h1>
<p>学生 Student: {html.escape(student)} · 作业 Assignment: {html.escape(level)}</p>
<h2>评分状态 Grading status: {html.escape(LABELS[st][0])} · {html.escape(LABELS[st][1])}</h2>
{f'<ul>{items}</ul>' if items else ''}
<p>{html.escape(zh)}</p><p>{html.escape(en)}</p>
<p>得分 Score: {entry.get('score') or 0:g} / {entry.get('max_score') or 0:g}</p>
</body></html>
"""


def feedback(level: str, *, root: Path | None = None, workers: int | None = None, echo=print, progress: bool = True) -> dict:
    from ..engine.lock import course_lock

    root = Path(root or find_root()).resolve()
    with course_lock(root, f"feedback {level}"):  # reads autograded/ while no grading run rewrites it
        return _feedback(level, root, workers, echo, progress)


def _feedback(level: str, root: Path, workers: int | None, echo, progress: bool) -> dict:
    from tqdm import tqdm

    level = catalog(root).resolve_level(level)
    store = StatusStore(root, level)
    status = store.all()
    store.close()
    autograded = root / "autograded"
    from ..engine import gradebook as gbm

    with gbm.open_gradebook(gbm.db_url(root), gbm.course_id(root)) as gb:
        known = {s.id for s in gb.students}
    # (a student whose every notebook failed or is missing has nothing for nbgrader to render)
    students = sorted(p.name for p in autograded.iterdir()
                      if p.name in known and any((p / level).glob("*.ipynb"))) if autograded.is_dir() else []
    if not students and not status:
        raise CourseError(f"还没有 {level} 的评分结果：请先 xborder grade {level}。\nNothing graded for {level} yet: run `xborder grade {level}` first.")
    n = max(1, min(workers or (os.cpu_count() or 1), len(students) or 1))
    shards = [students[i::n] for i in range(n)]
    errors = []
    with tqdm(total=len(students), unit="student", disable=not progress, desc=f"feedback {level}") as bar:
        if students:
            with ProcessPoolExecutor(max_workers=n) as pool:
                for result in pool.map(_shard, [str(root)] * n, [level] * n, shards):
                    errors += [(s, e) for s, e in result if e]
                    bar.update(len(result))
    notes = 0
    for (student, nb), entry in status.items():
        if entry["status"] == "graded":
            continue
        folder = root / "feedback" / student / level
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / f"{nb}.html"
        # nothing graded (failed, missing): this page is the feedback; otherwise it sits beside it
        target = page if entry["status"] in ("failed", "missing") or not page.exists() else folder / f"{nb}.status.html"
        target.write_text(note_page(level, student, nb, entry), encoding="utf-8")
        notes += 1
    echo(f"[{level}] feedback for {len(students) - len(errors)} student(s) in feedback/<student>/{level}/; "
         f"{notes} status note(s) for notebooks that were not simply graded")
    for s, e in errors:
        echo(f"  ! {s}: {e[:200]}")
    return {"students": len(students), "errors": errors, "notes": notes}
