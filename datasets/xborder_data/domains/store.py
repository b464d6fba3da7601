"""The store's own operations: buyers, orders, order items, and the 生意参谋-style metrics
(product_daily, store_daily, traffic_sources) that the back-end derives from them.

Product visitors follow the market's demand for the product's keyword in each country (so
market reports and store results agree); orders are drawn from visitors with each product's
conversion rate, then every metric is aggregated from the orders, so funnels add up.

Planted signals (datasets/SIGNALS.md):
- the overpriced product (catalog) has a bounce rate above 75 % and conversion below 0.6 %;
- the 站外-社媒 (off-site social) traffic source loses about half its visitors over the last
  8 weeks while the other sources hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products

ORDERS_PER_YEAR = 60_000  # at scale 1
BEIJING_OFFSET = {"US": -13, "RU": -5, "ES": -7, "FR": -7, "BR": -11, "KR": 1, "PL": -7, "NL": -7, "IL": -6,
                  "GB": -8, "DE": -7, "CL": -11}


def _funnel(world):
    """Hidden per product × country × day visitors and conversion, and the orders they give."""
    rng = world.rng("store.funnel")
    prods = products(world)
    m = world.market
    kw_index = pd.Series(np.arange(len(m.keywords)), index=m.keywords["keyword"])
    k = kw_index[prods["keyword"]].to_numpy()
    n_p, n_d = len(prods), len(world.days)
    demand = m.daily_orders[k]  # P × C × D market orders of each product's keyword
    u = rng.lognormal(0.0, 0.6, n_p)
    launched = (world.days.to_numpy()[None, :] >= prods["launch_date"].to_numpy()[:, None])
    growth = np.exp(0.25 * np.arange(n_d) / 365.0)  # the store grows over the year
    visitors = demand * (u[:, None, None] * launched[:, None, :] * growth[None, None, :])
    # planted: an opportunity country — a small market where the store's traffic doubles late in the year
    opp = opportunity_country(world)
    ci = ref.COUNTRIES.index.get_loc(opp)
    t = np.arange(n_d)
    visitors[:, ci, :] *= (1.0 + 0.8 * np.clip((t - (n_d - 120)) / 120.0, 0, 1))[None, :]
    cvr = np.clip(rng.lognormal(np.log(0.016), 0.3, n_p), 0.006, 0.04)
    over = (prods["role"] == "overpriced").to_numpy()
    cvr[over] = rng.uniform(0.0025, 0.0035)
    # scale visitors so that the year brings ORDERS_PER_YEAR × scale orders on average
    expected = (visitors * cvr[:, None, None]).sum()
    visitors *= ORDERS_PER_YEAR * world.scale / expected
    noise = rng.gamma(30.0, 1 / 30.0, visitors.shape)
    visitors = visitors * noise
    orders = rng.poisson(visitors * cvr[:, None, None])
    return {"visitors": visitors.astype(np.float32), "cvr": cvr, "orders": orders.astype(np.int32)}


def opportunity_country(world) -> str:
    """The planted opportunity country of this world: small today, growing fast."""
    rng = world.rng("store.opportunity")
    return str(rng.choice(["NL", "IL", "DE", "CL"]))


def funnel(world):
    return world.cached("store.funnel", lambda: _funnel(world))


def _orders_and_items(world):
    rng = world.rng("store.orders")
    prods = products(world).reset_index(drop=True)
    f = funnel(world)
    counts = f["orders"]
    n_p, n_c, n_d = counts.shape
    flat = np.repeat(np.arange(counts.size), counts.ravel())
    p_idx, c_idx, d_idx = np.unravel_index(flat, counts.shape)
    n = len(flat)
    countries = ref.COUNTRIES.index.to_numpy()
    country = countries[c_idx]

    # buyers: a pool per country; Zipf-like weights make some buyers come back
    buyer_id = np.empty(n, dtype=np.int64)
    buyer_rows = []
    next_id = 200_001
    for ci, code in enumerate(countries):
        sel = np.flatnonzero(c_idx == ci)
        if not len(sel):
            continue
        pool = max(1, int(len(sel) * 1.5))
        w = 1.0 / np.arange(1, pool + 1) ** 0.45
        pick = rng.choice(pool, size=len(sel), p=w / w.sum())
        perm = rng.permutation(pool)  # so low ids are not always the loyal ones
        buyer_id[sel] = next_id + perm[pick]
        buyer_rows.append((code, next_id, pool))
        next_id += pool
    # local evening shopping, expressed in the back-end's time zone (Beijing, UTC+8)
    local_hour = rng.choice(24, size=n, p=_hour_weights())
    offset = np.array([BEIJING_OFFSET[c] for c in countries])[c_idx]
    # wrapped into the same calendar day, so every order falls inside the world's year
    seconds = ((local_hour - offset) % 24) * 3600 + rng.integers(0, 3600, n)
    created = world.days.to_numpy()[d_idx] + seconds.astype("timedelta64[s]")
    order = np.argsort(created, kind="stable")
    p_idx, c_idx, d_idx, country, buyer_id, created = (a[order] for a in (p_idx, c_idx, d_idx, country, buyer_id, created))
    order_id = np.arange(n, dtype=np.int64) + 8_100_000_000_000

    # buyer types: retail 85 %, wholesale 10 %, dropshipping 5 %, fixed per buyer
    all_buyers = np.arange(200_001, next_id)
    btype_of = rng.choice(["零售", "批发", "代发"], size=len(all_buyers), p=[0.90, 0.06, 0.04])
    btype = btype_of[buyer_id - 200_001]

    # items: the visited product plus, sometimes, another product of the same industry
    extra = rng.poisson(0.22, n)
    line_order = np.concatenate([np.arange(n), np.repeat(np.arange(n), extra)])
    line_no = np.concatenate([np.ones(n, int), np.concatenate([np.arange(2, 2 + e) for e in extra]) if extra.sum() else np.array([], int)])
    ind_codes = prods["industry"].to_numpy()
    same_ind = {ind: np.flatnonzero(ind_codes == ind) for ind in ref.INDUSTRIES.index}
    extra_parent = np.repeat(np.arange(n), extra)
    extra_prod = np.empty(len(extra_parent), dtype=np.int64)
    cvr = funnel(world)["cvr"]
    for ind, members in same_ind.items():
        sel = np.flatnonzero(ind_codes[p_idx[extra_parent]] == ind)
        w = cvr[members] ** 2  # products that convert well are the ones added to baskets
        extra_prod[sel] = rng.choice(members, size=len(sel), p=w / w.sum())
    item_prod = np.concatenate([p_idx, extra_prod])
    it_btype = btype[line_order]
    qty = np.where(it_btype == "批发", rng.integers(3, 13, len(item_prod)),
                   rng.choice([1, 1, 1, 1, 1, 1, 2, 2, 3], len(item_prod)))
    sku_n = prods["sku_count"].to_numpy()[item_prod]
    sku_no = rng.integers(0, 1 << 30, len(item_prod)) % sku_n + 1
    list_price = prods["list_price"].to_numpy()[item_prod]
    sale = prods["sale_price"].to_numpy()[item_prod]
    # campaigns: extra discount during sales events
    event_disc = np.zeros(n_d)
    campaign = np.full(n_d, None, dtype=object)
    for name, first, last, _peak in ref.EVENTS:
        sel = (world.days >= pd.Timestamp(first)) & (world.days <= pd.Timestamp(last))
        event_disc[sel] = 0.12
        campaign[sel] = name
    day_of_item = d_idx[line_order]
    unit = np.round(sale * (1 - event_disc[day_of_item]), 2)
    item_amount = np.round(unit * qty, 2)
    items = pd.DataFrame({
        "order_id": order_id[line_order], "line_no": line_no, "product_id": prods["product_id"].to_numpy()[item_prod],
        "sku_id": [f"{p}-{s:02d}" for p, s in zip(prods["product_id"].to_numpy()[item_prod], sku_no)],
        "quantity": qty, "list_price": list_price, "unit_price": unit, "item_amount": item_amount,
    }).sort_values(["order_id", "line_no"]).reset_index(drop=True)

    goods = np.bincount(np.searchsorted(order_id, items["order_id"].to_numpy()), weights=items["item_amount"].to_numpy(), minlength=n)
    coupon = np.where((rng.random(n) < 0.18) & (goods >= 10), rng.choice([1.0, 2.0, 3.0, 5.0], n), 0.0)
    ship_fee = np.where(goods < 7, rng.choice([0.99, 1.49, 1.99], n), 0.0)
    paid_amount = np.round(goods - coupon + ship_fee, 2)
    # logistics: cheap orders go economy, expensive ones standard or premium; some countries use the warehouse
    value_rank = np.digitize(goods, [5, 12, 40])
    services = np.array([s[0] for s in ref.LOGISTICS_SERVICES])
    probs = np.array([[0.55, 0.25, 0.15, 0.05, 0.0, 0.0], [0.25, 0.5, 0.1, 0.12, 0.03, 0.0],
                      [0.05, 0.65, 0.0, 0.15, 0.1, 0.05], [0.0, 0.55, 0.0, 0.05, 0.3, 0.1]])
    u = rng.random(n)
    service = services[(u[:, None] > np.cumsum(probs[value_rank], axis=1)).sum(axis=1)]
    service = np.where(np.isin(country, ["US", "ES", "PL", "DE", "FR"]) | (service != "Overseas Warehouse"), service,
                       "AliExpress Standard Shipping")
    # status: long routes bring more disputes
    long_route = np.isin(country, ["BR", "CL", "RU", "IL"])
    p_dispute = np.where(long_route, 0.045, 0.02)
    r = rng.random(n)
    status = np.select([r < 0.04, r < 0.04 + 0.05, r < 0.09 + p_dispute], ["取消", "退款", "纠纷"], "完成")
    pay_delay = rng.lognormal(np.log(240), 1.0, n).astype("timedelta64[s]")
    paid = ~((status == "取消") & (rng.random(n) < 0.6))
    paid_at = pd.Series(created + pay_delay).where(paid)
    refund = np.where(status == "退款", paid_amount, np.where(status == "纠纷", np.round(paid_amount * rng.choice([0.0, 0.5, 1.0], n), 2), 0.0))
    refund = np.where(paid, refund, 0.0)
    orders = pd.DataFrame({
        "order_id": order_id, "created_at": pd.to_datetime(created), "paid_at": paid_at, "buyer_id": buyer_id,
        "country": country, "device": rng.choice(["App", "Mobile Web", "PC"], n, p=[0.68, 0.2, 0.12]),
        "items": np.bincount(np.searchsorted(order_id, items["order_id"].to_numpy()), minlength=n),
        "goods_amount": np.round(goods, 2), "coupon_amount": coupon, "shipping_fee": ship_fee,
        "paid_amount": paid_amount, "logistics_service": service, "status": status, "refund_amount": refund,
        "campaign": campaign[d_idx],
    })
    buyers = pd.DataFrame({"buyer_id": all_buyers, "buyer_type": btype_of})
    # low-cardinality text as categories: a world of a million orders stays within memory
    for col in ("country", "device", "logistics_service", "status", "campaign"):
        orders[col] = orders[col].astype("category")
    items["sku_id"] = items["sku_id"].astype("category")
    items["product_id"] = items["product_id"].astype("category")
    return orders, items, buyers


def _hour_weights() -> np.ndarray:
    h = np.arange(24)
    w = 0.3 + np.exp(-0.5 * ((h - 21) / 2.5) ** 2) + 0.5 * np.exp(-0.5 * ((h - 13) / 2.0) ** 2)
    w[:7] *= 0.3
    return w / w.sum()


def orders_items_buyers(world):
    return world.cached("store.orders", lambda: _orders_and_items(world))


@register("orders", whole=True)
def orders(world) -> pd.DataFrame:
    return orders_items_buyers(world)[0]


@register("order_items", whole=True)
def order_items(world) -> pd.DataFrame:
    return orders_items_buyers(world)[1]


@register("buyers", whole=True)
def buyers(world) -> pd.DataFrame:
    rng = world.rng("store.buyers")
    o = orders(world)
    base = orders_items_buyers(world)[2]
    first = o.groupby("buyer_id").agg(country=("country", "first"), first_order_date=("created_at", "min"),
                                      orders_count=("order_id", "size"))
    b = base.merge(first, left_on="buyer_id", right_index=True, how="inner")
    n = len(b)
    # women buy more apparel and beauty; the mix comes from what each buyer bought first
    b["gender"] = rng.choice(["女", "男"], n, p=[0.58, 0.42])
    b["age_band"] = rng.choice(ref.AGE_BANDS, n, p=[0.22, 0.36, 0.22, 0.13, 0.07])
    b["first_order_date"] = b["first_order_date"].dt.normalize()
    return b[["buyer_id", "country", "gender", "age_band", "buyer_type", "first_order_date", "orders_count"]].reset_index(drop=True)


def _product_daily(world) -> pd.DataFrame:
    rng = world.rng("store.product-daily")
    prods = products(world).reset_index(drop=True)
    f = funnel(world)
    vis = np.round(f["visitors"].sum(axis=1)).astype(np.int64)  # P × D
    n_p, n_d = vis.shape
    o, items, _ = orders_items_buyers(world)
    paid = o.loc[o["paid_at"].notna(), ["order_id", "created_at", "buyer_id"]]
    it = items.merge(o[["order_id", "created_at", "buyer_id", "paid_at"]], on="order_id")
    it["day"] = (it["created_at"].dt.normalize() - world.days[0]).dt.days.clip(0, n_d - 1)
    p_pos = pd.Series(np.arange(n_p), index=prods["product_id"])
    it["p"] = p_pos[it["product_id"]].to_numpy()
    g_all = it.groupby(["p", "day"]).agg(order_buyers=("buyer_id", "nunique"))
    itp = it[it["paid_at"].notna()]
    g_paid = itp.groupby(["p", "day"]).agg(pay_buyers=("buyer_id", "nunique"), pay_qty=("quantity", "sum"),
                                           pay_amount=("item_amount", "sum"))
    grid = pd.MultiIndex.from_product([np.arange(n_p), np.arange(n_d)], names=["p", "day"])
    df = pd.DataFrame(index=grid).join(g_all).join(g_paid).fillna(0).reset_index()
    df["product_visitors"] = np.maximum(vis.ravel(), df["order_buyers"].to_numpy()).astype(int)
    over = (prods["role"] == "overpriced").to_numpy()[df["p"].to_numpy()]
    nrow = len(df)
    v = df["product_visitors"].to_numpy()
    df["search_ctr"] = np.round(np.clip(rng.lognormal(np.log(0.028), 0.25, nrow), 0.008, 0.06), 4)
    df["search_exposure"] = np.round(v * 0.45 / df["search_ctr"]).astype(int)
    df["product_pv"] = np.round(v * rng.uniform(1.4, 2.6, nrow)).astype(int)
    bounce = np.clip(rng.normal(0.55, 0.05, nrow), 0.40, 0.72)
    bounce[over] = np.clip(rng.normal(0.79, 0.03, over.sum()), 0.75, 0.86)
    df["bounce_rate"] = np.round(bounce, 4)
    stay = rng.lognormal(np.log(48), 0.3, nrow)
    stay[over] *= 0.55
    df["avg_stay_s"] = np.round(np.clip(stay, 8, 180), 1)
    df["cart_users"] = np.maximum(np.round(v * np.clip(rng.normal(0.07, 0.015, nrow), 0.03, 0.12)), df["pay_buyers"]).astype(int)
    df["wishlist_users"] = np.round(v * np.clip(rng.normal(0.03, 0.01, nrow), 0.01, 0.06)).astype(int)
    df["pay_cvr"] = np.round(np.where(v > 0, df["pay_buyers"] / np.maximum(v, 1), 0.0), 4)
    df["date"] = world.days[df["day"].to_numpy()]
    df["product_id"] = prods["product_id"].to_numpy()[df["p"].to_numpy()]
    for c in ("order_buyers", "pay_buyers", "pay_qty"):
        df[c] = df[c].astype(int)
    df["pay_amount"] = df["pay_amount"].round(2)
    cols = ["date", "product_id", "search_exposure", "search_ctr", "product_visitors", "product_pv", "avg_stay_s",
            "bounce_rate", "cart_users", "wishlist_users", "order_buyers", "pay_buyers", "pay_qty", "pay_amount", "pay_cvr"]
    launched = df["date"].to_numpy() >= prods["launch_date"].to_numpy()[df["p"].to_numpy()]
    return df.loc[launched, cols].reset_index(drop=True)


@register("product_daily", whole=True)
def product_daily(world) -> pd.DataFrame:
    return world.cached("store.product_daily", lambda: _product_daily(world))


def _store_daily(world) -> pd.DataFrame:
    rng = world.rng("store.store-daily")
    pdaily = product_daily(world)
    o = orders(world)
    day = o["created_at"].dt.normalize()
    by_day = pd.DataFrame({
        "order_buyers": o.groupby(day)["buyer_id"].nunique(),
        "pay_buyers": o[o["paid_at"].notna()].groupby(day[o["paid_at"].notna()])["buyer_id"].nunique(),
        "pay_amount": o[o["paid_at"].notna()].groupby(day[o["paid_at"].notna()])["paid_amount"].sum(),
    }).reindex(world.days).fillna(0)
    pv = pdaily.groupby("date")[["product_visitors", "product_pv", "cart_users", "wishlist_users"]].sum().reindex(world.days).fillna(0)
    n = len(world.days)
    df = pd.DataFrame({"date": world.days})
    visitors = np.maximum(np.round(pv["product_visitors"].to_numpy() * rng.uniform(0.78, 0.86, n)), by_day["order_buyers"].to_numpy())
    df["click_rate"] = np.round(np.clip(rng.normal(0.028, 0.004, n), 0.012, 0.05), 4)
    df["exposure"] = np.round(visitors / df["click_rate"]).astype(int)
    df["visitors"] = visitors.astype(int)
    df["pageviews"] = np.round(pv["product_pv"].to_numpy() * rng.uniform(1.1, 1.25, n)).astype(int)
    df["avg_stay_s"] = np.round(rng.normal(62, 6, n), 1)
    df["bounce_rate"] = np.round(np.clip(rng.normal(0.52, 0.03, n), 0.42, 0.66), 4)
    df["cart_users"] = np.round(pv["cart_users"].to_numpy() * 0.9).astype(int)
    df["wishlist_users"] = np.round(pv["wishlist_users"].to_numpy() * 0.9).astype(int)
    df["order_buyers"] = by_day["order_buyers"].astype(int).to_numpy()
    df["pay_buyers"] = by_day["pay_buyers"].astype(int).to_numpy()
    df["pay_amount"] = by_day["pay_amount"].round(2).to_numpy()
    df["pay_cvr"] = np.round(df["pay_buyers"] / df["visitors"].clip(lower=1), 4)
    df["aov"] = np.round(df["pay_amount"] / df["pay_buyers"].clip(lower=1), 2)
    return df


@register("store_daily", whole=True)
def store_daily(world) -> pd.DataFrame:
    return world.cached("store.store_daily", lambda: _store_daily(world))


@register("traffic_sources", whole=True)
def traffic_sources(world) -> pd.DataFrame:
    rng = world.rng("store.traffic")
    sd = store_daily(world)
    src = pd.DataFrame(ref.TRAFFIC_SOURCES, columns=["source_group", "source", "share", "cvr_mult"])
    n_d, n_s = len(sd), len(src)
    share = np.tile(src["share"].to_numpy(), (n_d, 1)) * rng.lognormal(0, 0.08, (n_d, n_s))
    event = np.zeros(n_d, bool)
    for _name, first, last, _peak in ref.EVENTS:
        event |= np.asarray((world.days >= pd.Timestamp(first) - pd.Timedelta(days=3)) & (world.days <= pd.Timestamp(last)))
    share[event, src.index[src["source"] == "平台活动"][0]] *= 2.8
    # planted: off-site social traffic fades over the last eight weeks (a partner account went quiet)
    social = src.index[src["source"] == "站外-社媒"][0]
    t = np.arange(n_d)
    fade = np.clip((t - (n_d - 56)) / 56.0, 0, 1)
    share[:, social] *= 1.0 - 0.85 * fade
    share /= share.sum(axis=1, keepdims=True)
    visitors = sd["visitors"].to_numpy()
    vis = np.vstack([rng.multinomial(v, s) for v, s in zip(visitors, share)])
    w = share * src["cvr_mult"].to_numpy()[None, :]
    w /= w.sum(axis=1, keepdims=True)
    pay = np.vstack([rng.multinomial(b, p) for b, p in zip(sd["pay_buyers"].to_numpy(), w)])
    pay = np.minimum(pay, vis)
    df = pd.DataFrame({
        "date": np.repeat(sd["date"].to_numpy(), n_s),
        "source_group": np.tile(src["source_group"].to_numpy(), n_d),
        "source": np.tile(src["source"].to_numpy(), n_d),
        "visitors": vis.ravel(),
        "pay_buyers": pay.ravel(),
    })
    df["share"] = np.round(df["visitors"] / np.repeat(np.maximum(vis.sum(axis=1), 1), n_s), 4)
    df["pay_cvr"] = np.round(df["pay_buyers"] / df["visitors"].clip(lower=1), 4)
    return df[["date", "source_group", "source", "visitors", "share", "pay_buyers", "pay_cvr"]]


def _country_analysis(world, month: str) -> pd.DataFrame:
    o = orders(world)
    paid = o[o["paid_at"].notna()]
    months = paid["created_at"].dt.strftime("%Y-%m")
    p = pd.Period(month, "M")
    prev = (p - 1).strftime("%Y-%m")
    now_amt = paid[months == month].groupby("country")["paid_amount"].sum().reindex(ref.COUNTRIES.index).fillna(0)
    prev_amt = paid[months == prev].groupby("country")["paid_amount"].sum().reindex(ref.COUNTRIES.index).fillna(0)
    if month == ref.START.strftime("%Y-%m"):
        prev_amt = now_amt
    buyers_n = paid[months == month].groupby("country")["buyer_id"].nunique().reindex(ref.COUNTRIES.index).fillna(0)
    share = now_amt / now_amt.sum()
    growth = now_amt / prev_amt.clip(lower=1) - 1
    rising = np.round(100 * (1 + growth)).astype(int)
    rng = world.rng(f"store.country-analysis.{month}")
    days = np.round(ref.COUNTRIES["logistics_days"].to_numpy() * rng.uniform(0.9, 1.1, len(share)), 1)
    big = share >= share.median()
    fast = growth >= growth.median()
    quadrant = np.select([big & fast, big & ~fast, ~big & fast], ["高GMV高增速", "高GMV低增速", "低GMV高增速"], "低GMV低增速")
    return pd.DataFrame({
        "month": month, "country": ref.COUNTRIES.index, "country_name": ref.COUNTRIES["zh"].to_numpy(),
        "pay_amount_share": np.round(share.to_numpy(), 4), "pay_buyers": buyers_n.astype(int).to_numpy(),
        "rising_index": rising.to_numpy(), "logistics_days": days, "quadrant": quadrant,
    }).sort_values("pay_amount_share", ascending=False).reset_index(drop=True)


@register("country_analysis", dump=lambda: [{"month": m.strftime("%Y-%m")} for m in pd.period_range(ref.START, ref.END, freq="M")])
def country_analysis(world, *, month) -> pd.DataFrame:
    return _country_analysis(world, month)
