"""`xborder export LEVEL --lms canvas|moodle`: would Canvas and Moodle import the files as they
document it, with every grade where it belongs and no zero that was never earned?

The files are read back the way the LMSs read them: Canvas's gradebook importer
(canvas-lms app/models/gradebook_importer.rb: header check, `Points Possible` row, `Name (id)`
titles, students by ID / SIS User ID / SIS Login ID) and Moodle's CSV grade import
(lib/csvlib.class.php and grade/import/csv/classes/load_data.php: byte-order mark stripped, every
row as long as the header, one column mapped to a user field, `-` for no grade). The gradebook
is written with nbgrader's own API, the statuses with the engine's status store.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from xborder_grader import runner
from xborder_grader.apps.lms import lms_export
from xborder_grader.cells import graded_cells
from xborder_grader.course import CourseError
from xborder_grader.engine.status import StatusStore

from .conftest import ROOT, course_root

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader add_submission

LEVEL = "primary"
P22 = ROOT / "course" / LEVEL / "P-2.2_title_writing.ipynb"  # 14 points: 3 + 3 + 2, a theory check 4 × 1, a written answer 2
P11 = ROOT / "course" / LEVEL / "P-1.1_hot_products.ipynb"   # 20 points
T22, T11 = "P-2.2 标题数据化撰写", "P-1.1 热销产品数据采集与整理"


def full(nb) -> dict[str, float]:
    return {c.grade_id: c.points for c in graded_cells(nb)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A graded class of four, as `xborder grade` leaves the gradebook and the status store
    (read only by the tests: one per module).

    s2026001  P-2.2 graded 14/14; P-1.1 tampered (a deleted test put back, nothing held) 17.5/20
    s2026002  P-2.2 held for review (a severe finding: 0 until looked at); P-1.1 failed (kernel_died)
    Li_Si     ("Li Si" in the LMS, normalised by collect) P-2.2 graded 3; P-1.1 not handed in
    s2026005  P-2.2 waited for manual grading and was graded by hand in formgrader: 5; P-1.1 graded 0
    """
    root = course_root(tmp_path_factory.mktemp("lms"), LEVEL, [P11, P22])
    runner.ensure_tool_path()  # nbgrader's Gradebook runs alembic from this environment
    scores = {
        ("s2026001", P22.stem): full(P22),
        ("s2026001", P11.stem): {**full(P11), next(iter(full(P11))): full(P11)[next(iter(full(P11)))] - 2.5},
        ("s2026002", P22.stem): {g: 0.0 for g in full(P22)},
        ("Li_Si", P22.stem): {g: (3.0 if i == 0 else 0.0) for i, g in enumerate(full(P22))},
        ("s2026005", P22.stem): {g: 0.0 for g in full(P22)},
        ("s2026005", P11.stem): {g: 0.0 for g in full(P11)},
    }
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="xborder") as gb:
        gb.add_assignment(LEVEL)
        for nb in (P11, P22):
            gb.add_notebook(nb.stem, LEVEL)
            for c in graded_cells(nb):
                gb.add_grade_cell(c.grade_id, nb.stem, LEVEL, max_score=c.points, cell_type="code")
        for student in ("s2026001", "s2026002", "Li_Si", "s2026005"):
            gb.add_student(student)
            gb.add_submission(LEVEL, student)
        for (student, nb), cells in scores.items():
            for cell, score in cells.items():
                g = gb.find_grade(cell, nb, LEVEL, student)
                g.auto_score, g.needs_manual_grade = score, False
        first22 = next(iter(full(P22)))
        gb.find_grade(first22, P22.stem, LEVEL, "s2026002").needs_manual_grade = True  # ApplyAudit holds it
        manual = gb.find_grade(first22, P22.stem, LEVEL, "s2026005")
        manual.manual_score, manual.needs_manual_grade = 5.0, False  # formgrader clears the flag
        gb.db.commit()
    store = StatusStore(root, LEVEL)
    store.set("s2026001", P22.stem, status="graded")
    store.set("s2026001", P11.stem, status="tampered")
    store.set("s2026002", P22.stem, status="tampered")
    store.set("s2026002", P11.stem, status="failed", reasons=["kernel_died"])
    store.set("Li_Si", P22.stem, status="graded")
    store.set("Li_Si", P11.stem, status="missing")
    store.set("s2026005", P22.stem, status="needs_manual")
    store.set("s2026005", P11.stem, status="graded")
    store.close()
    return root


