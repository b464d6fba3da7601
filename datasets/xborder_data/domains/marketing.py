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
from .campaigns import _pacific_to_beijing, event_plan, event_windows, promotion_plan, store_coupons
from .catalog import products
from .store import orders, orders_items_buyers

@register("marketing_activities", whole=True)
def marketing_activities(world) -> pd.DataFrame:
    """The platform events and the store's own promotions of the year, each with the orders it touched:
    event orders holding a registered listing, flash-discount orders holding a discounted listing,
    every order of a store-wide discount, and the orders that used a coupon or spend-and-save offer."""
    rng = world.rng("marketing.activities")
    o, items, _ = orders_items_buyers(world)
    paid = o[o["paid_at"].notna()]
    prods = products(world).reset_index(drop=True)
    plan = promotion_plan(world)
    reg = event_plan(world)
    rows = []
    for e, (eid, name, first, last) in enumerate(event_windows(world)):
        rows.append((eid, "平台活动", name, first, last + pd.Timedelta(hours=23, minutes=59), ref.EVENT_MIN_DISCOUNT[name],
                     0.0, 0.0, np.flatnonzero(reg["registered"][:, e]), _pacific_to_beijing(pd.Series([first]))[0],
                     _pacific_to_beijing(pd.Series([last + pd.Timedelta(hours=23, minutes=59)]))[0]))
    for r in plan.itertuples():
        scope = r.scope if r.scope is not None else None
        rows.append((r.activity_id, r.type, r.name, r.start_pt, r.end_pt, r.discount_rate, r.threshold, r.coupon_value,
                     scope, r.start_bj, r.end_bj))
    a = pd.DataFrame(rows, columns=["activity_id", "type", "name", "start_pt", "end_pt", "discount_rate", "threshold",
                                    "coupon_value", "scope", "start_bj", "end_bj"])
    p_pos = pd.Series(np.arange(len(prods)), index=prods["product_id"])
    line_p = p_pos.reindex(items["product_id"].astype(str)).to_numpy()
    created = paid.set_index("order_id")["created_at"]
    line_t = created.reindex(items["order_id"]).to_numpy()
    amount = paid.set_index("order_id")["paid_amount"]
    touched_orders, touched_amount = [], []
    for r in a.itertuples():
        if r.type in ("满减", "店铺优惠券", "大促店铺券", "新会员券"):
            ids = paid.loc[paid["coupon_id"] == r.activity_id, "order_id"].to_numpy()
        else:
            live = (line_t >= np.datetime64(r.start_bj)) & (line_t <= np.datetime64(r.end_bj))
            if r.scope is not None:
                live &= np.isin(line_p, r.scope)
            ids = np.unique(items.loc[live, "order_id"].to_numpy())
        touched_orders.append(len(ids))
        touched_amount.append(round(float(amount.reindex(ids).sum()), 2))
    a["orders"] = touched_orders
    a["pay_amount"] = touched_amount
    a["visitors"] = np.round(a["orders"] / rng.uniform(0.018, 0.03, len(a))).astype(int)
    issued = store_coupons(world).set_index("coupon_id")["issued"]
    a["coupons_used"] = np.where(a["type"].isin(["满减", "店铺优惠券", "大促店铺券", "新会员券"]), a["orders"], 0)
    a["coupons_issued"] = a["activity_id"].map(issued).fillna(0).astype(int)
    a = a.sort_values(["start_pt", "activity_id"]).reset_index(drop=True)
    return a[["activity_id", "type", "name", "start_pt", "end_pt", "discount_rate", "threshold", "coupon_value", "orders",
              "pay_amount", "visitors", "coupons_issued", "coupons_used"]]


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


# --- affiliate marketing (联盟营销) ---------------------------------------------------------------------
# The store tries different commission rates per category and month; the share of a category's orders
# that affiliates bring rises with the rate but flattens: share = s_max × (1 − exp(−rate / r0)).
AFFILIATE_RATES = [0.03, 0.05, 0.08, 0.10, 0.12, 0.15, 0.20]


def affiliate_response(world) -> pd.DataFrame:
    """For instructors: each category's hidden response (s_max, r0) and the rate schedule it was given."""
    def build():
        rng = world.rng("marketing.affiliate-plan")
        months = [m.strftime("%Y-%m") for m in pd.period_range(ref.START, ref.END, freq="M")]
        rows = []
        for ind in ref.INDUSTRIES.index:
            schedule = rng.permutation(AFFILIATE_RATES + [0.05, 0.08, 0.10, 0.12, 0.15])[: len(months)]
            s_max, r0 = float(rng.uniform(0.18, 0.28)), float(rng.uniform(0.045, 0.075))
            for month, rate in zip(months, schedule):
                rows.append((ref.INDUSTRIES.at[ind, "zh"], month, float(rate), s_max, r0))
        return pd.DataFrame(rows, columns=["category_l1", "month", "commission_rate", "s_max", "r0"])
    return world.cached("marketing.affiliate-plan", build)


