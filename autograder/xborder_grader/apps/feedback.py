"""`xborder feedback LEVEL`: a feedback page for every student and notebook, in parallel.

nbgrader's GenerateFeedback (with the course's SafeFeedback preprocessor: skill items, points and
the checks' bilingual messages, never hidden tests or tracebacks) runs in a few processes over
disjoint sets of students; the gradebook is only read. nbgrader writes nothing for a notebook it
could not grade: here such a student gets a page that says, in both languages, what happened to
that notebook (failed with the reason, missing, tampered), instead of silence.

Every student also gets one overview, feedback/<student>/<level>/index.html: each notebook of the
level with its status, points and page, and the points per skill item of the standard. All
pages are self-contained and script-free, so they read the same offline.
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


PAGE_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
       margin: 0; background: #f6f7f9; color: #222; font-size: 15px; line-height: 1.55; }
main { max-width: 1100px; margin: 16px auto; background: #fff; border: 1px solid #e1e4e8; padding: 16px 28px 28px; }
h1 { font-size: 1.45em; margin: 0.2em 0; } h2 { font-size: 1.15em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e1e4e8; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f4f6; } td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-weight: bold; white-space: nowrap; }
.graded { background: #2e7d32; color: #fff; } .failed, .tampered { background: #c62828; color: #fff; }
.missing { background: #f2c037; color: #111; } .needs_manual { background: #607d8b; color: #fff; }
.bar { display: inline-block; height: 0.7em; background: #2e7d32; vertical-align: middle; margin-right: 0.5em; }
.bar.low { background: #c62828; } .bar.mid { background: #f2c037; }
.muted { color: #555; font-size: 0.92em; }
"""


def _badge(status: str) -> str:
    zh, en = LABELS.get(status, (status, status))
    return f'<span class="badge {html.escape(status)}">{html.escape(zh)} · {html.escape(en)}</span>'


