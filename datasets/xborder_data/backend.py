"""A simulated store back-end (店铺后台): the seller asks for an export, the back-end writes the file.

    >>> from xborder_data import StoreBackend
    >>> backend = StoreBackend()
    >>> path = backend.export("hot_sale_products", industry="phone-accessories",
    ...                       country="US", period="30d", end_date="2026-10-31")

Every parameter is checked; a wrong one raises an error that names the valid choices.
Files go to `out_dir` if given, else to the default export folder (see `default_export_dir`),
never beside the notebooks unless asked.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd

from . import dictionary, exporter
from . import reference as ref
from .errors import DataRequestError, choice_error
from .registry import BUILDERS as _BUILDERS
from .registry import WHOLE as _WHOLE
from .world import World, get_world, session_seed

EXPORTS_ENV = "XBORDER_EXPORTS"


def default_export_dir(seed: int) -> Path:
    """Where a back-end without `out_dir` writes: the folder named by XBORDER_EXPORTS, else a
    per-user cache folder.

    `xborder start` points XBORDER_EXPORTS at the workspace's `exports/` folder, so that a
    student finds the downloads in one place and the notebook folders (what is handed in) stay
    clean; during grading it points into the grading scratch folder of the submission. Files of
    a world other than the session's go to a `seed-N` subfolder (the cache always uses one), so
    that two worlds, e.g. two students graded at once, never write the same file name.
    """
    folder = os.environ.get(EXPORTS_ENV, "").strip()
    if folder:
        base = Path(folder).expanduser()
        return base if seed == session_seed() else base / f"seed-{seed}"
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(cache) / "xborder" / "exports" / f"seed-{seed}"


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataRequestError(
            f"日期 {value!r} 格式不对，请写成 YYYY-MM-DD，例如 2026-10-31。\n"
            f"Date {value!r} is not in YYYY-MM-DD form; write it like 2026-10-31."
        ) from None


def canonical(tidy: pd.DataFrame, spec: dictionary.Table) -> pd.DataFrame:
    """One representation per format, shared by the back-end and the loader: times as
    datetime64[ns], missing text as NaN, a fresh 0..n-1 index."""
    out = tidy.reset_index(drop=True).copy()
    for c in spec.columns:
        if c.format in ("date", "datetime"):
            out[c.name] = pd.to_datetime(out[c.name]).astype("datetime64[ns]")
        elif c.format == "text":
            col = out[c.name].astype(object)
            out[c.name] = col.where(col.notna(), np.nan)
    return out


# The quality gate's fairness check: with XBORDER_PERTURB set ("shuffle", "noise" or both), every
# table the back-end hands out has its rows in another order and its floats moved far below any
# precision a task states, so a test that depends on either is found (authoring/fairness.py).
PERTURB_ENV = "XBORDER_PERTURB"
NOISE = 1e-9  # relative


def perturb(frame: pd.DataFrame, mode: str, *, key: str) -> pd.DataFrame:
    """`frame` with its rows shuffled and/or its float columns moved by a relative 1e-9
    (deterministic for `key`); the index is reset so that nothing gives the old order away."""
    import zlib

    rng = np.random.default_rng(zlib.crc32(f"perturb|{key}".encode()))
    out = frame
    modes = {m.strip() for m in mode.split(",")}
    if "noise" in modes:
        out = out.copy()
        for c in out.columns:
            if pd.api.types.is_float_dtype(out[c]):
                out[c] = out[c] * (1 + NOISE * rng.uniform(-1, 1, len(out)))
    if "shuffle" in modes and len(out) > 1:
        out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    return out


class StoreBackend:
    """The store's data back-end for one world (the session's world by default)."""

    formats = ("xlsx", "csv")

    def __init__(self, seed: int | None = None, out_dir: str | Path | None = None):
        self.world: World = get_world(seed)
        self.out_dir = Path(out_dir) if out_dir is not None else default_export_dir(self.world.seed)

    # --- what can be exported --------------------------------------------------------------------
    def catalog(self) -> pd.DataFrame:
        """The exports this back-end offers, with their parameters and valid values."""
        rows = []
        for name, spec in dictionary.tables().items():
            if name not in _BUILDERS:
                continue
            rows.append({"table": name, "zh": spec.zh, "en": spec.en, "params": ", ".join(spec.export.get("params", []))})
        return pd.DataFrame(rows)

    @staticmethod
    def choices(param: str) -> list[str]:
        """Valid values of a parameter: industry, country or period."""
        if param == "industry":
            return list(ref.INDUSTRIES.index)
        if param == "country":
            return list(ref.COUNTRIES.index)
        if param == "period":
            return list(ref.PERIODS)
        raise choice_error("param", param, ["industry", "country", "period"], zh_what="参数", en_what="parameter")

    # --- exports ---------------------------------------------------------------------------------
    def frame(self, table: str, **params) -> pd.DataFrame:
        """The tidy table behind an export (English columns, numbers as numbers)."""
        spec = dictionary.table(table)
        if table not in _BUILDERS:
            raise choice_error("table", table, sorted(_BUILDERS), zh_what="可导出的数据表", en_what="exportable table")
        checked = self._check(spec, params)
        if table in _WHOLE:
            tidy = self._filter(spec, self.world.table(table), checked)
        else:
            tidy = _BUILDERS[table](self.world, **checked)
        rate = float(spec.export.get("gaps", 0.0))
        if rate:
            tidy = exporter.with_gaps(tidy, spec, mess_key=self._key(table, checked), seed=self.world.seed, rate=rate)
        out = canonical(tidy, spec)
        mode = os.environ.get(PERTURB_ENV, "").strip()
        return perturb(out, mode, key=f"{self.world.seed}|{self._key(table, checked)}") if mode else out

    def platform_frame(self, table: str, **params) -> pd.DataFrame:
        """The export exactly as the file holds it (Chinese headers, text formats, mess)."""
        spec = dictionary.table(table)
        checked = self._check(spec, params)
        tidy = self.frame(table, **params)
        return exporter.to_platform(tidy, spec, mess_key=self._key(table, checked), seed=self.world.seed)

    def export(self, table: str, *, fmt: str = "xlsx", **params) -> Path:
        """Write the export file into out_dir and return its path."""
        if fmt not in self.formats:
            raise choice_error("fmt", fmt, self.formats, zh_what="文件格式", en_what="file format")
        spec = dictionary.table(table)
        checked = self._check(spec, params)
        data = self.platform_frame(table, **params)
        path = self.out_dir / f"{self._key(table, checked)}.{fmt}"
        return exporter.write(data, path, title=self._title(spec, checked))

    # --- parameter checks ------------------------------------------------------------------------
    def _check(self, spec: dictionary.Table, params: dict) -> dict:
        allowed = list(spec.export.get("params", []))
        unknown = [p for p in params if p not in allowed]
        if unknown:
            raise choice_error("parameter", unknown[0], allowed or ["(none)"], zh_what=f"{spec.name} 的参数",
                               en_what=f"parameter of {spec.name}")
        required = spec.export.get("required", [] if spec.name in _WHOLE else allowed)
        missing = [p for p in required if params.get(p) is None]
        if missing:
            raise DataRequestError(
                f"导出 {spec.name} 需要参数 {', '.join(missing)}。\n"
                f"Exporting {spec.name} needs the parameter(s): {', '.join(missing)}."
            )
        out = {k: v for k, v in params.items() if v is not None}
        if "industry" in out and out["industry"] not in ref.INDUSTRIES.index:
            # accept the Chinese or English name too, as a seller would type it
            by_name = {**{v: k for k, v in ref.INDUSTRIES["zh"].items()}, **{v.lower(): k for k, v in ref.INDUSTRIES["en"].items()}}
            key = by_name.get(out["industry"]) or by_name.get(str(out["industry"]).lower())
            if key is None:
                raise choice_error("industry", out["industry"], ref.INDUSTRIES.index, zh_what="行业", en_what="industry")
            out["industry"] = key
        if "country" in out:
            code = str(out["country"]).upper()
            if code not in ref.COUNTRIES.index:
                raise choice_error("country", out["country"], ref.COUNTRIES.index, zh_what="国家", en_what="country")
            out["country"] = code
        if "period" in out and out["period"] not in ref.PERIODS:
            raise choice_error("period", out["period"], list(ref.PERIODS), zh_what="统计周期", en_what="period")
        if "month" in out:
            months = [m.strftime("%Y-%m") for m in pd.period_range(ref.START, ref.END, freq="M")]
            if str(out["month"]) not in months:
                raise choice_error("month", out["month"], months, zh_what="月份", en_what="month")
            out["month"] = str(out["month"])
        for key in ("start_date", "end_date"):
            if key in out:
                out[key] = _parse_date(out[key])
        if "period" in allowed and "end_date" in out:
            days = ref.PERIODS.get(out.get("period"), 1)
            self.world.market.window(out["end_date"], days)  # raises with the valid range
        else:
            for key in ("start_date", "end_date"):
                if key in out and not (ref.START <= out[key] <= ref.END):
                    raise choice_error(key, out[key].isoformat(), f"{ref.START} … {ref.END}", zh_what="日期", en_what="date")
            if "start_date" in out and "end_date" in out and out["start_date"] > out["end_date"]:
                raise DataRequestError(
                    f"开始日期 {out['start_date']} 晚于结束日期 {out['end_date']}。\n"
                    f"start_date {out['start_date']} is after end_date {out['end_date']}: swap them."
                )
        return out

    @staticmethod
    def _filter(spec: dictionary.Table, table: pd.DataFrame, params: dict) -> pd.DataFrame:
        """Rows of a whole table that an export with these parameters holds."""
        mask = pd.Series(True, index=table.index)
        col = spec.export.get("date_column")
        if col and ("start_date" in params or "end_date" in params):
            days = pd.to_datetime(table[col]).dt.normalize()
            if "start_date" in params:
                mask &= days >= pd.Timestamp(params["start_date"])
            if "end_date" in params:
                mask &= days <= pd.Timestamp(params["end_date"])
        if "month" in params:
            if "month" in table.columns:
                mask &= table["month"] == params["month"]
            elif col:
                mask &= pd.to_datetime(table[col]).dt.strftime("%Y-%m") == params["month"]
        for param, column in (spec.export.get("filters") or {}).items():
            if param in params:
                value = params[param]
                if param == "industry":
                    value = ref.INDUSTRIES.at[value, "zh"]
                mask &= table[column] == value
        return table[mask.to_numpy()]

    @staticmethod
    def _key(table: str, params: dict) -> str:
        order = ("industry", "country", "period", "month", "start_date", "end_date")
        parts = [table] + [str(params[p]) for p in order if p in params]
        return "_".join(parts)

    @staticmethod
    def _title(spec: dictionary.Table, params: dict) -> str | None:
        template = spec.export.get("title")
        if not template:
            return None
        fill = dict(params)
        if "industry" in params:
            fill["industry_zh"] = ref.INDUSTRIES.at[params["industry"], "zh"]
        if "country" in params:
            fill["country_zh"] = ref.COUNTRIES.at[params["country"], "zh"]
        if "period" in params:
            fill["period_zh"] = ref.PERIOD_LABELS[params["period"]]
            end = params["end_date"]
            fill["end"] = end.isoformat()
            fill["start"] = (end - dt.timedelta(days=ref.PERIODS[params["period"]] - 1)).isoformat()
        return template.format(**fill)


