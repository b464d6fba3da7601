"""The clean loader: read a platform export (xlsx or csv) back into a tidy DataFrame.

It finds the header line under the export's title, recognises the table from its headers,
renames Chinese headers to English snake_case, turns "12,345" and "12.34%" into numbers and
"-" into missing values, and drops rows the platform exported twice.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import dictionary
from .errors import DataRequestError
from .exporter import MISSING


def _read_raw(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataRequestError(
            f"找不到文件 {path}。先用 StoreBackend.export(...) 导出，或检查文件名。\n"
            f"File {path} does not exist: export it first with StoreBackend.export(...), or check the name."
        )
    if path.suffix == ".xlsx":
        return pd.read_excel(path, header=None, dtype=object)
    if path.suffix == ".csv":
        return pd.read_csv(path, header=None, dtype=object, encoding="utf-8-sig", keep_default_na=False)
    raise DataRequestError(f"不支持的文件类型 {path.suffix}，请用 .xlsx 或 .csv。\nUnsupported file type {path.suffix}: use .xlsx or .csv.")


def parse_column(series: pd.Series, fmt: str) -> pd.Series:
    s = series.where(~series.isin([MISSING, "", None]), np.nan)
    if fmt == "int_sep" or fmt == "int":
        return pd.to_numeric(s.astype("string").str.replace(",", "", regex=False), errors="raise").astype("Int64")
    if fmt == "percent":
        return pd.to_numeric(s.astype("string").str.rstrip("%"), errors="raise").astype("float64") / 100.0
    if fmt in ("float2", "money"):
        return pd.to_numeric(s, errors="raise").astype(float)
    if fmt in ("date", "datetime"):
        return pd.to_datetime(s).astype("datetime64[ns]")
    if fmt == "bool_yn":
        return s.map({"Y": True, "N": False}).astype("boolean")
    text = s.astype(object).map(lambda v: v if isinstance(v, str) else (np.nan if pd.isna(v) else str(v)))
    return text


def identify(headers) -> dictionary.Table:
    found = set(map(str, headers))
    for spec in dictionary.tables().values():
        if set(spec.headers.values()) == found:
            return spec
    raise DataRequestError(
        f"认不出这份导出：表头 {sorted(found)} 不属于数据字典中的任何表。\n"
        f"Cannot tell which export this is: its headers {sorted(found)} match no table of the data dictionary."
    )


def load_export(path, *, drop_duplicates: bool = True) -> pd.DataFrame:
    """Read an export file into a tidy DataFrame with English column names."""
    path = Path(path)
    raw = _read_raw(path)
    all_headers = {h for spec in dictionary.tables().values() for h in spec.headers.values()}
    header_row = None
    for i in range(min(len(raw), 6)):
        values = [v for v in raw.iloc[i].tolist() if isinstance(v, str)]
        if values and sum(v in all_headers for v in values) >= max(2, len(values) - 1):
            header_row = i
            break
    if header_row is None:
        raise DataRequestError(f"{path} 的前几行里没有找到表头。\nNo header line found in the first rows of {path}.")
    headers = [str(h) for h in raw.iloc[header_row].tolist() if not (isinstance(h, float) and np.isnan(h))]
    spec = identify(headers)
    body = raw.iloc[header_row + 1 :, : len(headers)].copy()
    body.columns = headers
    body = body.dropna(how="all")
    tidy = pd.DataFrame({c.name: parse_column(body[c.header], c.format) for c in spec.columns})
    if drop_duplicates:
        tidy = tidy.drop_duplicates()
    from .backend import canonical

    return canonical(tidy, spec)
