"""Shipping: the carrier's rates (what the store pays), the store's shipping templates (what the buyer
pays), shipments, overseas warehouses, inventory, purchase orders and customs.

Rules of the trade kept here (tests/test_data_trade_rules.py checks each):
- small-packet lines (经济类/标准类) charge the actual weight and take only parcels within their limits
  (≤ 2 kg, length + width + height ≤ 90 cm, longest side ≤ 60 cm); express and warehouse delivery charge
  the larger of actual and volumetric weight, volumetric = L × W × H ÷ 5000 (cm, kg);
- China Post Registered Air Mail and ePacket take no batteries;
- fee = first fee + ceil((chargeable − first weight) / unit) × additional fee + registration fee;
  the carrier charges the store its contract share of the standard rate (carrier_rates, the seller's
  freight cost); the template charges the buyer the standard rate minus the template's discount
  (often 100 %: free shipping).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products, stocked_products, suppliers
from .store import orders_items_buyers, parcels

ZONES = {"Zone 1": ["KR", "IL"], "Zone 2": ["US", "GB", "DE", "FR", "ES", "NL", "PL"], "Zone 3": ["RU"], "Zone 4": ["BR", "CL"]}
ZONE_FACTOR = {"Zone 1": 0.8, "Zone 2": 1.0, "Zone 3": 1.1, "Zone 4": 1.45}
_ZONE_OF = {c: z for z, cs in ZONES.items() for c in cs}
SERVICE_COLUMNS = ["service", "service_kind", "promised_days", "first_weight_g", "first_fee", "add_unit_g", "add_fee",
                   "registration_fee", "vol_divisor", "max_weight_g", "max_sum_cm", "max_side_cm", "battery_allowed",
                   "carrier_share"]


def zone_of(country: str) -> str:
    return _ZONE_OF[country]


def _service_zones() -> pd.DataFrame:
    """Every service × zone it serves, with the standard rate of that zone and the line's rules."""
    rows = []
    for s in ref.LOGISTICS_SERVICES:
        svc = dict(zip(SERVICE_COLUMNS, s))
        for zone, countries in ZONES.items():
            if svc["service_kind"] == "海外仓":
                countries = [c for c in countries if c in ref.WAREHOUSE_COUNTRIES]
                if not countries:
                    continue
            f = ZONE_FACTOR[zone]
            rows.append({**svc, "zone": zone, "countries": ",".join(countries), "first_fee": round(svc["first_fee"] * f, 2),
                         "add_fee": round(svc["add_fee"] * f, 2),
                         "promised_days": round(svc["promised_days"] * (0.8 + 0.2 * f))})
    out = pd.DataFrame(rows)
    out["vol_divisor"] = out["vol_divisor"].astype(float)
    return out


def chargeable_weight(weight_g, length_cm, width_cm, height_cm, vol_divisor) -> np.ndarray:
    """Grams charged: the actual weight on small-packet lines (no divisor), else the larger of actual and
    volumetric weight (L × W × H ÷ divisor, in kg, × 1000)."""
    weight = np.asarray(weight_g, float)
    divisor = np.asarray(vol_divisor, float)
    volumetric = np.ceil(np.asarray(length_cm, float) * np.asarray(width_cm, float) * np.asarray(height_cm, float)
                         / np.where(np.isnan(divisor), 1.0, divisor) * 1000)
    return np.where(np.isnan(divisor), weight, np.maximum(weight, volumetric))


def freight(weight_g, first_weight_g, first_fee, add_unit_g, add_fee, registration_fee=0.0, discount_pct=0.0):
    """Freight in USD for a chargeable weight under a first/additional-weight rate (vectorised)."""
    extra = np.ceil(np.maximum(np.asarray(weight_g, float) - first_weight_g, 0) / add_unit_g)
    return np.round((first_fee + extra * add_fee + registration_fee) * (1 - np.asarray(discount_pct) / 100.0), 2)


def template_fee(charge_g, template: pd.DataFrame) -> np.ndarray:
    """What the buyer pays under the store's template rows (one per parcel)."""
    return freight(charge_g, template["first_weight_g"].to_numpy(), template["first_fee"].to_numpy(),
                   template["add_unit_g"].to_numpy(), template["add_fee"].to_numpy(),
                   template["registration_fee"].to_numpy(), template["discount_pct"].to_numpy())


