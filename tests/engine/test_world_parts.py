"""The parts of a student's world that one notebook's kernels built, shared with the next notebooks
of the same student (xborder_data.world snapshots; the grading worker sets the folder).

A part read back is the part built afresh (so grades cannot change); only data is shared, never
an object with code or a link to its world; only a writer (the trusted checker) writes; a damaged
or foreign file is ignored and the part is built again.
"""

from __future__ import annotations

import os
import pickle

import pandas as pd
import pytest

from xborder_data import world as w

SEED = 41


@pytest.fixture()
def parts(tmp_path, monkeypatch):
    monkeypatch.setenv(w.SNAPSHOT_ENV, str(tmp_path))
    monkeypatch.setenv(w.SNAPSHOT_WRITE_ENV, "1")
    return tmp_path / w.snapshot_name(SEED)


def test_a_part_written_by_one_kernel_is_read_by_the_next_and_equals_a_fresh_build(parts, monkeypatch):
    built = w.World(SEED).table("products")
    files = sorted(parts.glob("*.pkl"))
    assert files, "the writer kept no part"
    names = {pickle.loads(f.read_bytes())[0] for f in files}
    assert repr(("table", "products")) in names and "'market'" not in names  # the Market object has code: rebuilt
    monkeypatch.setenv(w.SNAPSHOT_WRITE_ENV, "")
    from xborder_data import registry

    calls = []
    real = registry.BUILDERS["products"]
    monkeypatch.setitem(registry.BUILDERS, "products", lambda world: calls.append(1) or real(world))
    again = w.World(SEED).table("products")
    assert calls == [], "the part was built again instead of read"
    pd.testing.assert_frame_equal(again, built)
    monkeypatch.delenv(w.SNAPSHOT_ENV)
    pd.testing.assert_frame_equal(w.World(SEED).table("products"), built)  # no folder: built afresh, same table


def test_a_reader_writes_nothing_and_a_damaged_or_foreign_part_is_rebuilt(parts, monkeypatch):
    monkeypatch.setenv(w.SNAPSHOT_WRITE_ENV, "")
    w.World(SEED).table("products")
    assert not parts.exists() or not list(parts.glob("*.pkl"))
    monkeypatch.setenv(w.SNAPSHOT_WRITE_ENV, "1")
    fresh = w.World(SEED).table("products")
    key = ("table", "products")
    path = w._part_file(str(parts), key)
    with open(path, "wb") as fh:
        fh.write(b"not a pickle")
    pd.testing.assert_frame_equal(w.World(SEED).table("products"), fresh)
    with open(path, "wb") as fh:
        pickle.dump((repr(("table", "orders")), pd.DataFrame({"x": [1]})), fh)  # another part's name
    pd.testing.assert_frame_equal(w.World(SEED).table("products"), fresh)


def test_only_plain_data_is_shared():
    assert w._is_data({"a": (pd.DataFrame({"x": [1]}), [1, 2.5, "t", None])})
    assert not w._is_data(w.World(SEED))
    assert not w._is_data([lambda: 1])
    assert not w._is_data(pd.Series([object()], dtype=object).to_numpy())
