"""Platform events the store registers for, its own promotions, and its coupons.

The plans come first and drive the store's orders (domains/store.py): a registered listing gets the
event venue's traffic and sells at the event price, a flash discount lowers the unit price of the
listings it covers, a coupon or spend-and-save offer lowers an order that reaches its threshold.
The tables here aggregate those orders back, so a promotion's results are the orders it really
discounted, and an event's baseline is the listing's own sales before the warm-up.

Times: promotions are set in US Pacific time (the platform's campaign clock, reference.CAMPAIGN_TZ);
orders carry Beijing time.

Planted signal (datasets/SIGNALS.md): registered listings sell far more during an event than in
their baseline, non-registered listings of the same store hardly more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products

# how likely the store registers a listing for each event (big events: most listings)
REGISTRATION_SHARE = [0.8, 0.5, 0.45, 0.6, 0.5, 0.4]
EVENT_TRAFFIC_LIFT = 1.9      # a registered listing's visitors during warm-up and event days, × baseline
UNREGISTERED_TRAFFIC = 0.8    # the event venue draws buyers away from listings that are not in it
WARM_UP_DAYS = 3
BASELINE_DAYS = 14            # the event report's baseline: the days before the warm-up


def event_windows(world) -> list[tuple[str, str, pd.Timestamp, pd.Timestamp]]:
    """(event id, name, first day, last day) of the platform events of the world's year."""
    return [(f"EVT{i + 1:02d}", name, pd.Timestamp(first), pd.Timestamp(last))
            for i, (name, first, last, _peak) in enumerate(ref.EVENTS)]


def _event_plan(world) -> dict:
    rng = world.rng("campaigns.events")
    prods = products(world)
    n_p, n_e = len(prods), len(ref.EVENTS)
    share = np.asarray(REGISTRATION_SHARE)[None, :] * np.where(prods["industry"] == "phone-accessories", 1.15, 0.9)[:, None]
    registered = rng.random((n_p, n_e)) < share
    # the overpriced listing cannot meet the event price the platform asks, so it never gets in
    registered[(prods["role"] == "overpriced").to_numpy()] = False
    minimum = np.array([ref.EVENT_MIN_DISCOUNT[name] for name, *_ in ref.EVENTS])
    discount = np.round(minimum[None, :] + rng.choice([0.0, 0.02, 0.05], (n_p, n_e), p=[0.6, 0.3, 0.1]), 2)
    return {"registered": registered, "discount": np.where(registered, discount, 0.0)}


def event_plan(world) -> dict:
    """Which listing registered for which event (P × E booleans) and at what discount."""
    return world.cached("campaigns.event-plan", lambda: _event_plan(world))


PROMO_TYPES = ["限时限量折扣", "全店铺打折", "满减", "店铺优惠券"]
COUPON_USE = {"店铺优惠券": 0.3, "大促店铺券": 0.45, "满减": 1.0}  # share of eligible orders that use the offer


def _promotion_plan(world) -> pd.DataFrame:
    """The store's promotions of the year: two per month, a store coupon per platform event, the new-member
    coupon of the membership programme. Windows in US Pacific time and, for the orders, in Beijing time."""
    rng = world.rng("campaigns.promotions")
    rows = []
    for m in pd.period_range(ref.START, ref.END, freq="M"):
        for t in rng.choice(PROMO_TYPES, size=2, replace=False):
            start = m.start_time + pd.Timedelta(days=int(rng.integers(0, 20)))
            end = start + pd.Timedelta(days=int(rng.integers(3, 8)), hours=23, minutes=59)
            disc = float(rng.choice([0.05, 0.1, 0.15, 0.2])) if t in ("限时限量折扣", "全店铺打折") else 0.0
            threshold = float(rng.choice([15, 20, 30])) if t in ("满减", "店铺优惠券") else 0.0
            value = float(rng.choice([2, 3, 5])) if threshold else 0.0
            rows.append((t, f"{m.strftime('%Y-%m')} {t}", start, end, disc, threshold, value))
    for _eid, name, first, last in event_windows(world):
        rows.append(("大促店铺券", f"{name} 店铺券", first - pd.Timedelta(days=WARM_UP_DAYS),
                     last + pd.Timedelta(hours=23, minutes=59), 0.0, 25.0, 3.0))
    rows.append(("新会员券", "新会员券 new-member coupon", pd.Timestamp(ref.MEMBERSHIP_LAUNCH),
                 pd.Timestamp(ref.END) + pd.Timedelta(hours=23, minutes=59), 0.0, 10.0, 2.0))
    a = pd.DataFrame(rows, columns=["type", "name", "start_pt", "end_pt", "discount_rate", "threshold", "coupon_value"])
    a = a.sort_values(["start_pt", "type"], kind="stable").reset_index(drop=True)
    a.insert(0, "activity_id", [f"ACT{i + 1:03d}" for i in range(len(a))])
    a["start_bj"] = _pacific_to_beijing(a["start_pt"])
    a["end_bj"] = _pacific_to_beijing(a["end_pt"])
    # a flash discount covers part of the catalogue; the other promotions the whole store
    n_p = len(products(world))
    a["scope"] = [np.flatnonzero(rng.random(n_p) < 0.3) if t == "限时限量折扣" else None for t in a["type"]]
    return a


def _pacific_to_beijing(times: pd.Series) -> pd.Series:
    local = pd.DatetimeIndex(times).tz_localize(ref.CAMPAIGN_TZ, nonexistent="shift_forward", ambiguous=False)
    return pd.Series(local.tz_convert(ref.PLATFORM_TZ).tz_localize(None), index=times.index)


