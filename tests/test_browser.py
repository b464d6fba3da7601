"""What students and instructors see, in a real browser: Debian's Chromium driven by Playwright.

Does the student lab (./start.sh → xborder start) open a notebook without marking it unsaved,
in Chinese, without the instructor's tools? Does a check show a clear block instead of a
traceback, a chart cell ask for its exercise first, a chart draw its Chinese labels, the
explorer widget respond, the Validate button work? Do the feedback pages and the skill report
load with no console error (offline), fit the page, and does the report stay usable at 300
students?

Screenshots of every step go to artifacts/screenshots/ (git-ignored; XBORDER_SCREENSHOTS moves
it). Chromium comes from apt (`chromium`, installed by .ci/run); without it these tests are
skipped on a developer's machine and fail in CI.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, course_root

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("XBORDER_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("XBORDER_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
LEVEL = "primary"
P11 = "P-1.1_hot_products"
FAST = ROOT / "course" / "primary" / "P-2.2_title_writing.ipynb"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A Chromium with a new, empty profile; collects console errors and failed requests per page."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set XBORDER_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' (./test.sh does)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(60_000)
        yield context
        context.close()


def new_page(context):
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    # (a poll that JupyterLab cancels when it reloads the page is aborted, not failed)
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in str(r.failure) else None)
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# --- the student lab ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`xborder start` on a new workspace, as ./start.sh runs it; yields (base URL, workspace, log)."""
    tmp = tmp_path_factory.mktemp("lab")
    ws, cfg, log = tmp / "ws", tmp / "jupyter-config", tmp / "lab.log"
    # all cells of a notebook in the page (JupyterLab otherwise renders only the visible ones)
    tracker = cfg / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(cfg), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    env.pop("XBORDER_EXPORTS", None)
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "xborder_grader.cli", "start", "--workspace", str(ws), "--no-browser",
                                 f"--port={port}", "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.ip=127.0.0.1"],
                                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"xborder start ended: {log.read_text()[-3000:]}")
                time.sleep(1)
        else:
            pytest.fail("JupyterLab did not answer within 10 minutes")
        yield base, ws, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def kernels_idle(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            ks = json.loads(urllib.request.urlopen(f"{base}/api/kernels", timeout=5).read())
        except urllib.error.HTTPError as exc:
            # jupyter_server answers 500 while a kernel it is starting has no `last_activity` yet
            if exc.code != 500:
                raise
            time.sleep(0.5)
            continue
        if ks and all(k["execution_state"] == "idle" and k["connections"] > 0 for k in ks):
            return
        time.sleep(0.5)
    raise AssertionError("the notebook's kernel did not become idle")


def open_notebook(page, base: str, path: str):
    page.goto(f"{base}/lab/tree/{path}?reset")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").first.wait_for()
    kernels_idle(base)
    page.wait_for_timeout(1500)  # what JupyterLab fills in when the kernel connects lands here
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def run_cell(page, cells, index: int, timeout: float = 180):
    """Run one cell as a student does (select it, press the toolbar's run button) and wait until
    it has finished."""
    cell = cells.nth(index)
    prompt = cell.locator(".jp-InputArea-prompt")
    run = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar "
                       "[data-command='notebook:run-cell-and-select-next']")
    deadline = time.monotonic() + timeout
    for attempt in range(3):
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()
        run.click()
        started = time.monotonic()
        while time.monotonic() < deadline:
            text = prompt.inner_text().strip()
            if re.fullmatch(r"\[\d+\]:", text):
                return cell
            if text == "[ ]:" and time.monotonic() - started > 5:
                break  # the click did not reach the cell: select and run it again
            page.wait_for_timeout(200)
    raise AssertionError(f"cell {index} did not finish: {cell.inner_text()[-500:]}")


def output_text(cell) -> str:
    return cell.locator(".jp-OutputArea").inner_text()


def cell_index(nb_path: Path) -> dict[str, int]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb["cells"])}


