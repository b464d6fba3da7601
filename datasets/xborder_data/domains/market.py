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

from .. import lexicon as lex
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


# --- hot attributes (选品专家 · 热销属性) ------------------------------------------------------------
def _attribute_shares(world):
    """Hidden share of each attribute value within its attribute name, per keyword and day.

    Each keyword has its family's attributes (a power bank a capacity, a phone case a material), the
    values a keyword fixes dominate it ("magnetic phone case" is mostly magnetic). Planted: in every
    industry one colour (not among the two most popular) gains share steadily over the last 90 days,
    in every keyword that has a colour: a rising attribute value.
    """
    rng = world.rng("market.attributes")
    m = world.market
    n_d = len(world.days)
    ramp = np.clip((np.arange(n_d) - (n_d - 90)) / 90.0, 0, 1)
    rows, shares = [], []
    rising_value = {}
    for ind in ref.INDUSTRIES.index:
        colors = ref.COLORS[ind]
        rising_value[ind] = ("Color", colors[int(rng.integers(2, len(colors)))])
        for k in np.flatnonzero((m.keywords["industry"] == ind).to_numpy()):
            keyword = m.keywords.at[k, "keyword"]
            fixed = ref.KEYWORD_ATTRIBUTES.get(keyword, {})
            for a_name, values in ref.family_attributes(keyword):
                base = (1.0 / np.arange(1, len(values) + 1) ** 1.2) * rng.lognormal(0, 0.25, len(values))
                if a_name in fixed:
                    base[0] *= 6.0
                s = np.tile(base[:, None], (1, n_d))
                if a_name == "Color" and rising_value[ind][1] in values:
                    s[values.index(rising_value[ind][1])] *= 1.0 + 2.5 * ramp
                s /= s.sum(axis=0, keepdims=True)
                for vi, v in enumerate(values):
                    rows.append((k, ind, a_name, v))
                    shares.append(s[vi])
    meta = pd.DataFrame(rows, columns=["k", "industry", "attribute_name", "attribute_value"])
    return meta, np.vstack(shares).astype(np.float32), rising_value


def attribute_model(world):
    return world.cached("market.attributes", lambda: _attribute_shares(world))


def _hot_attributes(world, industry, country, end_date, days, top_keywords=8):
    m = world.market
    meta, shares, _ = attribute_model(world)
    lo, hi = m.window(end_date, days)
    ci = ref.COUNTRIES.index.get_loc(country)
    sel = np.flatnonzero((meta["industry"] == industry).to_numpy())
    k = meta["k"].to_numpy()[sel]
    daily = m.daily_orders[k, ci, lo:hi]
    orders = (daily * shares[sel, lo:hi]).sum(axis=1)
    kw_orders = pd.Series(m.window_orders(end_date, days)[:, ci]).iloc[np.unique(k)]
    top = set(kw_orders.sort_values(ascending=False).index[:top_keywords])
    out = meta.iloc[sel].assign(orders=orders)
    out = out[out["k"].isin(top)]
    a = m.index_scale[industry] * 0.8
    out = pd.DataFrame({
        "industry": ref.INDUSTRIES.at[industry, "zh"],
        "country": country,
        "product_keyword": m.keywords["keyword"].to_numpy()[out["k"].to_numpy()],
        "attribute_name": out["attribute_name"].to_numpy(),
        "attribute_value": out["attribute_value"].to_numpy(),
        "deal_index": np.round(a * np.power(np.maximum(out["orders"].to_numpy(), 0.0), INDEX_EXPONENT)).astype(int),
    })
    kw_rank = {m.keywords.at[i, "keyword"]: r for r, i in enumerate(kw_orders.sort_values(ascending=False).index)}
    out["_r"] = out["product_keyword"].map(kw_rank)
    out = out.sort_values(["_r", "attribute_name", "deal_index"], ascending=[True, True, False]).drop(columns="_r")
    return out[out["deal_index"] > 0].reset_index(drop=True)


