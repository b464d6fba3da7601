"""The store's independent site (GA4-like sessions) and what each channel costs.

GA4 conventions: a session is engaged if it lasts more than 10 s, has a key event or two or more
page views; bounce rate = 1 − engagement rate; CAC = channel spend ÷ new customers.

Planted signal (datasets/SIGNALS.md): the paid-social channel (facebook / paid_social) costs far
more per new customer than every other paid channel (CAC at least 1.8× the next one), and the
landing page /collections/sale has the highest bounce rate of all landing pages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register

CHANNELS = [
    # source, medium, channel, share of sessions, purchase rate, cost per click (None = unpaid)
    ("google", "organic", "Organic Search", 0.34, 0.021, None),
    ("google", "cpc", "Paid Search", 0.18, 0.016, 0.42),
    ("facebook", "paid_social", "Paid Social", 0.16, 0.006, 0.55),
    ("instagram", "social", "Organic Social", 0.08, 0.008, None),
    ("newsletter", "email", "Email", 0.07, 0.052, 0.08),
    ("(direct)", "(none)", "Direct", 0.12, 0.022, None),
    ("blog-partner", "referral", "Referral", 0.05, 0.054, None),
]
PAGES = ["/", "/collections/phone-accessories", "/collections/home", "/collections/sale", "/products/magnetic-case",
         "/products/led-strip", "/blogs/guides"]


def _sessions(world) -> pd.DataFrame:
    rng = world.rng("site.sessions")
    ch = pd.DataFrame(CHANNELS, columns=["source", "medium", "channel", "share", "purchase", "cpc"])
    n = int(42_000 * world.scale)
    days = world.days.to_numpy()
    growth = np.exp(0.5 * np.arange(len(days)) / len(days))
    day = rng.choice(len(days), size=n, p=growth / growth.sum())
    c = rng.choice(len(ch), size=n, p=ch["share"] / ch["share"].sum())
    page = rng.choice(len(PAGES), size=n, p=[0.3, 0.15, 0.12, 0.15, 0.12, 0.1, 0.06])
    sale_page = PAGES.index("/collections/sale")
    p_engaged = np.where(page == sale_page, 0.33, 0.58) * np.where(ch["medium"].to_numpy()[c] == "paid_social", 0.8, 1.0)
    engaged = rng.random(n) < p_engaged
    pageviews = np.where(engaged, 2 + rng.poisson(2.2, n), 1)
    duration = np.where(engaged, rng.lognormal(np.log(120), 0.7, n), rng.uniform(0, 10, n))
    atc = engaged & (rng.random(n) < 0.14)
    checkout = atc & (rng.random(n) < 0.5)
    purchase_p = ch["purchase"].to_numpy()[c] / (0.58 * 0.14 * 0.5)
    purchase = checkout & (rng.random(n) < np.clip(purchase_p, 0, 1))
    revenue = np.where(purchase, np.round(rng.lognormal(np.log(34), 0.45, n), 2), 0.0)
    started = days[day] + rng.integers(0, 86400, n).astype("timedelta64[s]")
    order = np.argsort(started, kind="stable")
    df = pd.DataFrame({
        "session_id": [f"S{i:07d}" for i in range(1, n + 1)],
        "started_at": pd.to_datetime(started[order]), "source": ch["source"].to_numpy()[c][order],
        "medium": ch["medium"].to_numpy()[c][order], "channel": ch["channel"].to_numpy()[c][order],
        "device": rng.choice(["mobile", "desktop", "tablet"], n, p=[0.64, 0.31, 0.05]),
        "country": rng.choice(["US", "GB", "DE", "FR", "ES", "NL", "PL"], n, p=[0.4, 0.14, 0.12, 0.1, 0.1, 0.07, 0.07]),
        "landing_page": np.array(PAGES)[page][order], "engaged": engaged[order],
        "duration_s": np.round(duration[order], 1), "pageviews": pageviews[order], "add_to_cart": atc[order],
        "begin_checkout": checkout[order], "purchase": purchase[order], "revenue": revenue[order],
    })
    new = rng.random(n) < 0.7
    df["new_customer"] = df["purchase"] & new[order]
    for col in ("source", "medium", "channel", "device", "country", "landing_page"):
        df[col] = df[col].astype("category")
    return df


@register("site_sessions", whole=True, dump=lambda: [{"start_date": "2026-08-01", "end_date": "2026-10-31"}])
def site_sessions(world) -> pd.DataFrame:
    return world.cached("site.sessions", lambda: _sessions(world))


@register("channel_costs", whole=True)
def channel_costs(world) -> pd.DataFrame:
    rng = world.rng("site.costs")
    s = site_sessions(world)
    ch = pd.DataFrame(CHANNELS, columns=["source", "medium", "channel", "share", "purchase", "cpc"])
    paid = ch[ch["cpc"].notna()]
    day = s["started_at"].dt.normalize()
    g = s[s["channel"].isin(paid["channel"])].groupby([day.rename("date"), "channel"]).agg(
        sessions=("session_id", "size"), new_customers=("new_customer", "sum")).reset_index()
    cpc = g["channel"].map(paid.set_index("channel")["cpc"]).to_numpy()
    g["clicks"] = np.round(g["sessions"] * rng.uniform(1.05, 1.25, len(g))).astype(int)
    g["spend"] = np.round(g["clicks"] * cpc * rng.lognormal(0, 0.1, len(g)), 2)
    g["new_customers"] = g["new_customers"].astype(int)
    return g[["date", "channel", "spend", "clicks", "sessions", "new_customers"]]
