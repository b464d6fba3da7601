"""The store's own operations: buyers, orders, order items, and the 生意参谋-style metrics
(product_daily, store_daily, traffic_sources) that the back-end derives from them.

Product visitors follow the market's demand for the product's keyword in each country (so
market reports and store results agree); orders are drawn from visitors with each product's
conversion rate in that country, then every metric is aggregated from the orders, so funnels add up.

What makes the orders true to the trade:
- spend per buyer differs by country (reference.COUNTRIES.aov_usd): buyers in richer markets convert
  better on dearer listings and fill bigger baskets;
- every order has a buyer: a buyer is acquired on a first order and comes back at a rate of their own
  (wholesale and dropshipping buyers, app users and members more often, buyers on long delivery
  routes less), until they lapse; members of the programme launched 2026-03-01 come back more;
- times: created_at is Beijing time (the back-end's clock), created_at_local the buyer's own;
- prices: platform events (registered listings only), flash and store-wide discounts lower the unit
  price; a coupon or spend-and-save offer lowers the order (campaigns.promotion_plan);
- logistics: each parcel goes by a line whose weight, size and battery rules it meets, and the buyer
  pays the store's template fee for it (often nothing: free shipping).

Planted signals (datasets/SIGNALS.md):
- the overpriced product (catalog) has a bounce rate above 75 % and conversion below 0.6 %;
- the 站外-社媒 (off-site social) traffic source declines from a Monday between 6 and 11 weeks before
  the end of the year (the week differs by seed) while the other sources hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference as ref
from ..registry import register
from .campaigns import COUPON_USE, EVENT_TRAFFIC_LIFT, UNREGISTERED_TRAFFIC, WARM_UP_DAYS, event_plan, promotion_plan
from .catalog import STORE_FOCUS, products, stocked_products

ORDERS_PER_YEAR = 60_000  # at scale 1
# how strongly a market's spending level tilts its buyers towards dearer or cheaper listings
PRICE_TILT = 1.4


def utc_offsets(world) -> np.ndarray:
    """C × D hours from Beijing time to each country's local time, at noon of each day (DST included)."""
    def build():
        noon = pd.DatetimeIndex(world.days + pd.Timedelta(hours=12)).tz_localize(ref.PLATFORM_TZ)
        rows = []
        for code in ref.COUNTRIES.index:
            local = noon.tz_convert(ref.TIME_ZONES[code]).tz_localize(None)
            rows.append((local - noon.tz_localize(None)) / pd.Timedelta(hours=1))
        return np.vstack(rows)
    return world.cached("store.utc-offsets", build)


def _funnel(world):
    """Hidden per product × country × day visitors and conversion, and the orders they give."""
    rng = world.rng("store.funnel")
    prods = products(world)
    m = world.market
    kw_index = pd.Series(np.arange(len(m.keywords)), index=m.keywords["keyword"])
    k = kw_index[prods["keyword"]].to_numpy()
    n_p, n_d = len(prods), len(world.days)
    n_c = len(ref.COUNTRIES)
    demand = m.daily_orders[k]  # P × C × D market orders of each product's keyword
    u = rng.lognormal(0.0, 0.6, n_p) * prods["industry"].map(STORE_FOCUS).to_numpy()
    launched = (world.days.to_numpy()[None, :] >= prods["launch_date"].to_numpy()[:, None])
    growth = np.exp(0.25 * np.arange(n_d) / 365.0)  # the store grows over the year
    visitors = demand * (u[:, None, None] * launched[:, None, :] * growth[None, None, :])
    # planted: an opportunity country — a small market where the store's traffic doubles late in the year
    opp = opportunity_country(world)
    ci = ref.COUNTRIES.index.get_loc(opp)
    t = np.arange(n_d)
    visitors[:, ci, :] *= (1.0 + 1.2 * np.clip((t - (n_d - 120)) / 120.0, 0, 1))[None, :]
    # platform events: registered listings get the event venue's traffic, the others lose some to it
    # (overlapping warm-ups, such as Black Friday and Cyber Monday's, count once)
    plan = event_plan(world)
    lifted = np.zeros((n_p, n_d), bool)
    in_event = np.zeros(n_d, bool)
    for e, (_name, first, last, _peak) in enumerate(ref.EVENTS):
        days = np.asarray((world.days >= pd.Timestamp(first) - pd.Timedelta(days=WARM_UP_DAYS)) & (world.days <= pd.Timestamp(last)))
        lifted[np.ix_(plan["registered"][:, e], days)] = True
        in_event |= days
    visitors *= np.where(lifted, EVENT_TRAFFIC_LIFT, np.where(in_event[None, :], UNREGISTERED_TRAFFIC, 1.0))[:, None, :]
    cvr = np.clip(rng.lognormal(np.log(0.016), 0.3, n_p), 0.006, 0.04)
    over = (prods["role"] == "overpriced").to_numpy()
    cvr[over] = rng.uniform(0.0025, 0.0035)
    # a market that spends more converts better on dearer listings, a thrifty one on cheaper listings
    aov = ref.COUNTRIES["aov_usd"].to_numpy()
    gamma = PRICE_TILT * np.log(aov / np.average(aov, weights=ref.COUNTRIES["order_share"]))
    price = prods["sale_price"].to_numpy()
    tilt = np.exp(np.log(price / np.median(price))[:, None] * gamma[None, :])
    reach = visitors.sum(axis=2)
    tilt /= (tilt * reach).sum(axis=1, keepdims=True) / np.maximum(reach.sum(axis=1, keepdims=True), 1e-9)
    tilt[over] = 1.0
    cvr_pc = np.clip(cvr[:, None] * tilt, 0.002, 0.08)
    # scale visitors so that the year brings ORDERS_PER_YEAR × scale orders on average
    expected = (visitors * cvr_pc[:, :, None]).sum()
    visitors *= ORDERS_PER_YEAR * world.scale / expected
    noise = rng.gamma(30.0, 1 / 30.0, visitors.shape)
    visitors = visitors * noise
    orders = rng.poisson(visitors * cvr_pc[:, :, None])
    return {"visitors": visitors.astype(np.float32), "cvr": cvr, "cvr_pc": cvr_pc, "orders": orders.astype(np.int32)}


