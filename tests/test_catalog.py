"""The skill catalog and how the notebooks use it.

Does the course name every task and skill item of the standard, and does every graded cell of
every notebook name skill items that exist, with points that agree with what students read?
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xborder_grader.cells import graded_cells
from xborder_grader.course import ITEM_ID, TASK_ID, Catalog

from .conftest import ROOT, read_nb

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog(ROOT)


def test_catalog_has_every_task_and_skill_item(cat):
    assert set(cat.levels) == {"P", "I", "A"}
    assert len(cat.areas) == 9
    assert len(cat.tasks) == 29
    assert len(cat.items) == 105
    per_level = {lvl: sum(len(t["items"]) for tid, t in cat.tasks.items() if tid[0] == lvl) for lvl in "PIA"}
    assert per_level == {"P": 29, "I": 40, "A": 36}


def test_ids_are_well_formed_and_nested(cat):
    for tid, task in cat.tasks.items():
        assert TASK_ID.match(tid), tid
        assert tid.rsplit(".", 1)[0] in cat.areas, f"{tid}: its work area is not in the catalog"
        assert CJK.search(task["zh"]) and task["en"], tid
        for iid, item in task["items"].items():
            assert ITEM_ID.match(iid) and iid.startswith(tid + "."), iid
            assert CJK.search(item["zh"]) and len(item["en"]) > 10, iid


def test_catalogued_notebooks_exist_and_every_notebook_is_catalogued(cat):
    listed = {nb.path.resolve() for nb in cat.notebooks()}
    for nb in listed:
        assert nb.exists(), f"catalogued notebook {nb} is missing"
    on_disk = {p.resolve() for p in (ROOT / "course").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    assert on_disk - listed == set(), "notebooks not in course/skills.yaml: add them to their task's `notebook`"
    for nb in cat.notebooks():
        assert nb.path.parent.name == nb.level and nb.path.name.startswith(nb.task + "_"), (
            f"{nb.path.name}: notebooks are named <task-id>_<ascii_slug>.ipynb inside their level folder"
        )
        assert re.fullmatch(r"[A-Z]-\d(?:\.\d)?_[a-z0-9_]+\.ipynb", nb.path.name)


def test_onramps_come_before_a_task_of_their_level(cat):
    order = [nb.task for nb in cat.notebooks()]
    for oid, o in cat.onramps.items():
        assert re.fullmatch(r"[PIA]-0", oid) and CJK.search(o["zh"]) and o["en"], oid
        assert o["before"] in cat.tasks and o["before"][0] == oid[0], oid
        assert cat.titles[oid] is o and oid not in cat.tasks
        if o.get("notebook") and cat.tasks[o["before"]].get("notebook"):
            assert order.index(oid) == order.index(o["before"]) - 1, f"{oid} should come just before {o['before']}"


def test_tables_named_by_tasks_exist(cat):
    from xborder_data import dictionary

    known = set(dictionary.tables())
    for tid, task in {**cat.tasks, **cat.onramps}.items():
        for t in task.get("tables", []):
            assert t in known, f"{tid} uses table {t!r}, which the data dictionary does not document"


def notebooks():
    return Catalog(ROOT).notebooks()


@pytest.mark.parametrize("nb", notebooks(), ids=lambda nb: nb.name)
def test_graded_cells_name_existing_skill_items_and_cover_the_task(cat, nb):
    cells = graded_cells(nb.path)
    assert cells, "a notebook needs graded cells"
    named = set()
    for c in cells:
        assert c.skills, f"{c.grade_id}: name its skill items in metadata xborder.skills"
        for s in c.skills:
            assert s in cat.items, f"{c.grade_id}: unknown skill item {s}"
            named.add(s)
        assert c.points > 0, c.grade_id
    if nb.task in cat.onramps:
        # an on-ramp trains items of the task it comes before, and does not have to cover them all
        before = cat.onramps[nb.task]["before"]
        assert named <= set(cat.tasks[before]["items"]), f"{nb.name} grades items outside {before}: {sorted(named)}"
        return
    missing = set(cat.tasks[nb.task]["items"]) - named
    assert not missing, f"skill items of {nb.task} graded nowhere: {sorted(missing)}"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda nb: nb.name)
def test_points_in_headings_agree_with_metadata(nb):
    """Exercise headings show points as `（N 分 points）` (a written answer: `（N 分 points，老师评分 graded by
    hand）`); nbgrader's metadata is the truth."""
    data = read_nb(nb.path)
    heading_points = []
    for cell in data["cells"]:
        if cell["cell_type"] == "markdown":
            heading_points += [float(x) for x in re.findall(r"（(\d+(?:\.\d+)?) 分 points(?:）|，)", "".join(cell["source"]))]
    graded = [c.points for c in graded_cells(nb.path)]
    assert heading_points == graded, f"headings say {heading_points}, metadata says {graded}"
    first = "".join(data["cells"][0]["source"])
    for item in {s for c in graded_cells(nb.path) for s in c.skills}:
        assert item in first, f"the introduction should list the skill item {item}"


def test_skill_items_in_notebook_text_exist(cat):
    """Any item ID a notebook mentions anywhere must exist (catches typos such as P-1.1.5)."""
    for nb in cat.notebooks():
        text = Path(nb.path).read_text(encoding="utf-8")
        for iid in set(re.findall(r"\b[PIA]-\d\.\d\.\d\b", text)):
            assert iid in cat.items, f"{nb.name} mentions unknown skill item {iid}"
