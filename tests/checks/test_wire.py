"""Student values as data: what the tests receive is a faithful copy, and nothing in it runs code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xborder_grader.checks import wire
from xborder_grader.checks.charts import Chart

FRAMES = {
    "basic": pd.DataFrame({"a": [1, 2, 3], "b": [1.5, np.nan, np.inf], "c": ["x", None, "z"],
                           "d": pd.to_datetime(["2026-01-01", None, "2026-01-03"]), "e": [True, False, True]}),
    "nullable": pd.DataFrame({"i": pd.array([1, None, 3], dtype="Int64"), "s": pd.array(["a", None, "c"], dtype="string"),
                              "bo": pd.array([True, None, False], dtype="boolean")}),
    "category": pd.DataFrame({"k": pd.Categorical(["a", "b", "a"], categories=["b", "a"], ordered=True)}),
    "pivot": pd.DataFrame({"week": pd.to_datetime(["2026-01-05", "2026-01-12"]), "搜索": [1, 2], "推荐": [3, 4]})
    .set_index("week").rename_axis(columns="source"),
    "objects": pd.DataFrame({"m": [1, "a", 2.5, pd.Timestamp("2026-01-01"), None, [1, 2]]}),
    "multiindex": pd.DataFrame({"a": [1, 2]}, index=pd.MultiIndex.from_tuples([("x", 1), ("y", 2)], names=["k1", "k2"])),
    "int_labels": pd.DataFrame({0: [1], 1: [2]}),
    "timedelta": pd.DataFrame({"t": pd.to_timedelta([1, None], unit="h")}),
    "period": pd.DataFrame({"p": pd.period_range("2026-01", periods=2, freq="M")}),
    "tz_nanoseconds": pd.DataFrame({"t": pd.to_datetime(["2026-01-01 10:00:00.123456789", None]).tz_localize("Asia/Shanghai")}),
    "duplicate_columns": pd.DataFrame([[1, 2]], columns=["a", "a"]),
    "empty": pd.DataFrame(columns=["a", "b"]),
    "string_index": pd.DataFrame({"v": [1, 2]}, index=pd.Index(["a", "b"], name="kw")),
}


@pytest.mark.parametrize("name", FRAMES)
def test_tables_keep_values_dtypes_and_labels(name):
    df = FRAMES[name]
    back = wire.roundtrip(df)
    assert back is not df
    assert list(back.dtypes.astype(str)) == list(df.dtypes.astype(str))
    assert back.equals(df)
    assert type(back.index) is type(df.index) and back.index.equals(df.index) and back.index.names == df.index.names
    assert back.columns.equals(df.columns) and back.columns.name == df.columns.name


def test_containers_and_scalars_keep_their_types():
    value = {"US": ["a", "b"], 3: (1, 2.5, None), "s": {1, 2}, "ts": pd.Timestamp("2026-10-31"), "nan": float("nan"),
             "np": np.int64(5), "npf": np.float32(1.5), "d": dt.date(2026, 1, 1), "p": Path("exports/x.xlsx"),
             "series": pd.Series([1.0, 2.0], index=["x", "y"], name="s"), "na": pd.NA, "nat": pd.NaT}
    back = wire.roundtrip(value)
    assert list(back) == list(value)
    assert back["US"] == ["a", "b"] and back[3] == (1, 2.5, None) and back["s"] == {1, 2}
    assert back["ts"] == value["ts"] and np.isnan(back["nan"]) and back["d"] == value["d"]
    assert type(back["np"]) is np.int64 and type(back["npf"]) is np.float32 and back["p"] == Path("exports/x.xlsx")
    assert back["series"].equals(value["series"]) and back["series"].name == "s"
    assert back["na"] is pd.NA and back["nat"] is pd.NaT


def test_functions_and_objects_arrive_as_descriptions_only():
    def tidy(path, end_date=None):
        return path

    class Custom:
        def __repr__(self):
            return "Custom()"

    f = wire.roundtrip(tidy)
    assert isinstance(f, wire.FunctionInfo) and f.params == ["path", "end_date"] and not callable(f)
    o = wire.roundtrip(Custom())
    assert isinstance(o, wire.Opaque) and type(o).__name__ == "Custom" and repr(o) == "Custom()"


def test_an_answer_that_claims_to_equal_anything_arrives_as_plain_data():
    class Yes(list):
        def __eq__(self, other):
            return True

    back = wire.roundtrip(Yes(["a"]))
    assert type(back) is list and back != ["b"]


def test_figures_arrive_as_what_they_draw():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["a", "b"], [3, 4])
    axes[0].set_title("柱 bar")
    axes[1].pie([1, 3], labels=["x", "y"])
    axes[2].plot(pd.to_datetime(["2026-01-01", "2026-01-08"]), [1, 2], label="line")
    axes[2].legend()
    chart = wire.roundtrip(fig)
    plt.close(fig)
    assert isinstance(chart, Chart) and len(chart.axes) == 3
    assert chart.axes[0].bar_heights() == [3.0, 4.0] and chart.axes[0].title == "柱 bar"
    assert chart.axes[1].wedge_fractions() == pytest.approx([0.25, 0.75])
    assert chart.axes[2].legend == ["line"] and chart.axes[2].lines[0]["n"] == 2


@pytest.mark.parametrize("text", [
    '{"$t": "nope"}', '{"no": 1}', '{"$t": "frame", "columns": {"kind": "x"}, "index": {}, "data": []}',
    json.dumps({"$t": "np", "dtype": "int64", "v": "__import__('os')"}),
])
def test_malformed_data_is_refused_not_run(text):
    with pytest.raises((wire.WireError, ValueError, TypeError, KeyError)):
        wire.loads(text)


def test_too_large_and_too_deep_values_are_refused():
    deep: list = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.dumps(deep)
    with pytest.raises(wire.WireError):
        wire.loads(" " * (wire.MAX_BYTES + 1))


def test_student_side_reports_missing_names_and_crashes_as_data(monkeypatch):
    import sys
    import types

    main = types.ModuleType("__main__")

    def broken(x):
        raise ZeroDivisionError("no")

    def blank(x):
        raise NotImplementedError()

    main.__dict__.update(broken=broken, blank=blank, value=[1, 2])
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert wire.serve_answer("nothing").data == {"missing": True}
    assert wire.loads(wire.serve_answer("value").data["value"]) == [1, 2]
    args = wire.dumps([[1], {}])
    assert wire.serve_call("broken", args).data["error"]["type"] == "ZeroDivisionError"
    assert wire.serve_call("blank", args).data["error"]["not_attempted"] is True