@register("shipping_templates", whole=True)
def shipping_templates(world) -> pd.DataFrame:
    """The store's template: the platform's standard rate per service and zone, and the discount (减免) the
    store gives its buyers — free shipping on the lines it wants buyers to pick."""
    def build():
        rng = world.rng("logistics.templates")
        sz = _service_zones()
        near = sz["zone"].isin(["Zone 1", "Zone 2"]).to_numpy()
        policy = {
            "AliExpress Saver Shipping": np.full(len(sz), 100),
            "AliExpress Standard Shipping": np.where(near, 100, rng.choice([30, 50], len(sz))),
            "China Post Registered Air Mail": rng.choice([0, 20, 30], len(sz)),
            "ePacket": np.where(near, 100, 50),
            "AliExpress Premium Shipping": np.where(near, 30, 0),
            "Overseas Warehouse": np.full(len(sz), 100),
        }
        sz["discount_pct"] = [int(policy[s][i]) for i, s in enumerate(sz["service"])]
        sz.insert(0, "template_id", [f"TPL-{i + 1:03d}" for i in range(len(sz))])
        return sz[["template_id", "service", "service_kind", "zone", "countries", "first_weight_g", "first_fee",
                   "add_unit_g", "add_fee", "registration_fee", "discount_pct", "promised_days", "vol_divisor"]]
    return world.cached("logistics.templates", build)


@register("carrier_rates", whole=True)
def carrier_rates(world) -> pd.DataFrame:
    """The logistics provider's rate card for the store (its contract price) and each line's limits."""
    sz = _service_zones()
    rate = sz["carrier_share"].to_numpy()
    out = sz.assign(first_fee=np.round(sz["first_fee"] * rate, 2), add_fee=np.round(sz["add_fee"] * rate, 2),
                    registration_fee=np.round(sz["registration_fee"] * rate, 2))
    out.insert(0, "rate_id", [f"RATE-{i + 1:03d}" for i in range(len(out))])
    out["max_sum_cm"] = out["max_sum_cm"].astype(float)
    return out[["rate_id", "service", "service_kind", "zone", "countries", "first_weight_g", "first_fee", "add_unit_g",
                "add_fee", "registration_fee", "vol_divisor", "max_weight_g", "max_sum_cm", "max_side_cm",
                "battery_allowed", "promised_days"]]


@register("shipments", whole=True)
def shipments(world) -> pd.DataFrame:
    rng = world.rng("logistics.shipments")
    o, _items, _ = orders_items_buyers(world)
    par = parcels(world).set_index("order_id")
    shipped = o[o["paid_at"].notna() & (o["status"] != "取消")]
    s = shipped.set_index("order_id").join(par)
    n = len(s)
    s["zone"] = s["country"].map(_ZONE_OF)
    keys = pd.MultiIndex.from_arrays([s["logistics_service"].astype(str), s["zone"]])
    t = shipping_templates(world).set_index(["service", "zone"]).reindex(keys)
    rate = carrier_rates(world).set_index(["service", "zone"]).reindex(keys)
    divisor = rate["vol_divisor"].to_numpy()
    volumetric = np.where(np.isnan(divisor), np.nan, np.ceil(
        s["length_cm"].to_numpy() * s["width_cm"].to_numpy() * s["height_cm"].to_numpy() / np.where(np.isnan(divisor), 1, divisor) * 1000))
    chargeable = chargeable_weight(s["weight_g"], s["length_cm"], s["width_cm"], s["height_cm"], divisor)
    cost = freight(chargeable, rate["first_weight_g"].to_numpy(), rate["first_fee"].to_numpy(), rate["add_unit_g"].to_numpy(),
                   rate["add_fee"].to_numpy(), rate["registration_fee"].to_numpy(), 0.0)
    handling = rng.lognormal(np.log(1.5), 0.5, n)
    shipped_at = s["paid_at"].to_numpy() + (handling * 86400).astype("timedelta64[s]")
    # Chinese New Year: warehouses close, parcels wait
    cny = pd.Timestamp(ref.CHINESE_NEW_YEAR)
    in_cny = (s["paid_at"] >= cny - pd.Timedelta(days=7)) & (s["paid_at"] <= cny + pd.Timedelta(days=7))
    shipped_at = np.where(in_cny, shipped_at + np.timedelta64(8, "D"), shipped_at)
    transit = t["promised_days"].to_numpy() * rng.lognormal(np.log(0.75), 0.3, n)
    delivered = shipped_at + (transit * 86400).astype("timedelta64[s]")
    lost = rng.random(n) < np.where(s["status"].to_numpy() == "纠纷", 0.35, 0.004)
    out = pd.DataFrame({
        "shipment_id": [f"SH{i:08d}" for i in range(1, n + 1)],
        "order_id": s.index.to_numpy(), "country": s["country"].to_numpy(), "service": s["logistics_service"].to_numpy(),
        "template_id": t["template_id"].to_numpy(), "rate_id": rate["rate_id"].to_numpy(),
        "weight_g": s["weight_g"].to_numpy().astype(int), "length_cm": s["length_cm"].to_numpy(),
        "width_cm": s["width_cm"].to_numpy(), "height_cm": s["height_cm"].to_numpy(),
        "has_battery": s["has_battery"].to_numpy(), "volumetric_g": volumetric, "chargeable_g": chargeable.astype(int),
        "freight_cost": cost, "shipping_fee": s["shipping_fee"].to_numpy(),
        "shipped_at": pd.to_datetime(shipped_at).floor("s"),
        "delivered_at": pd.Series(pd.to_datetime(delivered).floor("s")).where(~lost).to_numpy(),
        "promised_days": t["promised_days"].to_numpy(),
    })
    for col in ("country", "service", "template_id", "rate_id"):
        out[col] = out[col].astype("category")
    return out


