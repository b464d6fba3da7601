"""The store's product catalog, its suppliers, and its competitors with their products.

Planted signals (datasets/SIGNALS.md):
- one *overpriced* product: priced about 45 % above the competitors' median for its keyword;
  the store domain gives it a high bounce rate and a low conversion rate;
- one supplier with a poor on-time delivery rate (< 80 %) and a higher defect rate;
- one competitor listing cuts its price by 15–25 % in one of the last three weekly snapshots and its
  30-day orders jump, while every other tracked listing moves by a few per cent at most.

Every product is built from its keyword's family (reference.FAMILIES, KEYWORD_SPECS): the attributes
a listing of that kind has, a plausible parcel weight and size, a battery flag; titles hold only
words true of the product and name a compatible phone only as "for …" wording.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register

# products per industry: a phone-accessories store that also sells in five neighbouring categories
STORE_MIX = {"phone-accessories": 130, "home-garden": 45, "beauty-tools": 35, "womens-clothing": 30, "toys": 25,
             "sports": 35}
# how much of its industry's demand a listing of the store reaches: the store's own category gets the most
STORE_FOCUS = {"phone-accessories": 2.4, "home-garden": 0.7, "beauty-tools": 0.7, "womens-clothing": 0.6, "toys": 0.6,
               "sports": 0.6}
SUPPLIER_CITIES = ["义乌 Yiwu", "深圳 Shenzhen", "广州 Guangzhou", "杭州 Hangzhou", "泉州 Quanzhou", "汕头 Shantou"]
COMPETITORS = ["TechNest Store", "CaseCity Official", "Lumi Home Store", "GlowUp Beauty", "KidJoy Toys",
               "PeakGear Outdoor", "Bella Mode Store", "SmartLife Direct"]
# "for" wording of a compatible brand in a title (a model the product fits, never a brand claim)
COMPAT_WORDING = {"Apple": "for iPhone 16 15 14", "Samsung": "for Samsung Galaxy S24", "Xiaomi": "for Xiaomi 14",
                  "Huawei": "for Huawei P60", "Google": "for Google Pixel 9"}
_UPPER = {"usb": "USB", "led": "LED", "uv": "UV", "rc": "RC", "gan": "GaN", "otg": "OTG", "c": "C", "t": "T", "ab": "Ab"}


def display_name(keyword: str) -> str:
    """A keyword as a title shows it: "usb c cable" -> "USB C Cable" (str.title() would write "Usb")."""
    return " ".join(_UPPER.get(w, w.capitalize()) for w in keyword.split())


def _attribute_values(rng, keywords, has_battery) -> list[dict[str, str]]:
    """Each listing's attribute values: popular values more often, fixed where the keyword says so."""
    out = []
    for k, battery in zip(keywords, has_battery):
        fixed = ref.KEYWORD_ATTRIBUTES.get(k, {})
        vals = {}
        for name, values in ref.family_attributes(k):
            if name in fixed:
                vals[name] = fixed[name]
                continue
            if name == "Power Source":  # a battery product is rechargeable or battery-powered, the others are not
                pool = [v for v in values if (v in ("USB Rechargeable", "Battery", "Solar")) == bool(battery)] or values
            else:
                pool = values
            w = 1.0 / np.arange(1, len(pool) + 1) ** 1.1
            vals[name] = pool[int(rng.choice(len(pool), p=w / w.sum()))]
        out.append(vals)
    return out


def _title(keyword: str, vals: dict[str, str]) -> str:
    """Core word, its attributes, the compatible model, the selling points, the colour: only words true of it."""
    core = display_name(keyword)
    used = set(core.lower().split())
    parts = []
    material = vals.get("Material")
    if material and not set(material.lower().split()) & used:
        parts.append(material)
        used |= set(material.lower().split())
    parts.append(core)
    compat = COMPAT_WORDING.get(vals.get("Compatible Brand", ""))
    if compat:
        parts.append(compat)
    for name, value in vals.items():
        if name in ("Material", "Compatible Brand", "Color"):
            continue
        words = set(value.lower().split())
        if words & used or value in ("None", "Universal"):
            continue
        parts.append(value)
        used |= words
    if "Color" in vals and vals["Color"].lower() not in used:
        parts.append(vals["Color"])
    title = ""
    for part in parts:
        if len(f"{title} {part}".strip()) > 128:
            break
        title = f"{title} {part}".strip()
    return title