def overview_page(level: str, level_names: dict, student: str, rows, items: dict, pages: dict) -> str:
    """One student's overview of a level: every notebook (status, points, its page) and the
    points per skill item. `rows` are the student's rows of export.cell_scores; `pages` maps a
    notebook to the file names of its pages in the same folder."""
    by_nb = rows.groupby("notebook", sort=False).agg(score=("score", "sum"), max_score=("max_score", "sum"),
                                                     status=("status", "first"), reasons=("reasons", "first"))
    from ..findings import words

    nb_rows = []
    for nb, r in by_nb.iterrows():
        why = "; ".join(" · ".join(words(c)) for c in str(r["reasons"] or "").split(";") if c)
        links = " ".join(f'<a href="{html.escape(f)}">{html.escape(label)}</a>' for label, f in pages.get(nb, []))
        nb_rows.append(f"<tr><td>{html.escape(nb)}</td><td>{_badge(r['status'])}"
                       f"{f'<div class=muted>{html.escape(why)}</div>' if why else ''}</td>"
                       f"<td class=num>{r['score']:g} / {r['max_score']:g}</td><td>{links or '–'}</td></tr>")
    from .export import skill_scores

    per_item = skill_scores(rows).set_index("skill").sort_index()
    item_rows = []
    for item, r in per_item.iterrows():
        names = items.get(item, {})
        wait = (f'<div><span class="badge needs_manual">待老师评分 · awaiting grading</span> {r["awaiting"]:g} 分 points</div>'
                if r["awaiting"] else "")
        if r["possible"]:
            share = r["earned"] / r["possible"]
            cls = "low" if share < 0.5 else "mid" if share < 0.8 else ""
            shown = f'<span class="bar {cls}" style="width: {max(2, round(share * 120))}px"></span>{share:.0%}'
        else:  # every point of the item waits for the instructor: no share yet, not 0
            shown = "–"
        item_rows.append(f"<tr><td><b>{html.escape(item)}</b> {html.escape(names.get('zh', ''))}"
                         f"<div class=muted>{html.escape(names.get('en', ''))}</div></td>"
                         f"<td class=num>{r['earned']:g} / {r['possible']:g}{wait}</td><td>{shown}</td></tr>")
    total, possible = by_nb["score"].sum(), by_nb["max_score"].sum()
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(student)} · {html.escape(level)}</title>
<style>{PAGE_CSS}</style></head><body><main>
<h1>学习反馈总览 Feedback overview — {html.escape(level_names.get('zh', level))} {html.escape(level_names.get('en', ''))}</h1>
<p>学生 Student: <b>{html.escape(student)}</b> · 总分 Total: <b>{total:g} / {possible:g}</b></p>
<h2>每个 notebook · Each notebook</h2>
<table><thead><tr><th>Notebook</th><th>状态 Status</th><th>得分 Points</th><th>反馈页 Page</th></tr></thead>
<tbody>{''.join(nb_rows)}</tbody></table>
<h2>每个技能项 · Each skill item</h2>
<p class="muted">得分 = 检查该技能项的测试所得分数之和；书面回答由老师人工评分，评分前显示为“待老师评分”，不计为 0 分。<br>
Points = the points of the tests that grade the item; written answers are graded by your instructor and show as
“awaiting grading” until then, not as 0.</p>
<table><thead><tr><th>技能项 Skill item</th><th>得分 Points</th><th>得分率 Share</th></tr></thead>
<tbody>{''.join(item_rows)}</tbody></table>
</main></body></html>
"""


def write_overviews(root: Path, level: str) -> int:
    """feedback/<student>/<level>/index.html for every student with a submission or a status."""
    from .export import cell_scores

    cat = catalog(root)
    names = next((v for v in cat.levels.values() if v["folder"] == level), {})
    scores = cell_scores(root, level)
    n = 0
    for student, rows in scores.groupby("student", sort=True):
        folder = root / "feedback" / student / level
        folder.mkdir(parents=True, exist_ok=True)
        pages = {}
        for nb in rows["notebook"].unique():
            pages[nb] = [(label, f) for label, f in (("反馈 feedback", f"{nb}.html"), ("评分说明 status note", f"{nb}.status.html"))
                         if (folder / f).exists()]
        (folder / "index.html").write_text(overview_page(level, names, student, rows, cat.items, pages), encoding="utf-8")
        n += 1
    return n


FLAGGED = ("failed", "missing", "tampered")


def flag_problems(root: Path, level: str) -> int:
    """Flag in the gradebook every notebook that failed, is missing or was tampered with.

    nbgrader itself records such a notebook as graded with 0 points, so formgrader showed it as
    plainly "graded". Its own flag (SubmittedNotebook.flagged) is the one mark formgrader shows
    in both lists of submissions ("Flagged?", sortable and searchable) and lets the instructor
    clear, without touching a score. Flags set here are remembered in .xborder/flags-LEVEL.json,
    so a notebook graded normally later is unflagged again, while a flag the instructor set by
    hand is never touched. Returns how many notebooks are flagged now.
    """
    import json

    from ..engine import gradebook as gbm

    store = StatusStore(root, level)
    status = store.all()
    store.close()
    want = {(s, nb) for (s, nb), e in status.items() if e.get("status") in FLAGGED}
    memo = root / ".xborder" / f"flags-{level}.json"
    try:
        ours = {tuple(x) for x in json.loads(memo.read_text(encoding="utf-8"))}
    except (OSError, ValueError):
        ours = set()
    now = set()
    with gbm.open_gradebook(gbm.db_url(root), gbm.course_id(root)) as gb:
        for student, nb in sorted(want | ours):
            try:
                sub = gb.find_submission_notebook(nb, level, student)
            except Exception:  # noqa: BLE001 (nbgrader raises MissingEntry: nothing to flag)
                continue
            if (student, nb) in want:
                sub.flagged = True
                now.add((student, nb))
            elif sub.flagged:
                sub.flagged = False
        gb.db.commit()
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(sorted(now)), encoding="utf-8")
    return len(now)


def note_page(level: str, student: str, notebook: str, entry: dict) -> str:
    st = entry.get("status", "missing")
    from ..findings import FINDINGS

    words = {**{k: (zh, en) for k, (_sev, zh, en) in FINDINGS.items()}, **REASONS}
    reasons = [words.get(r, (r, r)) for r in entry.get("reasons") or []]
    items = "".join(f"<li>{html.escape(zh)} · {html.escape(en)}</li>" for zh, en in reasons)
    zh, en = NOTE_ADVICE.get(st, ("", ""))
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(notebook)}</title>
<style>{PAGE_CSS}</style></head><body><main>
<h1>{html.escape(notebook)}</h1>
<p>学生 Student: <b>{html.escape(student)}</b> · 作业 Assignment: {html.escape(level)} · <a href="index.html">总览 overview</a></p>
<h2>评分状态 Grading status: {_badge(st)}</h2>
{f'<ul>{items}</ul>' if items else ''}
<p>{html.escape(zh)}</p><p>{html.escape(en)}</p>
<p>得分 Score: {entry.get('score') or 0:g} / {entry.get('max_score') or 0:g}</p>
</main></body></html>
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
    overviews = write_overviews(root, level)
    flagged = flag_problems(root, level)
    echo(f"[{level}] feedback for {len(students) - len(errors)} student(s) in feedback/<student>/{level}/; "
         f"{notes} status note(s) for notebooks that were not simply graded; {overviews} overview page(s) (index.html)")
    if flagged:
        echo(f"  {flagged} notebook(s) flagged in formgrader (failed, missing or tampered; the reasons: xborder export {level})")
    for s, e in errors:
        echo(f"  ! {s}: {e[:200]}")
    return {"students": len(students), "errors": errors, "notes": notes, "overviews": overviews, "flagged": flagged}
