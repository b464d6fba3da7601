"""The store's independent site (GA4-like sessions), what each channel costs, and how the site is
monitored: page speed, keyword rankings, a visitor survey and the ad platforms' own tracking.

GA4 conventions: a session is engaged if it lasts more than 10 s, has a key event or two or more
page views; bounce rate = 1 − engagement rate; CAC = channel spend ÷ new customers. Pages that load
slowly on phones lose visitors: a session's chance to engage falls with the landing page's Largest
Contentful Paint (LCP) above 2.5 s, and a page that stays slow loses search positions.

Planted signals (datasets/SIGNALS.md):
- the paid-social channel (facebook / paid_social) costs far more per new customer than every other
  paid channel (CAC at least 1.8× the next one), and the landing page /collections/sale has the
  highest bounce rate of all landing pages (and the slowest mobile LCP);
- one product page becomes slow from a week that differs by seed (LCP + ~1.8 s): its bounce rate
  rises and, a few weeks later, its keywords lose positions;
- one paid-social campaign loses its UTM tags from a date on: its visits land as Direct, so the site
  sees a fraction of the clicks the ad platform reports.
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
# utm_campaign of each paid and e-mail channel (share of its sessions); e-mail campaigns are weekly newsletters
CAMPAIGNS = {"Paid Search": {"gs_brand": 0.25, "gs_shopping": 0.45, "gs_generic": 0.3},
             "Paid Social": {"fb_prospecting": 0.55, "fb_retargeting": 0.45}}
SITE_COUNTRIES = ["US", "GB", "DE", "FR", "ES", "NL", "PL"]


def _speed(world) -> dict:
    """Hidden page speed: mobile and desktop LCP (s) per page and week, and the planted regression."""
    def build():
        rng = world.rng("site.speed")
        weeks = pd.date_range(world.days[0] - pd.Timedelta(days=world.days[0].dayofweek), world.days[-1], freq="7D")
        base_mobile = rng.uniform(1.8, 2.8, len(PAGES))
        base_mobile[PAGES.index("/collections/sale")] = rng.uniform(4.4, 5.0)  # heavy banners, unoptimised images
        regressed = int(rng.choice([PAGES.index("/products/magnetic-case"), PAGES.index("/products/led-strip"),
                                    PAGES.index("/collections/phone-accessories")]))
        w0 = len(weeks) - int(rng.integers(12, 31))
        mobile = np.tile(base_mobile[:, None], (1, len(weeks))) * rng.lognormal(0, 0.05, (len(PAGES), len(weeks)))
        mobile[regressed, w0:] += rng.uniform(1.6, 2.0)  # a new product video autoplays on phones
        desktop = mobile * rng.uniform(0.45, 0.6, (len(PAGES), 1))
        return {"weeks": weeks, "mobile": mobile, "desktop": desktop, "regressed": PAGES[regressed], "since": weeks[w0]}
    return world.cached("site.speed", build)


def page_regression(world) -> dict:
    """For instructors: the page that became slow and the week it did."""
    s = _speed(world)
    return {"page": s["regressed"], "since": s["since"]}


def broken_tracking(world) -> dict:
    """For instructors: the campaign that lost its UTM tags, and from when."""
    rng = world.rng("site.tracking")
    return {"campaign": "fb_retargeting", "since": world.days[-1] - pd.Timedelta(days=int(rng.integers(40, 90)))}


def _sessions(world) -> pd.DataFrame:
    rng = world.rng("site.sessions")
    ch = pd.DataFrame(CHANNELS, columns=["source", "medium", "channel", "share", "purchase", "cpc"])
    n = int(42_000 * world.scale)
    days = world.days.to_numpy()
    growth = np.exp(0.5 * np.arange(len(days)) / len(days))
    day = rng.choice(len(days), size=n, p=growth / growth.sum())
    c = rng.choice(len(ch), size=n, p=ch["share"] / ch["share"].sum())
    page = rng.choice(len(PAGES), size=n, p=[0.3, 0.15, 0.12, 0.15, 0.12, 0.1, 0.06])
    device = rng.choice(["mobile", "desktop", "tablet"], n, p=[0.64, 0.31, 0.05])
    sp = _speed(world)
    week = np.searchsorted(sp["weeks"].to_numpy(), days[day], side="right") - 1
    lcp = np.where(device == "desktop", sp["desktop"][page, week], sp["mobile"][page, week])
    sale_page = PAGES.index("/collections/sale")
    slow = np.exp(-0.18 * np.maximum(lcp - 2.5, 0))
    p_engaged = np.where(page == sale_page, 0.33, 0.58) * np.where(ch["medium"].to_numpy()[c] == "paid_social", 0.8, 1.0) * slow
    engaged = rng.random(n) < p_engaged
    # an engaged session may stay on its landing page (read it for more than 10 s, add to cart there);
    # a session that is not engaged sees one page for at most 10 s
    pageviews = np.where(engaged, 1 + rng.poisson(2.2, n), 1)
    duration = np.where(engaged, np.maximum(rng.lognormal(np.log(120), 0.7, n), 10.5), rng.uniform(0, 10, n))
    atc = engaged & (rng.random(n) < 0.14)
    checkout = atc & (rng.random(n) < 0.5)
    purchase_p = ch["purchase"].to_numpy()[c] / (0.58 * 0.14 * 0.5)
    purchase = checkout & (rng.random(n) < np.clip(purchase_p, 0, 1))
    revenue = np.where(purchase, np.round(rng.lognormal(np.log(34), 0.45, n), 2), 0.0)
    started = days[day] + rng.integers(0, 86400, n).astype("timedelta64[s]")
    # utm_campaign: the ad's own name; newsletters by week
    channel = ch["channel"].to_numpy()[c]
    campaign = np.full(n, "(not set)", dtype=object)
    for name, split in CAMPAIGNS.items():
        sel = channel == name
        campaign[sel] = rng.choice(list(split), sel.sum(), p=list(split.values()))
    mail = channel == "Email"
    weekly_name = np.array(["newsletter_" + d.strftime("%G_w%V") for d in world.days], dtype=object)
    campaign[mail] = weekly_name[day[mail]]
    true_channel = channel.copy()
    source, medium = ch["source"].to_numpy()[c].astype(object), ch["medium"].to_numpy()[c].astype(object)
    lost = broken_tracking(world)
    untagged = (campaign == lost["campaign"]) & (days[day] >= lost["since"].to_datetime64())
    source[untagged], medium[untagged], channel[untagged], campaign[untagged] = "(direct)", "(none)", "Direct", "(not set)"
    order = np.argsort(started, kind="stable")
    df = pd.DataFrame({
        "session_id": [f"S{i:07d}" for i in range(1, n + 1)],
        "started_at": pd.to_datetime(started[order]), "source": source[order], "medium": medium[order],
        "channel": channel[order], "campaign": campaign[order], "device": device[order],
        "country": rng.choice(SITE_COUNTRIES, n, p=[0.4, 0.14, 0.12, 0.1, 0.1, 0.07, 0.07]),
        "landing_page": np.array(PAGES)[page][order], "engaged": engaged[order],
        "duration_s": np.round(duration[order], 1), "pageviews": pageviews[order], "add_to_cart": atc[order],
        "begin_checkout": checkout[order], "purchase": purchase[order], "revenue": revenue[order],
    })
    new = rng.random(n) < 0.7
    df["new_customer"] = df["purchase"] & new[order]
    for col in ("source", "medium", "channel", "campaign", "device", "country", "landing_page"):
        df[col] = df[col].astype("category")
    world.cached("site.true-channel", lambda: pd.Series(true_channel[order]))
    return df


@register("site_sessions", whole=True, dump=lambda: [{"start_date": "2026-08-01", "end_date": "2026-10-31"}])
def site_sessions(world) -> pd.DataFrame:
    return world.cached("site.sessions", lambda: _sessions(world))


def _true_channel(world) -> pd.Series:
    site_sessions(world)
    return world.cached("site.true-channel", lambda: None)


@register("channel_costs", whole=True)
def channel_costs(world) -> pd.DataFrame:
    """Spend comes from the ad platforms' bills (every paid click); sessions and new customers are what the
    site's analytics attributes to the channel."""
    rng = world.rng("site.costs")
    s = site_sessions(world)
    ch = pd.DataFrame(CHANNELS, columns=["source", "medium", "channel", "share", "purchase", "cpc"])
    paid = ch[ch["cpc"].notna()]
    day = s["started_at"].dt.normalize().rename("date")
    truth = _true_channel(world).to_numpy()
    billed = pd.Series(1, index=s.index)[np.isin(truth, paid["channel"])].groupby(
        [day[np.isin(truth, paid["channel"])], truth[np.isin(truth, paid["channel"])]]).size()
    billed.index.names = ["date", "channel"]
    seen = s[s["channel"].isin(paid["channel"])].groupby([day, s["channel"].astype(str)]).agg(
        sessions=("session_id", "size"), new_customers=("new_customer", "sum"))
    seen.index.names = ["date", "channel"]
    g = pd.DataFrame({"paid_sessions": billed}).join(seen, how="outer").fillna(0).reset_index()
    cpc = g["channel"].map(paid.set_index("channel")["cpc"]).to_numpy()
    g["clicks"] = np.round(g["paid_sessions"] * rng.uniform(1.05, 1.25, len(g))).astype(int)
    g["spend"] = np.round(g["clicks"] * cpc * rng.lognormal(0, 0.1, len(g)), 2)
    g["sessions"] = g["sessions"].astype(int)
    g["new_customers"] = g["new_customers"].astype(int)
    return g[["date", "channel", "spend", "clicks", "sessions", "new_customers"]]


