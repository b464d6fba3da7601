"""The whole data world: every table, its integrity, its realism, and the planted signals.

Can a notebook join any two tables on their shared keys? Are rates and ranges where a seller
would expect them? Is every planted signal there, whatever the seed?
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from xborder_data import DataRequestError, StoreBackend, World, dictionary, load_export
from xborder_data import reference as ref
from xborder_data.domains.catalog import products, suppliers
from xborder_data.domains.customers import weak_agent
from xborder_data.domains.market import attribute_model
from xborder_data.domains.marketing import unprofitable_keyword
from xborder_data.domains.store import opportunity_country
from xborder_data.dump import write_world
from xborder_data.registry import BUILDERS, DUMPS, WHOLE

SEEDS = [1, 2, 2026]


@pytest.fixture(scope="module", params=SEEDS)
def world(request) -> World:
    return World(request.param)


def test_every_registered_table_is_documented_and_vice_versa():
    assert set(BUILDERS) == set(dictionary.tables())
    assert len(BUILDERS) >= 30


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_table_columns_match_the_dictionary(name):
    b = StoreBackend(seed=2026)
    frame = b.frame(name, **DUMPS[name]()[0])
    assert list(frame.columns) == [c.name for c in dictionary.table(name).columns]
    assert len(frame) > 0


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_table_round_trips_through_its_export(tmp_path, name):
    b = StoreBackend(seed=7, out_dir=tmp_path)
    params = DUMPS[name]()[0]
    want = b.frame(name, **params)
    fmt = "csv" if len(want) > 20_000 else "xlsx"
    got = load_export(b.export(name, fmt=fmt, **params))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_same_seed_same_bytes_different_seed_different_data(tmp_path):
    names = ["orders", "traffic_sources", "search_terms", "service_tickets"]
    a = write_world(11, tmp_path / "a", tables=names, fmt="csv")
    write_world(11, tmp_path / "b", tables=names, fmt="csv")
    write_world(12, tmp_path / "c", tables=names, fmt="csv")
    assert a["files"] >= 8
    for f in sorted((tmp_path / "a").rglob("*.csv")):
        rel = f.relative_to(tmp_path / "a")
        assert f.read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert (tmp_path / "a" / "tables" / "orders.csv").read_bytes() != (tmp_path / "c" / "tables" / "orders.csv").read_bytes()


def test_referential_integrity(world):
    t = world.table
    prods, o, items = t("products"), t("orders"), t("order_items")
    assert prods["product_id"].is_unique and o["order_id"].is_unique
    assert items["order_id"].isin(o["order_id"]).all()
    assert items["product_id"].isin(prods["product_id"]).all()
    assert o["buyer_id"].isin(t("buyers")["buyer_id"]).all()
    assert t("crm_members")["buyer_id"].isin(t("buyers")["buyer_id"]).all()
    assert t("shipments")["order_id"].isin(o["order_id"]).all()
    assert t("shipments")["template_id"].isin(t("shipping_templates")["template_id"]).all()
    assert t("reviews")["order_id"].isin(o["order_id"]).all() and t("reviews")["product_id"].isin(prods["product_id"]).all()
    assert t("service_tickets")["order_id"].dropna().isin(o["order_id"]).all()  # pre-sale questions may have no order
    assert t("affiliate_orders")["order_id"].isin(o["order_id"]).all()
    assert t("product_daily")["product_id"].isin(prods["product_id"]).all()
    assert prods["supplier_id"].isin(t("suppliers")["supplier_id"]).all()
    inv = t("inventory")
    assert inv["product_id"].isin(prods["product_id"]).all() and inv["warehouse_id"].isin(t("warehouses")["warehouse_id"]).all()
    assert set(t("cpc_ads")["keyword"]) <= set(prods["keyword"])
    assert set(prods["keyword"]) <= set(world.market.keywords["keyword"])
    inf = set(t("influencers")["influencer_id"])
    assert set(t("social_posts")["influencer_id"].dropna()) <= inf and set(t("videos")["influencer_id"].dropna()) <= inf
    assert set(o["country"]) == set(ref.COUNTRIES.index)


def test_orders_add_up(world):
    o, items = world.table("orders"), world.table("order_items")
    lines = items.groupby("order_id")["item_amount"].sum()
    assert np.allclose(o.set_index("order_id")["goods_amount"], lines.reindex(o["order_id"]).to_numpy(), atol=0.02)
    assert np.allclose(o["paid_amount"], o["goods_amount"] - o["coupon_amount"] + o["shipping_fee"], atol=0.011)
    assert (o["paid_at"].dropna() >= o.loc[o["paid_at"].notna(), "created_at"]).all()
    assert (o["refund_amount"] <= o["paid_amount"] + 1e-9).all()
    sd = world.table("store_daily")
    paid = o[o["paid_at"].notna()]
    assert sd["pay_buyers"].sum() == paid.groupby(paid["created_at"].dt.normalize())["buyer_id"].nunique().sum()
    ts = world.table("traffic_sources").groupby("date")[["visitors", "pay_buyers"]].sum()
    assert (ts["visitors"].to_numpy() == sd["visitors"].to_numpy()).all()
    assert (ts["pay_buyers"].to_numpy() <= sd["pay_buyers"].to_numpy()).all()


def test_rates_and_ranges_are_realistic(world):
    t = world.table
    sd = t("store_daily")
    assert sd["pay_cvr"].between(0.005, 0.08).all() and 0.01 <= sd["pay_cvr"].median() <= 0.03
    assert sd["bounce_rate"].between(0.40, 0.80).all()
    assert sd["click_rate"].between(0.01, 0.05).all()
    assert (sd["pageviews"] >= 1.5 * sd["visitors"]).all()
    assert 12 <= sd["aov"].median() <= 40
    assert ((sd["cart_users"] / sd["visitors"]).between(0.03, 0.12)).all()
    o = t("orders")
    assert 40_000 <= len(o) <= 80_000
    status = o["status"].value_counts(normalize=True)
    assert 0.8 <= status["完成"] <= 0.95 and status["纠纷"] < 0.06
    repeat = (t("buyers")["orders_count"] >= 2).mean()
    assert 0.15 <= repeat <= 0.45
    # 11.11 is the biggest day of the year, Black Friday in the top five
    per_day = o.groupby(o["created_at"].dt.normalize()).size()
    assert per_day.idxmax() in pd.date_range("2025-11-10", "2025-11-12")
    assert pd.Timestamp("2025-11-28") in per_day.nlargest(6).index
    cpc = t("cpc_ads")
    yearly = cpc.groupby("keyword")[["clicks", "impressions"]].sum()
    assert (yearly["clicks"] / yearly["impressions"]).between(0.003, 0.035).all()
    assert (cpc["avg_cpc"] <= cpc["bid"] + 1e-9).all()
    assert t("affiliate_orders")["commission_rate"].between(0.03, 0.5).all()
    share = t("traffic_sources").groupby("source")["visitors"].sum() / t("traffic_sources")["visitors"].sum()
    assert share.idxmax() == "搜索" and 0.3 <= share["搜索"] <= 0.5
    assert t("suppliers")["lead_time_days"].between(3, 18).all()
    posts = t("social_posts")
    er = (posts[["likes", "comments", "shares", "saves"]].sum(axis=1) / posts["reach"].clip(lower=1)).groupby(posts["platform"]).median()
    assert er["TikTok"] > er["Facebook"]
    assert t("reviews")["stars"].mean() > 4.0


def test_industry_shares_sum_to_one_within_each_parent():
    f = StoreBackend(seed=3).frame("industry_intel", month="2026-05")
    for share in ("visitor_share", "pay_amount_share", "pay_order_share"):
        sums = f.groupby("parent_category")[share].sum()
        assert np.allclose(sums, 1.0, atol=0.01), share


def test_rfm_segments_follow_the_documented_rule(world):
    m = world.table("crm_members")
    high = m[["r_score", "f_score", "m_score"]] >= 4
    assert (m.loc[high.all(axis=1), "rfm_segment"] == "重要价值").all()
    assert (m.loc[~high.any(axis=1), "rfm_segment"] == "一般挽留").all()
    assert (m.loc[high["r_score"] & ~high["f_score"] & high["m_score"], "rfm_segment"] == "重要发展").all()
    assert m["r_score"].between(1, 5).all()


# --- planted signals ---------------------------------------------------------------------------
def test_signal_rising_search_term(world):
    b = StoreBackend(seed=world.seed)
    kw = world.market.keywords
    for ind in ref.INDUSTRIES.index:
        rising = kw.query("industry == @ind and role == 'rising'")["keyword"].item()
        f = b.frame("search_terms", industry=ind, country="US", period="30d", end_date="2026-10-31")
        top = f.sort_values("search_index_growth", ascending=False)["search_term"].iloc[0]
        assert rising in top, (ind, rising, top)


def test_signal_rising_attribute_value(world):
    b = StoreBackend(seed=world.seed)
    _meta, _shares, rising = attribute_model(world)
    for ind in ref.INDUSTRIES.index:
        name, value = rising[ind]
        shares = {}
        for end in ("2026-08-31", "2026-10-31"):
            h = b.frame("hot_attributes", industry=ind, country="US", period="30d", end_date=end)
            h = h[h["attribute_name"] == name]
            shares[end] = h.groupby("attribute_value")["deal_index"].sum() / h["deal_index"].sum()
        gain = (shares["2026-10-31"] / shares["2026-08-31"]).dropna()
        assert gain.idxmax() == value and gain[value] >= 1.3, (ind, value, gain.round(2).to_dict())


def test_signal_declining_traffic_channel(world):
    ts = world.table("traffic_sources")
    end = ts["date"].max()
    last = ts[ts["date"] > end - pd.Timedelta(days=56)].groupby("source")["visitors"].sum()
    prev = ts[(ts["date"] <= end - pd.Timedelta(days=56)) & (ts["date"] > end - pd.Timedelta(days=112))].groupby("source")["visitors"].sum()
    change = last / prev - 1
    assert change["站外-社媒"] <= -0.25
    assert (change.drop("站外-社媒") > -0.20).all(), change.round(3).to_dict()


def test_signal_overpriced_product(world):
    over = products(world).query("role == 'overpriced'").iloc[0]
    pdl = world.table("product_daily")
    g = pdl.groupby("product_id").agg(v=("product_visitors", "sum"), b=("pay_buyers", "sum"), bounce=("bounce_rate", "mean"))
    g = g[g["v"] >= 1000]
    assert (g["b"] / g["v"]).idxmin() == over["product_id"]
    assert g["bounce"].idxmax() == over["product_id"]
    cp = world.table("competitor_products")
    assert over["sale_price"] >= 1.3 * cp.loc[cp["keyword"] == over["keyword"], "price"].median()


def test_signal_opportunity_country(world):
    o = world.table("orders")
    paid = o[o["paid_at"].notna()]
    amount = paid.groupby([paid["created_at"].dt.strftime("%Y-%m"), "country"])["paid_amount"].sum().unstack()
    growth = amount.loc["2026-10"] / amount.loc["2026-06"]
    june_share = amount.loc["2026-06"] / amount.loc["2026-06"].sum()
    opp = opportunity_country(world)
    assert growth.idxmax() == opp and growth[opp] >= 1.4, growth.round(2).to_dict()
    assert june_share[opp] < june_share.median()
    ca = StoreBackend(seed=world.seed).frame("country_analysis", month="2026-10").set_index("country")
    assert ca.loc[opp, "rising_index"] > 100


def test_signal_weak_service_agent(world):
    st = world.table("service_tickets")
    g = st.groupby("agent_id").agg(first=("first_response_min", "median"), csat=("csat", "mean"))
    weak = weak_agent(world)
    assert g["first"].idxmax() == weak and g["csat"].idxmin() == weak
    assert g.loc[weak, "first"] >= 3 * g["first"].drop(weak).max()


def test_signal_unprofitable_cpc_keyword(world):
    c = world.table("cpc_ads").groupby("keyword")[["spend", "ad_sales"]].sum()
    acos = (c["spend"] / c["ad_sales"]).sort_values(ascending=False)
    assert acos.index[0] == unprofitable_keyword(world)
    assert acos.iloc[0] > 1.0 and acos.iloc[0] >= 2.5 * acos.iloc[1]


def test_signal_late_supplier(world):
    s = suppliers(world)
    late = s[s["role"] == "late"].iloc[0]
    assert late["on_time_rate"] < 0.75 and late["defect_rate"] == s["defect_rate"].max()
    assert (s.loc[s["role"] != "late", "on_time_rate"] >= 0.84).all()


def test_signal_site_channel_and_landing_page(world):
    cc = world.table("channel_costs").groupby("channel")[["spend", "new_customers"]].sum()
    cac = (cc["spend"] / cc["new_customers"]).sort_values(ascending=False)
    assert cac.index[0] == "Paid Social" and cac.iloc[0] >= 1.8 * cac.iloc[1]
    ss = world.table("site_sessions")
    bounce = 1 - ss.groupby("landing_page")["engaged"].mean()
    assert bounce.idxmax() == "/collections/sale"


# --- bad requests ------------------------------------------------------------------------------
@pytest.mark.parametrize("table, params, named", [
    ("orders", {"start_date": "2024-01-01"}, ["2025-11-01", "2026-10-31"]),
    ("orders", {"start_date": "2026-10-31", "end_date": "2026-10-01"}, ["swap"]),
    ("orders", {"country": "XX"}, ["US", "BR"]),
    ("orders", {"colour": "red"}, ["start_date", "end_date", "country"]),
    ("industry_intel", {"month": "2027-01"}, ["2025-11", "2026-10"]),
    ("industry_intel", {}, ["month"]),
    ("search_terms", {"industry": "toys", "country": "US", "period": "14d", "end_date": "2026-10-31"}, ["1d", "7d", "30d"]),
    ("warehouses", {"country": "US"}, ["(none)"]),
])
def test_bad_requests_name_the_valid_choices(table, params, named):
    with pytest.raises(DataRequestError) as err:
        StoreBackend(seed=1).frame(table, **params)
    for n in named:
        assert n in str(err.value)


def test_filters_select_the_requested_rows():
    b = StoreBackend(seed=4)
    o = b.frame("orders", start_date="2026-03-01", end_date="2026-03-31", country="BR")
    assert len(o) > 50 and (o["country"] == "BR").all()
    assert o["created_at"].min() >= pd.Timestamp("2026-03-01") and o["created_at"].max() < pd.Timestamp("2026-04-01")
    p = b.frame("products", industry="玩具")
    assert len(p) > 10 and (p["category_l1"] == "玩具").all()


def test_scaled_world_grows_orders_not_catalog():
    small = World(5, scale=0.25)
    assert len(small.table("products")) == len(World(5).table("products"))
    assert 10_000 <= len(small.table("orders")) <= 20_000


def test_default_world_fingerprint():
    """Pinned hashes of the default world: catch silent drift of the generator. If a change is
    intended, update them (and re-run `xborder validate`, notebooks' data moves too)."""
    w = World(2026)
    got = {name: hashlib.sha256(w.table(name).to_csv(index=False).encode()).hexdigest()[:12]
           for name in ("products", "orders", "traffic_sources")}
    assert got == FINGERPRINTS, got


FINGERPRINTS = {'products': '244432db289e', 'orders': '7c86a888deaf', 'traffic_sources': 'fa9c9eaf5d38'}