def opportunity_country(world) -> str:
    """The planted opportunity country of this world: small today, growing fast."""
    rng = world.rng("store.opportunity")
    return str(rng.choice(["NL", "IL", "PL", "CL"]))


def funnel(world):
    return world.cached("store.funnel", lambda: _funnel(world))


# --- buyers: acquisition, return visits, lapse -------------------------------------------------------------
BASE_RETURN_DAYS = 230      # a typical retail buyer's mean days between orders while active
ACTIVE_DAYS = 240           # mean days a buyer stays active after the first order
MEMBER_RETURN = 1.8         # members come back this much more often …
MEMBER_ACTIVE = 1.5         # … and stay active longer
BUYER_TYPES = (("零售", 0.90, 1.0), ("批发", 0.06, 2.5), ("代发", 0.04, 4.0))
AGE_RETURN = {"18-24": 0.8, "25-34": 1.15, "35-44": 1.2, "45-54": 1.0, "55+": 0.85}


def _assign_buyers(world, t_days: np.ndarray, c_idx: np.ndarray):
    """A buyer for every order (orders sorted by time): each buyer's first order and return orders.

    Per country, buyers are drawn with their traits, their first order falls on one of the country's
    order times, their return orders follow a Poisson process at their own rate while they are active;
    the buyers' order events, sorted by time, are matched to the country's orders in time order.
    """
    rng = world.rng("store.buyers")
    horizon = float(len(world.days))
    launch = float((pd.Timestamp(ref.MEMBERSHIP_LAUNCH) - world.days[0]).days)
    buyer_id = np.empty(len(t_days), dtype=np.int64)
    frames, next_id = [], 200_001
    types = np.array([b[0] for b in BUYER_TYPES])
    for ci, code in enumerate(ref.COUNTRIES.index):
        sel = np.flatnonzero(c_idx == ci)
        n_c = len(sel)
        if not n_c:
            continue
        t = t_days[sel]
        acq = t[rng.permutation(n_c)]  # candidate buyers, first orders on the country's order times
        btype = rng.choice(len(types), n_c, p=[b[1] for b in BUYER_TYPES])
        age = rng.choice(ref.AGE_BANDS, n_c, p=[0.22, 0.36, 0.22, 0.13, 0.07])
        gender = rng.choice(["女", "男"], n_c, p=[0.58, 0.42])
        app = rng.random(n_c) < 0.7
        route = (12.0 / ref.COUNTRIES.at[code, "logistics_days"]) ** 0.5
        mult = np.array([b[2] for b in BUYER_TYPES])[btype] * np.where(app, 1.25, 0.8) * pd.Series(age).map(AGE_RETURN).to_numpy() * route
        lam = rng.gamma(1.3, mult / BASE_RETURN_DAYS / 1.3)
        life = rng.exponential(ACTIVE_DAYS, n_c)
        joins_new = (acq >= launch) & (rng.random(n_c) < 0.3)
        joins_old = (acq < launch) & (acq + life > launch) & (rng.random(n_c) < 0.22)
        join = np.where(joins_new, acq, np.where(joins_old, launch + rng.exponential(40.0, n_c), np.nan))
        end = np.minimum(acq + life * np.where(np.isnan(join), 1.0, MEMBER_ACTIVE), horizon)
        join = np.where(join < end, join, np.nan)
        member = ~np.isnan(join)
        len1 = np.maximum(np.where(member, join, end) - acq, 0)
        len2 = np.where(member, np.maximum(end - join, 0), 0)
        n1 = rng.poisson(lam * len1)
        n2 = rng.poisson(lam * MEMBER_RETURN * len2)
        # keep as many buyers as the country's orders hold; the last one keeps the orders that are left
        cum = np.cumsum(1 + n1 + n2)
        keep = int(np.searchsorted(cum, n_c, side="right"))
        left = n_c - (cum[keep - 1] if keep else 0)
        if left:
            r = left - 1
            n1[keep] = min(n1[keep], r)
            n2[keep] = r - n1[keep]
            keep += 1
        b = np.arange(keep)
        rep1 = np.repeat(b, n1[:keep])
        rep2 = np.repeat(b, n2[:keep])
        ev_b = np.concatenate([b, rep1, rep2])
        ev_t = np.concatenate([acq[:keep], acq[rep1] + rng.random(len(rep1)) * len1[rep1],
                               join[rep2] + rng.random(len(rep2)) * len2[rep2]])
        order = np.argsort(ev_t, kind="stable")
        buyer_id[sel] = next_id + ev_b[order]
        # a buyer who joined on the first order is a member from the order they really got; a buyer who joined
        # later joined at that time
        first_t = np.full(keep, np.inf)
        np.minimum.at(first_t, ev_b[order], t)
        since = np.where(joins_new[:keep] & member[:keep], first_t, join[:keep])
        frames.append(pd.DataFrame({
            "buyer_id": next_id + b, "country": code, "gender": gender[:keep], "age_band": age[:keep],
            "buyer_type": types[btype[:keep]], "app_user": app[:keep],
            "member_since": world.days[0] + pd.to_timedelta(since, unit="D"),
        }))
        next_id += keep
    return buyer_id, pd.concat(frames, ignore_index=True)


