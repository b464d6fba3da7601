"""Turn a tidy table into what the platform's export looks like, and write it as xlsx or csv.

The look: Chinese headers, counts as text with thousands separators, rates as "12.34%" text,
"-" where the platform has no value, a title line above the header, and a few duplicated rows.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from .dictionary import Table

MISSING = "-"


def _fmt_int_sep(v) -> str:
    return MISSING if pd.isna(v) else f"{int(round(float(v))):,}"


def _fmt_percent(v) -> str:
    return MISSING if pd.isna(v) else f"{float(v) * 100:.2f}%"


def format_column(series: pd.Series, fmt: str) -> pd.Series:
    if fmt == "int_sep":
        return series.map(_fmt_int_sep).astype(object)
    if fmt == "percent":
        return series.map(_fmt_percent).astype(object)
    if fmt in ("float2", "money"):
        return series.map(lambda v: MISSING if pd.isna(v) else round(float(v), 2)).astype(object)
    if fmt == "int":
        return series.map(lambda v: MISSING if pd.isna(v) else int(v)).astype(object)
    if fmt == "date":
        return pd.to_datetime(series).dt.strftime("%Y-%m-%d").fillna(MISSING).astype(object)
    if fmt == "datetime":
        return pd.to_datetime(series).dt.strftime("%Y-%m-%d %H:%M:%S").fillna(MISSING).astype(object)
    if fmt == "bool_yn":
        return series.map(lambda v: MISSING if pd.isna(v) else ("Y" if bool(v) else "N")).astype(object)
    return series.map(lambda v: MISSING if (v is None or (isinstance(v, float) and np.isnan(v))) else v).astype(object)


def to_platform(frame: pd.DataFrame, spec: Table, *, mess_key: str, seed: int,
                duplicates: tuple[int, int] = (1, 2), blank_rate: float = 0.03) -> pd.DataFrame:
    """The export as the seller downloads it: formatted, Chinese headers, a little mess.

    The mess is deterministic for (seed, mess_key): the same request gives the same file.
    """
    rng = np.random.default_rng([seed, zlib.crc32(mess_key.encode())])
    out = pd.DataFrame({c.header: format_column(frame[c.name], c.format) for c in spec.columns})
    # Blank cells where the platform had no value: only in numeric index/rate columns.
    blankable = [c.header for c in spec.columns if c.format in ("float2", "percent") and c.name in frame]
    if blankable and len(out) and blank_rate > 0:
        n_blank = rng.binomial(len(out) * len(blankable), blank_rate)
        for _ in range(int(n_blank)):
            out.iat[int(rng.integers(len(out))), out.columns.get_loc(blankable[int(rng.integers(len(blankable)))])] = MISSING
    # A few rows exported twice (the platform's paging overlaps).
    lo, hi = duplicates
    n_dup = int(rng.integers(lo, hi + 1)) if len(out) else 0
    if n_dup:
        picks = rng.choice(len(out), size=min(n_dup, len(out)), replace=False)
        rows = [out]
        for p in sorted(picks):
            rows.append(out.iloc[[p]])
        out = pd.concat(rows, ignore_index=True)
        # put each duplicate right after its original, as paging overlap does
        order = np.argsort(np.concatenate([np.arange(len(out) - len(picks)), np.sort(picks) + 0.5]), kind="stable")
        out = out.iloc[order].reset_index(drop=True)
    return out


def write(platform_frame: pd.DataFrame, path: Path, *, title: str | None = None) -> Path:
    """Write an export file; .xlsx gets a title line and a blank line above the header, .csv is UTF-8 with BOM."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        import datetime as dt

        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Sheet1")
        bold = Font(bold=True)

        def bold_cell(v):
            cell = WriteOnlyCell(ws, value=v)
            cell.font = bold
            return cell

        if title:
            ws.append([bold_cell(title)])
            ws.append([])
        ws.append([bold_cell(h) for h in platform_frame.columns])
        for row in platform_frame.itertuples(index=False):
            ws.append([v.item() if isinstance(v, np.generic) else v for v in row])
        # fixed document times keep repeated exports identical
        wb.properties.created = wb.properties.modified = dt.datetime(2026, 11, 1)
        wb.save(path)
    elif path.suffix == ".csv":
        platform_frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    else:
        raise ValueError(f"unsupported export format {path.suffix!r}: use .xlsx or .csv")
    return path