@register("hot_attributes", dump=lambda: [
    {"industry": i, "country": c, "period": "30d", "end_date": end}
    for end in (ref.END - dt.timedelta(days=30), ref.END) for i in ref.INDUSTRIES.index for c in ("US", "ES", "FR", "RU")])
def hot_attributes(world, *, industry, country, period, end_date) -> pd.DataFrame:
    return _hot_attributes(world, industry, country, end_date, ref.PERIODS[period])


# --- search terms (搜索词分析: 热搜词 / 飙升词) -------------------------------------------------------------
def _overlaps(phrase: str, term: str) -> bool:
    """A modifier that repeats a word of the term ("magnetic" + "magnetic phone case", or "z magnesem" +
    "etui magnetyczne": the same stem) is not added."""
    def stems(text):
        return {w[:5] if len(w) >= 5 else w for w in text.lower().split()}
    return bool(stems(phrase) & stems(term))


# brand words as buyers of a language write them, where it is not the Latin form
LOCAL_BRANDS = {("ko", "iphone"): "아이폰", ("ko", "samsung"): "삼성", ("ko", "airpods"): "에어팟", ("ko", "xiaomi"): "샤오미",
                ("ru", "iphone"): "айфон", ("ru", "samsung"): "самсунг"}


def _terms(world) -> pd.DataFrame:
    """The search terms of every keyword in every language, with the weight each language gives them.

    A market searches in its own language (lexicon.COUNTRY_LANGUAGE) and partly in English
    (lexicon.ENGLISH_SHARE). Modifiers come from the keyword's family and never repeat a word of the
    keyword; a term that uses a brand word as a brand is a brand term (lexicon.brand_claims).
    """
    rng = world.rng("market.search-terms")
    kw = world.market.keywords
    rows = []
    for k, (ind, base) in enumerate(zip(kw["industry"], kw["keyword"])):
        fam = ref.FAMILIES[ref.KEYWORD_SPECS.at[base, "family"]]
        for lang in lex.LANGUAGES:
            name = base if lang == "en" else lex.KEYWORD_NAMES[base][lang]
            rows.append((k, ind, name, lang, 0.5))
            ok = [c for c in fam["concepts"] if lex.CONCEPTS[c][lang] and not _overlaps(lex.CONCEPTS[c][lang], name)
                  and not (c == "typec" and " c " in f" {base} ")]  # "type c" repeats "usb c"
            n_mod = 2 if lang == "en" else int(rng.integers(1, 3))
            for j in rng.permutation(len(ok))[:n_mod]:
                c = ok[j]
                phrase = lex.CONCEPTS[c][lang]
                before = lex.CONCEPTS[c]["pos"] == "p" if lang == "en" else lang == "ko"
                rows.append((k, ind, f"{phrase} {name}" if before else f"{name} {phrase}", lang, float(rng.uniform(0.08, 0.2))))
            if fam["brands"] and rng.random() < (0.18 if lang == "en" else 0.1):
                brand = fam["brands"][int(rng.integers(len(fam["brands"])))]
                brand = LOCAL_BRANDS.get((lang, brand), brand)
                before = lang in ("en", "ko")
                rows.append((k, ind, f"{brand} {name}" if before else f"{name} {brand}", lang, float(rng.uniform(0.1, 0.25))))
    t = pd.DataFrame(rows, columns=["k", "industry", "search_term", "lang", "weight"])
    # one row per term: the same text typed in several languages ("pop it", "powerbank") adds up
    first_k = t.groupby("search_term", sort=False)["k"].transform("first")
    t = t[t["k"] == first_k]
    w = t.pivot_table(index="search_term", columns="lang", values="weight", aggfunc="sum", fill_value=0.0)
    meta = t.drop_duplicates("search_term").set_index("search_term")[["k", "industry"]]
    t = meta.join(w.reindex(columns=list(lex.LANGUAGES), fill_value=0.0)).reset_index()
    n = len(t)
    t["is_brand_term"] = [bool(lex.brand_claims(x)) for x in t["search_term"]]
    t["searches_per_order"] = rng.lognormal(np.log(45), 0.3, n)
    # buyers chasing a new trend search again and again, comparing offers: its terms reach the hot list
    t.loc[(kw["role"].to_numpy()[t["k"]] == "rising"), "searches_per_order"] *= 2.0
    t["click_rate"] = np.clip(rng.lognormal(np.log(0.045), 0.5, n), 0.01, 0.15)
    t["pay_cvr"] = np.clip(kw["cvr"].to_numpy()[t["k"]] * rng.lognormal(0, 0.3, n), 0.001, 0.05)
    t["supply"] = kw["supply"].to_numpy()[t["k"]] * rng.lognormal(0, 0.2, n)
    return t


