"""`xborder report LEVEL`: which skill items of the standard each student and the class have mastered.

Every graded test cell names the skill items it grades (cell metadata `xborder.skills`). A
student's mastery of an item is the share of those cells' points earned (nbgrader's score:
manual if a person gave one, else auto, plus extra credit). Written to the course
root (or --out DIR):

    skills-<level>.csv   student × skill item: earned, possible (graded so far), awaiting (points
                         waiting for a person), mastery, mastered (≥ 60%; empty while it waits)
    report-<level>.html  one self-contained page (nothing loaded from elsewhere), readable at
                         hundreds of students: the class's weakest items, every item by work
                         task, a table of students that sorts, filters (search, readiness, weak
                         in an item, grading problems) and pages, with each student's weak items,
                         and a heatmap of the current page's students × items grouped by task

Readiness of a student for the level = share of the level's skill items mastered:
ready ≥ 80%, almost ≥ 50%, not yet below.

Answers graded by hand (written plans and rationales, manually graded cells in formgrader) are
"awaiting grading" until an instructor has graded them, never 0: an item's mastery counts the
points graded so far, the points still waiting are shown beside it (CSV column `awaiting`, a
grey "待评 awaiting" cell in the heatmap, a column of the students' table), and an item whose every
point waits has no mastery yet and does not count against readiness. Run the report again after
grading in formgrader and the grades are in. A notebook that failed, is missing or was tampered
with counts as the gradebook scores it (0, unless an instructor graded it by hand) and is
listed, so a crash is visible and never mistaken for ignorance.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..course import CourseError, catalog, find_root
from .export import cell_scores, skill_scores
from ..findings import LABELS

MASTERED = 0.6
READY, ALMOST = 0.8, 0.5
READINESS = {"ready": ("可以参加本级考核", "ready for the level"), "almost": ("接近", "almost"),
             "not_yet": ("尚未达到", "not yet")}


def readiness(share: float) -> str:
    return "ready" if share >= READY else "almost" if share >= ALMOST else "not_yet"


def build_tables(root: Path, level: str):
    cells = cell_scores(root, level)
    if cells.empty:
        raise CourseError(f"还没有 {level} 的成绩：请先 xborder grade {level}。\nNo grades for {level} yet: run `xborder grade {level}` first.")
    return tables_from_cells(catalog(root), cells)


def tables_from_cells(cat, cells: pd.DataFrame):
    """(cells, skills, students, weakest) from the long table of export.cell_scores."""
    skills = skill_scores(cells)
    skills["mastered"] = skills["mastery"] >= MASTERED
    known = skills["mastery"].notna()  # an item whose every point awaits grading has no mastery yet
    items = cat.items
    skills["item_zh"] = skills["skill"].map(lambda i: items.get(i, {}).get("zh", ""))
    skills["item_en"] = skills["skill"].map(lambda i: items.get(i, {}).get("en", ""))
    n_items = skills["skill"].nunique()
    students = skills.assign(unknown=~known).groupby("student").agg(
        items_mastered=("mastered", "sum"), earned=("earned", "sum"), possible=("possible", "sum"),
        awaiting_points=("awaiting", "sum"), items_unknown=("unknown", "sum"))
    students["awaiting_items"] = (skills[skills["awaiting"] > 0].groupby("student")["skill"].agg(", ".join)
                                  .reindex(students.index).fillna(""))
    # readiness counts the items with a grade: one still waiting for a person counts neither way
    students["share_mastered"] = (students["items_mastered"] / (n_items - students["items_unknown"]).clip(lower=1)).round(3)
    students["readiness"] = students["share_mastered"].map(readiness)
    problems = cells[cells["status"] != "graded"].drop_duplicates(["student", "notebook"])
    notes: dict[str, list[str]] = {}
    for student, nb, st, why in zip(problems["student"], problems["notebook"], problems["status"], problems["reasons"]):
        notes.setdefault(student, []).append(f"{nb}: {st}" + (f" ({why})" if why else ""))
    students["problems"] = ["; ".join(notes.get(s, [])) for s in students.index]
    weakest = (skills.assign(mastered_known=skills["mastered"].where(known))
               .groupby(["skill", "item_zh", "item_en"], as_index=False)
               .agg(mean_mastery=("mastery", "mean"), share_mastered=("mastered_known", "mean"),
                    students_awaiting=("awaiting", lambda a: int((a > 0).sum())))
               .sort_values(["mean_mastery", "skill"]).reset_index(drop=True))
    return cells, skills, students.reset_index(), weakest


def report_data(level: str, level_names: dict, cells, skills, students, weakest, tasks: dict) -> dict:
    """Everything the page shows, as plain data (embedded in the page as JSON)."""
    item_ids = sorted(skills["skill"].unique())
    names = weakest.set_index("skill")[["item_zh", "item_en", "mean_mastery", "share_mastered"]]
    names = names.join(weakest.set_index("skill")[["students_awaiting"]])
    num = lambda v: None if pd.isna(v) else round(float(v), 4)  # noqa: E731 (no grade yet: null, not 0)
    items = [{"id": i, "zh": names.at[i, "item_zh"], "en": names.at[i, "item_en"], "task": i.rsplit(".", 1)[0],
              "mean": num(names.at[i, "mean_mastery"]), "share": num(names.at[i, "share_mastered"]),
              "awaiting": int(names.at[i, "students_awaiting"])}
             for i in item_ids]
    task_ids = sorted({it["task"] for it in items})
    grid = skills.pivot(index="student", columns="skill", values="mastery").reindex(columns=item_ids)
    waits = skills.pivot(index="student", columns="skill", values="awaiting").reindex(columns=item_ids).fillna(0.0)
    problems = cells[cells["status"] != "graded"].drop_duplicates(["student", "notebook"])
    by_student: dict[str, list] = {}
    for st, nb, status, why in zip(problems["student"], problems["notebook"], problems["status"], problems["reasons"]):
        by_student.setdefault(st, []).append({"notebook": nb, "status": status, "reasons": why})
    rows = []
    for r in students.itertuples(index=False):
        m = grid.loc[r.student]
        rows.append({"id": r.student, "earned": float(r.earned), "possible": float(r.possible),
                     "mastered": int(r.items_mastered), "share": float(r.share_mastered), "readiness": r.readiness,
                     "m": [None if pd.isna(v) else round(float(v), 4) for v in m.to_numpy()],
                     "a": [float(v) for v in waits.loc[r.student].to_numpy()], "awaiting": float(r.awaiting_points),
                     "problems": by_student.get(r.student, [])})
    counts = cells.drop_duplicates(["student", "notebook"])["status"].value_counts()
    return {
        "level": level, "level_zh": level_names.get("zh", ""), "level_en": level_names.get("en", ""),
        "mastered": MASTERED, "ready": READY, "almost": ALMOST,
        "items": items, "tasks": [{"id": t, "zh": tasks.get(t, {}).get("zh", ""), "en": tasks.get(t, {}).get("en", "")}
                                  for t in task_ids],
        "students": rows, "readiness": {k: list(v) for k, v in READINESS.items()},
        "status_labels": {k: list(v) for k, v in LABELS.items()}, "status_counts": {k: int(v) for k, v in counts.items()},
    }


def render_html(level: str, level_names: dict, cells, skills, students, weakest, tasks: dict | None = None) -> str:
    """One self-contained page (no file or script from elsewhere): the class's weakest items, the
    items grouped by work task, and every student in a table that sorts, filters and pages, with
    the heatmap of the students on the current page beside their weak items."""
    import json

    data = report_data(level, level_names, cells, skills, students, weakest, tasks or {})
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (_PAGE.replace("__TITLE__", html.escape(f"技能掌握报告 Skill report · {level}"))
            .replace("__DATA__", payload))


_PAGE = r"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
       margin: 0; background: #f6f7f9; color: #222; font-size: 14px; line-height: 1.5; }
main { max-width: 1500px; margin: 12px auto; padding: 8px 24px 40px; background: #fff; border: 1px solid #e1e4e8; }
h1 { font-size: 1.5em; margin: 0.4em 0; } h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; }
.note { color: #555; font-size: 0.92em; }
table.t { border-collapse: collapse; width: 100%; }
table.t th, table.t td { padding: 5px 8px; border-bottom: 1px solid #e1e4e8; text-align: left; vertical-align: top; }
table.t th { background: #f3f4f6; position: sticky; top: 0; z-index: 1; }
table.t th[data-key] { cursor: pointer; user-select: none; white-space: nowrap; }
table.t th[data-key]::after { content: " ⇅"; color: #999; }
table.t th.asc::after { content: " ▲"; color: #222; } table.t th.desc::after { content: " ▼"; color: #222; }
td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; padding: 0 7px; border-radius: 3px; font-weight: bold; white-space: nowrap; font-size: 0.9em; }
.ready { background: #2e7d32; color: #fff; } .almost { background: #f2c037; color: #111; } .not_yet { background: #c62828; color: #fff; }
.failed, .tampered { background: #c62828; color: #fff; } .missing { background: #f2c037; color: #111; }
.needs_manual { background: #607d8b; color: #fff; } .graded { background: #2e7d32; color: #fff; }
.awaiting { display: inline-block; margin: 1px 3px 1px 0; padding: 0 5px; border: 1px solid #b0bec5; background: #eceff1;
            border-radius: 3px; white-space: nowrap; font-size: 0.9em; }
.weak { display: inline-block; margin: 1px 3px 1px 0; padding: 0 5px; border: 1px solid #e0b4b4; background: #fdf0f0;
        border-radius: 3px; white-space: nowrap; font-size: 0.9em; }
.bar { display: inline-block; height: 0.7em; vertical-align: middle; margin-right: 6px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin: 0.6em 0; padding: 8px 10px;
            background: #f3f4f6; border-radius: 4px; }
.controls label { white-space: nowrap; } .controls input[type=search] { width: 14em; } .controls select { max-width: 26em; }
.pager button { margin: 0 2px; } #count { font-weight: bold; }
.heat-wrap { overflow: auto; max-height: 80vh; border: 1px solid #e1e4e8; }
table.heat { border-collapse: separate; border-spacing: 0; font-size: 12px; }
table.heat th, table.heat td { padding: 2px 4px; border-right: 1px solid #fff; border-bottom: 1px solid #fff; text-align: center; }
table.heat thead th { background: #f3f4f6; position: sticky; z-index: 2; }
table.heat thead tr.tasks th { top: 0; border-left: 2px solid #fff; } table.heat thead tr.items th { top: 24px; }
table.heat th.who { position: sticky; left: 0; z-index: 3; background: #f3f4f6; text-align: left; white-space: nowrap; }
table.heat td.cell { min-width: 38px; color: #111; }
table.heat td.first { border-left: 2px solid #fff; }
.legend span { display: inline-block; width: 56px; text-align: center; font-size: 12px; }
</style></head><body><main>
<h1 id="title"></h1>
<p id="summary"></p>
<p class="note" id="explain"></p>
<noscript><p><b>这个报告需要浏览器运行 JavaScript。This report needs JavaScript in the browser.</b></p></noscript>

<h2>班级最薄弱的技能项 The class's weakest skill items</h2>
<table class="t" id="weakest"><thead><tr><th>技能项 Item</th><th>中文</th><th>English</th>
<th>平均掌握度 Mean mastery</th><th>已掌握人数占比 Share mastered</th></tr></thead><tbody></tbody></table>

<h2>按工作任务的技能项 Skill items by work task</h2>
<table class="t" id="items"><thead><tr><th>工作任务 Work task</th><th>技能项 Item</th><th>平均掌握度 Mean mastery</th>
<th>已掌握人数占比 Share mastered</th><th>待人工评分人数 Students awaiting grading</th></tr></thead><tbody></tbody></table>

<h2 id="students-h">每位学生 Each student</h2>
<div class="controls">
  <label>查找 Search <input type="search" id="q" placeholder="学号 student ID"></label>
  <label>准备度 Readiness <select id="f-ready"><option value="">全部 all</option></select></label>
  <label>薄弱于 Weak in <select id="f-item"><option value="">任一技能项 any item</option></select></label>
  <label><input type="checkbox" id="f-problems"> 只看有评分问题的 only with grading problems</label>
  <label>每页 Per page <select id="per-page"><option>25</option><option selected>50</option><option>100</option><option>500</option></select></label>
  <span class="pager"><button id="prev">‹ 上一页 prev</button> <span id="page"></span> <button id="next">下一页 next ›</button></span>
  <span id="count"></span>
</div>
<table class="t" id="students"><thead><tr>
<th data-key="id">学生 Student</th><th data-key="pct">得分 Points</th><th data-key="mastered">已掌握 Items mastered</th>
<th data-key="readiness">本级准备度 Readiness</th><th data-key="weak">薄弱技能项 Weak items (&lt; <span class="m-cut"></span>)</th>
<th data-key="awaiting">待人工评分 Awaiting grading by hand</th>
<th data-key="problems">评分问题 Grading problems</th></tr></thead><tbody></tbody></table>

<h2>热力图 Heatmap <span class="note">— 本页学生 × 技能项（按工作任务分组）· the students of this page × skill items, grouped by work task</span></h2>
<p class="legend" id="legend"></p>
<div class="heat-wrap"><table class="heat" id="heat"><thead></thead><tbody></tbody></table></div>
</main>
<script id="report-data" type="application/json">__DATA__</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("report-data").textContent);
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const pct = (v) => v == null ? "–" : Math.round(v * 100) + "%";
const RANK = {ready: 2, almost: 1, not_yet: 0};
const color = (v) => {  // red → amber → green, like the old heatmap's RdYlGn
  if (v == null) return "#eeeeee";
  const stops = [[0, [215, 48, 39]], [0.5, [254, 224, 139]], [1, [26, 152, 80]]];
  let i = v <= 0.5 ? 0 : 1; const [a, ca] = stops[i], [b, cb] = stops[i + 1]; const t = (v - a) / (b - a);
  return "rgb(" + ca.map((x, k) => Math.round(x + (cb[k] - x) * t)).join(",") + ")";
};
const AWAIT = "#b0bec5";  // awaiting grading by hand: neither a 0 nor a mastery
const bar = (v) => v == null ? "–" : '<span class="bar" style="width:' + Math.max(2, Math.round(v * 120)) + 'px;background:' + color(v) + '"></span>' + pct(v);
const itemName = (it) => it.id + " " + it.zh + " · " + it.en;
D.students.forEach((s) => {
  s.pct = s.possible ? s.earned / s.possible : 0;
  s.weakItems = D.items.filter((it, k) => s.m[k] != null && s.m[k] < D.mastered);
  s.weak = s.weakItems.length;
  s.awaitItems = D.items.filter((it, k) => s.a[k] > 0);
});

$("title").textContent = "技能掌握报告 Skill-competency report — " + D.level_zh + " " + D.level_en;
const counts = Object.entries(D.status_counts).map(([k, v]) => D.status_labels[k][0] + " " + D.status_labels[k][1] + ": " + v).join(" · ");
const ready = Object.keys(D.readiness).map((k) => D.readiness[k][0] + " " + D.readiness[k][1] + ": " +
  D.students.filter((s) => s.readiness === k).length).join(" · ");
const waiting = D.students.filter((s) => s.awaiting > 0).length;
$("summary").innerHTML = esc(D.students.length + " 名学生 students · " + D.items.length + " 个技能项 skill items · " + counts) +
  "<br>" + esc("本级准备度 Level readiness: " + ready) +
  (waiting ? "<br>" + esc(waiting + " 名学生有书面回答待老师在 formgrader 中人工评分（不计为 0 分）· " + waiting +
   " student(s) have answers awaiting grading by hand in formgrader (not counted as 0)") : "");
$("explain").innerHTML = esc("掌握度 = 该技能项相关测试的得分占比；≥ " + pct(D.mastered) + " 记为已掌握。准备度 = 已掌握技能项的比例：≥ " +
  pct(D.ready) + " 可以参加本级考核，≥ " + pct(D.almost) + " 接近。评分失败、缺交或测试单元格被改动的 notebook 计 0 分，并在“评分问题”列出。") + "<br>" +
  esc("Mastery = share of the points of the tests that grade the item; ≥ " + pct(D.mastered) + " counts as mastered. Readiness = share of the level's items mastered: ≥ " +
  pct(D.ready) + " ready, ≥ " + pct(D.almost) + " almost. Notebooks that failed, are missing or were tampered with count as 0 and are listed under grading problems.") +
  "<br>" + esc("待人工评分（灰色“待评”）的分数既不计为 0 也不计入掌握度，老师评分后重新生成报告即可。Points awaiting grading by hand (grey “待评 awaiting”) count neither as 0 nor in mastery; run the report again after grading.");
document.querySelectorAll(".m-cut").forEach((e) => { e.textContent = pct(D.mastered); });

const weakest = D.items.filter((it) => it.mean != null).sort((a, b) => a.mean - b.mean || a.id.localeCompare(b.id)).slice(0, 5);
$("weakest").tBodies[0].innerHTML = weakest.map((it) => "<tr><td>" + esc(it.id) + "</td><td>" + esc(it.zh) + "</td><td>" + esc(it.en) +
  "</td><td>" + bar(it.mean) + "</td><td>" + pct(it.share) + "</td></tr>").join("");
$("items").tBodies[0].innerHTML = D.tasks.map((t) => {
  const its = D.items.filter((it) => it.task === t.id);
  return its.map((it, k) => "<tr>" + (k ? "" : '<td rowspan="' + its.length + '"><b>' + esc(t.id) + "</b> " + esc(t.zh) +
    "<br><span class=note>" + esc(t.en) + "</span></td>") + "<td><b>" + esc(it.id) + "</b> " + esc(it.zh) + "<br><span class=note>" +
    esc(it.en) + "</span></td><td>" + bar(it.mean) + "</td><td>" + pct(it.share) + "</td><td class=num>" +
    (it.awaiting ? it.awaiting : "–") + "</td></tr>").join("");
}).join("");

for (const [k, v] of Object.entries(D.readiness)) $("f-ready").insertAdjacentHTML("beforeend", '<option value="' + esc(k) + '">' + esc(v[0] + " " + v[1]) + "</option>");
D.items.forEach((it, k) => $("f-item").insertAdjacentHTML("beforeend", '<option value="' + k + '">' + esc(itemName(it)) + "</option>"));
$("legend").innerHTML = "掌握度 mastery: " + [0, 0.25, 0.5, 0.75, 1].map((v) => '<span style="background:' + color(v) + '">' + pct(v) + "</span>").join("") +
  ' <span style="background:#eeeeee">–</span> 没有成绩 no grade <span style="background:' + AWAIT + '">待评</span> 待人工评分 awaiting grading by hand';

const state = {key: "id", dir: 1, page: 0};
function rows() {
  const q = $("q").value.trim().toLowerCase(), r = $("f-ready").value, item = $("f-item").value, probs = $("f-problems").checked;
  const out = D.students.filter((s) => (!q || s.id.toLowerCase().includes(q)) && (!r || s.readiness === r) &&
    (item === "" || (s.m[+item] != null && s.m[+item] < D.mastered)) && (!probs || s.problems.length));
  const val = (s) => state.key === "readiness" ? RANK[s.readiness] : state.key === "problems" ? s.problems.length :
    state.key === "awaiting" ? s.awaitItems.length : s[state.key];
  out.sort((a, b) => { const x = val(a), y = val(b); return (x < y ? -1 : x > y ? 1 : a.id.localeCompare(b.id)) * state.dir; });
  return out;
}
function render() {
  const all = rows(), per = +$("per-page").value, pages = Math.max(1, Math.ceil(all.length / per));
  state.page = Math.min(state.page, pages - 1);
  const page = all.slice(state.page * per, (state.page + 1) * per);
  $("count").textContent = "显示 showing " + page.length + " / " + all.length + "（共 of " + D.students.length + "）";
  $("page").textContent = (state.page + 1) + " / " + pages;
  $("prev").disabled = state.page === 0; $("next").disabled = state.page >= pages - 1;
  $("students").tBodies[0].innerHTML = page.map((s) => "<tr data-student=\"" + esc(s.id) + "\"><td><b>" + esc(s.id) + "</b></td><td class=num>" +
    s.earned + " / " + s.possible + " (" + pct(s.pct) + ")</td><td class=num>" + s.mastered + " / " + D.items.length + "</td><td>" +
    '<span class="badge ' + s.readiness + '">' + esc(D.readiness[s.readiness].join(" ")) + "</span></td><td>" +
    (s.weakItems.map((it) => '<span class="weak" title="' + esc(itemName(it)) + '">' + esc(it.id) + "</span>").join("") || "–") + "</td><td>" +
    (s.awaitItems.map((it) => '<span class="awaiting" title="' + esc(itemName(it)) + '">' + esc(it.id) + "</span>").join("") || "–") + "</td><td>" +
    (s.problems.map((p) => '<span class="badge ' + p.status + '">' + esc(D.status_labels[p.status].join(" ")) + "</span> " + esc(p.notebook) +
      (p.reasons ? " (" + esc(p.reasons) + ")" : "")).join("<br>") || "–") + "</td></tr>").join("");
  document.querySelectorAll("#students th[data-key]").forEach((th) => {
    th.classList.toggle("asc", th.dataset.key === state.key && state.dir === 1);
    th.classList.toggle("desc", th.dataset.key === state.key && state.dir === -1);
  });
  const head = '<tr class="tasks"><th class="who" rowspan="2">学生 Student</th>' + D.tasks.map((t) =>
    '<th colspan="' + D.items.filter((it) => it.task === t.id).length + '" title="' + esc(t.zh + " · " + t.en) + '">' + esc(t.id) + "</th>").join("") +
    '</tr><tr class="items">' + D.items.map((it, k) => '<th title="' + esc(itemName(it)) + '">' + esc(it.id.split(".").pop()) + "</th>").join("") + "</tr>";
  $("heat").tHead.innerHTML = head;
  const heat = (s, v, k) => {  // an item with no grade yet but points awaiting a person: grey 待评, never 0
    const wait = s.a[k] > 0, none = v == null && wait;
    const title = s.id + " · " + itemName(D.items[k]) + ": " + (v == null ? "" : pct(v)) +
      (wait ? " (" + s.a[k] + " 分待人工评分 points awaiting grading by hand)" : "");
    return '<td class="cell' + (k === 0 || D.items[k - 1].task !== D.items[k].task ? " first" : "") + '" style="background:' +
      (none ? AWAIT : color(v)) + '" title="' + esc(title) + '">' + (none ? "待评" : v == null ? "–" : Math.round(v * 100) + (wait ? "*" : "")) + "</td>";
  };
  $("heat").tBodies[0].innerHTML = page.map((s) => '<tr><th class="who">' + esc(s.id) + "</th>" + s.m.map((v, k) => heat(s, v, k)).join("") + "</tr>").join("");
}
document.querySelectorAll("#students th[data-key]").forEach((th) => th.addEventListener("click", () => {
  state.dir = state.key === th.dataset.key ? -state.dir : 1; state.key = th.dataset.key; state.page = 0; render();
}));
["q", "f-ready", "f-item", "f-problems", "per-page"].forEach((id) => $(id).addEventListener("input", () => { state.page = 0; render(); }));
$("prev").addEventListener("click", () => { state.page--; render(); });
$("next").addEventListener("click", () => { state.page++; render(); });
render();
</script>
</body></html>
"""