def _parcels(items: pd.DataFrame, prods: pd.DataFrame, n: int, order_pos: np.ndarray, rng):
    """Each order's parcel: actual weight (goods + packaging), packed size, whether it holds a battery."""
    p = items["p"].to_numpy()
    q = items["quantity"].to_numpy()
    weight = np.bincount(order_pos, weights=q * prods["weight_g"].to_numpy()[p], minlength=n) + rng.uniform(15, 40, n)
    vol = np.bincount(order_pos, weights=q * (prods["length_cm"] * prods["width_cm"] * prods["height_cm"]).to_numpy()[p], minlength=n)
    # items are sorted by order: each order's lines form one run, so reduceat takes the largest item per order
    starts = np.flatnonzero(np.r_[True, order_pos[1:] != order_pos[:-1]])
    length = np.maximum.reduceat(prods["length_cm"].to_numpy()[p], starts)
    width = np.maximum.reduceat(prods["width_cm"].to_numpy()[p], starts)
    height = np.maximum.reduceat(prods["height_cm"].to_numpy()[p], starts)
    # several items stack: the parcel is as long and wide as its largest item and high enough for the volume
    height = np.maximum(height, np.round(vol / np.maximum(length * width, 1) * 2) / 2)
    battery = np.bincount(order_pos, weights=prods["has_battery"].to_numpy()[p].astype(float), minlength=n) > 0
    return np.round(weight), length, width, height, battery