def _products(world) -> pd.DataFrame:
    rng = world.rng("catalog.products")
    kw = world.market.keywords
    rows = []
    for ind, n in STORE_MIX.items():
        sub = kw[kw["industry"] == ind]
        p = sub["popularity"].to_numpy() / sub["popularity"].sum()
        chosen = rng.choice(sub.index.to_numpy(), size=n, p=p)
        rising = sub.index[sub["role"] == "rising"][0]
        chosen[0] = rising  # the store sells at least one product of its industry's rising keyword
        for k in chosen:
            rows.append((ind, kw.at[k, "keyword"]))
    df = pd.DataFrame(rows, columns=["industry", "keyword"])
    n = len(df)
    df.insert(0, "product_id", [f"{1005006100000 + 37 * i}" for i in range(n)])
    df["category_l1"] = df["industry"].map(ref.INDUSTRIES["zh"])
    spec = ref.KEYWORD_SPECS.loc[df["keyword"]].reset_index(drop=True)
    df["has_battery"] = rng.random(n) < spec["battery_share"].to_numpy()
    vals = _attribute_values(rng, df["keyword"], df["has_battery"])
    for i in range(4):
        df[f"attribute_{i + 1}"] = [f"{list(v)[i]}: {list(v.values())[i]}" if len(v) > i else np.nan for v in vals]
    df["title"] = [_title(k, v) for k, v in zip(df["keyword"], vals)]
    df["unit_cost_cny"] = np.round(spec["cost_cny"].to_numpy() * np.exp(rng.normal(0, 0.25, n)), 2)
    # weight and packed size vary a little around the keyword's typical parcel
    df["weight_g"] = np.maximum(np.round(spec["weight_g"].to_numpy() * np.exp(rng.normal(0, 0.15, n))), 10).astype(int)
    for c in ("length_cm", "width_cm", "height_cm"):
        df[c] = np.maximum(np.round(spec[c].to_numpy() * np.exp(rng.normal(0, 0.08, n)) * 2) / 2, 0.5)
    # price: cost-plus in USD with the markup cross-border sellers use, then a reserved discount
    markup = rng.uniform(2.3, 3.6, n)
    df["sale_price"] = np.round(df["unit_cost_cny"] / ref.FX_CNY_PER_USD * markup + 0.99, 2)
    df["list_price"] = np.round(df["sale_price"] / (1 - rng.choice([0.2, 0.3, 0.4, 0.5], n, p=[0.25, 0.4, 0.25, 0.1])), 2)
    launch_offset = np.where(rng.random(n) < 0.82, -rng.integers(30, 900, n), rng.integers(0, 330, n))
    df["launch_date"] = pd.Timestamp(ref.START) + pd.to_timedelta(launch_offset, unit="D")
    df["sku_count"] = rng.integers(1, 9, n)
    df["rating"] = np.round(np.clip(rng.normal(4.65, 0.12, n), 4.1, 4.95), 1)
    df["role"] = "normal"
    # planted: the overpriced product — a staple of phone accessories priced far above the market
    over = df.index[(df["industry"] == "phone-accessories") & (df["role"] == "normal")][3]
    df.loc[over, "role"] = "overpriced"
    suppliers = _suppliers(world)
    df["supplier_id"] = rng.choice(suppliers["supplier_id"].to_numpy(), n)
    return df


def _suppliers(world) -> pd.DataFrame:
    rng = world.rng("catalog.suppliers")
    n = 24
    df = pd.DataFrame({"supplier_id": [f"SUP{101 + i}" for i in range(n)]})
    df["city"] = rng.choice(SUPPLIER_CITIES, n)
    df["source_platform"] = rng.choice(["1688", "工厂直供 factory", "义乌购 Yiwugo"], n, p=[0.6, 0.25, 0.15])
    df["moq"] = rng.choice([10, 20, 50, 100, 200, 500], n)
    df["lead_time_days"] = rng.integers(3, 16, n)
    df["on_time_rate"] = np.round(np.clip(rng.normal(0.93, 0.03, n), 0.84, 0.995), 3)
    df["defect_rate"] = np.round(np.clip(rng.lognormal(np.log(0.012), 0.45, n), 0.002, 0.04), 4)
    df["rating"] = np.round(np.clip(rng.normal(4.6, 0.2, n), 3.8, 5.0), 1)
    df["payment_terms"] = rng.choice(["预付 prepaid", "月结 monthly", "货到付款 on delivery"], n, p=[0.5, 0.35, 0.15])
    # planted: one supplier delivers late and with more defects
    bad = int(rng.integers(n))
    df.loc[bad, "on_time_rate"] = round(float(rng.uniform(0.62, 0.74)), 3)
    df.loc[bad, "defect_rate"] = round(float(rng.uniform(0.045, 0.07)), 4)
    df.loc[bad, "lead_time_days"] = int(rng.integers(12, 18))
    df["role"] = np.where(np.arange(n) == bad, "late", "normal")
    return df


