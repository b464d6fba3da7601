"""`xborder collect --from`: LMS exports as they come, into nbgrader's submitted/ layout.

Is every notebook given to the right student, whatever folder the LMS wrapped the files in? Is
`timestamp.txt` the submission's own time (late penalties depend on it), and is the zip closed?
"""

from __future__ import annotations

import datetime as dt
import json
import time
import zipfile

import psutil
import pytest

from xborder_grader.apps.collect import collect, normalise_id, parse_time
from xborder_grader.course import CourseError

from ..conftest import ROOT, course_root

LEVEL = "primary"
FAST = "P-2.2_title_writing"
OTHER = "P-1.1_hot_products"
NB = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def root(tmp_path):
    return course_root(tmp_path, LEVEL, [ROOT / "course" / LEVEL / f"{FAST}.ipynb"])


def lms_zip(path, files: dict[str, tuple]) -> str:
    """A zip as an LMS writes it: name -> (text, (y, m, d, H, M, S) local time)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, (text, when) in files.items():
            zf.writestr(zipfile.ZipInfo(name, when), text)
    return path


def got(out) -> set[tuple[str, str]]:
    return set(out.written)


def quiet(*a):
    pass


def utc_text(local: tuple) -> str:
    when = time.mktime(local + (0, 0, -1))
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


T1, T2 = (2026, 11, 19, 9, 0, 0), (2026, 11, 20, 10, 0, 0)


def test_flat_files_under_one_top_folder_are_attributed_by_file_name(root, tmp_path):
    src = lms_zip(tmp_path / "canvas.zip", {
        f"Canvas export/zhangsan_12345_67890_{FAST} (1).ipynb": (NB, T1),
        f"Canvas export/lisi_22222_33333_{FAST}.ipynb": (NB, T1),
        f"Canvas export/s2026009_{OTHER}.ipynb": (NB, T1),
    })
    out = collect(LEVEL, src, root=root, echo=quiet)
    assert got(out) == {("zhangsan", FAST), ("lisi", FAST), ("s2026009", OTHER)}
    assert not (root / "submitted" / "Canvas_export").exists()


def test_one_student_s_flat_files_under_a_top_folder_keep_their_id(root, tmp_path):
    src = lms_zip(tmp_path / "one.zip", {f"Homework 2/s2026004_{FAST}.ipynb": (NB, T1),
                                         f"Homework 2/s2026004_{OTHER}.ipynb": (NB, T1)})
    assert got(collect(LEVEL, src, root=root, echo=quiet)) == {("s2026004", FAST), ("s2026004", OTHER)}


def test_files_under_submissions_are_collected(root, tmp_path):
    folder = tmp_path / "export" / "submissions"
    folder.mkdir(parents=True)
    (folder / f"s2026001_{FAST}.ipynb").write_text(NB)
    (folder / f"wangwu_{OTHER}.ipynb").write_text(NB)
    out = collect(LEVEL, tmp_path / "export", root=root, echo=quiet)
    assert got(out) == {("s2026001", FAST), ("wangwu", OTHER)}
    assert out.skipped == []


def test_a_folder_per_student_in_every_shape(root, tmp_path):
    src = lms_zip(tmp_path / "folders.zip", {
        f"s2026001/{FAST}.ipynb": (NB, T1),
        f"s2026002/{LEVEL}/{FAST}.ipynb": (NB, T1),  # nbgrader's own student/assignment/notebook layout
        "Ｌｉ Ｓｉ/P-1.1.ipynb": (NB, T1),  # a task ID as the name, a full-width name as the folder
        f"s2026003/Copy of {FAST}.ipynb": (NB, T1),
        f"export/s2026005/{FAST}.ipynb": (NB, T1),
    })
    out = collect(LEVEL, src, root=root, echo=quiet)
    assert got(out) == {("s2026001", FAST), ("s2026002", FAST), ("Li_Si", OTHER), ("s2026003", FAST), ("s2026005", FAST)}
    assert out.renamed_ids == {"Ｌｉ Ｓｉ": "Li_Si"}


def test_nbgrader_zip_collect_s_example_pattern_gives_id_and_time(root, tmp_path):
    name = f"{LEVEL}_s2026007_attempt_2026-11-20-10-00-00_{FAST}.ipynb"
    src = lms_zip(tmp_path / "bb.zip", {name: (NB, (2026, 12, 1, 0, 0, 0))})
    out = collect(LEVEL, src, root=root, echo=quiet)
    assert got(out) == {("s2026007", FAST)}
    stamp = (root / "submitted" / "s2026007" / LEVEL / "timestamp.txt").read_text()
    assert stamp == "2026-11-20 10:00:00.000000 UTC"  # the attempt's time, not the file's


def test_an_id_pattern_with_nbgrader_s_group_names(root, tmp_path):
    src = lms_zip(tmp_path / "moodle.zip", {
        f"Wang Wu_88001_assignsubmission_file_/{FAST}.ipynb": (NB, T1),
        f"Zhao Liu_88002_assignsubmission_file_/{OTHER}.ipynb": (NB, T1),
    })
    out = collect(LEVEL, src, root=root, id_pattern=r"_(?P<student_id>\d+)_assignsubmission", echo=quiet)
    assert got(out) == {("88001", FAST), ("88002", OTHER)}
    out = collect(LEVEL, src, root=root, id_pattern=r"_(?P<student>\d+)_assignsubmission", echo=quiet)  # the older name
    assert out.unchanged == 2
    with pytest.raises(CourseError, match="student_id"):
        collect(LEVEL, src, root=root, id_pattern=r"(\d+)_", echo=quiet)
    with pytest.raises(CourseError, match="not a valid regular expression"):
        collect(LEVEL, src, root=root, id_pattern=r"(?P<student_id>", echo=quiet)


def test_timestamp_is_the_submission_s_newest_time_not_the_last_file_s(root, tmp_path):
    src = lms_zip(tmp_path / "times.zip", {
        f"s2026001/{OTHER}.ipynb": (NB, T2),  # sorts first, handed in last
        f"s2026001/{FAST}.ipynb": (NB, T1),
        f"s2026002/{FAST}.ipynb": (NB, T1),
        "s2026002/timestamp.txt": ("2026-11-18 08:30:00.000000 UTC", T2),  # the export states the time
    })
    out = collect(LEVEL, src, root=root, echo=quiet)
    assert (root / "submitted" / "s2026001" / LEVEL / "timestamp.txt").read_text() == utc_text(T2)
    assert (root / "submitted" / "s2026002" / LEVEL / "timestamp.txt").read_text() == "2026-11-18 08:30:00.000000 UTC"
    assert out.skipped == []  # timestamp.txt is no stray file


def test_the_zip_is_closed_even_when_collecting_fails(root, tmp_path):
    src = lms_zip(tmp_path / "closed.zip", {f"s2026001/{FAST}.ipynb": (NB, T1), "notes.pdf": ("%PDF", T1)})
    collect(LEVEL, src, root=root, echo=quiet)
    assert str(src) not in {f.path for f in psutil.Process().open_files()}
    (root / "submitted").rename(root / "submitted.bak")
    (root / "submitted").write_text("a file where the folder should be")
    with pytest.raises(OSError) as err:
        collect(LEVEL, src, root=root, echo=quiet)
    assert err.value is not None  # (the traceback, frames and all, is still alive here)
    assert str(src) not in {f.path for f in psutil.Process().open_files()}


def test_names_without_a_student_or_a_notebook_are_skipped_and_said(root, tmp_path):
    src = lms_zip(tmp_path / "odd.zip", {
        f"{FAST}.ipynb": (NB, T1),  # whose?
        "s2026003_homework.ipynb": (NB, T1),  # which notebook?
        "s2026003_report.pdf": ("%PDF", T1),
        "__MACOSX/._s2026001": ("", T1),
    })
    out = collect(LEVEL, src, root=root, echo=quiet)
    assert out.written == []
    assert sorted(s.split(":")[0] for s in out.skipped) == sorted([f"{FAST}.ipynb", "s2026003_homework.ipynb", "s2026003_report.pdf"])


def test_helpers():
    assert normalise_id(" 张三 (2班) ") == "张三_2班"
    assert parse_time("2026-11-20-10-00-00") == dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc).timestamp()
    assert parse_time("2026-11-20 10:00:00.000000 UTC") == parse_time("2026-11-20T10:00:00+00:00")
    assert parse_time("not a time") is None
