"""The platform market: buyer demand per product keyword, country and day, and the
选品专家 (product research) views a seller reads from it.

Hidden raw values (daily orders, conversion, supply) stay inside the model; the platform shows
only indices, which are monotone but non-linear transforms of them (DOMAIN.md §1).

Planted signals (documented for instructors in datasets/SIGNALS.md):
- in every industry one keyword is *rising* (demand grows ~4x over the last 75 days, supply lags,
  so its competition index falls and its conversion rank is good);
- in every industry one keyword is *fading* (demand halves over the last 90 days).
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import pandas as pd

from .. import reference as ref
from ..errors import choice_error
from ..registry import register

INDEX_EXPONENT = 0.72  # concave transform: index = a * raw ** b


class Market:
    def __init__(self, world):
        self.world = world
        self.days = world.days
        rng = world.rng("market")
        countries = ref.COUNTRIES
        rows = []
        for ind in ref.INDUSTRIES.index:
            for kw in ref.KEYWORDS[ind]:
                rows.append((ind, kw))
        kw = pd.DataFrame(rows, columns=["industry", "keyword"])
        n_kw, n_c, n_d = len(kw), len(countries), len(self.days)

        # Base popularity: heavy-tailed within each industry; the keyword lists in reference.py
        # start with the staple items, so list position sets the expected level.
        position = kw.groupby("industry").cumcount().to_numpy()
        kw["popularity"] = (position + 2.0) ** -0.7 * rng.lognormal(0.0, 0.45, n_kw) * 4.0
        # Yearly log-trend, and the planted rising / fading keyword of each industry.
        kw["trend"] = rng.normal(0.0, 0.25, n_kw)
        kw["role"] = "normal"
        for ind, idx in kw.groupby("industry").groups.items():
            idx = np.asarray(idx)
            order = rng.permutation(idx)
            # the rising keyword starts mid-table so that it climbs into the hot list
            mid = idx[np.argsort(kw.loc[idx, "popularity"].to_numpy())][len(idx) // 3 : 2 * len(idx) // 3]
            rising = rng.choice(mid)
            fading = next(i for i in order if i != rising and kw.at[i, "popularity"] > np.median(kw.loc[idx, "popularity"]))
            kw.loc[rising, "role"] = "rising"
            kw.loc[fading, "role"] = "fading"
        # Hidden browse-to-pay conversion of a keyword's listings, and the supply of listings.
        kw["cvr"] = np.clip(rng.lognormal(np.log(0.015), 0.35, n_kw), 0.002, 0.06)
        kw["supply"] = rng.lognormal(np.log(1.5), 0.55, n_kw)
        kw.loc[kw.role == "rising", "cvr"] *= 1.6
        kw.loc[kw.role == "rising", "supply"] *= 0.45
        self.keywords = kw

        # Country affinity per keyword: the country's size times a keyword-specific taste.
        share = countries["order_share"].to_numpy()
        affinity = share[None, :] * rng.lognormal(0.0, 0.45, (n_kw, n_c))

        # Calendar effects shared by all keywords, then industry seasonality.
        t = np.arange(n_d)
        cal = _calendar_multiplier(self.days)
        month = self.days.month.to_numpy() - 1
        season = np.stack([np.asarray(ref.INDUSTRY_MONTH_SEASON[i])[month] for i in kw["industry"]])
        # Trend: log-linear per keyword; planted roles override the end of the year.
        years = t / 365.0
        log_trend = kw["trend"].to_numpy()[:, None] * (years[None, :] - 0.5)
        rising_curve = np.log1p(3.0 * np.clip((t - (n_d - 75)) / 75.0, 0, None) ** 1.3)
        fading_curve = np.log(1.0 - 0.5 * np.clip((t - (n_d - 90)) / 90.0, 0, None))
        roles = kw["role"].to_numpy()
        log_trend[roles == "rising"] = rising_curve
        log_trend[roles == "fading"] = fading_curve
        base = kw["popularity"].to_numpy()[:, None] * np.exp(log_trend) * season * cal[None, :]
        # 11.11 lifts gadget and gift categories more than others.
        noise = rng.gamma(25.0, 1 / 25.0, (n_kw, n_c, n_d))
        self.daily_orders = (60.0 * base[:, None, :] * affinity[:, :, None] * noise).astype(np.float32)
        # Per-industry index scale, so indices of two industries are not comparable.
        self.index_scale = dict(zip(ref.INDUSTRIES.index, rng.uniform(8.0, 14.0, len(ref.INDUSTRIES))))
        self._cum = np.concatenate(
            [np.zeros((n_kw, n_c, 1), np.float64), np.cumsum(self.daily_orders, axis=2, dtype=np.float64)], axis=2
        )
        self._rank_noise = world.rng("market.cvr-rank")

    # --- windows ---------------------------------------------------------------------------------
    def window(self, end: dt.date, days: int) -> tuple[int, int]:
        """Day-index bounds [lo, hi) of the window of `days` days ending on `end` (inclusive)."""
        hi = int((pd.Timestamp(end) - self.days[0]).days) + 1
        lo = hi - days
        if lo < 0 or hi > len(self.days):
            first = (self.days[0] + pd.Timedelta(days=days - 1)).date()
            raise choice_error(
                "end_date", end, f"{first} … {self.days[-1].date()}",
                zh_what="统计截止日期", en_what="end date of the window",
            )
        return lo, hi

    def window_orders(self, end: dt.date, days: int) -> np.ndarray:
        lo, hi = self.window(end, days)
        return self._cum[:, :, hi] - self._cum[:, :, lo]

    # --- platform views --------------------------------------------------------------------------
    def hot_sale_products(self, industry: str, country: str, end: dt.date, days: int, top_n: int = 25) -> pd.DataFrame:
        """选品专家·热销: the top keywords of one industry in one country over one window."""
        kw = self.keywords
        ci = ref.COUNTRIES.index.get_loc(country)
        mask = (kw["industry"] == industry).to_numpy()
        orders = self.window_orders(end, days)[mask, ci]
        prev = self.window_orders(end - dt.timedelta(days=days), days)[mask, ci] if self._has_prev(end, days) else orders
        sub = kw.loc[mask, ["keyword", "cvr", "supply"]].reset_index(drop=True)
        sub["orders"] = orders
        a = self.index_scale[industry]
        sub["deal_index"] = np.round(a * np.power(np.maximum(orders, 0.0), INDEX_EXPONENT)).astype(int)
        # Supply follows demand with a lag: when demand grew, fewer listings compete per searcher.
        growth = np.clip((orders + 1) / (prev + 1), 0.2, 5.0)
        comp = sub["supply"].to_numpy() / np.sqrt(growth)
        # Small window-to-window wobble of conversion, stable per (keyword, country, window end).
        wobble = _stable_noise(self.world.seed, len(sub), industry, country, end, days)
        sub["cvr_obs"] = sub["cvr"].to_numpy() * np.exp(0.12 * wobble)
        sub["competition_index"] = np.round(np.clip(comp * np.exp(0.08 * wobble[::-1]), 0.05, 20.0), 2)
        sub = sub.sort_values(["deal_index", "keyword"], ascending=[False, True]).head(top_n)
        sub["view_pay_cvr_rank"] = sub["cvr_obs"].rank(ascending=False, method="first").astype(int)
        out = pd.DataFrame(
            {
                "industry": ref.INDUSTRIES.at[industry, "zh"],
                "country": country,
                "product_keyword": sub["keyword"].to_numpy(),
                "deal_index": sub["deal_index"].to_numpy(),
                "view_pay_cvr_rank": sub["view_pay_cvr_rank"].to_numpy(),
                "competition_index": sub["competition_index"].to_numpy(),
            }
        )
        return out.reset_index(drop=True)

    def _has_prev(self, end: dt.date, days: int) -> bool:
        return (pd.Timestamp(end) - pd.Timedelta(days=2 * days - 1)) >= self.days[0]


def _calendar_multiplier(days: pd.DatetimeIndex) -> np.ndarray:
    """Site-wide demand multiplier per day: weekly rhythm, sales events, Christmas, New Year."""
    m = np.ones(len(days))
    m *= np.where(days.dayofweek >= 5, 1.08, 1.0)
    d = days.normalize()
    for _name, first, last, peak in ref.EVENTS:
        first, last = pd.Timestamp(first), pd.Timestamp(last)
        # warm-up in the three days before, peak on the event days, a dip the day after
        for k, f in ((3, 0.25), (2, 0.35), (1, 0.5)):
            m[d == first - pd.Timedelta(days=k)] *= 1 + (peak - 1) * f
        m[(d >= first) & (d <= last)] *= peak
        m[d == last + pd.Timedelta(days=1)] *= 0.85
    xmas = pd.Timestamp(ref.CHRISTMAS_CUTOFF)
    m[(d >= xmas - pd.Timedelta(days=25)) & (d <= xmas)] *= 1.3
    m[(d > xmas) & (d <= pd.Timestamp("2025-12-31"))] *= 0.8
    cny = pd.Timestamp(ref.CHINESE_NEW_YEAR)
    m[(d >= cny - pd.Timedelta(days=10)) & (d <= cny + pd.Timedelta(days=14))] *= 0.85
    return m


def _stable_noise(seed: int, n: int, *key) -> np.ndarray:
    """Standard-normal noise that depends only on the seed and the key, not on call order."""
    h = zlib.crc32("|".join(map(str, key)).encode())
    return np.random.default_rng([seed, h]).standard_normal(n)


def _hot_sale_dump() -> list[dict]:
    """Two consecutive 30-day windows for every industry and country: enough for a change report."""
    return [
        {"industry": i, "country": c, "period": "30d", "end_date": end}
        for end in (ref.END - dt.timedelta(days=30), ref.END)
        for i in ref.INDUSTRIES.index
        for c in ref.COUNTRIES.index
    ]


@register("hot_sale_products", dump=_hot_sale_dump)
def hot_sale_products(world, *, industry, country, period, end_date) -> pd.DataFrame:
    return world.market.hot_sale_products(industry, country, end_date, ref.PERIODS[period])