def _orders_and_items(world):
    from .logistics import chargeable_weight, shipping_templates, template_fee, zone_of

    rng = world.rng("store.orders")
    prods = products(world).reset_index(drop=True)
    f = funnel(world)
    counts = f["orders"]
    flat = np.repeat(np.arange(counts.size), counts.ravel())
    p_idx, c_idx, d_idx = np.unravel_index(flat, counts.shape)
    n = len(flat)
    countries = ref.COUNTRIES.index.to_numpy()

    # local evening shopping on the platform's calendar day: the buyer's hour, expressed in Beijing time
    local_hour = rng.choice(24, size=n, p=_hour_weights())
    offset = utc_offsets(world)[c_idx, d_idx]
    seconds = ((local_hour - offset) % 24) * 3600 + rng.integers(0, 3600, n)
    created = world.days.to_numpy()[d_idx] + seconds.astype("timedelta64[s]")
    order = np.argsort(created, kind="stable")
    p_idx, c_idx, d_idx, created = (a[order] for a in (p_idx, c_idx, d_idx, created))
    country = countries[c_idx]
    order_id = np.arange(n, dtype=np.int64) + 8_100_000_000_000
    t_days = (created - world.days.to_numpy()[0]) / np.timedelta64(1, "D")
    buyer_id, buyers = _assign_buyers(world, t_days, c_idx)
    binfo = buyers.set_index("buyer_id")
    btype = binfo["buyer_type"].reindex(buyer_id).to_numpy()

    # items: the visited product plus, sometimes, more of the same industry; bigger baskets where buyers spend more
    aov = ref.COUNTRIES["aov_usd"].to_numpy()
    basket = 0.22 * (aov / np.average(aov, weights=ref.COUNTRIES["order_share"])) ** 1.5
    extra = rng.poisson(basket[c_idx])
    line_order = np.concatenate([np.arange(n), np.repeat(np.arange(n), extra)])
    within = np.arange(extra.sum()) - np.repeat(np.cumsum(extra) - extra, extra)  # 0, 1, … inside each order
    line_no = np.concatenate([np.ones(n, int), 2 + within])
    ind_codes = prods["industry"].to_numpy()
    extra_parent = np.repeat(np.arange(n), extra)
    extra_prod = np.empty(len(extra_parent), dtype=np.int64)
    cvr = f["cvr"]
    for ind in ref.INDUSTRIES.index:
        members = np.flatnonzero(ind_codes == ind)
        sel = np.flatnonzero(ind_codes[p_idx[extra_parent]] == ind)
        w = cvr[members] ** 2  # products that convert well are the ones added to baskets
        extra_prod[sel] = rng.choice(members, size=len(sel), p=w / w.sum())
    item_prod = np.concatenate([p_idx, extra_prod])
    it_btype = btype[line_order]
    two_plus = np.clip(0.22 * aov[c_idx[line_order]] / 24.0, 0.08, 0.4)
    retail_qty = np.where(rng.random(len(item_prod)) < two_plus, rng.choice([2, 2, 2, 3, 4], len(item_prod)), 1)
    # a wholesale buyer takes 3–12 units, fewer of a heavy item (a carton of up to about 8 kg)
    heavy_cap = np.maximum(1, 8000 // prods["weight_g"].to_numpy()[item_prod])
    qty = np.where(it_btype == "批发", np.minimum(rng.integers(3, 13, len(item_prod)), heavy_cap), retail_qty)
    sku_n = prods["sku_count"].to_numpy()[item_prod]
    sku_no = rng.integers(0, 1 << 30, len(item_prod)) % sku_n + 1
    list_price = prods["list_price"].to_numpy()[item_prod]
    sale = prods["sale_price"].to_numpy()[item_prod]

    # unit price: the store's flash and store-wide discounts, and the event price of registered listings
    line_time = created[line_order]
    store_disc = np.zeros(len(item_prod))
    promos = promotion_plan(world)
    for r in promos[promos["discount_rate"] > 0].itertuples():
        live = (line_time >= r.start_bj.to_datetime64()) & (line_time <= r.end_bj.to_datetime64())
        if r.scope is not None:
            live &= np.isin(item_prod, r.scope)
        store_disc = np.where(live, np.maximum(store_disc, r.discount_rate), store_disc)
    plan = event_plan(world)
    event_disc = np.zeros(len(item_prod))
    campaign = np.full(len(world.days), None, dtype=object)
    line_day = d_idx[line_order]
    for e, (name, first, last, _peak) in enumerate(ref.EVENTS):
        on = (world.days >= pd.Timestamp(first)) & (world.days <= pd.Timestamp(last))
        campaign[on] = name
        live = on[line_day]
        event_disc = np.where(live, plan["discount"][item_prod, e], event_disc)
    unit = np.round(sale * (1 - store_disc) * (1 - event_disc), 2)
    item_amount = np.round(unit * qty, 2)
    # SKU ids as a categorical built from codes: a million order lines need no million strings
    sku_names = [f"{pid}-{k:02d}" for pid in prods["product_id"] for k in range(1, 9)]
    items = pd.DataFrame({
        "order_id": order_id[line_order], "line_no": line_no, "p": item_prod,
        "product_id": pd.Categorical.from_codes(item_prod, categories=prods["product_id"].to_numpy()),
        "sku_id": pd.Categorical.from_codes(item_prod * 8 + sku_no - 1, categories=sku_names),
        "quantity": qty, "list_price": list_price, "unit_price": unit, "item_amount": item_amount,
    }).sort_values(["order_id", "line_no"]).reset_index(drop=True)
    pos = np.searchsorted(order_id, items["order_id"].to_numpy())
    goods = np.round(np.bincount(pos, weights=items["item_amount"].to_numpy(), minlength=n), 2)

    # order-level offers: the best coupon or spend-and-save the order reaches, if the buyer uses it
    coupon = np.zeros(n)
    coupon_id = np.full(n, None, dtype=object)
    for r in promos[promos["threshold"] > 0].itertuples():
        live = (created >= r.start_bj.to_datetime64()) & (created <= r.end_bj.to_datetime64()) & (goods >= r.threshold)
        if r.type == "新会员券":  # a new member's first order within 30 days of joining
            since = binfo["member_since"].reindex(buyer_id).to_numpy()
            first_after = pd.Series(created).where(created >= since).groupby(buyer_id).transform("min").to_numpy()
            live &= (created == first_after) & (created <= since + np.timedelta64(30, "D")) & (rng.random(n) < 0.6)
        else:
            live &= rng.random(n) < COUPON_USE[r.type]
        better = live & (r.coupon_value > coupon)
        coupon = np.where(better, r.coupon_value, coupon)
        coupon_id = np.where(better, r.activity_id, coupon_id)

    # the parcel, the line it can travel on, and the fee the buyer pays under the store's template
    weight, length, width, height, battery = _parcels(items, prods, n, pos, rng)
    tpl = shipping_templates(world)
    services = [s[0] for s in ref.LOGISTICS_SERVICES]
    value_rank = np.digitize(goods, [5, 12, 40])
    # buyers of cheap orders pick the cheapest line, of dear ones a faster one; the warehouse when it has the goods
    probs = np.array([[0.55, 0.25, 0.15, 0.05, 0.0, 0.10], [0.25, 0.5, 0.1, 0.12, 0.02, 0.2],
                      [0.05, 0.62, 0.0, 0.15, 0.06, 0.3], [0.0, 0.55, 0.0, 0.05, 0.15, 0.35]])[value_rank]
    in_stock = _warehouse_ready(world, items, n, pos, country)
    allowed = np.zeros((n, len(services)), bool)
    for j, s in enumerate(ref.LOGISTICS_SERVICES):
        _svc, _kind, _days, _fw, _ff, _au, _af, _reg, _div, max_w, max_sum, max_side, batteries, _share = s
        ok = weight <= max_w
        if max_sum is not None:
            ok &= length + width + height <= max_sum
        ok &= np.maximum(np.maximum(length, width), height) <= max_side
        if not batteries:
            ok &= ~battery
        if s[1] == "海外仓":
            ok &= in_stock
        allowed[:, j] = ok
    allowed[~allowed.any(axis=1), services.index("AliExpress Premium Shipping")] = True
    w = probs * allowed + 1e-9 * allowed
    # a heavy or bulky parcel that no cheap line takes goes express even if the buyer would not pick it
    w = np.where(w.sum(axis=1, keepdims=True) > 1e-6, w, allowed.astype(float))
    u = rng.random(n)[:, None]
    service = np.array(services)[(u > np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)).sum(axis=1).clip(0, len(services) - 1)]
    zone_of_country = np.array([zone_of(c) for c in countries])
    row_of = {(sv, z): i for i, (sv, z) in enumerate(zip(tpl["service"], tpl["zone"]))}
    lookup = np.array([[row_of.get((sv, z), -1) for z in zone_of_country] for sv in services])  # service × country
    service_idx = pd.Index(services).get_indexer(service)
    t = tpl.iloc[lookup[service_idx, c_idx]].reset_index(drop=True)
    charge = chargeable_weight(weight, length, width, height, t["vol_divisor"].to_numpy())
    ship_fee = template_fee(charge, t)

    paid_amount = np.round(goods - coupon + ship_fee, 2)
    # status: long routes bring more disputes
    long_route = np.isin(country, ["BR", "CL", "RU", "IL"])
    p_dispute = np.where(long_route, 0.045, 0.02)
    r = rng.random(n)
    status = np.select([r < 0.04, r < 0.04 + 0.05, r < 0.09 + p_dispute], ["取消", "退款", "纠纷"], "完成")
    pay_delay = rng.lognormal(np.log(240), 1.0, n).astype("timedelta64[s]")
    paid = ~((status == "取消") & (rng.random(n) < 0.6))
    paid_at = pd.Series(created + pay_delay).where(paid)
    refund = np.where(status == "退款", paid_amount, np.where(status == "纠纷", np.round(paid_amount * rng.choice([0.0, 0.5, 1.0], n), 2), 0.0))
    refund = np.where(paid, refund, 0.0)
    local = pd.Series(pd.NaT, index=np.arange(n), dtype="datetime64[ns]")
    for ci, code in enumerate(ref.COUNTRIES.index):
        sel = np.flatnonzero(c_idx == ci)
        stamp = pd.DatetimeIndex(created[sel]).tz_localize(ref.PLATFORM_TZ).tz_convert(ref.TIME_ZONES[code])
        local.iloc[sel] = stamp.tz_localize(None).to_numpy()
    app = binfo["app_user"].reindex(buyer_id).to_numpy()
    own = rng.random(n) < 0.85  # buyers mostly order from the device they always use
    device = np.where(own, np.where(app, "App", rng.choice(["Mobile Web", "PC"], n, p=[0.6, 0.4])),
                      rng.choice(["App", "Mobile Web", "PC"], n, p=[0.68, 0.2, 0.12]))
    orders = pd.DataFrame({
        "order_id": order_id, "created_at": pd.to_datetime(created), "created_at_local": local.to_numpy(),
        "paid_at": paid_at, "buyer_id": buyer_id, "country": pd.Categorical.from_codes(c_idx, categories=countries),
        "device": device,
        "items": np.bincount(pos, minlength=n), "goods_amount": goods, "coupon_id": coupon_id,
        "coupon_amount": coupon, "shipping_fee": ship_fee, "paid_amount": paid_amount, "logistics_service": service,
        "status": status, "refund_amount": refund, "campaign": campaign[d_idx],
    })
    parcels = pd.DataFrame({"order_id": order_id, "weight_g": weight, "length_cm": length, "width_cm": width,
                            "height_cm": height, "has_battery": battery})
    items = items.drop(columns="p")
    # low-cardinality text as categories: a world of a million orders stays within memory
    for col in ("device", "logistics_service", "status", "campaign", "coupon_id"):
        orders[col] = orders[col].astype("category")
    orders["country"] = orders["country"].cat.remove_unused_categories()
    items["sku_id"] = items["sku_id"].cat.remove_unused_categories()
    items["product_id"] = items["product_id"].cat.remove_unused_categories()
    world.cached("store.parcels", lambda: parcels)
    return orders, items, buyers


