"""Overseas promotion content: influencers, social-media posts, videos and live streams.

Engagement rate (course convention) = (likes + comments + shares + saves) ÷ reach for a post;
video completion = average view percentage; live-stream UV value = GMV ÷ unique viewers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products

PLATFORM_ER = {"Facebook": 0.008, "Instagram": 0.02, "TikTok": 0.045, "VK": 0.015, "Pinterest": 0.012, "X": 0.006}


@register("influencers", whole=True)
def influencers(world) -> pd.DataFrame:
    rng = world.rng("content.influencers")
    n = 30
    platform = rng.choice(["Instagram", "TikTok", "YouTube", "VK"], n, p=[0.35, 0.35, 0.2, 0.1])
    followers = np.round(rng.lognormal(np.log(60_000), 1.1, n)).astype(int)
    er = np.clip(rng.lognormal(np.log(0.035), 0.5, n), 0.005, 0.15)
    tier = np.select([followers < 10_000, followers < 100_000, followers < 1_000_000], ["nano", "micro", "mid"], "macro")
    fee = np.round(followers / 1000 * rng.uniform(5, 15, n), 0)
    return pd.DataFrame({
        "influencer_id": [f"INF{i:03d}" for i in range(1, n + 1)], "platform": platform,
        "country": rng.choice(ref.COUNTRIES.index, n, p=ref.COUNTRIES["order_share"] / ref.COUNTRIES["order_share"].sum()),
        "category_l1": rng.choice(ref.INDUSTRIES["zh"].to_numpy(), n), "followers": followers,
        "avg_engagement_rate": np.round(er, 4), "tier": tier, "fee_per_post": fee,
    })


@register("social_posts", whole=True)
def social_posts(world) -> pd.DataFrame:
    rng = world.rng("content.posts")
    inf = influencers(world)
    n = 900
    platform = rng.choice(ref.SOCIAL_PLATFORMS, n, p=[0.25, 0.25, 0.25, 0.1, 0.1, 0.05])
    days = world.days.to_numpy()
    posted = days[rng.integers(0, len(days), n)] + rng.integers(8 * 3600, 23 * 3600, n).astype("timedelta64[s]")
    post_type = rng.choice(["图片 image", "短视频 short video", "轮播 carousel", "文字 text"], n, p=[0.35, 0.35, 0.2, 0.1])
    base_followers = {p: int(f) for p, f in zip(ref.SOCIAL_PLATFORMS, [18000, 26000, 41000, 6000, 9000, 4000])}
    t = (posted - days[0]).astype("timedelta64[D]").astype(int) / 365.0
    followers = np.round(np.array([base_followers[p] for p in platform]) * (1 + 0.6 * t)).astype(int)
    by_inf = rng.random(n) < 0.15
    inf_id = np.where(by_inf, rng.choice(inf["influencer_id"].to_numpy(), n), None)
    is_paid = (rng.random(n) < 0.2) | by_inf
    reach_rate = rng.lognormal(np.log(0.25), 0.5, n) * np.where(post_type == "短视频 short video", 1.8, 1.0) * np.where(is_paid, 2.5, 1.0)
    reach = np.round(followers * reach_rate).astype(int)
    er = np.array([PLATFORM_ER[p] for p in platform]) * rng.lognormal(0, 0.4, n) * np.where(post_type == "短视频 short video", 1.5, 1.0)
    engaged = rng.binomial(reach, np.clip(er, 0, 0.5))
    split = rng.dirichlet([6, 1.2, 1.0, 1.2], n)
    likes = np.round(engaged * split[:, 0]).astype(int)
    comments = np.round(engaged * split[:, 1]).astype(int)
    shares = np.round(engaged * split[:, 2]).astype(int)
    saves = np.round(engaged * split[:, 3]).astype(int)
    df = pd.DataFrame({
        "post_id": [f"POST{i:05d}" for i in range(1, n + 1)], "platform": platform, "post_type": post_type,
        "posted_at": pd.to_datetime(posted), "followers": followers, "reach": reach,
        "impressions": np.round(reach * rng.uniform(1.2, 1.8, n)).astype(int), "likes": likes, "comments": comments,
        "shares": shares, "saves": saves, "link_clicks": rng.binomial(reach, 0.006), "is_paid": is_paid,
        "spend": np.round(np.where(is_paid, reach / 1000 * rng.uniform(2, 8, n), 0.0), 2), "influencer_id": inf_id,
    })
    return df.sort_values("posted_at").reset_index(drop=True)


@register("videos", whole=True)
def videos(world) -> pd.DataFrame:
    rng = world.rng("content.videos")
    inf = influencers(world)
    n = 160
    platform = rng.choice(["YouTube", "TikTok"], n, p=[0.45, 0.55])
    days = world.days.to_numpy()
    published = days[rng.integers(0, len(days), n)]
    kind = rng.choice(["开箱 unboxing", "测评 review", "教程 tutorial", "广告 ad"], n)
    impressions = np.round(rng.lognormal(np.log(40_000), 1.0, n)).astype(int)
    ctr = np.clip(rng.lognormal(np.log(0.05), 0.35, n), 0.01, 0.15)
    views = rng.binomial(impressions, ctr)
    length = np.where(platform == "TikTok", rng.uniform(15, 60, n), rng.uniform(120, 720, n))
    view_pct = np.clip(rng.normal(np.where(platform == "TikTok", 0.62, 0.38), 0.1), 0.08, 0.95)
    avg_dur = length * view_pct
    likes = rng.binomial(views, np.clip(rng.lognormal(np.log(0.04), 0.4, n), 0, 0.3))
    comments = rng.binomial(views, 0.004)
    shares = rng.binomial(views, np.clip(rng.lognormal(np.log(0.006), 0.5, n), 0, 0.1))
    clicks = rng.binomial(views, np.clip(rng.lognormal(np.log(0.012), 0.5, n), 0, 0.1))
    orders = rng.binomial(clicks, 0.03)
    by_inf = rng.random(n) < 0.3
    return pd.DataFrame({
        "video_id": [f"VID{i:04d}" for i in range(1, n + 1)], "platform": platform, "content_type": kind,
        "published_at": pd.to_datetime(published), "length_s": np.round(length).astype(int), "impressions": impressions,
        "impressions_ctr": np.round(ctr, 4), "views": views, "engaged_views": np.round(views * view_pct * 0.8).astype(int),
        "watch_minutes": np.round(views * avg_dur / 60, 1), "avg_view_duration_s": np.round(avg_dur, 1),
        "avg_view_pct": np.round(view_pct, 4), "likes": likes, "comments": comments, "shares": shares,
        "subscribers_gained": rng.binomial(views, 0.002), "link_clicks": clicks, "attributed_orders": orders,
        "cost": np.round(np.where(by_inf, rng.uniform(150, 1200, n), rng.uniform(20, 120, n)), 2),
        "influencer_id": np.where(by_inf, rng.choice(inf["influencer_id"].to_numpy(), n), None),
    }).sort_values("published_at").reset_index(drop=True)


# --- live streams ------------------------------------------------------------------------------------------
HOSTS = ["Anna (RU)", "Lucía (ES)", "Mia (US)", "Camille (FR)", "Store team 店铺团队"]
HOST_COUNTRY = {"Anna (RU)": "RU", "Lucía (ES)": "ES", "Mia (US)": "US", "Camille (FR)": "FR", "Store team 店铺团队": "US"}
COUPON_LIFT = 2.6        # orders per viewer in the minutes after a coupon drop, × usual
COUPON_MINUTES = 5


def _streams_plan(world) -> pd.DataFrame:
    rng = world.rng("content.live")
    n = 104
    host = rng.choice(HOSTS, n)
    skill = {h: s for h, s in zip(HOSTS, rng.uniform(0.7, 1.4, len(HOSTS)))}
    days = world.days.to_numpy()
    start = days[rng.integers(0, len(days), n)] + rng.integers(10, 22, n).astype("timedelta64[h]")
    duration = rng.choice([60, 90, 120, 180], n)
    k = np.array([skill[h] for h in host])
    fee = np.where(np.char.find(host.astype(str), "Store team") >= 0, 0.0, rng.uniform(80, 400, n))
    return pd.DataFrame({
        "stream_id": [f"LIVE{i:04d}" for i in range(1, n + 1)], "host": host,
        "platform": rng.choice(["AliExpress Live", "TikTok Live", "Facebook Live"], n, p=[0.6, 0.3, 0.1]),
        "started_at": pd.to_datetime(start), "duration_min": duration, "skill": k,
        "arrivals": rng.lognormal(np.log(2500), 0.6, n) * k * duration / 90,
        "stay_min": rng.lognormal(np.log(1.6), 0.3, n) * k, "cvr": np.clip(0.0035 * k * rng.lognormal(0, 0.25, n), 0.001, 0.02),
        "cost": np.round(fee + rng.uniform(30, 150, n), 2),
    })


def _minutes(world) -> pd.DataFrame:
    """Minute by minute: who arrives, who stays, what they do, which product is on show, when coupons drop."""
    rng = world.rng("content.live-minutes")
    plan = _streams_plan(world)
    prods = products(world)
    phones = prods.index[prods["industry"] == "phone-accessories"].to_numpy()
    appeal = rng.lognormal(0, 0.45, len(prods))  # how well a product sells on camera
    frames = []
    for r in plan.itertuples():
        d = int(r.duration_min)
        t = np.arange(d)
        # arrivals build up over ~15 minutes, peak, then thin out; a coupon drop pulls viewers in
        shape = np.clip(t / 15.0, 0.15, 1.0) * np.exp(-np.maximum(t - 0.45 * d, 0) / (0.35 * d))
        n_prod = int(np.clip(d // 15, 4, 10))
        show = rng.choice(phones if rng.random() < 0.7 else prods.index.to_numpy(), n_prod, replace=False)
        cuts = np.sort(rng.choice(np.arange(5, d - 5), n_prod - 1, replace=False))
        on_show = show[np.searchsorted(cuts, t, side="right")]
        drops = np.sort(rng.choice(np.arange(8, d - COUPON_MINUTES), int(rng.integers(2, 5)), replace=False))
        after_drop = np.zeros(d, bool)
        for m in drops:
            after_drop[m:m + COUPON_MINUTES] = True
        arrivals = rng.poisson(r.arrivals / shape.sum() * shape * np.where(after_drop, 1.4, 1.0))
        # each viewer stays a geometric number of minutes
        stay = 1.0 - 1.0 / (1.0 + r.stay_min)
        concurrent = np.round(np.convolve(arrivals, stay ** np.arange(d))[:d]).astype(int)
        sell = r.cvr * appeal[on_show] * np.where(after_drop, COUPON_LIFT, 1.0)
        orders = rng.poisson(concurrent * sell)
        carts = orders + rng.poisson(concurrent * sell * 2.5)
        price = prods["sale_price"].to_numpy()[on_show] * np.where(after_drop, 0.9, 1.0)
        frames.append(pd.DataFrame({
            "stream_id": r.stream_id, "minute": t, "viewers": concurrent, "new_viewers": arrivals,
            "comments": rng.poisson(concurrent * 0.02 * r.skill * np.where(after_drop, 2.0, 1.0)),
            "likes": rng.poisson(concurrent * 0.15 * r.skill), "cart_adds": carts, "orders": orders,
            "gmv": np.round(orders * price * rng.uniform(1.0, 1.3, d), 2),
            "product_on_show": prods["product_id"].to_numpy()[on_show], "coupon_drop": np.isin(t, drops),
        }))
    return pd.concat(frames, ignore_index=True)


@register("live_stream_minutes", whole=True)
def live_stream_minutes(world) -> pd.DataFrame:
    return world.cached("content.live-minutes", lambda: _minutes(world))


@register("live_streams", whole=True)
def live_streams(world) -> pd.DataFrame:
    """One row per stream: the sums of its minutes, and its cost (host fee and promotion)."""
    rng = world.rng("content.live-streams")
    plan = _streams_plan(world).set_index("stream_id")
    g = live_stream_minutes(world).groupby("stream_id", sort=False).agg(
        unique_viewers=("new_viewers", "sum"), peak_concurrent=("viewers", "max"), viewer_minutes=("viewers", "sum"),
        likes=("likes", "sum"), comments=("comments", "sum"), cart_adds=("cart_adds", "sum"), orders=("orders", "sum"),
        gmv=("gmv", "sum"))
    p = plan.loc[g.index]
    n = len(g)
    return pd.DataFrame({
        "stream_id": g.index, "host": p["host"].to_numpy(), "platform": p["platform"].to_numpy(),
        "started_at": p["started_at"].to_numpy(), "duration_min": p["duration_min"].to_numpy(),
        "unique_viewers": g["unique_viewers"].to_numpy(), "peak_concurrent": g["peak_concurrent"].to_numpy(),
        "avg_watch_s": np.round(g["viewer_minutes"].to_numpy() * 60 / g["unique_viewers"].clip(lower=1).to_numpy(), 1),
        "likes": g["likes"].to_numpy(), "comments": g["comments"].to_numpy(),
        "shares": np.round(g["comments"].to_numpy() * rng.uniform(0.1, 0.25, n)).astype(int),
        "follows_gained": rng.binomial(g["unique_viewers"].to_numpy(), 0.02),
        "product_clicks": g["cart_adds"].to_numpy() * 3 + rng.poisson(20, n), "cart_adds": g["cart_adds"].to_numpy(),
        "orders": g["orders"].to_numpy(), "gmv": g["gmv"].round(2).to_numpy(), "cost": p["cost"].to_numpy(),
    }).sort_values("started_at").reset_index(drop=True)


LANGUAGE_COUNTRIES = {"es": ["ES", "CL"], "en": ["US", "GB", "IL"], "ru": ["RU"], "fr": ["FR"], "pt": ["BR"],
                      "pl": ["PL"], "de": ["DE"], "ko": ["KR"], "nl": ["NL"]}
HOST_NAMES = ["Sofía", "Valentina", "Emma", "Olivia", "Léa", "Chloé", "Ksenia", "Dasha", "Julia", "Zuzanna", "Ana Clara",
              "Beatriz", "Lena", "Mila", "Ji-woo", "Noa"]


def host_roles(world) -> dict:
    """For instructors: the most-followed candidate (whose audience buys little) and, per language, the
    candidate whose past GMV per fee is best."""
    h = live_hosts(world)
    return h.attrs["roles"]


@register("live_hosts", whole=True)
def live_hosts(world) -> pd.DataFrame:
    """Host candidates (the store's current hosts and agency candidates): audience, past results, fee."""
    def build():
        rng = world.rng("content.live-hosts")
        streams = live_streams(world)
        rows = []
        cur = streams.groupby("host").agg(n=("stream_id", "size"), viewers=("unique_viewers", "mean"),
                                          gmv=("gmv", "sum"), orders=("orders", "sum"), uv=("unique_viewers", "sum"))
        for h, r in cur.iterrows():
            c = HOST_COUNTRY[h]
            rows.append((h, "在职 current", "AliExpress Live", _lang_of(c), int(r.viewers * rng.uniform(8, 20)), int(r.n),
                         int(r.viewers), round(float(r.gmv), 2), round(float(r.orders / max(r.uv, 1)), 4),
                         0.0 if "Store team" in h else float(rng.choice([150, 200, 250, 300])), 0.0 if "Store team" in h else 0.05,
                         _audience(rng, c)))
        for i, name in enumerate(HOST_NAMES):
            lang = ["es", "es", "en", "en", "fr", "fr", "ru", "ru", "pl", "pl", "pt", "pt", "de", "de", "ko", "en"][i]
            c = LANGUAGE_COUNTRIES[lang][0] if lang != "es" or i % 2 == 0 else "CL"
            followers = int(rng.lognormal(np.log(60_000), 1.0))
            viewers = int(followers * rng.uniform(0.02, 0.06))
            uv_value = float(rng.lognormal(np.log(0.25), 0.4))  # GMV per viewer
            streams90 = int(rng.integers(6, 40))
            rows.append((name, "候选 candidate", str(rng.choice(["AliExpress Live", "TikTok Live", "Facebook Live"], p=[0.5, 0.35, 0.15])),
                         lang, followers, streams90, viewers, round(viewers * streams90 * uv_value, 2),
                         round(uv_value / rng.uniform(18, 30), 4), float(np.round(followers / 1000 * rng.uniform(2, 6), -1)),
                         float(rng.choice([0.0, 0.05, 0.08, 0.1])), _audience(rng, c)))
        h = pd.DataFrame(rows, columns=["host", "status", "platform", "language", "followers", "streams_90d", "avg_viewers",
                                        "past_gmv_90d", "conversion_rate", "fee_per_stream", "commission_rate",
                                        "audience_countries"])
        # planted: the most-followed candidate draws crowds that buy little
        cand = h.index[h["status"] == "候选 candidate"]
        star = h.loc[cand, "followers"].idxmax()
        h.loc[star, "followers"] = int(h.loc[cand, "followers"].max() * 2.5)
        h.loc[star, "avg_viewers"] = int(h.loc[star, "followers"] * 0.03)
        h.loc[star, "past_gmv_90d"] = round(h.loc[star, "avg_viewers"] * h.loc[star, "streams_90d"] * 0.05, 2)
        h.loc[star, "conversion_rate"] = 0.002
        h.loc[star, "fee_per_stream"] = float(np.round(h.loc[star, "followers"] / 1000 * 6, -1))
        h.insert(0, "host_id", [f"HOST{i + 1:02d}" for i in range(len(h))])
        value = h["past_gmv_90d"] / h["streams_90d"].clip(lower=1) / h["fee_per_stream"].replace(0, np.nan)
        best = {lang: h.loc[value[h["language"] == lang].idxmax(), "host_id"] for lang in sorted(h["language"].unique())
                if value[h["language"] == lang].notna().any()}
        h.attrs["roles"] = {"most_followed": h.at[star, "host_id"], "best_value_by_language": best}
        return h
    return world.cached("content.live-hosts", build)


def _lang_of(country: str) -> str:
    from .. import lexicon as lex

    return lex.COUNTRY_LANGUAGE[country]


def _audience(rng, main: str) -> str:
    """"ES 46%, CL 21%, US 9%": the host's top three audience countries and their shares."""
    others = [c for c in ref.COUNTRIES.index if c != main]
    second, third = rng.choice(others, 2, replace=False)
    a = float(rng.uniform(0.4, 0.75))
    b = float(rng.uniform(0.08, (1 - a) * 0.7))
    c = float(rng.uniform(0.03, min(b, 1 - a - b)))
    return f"{main} {a:.0%}, {second} {b:.0%}, {third} {c:.0%}"