def _affiliate(world):
    rng = world.rng("marketing.affiliate")
    o, items, _ = orders_items_buyers(world)
    paid = o[o["paid_at"].notna()]
    first_item = items.drop_duplicates("order_id").set_index("order_id")["product_id"].astype(str)
    prods = products(world).set_index("product_id")
    pid = first_item.reindex(paid["order_id"]).to_numpy()
    cat = prods["category_l1"].reindex(pid).to_numpy()
    month = paid["created_at"].dt.to_period("M").astype(str).to_numpy()
    plan = affiliate_response(world).set_index(["category_l1", "month"])
    p = plan.reindex(pd.MultiIndex.from_arrays([cat, month]))
    share = p["s_max"].to_numpy() * (1 - np.exp(-p["commission_rate"].to_numpy() / p["r0"].to_numpy()))
    hit = rng.random(len(paid)) < share
    sel = paid[hit]
    n = len(sel)
    rate = p["commission_rate"].to_numpy()[hit]
    refund = sel["refund_amount"].to_numpy()
    amount = sel["paid_amount"].to_numpy() - sel["shipping_fee"].to_numpy()
    settled = sel["status"].to_numpy() != "取消"
    # a few affiliates bring most orders
    aff = np.array([f"AFF{i:03d}" for i in range(1, 41)])
    w = 1.0 / np.arange(1, 41) ** 0.9
    df = pd.DataFrame({
        "order_id": sel["order_id"].to_numpy(), "created_at": sel["created_at"].to_numpy(),
        "affiliate_id": aff[rng.choice(40, n, p=w / w.sum())], "country": sel["country"].to_numpy(),
        "product_id": pid[hit], "commission_rate": rate,
        "pay_amount": np.round(amount, 2), "refund_amount": np.round(refund, 2),
        "est_commission": np.round(amount * rate, 2),
        "actual_commission": np.round(np.where(settled, np.maximum(amount - refund, 0) * rate, 0.0), 2),
        "settled": settled,
    })
    return df.reset_index(drop=True)


@register("affiliate_orders", whole=True)
def affiliate_orders(world) -> pd.DataFrame:
    """Orders attributed to affiliates (any order within 15 days of an affiliate click)."""
    return world.cached("marketing.affiliate", lambda: _affiliate(world))


@register("affiliate_programs", whole=True)
def affiliate_programs(world) -> pd.DataFrame:
    """Month × category: the commission rate the store set, what affiliates brought at that rate, and the
    category's whole paid amount in the month (to compare months of different size)."""
    rng = world.rng("marketing.affiliate-programs")
    a = affiliate_orders(world)
    o, items, _ = orders_items_buyers(world)
    paid = o[o["paid_at"].notna()]
    prods = products(world).set_index("product_id")
    first_item = items.drop_duplicates("order_id").set_index("order_id")["product_id"].astype(str)
    cat_all = prods["category_l1"].reindex(first_item.reindex(paid["order_id"]).to_numpy()).to_numpy()
    gmv = paid.assign(category_l1=cat_all, month=paid["created_at"].dt.to_period("M").astype(str)).groupby(
        ["category_l1", "month"])["paid_amount"].sum()
    a = a.assign(category_l1=prods["category_l1"].reindex(a["product_id"]).to_numpy(),
                 month=a["created_at"].dt.to_period("M").astype(str))
    g = a.groupby(["category_l1", "month"]).agg(affiliate_orders=("order_id", "size"), affiliate_gmv=("pay_amount", "sum"),
                                                commission_paid=("actual_commission", "sum"),
                                                active_affiliates=("affiliate_id", "nunique"))
    plan = affiliate_response(world).set_index(["category_l1", "month"])[["commission_rate"]]
    out = plan.join(g).join(gmv.rename("category_pay_amount")).fillna(0).reset_index()
    out["clicks"] = np.round(out["affiliate_orders"] / rng.uniform(0.025, 0.04, len(out))).astype(int)
    for c in ("affiliate_gmv", "commission_paid", "category_pay_amount"):
        out[c] = out[c].round(2)
    for c in ("affiliate_orders", "active_affiliates"):
        out[c] = out[c].astype(int)
    return out[["month", "category_l1", "commission_rate", "active_affiliates", "clicks", "affiliate_orders", "affiliate_gmv",
                "commission_paid", "category_pay_amount"]].sort_values(["category_l1", "month"]).reset_index(drop=True)


# --- paid social and paid video --------------------------------------------------------------------------
SOCIAL_ADS = {  # platform: base link CTR, purchase conversion of clicks
    "Facebook": (0.012, 0.018), "Instagram": (0.010, 0.016), "TikTok": (0.014, 0.012), "Pinterest": (0.008, 0.014),
}
OBJECTIVES = {"转化 conversions": (1.0, 1.3), "流量 traffic": (1.4, 0.6), "互动 engagement": (0.8, 0.3)}


