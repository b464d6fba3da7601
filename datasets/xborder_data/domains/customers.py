"""Customer records (CRM members with RFM and the membership programme), membership events,
wholesale and dropshipping customers, customer-service tickets and product reviews.

RFM convention of the course: R, F and M are each scored 1–5 by quintile over the members
(R = 5 for the most recent buyers), and "high" means a score of 4 or 5. Segments:
R-F-M high-high-high 重要价值, high-low-high 重要发展, low-high-high 重要保持, low-low-high 重要挽留,
and with M low: 一般价值 (H-H-L), 一般发展 (H-L-L), 一般保持 (L-H-L), 一般挽留 (L-L-L).

Tickets and reviews read like real ones: in the buyer's language (mostly; some write English),
with typos, capitals, emojis and greetings, tied to the product and order they are about. A
ticket's stage follows from when the buyer wrote (before ordering, before or after delivery), so
each issue type has its own mix of stages, resolution rate and satisfaction.

Planted signals (datasets/SIGNALS.md):
- one service agent answers far slower (median first response ≥ 3× every other agent's) and gets
  the lowest mean CSAT;
- pre-sale questions answered within an hour turn into orders far more often than those answered
  after six hours;
- members of the programme come back more: among buyers acquired after its launch, members
  reorder within 90 days clearly more often than non-members (domains/store.py draws them so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import lexicon as lex
from .. import reference as ref
from ..registry import register
from .catalog import display_name, products
from .store import buyer_traits, buyers, orders, orders_items_buyers

SEGMENTS = {
    (True, True, True): "重要价值", (True, False, True): "重要发展", (False, True, True): "重要保持",
    (False, False, True): "重要挽留", (True, True, False): "一般价值", (True, False, False): "一般发展",
    (False, True, False): "一般保持", (False, False, False): "一般挽留",
}
AGENTS = ["CS01 Lily", "CS02 Kevin", "CS03 Mona", "CS04 Jack", "CS05 Sara", "CS06 Leo"]
APPAREL = {"dress", "top", "bottom", "outer", "active", "lounge", "wear"}
PHONE_FAMILIES = {"case", "protector", "cable", "charger", "power", "audio", "holder", "gadget", "strap"}
KIDS_FAMILIES = {"educational", "sensory", "plush", "rc", "baby"}


def _member_tier(points) -> np.ndarray:
    names = [t for t, _ in ref.MEMBER_TIERS]
    bounds = [b for _, b in ref.MEMBER_TIERS][1:]
    return np.array(names)[np.digitize(points, bounds)]


@register("crm_members", whole=True)
def crm_members(world) -> pd.DataFrame:
    rng = world.rng("customers.crm")
    o = orders(world)
    paid = o[o["paid_at"].notna() & (o["status"] != "取消")]
    b = buyers(world).set_index("buyer_id")
    traits = buyer_traits(world).set_index("buyer_id")
    agg = paid.groupby("buyer_id").agg(orders_count=("order_id", "size"), total_spent=("paid_amount", "sum"),
                                       last_order_date=("created_at", "max"), join_date=("created_at", "min"))
    m = agg.join(b[["country", "buyer_type", "gender", "age_band"]], how="inner").reset_index()
    as_of = pd.Timestamp(ref.END) + pd.Timedelta(days=1)
    recency = (as_of - m["last_order_date"].dt.normalize()).dt.days
    m["recency_days"] = recency
    m["r_score"] = pd.qcut(-recency.rank(method="first"), 5, labels=False).astype(int) + 1
    m["f_score"] = pd.qcut(m["orders_count"].rank(method="first"), 5, labels=False).astype(int) + 1
    m["m_score"] = pd.qcut(m["total_spent"].rank(method="first"), 5, labels=False).astype(int) + 1
    key = list(zip(m["r_score"] >= 4, m["f_score"] >= 4, m["m_score"] >= 4))
    m["rfm_segment"] = [SEGMENTS[k] for k in key]
    m["tier"] = np.select([m["total_spent"] >= 200, m["total_spent"] >= 80, m["total_spent"] >= 30], ["VIP", "金", "银"], "普通")
    m["customer_type"] = m["buyer_type"]
    m["channel"] = rng.choice(["平台 platform", "独立站 site", "社媒 social"], len(m), p=[0.82, 0.1, 0.08])
    since = traits["member_since"].reindex(m["buyer_id"]).to_numpy()
    m["member_since"] = pd.to_datetime(since).normalize()
    points = _member_points(world).reindex(m["buyer_id"]).fillna(0).to_numpy()
    m["member_points"] = np.where(pd.isna(since), np.nan, points)
    m["member_tier"] = np.where(pd.isna(since), "非会员", _member_tier(points))
    m["total_spent"] = m["total_spent"].round(2)
    m["join_date"] = m["join_date"].dt.normalize()
    m["last_order_date"] = m["last_order_date"].dt.normalize()
    cols = ["buyer_id", "country", "gender", "age_band", "customer_type", "tier", "channel", "join_date", "last_order_date",
            "orders_count", "total_spent", "recency_days", "r_score", "f_score", "m_score", "rfm_segment", "member_since",
            "member_tier", "member_points"]
    return m[cols]


def _member_orders(world) -> pd.DataFrame:
    """Paid orders of members placed on or after the day they joined, with their running points."""
    def build():
        o = orders(world)
        since = buyer_traits(world).set_index("buyer_id")["member_since"]
        paid = o.loc[o["paid_at"].notna() & (o["status"] != "取消"), ["order_id", "buyer_id", "created_at", "paid_amount",
                                                                      "coupon_id"]].copy()
        paid["since"] = since.reindex(paid["buyer_id"]).to_numpy()
        mo = paid[paid["since"].notna() & (paid["created_at"] >= paid["since"] - pd.Timedelta(minutes=1))].copy()
        mo["points"] = np.floor(mo["paid_amount"]).astype(int)
        mo = mo.sort_values(["buyer_id", "created_at"])
        mo["balance"] = mo.groupby("buyer_id")["points"].cumsum()
        return mo
    return world.cached("customers.member-orders", build)


def _member_points(world) -> pd.Series:
    return _member_orders(world).groupby("buyer_id")["points"].sum()


@register("member_events", whole=True)
def member_events(world) -> pd.DataFrame:
    """The membership loop, event by event: joining, the new-member coupon, points per order, tier upgrades
    and coupon use. Points: 1 per USD paid; tiers by points (reference.MEMBER_TIERS)."""
    traits = buyer_traits(world)
    mem = traits[traits["member_since"].notna()]
    mo = _member_orders(world)
    o = orders(world)
    coupon = o.loc[o["coupon_id"].astype(str) == _new_member_coupon(world), ["order_id", "buyer_id", "created_at"]]
    frames = [
        pd.DataFrame({"buyer_id": mem["buyer_id"], "event_time": mem["member_since"], "event_type": "入会 join",
                      "order_id": pd.NA, "points": 0, "points_balance": 0, "tier_after": ref.MEMBER_TIERS[0][0],
                      "coupon_id": None}),
        pd.DataFrame({"buyer_id": mem["buyer_id"], "event_time": mem["member_since"] + pd.Timedelta(seconds=5),
                      "event_type": "发券 coupon issued", "order_id": pd.NA, "points": 0, "points_balance": 0,
                      "tier_after": ref.MEMBER_TIERS[0][0], "coupon_id": _new_member_coupon(world)}),
        pd.DataFrame({"buyer_id": mo["buyer_id"], "event_time": mo["created_at"], "event_type": "积分 points earned",
                      "order_id": mo["order_id"], "points": mo["points"], "points_balance": mo["balance"],
                      "tier_after": _member_tier(mo["balance"].to_numpy()), "coupon_id": None}),
        pd.DataFrame({"buyer_id": coupon["buyer_id"], "event_time": coupon["created_at"], "event_type": "用券 coupon used",
                      "order_id": coupon["order_id"], "points": 0, "points_balance": np.nan, "tier_after": None,
                      "coupon_id": _new_member_coupon(world)}),
    ]
    before = _member_tier((mo["balance"] - mo["points"]).to_numpy())
    up = mo[_member_tier(mo["balance"].to_numpy()) != before]
    frames.append(pd.DataFrame({"buyer_id": up["buyer_id"], "event_time": up["created_at"] + pd.Timedelta(seconds=1),
                                "event_type": "升级 tier up", "order_id": up["order_id"], "points": 0,
                                "points_balance": up["balance"], "tier_after": _member_tier(up["balance"].to_numpy()),
                                "coupon_id": None}))
    ev = pd.concat(frames, ignore_index=True).sort_values(["event_time", "buyer_id", "event_type"], kind="stable")
    # the balance and tier of a coupon use are those of the member at that moment
    ev["points_balance"] = ev["points_balance"].groupby(ev["buyer_id"]).ffill().fillna(0)
    ev["tier_after"] = ev["tier_after"].groupby(ev["buyer_id"]).ffill()
    ev["event_time"] = pd.to_datetime(ev["event_time"]).dt.floor("s")
    ev.insert(0, "event_id", [f"ME{i:07d}" for i in range(1, len(ev) + 1)])
    ev["order_id"] = ev["order_id"].astype("Int64")
    ev["points_balance"] = ev["points_balance"].astype(int)
    return ev.reset_index(drop=True)[["event_id", "buyer_id", "event_time", "event_type", "order_id", "points",
                                      "points_balance", "tier_after", "coupon_id"]]


def _new_member_coupon(world) -> str:
    from .campaigns import promotion_plan

    plan = promotion_plan(world)
    return str(plan.loc[plan["type"] == "新会员券", "activity_id"].iloc[0])


COMPANY_WORDS = (["Nova", "Urban", "Blue", "Peak", "Smart", "Bright", "Swift", "Prime", "Happy", "Green", "Star", "Metro"],
                 ["Gadgets", "Trading", "Supply", "Mobile", "Store", "Goods", "Direct", "Market", "Shop", "Imports"])
COMPANY_SUFFIX = {"US": "LLC", "GB": "Ltd", "DE": "GmbH", "FR": "SARL", "ES": "S.L.", "PL": "Sp. z o.o.", "NL": "B.V.",
                  "BR": "Ltda", "CL": "SpA", "KR": "Co., Ltd.", "RU": "ООО", "IL": "Ltd"}


@register("b2b_customers", whole=True)
def b2b_customers(world) -> pd.DataFrame:
    """Wholesale (批发) and dropshipping (代发) customers: who they are and how they sell; their orders are
    in orders (same buyer_id)."""
    rng = world.rng("customers.b2b")
    b = buyers(world)
    c = b[b["buyer_type"] != "零售"].reset_index(drop=True)
    n = len(c)
    first = rng.choice(COMPANY_WORDS[0], n)
    second = rng.choice(COMPANY_WORDS[1], n)
    names = [f"{a} {s} {COMPANY_SUFFIX[k]}" if k != "RU" else f"{COMPANY_SUFFIX[k]} «{a} {s}»" for a, s, k in zip(first, second, c["country"])]
    wholesale = (c["buyer_type"] == "批发").to_numpy()
    channel = np.where(wholesale, rng.choice(["实体店 shop", "市场摊位 market stall", "线上店 online store"], n, p=[0.5, 0.2, 0.3]),
                       rng.choice(["Shopify", "Amazon", "eBay", "TikTok Shop", "WooCommerce"], n, p=[0.4, 0.2, 0.15, 0.15, 0.1]))
    return pd.DataFrame({
        "buyer_id": c["buyer_id"], "company_name": names, "customer_type": c["buyer_type"], "country": c["country"],
        "sales_channel": channel, "first_order_date": c["first_order_date"],
        "price_tier": np.where(wholesale, rng.choice(["批发价 A (−12%)", "批发价 B (−8%)", "批发价 C (−5%)"], n, p=[0.2, 0.4, 0.4]),
                               "代发价 dropship (−5%)"),
        "payment_terms": np.where(wholesale, rng.choice(["预付 prepaid", "月结 monthly"], n, p=[0.7, 0.3]), "预付 prepaid"),
        "contact_language": c["country"].map(lex.COUNTRY_LANGUAGE),
    })


def weak_agent(world) -> str:
    return str(AGENTS[int(world.rng("customers.weak-agent").integers(len(AGENTS)))])


# how each issue goes: stage mix (售前, 售中, 售后), share resolved, mean CSAT, median hours to resolve
ISSUES = {
    "产品咨询": ((0.85, 0.0, 0.15), 0.97, 4.5, 2),
    "尺码": ((0.6, 0.0, 0.4), 0.93, 4.2, 4),
    "物流查询": ((0.0, 0.9, 0.1), 0.9, 4.0, 24),
    "未收到货": ((0.0, 0.35, 0.65), 0.65, 2.9, 120),
    "货不对版": ((0.0, 0.0, 1.0), 0.8, 3.3, 60),
    "退换货": ((0.0, 0.0, 1.0), 0.85, 3.8, 72),
    "关税": ((0.0, 0.6, 0.4), 0.7, 3.1, 48),
}
# import charges a buyer meets at the door: more tickets where they are collected on delivery
DUTY_TICKETS = {"US": 2.0, "BR": 2.5, "CL": 1.5, "IL": 1.0, "KR": 1.0, "RU": 0.8}
CHANNELS = ["站内信 message", "订单留言 order message", "在线聊天 live chat"]


def _mess(rng, texts: list[str], langs, greet: bool = True) -> list[str]:
    """Make messages look typed: a greeting, no capitals, doubled punctuation, a typo, an emoji."""
    s = pd.Series(texts, dtype=object)
    langs = np.asarray(langs)
    n = len(s)
    r = rng.random((n, 5))
    pick = rng.integers(0, 1 << 30, (n, 4))
    if greet:
        sel = np.flatnonzero(r[:, 0] < 0.3)
        hello = [lex.GREETINGS[l][k % len(lex.GREETINGS[l])] for l, k in zip(langs[sel], pick[sel, 0])]
        s.iloc[sel] = [f"{h} {t if l == 'ko' else t[0].lower() + t[1:]}" for h, t, l in zip(hello, s.iloc[sel], langs[sel])]
    low = r[:, 1] < 0.25
    s[low] = s[low].str.lower()
    sel = np.flatnonzero(r[:, 2] < 0.15)
    ends = np.array(["!!", "??", "!!!", "...", " ?"], dtype=object)[pick[sel, 1] % 5]
    s.iloc[sel] = s.iloc[sel].str.rstrip(".!?") + ends
    sel = np.flatnonzero((r[:, 3] < 0.1) & (s.str.len().to_numpy() > 12))
    s.iloc[sel] = [t[:j] + t[j + 1] + t[j] + t[j + 2:] for t, j in
                   zip(s.iloc[sel], 3 + pick[sel, 2] % (s.iloc[sel].str.len().to_numpy() - 6))]
    sel = np.flatnonzero(r[:, 4] < 0.1)
    s.iloc[sel] = s.iloc[sel] + " " + np.array(lex.EMOJIS, dtype=object)[pick[sel, 3] % len(lex.EMOJIS)]
    return s.tolist()


def _phrase(names, topic, lang, pick, days) -> np.ndarray:
    """One review sentence per row: topic names[topic] in the row's language, {days} filled in."""
    out = np.empty(len(topic), dtype=object)
    lang_idx = pd.Index(lex.LANGUAGES).get_indexer(lang)
    key = np.where(topic >= 0, topic * len(lex.LANGUAGES) + lang_idx, -1)
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1], True])
    for a, b in zip(bounds[:-1], bounds[1:]):
        k = key[order[a]]
        if k < 0:
            continue
        pool = lex.REVIEW_PHRASES[names[k // len(lex.LANGUAGES)]][lex.LANGUAGES[k % len(lex.LANGUAGES)]]
        sel = order[a:b]
        chosen = np.array(pool, dtype=object)[pick[sel] % len(pool)]
        out[sel] = [c.format(days=d) if "{days}" in c else c for c, d in zip(chosen, days[sel])]
    return out


def _draw(rng, weights: np.ndarray) -> np.ndarray:
    """One column index per row, drawn with the row's weights (rows of zeros give -1)."""
    total = weights.sum(axis=1, keepdims=True)
    cum = np.cumsum(weights / np.where(total > 0, total, 1), axis=1)
    idx = (rng.random(len(weights))[:, None] > cum).sum(axis=1)
    return np.where(total[:, 0] > 0, np.minimum(idx, weights.shape[1] - 1), -1)


def _language(rng, country: np.ndarray) -> np.ndarray:
    """The language a buyer writes in: their own mostly, English sometimes."""
    native = pd.Series(country).map(lex.COUNTRY_LANGUAGE).to_numpy()
    return np.where((native != "en") & (rng.random(len(country)) < 0.15), "en", native)


@register("service_tickets", whole=True)
def service_tickets(world) -> pd.DataFrame:
    from .logistics import shipments

    rng = world.rng("customers.tickets")
    o, items, _ = orders_items_buyers(world)
    prods = products(world).set_index("product_id")
    first_item = items.drop_duplicates("order_id").set_index("order_id")["product_id"].astype(str)
    family = prods["keyword"].map(ref.KEYWORD_SPECS["family"])
    ship = shipments(world).set_index("order_id")
    weak = weak_agent(world)

    # pre-sale questions: some turn into orders, more often when the answer comes fast
    n_pre = int(len(o) * 0.035)
    agent_pre = rng.choice(AGENTS, n_pre)
    first_pre = np.where(agent_pre == weak, rng.lognormal(np.log(520), 0.6, n_pre), rng.lognormal(np.log(70), 0.9, n_pre))
    converted = rng.random(n_pre) < 0.15 + 0.5 * np.exp(-first_pre / 240.0)
    conv_orders = o.sample(n=int(converted.sum()), random_state=int(rng.integers(1 << 30)))
    pid_pre = np.empty(n_pre, dtype=object)
    pid_pre[converted] = first_item.reindex(conv_orders["order_id"]).to_numpy()
    pid_pre[~converted] = rng.choice(prods.index.to_numpy(), (~converted).sum())
    country_pre = np.empty(n_pre, dtype=object)
    country_pre[converted] = conv_orders["country"].astype(str).to_numpy()
    share = ref.COUNTRIES["order_share"] / ref.COUNTRIES["order_share"].sum()
    country_pre[~converted] = rng.choice(ref.COUNTRIES.index.to_numpy(), (~converted).sum(), p=share)
    created_pre = np.empty(n_pre, dtype="datetime64[ns]")
    created_pre[converted] = (conv_orders["created_at"].to_numpy()
                              - (rng.uniform(0.5, 48, converted.sum()) * 3600).astype("timedelta64[s]"))
    created_pre[~converted] = (world.days.to_numpy()[rng.integers(0, len(world.days), (~converted).sum())]
                               + rng.integers(0, 86400, (~converted).sum()).astype("timedelta64[s]"))
    apparel_pre = family.reindex(pid_pre).isin(APPAREL).to_numpy()
    issue_pre = np.where(apparel_pre & (rng.random(n_pre) < 0.5), "尺码", "产品咨询")
    # a question that led to an order carries it and its buyer; one that did not came from a visitor
    order_pre = pd.array([pd.NA] * n_pre, dtype="Int64")
    order_pre[converted] = conv_orders["order_id"].to_numpy()
    buyer_pre = pd.array([pd.NA] * n_pre, dtype="Int64")
    buyer_pre[converted] = conv_orders["buyer_id"].to_numpy()
    pre = pd.DataFrame({
        "created_at": created_pre, "order_id": order_pre, "buyer_id": buyer_pre, "product_id": pid_pre,
        "country": country_pre, "stage": "售前", "issue_type": issue_pre, "agent_id": agent_pre,
        "first_response_min": first_pre, "converted": converted,
    })

    # questions and complaints about an order: in transit or after delivery
    n_post = int(len(o) * 0.075)
    sel = o.sample(n=n_post, random_state=int(rng.integers(1 << 30))).sort_values("created_at")
    status = sel["status"].to_numpy()
    c = sel["country"].astype(str).to_numpy()
    pid = first_item.reindex(sel["order_id"]).to_numpy()
    apparel = family.reindex(pid).isin(APPAREL).to_numpy()
    p = {"物流查询": 0.36, "未收到货": 0.12, "货不对版": 0.12, "尺码": 0.1, "退换货": 0.14, "关税": 0.06, "产品咨询": 0.1}
    kinds = np.array(list(p))
    duty = pd.Series(c).map(DUTY_TICKETS).fillna(0.5).to_numpy()
    w = np.tile(np.array(list(p.values())), (n_post, 1))
    w[:, list(kinds).index("关税")] *= duty
    w[~apparel, list(kinds).index("尺码")] = 0.0
    w /= w.sum(axis=1, keepdims=True)
    issue = kinds[(rng.random(n_post)[:, None] > np.cumsum(w, axis=1)).sum(axis=1)]
    issue = np.where(status == "纠纷", rng.choice(["未收到货", "货不对版"], n_post), issue)
    stage_mix = np.array([ISSUES[i][0] for i in issue])
    stage = np.where(rng.random(n_post) < stage_mix[:, 1] / np.maximum(stage_mix[:, 1] + stage_mix[:, 2], 1e-9), "售中", "售后")
    sh = ship.reindex(sel["order_id"])
    shipped = sh["shipped_at"].fillna(sel["paid_at"].fillna(sel["created_at"]) + pd.Timedelta(days=2)).to_numpy()
    promised = sh["promised_days"].fillna(15).to_numpy().astype(float)
    delivered = sh["delivered_at"].to_numpy()
    delivered = np.where(pd.isna(delivered), shipped + (promised * 86400).astype("timedelta64[s]"), delivered)
    span = (delivered - shipped).astype("timedelta64[s]").astype(float)
    created_in = shipped + (rng.uniform(0.2, 0.95, n_post) * np.maximum(span, 86400)).astype("timedelta64[s]")
    created_after = delivered + (rng.uniform(0.3, 20, n_post) * 86400).astype("timedelta64[s]")
    agent = rng.choice(AGENTS, n_post)
    post = pd.DataFrame({
        "created_at": np.where(stage == "售中", created_in, created_after), "order_id": pd.array(sel["order_id"].to_numpy(), dtype="Int64"),
        "product_id": pid, "country": c, "stage": stage, "issue_type": issue, "agent_id": agent,
        "first_response_min": np.where(agent == weak, rng.lognormal(np.log(520), 0.6, n_post), rng.lognormal(np.log(70), 0.8, n_post)),
        "converted": False, "buyer_id": pd.array(sel["buyer_id"].to_numpy(), dtype="Int64"),
        "_dispute": status == "纠纷", "_waited": np.maximum(((np.where(stage == "售中", created_in, created_after) - shipped)
                                                           .astype("timedelta64[D]").astype(int)), 1),
    })
    t = pd.concat([pre, post], ignore_index=True)
    t["_dispute"] = t["_dispute"].fillna(False).astype(bool)
    t["_waited"] = t["_waited"].fillna(1).astype(int)
    t = t.sort_values("created_at", kind="stable").reset_index(drop=True)
    n = len(t)
    slow = (t["agent_id"] == weak).to_numpy()
    issue = t["issue_type"].to_numpy()
    resolve_share = np.array([ISSUES[i][1] for i in issue]) - np.where(slow, 0.12, 0.0)
    resolved = rng.random(n) < resolve_share
    hours = np.array([ISSUES[i][3] for i in issue]) * rng.lognormal(0, 0.7, n) * np.where(slow, 2.2, 1.0)
    csat_mean = np.array([ISSUES[i][2] for i in issue]) - np.where(slow, 1.2, 0.0) - np.where(resolved, 0.0, 1.0)
    csat = np.clip(np.round(rng.normal(csat_mean, 0.8)), 1, 5).astype(int)
    lang = _language(rng, t["country"].to_numpy())
    kw = prods["keyword"].reindex(t["product_id"]).to_numpy()
    attr2 = prods["attribute_2"].reindex(t["product_id"]).fillna("").to_numpy()
    pick = rng.integers(0, 1 << 30, n)
    model = np.array(["iPhone 16 Pro", "iPhone 15", "Galaxy S24", "Xiaomi 14", "Pixel 9"])[rng.integers(0, 5, n)]
    height, kg, fee = rng.integers(152, 186, n), rng.integers(45, 95, n), rng.uniform(8, 40, n)
    order_no = t["order_id"].astype("string").fillna("").to_numpy()
    waited = t["_waited"].to_numpy()
    # a product question fits the product: compatibility for phone accessories, safety for toys
    fam = pd.Series(kw).map(ref.KEYWORD_SPECS["family"]).to_numpy()
    phone = np.isin(fam, list(PHONE_FAMILIES))
    kids = np.isin(fam, list(KIDS_FAMILIES))
    question = np.where(phone, np.array([0, 1, 2])[pick % 3], np.where(kids, np.array([1, 2, 3])[pick % 3], np.array([1, 2])[pick % 2]))
    texts = []
    for i in range(n):
        pool = lex.TICKET_PHRASES[issue[i]][lang[i]]
        if issue[i] == "产品咨询":
            pick[i] = question[i]
        variant = attr2[i].split(": ")[-1] if attr2[i] else display_name(kw[i])
        texts.append(pool[pick[i] % len(pool)].format(order=order_no[i], days=waited[i], variant=variant, model=model[i],
                                                       height=height[i], kg=kg[i],
                                                       fee=lex.LOCAL_MONEY[lang[i]].format(x=fee[i])))
    messages = _mess(rng, texts, lang)
    created = pd.to_datetime(t["created_at"]).dt.floor("s")
    dispute = t["_dispute"].to_numpy()
    out = pd.DataFrame({
        "ticket_id": [f"T{i:06d}" for i in range(1, n + 1)], "created_at": created,
        "order_id": t["order_id"].astype("Int64"), "buyer_id": t["buyer_id"].astype("Int64"),
        "product_id": t["product_id"].astype(str), "country": t["country"], "language": lang,
        "channel": np.where(t["stage"] == "售前", rng.choice([CHANNELS[0], CHANNELS[2]], n, p=[0.4, 0.6]),
                            rng.choice(CHANNELS, n, p=[0.45, 0.4, 0.15])),
        "stage": t["stage"], "issue_type": issue, "first_message": messages, "agent_id": t["agent_id"],
        "first_response_min": np.round(t["first_response_min"].to_numpy(), 1), "resolved": resolved,
        "resolved_at": pd.Series(created + pd.to_timedelta(hours, unit="h")).dt.floor("s").where(resolved),
        "csat": csat, "dispute": dispute, "arbitration": dispute & (rng.random(n) < 0.3),
        "seller_responsible": dispute & (rng.random(n) < 0.4),
    })
    return out


# the topics a review of each star rating talks about (positive +, negative -) and how often
REVIEW_TOPICS = {
    5: {"整体评价+": 4, "质量+": 3, "物流+": 2, "描述相符+": 2, "价格+": 1, "电池+": 1, "尺码+": 1, "包装+": 1},
    4: {"整体评价+": 2, "质量+": 2, "物流-": 2, "描述相符+": 1, "价格+": 1, "尺码-": 1, "包装-": 1},
    3: {"质量-": 2, "物流-": 2, "描述相符-": 2, "尺码-": 2, "价格-": 1, "电池-": 1},
    2: {"质量-": 3, "描述相符-": 3, "尺码-": 2, "物流-": 1, "价格-": 1, "电池-": 2, "包装-": 1},
    1: {"质量-": 3, "描述相符-": 2, "物流-": 2, "电池-": 2, "价格-": 1},
}


@register("reviews", whole=True)
def reviews(world) -> pd.DataFrame:
    from .logistics import shipments

    rng = world.rng("customers.reviews")
    o, items, _ = orders_items_buyers(world)
    done = o[o["status"] == "完成"]
    first = items.drop_duplicates("order_id").set_index("order_id")["product_id"]
    sel = done.sample(frac=0.35, random_state=int(rng.integers(1 << 30)))
    n = len(sel)
    prods = products(world).set_index("product_id")
    pid = first.reindex(sel["order_id"]).astype(str).to_numpy()
    rating = prods["rating"].reindex(pid).to_numpy()
    over = (prods["role"].reindex(pid).to_numpy() == "overpriced")
    mean = np.clip(rating - np.where(over, 1.7, 0.0), 1, 5)
    stars = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    apparel = prods["keyword"].map(ref.KEYWORD_SPECS["family"]).isin(APPAREL).reindex(pid).to_numpy()
    battery = prods["has_battery"].reindex(pid).to_numpy().astype(bool)
    ship = shipments(world).set_index("order_id")
    days = ((ship["delivered_at"] - ship["shipped_at"]).dt.days.reindex(sel["order_id"]).fillna(20).clip(lower=2)
            .astype(int).to_numpy())
    lang = _language(rng, sel["country"].astype(str).to_numpy())
    names = sorted({t for topics in REVIEW_TOPICS.values() for t in topics})
    w = np.zeros((n, len(names)))
    for s_, topics in REVIEW_TOPICS.items():
        for t, wt in topics.items():
            w[stars == s_, names.index(t)] = wt
    for j, t in enumerate(names):
        if t.startswith("尺码"):
            w[~apparel, j] = 0.0
        if t.startswith("电池"):
            w[~battery, j] = 0.0
    w[over & (stars <= 3), names.index("价格-")] = 8.0  # the overpriced product: buyers say it is not worth the money
    first = _draw(rng, w)
    w2 = w.copy()
    w2[np.arange(n), first] = 0.0
    w2[rng.random(n) >= 0.4] = 0.0
    second = _draw(rng, w2)
    pick = rng.integers(0, 1 << 30, (n, 2))
    texts = _phrase(names, first, lang, pick[:, 0], days)
    more = _phrase(names, second, lang, pick[:, 1], days)
    texts = np.where(second >= 0, np.char.add(np.char.add(texts.astype(str), " "), more.astype(str)), texts)
    topics = [names[j][:-1] for j in first]
    texts = _mess(rng, list(texts), lang, greet=False)
    return pd.DataFrame({
        "review_id": [f"R{i:07d}" for i in range(1, n + 1)], "order_id": sel["order_id"].to_numpy(), "product_id": pid,
        "country": sel["country"].to_numpy(),
        "created_at": pd.to_datetime(sel["created_at"].to_numpy() + (rng.uniform(12, 40, n) * 86400).astype("timedelta64[s]")).floor("s"),
        "stars": stars,
        "dsr_description": np.clip(np.round(rng.normal(stars, 0.5)), 1, 5).astype(int),
        "dsr_communication": np.clip(np.round(rng.normal(4.5, 0.6, n)), 1, 5).astype(int),
        "dsr_shipping": np.clip(np.round(rng.normal(4.2, 0.8, n)), 1, 5).astype(int),
        "language": lang, "topic": topics, "review_text": texts,
    }).sort_values("created_at").reset_index(drop=True)
