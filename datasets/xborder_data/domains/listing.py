"""Listing optimisation data: main- and marketing-image CTR tests, and the search terms each product is
shown and clicked for.

Image tests are A/B tests the platform runs on a listing's search impressions: both variants over
the same days, impressions split about evenly. Search-term performance splits each product's
search exposure (product_daily) over the search terms of its keyword, in the languages of the
countries it sells to; a term whose words the (English) title holds draws more clicks.

Planted signals (datasets/SIGNALS.md):
- one image test has a winner that is significant (two-proportion z-test, p < 0.01);
- another has an apparent winner (higher CTR) that is not significant (p > 0.2): too few
  impressions to tell.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import lexicon as lex
from .. import reference as ref
from ..registry import register
from .catalog import products

IMAGE_VARIANTS = {
    "主图 main image": ["白底图 white background", "场景图 lifestyle", "细节特写 close-up", "带卖点文字 with text overlay",
                       "模特图 on a model", "多色拼图 all colours"],
    "营销图 marketing image": ["方形白底 square white", "促销角标 promo badge", "场景方图 square lifestyle",
                              "对比图 before/after"],
}


def _z(c1, n1, c2, n2) -> float:
    p = (c1 + c2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return (c2 / n2 - c1 / n1) / se if se else 0.0


def image_test_roles(world) -> dict:
    """For instructors: the test whose winner is significant and the one whose apparent winner is not."""
    t = image_tests(world)
    return {"significant": t.attrs["significant"], "not_significant": t.attrs["not_significant"]}


@register("image_tests", whole=True)
def image_tests(world) -> pd.DataFrame:
    def build():
        rng = world.rng("listing.image-tests")
        prods = products(world)
        phones = prods.index[prods["industry"] == "phone-accessories"].to_numpy()
        others = prods.index[prods["industry"] != "phone-accessories"].to_numpy()
        n_tests = 16
        picks = np.concatenate([rng.choice(phones, 10, replace=False), rng.choice(others, 6, replace=False)])
        starts = np.sort(rng.choice(len(world.days) - 30, n_tests, replace=False))
        significant, unclear = 3, 8  # which tests carry the planted outcomes (by start order)
        rows = []
        for i, (p, s) in enumerate(zip(picks, starts)):
            kind = "主图 main image" if rng.random() < 0.65 else "营销图 marketing image"
            a, b = rng.choice(IMAGE_VARIANTS[kind], 2, replace=False)
            days = int(rng.integers(7, 22))
            base = float(rng.lognormal(np.log(0.03), 0.25))
            if i == significant:
                n_a = n_b = int(rng.integers(28_000, 45_000))
                lift = float(rng.uniform(1.25, 1.4))
            elif i == unclear:
                n_a = n_b = int(rng.integers(1_200, 2_000))
                lift = 1.0
            else:
                n_a = n_b = int(rng.lognormal(np.log(8000), 0.8))
                lift = float(rng.choice([0.9, 1.0, 1.0, 1.05, 1.1, 1.15]))
            n_a, n_b = int(n_a * rng.uniform(0.97, 1.03)), int(n_b * rng.uniform(0.97, 1.03))
            c_a = int(rng.binomial(n_a, base))
            c_b = int(rng.binomial(n_b, min(base * lift, 0.5)))
            if i == unclear:  # the variant looks better, but the sample cannot show it
                c_b = max(int(round(c_a * n_b / n_a * 1.15)) + 1, c_b)
                while abs(_z(c_a, n_a, c_b, n_b)) > 1.2:
                    c_b -= 1
            start = world.days[s]
            for variant, desc, n, c in (("A", a, n_a, c_a), ("B", b, n_b, c_b)):
                orders = int(rng.binomial(c, float(rng.uniform(0.02, 0.05))))
                rows.append((f"IMG{i + 1:03d}", prods.at[p, "product_id"], kind, variant, desc, start,
                             start + pd.Timedelta(days=days - 1), n, c, orders))
        out = pd.DataFrame(rows, columns=["test_id", "product_id", "image_type", "variant", "variant_desc", "start_date",
                                          "end_date", "impressions", "clicks", "orders"])
        out["ctr"] = np.round(out["clicks"] / out["impressions"], 4)
        out = out[["test_id", "product_id", "image_type", "variant", "variant_desc", "start_date", "end_date",
                   "impressions", "clicks", "ctr", "orders"]]
        out.attrs["significant"] = f"IMG{significant + 1:03d}"
        out.attrs["not_significant"] = f"IMG{unclear + 1:03d}"
        return out
    return world.cached("listing.image-tests", build)


STOPWORDS = {"for", "with", "and", "the", "of", "to", "in"}
TERM_MONTHS = ("2026-08", "2026-09", "2026-10")


def _in_title(term: str, title: str) -> bool:
    words = set(term.lower().split()) - STOPWORDS
    return bool(words) and words <= set(title.lower().replace(",", " ").split())


@register("product_search_terms", whole=True)
def product_search_terms(world) -> pd.DataFrame:
    """Month × product × search term of the last three months: how often the product was shown for the term,
    clicked and bought. A term whose words the title holds draws about half again as many clicks."""
    def build():
        from .market import search_term_model, term_country_weights
        from .store import funnel, product_daily

        rng = world.rng("listing.search-terms")
        prods = products(world).reset_index(drop=True)
        terms = search_term_model(world)
        weights = term_country_weights(terms)  # T × C
        f = funnel(world)
        pdl = product_daily(world)
        pdl = pdl[pdl["date"] >= pd.Timestamp(f"{TERM_MONTHS[0]}-01")]
        month = pdl["date"].dt.to_period("M").astype(str)
        exposure = pdl.groupby([month, "product_id"])["search_exposure"].sum()
        shown_of = exposure.to_dict()
        kw_pos = pd.Series(np.arange(len(world.market.keywords)), index=world.market.keywords["keyword"])
        by_k = terms.groupby("k").indices
        text = terms["search_term"].to_numpy()
        lang = terms[list(lex.LANGUAGES)].to_numpy().argmax(axis=1)
        spo, click, cvr = (terms[c].to_numpy() for c in ("searches_per_order", "click_rate", "pay_cvr"))
        visitors = f["visitors"].sum(axis=2)  # P × C
        parts = {k: [] for k in ("month", "product_id", "t", "impressions", "clicks", "orders")}
        for p, (pid, keyword, title) in enumerate(zip(prods["product_id"], prods["keyword"], prods["title"])):
            t_idx = by_k[kw_pos[keyword]]
            share = (weights[t_idx] * visitors[p][None, :]).sum(axis=1) * spo[t_idx]
            if share.sum() <= 0:
                continue
            share = share / share.sum()
            match = np.array([_in_title(x, title) for x in text[t_idx]])
            ctr = np.clip(click[t_idx] * np.where(match, 1.5, 1.0) * 0.6, 0.002, 0.3)
            for month in TERM_MONTHS:
                shown = int(shown_of.get((month, pid), 0))
                if not shown:
                    continue
                imp = rng.multinomial(shown, share)
                keep = imp > 0
                clicks = rng.binomial(imp[keep], ctr[keep])
                parts["month"].append(np.full(keep.sum(), month))
                parts["product_id"].append(np.full(keep.sum(), pid, dtype=object))
                parts["t"].append(t_idx[keep])
                parts["impressions"].append(imp[keep])
                parts["clicks"].append(clicks)
                parts["orders"].append(rng.binomial(clicks, np.clip(cvr[t_idx][keep] * 2.2, 0, 0.3)))
        cat = {k: np.concatenate(v) for k, v in parts.items()}
        out = pd.DataFrame({"month": cat["month"], "product_id": cat["product_id"], "search_term": text[cat["t"]],
                            "language": np.array(lex.LANGUAGES)[lang[cat["t"]]], "impressions": cat["impressions"],
                            "clicks": cat["clicks"], "orders": cat["orders"]})
        out["ctr"] = np.round(out["clicks"] / out["impressions"].clip(lower=1), 4)
        return out[["month", "product_id", "search_term", "language", "impressions", "clicks", "ctr", "orders"]]
    return world.cached("listing.search-terms", build)