WAREHOUSES = [
    # id, location, first-leg mode, first-leg days, storage fee per cbm-day, outbound fee per order
    ("WH-CN-YW", "CN", "本地仓 local", 0, 0.00, 0.35),
    ("WH-US-LA", "US", "海运 sea", 32, 0.45, 2.10),
    ("WH-ES-MAD", "ES", "铁路 rail", 24, 0.38, 1.70),
    ("WH-PL-WAW", "PL", "铁路 rail", 20, 0.30, 1.40),
    ("WH-DE-FRA", "DE", "空运 air", 8, 0.42, 1.90),
]


@register("warehouses", whole=True)
def warehouses(world) -> pd.DataFrame:
    return pd.DataFrame(WAREHOUSES, columns=["warehouse_id", "location", "first_leg_mode", "first_leg_days",
                                             "storage_fee_cbm_day", "outbound_fee"])


def _weekly_units(world) -> tuple[pd.DatetimeIndex, pd.DataFrame, np.ndarray]:
    """Units paid per product and week (Monday weeks), as a P × W array in catalogue order."""
    prods = products(world).reset_index(drop=True)
    o, items, _ = orders_items_buyers(world)
    paid = o.loc[o["paid_at"].notna(), ["order_id", "created_at"]]
    it = items.merge(paid, on="order_id")
    it["week"] = it["created_at"].dt.to_period("W-SUN").dt.start_time
    weekly = it.groupby([it["product_id"].astype(str), "week"])["quantity"].sum()
    weeks = pd.date_range(pd.Timestamp(ref.START) - pd.Timedelta(days=pd.Timestamp(ref.START).dayofweek), ref.END, freq="7D")
    grid = pd.MultiIndex.from_product([prods["product_id"], weeks])
    return weeks, prods, weekly.reindex(grid).fillna(0).to_numpy().reshape(len(prods), len(weeks))


REVIEW_WEEKS = 8   # the demand history a reorder decision looks at
COVER_WEEKS = 4    # what an order tops the stock up to, beyond the lead time
Z_SERVICE = 1.65   # 95 % cycle service level


