"""`xborder report LEVEL`: which skill items of the standard each student and the class have mastered.

Every graded test cell names the skill items it grades (cell metadata `xborder.skills`). A
student's mastery of an item is the share of those cells' points earned (nbgrader's score:
manual if a person gave one, else auto, plus extra credit). Written to the course
root (or --out DIR):

    skills-<level>.csv   student × skill item: earned, possible, mastery, mastered (≥ 60%)
    report-<level>.html  one self-contained page: class heatmap (students × items), the class's
                         weakest items, each student's level readiness and grading status

Readiness of a student for the level = share of the level's skill items mastered:
ready ≥ 80%, almost ≥ 50%, not yet below. A notebook that failed, is missing or was tampered
with counts as the gradebook scores it (0, unless an instructor graded it by hand) and is
listed, so a crash is visible and never mistaken for ignorance.
"""

from __future__ import annotations

import base64
import html
import io
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
    cat = catalog(root)
    cells = cell_scores(root, level)
    if cells.empty:
        raise CourseError(f"还没有 {level} 的成绩：请先 xborder grade {level}。\nNo grades for {level} yet: run `xborder grade {level}` first.")
    skills = skill_scores(cells)
    skills["mastered"] = skills["mastery"] >= MASTERED
    items = cat.items
    skills["item_zh"] = skills["skill"].map(lambda i: items.get(i, {}).get("zh", ""))
    skills["item_en"] = skills["skill"].map(lambda i: items.get(i, {}).get("en", ""))
    n_items = skills["skill"].nunique()
    students = skills.groupby("student").agg(items_mastered=("mastered", "sum"), earned=("earned", "sum"),
                                             possible=("possible", "sum"))
    students["share_mastered"] = (students["items_mastered"] / n_items).round(3)
    students["readiness"] = students["share_mastered"].map(readiness)
    problems = cells[cells["status"] != "graded"].drop_duplicates(["student", "notebook"])
    notes: dict[str, list[str]] = {}
    for student, nb, st, why in zip(problems["student"], problems["notebook"], problems["status"], problems["reasons"]):
        notes.setdefault(student, []).append(f"{nb}: {st}" + (f" ({why})" if why else ""))
    students["problems"] = ["; ".join(notes.get(s, [])) for s in students.index]
    weakest = (skills.groupby(["skill", "item_zh", "item_en"], as_index=False)
               .agg(mean_mastery=("mastery", "mean"), share_mastered=("mastered", "mean"))
               .sort_values(["mean_mastery", "skill"]).reset_index(drop=True))
    return cells, skills, students.reset_index(), weakest


def _heatmap_png(skills: pd.DataFrame) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    from xborder_data.charts import setup_charts

    setup_charts()
    grid = skills.pivot(index="student", columns="skill", values="mastery").sort_index()
    height = max(3.0, 0.28 * len(grid) + 1.8)
    fig, ax = plt.subplots(figsize=(max(7.0, 0.45 * grid.shape[1] + 2.5), height))
    sns.heatmap(grid, vmin=0, vmax=1, cmap="RdYlGn", ax=ax, linewidths=0.3, linecolor="white",
                annot=len(grid) <= 40 and grid.shape[1] <= 40, fmt=".0%", annot_kws={"size": 6},
                cbar_kws={"label": "掌握度 mastery"})
    ax.set_xlabel("技能项 skill item")
    ax.set_ylabel("学生 student")
    ax.set_title("技能掌握热力图 Skill mastery (students × skill items)")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, border=0, classes="t", escape=True, float_format=lambda v: f"{v:.0%}" if v <= 1 else f"{v:g}")


def render_html(level: str, level_names: dict, cells, skills, students, weakest) -> str:
    png = _heatmap_png(skills)
    counts = cells.drop_duplicates(["student", "notebook"])["status"].value_counts()
    status_line = " · ".join(f"{LABELS[k][0]} {LABELS[k][1]}: {v}" for k, v in counts.items())
    ready_counts = students["readiness"].value_counts()
    ready_line = " · ".join(f"{READINESS[k][0]} {READINESS[k][1]}: {ready_counts.get(k, 0)}" for k in READINESS)
    weak = weakest.head(5).rename(columns={"skill": "技能项 item", "item_zh": "中文", "item_en": "English",
                                           "mean_mastery": "平均掌握度 mean mastery", "share_mastered": "掌握人数占比 share mastered"})
    stud = students.assign(readiness=students["readiness"].map(lambda k: f"{READINESS[k][0]} {READINESS[k][1]}")).rename(columns={
        "student": "学生 student", "items_mastered": "已掌握技能项 items mastered", "earned": "得分 points",
        "possible": "满分 of", "share_mastered": "掌握比例 share", "readiness": "本级准备度 readiness",
        "problems": "评分问题 grading problems"})
    all_items = weakest.sort_values("skill").rename(columns={"skill": "技能项 item", "item_zh": "中文", "item_en": "English",
                                                             "mean_mastery": "平均掌握度 mean mastery",
                                                             "share_mastered": "掌握人数占比 share mastered"})
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>技能掌握报告 Skill report · {html.escape(level)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.15em; margin-top: 1.6em; }}
table.t {{ border-collapse: collapse; font-size: 0.85em; }}
table.t th, table.t td {{ padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left; }}
table.t th {{ background: #f3f3f3; }}
.note {{ color: #555; font-size: 0.9em; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>技能掌握报告 Skill-competency report — {html.escape(level_names['zh'])} {html.escape(level_names['en'])}</h1>
<p>{len(students)} 名学生 students · {skills['skill'].nunique()} 个技能项 skill items · {status_line}</p>
<p>本级准备度 Level readiness: {ready_line}</p>
<p class="note">掌握度 = 该技能项相关测试的得分占比；≥ {MASTERED:.0%} 记为已掌握。准备度 = 已掌握技能项的比例：
≥ {READY:.0%} 可以参加本级考核，≥ {ALMOST:.0%} 接近。评分失败、缺交或测试单元格被改动的 notebook 计 0 分，并在下表列出。<br>
Mastery = share of the points of the tests that grade the item; ≥ {MASTERED:.0%} counts as mastered. Readiness = share of the
level's items mastered: ≥ {READY:.0%} ready, ≥ {ALMOST:.0%} almost. Notebooks that failed, are missing or were tampered with
count as 0 and are listed below.</p>
<h2>班级最薄弱的技能项 The class's weakest skill items</h2>
{_table(weak)}
<h2>热力图 Heatmap</h2>
<img alt="skill mastery heatmap" src="data:image/png;base64,{png}">
<h2>每位学生 Each student</h2>
{_table(stud)}
<h2>全部技能项 All skill items</h2>
{_table(all_items)}
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
    skills[["student", "skill", "item_zh", "item_en", "earned", "possible", "mastery", "mastered"]].to_csv(
        csv_path, index=False, encoding="utf-8-sig")
    html_path.write_text(render_html(level, names, cells, skills, students, weakest), encoding="utf-8")
    w = weakest.iloc[0]
    echo(f"[{level}] {len(students)} student(s), {skills['skill'].nunique()} skill items → {csv_path.name}, {html_path.name}")
    echo(f"  weakest item: {w['skill']} {w['item_en']} (mean mastery {w['mean_mastery']:.0%}); "
         f"readiness: {', '.join(f'{k} {v}' for k, v in students['readiness'].value_counts().items())}")
    return csv_path, html_path