def ad_fatigue_campaign(world) -> str:
    """For instructors: the paid-social campaign whose creative wears out (frequency up, CTR down)."""
    return paid_social_campaigns(world).attrs["fatigued"]


@register("paid_social_campaigns", whole=True)
def paid_social_campaigns(world) -> pd.DataFrame:
    """Ads manager export: campaign × day with spend, reach, frequency, clicks and purchases."""
    def build():
        from .trends import social_audience

        rng = world.rng("marketing.paid-social")
        aud = social_audience(world).set_index(["network", "country"])
        countries = ["US", "GB", "DE", "FR", "ES", "NL", "PL", "BR", "KR"]
        n_c = 12
        fatigued = int(rng.integers(n_c))
        frames = []
        for i in range(n_c):
            platform = str(rng.choice(list(SOCIAL_ADS), p=[0.35, 0.3, 0.25, 0.1]))
            objective = str(rng.choice(list(OBJECTIVES), p=[0.6, 0.25, 0.15]))
            country = str(rng.choice(countries))
            start = int(rng.integers(0, len(world.days) - 60))
            days = int(rng.integers(14, 43)) if i != fatigued else int(rng.integers(35, 50))
            dates = world.days[start:start + days]
            budget = float(rng.choice([20, 30, 50, 80, 120, 150]))
            cpm = float(aud.at[(platform, country), "cpm_usd"]) * float(rng.lognormal(0, 0.15))
            spend = np.round(budget * rng.uniform(0.85, 1.0, days), 2)
            impressions = np.round(spend / cpm * 1000).astype(int)
            # the audience the targeting reaches: most campaigns end at a frequency of 1.5–2.7, the planted one keeps
            # hitting the same narrow audience until each person has seen the ad five or six times
            reach_cap = impressions.sum() / (rng.uniform(5.0, 6.0) if i == fatigued else rng.uniform(1.2, 2.4))
            cum_imp = np.cumsum(impressions)
            cum_reach = reach_cap * (1 - np.exp(-cum_imp / reach_cap))
            frequency = cum_imp / np.maximum(cum_reach, 1)
            worn = np.exp(-0.6 * np.maximum(frequency - 2.0, 0))
            fatigue = 0.35 + 0.65 * worn if i == fatigued else 0.85 + 0.15 * worn
            ctr0, cvr0 = SOCIAL_ADS[platform]
            ctr_m, cvr_m = OBJECTIVES[objective]
            ctr = ctr0 * ctr_m * fatigue * float(rng.lognormal(0, 0.15))
            clicks = rng.binomial(impressions, np.clip(ctr, 0, 0.2))
            cvr = cvr0 * cvr_m * float(rng.lognormal(0, 0.25))
            purchases = rng.binomial(clicks, np.clip(cvr, 0, 0.2))
            aov = ref.COUNTRIES.at[country, "aov_usd"] * rng.lognormal(0, 0.2, days)
            frames.append(pd.DataFrame({
                "date": dates, "campaign_id": f"PS{i + 1:02d}", "campaign_name": f"{platform} {country} {objective.split()[1]} {i + 1:02d}",
                "platform": platform, "objective": objective, "country": country,
                "destination": "速卖通店铺 AliExpress store" if rng.random() < 0.7 else "独立站 site",
                "daily_budget": budget, "spend": spend, "impressions": impressions,
                "reach": np.round(np.diff(np.concatenate([[0], cum_reach]))).astype(int), "frequency": np.round(frequency, 2),
                "link_clicks": clicks, "add_to_cart": rng.binomial(clicks, 0.09), "purchases": purchases,
                "purchase_value": np.round(purchases * aov, 2),
            }))
        out = pd.concat(frames, ignore_index=True).sort_values(["date", "campaign_id"]).reset_index(drop=True)
        out["ctr"] = np.round(out["link_clicks"] / out["impressions"].clip(lower=1), 4)
        out["cpc"] = np.round(out["spend"] / out["link_clicks"].clip(lower=1), 2)
        out = out[["date", "campaign_id", "campaign_name", "platform", "objective", "country", "destination", "daily_budget",
                   "spend", "impressions", "reach", "frequency", "link_clicks", "ctr", "cpc", "add_to_cart", "purchases",
                   "purchase_value"]]
        out.attrs["fatigued"] = f"PS{fatigued + 1:02d}"
        return out
    return world.cached("marketing.paid-social", build)


VIDEO_FORMATS = {"YouTube": ["达人植入 creator integration", "插播广告 in-stream ad", "Shorts 短视频"],
                 "TikTok": ["达人视频 creator video", "Spark Ads 加热达人视频", "信息流广告 in-feed ad"]}