def _replenishment(world) -> dict:
    """The China warehouse's weekly reorder cycle: each Monday, a product whose stock position (on hand +
    on order) is at or below its reorder point gets a purchase order; goods arrive after the supplier's
    real lead time (late suppliers late), defects are rejected at receipt."""
    def build():
        rng = world.rng("logistics.replenishment")
        weeks, prods, demand = _weekly_units(world)
        sup = suppliers(world).set_index("supplier_id")
        s = sup.reindex(prods["supplier_id"])
        lead = s["lead_time_days"].to_numpy().astype(float)
        moq = s["moq"].to_numpy().astype(float)
        on_time = s["on_time_rate"].to_numpy()
        defect = s["defect_rate"].to_numpy()
        n_p, n_w = demand.shape
        lead_w = lead / 7.0
        history = demand[:, :REVIEW_WEEKS]
        on_hand = np.round(history.mean(axis=1) * (lead_w + 3))
        pipe_w = np.zeros(0, int)      # arrival week of every open purchase order
        pipe_p = np.zeros(0, int)      # its product
        pipe_q = np.zeros(0)           # the units that will pass inspection
        rows, pos = [], []
        week_ns = weeks.to_numpy()
        for w in range(n_w):
            here = pipe_w == w
            on_hand += np.bincount(pipe_p[here], weights=pipe_q[here], minlength=n_p)
            pipe_w, pipe_p, pipe_q = pipe_w[~here], pipe_p[~here], pipe_q[~here]
            past = demand[:, max(0, w - REVIEW_WEEKS):w] if w else history
            mean, sd = past.mean(axis=1), past.std(axis=1)
            safety = np.round(Z_SERVICE * sd * np.sqrt(lead_w + 1))
            rop = np.round(mean * (lead_w + 1) + safety)
            on_order = np.bincount(pipe_p, weights=pipe_q, minlength=n_p)
            position = on_hand + on_order
            p = np.flatnonzero((position <= rop) & (mean > 0))
            if len(p):
                qty = np.maximum(moq[p], np.ceil((mean[p] * (lead_w[p] + 1 + COVER_WEEKS) + safety[p] - position[p]) / moq[p]) * moq[p])
                late = rng.random(len(p)) > on_time[p]
                days = lead[p] + rng.integers(-2, 1, len(p)) + np.where(late, rng.uniform(3, 15, len(p)), 0.0)
                order_day = week_ns[w] + rng.integers(0, 2, len(p)).astype("timedelta64[D]")
                arrival = order_day + (days * 86400).astype("timedelta64[s]")
                rejected = rng.binomial(qty.astype(int), defect[p])
                promised = order_day + lead[p].astype("timedelta64[D]")
                rows += list(zip(order_day, p, qty.astype(int), promised, arrival, rejected))
                arrive_w = np.maximum(np.searchsorted(week_ns, arrival, side="left"), w + 1)
                pipe_w = np.concatenate([pipe_w, arrive_w])
                pipe_p = np.concatenate([pipe_p, p])
                pipe_q = np.concatenate([pipe_q, qty - rejected])
            pos.append(pd.DataFrame({"date": weeks[w], "product_id": prods["product_id"], "on_hand": on_hand.astype(int),
                                     "in_transit": on_order.astype(int), "units_sold": demand[:, w].astype(int),
                                     "safety_stock": safety.astype(int), "reorder_point": rop.astype(int)}))
            on_hand = np.maximum(on_hand - demand[:, w], 0)
        return {"pos": pd.concat(pos, ignore_index=True), "orders": rows, "prods": prods}
    return world.cached("logistics.replenishment", build)