# A gradebook export from Canvas, used as the roster: students log in to the hub with their SIS
# Login ID. The teacher already created P-2.2 in Canvas (id 5501); P-1.1 is new there.
CANVAS_EXPORT = """\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,P-2.2 标题撰写 (5501),Quiz 1 (5502),Current Score,Final Score
    Points Possible,,,,,8,5,(read only),(read only)
,,,,,Manual Posting,,,
"Zhang, San",101,2026001,s2026001,跨境1班,,4,,
"Wang, Wu",102,2026002,S2026002,跨境1班,,5,,
"Li, Si",103,2026003,Li Si,跨境2班,,3,,
"Zhao, Liu",104,2026004,s2026004,跨境2班,,,,
"Zhou, Qi",105,2026005,s2026005,跨境2班,,,,
"Student, Test",999,,,跨境1班,,,,
"""


def canvas_import(path) -> tuple[list[dict], dict[str, dict[str, str]]]:
    """Read a file as Canvas's GradebookImporter does; (assignments, grades by Canvas student ID)."""
    raw = path.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))  # Ruby's CSV keeps a BOM in cell 1
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1]  # row_has_student_headers?
    assert re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3])
    assert "Section" in header[4]  # last_student_info_column(row).include?("Section")
    assignments = []
    for i, title in enumerate(header[5:], start=5):
        m = re.match(r"\A(.*)\s\((\d+)\)\Z", title)
        assignments.append({"index": i, "title": m.group(1) if m else title, "id": m.group(2) if m else None})
    assert "Points Possible" in rows[1][0]  # check_for_non_student_row
    for a in assignments:
        a["points"] = rows[1][a["index"]]
    grades = {}
    for row in rows[2:]:
        assert len(row) == len(header)
        assert row[1] or row[2] or row[3], f"Canvas could not identify {row}"
        grades[row[1]] = {a["title"]: row[a["index"]].strip() for a in assignments}
    return assignments, grades


def test_canvas_file_is_what_canvas_imports(course, tmp_path):
    roster = tmp_path / "canvas-export.csv"
    roster.write_bytes(CANVAS_EXPORT.encode("utf-8"))
    out = tmp_path / "canvas.csv"
    lines = []
    lms_export(LEVEL, "canvas", roster, out, roster_key="SIS Login ID", root=course, echo=lines.append)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 with BOM, Excel shows the Chinese titles
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", T11, "P-2.2 标题撰写 (5501)"]  # task order

    assignments, grades = canvas_import(out)
    # P-2.2 reuses Canvas's assignment 5501, P-1.1 is a new assignment with its points
    assert [(a["title"], a["id"], a["points"]) for a in assignments] == [(T11, None, "20"), ("P-2.2 标题撰写", "5501", "14")]
    assert grades == {
        "101": {"P-2.2 标题撰写": "14", T11: "17.5"},  # graded; tampered with nothing held counts
        "102": {"P-2.2 标题撰写": "", T11: ""},     # held for review; failed: blank leaves Canvas as it is
        "103": {"P-2.2 标题撰写": "3", T11: ""},    # "Li Si" ↔ Li_Si; P-1.1 not handed in
        "104": {"P-2.2 标题撰写": "", T11: ""},     # on the roster, nothing handed in
        "105": {"P-2.2 标题撰写": "5", T11: "0"},   # graded by hand in formgrader; an earned 0
    }
    text = "\n".join(lines)
    assert "s2026002/P-2.2_title_writing" in text and "formgrader" in text  # everything left blank is listed
    assert "s2026002/P-1.1_hot_products (kernel_died)" in text and "Li_Si/P-1.1_hot_products" in text
    assert "line 9: Student, Test" in text  # the test student has no SIS Login ID: left out, said so

    # at the end of the term: not handed in counts 0, failed and held stay blank
    lms_export(LEVEL, "canvas", roster, out, roster_key="SIS Login ID", missing_zero=True, root=course, echo=lambda *a: None)
    _, grades = canvas_import(out)
    assert grades["103"] == {"P-2.2 标题撰写": "3", T11: "0"} and grades["104"] == {"P-2.2 标题撰写": "0", T11: "0"}
    assert grades["102"] == {"P-2.2 标题撰写": "", T11: ""}


