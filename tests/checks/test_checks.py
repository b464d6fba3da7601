"""The checks students and hidden tests call (xborder_grader.checks), edge by edge.

Do the comparison helpers accept every right answer (rows in another order when order does not
matter, floats within tolerance, NaN where NaN is expected, another index, extra columns) and
refuse every wrong one (a row too many, a wrong key, a value off, the wrong order when it
matters), with a bilingual message that never shows the expected values?
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from xborder_grader import checks
from xborder_grader.checks import CheckFailed, NotAttempted

WANT = pd.DataFrame({"country": ["US", "BR", "KR"], "sales": [300.0, 200.0, 100.0], "orders": [3, 2, 1]})


def fails(fn, *args, match: str | None = None, **kw) -> CheckFailed:
    with pytest.raises(CheckFailed) as err:
        fn(*args, **kw)
    e = err.value
    assert e.zh and e.en and str(e) == f"{e.zh}\n{e.en}"  # both languages, always
    if match:
        assert match in e.en, e.en
    return e


# --- same_frame / frames_match ----------------------------------------------------------------------
def test_an_identical_frame_passes_and_index_and_extra_columns_do_not_matter():
    got = WANT.copy()
    got.index = [10, 20, 30]
    got["note"] = "x"
    checks.same_frame(got, WANT, name="t")
    assert checks.frames_match(got, WANT)


def test_row_count():
    fails(checks.same_frame, WANT.head(2), WANT, name="t", match="has 2 rows")
    assert not checks.frames_match(pd.concat([WANT, WANT.head(1)]), WANT)


def test_order_matters_unless_told_otherwise():
    shuffled = WANT.iloc[[2, 0, 1]]
    fails(checks.same_frame, shuffled, WANT, name="t", match="holds wrong values")  # no key: row by row
    fails(checks.same_frame, shuffled, WANT, name="t", key=["country"], match="wrong order")
    checks.same_frame(shuffled, WANT, name="t", key=["country"], check_order=False)
    assert checks.frames_match(shuffled, WANT, key=["country"], check_order=False)
    assert not checks.frames_match(shuffled, WANT, key=["country"])


def test_keys_must_be_the_same_set_without_duplicates():
    other = WANT.assign(country=["US", "BR", "JP"])
    fails(checks.same_frame, other, WANT, name="t", key=["country"], match="right country values (2 differ)")
    doubled = WANT.assign(country=["US", "US", "KR"])
    fails(checks.same_frame, doubled, WANT, name="t", key=["country"], check_order=False, match="right country")


def test_a_key_of_several_columns():
    want = pd.DataFrame({"c": ["US", "US", "BR"], "m": [1, 2, 1], "v": [1.0, 2.0, 3.0]})
    got = want.iloc[[2, 1, 0]]
    checks.same_frame(got, want, name="t", key=["c", "m"], check_order=False)
    wrong = got.assign(v=[3.0, 1.0, 2.0])  # each value moved to another key
    fails(checks.same_frame, wrong, want, name="t", key=["c", "m"], check_order=False, match="v (2)")


def test_float_tolerance():
    checks.same_frame(WANT.assign(sales=WANT["sales"] * (1 + 1e-8)), WANT, name="t")
    fails(checks.same_frame, WANT.assign(sales=WANT["sales"] * 1.001), WANT, name="t", match="sales (3)")
    checks.same_frame(WANT.assign(sales=WANT["sales"] * 1.001), WANT, name="t", rtol=0.01)
    near_zero = pd.DataFrame({"x": [0.0]})
    checks.same_frame(pd.DataFrame({"x": [1e-12]}), near_zero, name="t")
    fails(checks.same_frame, pd.DataFrame({"x": [1e-6]}), near_zero, name="t")


def test_nan_matches_nan_only():
    want = pd.DataFrame({"x": [1.0, np.nan]})
    checks.same_frame(pd.DataFrame({"x": [1.0, np.nan]}), want, name="t")
    checks.same_frame(pd.DataFrame({"x": [1.0, None]}), want, name="t")
    fails(checks.same_frame, pd.DataFrame({"x": [1.0, 0.0]}), want, name="t", match="x (1)")
    fails(checks.same_frame, pd.DataFrame({"x": [np.nan, np.nan]}), want, name="t", match="x (1)")
    text = pd.DataFrame({"s": ["a", None]})
    checks.same_frame(pd.DataFrame({"s": ["a", np.nan]}), text, name="t")
    fails(checks.same_frame, pd.DataFrame({"s": ["a", "None"]}), text, name="t")


def test_values_are_compared_not_dtypes():
    """Numbers as int or float, or as numeric text, match; numeric_columns is the check for dtype."""
    checks.same_frame(WANT.assign(orders=WANT["orders"].astype(float)), WANT, name="t")
    checks.same_frame(WANT.assign(sales=["300", "200", "100.0"]), WANT, name="t")
    fails(checks.same_frame, WANT.assign(sales=["300", "2OO", "100"]), WANT, name="t", match="sales (1)")
    fails(checks.numeric_columns, WANT.assign(sales=["300", "200", "100"]), "t", ["sales"], match="sales")
    checks.numeric_columns(WANT, "t", ["sales", "orders"])


@pytest.mark.filterwarnings("ignore:Could not infer format")  # pandas, on the text that is no date
def test_text_booleans_and_dates():
    want = pd.DataFrame({"flag": [True, False], "day": pd.to_datetime(["2026-11-11", "2026-11-28"])})
    checks.same_frame(pd.DataFrame({"flag": [True, False], "day": ["2026-11-11", "2026-11-28"]}), want, name="t")
    fails(checks.same_frame, pd.DataFrame({"flag": [1, 0], "day": want["day"]}), want, name="t", match="flag (2)")
    fails(checks.same_frame, pd.DataFrame({"flag": [True, False], "day": ["2026-11-11", "2026-11-29"]}), want,
          name="t", match="day (1)")
    fails(checks.same_frame, pd.DataFrame({"flag": [True, False], "day": ["soon", "2026-11-28"]}), want, name="t")


def test_missing_columns_and_wrong_types_are_named():
    fails(checks.same_frame, WANT.drop(columns="sales"), WANT, name="t", match="missing the column(s): sales")
    fails(checks.same_frame, [1, 2, 3], WANT, name="t", match="should be a pandas DataFrame")
    assert not checks.frames_match(WANT.drop(columns="sales"), WANT)
    assert not checks.frames_match(WANT.to_dict(), WANT)
    checks.same_frame(WANT[["country", "sales"]], WANT, name="t", columns=["country", "sales"])


def test_an_answer_whose_equality_lies_is_compared_as_plain_values():
    class Liar(pd.DataFrame):
        def __eq__(self, other):
            return True

        def equals(self, other):
            return True

    fails(checks.same_frame, Liar({"country": ["x", "y", "z"], "sales": [0.0] * 3, "orders": [0] * 3}), WANT, name="t")


def test_a_failure_never_shows_the_expected_values():
    e = fails(checks.same_frame, WANT.assign(sales=[1.0, 2.0, 3.0], country=["AA", "BB", "CC"]), WANT, name="t")
    e2 = fails(checks.same_frame, WANT.assign(country=["AA", "BB", "CC"]), WANT, name="t", key=["country"])
    for text in (str(e), str(e2)):
        for value in ("US", "BR", "KR", "300", "200"):
            assert value not in text


# --- same_items -------------------------------------------------------------------------------------
def test_same_items_in_any_order_or_in_order():
    checks.same_items(["b", "a"], ["a", "b"], name="w")
    checks.same_items(("a", "b"), ["a", "b"], name="w", ordered=True)
    checks.same_items({"a", "b"}, ["b", "a"], name="w")
    checks.same_items((x for x in "ab"), ["a", "b"], name="w")
    checks.same_items(pd.Series(["a", "b"]), ["b", "a"], name="w")
    fails(checks.same_items, ["b", "a"], ["a", "b"], name="w", ordered=True, match="or the order differs")


def test_same_items_counts_and_types():
    fails(checks.same_items, ["a", "a", "b"], ["a", "b", "b"], name="w")  # same set, other counts
    e = fails(checks.same_items, ["a", "x", "y"], ["a", "b"], name="w")
    assert "2 item(s) too many, 1 missing" in e.en
    checks.same_items([1, 2], ["1", "2"], name="w")  # compared as text: 1 and "1" are one item
    fails(checks.same_items, "ab", ["a", "b"], name="w", match="should be a list")
    fails(checks.same_items, 5, [5], name="w", match="should be a list")


# --- same_number ------------------------------------------------------------------------------------
def test_same_number():
    checks.same_number(0.1 + 0.2, 0.3, name="n")
    checks.same_number(np.float32(2.5), 2.5, name="n")
    checks.same_number("3.5", 3.5, name="n")
    checks.same_number(float("nan"), float("nan"), name="n")
    checks.same_number(101, 100, name="n", rtol=0.02)
    fails(checks.same_number, 101, 100, name="n", match="does not have the right value")
    fails(checks.same_number, float("nan"), 1.0, name="n")
    fails(checks.same_number, None, 1.0, name="n", match="should be a number")
    fails(checks.same_number, "three", 3, name="n", match="should be a number")
    fails(checks.same_number, [3], 3, name="n", match="should be a number")


# --- shape checks -----------------------------------------------------------------------------------
def test_sorted_by():
    checks.sorted_by(WANT, "t", "sales")
    checks.sorted_by(WANT.iloc[::-1], "t", "sales", ascending=True)
    checks.sorted_by(pd.DataFrame({"v": [3.0, np.nan, 2.0, 2.0]}), "t", "v")  # gaps and ties
    fails(checks.sorted_by, WANT.iloc[::-1], "t", "sales", match="sorted by sales, descending")
    fails(checks.sorted_by, WANT, "t", "sales", ascending=True, match="ascending")


def test_is_frame_and_no_duplicates():
    assert checks.is_frame(WANT, "t", columns=["sales"]) is WANT
    fails(checks.is_frame, WANT["sales"], "t", match="it is a Series")
    fails(checks.is_frame, WANT, "t", columns=["sales", "profit"], match="missing the column(s): profit")
    fails(checks.is_frame, WANT.head(0), "t", match="only 0 row(s)")
    checks.is_frame(WANT.head(0), "t", min_rows=0)
    checks.no_duplicates(WANT, "t")
    fails(checks.no_duplicates, pd.concat([WANT, WANT.head(1)]), "t", match="1 duplicated row(s)")
    fails(checks.no_duplicates, WANT.assign(country="US"), "t", subset=["country"], match="on country")


def test_is_mapping():
    checks.is_mapping({"a": 1}, "d", keys=["a"])
    fails(checks.is_mapping, [("a", 1)], "d", match="should be a dict")
    fails(checks.is_mapping, {"a": 1}, "d", keys=["a", "b"], match="missing the key(s): b")


# --- answers and functions --------------------------------------------------------------------------
def test_answer_and_frame_read_the_student_s_namespace(monkeypatch):
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "report", WANT, raising=False)
    # a data copy, never the student's own object (it went through the wire format)
    got = checks.answer("report")
    assert got is not WANT
    pd.testing.assert_frame_equal(got, WANT)
    pd.testing.assert_frame_equal(checks.frame("report", columns=["sales"]), WANT)
    with pytest.raises(NotAttempted) as err:
        checks.answer("no_such_answer_here")
    assert "not attempted" in err.value.en.lower() and isinstance(err.value, CheckFailed)


def test_function_checks_callability_and_parameters(monkeypatch):
    main = sys.modules["__main__"]

    def title_keywords(search, keyword, n=6):
        return []

    monkeypatch.setattr(main, "title_keywords", title_keywords, raising=False)
    monkeypatch.setattr(main, "not_a_function", 5, raising=False)
    held = checks.function("title_keywords", ["search", "keyword"])
    assert held.name == "title_keywords" and held("a", "b") == []  # called in the student's namespace
    fails(checks.function, "title_keywords", ["keyword", "search"], match="should take the parameters (keyword, search)")
    fails(checks.function, "not_a_function", match="should be a function")
    monkeypatch.setattr(main, "builtin_len", len, raising=False)
    checks.function("builtin_len", ["obj"])  # no signature to read: accepted


def test_call_turns_crashes_into_messages():
    def blank():
        raise NotImplementedError()

    def crash():
        return 1 / 0

    def check():
        raise CheckFailed("中", "inner")

    with pytest.raises(NotAttempted):
        checks.call(blank, what="f()")
    e = fails(checks.call, crash, what="f()", match="Running f() raised ZeroDivisionError")
    assert e.__cause__ is None and e.__suppress_context__
    with pytest.raises(CheckFailed, match="inner"):
        checks.call(check, what="f()")
    assert checks.call(lambda a, b=0: a + b, 1, b=2, what="f()") == 3


def test_passed_prints_both_languages(capsys):
    checks.passed("通过", "passed")
    out = capsys.readouterr().out  # plain text outside IPython: both languages
    assert "通过" in out and "passed" in out


def test_date_columns():
    df = pd.DataFrame({"d": pd.to_datetime(["2026-10-01", "2026-10-31"]), "t": ["2026-10-01", "2026-10-31"]})
    checks.date_columns(df, "t", ["d"])
    checks.date_columns(df.assign(d=df["d"].astype("datetime64[s]")), "t", ["d"])  # any precision
    fails(checks.date_columns, df, "t", ["d", "t"], match="should hold dates")


def test_plain_index():
    checks.plain_index(WANT, "t")
    checks.plain_index(WANT.iloc[:0], "t")
    fails(checks.plain_index, WANT.iloc[::-1], "t", match="reset_index")
    fails(checks.plain_index, WANT.iloc[1:], "t", match="reset_index")
    fails(checks.plain_index, WANT.set_index("country"), "t", match="reset_index")


def test_rows_in_order_leaves_ties_open():
    rule = ("按 v 从大到小", "by v, largest first")
    checks.rows_in_order("t", [[3, 2, 2, 1]], [False], rule_zh=rule[0], rule_en=rule[1])
    checks.rows_in_order("t", [[False, False, True], [5, 4, 9]], [True, False], rule_zh=rule[0], rule_en=rule[1])
    checks.rows_in_order("t", [[]], [False], rule_zh=rule[0], rule_en=rule[1])
    fails(checks.rows_in_order, "t", [[3, 1, 2]], [False], rule_zh=rule[0], rule_en=rule[1], match=r"rows 2 and 3")
    fails(checks.rows_in_order, "t", [[True, False], [1, 2]], [True, False], rule_zh=rule[0], rule_en=rule[1],
          match="largest first")


# --- quiz / workbook --------------------------------------------------------------------------------
def test_quiz_takes_one_letter_in_any_case_and_fails_a_wrong_one_without_saying_the_right_one(monkeypatch):
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "quiz", {"q1": " b ", "q2": "", "q3": "BC", "q4": 2}, raising=False)
    assert checks.quiz("quiz", "q1") is None  # no value: nbgrader would read a test cell's value as its score
    checks.quiz("quiz", "q1", correct="B")
    e = fails(checks.quiz, "quiz", "q1", correct="C", match="not the right choice")
    assert "C" not in e.en.replace("choice", "")
    assert isinstance(fails(checks.quiz, "quiz", "q2"), NotAttempted)
    fails(checks.quiz, "quiz", "q3", match="one letter")
    fails(checks.quiz, "quiz", "q4", match="one letter")
    fails(checks.quiz, "quiz", "q5", match="missing the key")


def _write_workbook(path, *, chart=True, picture=False):
    from openpyxl.chart import BarChart, Reference

    df = pd.DataFrame({"country": ["US", "FR", "ES"], "sales": [10.5, 7.0, 3.0]})
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        df.to_excel(xw, sheet_name="summary", index=False)
        ws = xw.sheets["summary"]
        if chart:
            ch = BarChart()
            ch.title = "Sales by country"
            ch.add_data(Reference(ws, min_col=2, min_row=1, max_row=4), titles_from_data=True)
            ch.set_categories(Reference(ws, min_col=1, min_row=2, max_row=4))
            ws.add_chart(ch, "E2")
    return df


def test_workbook_reads_back_the_table_and_the_native_chart_with_the_values_it_plots(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    df = _write_workbook(tmp_path / "report.xlsx")
    monkeypatch.setattr(sys.modules["__main__"], "report_path", "report.xlsx", raising=False)
    book = checks.workbook("report_path", sheet="summary", columns=["country", "sales"], min_rows=3)
    checks.same_frame(book.table, df, name="summary")
    bar = book.chart("bar")
    assert bar.title == "Sales by country"
    assert [s.name for s in bar.series] == ["sales"]
    assert bar.series[0].categories == ["US", "FR", "ES"] and bar.series[0].values == [10.5, 7.0, 3.0]
    fails(book.chart, "pie", match="no native Excel pie chart")
    fails(checks.workbook, "report_path", sheet="Sheet1", match="no sheet named")
    fails(checks.workbook, "report_path", sheet="summary", columns=["country", "orders"], match="missing the column")


def test_workbook_refuses_a_missing_file_a_non_workbook_and_a_sheet_without_chart(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "report_path", "missing.xlsx", raising=False)
    fails(checks.workbook, "report_path", sheet="summary", match="does not exist")
    (tmp_path / "fake.xlsx").write_text("country,sales\nUS,1\n")
    monkeypatch.setattr(main, "report_path", "fake.xlsx", raising=False)
    fails(checks.workbook, "report_path", sheet="summary", match="not an Excel workbook")
    monkeypatch.setattr(main, "report_path", "report.csv", raising=False)
    fails(checks.workbook, "report_path", sheet="summary", match=".xlsx")
    _write_workbook(tmp_path / "plain.xlsx", chart=False)
    monkeypatch.setattr(main, "report_path", "plain.xlsx", raising=False)
    book = checks.workbook("report_path", sheet="summary")
    fails(book.chart, "bar", match="charts found: none")
