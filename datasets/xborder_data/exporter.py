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


def with_gaps(frame: pd.DataFrame, spec: Table, *, mess_key: str, seed: int, rate: float = 0.03) -> pd.DataFrame:
    """The table with the cells the platform has no value for set to missing.

    Gaps are part of the data a seller gets (the export shows them as "-"), so the tidy table
    behind an export and the export itself agree; only index and rate columns have gaps.
    """
    out = frame.copy()
    rng = np.random.default_rng([seed, zlib.crc32(f"gaps|{mess_key}".encode())])
    for c in spec.columns:
        if c.format in ("float2", "percent") and c.name in out and len(out):
            hole = rng.random(len(out)) < rate
            if hole.any():
                out[c.name] = out[c.name].astype(float).mask(hole)
    return out


def to_platform(frame: pd.DataFrame, spec: Table, *, mess_key: str, seed: int,
                duplicates: tuple[int, int] = (1, 2)) -> pd.DataFrame:
    """The export as the seller downloads it: formatted, Chinese headers, a few rows twice.

    The mess is deterministic for (seed, mess_key): the same request gives the same file.
    """
    rng = np.random.default_rng([seed, zlib.crc32(mess_key.encode())])
    out = pd.DataFrame({c.header: format_column(frame[c.name], c.format) for c in spec.columns})
    # A few rows exported twice (the platform's paging overlaps), each right after its original.
    lo, hi = duplicates
    n_dup = int(rng.integers(lo, hi + 1)) if len(out) else 0
    if n_dup:
        picks = np.sort(rng.choice(len(out), size=min(n_dup, len(out)), replace=False))
        order = np.argsort(np.concatenate([np.arange(len(out)), picks + 0.5]), kind="stable")
        out = pd.concat([out, out.iloc[picks]], ignore_index=True).iloc[order].reset_index(drop=True)
    return out


def write(platform_frame: pd.DataFrame, path: Path, *, title: str | None = None) -> Path:
    """Write an export file; .xlsx gets a title line and a blank line above the header, .csv is UTF-8 with BOM.

    The file appears whole or not at all (written aside, then renamed): notebooks run side by side
    may export the same file into a shared folder, and none of them must read it half-written.
    """
    import os
    import tempfile

    path = Path(path)
    if path.suffix not in (".xlsx", ".csv"):
        raise ValueError(f"unsupported export format {path.suffix!r}: use .xlsx or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        _write(platform_frame, path.suffix, Path(tmp), title)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _write(platform_frame: pd.DataFrame, suffix: str, path: Path, title: str | None) -> None:
    if suffix == ".xlsx":
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
    else:
        platform_frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
