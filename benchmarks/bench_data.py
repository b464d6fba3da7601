"""Benchmark: how fast the data world is generated, and how much memory it takes.

    .venv/bin/python benchmarks/bench_data.py [--orders 1000000]

Prints wall time and peak memory (traced Python allocations and the process's maximum RSS) of
(a) building every whole table of the default world plus one export of every parameterised
table, and (b) a world scaled to about --orders orders. Run each part in a fresh process so
caches do not help. Then the default world's time table by table: the tables of the primary
level first, then those added for the intermediate and advanced levels (each one's time is what
it adds on top of the tables before it). Targets on 2 cores: default < 15 s, 1M orders < 90 s
and < 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc


# tables added for the intermediate and advanced levels (the rest is what the primary level uses)
HIGHER = ["low_result_terms", "platform_events", "event_registrations", "store_coupons", "carrier_rates",
          "purchase_orders", "customs_rules", "affiliate_programs", "paid_social_campaigns", "paid_video_campaigns",
          "member_events", "b2b_customers", "platform_trends", "seo_keywords", "social_audience", "image_tests",
          "product_search_terms", "live_stream_minutes", "live_hosts", "site_page_speed", "site_keyword_rankings",
          "site_surveys", "site_ad_tracking"]


def build(seed: int, scale: float, trace: bool) -> dict:
    from xborder_data import StoreBackend, World
    from xborder_data.registry import BUILDERS, DUMPS, WHOLE

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    world = World(seed, scale=scale)
    backend = StoreBackend.__new__(StoreBackend)
    backend.world = world
    rows, seconds = {}, {}
    order = [n for n in sorted(BUILDERS) if n not in HIGHER] + [n for n in HIGHER if n in BUILDERS]
    for name in order:
        t = time.perf_counter()
        rows[name] = len(world.table(name)) if name in WHOLE else len(backend.frame(name, **DUMPS[name]()[-1]))
        seconds[name] = round(time.perf_counter() - t, 3)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seed": seed, "scale": scale, "seconds": round(elapsed, 2), "traced_peak_mib": round(peak / 2**20),
            "max_rss_mib": round(rss), "orders": rows["orders"], "tables": len(rows), "rows": sum(rows.values()),
            "per_table": seconds, "per_table_rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--child", nargs=3, type=float, metavar=("SEED", "SCALE", "TRACE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(build(int(args.child[0]), args.child[1], bool(args.child[2]))))
        return
    from xborder_data.domains.store import ORDERS_PER_YEAR

    runs = [("default world", 2026, 1.0), (f"~{args.orders:,} orders", 2026, args.orders / ORDERS_PER_YEAR)]
    # time and peak RSS come from an untraced run; tracemalloc (slow) only reports Python allocations
    print(f"{'world':18} {'seconds':>8} {'orders':>10} {'rows':>11} {'max RSS MiB':>12} {'traced peak MiB':>16}")
    for label, seed, scale in runs:
        res = []
        for trace in (0, 1):
            out = subprocess.run([sys.executable, __file__, "--child", str(seed), str(scale), str(trace)],
                                 capture_output=True, text=True, check=True)
            res.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r, t = res
        print(f"{label:18} {r['seconds']:8.2f} {r['orders']:10,} {r['rows']:11,} {r['max_rss_mib']:12,} {t['traced_peak_mib']:16,}")
        if label == "default world":
            default = r
    base = {n: s for n, s in default["per_table"].items() if n not in HIGHER}
    higher = {n: s for n, s in default["per_table"].items() if n in HIGHER}
    print(f"\ndefault world, table by table: primary-level tables {sum(base.values()):.2f} s "
          f"(the orders and the market they rest on included), tables of the higher levels {sum(higher.values()):.2f} s")
    for name, sec in sorted(higher.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24} {sec:7.3f} s {default['per_table_rows'][name]:>9,} rows")


if __name__ == "__main__":
    main()