def products(world) -> pd.DataFrame:
    return world.cached("catalog.products", lambda: _products(world))


def stocked_products(world) -> dict[str, np.ndarray]:
    """Which products (row positions in `products`) each overseas warehouse stocks: about a quarter of
    the catalogue, the listings that sell best among them, never a listing too big to store cheaply."""
    def build():
        rng = world.rng("catalog.stock")
        prods = products(world)
        ok = (prods["weight_g"] <= 5000).to_numpy()
        out = {}
        for wid in sorted(set(ref.WAREHOUSE_COUNTRIES.values())):
            pick = rng.random(len(prods)) < np.where(prods["industry"] == "phone-accessories", 0.35, 0.18)
            out[wid] = np.flatnonzero(pick & ok)
        return out
    return world.cached("catalog.stock", build)


def suppliers(world) -> pd.DataFrame:
    return world.cached("catalog.suppliers", lambda: _suppliers(world))


@register("products", whole=True)
def products_table(world) -> pd.DataFrame:
    cols = ["product_id", "title", "category_l1", "keyword", "attribute_1", "attribute_2", "attribute_3", "attribute_4",
            "sku_count", "list_price", "sale_price", "unit_cost_cny", "weight_g", "length_cm", "width_cm", "height_cm",
            "has_battery", "launch_date", "supplier_id", "rating"]
    return products(world)[cols].copy()


@register("suppliers", whole=True)
def suppliers_table(world) -> pd.DataFrame:
    return suppliers(world).drop(columns="role").copy()


def _competitor_products(world) -> pd.DataFrame:
    """Weekly snapshots of competitors' products on the store's keywords."""
    rng = world.rng("catalog.competitors")
    prods = products(world)
    kw_price = prods.groupby("keyword")["sale_price"].median()
    over = prods.loc[prods["role"] == "overpriced"].iloc[0]
    rows = []
    comp_ind = {c: ref.INDUSTRIES.index[i % len(ref.INDUSTRIES)] for i, c in enumerate(COMPETITORS)}
    comp_ind["CaseCity Official"] = "phone-accessories"
    comp_ind["SmartLife Direct"] = "phone-accessories"
    for c_i, comp in enumerate(COMPETITORS):
        ind = comp_ind[comp]
        kws = prods.loc[prods["industry"] == ind, "keyword"].unique()
        if over["keyword"] not in kws and ind == over["industry"]:
            kws = np.append(kws, over["keyword"])
        picked = rng.choice(kws, size=min(len(kws), 12), replace=False)
        if ind == over["industry"] and over["keyword"] not in picked:
            picked[0] = over["keyword"]
        for j, k in enumerate(picked):
            base = kw_price.get(k, 10.0)
            if k == over["keyword"]:
                base = float(over["sale_price"]) / 1.45  # the market sells it far cheaper than the store
            price = round(float(base * np.exp(rng.normal(0, 0.08))), 2)
            rows.append((comp, f"C{c_i + 1:02d}{j + 1:03d}", ind, k, price))
    cp = pd.DataFrame(rows, columns=["competitor_store", "competitor_product_id", "industry", "keyword", "price"])
    weeks = pd.date_range(pd.Timestamp(ref.END) - pd.Timedelta(weeks=11), ref.END, freq="7D")
    n_p, n_w = len(cp), len(weeks)
    snap = cp.merge(pd.DataFrame({"snapshot_date": weeks}), how="cross")
    n = len(snap)
    # prices are sticky: a listing changes its price in few weeks, and then by a few per cent
    steps = np.where(rng.random((n_p, n_w)) < 0.06, np.exp(np.clip(rng.normal(0, 0.03, (n_p, n_w)), -0.06, 0.06)), 1.0)
    steps[:, 0] = 1.0
    price_path = np.cumprod(steps, axis=1)
    # orders_30d is a rolling 30-day count: it drifts slowly from week to week
    trend = rng.normal(0.0, 0.02, n_p)[:, None] * np.arange(n_w)[None, :]
    wobble = np.exp(rng.normal(0, 0.02, (n_p, n_w)))
    order_path = np.exp(trend) * wobble
    # planted: one phone-accessories listing cuts its price in one of the last three weeks and its sales jump
    move = _competitor_move(world, cp, n_w)
    i, w0 = move["row"], move["week"]
    price_path[i, w0:] *= 1 - move["cut"]
    order_path[i, w0:] *= np.minimum(1.35 + 0.25 * np.arange(n_w - w0), 1.85)
    base_orders = rng.lognormal(np.log(220), 0.9, n_p)
    snap["price"] = np.round(snap["price"].to_numpy() * price_path.ravel(), 2)
    snap["orders_30d"] = np.round(base_orders[:, None] * order_path).astype(int).ravel()
    w = (snap["snapshot_date"] - weeks[0]).dt.days.to_numpy() / 7
    snap["rating"] = np.round(np.clip(rng.normal(4.65, 0.12, n), 4.3, 4.9), 1)
    base_reviews = rng.lognormal(np.log(800), 1.0, n_p)[np.repeat(np.arange(n_p), n_w)]
    snap["reviews"] = np.round(base_reviews * (1 + 0.02 * w)).astype(int)
    snap["category_l1"] = snap["industry"].map(ref.INDUSTRIES["zh"])
    top = {c: ",".join(rng.choice(ref.COUNTRIES.index, 3, replace=False, p=ref.COUNTRIES["order_share"] / ref.COUNTRIES["order_share"].sum()))
           for c in COMPETITORS}
    snap["top_countries"] = snap["competitor_store"].map(top)
    snap["shipping_template"] = snap["competitor_store"].map(
        {c: rng.choice(["免邮 free shipping", "满$10免邮 free over $10", "标准运费 standard rates"]) for c in COMPETITORS})
    snap["promo"] = rng.choice(["无 none", "限时折扣 flash discount", "满减 spend & save", "店铺优惠券 store coupon"], n,
                               p=[0.4, 0.3, 0.15, 0.15])
    moved = (snap["competitor_product_id"] == cp.at[i, "competitor_product_id"]) & (snap["snapshot_date"] >= weeks[w0])
    snap.loc[moved, "promo"] = "限时折扣 flash discount"
    world.cached("catalog.competitor-move", lambda: {
        "competitor_product_id": cp.at[i, "competitor_product_id"], "competitor_store": cp.at[i, "competitor_store"],
        "keyword": cp.at[i, "keyword"], "snapshot_date": weeks[w0], "price_cut": round(move["cut"], 4)})
    cols = ["snapshot_date", "competitor_store", "competitor_product_id", "category_l1", "keyword", "price", "orders_30d",
            "rating", "reviews", "top_countries", "shipping_template", "promo"]
    return snap[cols].sort_values(["snapshot_date", "competitor_store", "competitor_product_id"]).reset_index(drop=True)