def solved_copy(ws: Path, name: str) -> Path:
    """The student's copy with every answer cell holding the course's reference answer."""
    from xborder_grader.authoring.clean import clean_file

    source = json.loads((ROOT / "course" / LEVEL / f"{name}.ipynb").read_text(encoding="utf-8"))
    answers = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in source["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")}
    nb = json.loads((ws / LEVEL / f"{name}.ipynb").read_text(encoding="utf-8"))
    for c in nb["cells"]:
        gid = c["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            c["source"] = "\n".join(line for line in answers[gid].splitlines() if "### BEGIN SOLUTION" not in line
                                    and "### END SOLUTION" not in line)
    path = ws / LEVEL / f"{name}_solved.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    clean_file(path, version=sys.version.split()[0])
    return path


def test_student_lab_opens_runs_and_explains(browser, lab):
    base, ws, log = lab
    page = new_page(browser)
    cells = open_notebook(page, base, f"{LEVEL}/{P11}.ipynb")
    shot(page, "lab-01-opened")

    # opened as it was stored: nothing for JupyterLab to fill in, so not marked unsaved
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, "the notebook is marked unsaved on open"
    # the interface speaks Chinese; the student's Validate button is there, the instructor's tools are not
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "文件" in menus and "内核" in menus, menus
    assert not any("nbgrader" in m.lower() for m in menus), menus
    assert page.get_by_text("Create Assignment").count() == 0
    assert page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate").count() == 1

    idx = cell_index(ws / LEVEL / f"{P11}.ipynb")
    for gid in ("setup", "plan", "ex1_answer"):
        run_cell(page, cells, idx[gid])
    failed = output_text(run_cell(page, cells, idx["ex1_collect"]))
    waiting = output_text(run_cell(page, cells, idx["ex2_tidy"]))
    not_ready = output_text(run_cell(page, cells, idx["chart"]))
    explorer = output_text(run_cell(page, cells, idx["explore"]))
    shot(page, "lab-02-blank-checks")
    assert "未通过" in failed and "NOT PASSED" in failed and "6" in failed
    assert "还没有作答" in waiting and "NOT ATTEMPTED" in waiting
    assert "请先完成练习 3" in not_ready and "Finish exercise 3 first" in not_ready
    assert "请先完成练习 3" in explorer
    for text in (failed, waiting, not_ready, explorer):
        assert "Traceback" not in text and "NameError" not in text and "xborder_grader" not in text, text
    cells.nth(idx["ex1_collect"]).scroll_into_view_if_needed()
    shot(page, "lab-03-check-block")

    # the whole notebook with the reference answers: checks pass, the chart and the explorer work
    solved = solved_copy(ws, P11)
    page = new_page(browser)
    cells = open_notebook(page, base, f"{LEVEL}/{solved.name}")
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0
    for i in range(cells.count()):
        if "jp-CodeCell" in (cells.nth(i).get_attribute("class") or ""):
            run_cell(page, cells, i)
    idx = cell_index(solved)
    for gid in ("ex1_collect", "ex2_tidy", "ex3_report", "ex4_pick"):
        block = cells.nth(idx[gid]).locator(".xborder-passed")
        assert block.count() == 1 and "通过 · Passed" in block.inner_text(), output_text(cells.nth(idx[gid]))
    chart = cells.nth(idx["chart"])
    chart.scroll_into_view_if_needed()
    shot(page, "lab-04-chart")
    img = chart.locator(".jp-OutputArea img")
    assert img.count() == 1 and img.evaluate("i => i.naturalWidth") >= 500
    assert "missing from font" not in output_text(chart)  # every Chinese label had a glyph

    explore = cells.nth(idx["explore"])
    explore.scroll_into_view_if_needed()
    country = explore.locator(".widget-dropdown select").first
    country.wait_for()
    before = explore.locator(".jp-OutputArea-child table").last.inner_text()
    country.select_option("ES")
    page.wait_for_function("([el, old]) => { const t = el.querySelectorAll('table'); "
                           "return t.length && t[t.length - 1].innerText !== old; }",
                           arg=[explore.element_handle(), before], timeout=30_000)
    shot(page, "lab-05-explorer-ES")
    assert explore.locator(".jp-OutputArea-child table").last.inner_text() != before

    # the student's Validate button runs the notebook and says it passes
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar").get_by_text("Validate").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=180_000)
    page.wait_for_function("() => !document.querySelector('.jp-Dialog') || "
                           "!/validating/i.test(document.querySelector('.jp-Dialog').innerText)", timeout=180_000)
    shot(page, "lab-06-validate")
    assert "passes all the tests" in page.locator(".jp-Dialog").inner_text()
    page.keyboard.press("Escape")

    # exports landed in the workspace's exports folder, none beside the notebooks
    assert list((ws / "exports").glob("hot_sale_products_*.xlsx"))
    assert not (ws / LEVEL / "exports").exists() or not list((ws / LEVEL / "exports").glob("*.xlsx"))
    assert page.problems == [], page.problems
    server_log = log.read_text(encoding="utf-8", errors="replace")
    for bad in ("ExchangeError", "Error fetching", "Traceback", "formgrader", "course_list", "assignment_list"):
        assert bad not in server_log, f"server log mentions {bad!r}:\n{server_log[-3000:]}"