def moodle_import(path, map_from: str) -> dict[str, dict[str, str]]:
    """Read a file as Moodle's CSV grade import does; grades by the mapped user field."""
    text = path.read_bytes().decode("utf-8")
    text = text[1:] if text.startswith("\ufeff") else text  # core_text::trim_utf8_bom
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n").strip(), newline="")))
    header = [h.strip() for h in rows[0]]
    assert all(len(r) == len(header) for r in rows), "csvweirdcolumns"
    who = header.index(map_from)
    grades = {}
    for r in rows[1:]:
        assert r[who], "a blank user field: Moodle skips the row"
        grades[r[who]] = {h: v for h, v in zip(header, r) if h in (T22, T11)}
        for v in grades[r[who]].values():
            assert v == "-" or float(v) <= 100, v  # '-' is no grade; new grade items take up to 100
    return grades


def test_moodle_file_is_what_moodle_imports(course, tmp_path):
    # a roster typed in Excel on a Chinese Windows: GB18030, course IDs beside Moodle's user fields
    roster = tmp_path / "roster.csv"
    roster.write_bytes(("student_id,Last name,First name,Email address\r\n"
                        "s2026001,张,三,zhang.san@xb.edu.cn\r\ns2026002,王,五,wang.wu@xb.edu.cn\r\n"
                        "Li Si,李,四,li.si@xb.edu.cn\r\ns2026005,周,七,zhou.qi@xb.edu.cn\r\n").encode("gb18030"))
    out = tmp_path / "moodle.csv"
    lines = []
    lms_export(LEVEL, "moodle", roster, out, root=course, echo=lines.append)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    header = out.read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert header == ["Email address", "First name", "Last name", T11, T22]
    assert moodle_import(out, "Email address") == {
        "zhang.san@xb.edu.cn": {T11: "17.5", T22: "14"},
        "wang.wu@xb.edu.cn": {T11: "-", T22: "-"},
        "li.si@xb.edu.cn": {T11: "-", T22: "3"},
        "zhou.qi@xb.edu.cn": {T11: "0", T22: "5"},
    }
    assert "GB18030" in lines[0] and any("'Email address' to 'useremail'" in line for line in lines)


def test_a_student_missing_from_the_roster_stops_the_export(course, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,ID,Student\ns2026001,101,Zhang San\nLi Si,103,Li Si\n", encoding="utf-8")
    out = tmp_path / "canvas.csv"
    with pytest.raises(CourseError, match=r"2 student\(s\) with grades are not in the roster") as err:
        lms_export(LEVEL, "canvas", roster, out, root=course, echo=lambda *a: None)
    assert "s2026002" in str(err.value) and "s2026005" in str(err.value) and "nothing was written" in str(err.value)
    assert not out.exists()


@pytest.mark.parametrize("lms, text, message", [
    ("canvas", "sid,ID\ns2026001,1\n", "has no column 'student_id'"),
    ("canvas", "student_id,ID\ns2026001,1\ns2026001,2\n", "lists student_id = 's2026001' twice"),
    ("canvas", "student_id,Student\ns2026001,a\ns2026002,b\nLi_Si,c\ns2026005,d\n", "at least one of the columns ID"),
    ("canvas", "student_id,ID,SIS Login ID\ns2026001,1,\ns2026002,,\nLi_Si,3,\ns2026005,5,\n", "no Canvas ID"),
    ("moodle", "student_id,First name\ns2026001,a\ns2026002,b\nLi_Si,c\ns2026005,d\n", "user identifier column"),
    ("moodle", "student_id,ID number\ns2026001,1\ns2026002,\nLi_Si,3\ns2026005,5\n", "empty 'ID number'"),
])
def test_a_roster_the_lms_could_not_use_gets_a_clear_error(course, tmp_path, lms, text, message):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(CourseError, match=re.escape(message)):
        lms_export(LEVEL, lms, roster, tmp_path / "out.csv", root=course, echo=lambda *a: None)
    assert not (tmp_path / "out.csv").exists()


def test_the_cli_says_what_is_missing(course, tmp_path):
    utf16 = tmp_path / "roster-utf16.csv"
    utf16.write_bytes("student_id,ID\r\ns2026001,1\r\n".encode("utf-16"))
    for args, message in [(["--lms", "canvas"], "--lms needs --roster"),
                          (["--roster", "r.csv"], "--roster and --missing-zero go with --lms"),
                          (["--lms", "moodle", "--roster", str(utf16)], "neither UTF-8 nor GB18030")]:
        proc = subprocess.run([sys.executable, "-m", "xborder_grader.cli", "export", LEVEL, *args], cwd=course,
                              env=runner.tool_env(), capture_output=True, text=True)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