@register("site_ad_tracking", whole=True)
def site_ad_tracking(world) -> pd.DataFrame:
    """Day × campaign, side by side: what the ad platform reports (clicks, conversions) and what the site's
    analytics saw from the campaign's UTM-tagged visits. Platforms credit more conversions than the site
    (view-through, other devices); a campaign without tags shows clicks but no site sessions."""
    rng = world.rng("site.ad-tracking")
    s = site_sessions(world)
    truth = _true_channel(world).to_numpy()
    day = s["started_at"].dt.normalize()
    costs = channel_costs(world).set_index(["date", "channel"])["spend"]
    # the campaign each paid visit really came from (untagged ones included)
    real = s["campaign"].astype(object).to_numpy().copy()
    lost = broken_tracking(world)
    miss = (truth == "Paid Social") & (real == "(not set)")
    real[miss] = lost["campaign"]
    paid = np.isin(truth, ["Paid Search", "Paid Social", "Email"])
    t = pd.DataFrame({"date": day[paid].to_numpy(), "channel": truth[paid], "campaign": real[paid],
                      "purchase": s["purchase"].to_numpy()[paid], "revenue": s["revenue"].to_numpy()[paid],
                      "seen": (s["campaign"].astype(object).to_numpy()[paid] != "(not set)")})
    g = t.groupby(["date", "channel", "campaign"]).agg(visits=("purchase", "size"), purchases=("purchase", "sum"),
                                                      revenue=("revenue", "sum")).reset_index()
    seen = t[t["seen"]].groupby(["date", "campaign"]).agg(site_sessions=("purchase", "size"),
                                                        site_purchases=("purchase", "sum"), site_revenue=("revenue", "sum"))
    g = g.join(seen, on=["date", "campaign"]).fillna({"site_sessions": 0, "site_purchases": 0, "site_revenue": 0})
    n = len(g)
    g["platform_clicks"] = np.round(g["visits"] * rng.uniform(1.05, 1.25, n)).astype(int)
    credit = rng.uniform(1.15, 1.5, n)
    g["platform_conversions"] = np.round(g["purchases"] * credit + rng.poisson(0.3, n)).astype(int)
    g["platform_conversion_value"] = np.round(g["revenue"] * credit, 2)
    share = g["platform_clicks"] / g.groupby(["date", "channel"])["platform_clicks"].transform("sum")
    g["spend"] = np.round(costs.reindex(pd.MultiIndex.from_frame(g[["date", "channel"]])).to_numpy() * share, 2)
    for c in ("site_sessions", "site_purchases"):
        g[c] = g[c].astype(int)
    g["site_revenue"] = g["site_revenue"].round(2)
    src = {"Paid Search": ("google", "cpc"), "Paid Social": ("facebook", "paid_social"), "Email": ("newsletter", "email")}
    g["utm_source"] = g["channel"].map(lambda x: src[x][0])
    g["utm_medium"] = g["channel"].map(lambda x: src[x][1])
    return g[["date", "utm_source", "utm_medium", "campaign", "spend", "platform_clicks", "platform_conversions",
              "platform_conversion_value", "site_sessions", "site_purchases", "site_revenue"]].rename(
        columns={"campaign": "utm_campaign"}).sort_values(["date", "utm_campaign"]).reset_index(drop=True)


