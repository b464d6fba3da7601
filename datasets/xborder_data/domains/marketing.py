"""Store and platform promotions, CPC ads (直通车) and affiliate marketing (联盟营销).

Planted signal (datasets/SIGNALS.md): one CPC keyword is unprofitable — over the year its ACoS
(spend ÷ ad sales) is above 60 %, far over the store's break-even ACoS (its contribution margin
before ads, about 30–40 %), while the other keywords stay below 35 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products
from .store import orders, orders_items_buyers

PROMO_TYPES = ["限时限量折扣", "全店铺打折", "满减", "店铺优惠券"]


@register("marketing_activities", whole=True)
def marketing_activities(world) -> pd.DataFrame:
    rng = world.rng("marketing.activities")
    o = orders(world)
    paid = o[o["paid_at"].notna()]
    rows = []
    for name, first, last, _peak in ref.EVENTS:
        rows.append(("平台活动", name, pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(hours=23, minutes=59), 0.12, 0.0, 0.0))
    months = pd.period_range(ref.START, ref.END, freq="M")
    for m in months:
        for t in rng.choice(PROMO_TYPES, size=2, replace=False):
            start = m.start_time + pd.Timedelta(days=int(rng.integers(0, 20)))
            end = start + pd.Timedelta(days=int(rng.integers(3, 8)), hours=23, minutes=59)
            disc = float(rng.choice([0.05, 0.1, 0.15, 0.2])) if t in ("限时限量折扣", "全店铺打折") else 0.0
            threshold = float(rng.choice([15, 20, 30])) if t in ("满减", "店铺优惠券") else 0.0
            value = float(rng.choice([2, 3, 5])) if threshold else 0.0
            rows.append((t, f"{m.strftime('%Y-%m')} {t}", start, end, disc, threshold, value))
    a = pd.DataFrame(rows, columns=["type", "name", "start_pt", "end_pt", "discount_rate", "threshold", "coupon_value"])
    a = a.sort_values("start_pt").reset_index(drop=True)
    a.insert(0, "activity_id", [f"ACT{i + 1:03d}" for i in range(len(a))])
    # effect: orders and amount in the window (times are US Pacific on the platform; the back-end shows Beijing)
    starts = (a["start_pt"] + pd.Timedelta(hours=15)).to_numpy()
    ends = (a["end_pt"] + pd.Timedelta(hours=15)).to_numpy()
    t = paid["created_at"].to_numpy()
    order_t = np.sort(t)
    amount = paid["paid_amount"].to_numpy()[np.argsort(t)]
    cum = np.concatenate([[0.0], np.cumsum(amount)])
    lo = np.searchsorted(order_t, starts)
    hi = np.searchsorted(order_t, ends, side="right")
    a["orders"] = hi - lo
    a["pay_amount"] = np.round(cum[hi] - cum[lo], 2)
    a["visitors"] = np.round(a["orders"] / rng.uniform(0.018, 0.03, len(a))).astype(int)
    coupon = a["type"] == "店铺优惠券"
    a["coupons_issued"] = np.where(coupon, np.round(a["visitors"] * rng.uniform(0.05, 0.12, len(a))), 0).astype(int)
    a["coupons_used"] = np.where(coupon, np.round(a["coupons_issued"] * rng.uniform(0.08, 0.3, len(a))), 0).astype(int)
    return a


def _cpc(world) -> pd.DataFrame:
    rng = world.rng("marketing.cpc")
    prods = products(world)
    m = world.market
    kws = prods.groupby("keyword").agg(price=("sale_price", "median"), cost=("unit_cost_cny", "median")).reset_index()
    kws = kws.sample(n=min(36, len(kws)), random_state=int(rng.integers(1 << 30))).reset_index(drop=True)
    n_k = len(kws)
    kw_pos = pd.Series(np.arange(len(m.keywords)), index=m.keywords["keyword"])
    demand = m.daily_orders[kw_pos[kws["keyword"]].to_numpy()].sum(axis=1)  # K × D
    aov = kws["price"].to_numpy() * 1.3
    # sellers bid in proportion to what a sale is worth
    bid = np.round(np.clip(kws["price"].to_numpy() * rng.uniform(0.008, 0.016, n_k), 0.05, 1.5), 2)
    score = rng.choice([3, 4, 4, 5, 5], n_k)
    ctr = np.clip(rng.lognormal(np.log(0.012), 0.35, n_k), 0.005, 0.03)
    cvr = np.clip(rng.lognormal(np.log(0.045), 0.25, n_k), 0.015, 0.09)
    # planted: one keyword bid high that rarely converts
    bad = int(rng.integers(n_k))
    bid[bad] = round(float(np.clip(kws["price"].iloc[bad] * 0.05, 0.3, 1.5)), 2)
    score[bad], cvr[bad] = 3, 0.008
    n_d = demand.shape[1]
    impressions = rng.poisson(demand * 18 * np.sqrt(bid * score)[:, None])
    clicks = rng.binomial(impressions, ctr[:, None])
    cpc = np.round(bid[:, None] * rng.uniform(0.6, 0.95, (n_k, n_d)), 2)
    orders_ = rng.binomial(clicks, cvr[:, None])
    ad_sales = np.round(orders_ * aov[:, None] * rng.lognormal(0, 0.15, (n_k, n_d)), 2)
    df = pd.DataFrame({
        "date": np.tile(world.days.to_numpy(), n_k),
        "plan_type": np.repeat(np.where(np.arange(n_k) % 3 == 0, "快捷推广", "重点推广"), n_d),
        "keyword": np.repeat(kws["keyword"].to_numpy(), n_d),
        "bid": np.repeat(bid, n_d), "promo_score": np.repeat(score, n_d),
        "impressions": impressions.ravel(), "clicks": clicks.ravel(),
        "spend": np.round(clicks * cpc, 2).ravel(), "orders": orders_.ravel(), "ad_sales": ad_sales.ravel(),
        "cart_adds": rng.binomial(clicks, 0.08).ravel(), "wishlist_adds": rng.binomial(clicks, 0.05).ravel(),
    })
    df["ctr"] = np.round(df["clicks"] / df["impressions"].clip(lower=1), 4)
    df["avg_cpc"] = np.round(df["spend"] / df["clicks"].clip(lower=1), 3)
    cols = ["date", "plan_type", "keyword", "bid", "promo_score", "impressions", "clicks", "ctr", "spend", "avg_cpc",
            "orders", "ad_sales", "cart_adds", "wishlist_adds"]
    return df[cols].sort_values(["date", "keyword"]).reset_index(drop=True), kws["keyword"][bad]


@register("cpc_ads", whole=True)
def cpc_ads(world) -> pd.DataFrame:
    return world.cached("marketing.cpc", lambda: _cpc(world))[0]


def unprofitable_keyword(world) -> str:
    cpc_ads(world)
    return world.cached("marketing.cpc", lambda: _cpc(world))[1]


@register("affiliate_orders", whole=True)
def affiliate_orders(world) -> pd.DataFrame:
    """Orders attributed to affiliates (any order within 15 days of an affiliate click)."""
    rng = world.rng("marketing.affiliate")
    o, items, _ = orders_items_buyers(world)
    paid = o[o["paid_at"].notna()]
    sel = paid.sample(frac=0.045, random_state=int(rng.integers(1 << 30))).sort_values("created_at")
    n = len(sel)
    first_item = items.drop_duplicates("order_id").set_index("order_id")["product_id"]
    prods = products(world).set_index("product_id")
    # most products keep the platform's default 3 %; promoted categories pay more
    rate_by_cat = {"手机配件": 0.05, "女装": 0.08, "家居园艺": 0.05, "美妆工具": 0.08, "玩具": 0.06, "运动户外": 0.05}
    cat = prods["category_l1"].reindex(first_item.reindex(sel["order_id"]).to_numpy()).to_numpy()
    rate = np.where(rng.random(n) < 0.5, 0.03, pd.Series(cat).map(rate_by_cat).fillna(0.03).to_numpy())
    refund = sel["refund_amount"].to_numpy()
    amount = sel["paid_amount"].to_numpy() - sel["shipping_fee"].to_numpy()
    settled = sel["status"].to_numpy() != "取消"
    df = pd.DataFrame({
        "order_id": sel["order_id"].to_numpy(), "created_at": sel["created_at"].to_numpy(),
        "affiliate_id": rng.choice([f"AFF{i:03d}" for i in range(1, 41)], n), "country": sel["country"].to_numpy(),
        "product_id": first_item.reindex(sel["order_id"]).to_numpy(), "commission_rate": rate,
        "pay_amount": np.round(amount, 2), "refund_amount": np.round(refund, 2),
        "est_commission": np.round(amount * rate, 2),
        "actual_commission": np.round(np.where(settled, np.maximum(amount - refund, 0) * rate, 0.0), 2),
        "settled": settled,
    })
    return df.reset_index(drop=True)