def term_country_weights(terms: pd.DataFrame) -> np.ndarray:
    """T × C: how much of a keyword's demand in each country searches through each term."""
    cols = []
    for code in ref.COUNTRIES.index:
        native = lex.COUNTRY_LANGUAGE[code]
        w = terms[native].to_numpy(dtype=float).copy()
        if native != "en":
            w += lex.ENGLISH_SHARE[code] * terms["en"].to_numpy(dtype=float)
        cols.append(w)
    return np.stack(cols, axis=1)


def search_term_model(world):
    return world.cached("market.terms", lambda: _terms(world))


def _search_terms(world, industry, country, end_date, days, top_n=40):
    m = world.market
    t = search_term_model(world)
    t = t[t["industry"] == industry]
    ci = ref.COUNTRIES.index.get_loc(country)
    weights = term_country_weights(t)
    t = t[weights[:, ci] > 0]
    weights = weights[weights[:, ci] > 0]
    t = t.assign(weight=weights[:, ci])
    now = m.window_orders(end_date, days)[t["k"].to_numpy(), ci]
    prev_end = end_date - dt.timedelta(days=days)
    has_prev = m._has_prev(end_date, days)
    prev = m.window_orders(prev_end, days)[t["k"].to_numpy(), ci] if has_prev else now
    searchers = now * t["weight"].to_numpy() * t["searches_per_order"].to_numpy() / days
    searchers_prev = prev * t["weight"].to_numpy() * t["searches_per_order"].to_numpy() / days
    popularity = np.round(4.0 * np.power(searchers + 1, 0.8)).astype(int)
    index = np.round(popularity * (1.6 + 0.4 * np.log1p(searchers))).astype(int)
    index_prev = np.round(4.0 * np.power(searchers_prev + 1, 0.8) * (1.6 + 0.4 * np.log1p(searchers_prev)))
    growth_ratio = (now + 1) / (prev + 1)
    # countries where the term is searched most (share of the keyword's demand by country)
    by_country = m.window_orders(end_date, days)[t["k"].to_numpy()] * weights
    top3 = [",".join(ref.COUNTRIES.index[[i for i in np.argsort(-row, kind="stable")[:3] if row[i] > 0]]) for row in by_country]
    out = pd.DataFrame({
        "industry": ref.INDUSTRIES.at[industry, "zh"],
        "country": country,
        "search_term": t["search_term"].to_numpy(),
        "is_brand_term": t["is_brand_term"].to_numpy(),
        "search_popularity": popularity,
        "search_index": index,
        "click_rate": np.round(t["click_rate"].to_numpy(), 4),
        "pay_cvr": np.round(t["pay_cvr"].to_numpy(), 4),
        "competition_index": np.round(np.clip(t["supply"].to_numpy() / np.sqrt(np.clip(growth_ratio, 0.2, 5)), 0.05, 20), 2),
        "top3_countries": top3,
        "search_index_growth": np.round(index / np.maximum(index_prev, 1) - 1, 4),
        "exposed_products_growth": np.round(np.sqrt(np.clip(growth_ratio, 0.2, 5)) - 1, 4),
    })
    out = out.sort_values(["search_popularity", "search_term"], ascending=[False, True]).head(top_n)
    out["view_pay_cvr_rank"] = out["pay_cvr"].rank(ascending=False, method="first").astype(int)
    cols = ["industry", "country", "search_term", "is_brand_term", "search_popularity", "search_index", "click_rate",
            "pay_cvr", "view_pay_cvr_rank", "competition_index", "top3_countries", "search_index_growth",
            "exposed_products_growth"]
    return out[cols].reset_index(drop=True)