@register("site_page_speed", whole=True)
def site_page_speed(world) -> pd.DataFrame:
    """Weekly field data per page and device (Core Web Vitals, as PageSpeed Insights reports them)."""
    rng = world.rng("site.speed-report")
    sp = _speed(world)
    rows = []
    for device, lcp in (("mobile", sp["mobile"]), ("desktop", sp["desktop"])):
        n_p, n_w = lcp.shape
        inp = np.round(rng.lognormal(np.log(160 if device == "mobile" else 70), 0.25, lcp.shape) * (lcp / 2.5) ** 0.5)
        cls = np.round(np.clip(rng.lognormal(np.log(0.06), 0.5, lcp.shape), 0.0, 0.6), 2)
        score = np.clip(np.round(100 - 14 * np.maximum(lcp - 1.2, 0) - 0.06 * np.maximum(inp - 100, 0) - 60 * cls), 5, 100)
        weight = np.round(800 + 450 * lcp * rng.lognormal(0, 0.1, lcp.shape))
        for p in range(n_p):
            rows.append(pd.DataFrame({"week": sp["weeks"], "page": PAGES[p], "device": device, "lcp_s": np.round(lcp[p], 2),
                                      "inp_ms": inp[p].astype(int), "cls": cls[p], "performance_score": score[p].astype(int),
                                      "page_weight_kb": weight[p].astype(int)}))
    out = pd.concat(rows, ignore_index=True)
    return out[out["week"] <= world.days[-1]].sort_values(["week", "page", "device"]).reset_index(drop=True)