def _warehouse_ready(world, items, n, pos, country) -> np.ndarray:
    """Orders whose every item is stocked in the overseas warehouse of their destination."""
    stock = stocked_products(world)
    wh = pd.Series(country).map(ref.WAREHOUSE_COUNTRIES).to_numpy()
    line_wh = wh[pos]
    p = items["p"].to_numpy()
    ok_line = np.zeros(len(items), bool)
    for wid, members in stock.items():
        sel = line_wh == wid
        ok_line[sel] = np.isin(p[sel], members)
    missing = np.bincount(pos, weights=(~ok_line).astype(float), minlength=n)
    return (missing == 0) & pd.Series(country).isin(list(ref.WAREHOUSE_COUNTRIES)).to_numpy()


def parcels(world) -> pd.DataFrame:
    """Each order's parcel (weight, packed size, battery), as the orders were built with it."""
    orders_items_buyers(world)
    return world.cached("store.parcels", lambda: None)


def _hour_weights() -> np.ndarray:
    h = np.arange(24)
    w = 0.3 + np.exp(-0.5 * ((h - 21) / 2.5) ** 2) + 0.5 * np.exp(-0.5 * ((h - 13) / 2.0) ** 2)
    w[:7] *= 0.3
    return w / w.sum()


def orders_items_buyers(world):
    return world.cached("store.orders", lambda: _orders_and_items(world))


