"""Where the simulated back-end puts its exports: never beside the notebooks unless asked.

Can two notebooks graded at once, on two different worlds, overwrite each other's export? Does
an explicit out_dir still win?
"""

from __future__ import annotations

from xborder_data import StoreBackend, session_seed

HOT = dict(industry="phone-accessories", country="US", period="30d", end_date="2026-10-31")


def test_exports_go_to_the_folder_start_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XBORDER_EXPORTS", str(tmp_path / "ws" / "exports"))
    path = StoreBackend().export("hot_sale_products", **HOT)
    assert path.parent == tmp_path / "ws" / "exports" and path.exists()
    other = StoreBackend(seed=session_seed() + 1).export("hot_sale_products", **HOT)
    assert other.parent == tmp_path / "ws" / "exports" / f"seed-{session_seed() + 1}"
    assert not (tmp_path / "exports").exists()  # nothing beside the notebook (the working folder)
    assert [p.name for p in (tmp_path / "ws" / "exports").rglob("*.part")] == []


def test_without_a_folder_exports_go_to_a_per_seed_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XBORDER_EXPORTS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    a = StoreBackend(seed=11).export("hot_sale_products", **HOT)
    b = StoreBackend(seed=12).export("hot_sale_products", **HOT)
    assert a.name == b.name and a != b  # same export, two worlds: two files
    assert a.parent == tmp_path / "cache" / "xborder" / "exports" / "seed-11"
    assert not (tmp_path / "exports").exists()


def test_an_explicit_out_dir_is_used_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XBORDER_EXPORTS", str(tmp_path / "elsewhere"))
    path = StoreBackend(out_dir="exports/check").export("hot_sale_products", fmt="csv", **HOT)
    assert path.resolve().parent == tmp_path / "exports" / "check"
    assert path.exists() and not (tmp_path / "elsewhere").exists()