# the keywords the site tracks, the page meant to rank for each, the market it targets
TRACKED = [("phone case", "/collections/phone-accessories", "US"), ("phone accessories", "/collections/phone-accessories", "US"),
           ("magnetic phone case", "/products/magnetic-case", "US"), ("magsafe compatible case", "/products/magnetic-case", "US"),
           ("magnetic phone case", "/products/magnetic-case", "GB"), ("magnetische handyhülle", "/products/magnetic-case", "DE"),
           ("coque magnétique", "/products/magnetic-case", "FR"), ("led strip lights", "/products/led-strip", "US"),
           ("led strip lights bedroom", "/products/led-strip", "GB"), ("led streifen", "/products/led-strip", "DE"),
           ("tira led", "/products/led-strip", "ES"), ("usb c cable", "/collections/phone-accessories", "US"),
           ("phone accessories sale", "/collections/sale", "US"), ("cheap phone cases", "/collections/sale", "GB"),
           ("home decor ideas", "/collections/home", "US"), ("storage box", "/collections/home", "GB"),
           ("how to choose a power bank", "/blogs/guides", "US"), ("best magnetic phone case", "/blogs/guides", "US"),
           ("how to clean a clear phone case", "/blogs/guides", "GB"), ("powerbank test", "/blogs/guides", "DE"),
           ("nova select", "/", "US"), ("nova select phone case", "/", "GB")]
CTR_BY_POSITION = np.array([0.28, 0.15, 0.10, 0.07, 0.05, 0.04, 0.03, 0.025, 0.02, 0.018])


@register("site_keyword_rankings", whole=True)
def site_keyword_rankings(world) -> pd.DataFrame:
    """Weekly Google positions of the keywords the site tracks (Search Console style: impressions, clicks).
    A page that stays slow slides down the results a few weeks after it became slow."""
    rng = world.rng("site.rankings")
    sp = _speed(world)
    weeks = sp["weeks"][sp["weeks"] <= world.days[-1]]
    rows = []
    for kw, page, country in TRACKED:
        brand = kw.startswith("nova select")
        start = 1.3 if brand else float(rng.lognormal(np.log(12), 0.6))
        walk = np.cumsum(rng.normal(-0.02, 0.2, len(weeks)))
        pos = start * (1 + walk / 12) + rng.normal(0, 0.5, len(weeks))
        if page == sp["regressed"]:
            lag = (weeks - (sp["since"] + pd.Timedelta(weeks=3))).days.to_numpy() / 7
            pos += np.clip(lag, 0, 6) * 1.2
        pos = np.clip(pos, 1, 100)
        volume = float(rng.lognormal(np.log(9000 if not brand else 600), 0.8)) / 4.3
        top = np.floor(pos).astype(int)
        shown = np.where(top <= 10, 1.0, np.where(top <= 20, 0.2, 0.04))
        impressions = rng.poisson(volume * shown)
        ctr = np.where(top <= 10, CTR_BY_POSITION[np.clip(top, 1, 10) - 1], np.where(top <= 20, 0.01, 0.003))
        rows.append(pd.DataFrame({"week": weeks, "keyword": kw, "country": country, "landing_page": page,
                                  "position": np.round(pos, 1), "impressions": impressions,
                                  "clicks": rng.binomial(impressions, np.clip(ctr * (1.6 if brand else 1.0), 0, 0.9))}))
    out = pd.concat(rows, ignore_index=True)
    out["ctr"] = np.round(out["clicks"] / out["impressions"].clip(lower=1), 4)
    return out.sort_values(["week", "keyword", "country"]).reset_index(drop=True)