@register("orders", whole=True)
def orders(world) -> pd.DataFrame:
    return orders_items_buyers(world)[0]


@register("order_items", whole=True)
def order_items(world) -> pd.DataFrame:
    return orders_items_buyers(world)[1]


@register("buyers", whole=True)
def buyers(world) -> pd.DataFrame:
    o = orders(world)
    base = orders_items_buyers(world)[2]
    first = o.groupby("buyer_id").agg(first_order_date=("created_at", "min"), orders_count=("order_id", "size"))
    b = base.merge(first, left_on="buyer_id", right_index=True, how="inner")
    b["first_order_date"] = b["first_order_date"].dt.normalize()
    return b[["buyer_id", "country", "gender", "age_band", "buyer_type", "first_order_date", "orders_count"]].reset_index(drop=True)


def buyer_traits(world) -> pd.DataFrame:
    """Every buyer's hidden traits as the orders were drawn with them (app user, membership start)."""
    return orders_items_buyers(world)[2]


def _product_daily(world) -> pd.DataFrame:
    rng = world.rng("store.product-daily")
    prods = products(world).reset_index(drop=True)
    f = funnel(world)
    vis = np.round(f["visitors"].sum(axis=1)).astype(np.int64)  # P × D
    n_p, n_d = vis.shape
    o, items, _ = orders_items_buyers(world)
    paid = o.loc[o["paid_at"].notna(), ["order_id", "created_at", "buyer_id"]]
    it = items.merge(o[["order_id", "created_at", "buyer_id", "paid_at"]], on="order_id")
    it["day"] = (it["created_at"].dt.normalize() - world.days[0]).dt.days.clip(0, n_d - 1)
    p_pos = pd.Series(np.arange(n_p), index=prods["product_id"])
    it["p"] = p_pos[it["product_id"]].to_numpy()
    g_all = it.groupby(["p", "day"]).agg(order_buyers=("buyer_id", "nunique"))
    itp = it[it["paid_at"].notna()]
    g_paid = itp.groupby(["p", "day"]).agg(pay_buyers=("buyer_id", "nunique"), pay_qty=("quantity", "sum"),
                                           pay_amount=("item_amount", "sum"))
    grid = pd.MultiIndex.from_product([np.arange(n_p), np.arange(n_d)], names=["p", "day"])
    df = pd.DataFrame(index=grid).join(g_all).join(g_paid).fillna(0).reset_index()
    df["product_visitors"] = np.maximum(vis.ravel(), df["order_buyers"].to_numpy()).astype(int)
    over = (prods["role"] == "overpriced").to_numpy()[df["p"].to_numpy()]
    nrow = len(df)
    v = df["product_visitors"].to_numpy()
    df["search_ctr"] = np.round(np.clip(rng.lognormal(np.log(0.028), 0.25, nrow), 0.008, 0.06), 4)
    df["search_exposure"] = np.round(v * 0.45 / df["search_ctr"]).astype(int)
    df["product_pv"] = np.round(v * rng.uniform(1.4, 2.6, nrow)).astype(int)
    bounce = np.clip(rng.normal(0.55, 0.05, nrow), 0.40, 0.72)
    bounce[over] = np.clip(rng.normal(0.79, 0.03, over.sum()), 0.75, 0.86)
    df["bounce_rate"] = np.round(bounce, 4)
    stay = rng.lognormal(np.log(48), 0.3, nrow)
    stay[over] *= 0.55
    df["avg_stay_s"] = np.round(np.clip(stay, 8, 180), 1)
    df["cart_users"] = np.maximum(np.round(v * np.clip(rng.normal(0.07, 0.015, nrow), 0.03, 0.12)), df["pay_buyers"]).astype(int)
    df["wishlist_users"] = np.round(v * np.clip(rng.normal(0.03, 0.01, nrow), 0.01, 0.06)).astype(int)
    df["pay_cvr"] = np.round(np.where(v > 0, df["pay_buyers"] / np.maximum(v, 1), 0.0), 4)
    df["date"] = world.days[df["day"].to_numpy()]
    df["product_id"] = prods["product_id"].to_numpy()[df["p"].to_numpy()]
    for c in ("order_buyers", "pay_buyers", "pay_qty"):
        df[c] = df[c].astype(int)
    df["pay_amount"] = df["pay_amount"].round(2)
    cols = ["date", "product_id", "search_exposure", "search_ctr", "product_visitors", "product_pv", "avg_stay_s",
            "bounce_rate", "cart_users", "wishlist_users", "order_buyers", "pay_buyers", "pay_qty", "pay_amount", "pay_cvr"]
    launched = df["date"].to_numpy() >= prods["launch_date"].to_numpy()[df["p"].to_numpy()]
    return df.loc[launched, cols].reset_index(drop=True)


