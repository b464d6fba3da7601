"""Customer records (CRM members with RFM), customer-service tickets with the buyer's first
message, and product reviews with the platform's DSR scores.

RFM convention of the course: R, F and M are each scored 1–5 by quintile over the members
(R = 5 for the most recent buyers), and "high" means a score of 4 or 5. Segments:
R-F-M high-high-high 重要价值, high-low-high 重要发展, low-high-high 重要保持, low-low-high 重要挽留,
and with M low: 一般价值 (H-H-L), 一般发展 (H-L-L), 一般保持 (L-H-L), 一般挽留 (L-L-L).

Planted signal (datasets/SIGNALS.md): one service agent answers far slower (median first
response above 6 hours, others under 3) and gets the lowest mean CSAT.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products
from .store import buyers, orders, orders_items_buyers

SEGMENTS = {
    (True, True, True): "重要价值", (True, False, True): "重要发展", (False, True, True): "重要保持",
    (False, False, True): "重要挽留", (True, True, False): "一般价值", (True, False, False): "一般发展",
    (False, True, False): "一般保持", (False, False, False): "一般挽留",
}
AGENTS = ["CS01 Lily", "CS02 Kevin", "CS03 Mona", "CS04 Jack", "CS05 Sara", "CS06 Leo"]
MESSAGES = {
    "物流查询": ["Hi, where is my order? The tracking has not updated for 10 days.",
             "Can you tell me when my package will arrive?", "Tracking number does not work, please help."],
    "未收到货": ["I still have not received my parcel, it has been over 40 days.",
             "The tracking says delivered but I did not get anything."],
    "货不对版": ["The color is different from the picture.", "I ordered the magnetic version but received a normal one.",
             "The item looks cheaper than in the photos."],
    "尺码": ["Which size should I choose? I am 165 cm and 55 kg.", "The dress is too small, size chart is wrong."],
    "退换货": ["I want to return this item, how can I do it?", "Can I exchange it for another color?"],
    "关税": ["Why do I have to pay customs tax for this order?", "The courier asks for import duty, is it included?"],
    "产品咨询": ["Is this case compatible with iPhone 15 Pro?", "Does the charger support 65W fast charging?",
             "Is the material safe for kids?"],
}


@register("crm_members", whole=True)
def crm_members(world) -> pd.DataFrame:
    rng = world.rng("customers.crm")
    o = orders(world)
    paid = o[o["paid_at"].notna() & (o["status"] != "取消")]
    b = buyers(world).set_index("buyer_id")
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
    m["total_spent"] = m["total_spent"].round(2)
    m["join_date"] = m["join_date"].dt.normalize()
    m["last_order_date"] = m["last_order_date"].dt.normalize()
    cols = ["buyer_id", "country", "gender", "age_band", "customer_type", "tier", "channel", "join_date", "last_order_date",
            "orders_count", "total_spent", "recency_days", "r_score", "f_score", "m_score", "rfm_segment"]
    return m[cols]


def weak_agent(world) -> str:
    return str(AGENTS[int(world.rng("customers.weak-agent").integers(len(AGENTS)))])


@register("service_tickets", whole=True)
def service_tickets(world) -> pd.DataFrame:
    rng = world.rng("customers.tickets")
    o = orders(world)
    n = int(len(o) * 0.09)
    sel = o.sample(n=n, random_state=int(rng.integers(1 << 30))).sort_values("created_at")
    status = sel["status"].to_numpy()
    issue = np.where(status == "纠纷", rng.choice(["未收到货", "货不对版"], n),
                     rng.choice(ref.SERVICE_ISSUES, n, p=[0.32, 0.1, 0.1, 0.12, 0.12, 0.06, 0.18]))
    stage = np.select([issue == "产品咨询", np.isin(issue, ["物流查询", "尺码"])], ["售前", "售中"], "售后")
    lang = {"US": "en", "GB": "en", "IL": "en", "RU": "ru", "ES": "es", "CL": "es", "FR": "fr", "BR": "pt", "KR": "ko",
            "PL": "pl", "NL": "nl", "DE": "de"}
    agent = rng.choice(AGENTS, n)
    slow = agent == weak_agent(world)
    first = rng.lognormal(np.log(70), 0.8, n)
    first[slow] = rng.lognormal(np.log(520), 0.6, slow.sum())
    created = sel["created_at"].to_numpy() + (rng.uniform(1, 20, n) * 86400).astype("timedelta64[s]")
    resolve_h = rng.lognormal(np.log(20), 0.8, n) * np.where(slow, 2.2, 1.0)
    resolved = rng.random(n) < np.where(slow, 0.78, 0.93)
    csat = np.clip(np.round(rng.normal(np.where(slow, 3.0, 4.3), 0.8)), 1, 5).astype(int)
    msgs = [MESSAGES[i][int(rng.integers(len(MESSAGES[i])))] for i in issue]
    dispute = status == "纠纷"
    return pd.DataFrame({
        "ticket_id": [f"T{i:06d}" for i in range(1, n + 1)], "created_at": pd.to_datetime(created).floor("s"),
        "order_id": sel["order_id"].to_numpy(), "buyer_id": sel["buyer_id"].to_numpy(), "country": sel["country"].to_numpy(),
        "language": pd.Series(sel["country"]).map(lang).to_numpy(), "stage": stage, "issue_type": issue,
        "first_message": msgs, "agent_id": agent, "first_response_min": np.round(first, 1),
        "resolved": resolved,
        "resolved_at": pd.Series(pd.to_datetime(created + (resolve_h * 3600).astype("timedelta64[s]")).floor("s")).where(resolved).to_numpy(),
        "csat": csat, "dispute": dispute, "arbitration": dispute & (rng.random(n) < 0.3),
        "seller_responsible": dispute & (rng.random(n) < 0.4),
    })


REVIEW_TEXT = {
    5: ["Great quality, fast shipping!", "Exactly as described, my kids love it.", "Perfect, will buy again."],
    4: ["Good product, shipping took a while.", "Nice, but the color is a bit different."],
    3: ["OK for the price.", "Average quality, arrived late."],
    2: ["Not as shown in the pictures.", "Size runs small, disappointed."],
    1: ["Broke after one day.", "Never arrived properly, very bad.", "Too expensive for this quality."],
}


@register("reviews", whole=True)
def reviews(world) -> pd.DataFrame:
    rng = world.rng("customers.reviews")
    o, items, _ = orders_items_buyers(world)
    done = o[o["status"] == "完成"]
    first = items.drop_duplicates("order_id").set_index("order_id")["product_id"]
    sel = done.sample(frac=0.35, random_state=int(rng.integers(1 << 30)))
    n = len(sel)
    prods = products(world).set_index("product_id")
    pid = first.reindex(sel["order_id"]).to_numpy()
    rating = prods["rating"].reindex(pid).to_numpy()
    over = (prods["role"].reindex(pid).to_numpy() == "overpriced")
    mean = np.clip(rating - np.where(over, 1.7, 0.0), 1, 5)
    stars = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    text = [REVIEW_TEXT[s][int(rng.integers(len(REVIEW_TEXT[s])))] for s in stars]
    text = np.where(over & (stars <= 3), "Too expensive for this quality.", text)
    return pd.DataFrame({
        "review_id": [f"R{i:07d}" for i in range(1, n + 1)], "order_id": sel["order_id"].to_numpy(), "product_id": pid,
        "country": sel["country"].to_numpy(),
        "created_at": pd.to_datetime(sel["created_at"].to_numpy() + (rng.uniform(12, 40, n) * 86400).astype("timedelta64[s]")).floor("s"),
        "stars": stars,
        "dsr_description": np.clip(np.round(rng.normal(stars, 0.5)), 1, 5).astype(int),
        "dsr_communication": np.clip(np.round(rng.normal(4.5, 0.6, n)), 1, 5).astype(int),
        "dsr_shipping": np.clip(np.round(rng.normal(4.2, 0.8, n)), 1, 5).astype(int),
        "review_text": text,
    }).sort_values("created_at").reset_index(drop=True)