# --- feedback pages and the skill report ----------------------------------------------------------
@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A scratch course graded for three students: a full answer, the blank release, a missing notebook."""
    from xborder_grader.apps.build import build
    from xborder_grader.apps.feedback import feedback
    from xborder_grader.apps.grade import grade
    from xborder_grader.apps.report import report

    root = course_root(tmp_path_factory.mktemp("graded"), LEVEL, [FAST])
    build(LEVEL, root=root, echo=lambda *a: None)
    source, blank = FAST.read_text(encoding="utf-8"), (root / "release" / LEVEL / FAST.name).read_text(encoding="utf-8")
    for student, text in (("ann", source), ("bo", blank), ("cy", None)):
        folder = root / "submitted" / student / LEVEL
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        if text is not None:
            (folder / FAST.name).write_text(text, encoding="utf-8")
    grade(LEVEL, root=root, workers=2, progress=False, echo=lambda *a: None)
    result = feedback(LEVEL, root=root, progress=False, echo=lambda *a: None)
    assert result["errors"] == []
    _, html_path = report(LEVEL, root=root, echo=lambda *a: None)
    return root, html_path


def load(browser, path: Path, name: str):
    page = new_page(browser)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    shot(page, name)
    return page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_feedback_pages_load_offline_and_name_the_skill_items(browser, graded):
    root, _ = graded
    nb = FAST.stem
    overview = load(browser, root / "feedback" / "bo" / LEVEL / "index.html", "feedback-01-overview")
    text = overview.inner_text("body")
    assert "P-2.2.1" in text and "P-2.2.2" in text and nb in text and "已评分 · graded" in text
    assert overview.problems == [] and fits(overview)
    overview.get_by_role("link", name="反馈 feedback").first.click()
    overview.wait_for_load_state("load")
    assert overview.url.endswith(f"{nb}.html")

    blank = load(browser, root / "feedback" / "bo" / LEVEL / f"{nb}.html", "feedback-02-blank-notebook")
    summary = blank.locator("table.xb-checks").inner_text()
    assert "P-2.2.1" in summary and "未作答 · Not attempted" in summary and "Test cell" not in summary
    assert "BEGIN HIDDEN TESTS" not in blank.inner_text("body")
    checks = blank.locator("div.cell", has=blank.locator(".xb-panel-heading", has_text="检查 Check"))
    assert checks.count() == 7  # three exercises and the theory check's four questions
    for i in range(7):  # each check shows its block; a traceback only ever comes from the student's own answer cell
        shown = checks.nth(i).locator(".output_area").inner_text()
        assert "NOT ATTEMPTED" in shown and "Traceback" not in shown and "xborder_grader" not in shown, shown
    assert blank.problems == [] and fits(blank), blank.problems

    full = load(browser, root / "feedback" / "ann" / LEVEL / f"{nb}.html", "feedback-03-full-marks")
    assert full.locator("table.xb-checks .xb-passed").count() == 7 and full.problems == [] and fits(full)

    missing = load(browser, root / "feedback" / "cy" / LEVEL / f"{nb}.html", "feedback-04-missing")
    assert "未提交" in missing.inner_text("body") and missing.problems == [] and fits(missing)
    cy = load(browser, root / "feedback" / "cy" / LEVEL / "index.html", "feedback-05-missing-overview")
    assert "未提交 · missing" in cy.inner_text("body") and cy.problems == []

    # formgrader lists the missing notebook as flagged, not as plainly graded
    import sqlite3

    flagged = sqlite3.connect(root / "gradebook.db").execute(
        "SELECT sa.student_id FROM submitted_notebook sn JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "WHERE sn.flagged").fetchall()
    assert flagged == [("cy",)]


def test_the_report_loads_offline_and_works_for_a_class_of_300(browser, graded, tmp_path):
    _, html_path = graded
    small = load(browser, html_path, "report-01-class-of-3")
    assert small.problems == [] and small.locator("#students tbody tr").count() == 3
    assert "cy" in small.locator("#students").inner_text() and "未提交" in small.locator("#students").inner_text()

    page = load(browser, big_report(tmp_path), "report-02-class-of-300")
    assert page.problems == [] and fits(page)
    rows = page.locator("#students tbody tr")
    assert rows.count() == 50 and "50 / 300" in page.locator("#count").inner_text()
    assert page.locator("#heat tbody tr").count() == 50  # the heatmap pages with the table
    assert page.locator("#heat thead tr.tasks th").count() == 1 + 9  # students + one group per work task
    page.locator("#next").click()
    assert page.locator("#page").inner_text() == "2 / 6"
    # sort by points, highest first
    page.locator("#students th[data-key=pct]").click()
    page.locator("#students th[data-key=pct]").click()
    points = [float(re.search(r"\((\d+)%\)", t).group(1)) for t in page.locator("#students tbody td:nth-child(2)").all_inner_texts()]
    assert points == sorted(points, reverse=True) and page.locator("#page").inner_text() == "1 / 6"
    # only students not yet ready, weak in P-2.2.1, with a grading problem
    page.select_option("#f-ready", "not_yet")
    page.select_option("#f-item", label=next(o for o in page.locator("#f-item option").all_inner_texts() if o.startswith("P-2.2.1")))
    page.check("#f-problems")
    shot(page, "report-03-filtered")
    shown = page.locator("#students tbody tr")
    matching = int(re.search(r"/ (\d+)", page.locator("#count").inner_text()).group(1))
    assert 0 < matching < 300 and shown.count() == min(50, matching)
    for r in range(shown.count()):
        row = shown.nth(r).inner_text()
        assert "尚未达到" in row and "P-2.2.1" in row and "–" != row.split("\t")[-1].strip()
    page.fill("#q", "20260007")
    assert page.locator("#students tbody tr").count() <= 1
    assert page.problems == []


def big_report(tmp_path: Path) -> Path:
    """The report of a made-up class of 300 over every primary notebook (no grading needed)."""
    import pandas as pd

    from xborder_grader.apps.report import render_html, tables_from_cells
    from xborder_grader.cells import graded_cells
    from xborder_grader.course import Catalog

    cat = Catalog(ROOT)
    rnd = random.Random(21)
    rows = []
    for i in range(300):
        student, skill = f"2026{i:04d}", rnd.random()
        for nb in cat.notebooks(LEVEL):
            status = rnd.choices(["graded", "failed", "missing", "tampered"], [0.9, 0.03, 0.05, 0.02])[0]
            for c in graded_cells(nb.path):
                score = c.points if status == "graded" and rnd.random() < skill else 0.0
                rows.append((student, nb.name, c.grade_id, ",".join(c.skills), c.points, score, status,
                             "timeout" if status == "failed" else ""))
    cells = pd.DataFrame(rows, columns=["student", "notebook", "cell", "skills", "max_score", "score", "status", "reasons"])
    path = tmp_path / "report-300.html"
    path.write_text(render_html(LEVEL, {"zh": "初级", "en": "primary"}, *tables_from_cells(cat, cells), cat.tasks),
                    encoding="utf-8")
    shutil.copy(path, SHOTS / "report-300.html")
    return path
