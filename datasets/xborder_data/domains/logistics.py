"""Shipping templates, shipments, overseas warehouses, inventory and customs declarations.

Chargeable weight = max(actual, volumetric), volumetric = L × W × H / 5000 (express) or / 6000
(air and postal lines); fee = first fee + ceil((weight − first weight) / unit) × additional fee
(+ registration fee), minus the template's discount.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .catalog import products, suppliers
from .store import orders_items_buyers

ZONES = {"Zone 1": ["KR", "IL"], "Zone 2": ["US", "GB", "DE", "FR", "ES", "NL", "PL"], "Zone 3": ["RU"], "Zone 4": ["BR", "CL"]}
ZONE_FACTOR = {"Zone 1": 0.8, "Zone 2": 1.0, "Zone 3": 1.1, "Zone 4": 1.45}


@register("shipping_templates", whole=True)
def shipping_templates(world) -> pd.DataFrame:
    rng = world.rng("logistics.templates")
    rows = []
    for service, kind, days, fw, ff, unit, af, reg in ref.LOGISTICS_SERVICES:
        divisor = 5000 if kind == "快速类" else 6000
        for zone, countries in ZONES.items():
            if service == "Overseas Warehouse" and zone != "Zone 2":
                continue
            f = ZONE_FACTOR[zone]
            rows.append((f"TPL-{len(rows) + 1:03d}", service, kind, zone, ",".join(countries), fw, round(ff * f, 2), unit,
                         round(af * f, 2), reg, int(rng.choice([0, 0, 10, 20, 30])), round(days * (0.8 + 0.2 * f)), divisor))
    return pd.DataFrame(rows, columns=["template_id", "service", "service_kind", "zone", "countries", "first_weight_g",
                                       "first_fee", "add_unit_g", "add_fee", "registration_fee", "discount_pct",
                                       "promised_days", "vol_divisor"])


def freight(weight_g, first_weight_g, first_fee, add_unit_g, add_fee, registration_fee=0.0, discount_pct=0.0):
    """Freight in USD for a chargeable weight under a first/additional-weight template (vectorised)."""
    extra = np.ceil(np.maximum(np.asarray(weight_g, float) - first_weight_g, 0) / add_unit_g)
    return np.round((first_fee + extra * add_fee + registration_fee) * (1 - np.asarray(discount_pct) / 100.0), 2)


@register("shipments", whole=True)
def shipments(world) -> pd.DataFrame:
    rng = world.rng("logistics.shipments")
    o, items, _ = orders_items_buyers(world)
    prods = products(world).set_index("product_id")
    shipped = o[o["paid_at"].notna() & (o["status"] != "取消")]
    it = items[items["order_id"].isin(shipped["order_id"])]
    w = it["quantity"].to_numpy() * prods["weight_g"].reindex(it["product_id"]).to_numpy()
    vol = it["quantity"].to_numpy() * (prods["length_cm"] * prods["width_cm"] * prods["height_cm"]).reindex(it["product_id"]).to_numpy()
    agg = pd.DataFrame({"order_id": it["order_id"].to_numpy(), "w": w, "v": vol}).groupby("order_id").sum()
    s = shipped.set_index("order_id").join(agg)
    n = len(s)
    tpl = shipping_templates(world)
    zone_of = {c: z for z, cs in ZONES.items() for c in cs}
    s["zone"] = s["country"].map(zone_of)
    key = tpl.set_index(["service", "zone"])
    t = key.reindex(pd.MultiIndex.from_arrays([s["logistics_service"], s["zone"]]))
    weight = np.round(s["w"].to_numpy() + rng.uniform(15, 40, n))  # packaging
    volumetric = np.round(s["v"].to_numpy() * 1.15 / t["vol_divisor"].to_numpy() * 1000)
    chargeable = np.maximum(weight, volumetric)
    cost = freight(chargeable, t["first_weight_g"].to_numpy(), t["first_fee"].to_numpy(), t["add_unit_g"].to_numpy(),
                   t["add_fee"].to_numpy(), t["registration_fee"].to_numpy(), 0.0)
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
        "template_id": t["template_id"].to_numpy(), "weight_g": weight.astype(int), "volumetric_g": volumetric.astype(int),
        "chargeable_g": chargeable.astype(int), "freight_cost": cost,
        "shipped_at": pd.to_datetime(shipped_at).floor("s"),
        "delivered_at": pd.Series(pd.to_datetime(delivered).floor("s")).where(~lost).to_numpy(),
        "promised_days": t["promised_days"].to_numpy(),
    })
    for col in ("country", "service", "template_id"):
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


@register("inventory", whole=True, dump=lambda: [{"start_date": "2026-08-01", "end_date": "2026-10-31"}])
def inventory(world) -> pd.DataFrame:
    """Weekly stock per product and warehouse (Monday snapshots): on hand, in transit, sold, reorder point."""
    rng = world.rng("logistics.inventory")
    prods = products(world).reset_index(drop=True)
    o, items, _ = orders_items_buyers(world)
    paid = o.loc[o["paid_at"].notna(), ["order_id", "created_at"]]
    it = items.merge(paid, on="order_id")
    it["week"] = it["created_at"].dt.to_period("W-SUN").dt.start_time
    weekly = it.groupby(["product_id", "week"])["quantity"].sum()
    weeks = pd.date_range(pd.Timestamp(ref.START) - pd.Timedelta(days=pd.Timestamp(ref.START).dayofweek), ref.END, freq="7D")
    sup = suppliers(world).set_index("supplier_id")
    rows = []
    for wh in WAREHOUSES:
        wid, loc, _mode, leg, *_ = wh
        share = 1.0 if loc == "CN" else 0.12
        stocked = prods if loc == "CN" else prods.sample(frac=0.25, random_state=int(rng.integers(1 << 30)))
        grid = pd.MultiIndex.from_product([stocked["product_id"], weeks], names=["product_id", "week"])
        sold = np.round(weekly.reindex(grid).fillna(0).to_numpy() * share).astype(int)
        d = pd.DataFrame(index=grid).reset_index()
        d["units_sold"] = sold
        lead = sup["lead_time_days"].reindex(stocked["product_id"].map(prods.set_index("product_id")["supplier_id"])).to_numpy()
        lead_w = np.repeat((lead + leg) / 7.0, len(weeks))
        avg = d.groupby("product_id")["units_sold"].transform("mean").to_numpy()
        sd = d.groupby("product_id")["units_sold"].transform("std").fillna(0).to_numpy()
        d["safety_stock"] = np.round(1.65 * sd * np.sqrt(lead_w)).astype(int)
        d["reorder_point"] = np.round(avg * lead_w + d["safety_stock"]).astype(int)
        cover = rng.uniform(1.5, 5.0, len(d))
        d["on_hand"] = np.maximum(np.round(avg * cover * (lead_w + 1) - sold * rng.uniform(0, 1, len(d))), 0).astype(int)
        d["in_transit"] = np.where(d["on_hand"] < d["reorder_point"], np.round(avg * lead_w * 1.5), 0).astype(int)
        d["warehouse_id"] = wid
        rows.append(d)
    inv = pd.concat(rows, ignore_index=True).rename(columns={"week": "date"})
    return inv[["date", "warehouse_id", "product_id", "on_hand", "in_transit", "units_sold", "safety_stock", "reorder_point"]]


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