@register("product_daily", whole=True)
def product_daily(world) -> pd.DataFrame:
    return world.cached("store.product_daily", lambda: _product_daily(world))


def _store_daily(world) -> pd.DataFrame:
    rng = world.rng("store.store-daily")
    pdaily = product_daily(world)
    o = orders(world)
    day = o["created_at"].dt.normalize()
    by_day = pd.DataFrame({
        "order_buyers": o.groupby(day)["buyer_id"].nunique(),
        "pay_buyers": o[o["paid_at"].notna()].groupby(day[o["paid_at"].notna()])["buyer_id"].nunique(),
        "pay_amount": o[o["paid_at"].notna()].groupby(day[o["paid_at"].notna()])["paid_amount"].sum(),
    }).reindex(world.days).fillna(0)
    pv = pdaily.groupby("date")[["product_visitors", "product_pv", "cart_users", "wishlist_users"]].sum().reindex(world.days).fillna(0)
    n = len(world.days)
    df = pd.DataFrame({"date": world.days})
    visitors = np.maximum(np.round(pv["product_visitors"].to_numpy() * rng.uniform(0.78, 0.86, n)), by_day["order_buyers"].to_numpy())
    df["click_rate"] = np.round(np.clip(rng.normal(0.028, 0.004, n), 0.012, 0.05), 4)
    df["exposure"] = np.round(visitors / df["click_rate"]).astype(int)
    df["visitors"] = visitors.astype(int)
    df["pageviews"] = np.round(pv["product_pv"].to_numpy() * rng.uniform(1.1, 1.25, n)).astype(int)
    df["avg_stay_s"] = np.round(rng.normal(62, 6, n), 1)
    df["bounce_rate"] = np.round(np.clip(rng.normal(0.52, 0.03, n), 0.42, 0.66), 4)
    df["cart_users"] = np.round(pv["cart_users"].to_numpy() * 0.9).astype(int)
    df["wishlist_users"] = np.round(pv["wishlist_users"].to_numpy() * 0.9).astype(int)
    df["order_buyers"] = by_day["order_buyers"].astype(int).to_numpy()
    df["pay_buyers"] = by_day["pay_buyers"].astype(int).to_numpy()
    df["pay_amount"] = by_day["pay_amount"].round(2).to_numpy()
    df["pay_cvr"] = np.round(df["pay_buyers"] / df["visitors"].clip(lower=1), 4)
    df["aov"] = np.round(df["pay_amount"] / df["pay_buyers"].clip(lower=1), 2)
    return df


@register("store_daily", whole=True)
def store_daily(world) -> pd.DataFrame:
    return world.cached("store.store_daily", lambda: _store_daily(world))


