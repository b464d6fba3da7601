"""The store's product catalog, its suppliers, and its competitors with their products.

Planted signals (datasets/SIGNALS.md):
- one *overpriced* product: priced about 45 % above the competitors' median for its keyword;
  the store domain gives it a high bounce rate and a low conversion rate;
- one supplier with a poor on-time delivery rate (< 80 %) and a higher defect rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register

# products per industry in the store (scale does not change the catalog, only traffic)
STORE_MIX = {"phone-accessories": 80, "womens-clothing": 50, "home-garden": 60, "beauty-tools": 45, "toys": 35, "sports": 40}
# unit cost in CNY: (median, log-sd); weight in grams: (median, log-sd)
COST = {"phone-accessories": (9, 0.6), "womens-clothing": (32, 0.4), "home-garden": (14, 0.7),
        "beauty-tools": (12, 0.6), "toys": (18, 0.6), "sports": (26, 0.7)}
WEIGHT = {"phone-accessories": (60, 0.6), "womens-clothing": (260, 0.4), "home-garden": (320, 0.8),
          "beauty-tools": (110, 0.7), "toys": (280, 0.7), "sports": (420, 0.8)}
TITLE_WORDS = {
    "phone-accessories": ["for iPhone 15 14 13", "for Samsung Galaxy S24", "Shockproof", "Magnetic", "Fast Charging", "Ultra Thin"],
    "womens-clothing": ["Women", "Summer", "Elegant", "Casual", "Loose", "High Waist"],
    "home-garden": ["Kitchen", "Home Decor", "Reusable", "Waterproof", "Foldable", "LED"],
    "beauty-tools": ["Professional", "Portable", "Women", "Reusable", "Electric", "Soft"],
    "toys": ["Kids", "Educational", "Gift for Boys Girls", "Creative", "Mini", "DIY"],
    "sports": ["Outdoor", "Fitness", "Adjustable", "Lightweight", "Waterproof", "Portable"],
}
SUPPLIER_CITIES = ["义乌 Yiwu", "深圳 Shenzhen", "广州 Guangzhou", "杭州 Hangzhou", "泉州 Quanzhou", "汕头 Shantou"]
COMPETITORS = ["TechNest Store", "CaseCity Official", "Lumi Home Store", "GlowUp Beauty", "KidJoy Toys",
               "PeakGear Outdoor", "Bella Mode Store", "SmartLife Direct"]


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
    words = [rng.choice(TITLE_WORDS[i], size=2, replace=False) for i in df["industry"]]
    df["title"] = [f"{w[0]} {k.title()} {w[1]}" for w, k in zip(words, df["keyword"])]
    for name_i in range(2):
        names, values = [], []
        for ind in df["industry"]:
            attrs = list(ref.ATTRIBUTES[ind].items())
            a_name, a_vals = attrs[name_i] if name_i < len(attrs) else attrs[-1]
            w = 1.0 / np.arange(1, len(a_vals) + 1) ** 1.1
            names.append(a_name)
            values.append(a_vals[rng.choice(len(a_vals), p=w / w.sum())])
        df[f"attribute_{name_i + 1}"] = [f"{a}: {v}" for a, v in zip(names, values)]
    med = df["industry"].map(lambda i: COST[i][0]).to_numpy()
    sd = df["industry"].map(lambda i: COST[i][1]).to_numpy()
    df["unit_cost_cny"] = np.round(med * np.exp(rng.normal(0, sd)), 2)
    wmed = df["industry"].map(lambda i: WEIGHT[i][0]).to_numpy()
    wsd = df["industry"].map(lambda i: WEIGHT[i][1]).to_numpy()
    df["weight_g"] = np.clip(np.round(wmed * np.exp(rng.normal(0, wsd))), 15, 3000).astype(int)
    # packed dimensions follow weight (density varies by category)
    vol = df["weight_g"].to_numpy() * rng.uniform(2.5, 9.0, n)  # cm3
    ratio = rng.uniform(0.25, 0.9, (n, 2))
    side = np.cbrt(vol / (ratio[:, 0] * ratio[:, 1]))
    df["length_cm"] = np.round(side, 1)
    df["width_cm"] = np.round(side * ratio[:, 0], 1)
    df["height_cm"] = np.round(np.maximum(side * ratio[:, 1] * ratio[:, 0], 0.5), 1)
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


def suppliers(world) -> pd.DataFrame:
    return world.cached("catalog.suppliers", lambda: _suppliers(world))


@register("products", whole=True)
def products_table(world) -> pd.DataFrame:
    cols = ["product_id", "title", "category_l1", "keyword", "attribute_1", "attribute_2", "sku_count", "list_price",
            "sale_price", "unit_cost_cny", "weight_g", "length_cm", "width_cm", "height_cm", "launch_date",
            "supplier_id", "rating"]
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
    snap = cp.merge(pd.DataFrame({"snapshot_date": weeks}), how="cross")
    n = len(snap)
    w = (snap["snapshot_date"] - weeks[0]).dt.days.to_numpy() / 7
    trend = rng.normal(0.0, 0.04, len(cp))[np.repeat(np.arange(len(cp)), len(weeks))]
    base_orders = rng.lognormal(np.log(220), 0.9, len(cp))[np.repeat(np.arange(len(cp)), len(weeks))]
    snap["orders_30d"] = np.round(base_orders * np.exp(trend * w + rng.normal(0, 0.06, n))).astype(int)
    snap["price"] = np.round(snap["price"] * np.exp(rng.normal(0, 0.02, n)), 2)
    snap["rating"] = np.round(np.clip(rng.normal(4.65, 0.12, n), 4.3, 4.9), 1)
    base_reviews = rng.lognormal(np.log(800), 1.0, len(cp))[np.repeat(np.arange(len(cp)), len(weeks))]
    snap["reviews"] = np.round(base_reviews * (1 + 0.02 * w)).astype(int)
    snap["category_l1"] = snap["industry"].map(ref.INDUSTRIES["zh"])
    top = {c: ",".join(rng.choice(ref.COUNTRIES.index, 3, replace=False, p=ref.COUNTRIES["order_share"] / ref.COUNTRIES["order_share"].sum()))
           for c in COMPETITORS}
    snap["top_countries"] = snap["competitor_store"].map(top)
    snap["shipping_template"] = snap["competitor_store"].map(
        {c: rng.choice(["免邮 free shipping", "满$10免邮 free over $10", "标准运费 standard rates"]) for c in COMPETITORS})
    snap["promo"] = rng.choice(["无 none", "限时折扣 flash discount", "满减 spend & save", "店铺优惠券 store coupon"], n,
                               p=[0.4, 0.3, 0.15, 0.15])
    cols = ["snapshot_date", "competitor_store", "competitor_product_id", "category_l1", "keyword", "price", "orders_30d",
            "rating", "reviews", "top_countries", "shipping_template", "promo"]
    return snap[cols].sort_values(["snapshot_date", "competitor_store", "competitor_product_id"]).reset_index(drop=True)


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