def _competitor_move(world, cp, n_weeks) -> dict:
    """The planted alert-worthy move: which tracked listing, from which weekly snapshot, how deep a price cut."""
    rng = world.rng("catalog.competitor-move")
    phones = np.flatnonzero((cp["industry"] == "phone-accessories").to_numpy())
    return {"row": int(rng.choice(phones)), "week": int(n_weeks - 1 - rng.integers(0, 3)), "cut": float(rng.uniform(0.15, 0.25))}


def competitor_move(world) -> dict:
    """For instructors: the competitor listing and snapshot date of the planted price cut and sales jump."""
    competitor_products(world)
    return world.cached("catalog.competitor-move", lambda: None)


@register("competitor_products", whole=True)
def competitor_products(world) -> pd.DataFrame:
    return world.cached("catalog.competitor_products", lambda: _competitor_products(world))


@register("competitors", whole=True)
def competitors(world) -> pd.DataFrame:
    """One row per competitor store and weekly snapshot: listings, AOV, 30-day orders."""
    cp = competitor_products(world)
    rng = world.rng("catalog.competitor-stores")
    scale = {c: float(rng.uniform(8, 30)) for c in COMPETITORS}  # tracked products are a sample of the listings
    g = cp.groupby(["snapshot_date", "competitor_store"], as_index=False).agg(
        tracked=("competitor_product_id", "size"), orders_30d=("orders_30d", "sum"), avg_price=("price", "mean"),
        rating=("rating", "mean"), top_countries=("top_countries", "first"), shipping_template=("shipping_template", "first"))
    g["listings_count"] = np.round(g["tracked"] * g["competitor_store"].map(scale)).astype(int)
    g["orders_30d"] = np.round(g["orders_30d"] * g["competitor_store"].map(scale) / 3).astype(int)
    g["aov"] = np.round(g["avg_price"] * 1.35, 2)
    g["rating"] = g["rating"].round(2)
    g["followers"] = np.round(g["orders_30d"] * 2.4).astype(int)
    return g[["snapshot_date", "competitor_store", "listings_count", "aov", "orders_30d", "rating", "followers",
              "top_countries", "shipping_template"]]
