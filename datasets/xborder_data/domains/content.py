"""Overseas promotion content: influencers, social-media posts, videos and live streams.

Engagement rate (course convention) = (likes + comments + shares + saves) ÷ reach for a post;
video completion = average view percentage; live-stream UV value = GMV ÷ unique viewers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register

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


@register("live_streams", whole=True)
def live_streams(world) -> pd.DataFrame:
    rng = world.rng("content.live")
    n = 104
    hosts = ["Anna (RU)", "Lucía (ES)", "Mia (US)", "Camille (FR)", "Store team 店铺团队"]
    host = rng.choice(hosts, n)
    skill = {h: s for h, s in zip(hosts, rng.uniform(0.7, 1.4, len(hosts)))}
    days = world.days.to_numpy()
    start = days[rng.integers(0, len(days), n)] + rng.integers(10, 22, n).astype("timedelta64[h]")
    duration = rng.choice([60, 90, 120, 180], n)
    k = np.array([skill[h] for h in host])
    viewers = np.round(rng.lognormal(np.log(2500), 0.6, n) * k * duration / 90).astype(int)
    interact = rng.binomial(viewers, np.clip(0.08 * k, 0, 0.4))
    clicks = rng.binomial(viewers, np.clip(0.06 * k, 0, 0.3))
    orders = rng.binomial(clicks, np.clip(0.06 * k, 0, 0.5))
    gmv = np.round(orders * rng.uniform(14, 28, n), 2)
    fee = np.where(np.char.find(host.astype(str), "Store team") >= 0, 0.0, rng.uniform(80, 400, n))
    return pd.DataFrame({
        "stream_id": [f"LIVE{i:04d}" for i in range(1, n + 1)], "host": host,
        "platform": rng.choice(["AliExpress Live", "TikTok Live", "Facebook Live"], n, p=[0.6, 0.3, 0.1]),
        "started_at": pd.to_datetime(start), "duration_min": duration, "unique_viewers": viewers,
        "peak_concurrent": np.round(viewers * rng.uniform(0.05, 0.15, n)).astype(int),
        "avg_watch_s": np.round(rng.lognormal(np.log(95), 0.35, n) * k, 1), "likes": rng.binomial(viewers, 0.3),
        "comments": np.round(interact * 0.4).astype(int), "shares": np.round(interact * 0.08).astype(int),
        "follows_gained": rng.binomial(viewers, 0.02), "product_clicks": clicks,
        "cart_adds": rng.binomial(clicks, 0.25), "orders": orders, "gmv": gmv,
        "cost": np.round(fee + rng.uniform(30, 150, n), 2),
    }).sort_values("started_at").reset_index(drop=True)
