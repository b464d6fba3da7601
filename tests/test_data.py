"""The first slice of the data world: hot-selling product exports.

Can a notebook rely on the same seed giving the same data, on exports that look like the
platform's, and on errors that name the valid choices?
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

from xborder_data import DataRequestError, StoreBackend, World, dictionary, load_export, session_seed
from xborder_data import reference as ref
from xborder_data.dump import write_world

PARAMS = dict(industry="phone-accessories", country="US", period="30d", end_date="2026-10-31")


def test_same_seed_writes_identical_csv_bytes(tmp_path):
    a = write_world(7, tmp_path / "a", tables=["hot_sale_products"], fmt="csv")
    b = write_world(7, tmp_path / "b", tables=["hot_sale_products"], fmt="csv")
    assert a["files"] == b["files"] > 100
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.csv"))
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_same_seed_writes_identical_xlsx_cells(tmp_path):
    p1 = StoreBackend(seed=3, out_dir=tmp_path / "1").export("hot_sale_products", **PARAMS)
    p2 = StoreBackend(seed=3, out_dir=tmp_path / "2").export("hot_sale_products", **PARAMS)
    assert pd.read_excel(p1, header=None).equals(pd.read_excel(p2, header=None))


def test_different_seeds_give_different_markets():
    a = StoreBackend(seed=1).frame("hot_sale_products", **PARAMS)
    b = StoreBackend(seed=2).frame("hot_sale_products", **PARAMS)
    assert list(a["product_keyword"]) != list(b["product_keyword"]) or not a["deal_index"].equals(b["deal_index"])


@pytest.mark.parametrize("seed", [1, 2, 2026])
def test_hot_sale_values_stay_in_documented_ranges(seed):
    b = StoreBackend(seed=seed)
    for country in ["US", "BR", "KR"]:
        for period in ["1d", "7d", "30d"]:
            f = b.frame("hot_sale_products", industry="toys", country=country, period=period, end_date="2026-06-30")
            assert len(f) == 25
            assert list(f.columns) == [c.name for c in dictionary.table("hot_sale_products").columns]
            assert (f["deal_index"] > 0).all() and f["deal_index"].is_monotonic_decreasing
            assert sorted(f["view_pay_cvr_rank"]) == list(range(1, 26))
            comp = f["competition_index"].dropna()
            assert comp.between(0.05, 20).all()
            assert f["product_keyword"].is_unique
            assert f["industry"].eq("玩具").all() and f["country"].eq(country).all()


def test_indices_are_not_proportional_to_orders():
    """An index is a concave transform: doubling orders less than doubles the index."""
    m = World(5).market
    import datetime as dt

    f = m.hot_sale_products("sports", "US", dt.date(2026, 7, 31), 30)
    ratio_index = f["deal_index"].iloc[0] / f["deal_index"].iloc[-1]
    kw = m.keywords.set_index("keyword")
    raw = m.window_orders(dt.date(2026, 7, 31), 30)[:, ref.COUNTRIES.index.get_loc("US")]
    raw = pd.Series(raw, index=m.keywords["keyword"])
    ratio_raw = raw[f["product_keyword"].iloc[0]] / raw[f["product_keyword"].iloc[-1]]
    assert 1 < ratio_index < ratio_raw
    assert "popularity" in kw.columns


def test_export_looks_like_the_platform(tmp_path):
    path = StoreBackend(seed=11, out_dir=tmp_path).export("hot_sale_products", **PARAMS)
    raw = pd.read_excel(path, header=None, dtype=object)
    assert raw.iloc[0, 0].startswith("选品专家-热销 | 行业: 手机配件 | 国家: 美国")
    assert raw.iloc[1].isna().all()
    assert list(raw.iloc[2]) == ["行业", "国家", "商品关键词", "成交指数", "浏览-支付转化率排名", "竞争指数"]
    body = raw.iloc[3:]
    assert body.iloc[:, 3].map(lambda v: isinstance(v, str)).all()
    assert any("," in v for v in body.iloc[:, 3])  # thousands separators
    assert body.duplicated().sum() >= 1  # the platform's paging repeats rows


def test_gaps_show_as_dash_and_load_as_missing(tmp_path):
    b = StoreBackend(seed=2026, out_dir=tmp_path)
    found = False
    for c in ref.COUNTRIES.index:
        tidy = b.frame("hot_sale_products", industry="beauty-tools", country=c, period="30d", end_date="2026-10-31")
        if tidy["competition_index"].isna().any():
            plat = b.platform_frame("hot_sale_products", industry="beauty-tools", country=c, period="30d", end_date="2026-10-31")
            assert (plat["竞争指数"] == "-").any()
            loaded = load_export(b.export("hot_sale_products", industry="beauty-tools", country=c, period="30d", end_date="2026-10-31"))
            assert loaded["competition_index"].isna().sum() == tidy["competition_index"].isna().sum()
            found = True
    assert found, "some export of the default world should have a gap"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_round_trip_through_the_clean_loader(tmp_path, fmt):
    b = StoreBackend(seed=9, out_dir=tmp_path)
    for end in ["2026-09-30", "2026-10-31"]:
        params = {**PARAMS, "end_date": end}
        loaded = load_export(b.export("hot_sale_products", fmt=fmt, **params))
        want = b.frame("hot_sale_products", **params)
        pd.testing.assert_frame_equal(loaded, want, check_dtype=False)


@pytest.mark.parametrize(
    "params, names",
    [
        ({**PARAMS, "country": "USA"}, ["US", "RU", "ES", "country"]),
        ({**PARAMS, "industry": "phones"}, ["phone-accessories", "womens-clothing", "industry"]),
        ({**PARAMS, "period": "90d"}, ["1d", "7d", "30d", "period"]),
        ({**PARAMS, "end_date": "2027-01-31"}, ["2026-10-31"]),
        ({**PARAMS, "end_date": "31/10/2026"}, ["YYYY-MM-DD"]),
        ({**PARAMS, "colour": "red"}, ["industry", "country", "period", "end_date"]),
    ],
)
def test_bad_parameters_raise_errors_that_name_the_valid_choices(tmp_path, params, names):
    with pytest.raises(DataRequestError) as err:
        StoreBackend(out_dir=tmp_path).export("hot_sale_products", **params)
    msg = str(err.value)
    assert re.search(r"[\u4e00-\u9fff]", msg), "the message is bilingual"
    for n in names:
        assert n in msg


def test_unknown_table_names_the_tables():
    with pytest.raises(DataRequestError, match="hot_sale_products"):
        StoreBackend().export("hot_sales")


def test_missing_parameter_is_named():
    with pytest.raises(DataRequestError, match="end_date"):
        StoreBackend().export("hot_sale_products", industry="toys", country="US", period="7d")


def test_loader_explains_unknown_files(tmp_path):
    with pytest.raises(DataRequestError, match="does not exist"):
        load_export(tmp_path / "nope.xlsx")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataRequestError, match="header"):
        load_export(other)


def test_session_seed_follows_the_environment(monkeypatch):
    monkeypatch.delenv("XBORDER_SEED", raising=False)
    assert session_seed() == 2026
    monkeypatch.setenv("XBORDER_SEED", "77")
    assert session_seed() == 77
    monkeypatch.setenv("XBORDER_SEED", "seventy")
    with pytest.raises(ValueError, match="XBORDER_SEED"):
        session_seed()


@pytest.mark.parametrize("seed", [1, 2, 3, 2026])
def test_rising_keyword_signal_in_every_seed(seed):
    """Planted signal: in every industry one keyword's deal index grows strongly over the last two
    30-day windows while its competition index stays below the list's median, in most countries."""
    m = World(seed).market
    import datetime as dt

    for industry in ref.INDUSTRIES.index:
        rising = m.keywords.query("industry == @industry and role == 'rising'")["keyword"].item()
        hits = 0
        for country in ref.COUNTRIES.index:
            now = m.hot_sale_products(industry, country, dt.date(2026, 10, 31), 30)
            prev = m.hot_sale_products(industry, country, dt.date(2026, 10, 1), 30)
            row = now[now["product_keyword"] == rising]
            if row.empty:
                continue
            before = prev.loc[prev["product_keyword"] == rising, "deal_index"]
            grew = before.empty or row["deal_index"].item() >= 1.15 * before.item()
            cheap = row["competition_index"].item() < now["competition_index"].median()
            hits += bool(grew and cheap)
        assert hits >= 9, f"seed {seed}, {industry}: rising keyword {rising!r} detectable in only {hits} countries"


def test_default_world_fingerprint():
    """Pinned hash of one export of the default world: catches silent drift of the generator.
    If a change to the generator is intended, update the hash (notebooks' expectations move too)."""
    f = StoreBackend(seed=2026).frame("hot_sale_products", **PARAMS)
    digest = hashlib.sha256(f.to_csv(index=False).encode()).hexdigest()[:16]
    assert digest == FINGERPRINT, digest


FINGERPRINT = "b25cdfc13a0c3e7d"


def test_dictionary_page_is_up_to_date(root):
    page = root / "datasets" / "DATA_DICTIONARY.md"
    assert page.read_text(encoding="utf-8") == dictionary.render_markdown(), (
        "datasets/DATA_DICTIONARY.md is stale: run `xborder data --dictionary datasets/DATA_DICTIONARY.md`"
    )


def test_every_column_is_documented_in_both_languages():
    for t in dictionary.tables().values():
        for c in t.columns:
            assert re.search(r"[\u4e00-\u9fff]", c.header) and re.search(r"[\u4e00-\u9fff]", c.zh), (t.name, c.name)
            assert re.fullmatch(r"[a-z][a-z0-9_]*", c.name) and c.en, (t.name, c.name)