@register("search_terms", dump=lambda: [
    {"industry": i, "country": c, "period": "30d", "end_date": end}
    for end in (ref.END - dt.timedelta(days=30), ref.END) for i in ref.INDUSTRIES.index for c in ("US", "ES", "FR", "RU")])
def search_terms(world, *, industry, country, period, end_date) -> pd.DataFrame:
    return _search_terms(world, industry, country, end_date, ref.PERIODS[period])


# --- zero- and low-result terms (搜索词分析: 零少词) -----------------------------------------------------------
# modifiers that contradict each other never go into one search
_EXCLUSIVE = [{"for_iphone", "for_samsung"}, {"women", "men"}, {"summer", "winter"}, {"kids", "baby"}]


def _pair(rng, concepts):
    """Two modifiers that make sense together, or None."""
    pairs = [(a, b) for i, a in enumerate(concepts) for b in concepts[i + 1:] if not any({a, b} <= x for x in _EXCLUSIVE)]
    return pairs[int(rng.integers(len(pairs)))] if pairs else None


def _long_tail(world) -> pd.DataFrame:
    """Long-tail searches of every keyword: an attribute value or two modifiers added to it.

    Buyers type them rarely and few listings answer them (a handful of exposed products, often none);
    terms with the industry's rising colour (market.attribute_model) grow with it, and almost no
    listing offers them yet.
    """
    rng = world.rng("market.long-tail")
    kw = world.market.keywords
    _meta, _shares, rising = attribute_model(world)
    rows = []
    for k, r in kw.iterrows():
        base, ind = r["keyword"], r["industry"]
        fam = ref.FAMILIES[ref.KEYWORD_SPECS.at[base, "family"]]
        values = [(n, v) for n, vs in ref.family_attributes(base) for v in vs[:4] if not _overlaps(v, base)]
        for i in rng.choice(len(values), size=min(3, len(values)), replace=False):
            name, value = values[i]
            rows.append((k, ind, f"{value.lower()} {base}", "en", value))
        if rising[ind][1] in dict(ref.family_attributes(base)).get(rising[ind][0], []):
            rows.append((k, ind, f"{rising[ind][1].lower()} {base}", "en", rising[ind][1]))
        concepts = [c for c in fam["concepts"] if not _overlaps(lex.CONCEPTS[c]["en"], base)]
        pair = _pair(rng, concepts)
        if pair:
            a, b = pair
            pa = lex.CONCEPTS[a]
            term = f"{pa['en']} {base}" if pa["pos"] == "p" else f"{base} {pa['en']}"
            rows.append((k, ind, f"{term} {lex.CONCEPTS[b]['en']}", "en", None))
        for lang in lex.LANGUAGES[1:]:
            name = lex.KEYWORD_NAMES[base][lang]
            # a value reads the same in every language only if it is a number with its unit (20000mAh, 65W, 2m)
            neutral = [v for _n, v in values if v[0].isdigit() and " " not in v]
            if neutral:
                rows.append((k, ind, f"{name} {str(rng.choice(neutral)).lower()}", lang, None))
            ok = [c for c in fam["concepts"] if lex.CONCEPTS[c][lang] and not _overlaps(lex.CONCEPTS[c][lang], name)]
            pair = _pair(rng, ok)
            if pair:
                a, b = pair
                rows.append((k, ind, f"{name} {lex.CONCEPTS[a][lang]} {lex.CONCEPTS[b][lang]}", lang, None))
    t = pd.DataFrame(rows, columns=["k", "industry", "search_term", "lang", "value"]).drop_duplicates("search_term")
    n = len(t)
    t["weight"] = rng.lognormal(np.log(0.012), 0.6, n)
    is_rising = np.array([v is not None and v == rising[i][1] for v, i in zip(t["value"], t["industry"])])
    t["rising"] = is_rising
    # listings that answer the term: few, and none or almost none for the rising colour yet
    answer = rng.lognormal(np.log(12), 1.3, n) * (rng.random(n) > 0.25)
    answer[is_rising] = rng.integers(0, 4, is_rising.sum())
    t["exposed_products"] = np.round(answer).astype(int)
    t["click_rate"] = np.clip(rng.lognormal(np.log(0.05), 0.5, n), 0.005, 0.2)
    t["is_brand_term"] = [bool(lex.brand_claims(x)) for x in t["search_term"]]
    return t.reset_index(drop=True)