def promotion_plan(world) -> pd.DataFrame:
    return world.cached("campaigns.promotion-plan", lambda: _promotion_plan(world))


# --- result tables -------------------------------------------------------------------------------------
def _sold_by_product_day(world) -> pd.DataFrame:
    from .store import orders_items_buyers

    o, items, _ = orders_items_buyers(world)
    paid = o.loc[o["paid_at"].notna() & (o["status"] != "取消"), ["order_id", "created_at"]]
    it = items.merge(paid, on="order_id")
    it["date"] = it["created_at"].dt.normalize()
    return it.groupby(["product_id", "date"], observed=True).agg(units=("quantity", "sum"), amount=("item_amount", "sum"))


@register("platform_events", whole=True)
def platform_events(world) -> pd.DataFrame:
    """One row per platform event: its dates, the discount it asks, how many listings the store registered."""
    plan = event_plan(world)
    prods = products(world)
    rows = []
    for e, (eid, name, first, last) in enumerate(event_windows(world)):
        reg = plan["registered"][:, e]
        rows.append((eid, name, first, last, first - pd.Timedelta(days=WARM_UP_DAYS), first - pd.Timedelta(days=10),
                     ref.EVENT_MIN_DISCOUNT[name], int(reg.sum()), len(prods)))
    return pd.DataFrame(rows, columns=["event_id", "event_name", "start_date", "end_date", "warm_up_date",
                                       "registration_deadline", "min_discount", "registered_products", "listed_products"])


@register("event_registrations", whole=True)
def event_registrations(world) -> pd.DataFrame:
    """One row per event and listing: registered or not, the event price, and its sales during the event
    against its own baseline (the daily average of the BASELINE_DAYS days before the warm-up)."""
    plan = event_plan(world)
    prods = products(world).reset_index(drop=True)
    sold = _sold_by_product_day(world)
    from .store import product_daily

    pdl = product_daily(world).set_index(["product_id", "date"])["product_visitors"]
    frames = []
    for e, (eid, name, first, last) in enumerate(event_windows(world)):
        event_days = pd.date_range(first, last)
        base_days = pd.date_range(first - pd.Timedelta(days=WARM_UP_DAYS + BASELINE_DAYS),
                                  first - pd.Timedelta(days=WARM_UP_DAYS + 1))
        base_days = base_days[base_days >= world.days[0]]  # 11.11's baseline starts with the data

        def daily(series, days):
            idx = pd.MultiIndex.from_product([prods["product_id"], days])
            return series.reindex(idx).fillna(0).to_numpy().reshape(len(prods), len(days)).mean(axis=1)

        reg = plan["registered"][:, e]
        frames.append(pd.DataFrame({
            "event_id": eid, "event_name": name, "product_id": prods["product_id"], "category_l1": prods["category_l1"],
            "registered": reg, "event_discount": np.where(reg, plan["discount"][:, e], np.nan),
            "event_price": np.where(reg, np.round(prods["sale_price"] * (1 - plan["discount"][:, e]), 2), np.nan),
            "baseline_daily_visitors": np.round(daily(pdl, base_days), 2),
            "baseline_daily_units": np.round(daily(sold["units"], base_days), 2),
            "event_daily_visitors": np.round(daily(pdl, event_days), 2),
            "event_daily_units": np.round(daily(sold["units"], event_days), 2),
            "event_pay_amount": np.round(daily(sold["amount"], event_days) * len(event_days), 2),
        }))
    out = pd.concat(frames, ignore_index=True)
    launched = prods.set_index("product_id")["launch_date"].reindex(out["product_id"]).to_numpy()
    starts = pd.to_datetime(out["event_id"].map({eid: first for eid, _n, first, _l in event_windows(world)})).to_numpy()
    return out[launched <= starts].reset_index(drop=True)


@register("store_coupons", whole=True)
def store_coupons(world) -> pd.DataFrame:
    """Every coupon the store issued (claimable, event and new-member coupons) with its redemptions."""
    from .store import orders

    plan = promotion_plan(world)
    o = orders(world)
    used = o[o["coupon_id"].notna() & o["paid_at"].notna()].groupby("coupon_id", observed=True).agg(
        used=("order_id", "size"), discount_total=("coupon_amount", "sum"), pay_amount=("paid_amount", "sum"))
    rng = world.rng("campaigns.coupon-issue")
    c = plan[plan["type"].isin(["店铺优惠券", "大促店铺券", "新会员券"])].copy()
    c = c.join(used, on="activity_id")
    c[["used", "discount_total", "pay_amount"]] = c[["used", "discount_total", "pay_amount"]].fillna(0)
    # claimed coupons: a redemption rate of roughly 10–35 % is what store coupons get
    rate = np.where(c["type"] == "新会员券", rng.uniform(0.45, 0.6, len(c)), rng.uniform(0.1, 0.35, len(c)))
    c["issued"] = np.maximum(np.round(c["used"] / rate), c["used"]).astype(int)
    c["coupon_kind"] = c["type"].map({"店铺优惠券": "领取型 claimable", "大促店铺券": "大促券 event", "新会员券": "定向 new member"})
    c = c.rename(columns={"activity_id": "coupon_id", "coupon_value": "face_value"})
    c["used"] = c["used"].astype(int)
    c["redemption_rate"] = np.round(c["used"] / c["issued"].clip(lower=1), 4)
    c["discount_total"] = c["discount_total"].round(2)
    c["pay_amount"] = c["pay_amount"].round(2)
    return c[["coupon_id", "name", "coupon_kind", "start_pt", "end_pt", "face_value", "threshold", "issued", "used",
              "redemption_rate", "discount_total", "pay_amount"]].reset_index(drop=True)