@register("purchase_orders", whole=True)
def purchase_orders(world) -> pd.DataFrame:
    """Purchase orders to suppliers for the China warehouse: quantities, promised and real arrival dates,
    units rejected at inspection. Orders not yet arrived by the end of the data are 在途 (in transit)."""
    r = _replenishment(world)
    prods = r["prods"]
    sup = suppliers(world).set_index("supplier_id")
    if not r["orders"]:
        return pd.DataFrame(columns=["po_id"])
    o = pd.DataFrame(r["orders"], columns=["order_date", "p", "quantity", "promised_date", "arrival", "defect_qty"])
    for c in ("order_date", "promised_date", "arrival"):
        o[c] = pd.to_datetime(o[c])
    o = o.sort_values(["order_date", "p"], kind="stable").reset_index(drop=True)
    end = pd.Timestamp(ref.END) + pd.Timedelta(hours=23, minutes=59)
    arrived = o["arrival"] <= end
    price = prods["unit_cost_cny"].to_numpy()[o["p"]]
    # bigger orders get a better unit price
    unit = np.round(price * np.where(o["quantity"] >= 500, 0.92, np.where(o["quantity"] >= 200, 0.96, 1.0)), 2)
    return pd.DataFrame({
        "po_id": [f"PO{26000 + i:05d}" for i in range(len(o))], "supplier_id": prods["supplier_id"].to_numpy()[o["p"]],
        "product_id": prods["product_id"].to_numpy()[o["p"]], "warehouse_id": "WH-CN-YW",
        "order_date": o["order_date"].dt.normalize(), "quantity": o["quantity"], "unit_cost_cny": unit,
        "lead_time_days": sup["lead_time_days"].reindex(prods["supplier_id"].to_numpy()[o["p"]]).to_numpy(),
        "promised_date": o["promised_date"].dt.normalize(),
        "received_date": o["arrival"].dt.normalize().where(arrived),
        "received_qty": np.where(arrived, o["quantity"] - o["defect_qty"], 0),
        "defect_qty": np.where(arrived, o["defect_qty"], 0),
        "status": np.where(arrived, "已入库 received", "在途 in transit"),
    })


@register("inventory", whole=True, dump=lambda: [{"start_date": "2026-08-01", "end_date": "2026-10-31"}])
def inventory(world) -> pd.DataFrame:
    """Weekly stock per product and warehouse (Monday snapshots): on hand, in transit, sold, safety stock and
    reorder point. The China warehouse's stock follows its purchase orders (purchase_orders); the overseas
    warehouses hold a share of the catalogue replenished by first-leg transfers."""
    rng = world.rng("logistics.inventory")
    cn = _replenishment(world)["pos"].assign(warehouse_id="WH-CN-YW")
    weeks, prods, demand = _weekly_units(world)
    sup = suppliers(world).set_index("supplier_id")
    rows = [cn]
    for wh in WAREHOUSES:
        wid, loc, _mode, leg, *_ = wh
        if loc == "CN":
            continue
        idx = stocked_products(world)[wid]
        stocked = prods.iloc[idx]
        sold = np.round(demand[idx] * 0.12).astype(int)
        d = pd.DataFrame({"product_id": np.repeat(stocked["product_id"].to_numpy(), len(weeks)),
                          "date": np.tile(weeks, len(idx)), "units_sold": sold.ravel()})
        lead = sup["lead_time_days"].reindex(stocked["supplier_id"]).to_numpy()
        lead_w = np.repeat((lead + leg) / 7.0, len(weeks))
        avg = np.repeat(sold.mean(axis=1), len(weeks))
        sd = np.repeat(sold.std(axis=1, ddof=1) if len(weeks) > 1 else np.zeros(len(idx)), len(weeks))
        d["safety_stock"] = np.round(Z_SERVICE * np.nan_to_num(sd) * np.sqrt(lead_w)).astype(int)
        d["reorder_point"] = np.round(avg * lead_w + d["safety_stock"]).astype(int)
        cover = rng.uniform(1.5, 5.0, len(d))
        d["on_hand"] = np.maximum(np.round(avg * cover * (lead_w + 1) - d["units_sold"] * rng.uniform(0, 1, len(d))), 0).astype(int)
        d["in_transit"] = np.where(d["on_hand"] < d["reorder_point"], np.round(avg * lead_w * 1.5), 0).astype(int)
        d["warehouse_id"] = wid
        rows.append(d)
    inv = pd.concat(rows, ignore_index=True)
    return inv[["date", "warehouse_id", "product_id", "on_hand", "in_transit", "units_sold", "safety_stock", "reorder_point"]]


