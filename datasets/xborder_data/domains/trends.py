"""Market research beyond the platform: cross-platform trend indices, an SEO keyword tool, and the
audiences of the social networks in each target country.

Every platform states demand on its own scale, as the real tools do: Google Trends as 0–100
interest relative to the category's own peak, the marketplace as a search index, Amazon as a
search frequency rank (1 = searched most), TikTok as hashtag views. They can be compared by shape
and direction, never by level. All of them follow the same hidden weekly demand of each
sub-category (the market of domains/market.py), seen with each platform's lead or lag.

Planted signals (datasets/SIGNALS.md):
- one sub-category rises on every platform over the last 12 weeks (short video first, the
  marketplace last): its growth over the last 8 weeks against the 8 before is the highest of all
  sub-categories on each platform;
- one market is an SEO opportunity: keywords in its own language are far easier to rank for than
  anywhere else.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from .. import lexicon as lex
from .. import reference as ref
from ..registry import register

# platform, metric, how many weeks it leads (+) or lags (−) the marketplace, log-noise
PLATFORMS = [
    ("Google Trends", "搜索热度 interest (0-100)", 1, 0.08),
    ("AliExpress", "搜索指数 search index", 0, 0.05),
    ("Amazon", "搜索频率排名 search frequency rank", 0, 0.06),
    ("TikTok", "话题播放量 hashtag views", 3, 0.15),
]
TREND_WEEKS = 12


def _subcategory_of(world) -> pd.DataFrame:
    kw = world.market.keywords
    rows = []
    for ind in ref.INDUSTRIES.index:
        idx = np.flatnonzero((kw["industry"] == ind).to_numpy())
        for zh, en, a, b in ref.SUBCATEGORIES[ind]:
            for k in idx[a:b]:
                rows.append((k, ind, zh, en))
    return pd.DataFrame(rows, columns=["k", "industry", "category", "category_en"])


def trending_category(world) -> tuple[str, str]:
    """(industry, sub-category zh) that the planted cross-platform trend lifts: the sub-category of one
    industry's rising keyword, so the marketplace's own reports point the same way."""
    rng = world.rng("trends.category")
    kw = world.market.keywords
    ind = str(rng.choice(ref.INDUSTRIES.index))
    rising = kw.index[(kw["industry"] == ind) & (kw["role"] == "rising")][0]
    sub = _subcategory_of(world)
    return ind, sub.loc[sub["k"] == rising, "category"].item()


@register("platform_trends", whole=True)
def platform_trends(world) -> pd.DataFrame:
    def build():
        rng = world.rng("trends.platforms")
        m = world.market
        sub = _subcategory_of(world)
        weeks = pd.date_range(world.days[0] + pd.Timedelta(days=(7 - world.days[0].dayofweek) % 7), world.days[-1], freq="7D")
        weeks = weeks[weeks + pd.Timedelta(days=6) <= world.days[-1]]
        day0 = (weeks[0] - world.days[0]).days
        daily = m.daily_orders.sum(axis=1)  # K × D, all countries
        cats = sub.groupby(["industry", "category"], sort=False)["k"].apply(list)
        n_w = len(weeks)
        # one extra quarter of weeks on each side, so leads and lags shift real demand, not padding
        demand = np.stack([daily[ks].sum(axis=0) for ks in cats]).astype(float)  # S × D
        weekly = np.stack([demand[:, day0 + 7 * w: day0 + 7 * w + 7].sum(axis=1) for w in range(n_w)], axis=1)
        hot = trending_category(world)
        boost_idx = list(cats.index).index(hot)
        affinity = rng.lognormal(0, 0.5, (len(cats), len(PLATFORMS)))
        frames = []
        for p, (platform, metric, lead, noise) in enumerate(PLATFORMS):
            shifted = np.concatenate([weekly[:, lead:], np.repeat(weekly[:, -1:], lead, axis=1)], axis=1) if lead else weekly
            w_idx = np.arange(n_w) + lead
            ramp = np.clip((w_idx - (n_w - TREND_WEEKS)) / TREND_WEEKS, 0, 1.3)
            x = shifted * affinity[:, p:p + 1] * np.exp(rng.normal(0, noise, shifted.shape))
            x[boost_idx] *= 1.0 + 2.0 * ramp
            if platform == "Google Trends":
                value = np.round(100 * x / x.max(axis=1, keepdims=True))
            elif platform == "AliExpress":
                value = np.round(25 * np.power(x, 0.75))
            elif platform == "Amazon":
                # a rank among all of Amazon's search terms: more searches, a smaller number
                value = np.round(np.clip(4e8 / np.power(x * 40, 1.1), 1, 2_000_000))
            else:
                value = np.round(x * rng.uniform(900, 1500))
            frames.append(pd.DataFrame({
                "week": np.tile(weeks, len(cats)), "platform": platform, "metric": metric,
                "parent_category": np.repeat([ref.INDUSTRIES.at[i, "zh"] for i, _c in cats.index], n_w),
                "category": np.repeat([c for _i, c in cats.index], n_w), "value": value.ravel().astype(np.int64),
            }))
        return pd.concat(frames, ignore_index=True).sort_values(["platform", "parent_category", "category", "week"]).reset_index(drop=True)
    return world.cached("trends.platforms", build)


# search patterns of an SEO tool, per language: (pattern, intent); {k} is the keyword in that language
SEO_PATTERNS = {
    "en": [("best {k}", "commercial 商业调查"), ("how to choose {k}", "informational 信息"), ("buy {k}", "transactional 交易"),
           ("{k} review", "commercial 商业调查")],
    "fr": [("{k} avis", "commercial 商业调查"), ("comment choisir {k}", "informational 信息"), ("{k} pas cher", "transactional 交易")],
    "es": [("mejor {k}", "commercial 商业调查"), ("{k} opiniones", "commercial 商业调查"), ("comprar {k}", "transactional 交易")],
    "ru": [("{k} отзывы", "commercial 商业调查"), ("{k} купить", "transactional 交易")],
    "pt": [("melhor {k}", "commercial 商业调查"), ("{k} vale a pena", "informational 信息"), ("comprar {k}", "transactional 交易")],
    "ko": [("{k} 추천", "commercial 商业调查"), ("{k} 후기", "commercial 商业调查"), ("{k} 구매", "transactional 交易")],
    "pl": [("{k} opinie", "commercial 商业调查"), ("ranking {k}", "commercial 商业调查"), ("{k} sklep", "transactional 交易")],
    "nl": [("beste {k}", "commercial 商业调查"), ("{k} review", "commercial 商业调查"), ("{k} kopen", "transactional 交易")],
    "de": [("{k} test", "commercial 商业调查"), ("{k} vergleich", "commercial 商业调查"), ("{k} kaufen", "transactional 交易")],
}
# typical cost per click on search ads, USD, by country [course assumption]
CPC_COUNTRY = {"US": 0.9, "GB": 0.75, "DE": 0.7, "FR": 0.55, "NL": 0.6, "IL": 0.45, "ES": 0.4, "PL": 0.25, "KR": 0.5,
               "BR": 0.2, "CL": 0.25, "RU": 0.15}
# Google's share of the demand people search on the open web, per marketplace order [course assumption]
WEB_SEARCHES_PER_ORDER = 25


def seo_opportunity_country(world) -> str:
    """The planted SEO opportunity: the market whose own-language keywords are easiest to rank for."""
    return str(world.rng("trends.seo-opportunity").choice(["PL", "NL", "KR", "BR"]))


@register("seo_keywords", whole=True, dump=lambda: [{"country": c} for c in ref.COUNTRIES.index])
def seo_keywords(world) -> pd.DataFrame:
    """An SEO keyword tool's export: one row per keyword phrase, country and language with its monthly web
    search volume, ranking difficulty (0–100), the cost per click of search ads and the search intent."""
    def build():
        rng = world.rng("trends.seo")
        m = world.market
        kw = m.keywords
        yearly = m.daily_orders.sum(axis=2)  # K × C
        easy = seo_opportunity_country(world)
        # the phrases of every keyword in every language: the keyword itself and the tool's patterns around it
        phrases = {}
        for lang in lex.LANGUAGES:
            rows = []
            for k, word in enumerate(kw["keyword"]):
                base = word if lang == "en" else lex.KEYWORD_NAMES[word][lang]
                rows.append((k, base, "商业调查/交易 commercial", True))
                rows += [(k, pattern.format(k=base), intent, False) for pattern, intent in SEO_PATTERNS[lang]]
            phrases[lang] = pd.DataFrame(rows, columns=["k", "keyword", "intent", "is_base"])
        frames = []
        for ci, code in enumerate(ref.COUNTRIES.index):
            native = lex.COUNTRY_LANGUAGE[code]
            for lang in ([native] if native == "en" else [native, "en"]):
                share = 1.0 if lang == native else lex.ENGLISH_SHARE[code]
                f = phrases[lang].copy()
                k = f["k"].to_numpy()
                f["volume"] = yearly[k, ci] / 12 * WEB_SEARCHES_PER_ORDER * share * np.where(
                    f["is_base"], 0.5, rng.uniform(0.03, 0.12, len(f)))
                f["language"], f["country"] = lang, code
                f["parent_topic"] = kw["keyword"].to_numpy()[k]
                f["industry"] = kw["industry"].to_numpy()[k]
                frames.append(f)
        t = pd.concat(frames, ignore_index=True)

        n = len(t)
        t["monthly_volume"] = np.maximum(np.round(t["volume"] * rng.lognormal(0, 0.25, n), -1), 10).astype(int)
        # difficulty: how strong the pages ranking for it are; bigger, richer markets and English are harder
        market = t["country"].map(CPC_COUNTRY).to_numpy()
        diff = 12 * np.log10(t["monthly_volume"].to_numpy() + 10) + 35 * market + rng.normal(0, 8, n)
        diff = np.where(t["language"] == "en", diff + 8, diff)
        diff = np.where((t["country"] == easy) & (t["language"] != "en"), diff * 0.45, diff)
        t["keyword_difficulty"] = np.clip(np.round(diff), 1, 100).astype(int)
        intent_cpc = t["intent"].map({"商业调查/交易 commercial": 1.0, "commercial 商业调查": 0.8, "transactional 交易": 1.3,
                                      "informational 信息": 0.3}).to_numpy()
        ind_cpc = t["industry"].map({"phone-accessories": 1.1, "womens-clothing": 0.9, "home-garden": 0.8,
                                     "beauty-tools": 1.0, "toys": 0.8, "sports": 1.0}).to_numpy()
        t["cpc_usd"] = np.round(market * intent_cpc * ind_cpc * rng.lognormal(0, 0.3, n), 2)
        t["paid_competition"] = np.round(np.clip(rng.beta(2, 2, n) * intent_cpc, 0.01, 1.0), 2)
        t["trend_3m"] = np.round(np.clip(rng.normal(0.0, 0.15, n), -0.6, 1.5), 4)
        rising = kw.loc[kw["role"] == "rising", "keyword"]
        t.loc[t["parent_topic"].isin(rising), "trend_3m"] += 0.9
        t["category_l1"] = t["industry"].map(ref.INDUSTRIES["zh"])
        t = t.drop_duplicates(["keyword", "country", "language"])
        return t[["keyword", "language", "country", "parent_topic", "category_l1", "intent", "monthly_volume",
                  "keyword_difficulty", "cpc_usd", "paid_competition", "trend_3m"]].reset_index(drop=True)
    return world.cached("trends.seo", build)


# Share of the population using each network monthly, by country [course assumption after public
# audience reports; Meta's networks and TikTok are blocked or restricted in Russia, VK serves Russia].
_REACH = """
country | Facebook | Instagram | TikTok | YouTube | VK | Pinterest | X
US | 0.55 | 0.50 | 0.45 | 0.72 | 0.00 | 0.28 | 0.25
RU | 0.02 | 0.15 | 0.25 | 0.60 | 0.62 | 0.08 | 0.03
ES | 0.45 | 0.55 | 0.40 | 0.72 | 0.00 | 0.20 | 0.18
FR | 0.50 | 0.45 | 0.33 | 0.70 | 0.00 | 0.25 | 0.16
BR | 0.50 | 0.62 | 0.45 | 0.68 | 0.00 | 0.18 | 0.12
KR | 0.20 | 0.45 | 0.20 | 0.80 | 0.00 | 0.05 | 0.12
PL | 0.60 | 0.35 | 0.30 | 0.70 | 0.01 | 0.15 | 0.10
NL | 0.55 | 0.45 | 0.28 | 0.70 | 0.00 | 0.20 | 0.15
IL | 0.55 | 0.45 | 0.35 | 0.70 | 0.02 | 0.10 | 0.15
GB | 0.55 | 0.45 | 0.35 | 0.75 | 0.00 | 0.25 | 0.22
DE | 0.40 | 0.40 | 0.30 | 0.70 | 0.00 | 0.22 | 0.12
CL | 0.55 | 0.50 | 0.45 | 0.68 | 0.00 | 0.15 | 0.12
"""
POPULATION_M = {"US": 340, "RU": 144, "ES": 48, "FR": 68, "BR": 212, "KR": 52, "PL": 37, "NL": 18, "IL": 10, "GB": 69,
                "DE": 84, "CL": 20}
# network: female share, age mix 18-24 / 25-34 / 35-44 / 45+, minutes a day, benchmark engagement rate, CPM factor
NETWORK_PROFILE = {
    "Facebook": (0.48, (0.18, 0.28, 0.22, 0.32), 30, 0.008, 1.0),
    "Instagram": (0.52, (0.30, 0.32, 0.18, 0.20), 33, 0.020, 1.2),
    "TikTok": (0.55, (0.38, 0.30, 0.16, 0.16), 55, 0.045, 0.9),
    "YouTube": (0.46, (0.20, 0.27, 0.22, 0.31), 48, 0.020, 1.5),
    "VK": (0.55, (0.22, 0.28, 0.22, 0.28), 35, 0.015, 0.6),
    "Pinterest": (0.72, (0.22, 0.28, 0.22, 0.28), 14, 0.012, 0.9),
    "X": (0.35, (0.25, 0.33, 0.20, 0.22), 30, 0.006, 0.8),
}
# where a network sells ads to the store, and where it has an in-app shop [course assumption]
NO_ADS = {("RU", "Facebook"), ("RU", "Instagram"), ("RU", "TikTok"), ("RU", "X")}
TIKTOK_SHOP = {"US", "GB", "ES", "FR", "DE", "BR"}


@register("social_audience", whole=True)
def social_audience(world) -> pd.DataFrame:
    """Audience of each social network in each target country: users, who they are, cost to reach them."""
    rng = world.rng("trends.audience")
    reach = pd.read_csv(io.StringIO(_REACH.strip()), sep=r"\s*\|\s*", engine="python").set_index("country")
    rows = []
    for code in ref.COUNTRIES.index:
        for net, (female, ages, minutes, er, cpm_f) in NETWORK_PROFILE.items():
            share = float(reach.at[code, net]) * float(rng.lognormal(0, 0.05))
            if share <= 0:
                continue
            a = np.asarray(ages) * rng.lognormal(0, 0.08, 4)
            a /= a.sum()
            ads = (code, net) not in NO_ADS and not (net == "VK" and code != "RU")
            rows.append((net, code, round(POPULATION_M[code] * share, 1), round(share, 4),
                         round(float(np.clip(female * rng.lognormal(0, 0.04), 0.2, 0.85)), 4), *np.round(a, 4),
                         round(minutes * float(rng.lognormal(0, 0.1)), 1), round(er * float(rng.lognormal(0, 0.15)), 4),
                         round(8.0 * ref.COUNTRIES.at[code, "aov_usd"] / 31 * cpm_f * float(rng.lognormal(0, 0.1)), 2) if ads else np.nan,
                         ads, (net == "TikTok" and code in TIKTOK_SHOP) or (net in ("Instagram", "Facebook") and ads)))
    return pd.DataFrame(rows, columns=["network", "country", "monthly_active_users_m", "penetration", "female_share",
                                       "age_18_24", "age_25_34", "age_35_44", "age_45_plus", "minutes_per_day",
                                       "benchmark_engagement_rate", "cpm_usd", "ads_available", "social_shop"])