@register("traffic_sources", whole=True)
def traffic_sources(world) -> pd.DataFrame:
    rng = world.rng("store.traffic")
    sd = store_daily(world)
    src = pd.DataFrame(ref.TRAFFIC_SOURCES, columns=["source_group", "source", "share", "cvr_mult"])
    n_d, n_s = len(sd), len(src)
    share = np.tile(src["share"].to_numpy(), (n_d, 1)) * rng.lognormal(0, 0.08, (n_d, n_s))
    event = np.zeros(n_d, bool)
    for _name, first, last, _peak in ref.EVENTS:
        event |= np.asarray((world.days >= pd.Timestamp(first) - pd.Timedelta(days=3)) & (world.days <= pd.Timestamp(last)))
    share[event, src.index[src["source"] == "平台活动"][0]] *= 2.8
    # planted: off-site social traffic falls from a Monday 6–11 weeks before the end (a partner account went
    # quiet): a third lower within a week, then it keeps fading
    social = src.index[src["source"] == "站外-社媒"][0]
    start = social_decline_start(world)
    t = (world.days - start).days.to_numpy().astype(float)
    fade = np.where(t < 0, 0.0, 0.35 + 0.5 * np.clip(t / 42.0, 0, 1))
    share[:, social] *= 1.0 - fade
    share /= share.sum(axis=1, keepdims=True)
    visitors = sd["visitors"].to_numpy()
    vis = np.vstack([rng.multinomial(v, s) for v, s in zip(visitors, share)])
    w = share * src["cvr_mult"].to_numpy()[None, :]
    w /= w.sum(axis=1, keepdims=True)
    pay = np.vstack([rng.multinomial(b, p) for b, p in zip(sd["pay_buyers"].to_numpy(), w)])
    pay = np.minimum(pay, vis)
    df = pd.DataFrame({
        "date": np.repeat(sd["date"].to_numpy(), n_s),
        "source_group": np.tile(src["source_group"].to_numpy(), n_d),
        "source": np.tile(src["source"].to_numpy(), n_d),
        "visitors": vis.ravel(),
        "pay_buyers": pay.ravel(),
    })
    df["share"] = np.round(df["visitors"] / np.repeat(np.maximum(vis.sum(axis=1), 1), n_s), 4)
    df["pay_cvr"] = np.round(df["pay_buyers"] / df["visitors"].clip(lower=1), 4)
    return df[["date", "source_group", "source", "visitors", "share", "pay_buyers", "pay_cvr"]]


def social_decline_start(world) -> pd.Timestamp:
    """The Monday the planted decline of off-site social traffic starts (6 to 11 weeks before the end)."""
    rng = world.rng("store.social-decline")
    last_monday = world.days[-1] - pd.Timedelta(days=world.days[-1].dayofweek)
    return last_monday - pd.Timedelta(weeks=int(rng.integers(6, 12)))


def _country_analysis(world, month: str) -> pd.DataFrame:
    o = orders(world)
    paid = o[o["paid_at"].notna()]
    # months as numbers (202610): comparing numbers is much faster than formatting every date
    months = (paid["created_at"].dt.year * 100 + paid["created_at"].dt.month).to_numpy()
    p = pd.Period(month, "M")
    this, prev = p.year * 100 + p.month, (p - 1).year * 100 + (p - 1).month
    now_amt = paid[months == this].groupby("country", observed=False)["paid_amount"].sum().reindex(ref.COUNTRIES.index).fillna(0)
    prev_amt = paid[months == prev].groupby("country", observed=False)["paid_amount"].sum().reindex(ref.COUNTRIES.index).fillna(0)
    if month == ref.START.strftime("%Y-%m"):
        prev_amt = now_amt
    buyers_n = paid[months == this].groupby("country", observed=False)["buyer_id"].nunique().reindex(ref.COUNTRIES.index).fillna(0)
    share = now_amt / now_amt.sum()
    growth = now_amt / prev_amt.clip(lower=1) - 1
    rising = np.round(100 * (1 + growth)).astype(int)
    rng = world.rng(f"store.country-analysis.{month}")
    days = np.round(ref.COUNTRIES["logistics_days"].to_numpy() * rng.uniform(0.9, 1.1, len(share)), 1)
    big = share >= share.median()
    fast = growth >= growth.median()
    quadrant = np.select([big & fast, big & ~fast, ~big & fast], ["高GMV高增速", "高GMV低增速", "低GMV高增速"], "低GMV低增速")
    return pd.DataFrame({
        "month": month, "country": ref.COUNTRIES.index, "country_name": ref.COUNTRIES["zh"].to_numpy(),
        "pay_amount_share": np.round(share.to_numpy(), 4), "pay_buyers": buyers_n.astype(int).to_numpy(),
        "rising_index": rising.to_numpy(), "logistics_days": days, "quadrant": quadrant,
    }).sort_values("pay_amount_share", ascending=False).reset_index(drop=True)


@register("country_analysis", dump=lambda: [{"month": m.strftime("%Y-%m")} for m in pd.period_range(ref.START, ref.END, freq="M")])
def country_analysis(world, *, month) -> pd.DataFrame:
    return _country_analysis(world, month)