# Import rules of the world's destinations for low-value B2C parcels, as they stand for its dates
# (2025-11 … 2026-10). Sources: the EU's 2021 VAT e-commerce package and the Council's decision of
# 2026-02-11 (flat €3 duty from 2026-07-01); US Executive Order 14324 (de minimis suspended from
# 2025-08-29); the UK's 2021 low-value rules; Brazil's Remessa Conforme; Chile's Ley 21.713 (VAT on all
# low-value imports from 2025-10-25). Rates change: check the current rule before declaring.
CUSTOMS_RULES = [
    # country, from, to, currency, VAT/GST rate, duty-free up to (local), VAT-free up to (local), collected, rule zh, rule en
    ("US", "2016-03-10", "2025-08-28", "USD", 0.0, 800, None, "无 none",
     "美国 800 美元以下免关税（de minimis）", "Duty-free up to USD 800 (de minimis)"),
    ("US", "2025-08-29", None, "USD", 0.0, 0, None, "进口时 at import",
     "所有国家的 800 美元免税额暂停：任何价值都要缴关税（按原产地的附加关税；邮政包裹 2026-02-28 前可选每件 80–200 美元的从量税）；无联邦增值税",
     "De minimis suspended for all countries: duty on every value (origin-based additional tariffs; postal items could pay a specific USD 80–200 per item until 2026-02-28); no federal VAT"),
    ("GB", "2021-01-01", None, "GBP", 0.20, 135, 0, "下单时由平台代收 at checkout",
     "135 英镑以下免关税，20% 增值税在下单时由平台代收；以上在进口时缴关税和增值税",
     "Up to GBP 135: no duty, 20 % VAT collected at checkout by the marketplace; above: duty and VAT at import"),
    ("RU", "2020-01-01", None, "EUR", 0.0, 200, 200, "进口时 at import",
     "个人包裹 200 欧元且 31 公斤以内免税；超出部分征 15%（每公斤至少 2 欧元）",
     "Personal parcels up to EUR 200 and 31 kg duty-free; 15 % on the excess (at least EUR 2 per kg)"),
    ("BR", "2024-08-01", None, "USD", 0.17, 0, 0, "下单时由平台代收 at checkout",
     "Remessa Conforme：50 美元以下征 20% 进口税，以上 60%（减 20 美元）；另征州 ICMS（约 17–20%），由认证平台下单时代收",
     "Remessa Conforme: 20 % import tax up to USD 50, 60 % above (minus USD 20); plus state ICMS (about 17–20 %), collected at checkout by certified platforms"),
    ("KR", "2019-01-01", None, "USD", 0.10, 150, 150, "进口时 at import",
     "自用物品 150 美元以下免关税和增值税（自美国 200 美元）；以上按 HS 征关税和 10% 增值税",
     "Personal-use goods up to USD 150 free of duty and VAT (USD 200 from the US); above: duty by HS code and 10 % VAT"),
    ("IL", "2025-01-01", None, "USD", 0.18, 75, 75, "进口时 at import",
     "个人进口 75 美元以下免增值税和关税（500 美元以下免关税，另征 18% 增值税）；2025 年底的部长令提高到 150 美元，生效前请核实",
     "Personal imports up to USD 75 free of VAT and duty (duty-free up to USD 500, 18 % VAT above USD 75); a ministerial order of late 2025 raises it to USD 150: check its status"),
    ("CL", "2020-01-01", "2025-10-24", "USD", 0.19, 41, 41, "进口时 at import",
     "41 美元以下免增值税和关税", "Up to USD 41 free of VAT and duty"),
    ("CL", "2025-10-25", None, "USD", 0.19, 500, 0, "下单时由平台代收 at checkout",
     "所有低价值进口都征 19% 增值税，由在 SII 登记的平台下单时代收；500 美元以下免 6% 关税",
     "19 % VAT on every low-value import, collected at checkout by platforms registered with the SII; no 6 % duty up to USD 500"),
]
EU_VAT = {"ES": 0.21, "FR": 0.20, "NL": 0.21, "PL": 0.23, "DE": 0.19}
for _c, _rate in EU_VAT.items():
    CUSTOMS_RULES += [
        (_c, "2021-07-01", "2026-06-30", "EUR", _rate, 150, 0, "下单时由平台代收（IOSS） at checkout (IOSS)",
         f"欧盟：所有进口都征增值税（{_rate:.0%}），150 欧元以下由平台经 IOSS 下单时代收，免关税；以上进口时缴关税和增值税",
         f"EU: VAT ({_rate:.0%}) on every import; up to EUR 150 collected at checkout via IOSS, no duty; above: duty and VAT at import"),
        (_c, "2026-07-01", None, "EUR", _rate, 0, 0, "下单时由平台代收（IOSS） at checkout (IOSS)",
         f"欧盟：150 欧元以下的免关税取消，每个包裹内每个税号征 3 欧元固定关税（过渡办法，至 2028 年）；增值税（{_rate:.0%}）仍经 IOSS 代收",
         f"EU: the EUR 150 duty relief ends; a flat EUR 3 duty per tariff line in each parcel (interim, until 2028); VAT ({_rate:.0%}) still collected via IOSS"),
    ]