def long_tail_model(world):
    return world.cached("market.long-tail", lambda: _long_tail(world))


def _low_result_terms(world, industry, country, end_date, days, top_n=40, max_results=50):
    m = world.market
    t = long_tail_model(world)
    t = t[t["industry"] == industry]
    native = lex.COUNTRY_LANGUAGE[country]
    share = np.where(t["lang"] == native, 1.0, np.where(t["lang"] == "en", lex.ENGLISH_SHARE[country], 0.0))
    t, share = t[share > 0], share[share > 0]
    ci = ref.COUNTRIES.index.get_loc(country)
    lo, hi = m.window(end_date, days)
    daily = m.daily_orders[t["k"].to_numpy(), ci, lo:hi].astype(float)
    n_d = len(world.days)
    ramp = np.clip((np.arange(lo, hi) - (n_d - 90)) / 90.0, 0, 1)
    boost = np.where(t["rising"].to_numpy()[:, None], 1.0 + 2.5 * ramp[None, :], 1.0)
    searchers = (daily * boost).sum(axis=1) * t["weight"].to_numpy() * share * 45 / days
    popularity = np.round(4.0 * np.power(searchers + 1, 0.8)).astype(int)
    index = np.round(popularity * (1.6 + 0.4 * np.log1p(searchers))).astype(int)
    out = pd.DataFrame({
        "industry": ref.INDUSTRIES.at[industry, "zh"], "country": country, "search_term": t["search_term"].to_numpy(),
        "is_brand_term": t["is_brand_term"].to_numpy(), "search_popularity": popularity, "search_index": index,
        "click_rate": np.round(t["click_rate"].to_numpy(), 4), "exposed_products": t["exposed_products"].to_numpy(),
    })
    out = out[(out["exposed_products"] <= max_results) & (out["search_popularity"] > 4)]
    return out.sort_values(["search_popularity", "search_term"], ascending=[False, True]).head(top_n).reset_index(drop=True)


@register("low_result_terms", dump=lambda: [
    {"industry": i, "country": c, "period": "30d", "end_date": ref.END} for i in ref.INDUSTRIES.index for c in ("US", "ES", "FR", "DE")])
def low_result_terms(world, *, industry, country, period, end_date) -> pd.DataFrame:
    return _low_result_terms(world, industry, country, end_date, ref.PERIODS[period])