def report(level: str, out_dir: str | Path | None = None, *, root: Path | None = None, echo=print) -> tuple[Path, Path]:
    root = Path(root or find_root()).resolve()
    cat = catalog(root)
    level = cat.resolve_level(level)
    names = next(v for v in cat.levels.values() if v["folder"] == level)
    cells, skills, students, weakest = build_tables(root, level)
    out = Path(out_dir) if out_dir else root
    out.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out / f"skills-{level}.csv", out / f"report-{level}.html"
    skills.assign(mastered=skills["mastered"].where(skills["mastery"].notna()))[
        ["student", "skill", "item_zh", "item_en", "earned", "possible", "awaiting", "mastery", "mastered"]].to_csv(
        csv_path, index=False, encoding="utf-8-sig")
    html_path.write_text(render_html(level, names, cells, skills, students, weakest, cat.tasks), encoding="utf-8")
    from .feedback import flag_problems

    flagged = flag_problems(root, level)
    w = weakest.iloc[0]
    echo(f"[{level}] {len(students)} student(s), {skills['skill'].nunique()} skill items → {csv_path.name}, {html_path.name}")
    echo(f"  weakest item: {w['skill']} {w['item_en']} (mean mastery "
         f"{'awaiting grading' if pd.isna(w['mean_mastery']) else format(w['mean_mastery'], '.0%')}); "
         f"readiness: {', '.join(f'{k} {v}' for k, v in students['readiness'].value_counts().items())}")
    if flagged:
        echo(f"  {flagged} notebook(s) flagged in formgrader (failed, missing or tampered)")
    waiting = students[students["awaiting_points"] > 0]
    if len(waiting):
        echo(f"  {len(waiting)} student(s) with answers awaiting grading by hand in formgrader (not counted as 0)")
    return csv_path, html_path
