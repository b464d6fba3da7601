"""Write a whole world to disk: platform-style exports plus tidy CSV tables (`xborder data`)."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from . import dictionary
from .backend import StoreBackend
from .registry import BUILDERS, DUMPS


XLSX_MAX_ROWS = 20_000


def write_world(seed: int, out: str | Path, *, tables: list[str] | None = None, fmt: str = "xlsx",
                progress=None) -> dict:
    """Write the exports and tidy tables of the world `seed` under `out`.

    out/exports/<table>/<export>.<fmt>   what the seller downloads from the back-end
    out/tables/<table>.csv               the same data, tidy (English columns), all exports stacked
    Returns a summary: files written, rows per table, seconds.
    """
    out = Path(out)
    names = list(BUILDERS) if tables is None else tables
    for n in names:
        dictionary.table(n)  # raises with the valid choices
    backend = StoreBackend(seed=seed, out_dir=out / "exports")
    summary = {"seed": seed, "files": 0, "rows": {}, "seconds": 0.0}
    t0 = time.perf_counter()
    for name in names:
        backend.out_dir = out / "exports" / name
        frames = []
        plans = DUMPS[name]()
        for params in plans:
            frame = backend.frame(name, **params)
            # a spreadsheet of more than 20,000 rows is slow to write and to open: big tables go out as csv
            backend.export(name, fmt="csv" if len(frame) > XLSX_MAX_ROWS else fmt, **params)
            frames.append(frame)
            summary["files"] += 1
            if progress:
                progress(name)
        tidy = pd.concat(frames, ignore_index=True)
        if plans and plans[0]:
            keys = [k for k in plans[0] if k not in tidy.columns]
            # keep the window of each stacked export, so the tidy table stays unambiguous
            reps = [len(f) for f in frames]
            for k in keys:
                tidy[k] = [str(p[k]) for p, n in zip(plans, reps) for _ in range(n)]
        (out / "tables").mkdir(parents=True, exist_ok=True)
        tidy.to_csv(out / "tables" / f"{name}.csv", index=False, lineterminator="\n")
        summary["rows"][name] = len(tidy)
        summary["files"] += 1
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    return summary