# --- industry intelligence (行业情报) ----------------------------------------------------------------
def _industry_intel(world, month: str) -> pd.DataFrame:
    rng = world.rng(f"market.industry.{month}")
    m = world.market
    p = pd.Period(month, "M")
    lo = int((p.start_time - world.days[0]).days)
    hi = min(int((p.end_time.normalize() - world.days[0]).days) + 1, len(world.days))
    orders_k = m.daily_orders[:, :, lo:hi].sum(axis=(1, 2))
    prev_lo = max(lo - (hi - lo), 0)
    prev_k = m.daily_orders[:, :, prev_lo:lo].sum(axis=(1, 2)) if lo > 0 else orders_k
    kw = m.keywords
    rows = []
    for ind in ref.INDUSTRIES.index:
        idx = np.flatnonzero((kw["industry"] == ind).to_numpy())
        for zh, en, a, b in ref.SUBCATEGORIES[ind]:
            k = idx[a:b]
            rows.append((ind, zh, en, orders_k[k].sum(), prev_k[k].sum(), kw["supply"].to_numpy()[k].mean(),
                         kw["cvr"].to_numpy()[k].mean()))
    d = pd.DataFrame(rows, columns=["industry", "category", "category_en", "orders", "prev", "supply", "cvr"])
    d["visitors"] = d["orders"] / d["cvr"]
    # 笔单价 (amount per paid order) and orders per paying buyer give 客单价 = payment amount ÷ paying buyers
    order_value = {"phone-accessories": 9, "womens-clothing": 24, "home-garden": 14, "beauty-tools": 12, "toys": 17, "sports": 26}
    d["pay_amount"] = d["orders"] * d["industry"].map(order_value) * rng.lognormal(0, 0.15, len(d))
    d["buyers"] = d["orders"] / rng.uniform(1.04, 1.12, len(d))
    d["aov"] = np.round(d["pay_amount"] / d["buyers"], 2)
    d["pv"] = d["visitors"] * rng.uniform(2.0, 3.5, len(d))
    growth = (d["orders"] + 1) / (d["prev"] + 1)
    d["listings"] = np.round(d["supply"] * d["visitors"] / 30 / np.sqrt(np.clip(growth, 0.3, 3))).astype(int)
    out = []
    for ind, g in d.groupby("industry", sort=False):
        tot = g[["visitors", "pv", "pay_amount", "orders"]].sum()
        for r in g.itertuples():
            out.append((month, r.category, ref.INDUSTRIES.at[ind, "zh"], 2, r.visitors, r.visitors / tot.visitors,
                        r.pv / tot.pv, r.pay_amount / tot.pay_amount, r.orders / tot.orders, r.listings, r.aov,
                        r.orders / max(r.prev, 1) - 1))
    lvl1 = d.groupby("industry", sort=False).agg(visitors=("visitors", "sum"), pv=("pv", "sum"), pay=("pay_amount", "sum"),
                                                 orders=("orders", "sum"), prev=("prev", "sum"), listings=("listings", "sum"),
                                                 buyers=("buyers", "sum"))
    site = lvl1.sum()
    for ind, r in lvl1.iterrows():
        out.append((month, ref.INDUSTRIES.at[ind, "zh"], "全站 whole site", 1, r.visitors, r.visitors / site.visitors,
                    r.pv / site.pv, r.pay / site.pay, r.orders / site.orders, int(r.listings), round(r.pay / r.buyers, 2),
                    r.orders / max(r.prev, 1) - 1))
    f = pd.DataFrame(out, columns=["month", "category", "parent_category", "level", "visitors_raw", "visitor_share",
                                   "pv_share", "pay_amount_share", "pay_order_share", "listings", "aov", "growth"])
    f["visitors_index"] = np.round(30 * np.power(f["visitors_raw"], 0.7)).astype(int)
    f["listing_index"] = np.round(30 * np.power(f["listings"] * 8.0, 0.7)).astype(int)
    f["search_index"] = np.round(f["visitors_index"] * rng.uniform(0.8, 1.3, len(f))).astype(int)
    f["supply_demand_index"] = np.round(f["listing_index"] / f["visitors_index"] * 100, 2)
    f["growth_pct"] = np.round(f["growth"], 4)
    for c in ("visitor_share", "pv_share", "pay_amount_share", "pay_order_share"):
        f[c] = np.round(f[c], 4)
    cols = ["month", "level", "parent_category", "category", "visitors_index", "visitor_share", "pv_share",
            "pay_amount_share", "pay_order_share", "search_index", "listings", "listing_index", "supply_demand_index",
            "aov", "growth_pct"]
    return f.sort_values(["level", "parent_category", "category"])[cols].reset_index(drop=True)


@register("industry_intel", dump=lambda: [{"month": m.strftime("%Y-%m")} for m in pd.period_range(ref.START, ref.END, freq="M")])
def industry_intel(world, *, month) -> pd.DataFrame:
    # notebooks and their checks ask for the same months again and again: build each month once
    return world.cached(("industry_intel", month), lambda: _industry_intel(world, month))