SURVEY_REASONS = {  # reason: (weight among non-buyers, answer in en, fr, es, de, nl, pl)
    "运费太高 shipping cost": (0.2, ["Shipping is too expensive", "Frais de port trop chers", "El envío es demasiado caro",
                                     "Versand ist zu teuer", "Verzendkosten te hoog", "Za droga wysyłka"]),
    "配送太慢 delivery time": (0.22, ["Delivery takes too long", "Livraison trop longue", "La entrega tarda demasiado",
                                     "Lieferung dauert zu lange", "Levering duurt te lang", "Za długi czas dostawy"]),
    "价格偏高 price": (0.18, ["Prices are higher than elsewhere", "Prix plus élevés qu'ailleurs", "Precios más altos que en otros sitios",
                             "Preise höher als woanders", "Prijzen hoger dan elders", "Ceny wyższe niż gdzie indziej"]),
    "信任不足 trust": (0.12, ["Not sure the shop is reliable", "Pas sûr que le site soit fiable", "No sé si la tienda es fiable",
                             "Nicht sicher, ob der Shop seriös ist", "Twijfel of de winkel betrouwbaar is", "Nie wiem, czy sklep jest wiarygodny"]),
    "支付方式 payment": (0.06, ["My payment method is missing", "Mon moyen de paiement manque", "Falta mi método de pago",
                               "Meine Zahlungsart fehlt", "Mijn betaalmethode ontbreekt", "Brak mojej metody płatności"]),
    "页面加载慢 slow pages": (0.08, ["Pages load too slowly on my phone", "Pages trop lentes sur mon téléphone",
                                     "Las páginas cargan muy lento en el móvil", "Seiten laden auf dem Handy zu langsam",
                                     "Pagina's laden te traag op mijn telefoon", "Strony ładują się za wolno na telefonie"]),
    "没找到想要的 not found": (0.14, ["Could not find what I wanted", "Je n'ai pas trouvé ce que je cherchais",
                                      "No encontré lo que buscaba", "Habe nicht gefunden, was ich suchte",
                                      "Kon niet vinden wat ik zocht", "Nie znalazłem tego, czego szukałem"]),
}
SURVEY_LANG = {"US": 0, "GB": 0, "FR": 1, "ES": 2, "DE": 3, "NL": 4, "PL": 5}


@register("site_surveys", whole=True)
def site_surveys(world) -> pd.DataFrame:
    """Answers to the site's exit survey (a sample of sessions): NPS, satisfaction, whether they found what
    they wanted and, for visitors who did not buy, the main reason, in their own words."""
    rng = world.rng("site.surveys")
    s = site_sessions(world)
    sp = _speed(world)
    take = rng.random(len(s)) < 0.035
    r = s[take].reset_index(drop=True)
    n = len(r)
    week = np.searchsorted(sp["weeks"].to_numpy(), r["started_at"].to_numpy(), side="right") - 1
    page = r["landing_page"].astype(str).map({p: i for i, p in enumerate(PAGES)}).to_numpy()
    lcp = np.where(r["device"].astype(str) == "desktop", sp["desktop"][page, week], sp["mobile"][page, week])
    bought = r["purchase"].to_numpy()
    names = list(SURVEY_REASONS)
    w = np.tile([SURVEY_REASONS[k][0] for k in names], (n, 1))
    w[:, names.index("页面加载慢 slow pages")] *= np.exp(0.9 * np.maximum(lcp - 2.5, 0))
    w /= w.sum(axis=1, keepdims=True)
    reason = np.array(names)[(rng.random(n)[:, None] > np.cumsum(w, axis=1)).sum(axis=1).clip(0, len(names) - 1)]
    lang = r["country"].astype(str).map(SURVEY_LANG).to_numpy()
    comment = [SURVEY_REASONS[k][1][l] if not b and rng.random() < 0.6 else None for k, l, b in zip(reason, lang, bought)]
    nps = np.clip(np.round(rng.normal(np.where(bought, 8.3, 6.2) - 0.4 * np.maximum(lcp - 3, 0), 1.8)), 0, 10).astype(int)
    return pd.DataFrame({
        "response_id": [f"SV{i:06d}" for i in range(1, n + 1)],
        "submitted_at": (r["started_at"] + pd.to_timedelta(r["duration_s"] + rng.uniform(5, 60, n), unit="s")).dt.floor("s"),
        "session_id": r["session_id"], "country": r["country"].astype(str), "device": r["device"].astype(str),
        "landing_page": r["landing_page"].astype(str), "purchased": bought, "nps": nps,
        "satisfaction": np.clip(np.round(nps / 2.2 + rng.normal(0.6, 0.5, n)), 1, 5).astype(int),
        "found_what_looking": np.where(reason == "没找到想要的 not found", False, rng.random(n) < 0.8) | bought,
        "main_reason": np.where(bought, None, reason), "comment": comment,
    })