def video_partner_roles(world) -> dict:
    """For instructors: the partner with the most views but the dearest orders, and the cheapest per order."""
    t = paid_video_campaigns(world)
    return {"reach_not_sales": t.attrs["reach_not_sales"], "efficient": t.attrs["efficient"]}


@register("paid_video_campaigns", whole=True)
def paid_video_campaigns(world) -> pd.DataFrame:
    """Paid video: one row per campaign placement (a creator's video or an ad format), with fee, media spend,
    views and the orders it brought."""
    def build():
        from .content import influencers

        rng = world.rng("marketing.paid-video")
        inf = influencers(world)
        creators = inf[inf["platform"].isin(["YouTube", "TikTok"])].sort_values("followers").reset_index(drop=True)
        big = creators.index[-1]
        small = creators.index[creators["followers"] < creators["followers"].median()]
        efficient = int(rng.choice(small)) if len(small) else 0
        rows = []
        for i in range(18):
            use_creator = i < len(creators) and rng.random() < 0.75 or i in (big, efficient)
            c = creators.iloc[i % len(creators)] if use_creator else None
            j = i % len(creators)
            platform = c["platform"] if c is not None else str(rng.choice(["YouTube", "TikTok"]))
            fmt = VIDEO_FORMATS[platform][0 if c is not None else int(rng.integers(1, 3))]
            start = world.days[int(rng.integers(0, len(world.days) - 30))]
            followers = int(c["followers"]) if c is not None else 0
            fee = float(c["fee_per_post"]) * float(rng.uniform(1.0, 2.5)) if c is not None else 0.0
            media = float(rng.choice([0, 200, 500, 1000, 2000])) if c is not None else float(rng.choice([500, 1000, 2000, 3000]))
            impressions = int((followers * rng.uniform(0.3, 1.2) if c is not None else 0) + media / rng.uniform(4, 9) * 1000)
            views = int(impressions * rng.uniform(0.2, 0.45))
            completed = int(views * (rng.uniform(0.25, 0.5) if platform == "TikTok" else rng.uniform(0.15, 0.35)))
            ctr = float(rng.lognormal(np.log(0.012), 0.3))
            cvr = float(rng.lognormal(np.log(0.04), 0.3))
            if c is not None and j == big:      # planted: a huge audience that watches and does not buy
                ctr, cvr = ctr * 0.35, cvr * 0.4
                impressions, views = int(impressions * 1.8), int(views * 1.8)
            if c is not None and j == efficient:  # planted: a small, loyal audience that buys
                ctr, cvr = ctr * 2.5, cvr * 2.0
            clicks = int(rng.binomial(views, min(ctr, 0.2)))
            orders = int(rng.binomial(clicks, min(cvr, 0.3)))
            rows.append((f"PV{i + 1:02d}", platform, fmt, c["influencer_id"] if c is not None else "own 店铺自有",
                         followers, start, start + pd.Timedelta(days=int(rng.integers(7, 29))), round(fee, 2), round(media, 2),
                         impressions, views, completed, clicks, orders,
                         round(orders * float(rng.uniform(20, 32)), 2)))
        out = pd.DataFrame(rows, columns=["campaign_id", "platform", "format", "partner_id", "partner_followers", "start_date",
                                          "end_date", "creator_fee", "media_spend", "impressions", "views", "completed_views",
                                          "clicks", "orders", "revenue"])
        # the planted partners stay what they are whatever the draw: the most watched creator buys the dearest
        # orders, the small one the cheapest
        cost = out["creator_fee"] + out["media_spend"]
        is_big = (out["partner_id"] == creators.at[big, "influencer_id"]).to_numpy()
        is_eff = (out["partner_id"] == creators.at[efficient, "influencer_id"]).to_numpy()
        cpo = cost / out["orders"].clip(lower=1)
        others = ~is_big & ~is_eff & (out["orders"] > 0).to_numpy()
        if is_big.any():
            out.loc[is_big, "orders"] = np.maximum(1, np.floor(cost[is_big] / (cpo[others].max() * 1.15))).astype(int)
            out.loc[is_big, "views"] = np.maximum(out.loc[is_big, "views"], int(out["views"].max() * 1.1))
        if is_eff.any():
            out.loc[is_eff, "orders"] = np.ceil(cost[is_eff] / (cpo[others].min() * 0.8)).astype(int)
        out["clicks"] = np.maximum(out["clicks"], out["orders"] * 8)
        out["revenue"] = np.round(out["orders"] * rng.uniform(20, 32, len(out)), 2)
        out.attrs["reach_not_sales"] = creators.at[big, "influencer_id"]
        out.attrs["efficient"] = creators.at[efficient, "influencer_id"]
        return out
    return world.cached("marketing.paid-video", build)