@register("customs_rules", whole=True)
def customs_rules(world) -> pd.DataFrame:
    """Import rules of each destination for low-value B2C parcels, with the dates they apply."""
    return _customs_rules_frame()


def _customs_rules_frame() -> pd.DataFrame:
    """The rules of CUSTOMS_RULES as a table: the same in every world (they are the law, not data)."""
    rows = [(c, pd.Timestamp(a), pd.Timestamp(b) if b else pd.NaT, cur, rate, free, vat_free, how, zh, en)
            for c, a, b, cur, rate, free, vat_free, how, zh, en in CUSTOMS_RULES]
    out = pd.DataFrame(rows, columns=["country", "valid_from", "valid_to", "currency", "vat_rate", "duty_free_threshold",
                                      "vat_free_threshold", "tax_collected", "rule_zh", "rule_en"])
    out["vat_free_threshold"] = out["vat_free_threshold"].astype(float)
    return out.sort_values(["country", "valid_from"]).reset_index(drop=True)


def customs_rule_on(country: str, day) -> dict:
    """The import rule of `country` in force on `day`, as a dict of customs_rules' columns.

    Rules apply for whole calendar days (valid_from and valid_to both included), so the time of day
    of a ticket or order does not matter: a rule ending 2026-06-30 still holds at 23:59 that day.
    """
    when = pd.Timestamp(day).normalize()
    rules = _customs_rules_frame()
    live = rules[(rules["country"] == country) & (rules["valid_from"] <= when)
                 & (rules["valid_to"].isna() | (rules["valid_to"] >= when))]
    if len(live) != 1:
        raise KeyError(f"no single import rule for {country!r} on {when.date()} (found {len(live)}); "
                       f"customs_rules covers {sorted(rules['country'].unique())}")
    return live.iloc[0].to_dict()


@register("customs_declarations", whole=True)
def customs_declarations(world) -> pd.DataFrame:
    """Monthly export declarations: B2C parcels go 9610; stock sent to overseas warehouses goes 9810."""
    rng = world.rng("logistics.customs")
    o, items, _ = orders_items_buyers(world)
    prods = products(world).set_index("product_id")
    paid = o.loc[o["paid_at"].notna() & (o["status"] != "取消"), ["order_id", "created_at", "country"]]
    it = items.merge(paid, on="order_id")
    it["month"] = it["created_at"].dt.strftime("%Y-%m")
    it["category_l1"] = prods["category_l1"].reindex(it["product_id"]).to_numpy()
    hs = {"手机配件": "8517.79", "女装": "6204.43", "家居园艺": "3924.10", "美妆工具": "9616.20", "玩具": "9503.00",
          "运动户外": "9506.91"}
    g = it.groupby(["month", "country", "category_l1"], as_index=False).agg(parcels=("order_id", "nunique"),
                                                                            quantity=("quantity", "sum"),
                                                                            declared_value=("item_amount", "sum"))
    g["mode"] = "9610"
    wh = g[g["country"].isin(["US", "ES", "PL", "DE"])].copy()
    wh["mode"] = "9810"
    wh["parcels"] = np.maximum(1, np.round(wh["parcels"] / 400)).astype(int)
    wh["quantity"] = np.round(wh["quantity"] * 0.12).astype(int)
    wh["declared_value"] = wh["declared_value"] * 0.12 * 0.45  # declared at cost for stock transfers
    d = pd.concat([g, wh], ignore_index=True)
    d["hs_code"] = d["category_l1"].map(hs)
    d["declared_value"] = d["declared_value"].round(2)
    d["declaration_id"] = [f"CD{202500000 + i}" for i in range(len(d))]
    d["cleared"] = rng.random(len(d)) > 0.01
    return d[["declaration_id", "month", "mode", "country", "category_l1", "hs_code", "parcels", "quantity",
              "declared_value", "cleared"]]
