"""Student values as plain data: the only form in which they reach the tests.

A test cell never touches a student's live object. Graded, the tests run in a separate checker
process that asks the student's (sandboxed) kernel for values; in the student's own lab they run
in the same kernel. Either way a value travels through `encode` → JSON → `decode`, so the tests
see the same thing in both places: a fresh copy made of JSON, which cannot run code when it is
read (no pickle, no eval). Tables keep their dtypes, index and column labels; figures become
descriptions of what they draw (charts.py); functions become their signature only, and are called
through `serve_call` in the student's kernel.

The `serve_*` functions are what the checker evaluates in the student's kernel.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
from collections.abc import Mapping
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

MAX_BYTES = 64 * 2**20  # a value larger than this is not an answer but an attack on the checker
MAX_DEPTH = 64


class WireError(ValueError):
    """A value cannot travel as data (too large, too deep, or malformed)."""


# --- encoding ------------------------------------------------------------------------------------
def encode(value, _depth: int = 0):
    """A JSON-compatible description of `value`."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    d = _depth + 1
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.generic) and isinstance(value, (np.integer, np.floating, np.bool_)):
        v = value.item()
        return {"$t": "np", "dtype": str(value.dtype), "v": v if not isinstance(v, float) or math.isfinite(v) else repr(v)}
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$t": "float", "v": repr(value)}
    if value is pd.NaT:
        return {"$t": "nat"}
    if value is pd.NA:
        return {"$t": "na"}
    if isinstance(value, pd.Timestamp):
        return {"$t": "ts", "v": value.isoformat(), "unit": getattr(value, "unit", "ns")}
    if isinstance(value, pd.Timedelta):
        return {"$t": "td", "ns": int(value.value)}
    if isinstance(value, np.datetime64):
        return {"$t": "np_dt", "v": str(value)}
    if isinstance(value, PurePath):
        return {"$t": "path", "v": str(value)}
    if isinstance(value, dt.datetime):
        return {"$t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$t": "date", "v": value.isoformat()}
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value, d)
    if isinstance(value, pd.Series):
        return {"$t": "series", "name": encode(value.name, d), "values": _encode_column(value, d),
                "index": _encode_index(value.index, d)}
    if isinstance(value, pd.Index):
        return {"$t": "index", "index": _encode_index(value, d)}
    if isinstance(value, np.ndarray):
        return {"$t": "ndarray", "shape": list(value.shape), "col": _encode_column(pd.Series(value.ravel()), d)}
    if isinstance(value, list):
        return [encode(v, d) for v in value]
    if isinstance(value, tuple):
        return {"$t": "tuple", "items": [encode(v, d) for v in value]}
    if isinstance(value, (set, frozenset)):
        items = sorted((encode(v, d) for v in value), key=lambda e: json.dumps(e, sort_keys=True, default=str))
        return {"$t": "set", "items": items}
    if isinstance(value, Mapping):
        return {"$t": "dict", "items": [[encode(k, d), encode(v, d)] for k, v in value.items()]}
    if callable(value) and (inspect.isfunction(value) or inspect.ismethod(value) or inspect.isbuiltin(value)):
        return {"$t": "function", "name": getattr(value, "__name__", "?"), "params": _params(value)}
    from . import charts

    chart = charts.describe(value)
    if chart is not None:
        return {"$t": "chart", "chart": chart}
    return {"$t": "object", "type": type(value).__name__, "repr": _short_repr(value)}


def _params(fn) -> list[str] | None:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None


def _short_repr(value) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 (a broken __repr__ is the student's, not ours)
        text = f"<{type(value).__name__}>"
    return text[:200]


def _encode_frame(df: pd.DataFrame, d: int) -> dict:
    return {"$t": "frame", "columns": _encode_index(df.columns, d), "index": _encode_index(df.index, d),
            "data": [_encode_column(df.iloc[:, i], d) for i in range(df.shape[1])]}


def _encode_index(index: pd.Index, d: int) -> dict:
    if isinstance(index, pd.RangeIndex):
        return {"kind": "range", "start": index.start, "stop": index.stop, "step": index.step, "name": encode(index.name, d)}
    if isinstance(index, pd.MultiIndex):
        return {"kind": "multi", "names": [encode(n, d) for n in index.names],
                "levels": [_encode_column(pd.Series(index.get_level_values(i)), d) for i in range(index.nlevels)]}
    return {"kind": "index", "name": encode(index.name, d), "values": _encode_column(pd.Series(index), d)}


_NAT = np.iinfo("int64").min  # how NaT looks as int64 nanoseconds


def _ints(values: np.ndarray) -> list:
    return [None if v == _NAT else int(v) for v in values.tolist()]


def _from_ints(values: list) -> np.ndarray:
    return np.array([_NAT if v is None else int(v) for v in values], dtype="int64")


def _encode_column(s: pd.Series, d: int) -> dict:
    dtype = s.dtype
    name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        return {"dtype": "category", "ordered": bool(dtype.ordered), "categories": _encode_column(pd.Series(dtype.categories), d),
                "codes": s.cat.codes.astype(int).tolist()}
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        naive = s.dt.tz_convert("UTC").dt.tz_localize(None) if isinstance(dtype, pd.DatetimeTZDtype) else s
        return {"dtype": name, "ns": _ints(naive.to_numpy(dtype="datetime64[ns]").view("int64"))}
    if pd.api.types.is_timedelta64_dtype(dtype):
        return {"dtype": name, "ns": _ints(s.to_numpy(dtype="timedelta64[ns]").view("int64"))}
    if isinstance(dtype, pd.PeriodDtype):
        return {"dtype": name, "values": [None if pd.isna(v) else str(v) for v in s]}
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        if dtype.kind == "f":
            return {"dtype": name, "values": [v if math.isfinite(v) else repr(v) for v in s.to_numpy().tolist()]}
        return {"dtype": name, "values": s.to_numpy().tolist()}
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and name in ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16",
                                                                         "UInt32", "UInt64", "Float32", "Float64", "boolean"):
        return {"dtype": name, "values": [None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else
                                          (v if not isinstance(v, float) or math.isfinite(v) else repr(v))
                                          for v in s.astype(object).tolist()]}
    if name.startswith("string") or name == "str":
        return {"dtype": name, "values": [None if pd.isna(v) else str(v) for v in s.astype(object).tolist()]}
    return {"dtype": "object", "values": [encode(v, d) for v in s.astype(object).tolist()]}


# --- decoding ------------------------------------------------------------------------------------
def decode(obj, _depth: int = 0):
    """The value `encode` described (a copy; charts and functions as descriptions)."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    d = _depth + 1
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, list):
        return [decode(v, d) for v in obj]
    if not isinstance(obj, dict) or "$t" not in obj:
        raise WireError("malformed value")
    t = obj["$t"]
    if t == "float":
        return float(obj["v"])
    if t == "np":
        v = obj["v"]
        return np.dtype(obj["dtype"]).type(float(v) if isinstance(v, str) else v)
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    if t == "ts":
        ts = pd.Timestamp(obj["v"])
        return ts.as_unit(obj.get("unit", "ns")) if hasattr(ts, "as_unit") else ts
    if t == "td":
        return pd.Timedelta(int(obj["ns"]), unit="ns")
    if t == "np_dt":
        return np.datetime64(obj["v"])
    if t == "path":
        return Path(str(obj["v"]))
    if t == "datetime":
        return dt.datetime.fromisoformat(obj["v"])
    if t == "date":
        return dt.date.fromisoformat(obj["v"])
    if t == "frame":
        columns = _decode_index(obj["columns"], d)
        data = [_decode_column(c, d) for c in obj["data"]]
        frame = pd.concat(data, axis=1, ignore_index=True) if data else pd.DataFrame(index=range(0))
        frame.columns = columns
        frame.index = _decode_index(obj["index"], d, length=len(frame))
        return frame
    if t == "series":
        s = _decode_column(obj["values"], d)
        s.index = _decode_index(obj["index"], d, length=len(s))
        s.name = decode(obj["name"], d)
        return s
    if t == "index":
        return _decode_index(obj["index"], d)
    if t == "ndarray":
        return _decode_column(obj["col"], d).to_numpy().reshape(obj["shape"])
    if t == "tuple":
        return tuple(decode(v, d) for v in obj["items"])
    if t == "set":
        return {_hashable(decode(v, d)) for v in obj["items"]}
    if t == "dict":
        return {_hashable(decode(k, d)): decode(v, d) for k, v in obj["items"]}
    if t == "function":
        return FunctionInfo(str(obj.get("name", "?")), obj.get("params"))
    if t == "chart":
        from .charts import Chart

        return Chart(obj["chart"])
    if t == "object":
        return opaque(str(obj.get("type", "object")), str(obj.get("repr", "")))
    raise WireError(f"unknown value type {t!r}")


def _hashable(v):
    return v if isinstance(v, (str, int, float, bool, tuple, type(None), pd.Timestamp)) or hasattr(v, "__hash__") and v.__hash__ else repr(v)


def _decode_index(enc: dict, d: int, length: int | None = None) -> pd.Index:
    kind = enc.get("kind")
    if kind == "range":
        return pd.RangeIndex(enc["start"], enc["stop"], enc["step"], name=decode(enc.get("name"), d))
    if kind == "multi":
        arrays = [_decode_column(c, d) for c in enc["levels"]]
        return pd.MultiIndex.from_arrays(arrays, names=[decode(n, d) for n in enc["names"]])
    if kind == "index":
        return pd.Index(_decode_column(enc["values"], d), name=decode(enc.get("name"), d))
    raise WireError("malformed index")


def _decode_column(enc: dict, d: int) -> pd.Series:
    dtype = str(enc.get("dtype", "object"))
    if dtype == "category":
        cats = _decode_column(enc["categories"], d)
        return pd.Series(pd.Categorical.from_codes(enc["codes"], categories=pd.Index(cats), ordered=bool(enc.get("ordered"))))
    if "ns" in enc:
        raw = _from_ints(enc["ns"])
        if dtype.startswith("datetime64"):
            s = pd.Series(raw.view("datetime64[ns]"))
            if "," in dtype:  # datetime64[unit, tz]
                unit, tz = (part.strip() for part in dtype[len("datetime64["):-1].split(",", 1))
                return s.dt.tz_localize("UTC").dt.tz_convert(tz).astype(f"datetime64[{unit}, {tz}]")
            return s.astype(dtype)
        return pd.Series(raw.view("timedelta64[ns]")).astype(dtype)
    values = enc.get("values", [])
    if dtype == "object":
        out = pd.Series([decode(v, d) for v in values], dtype=object)
        return out
    if dtype.startswith(("float", "Float")):
        values = [float(v) if isinstance(v, str) else v for v in values]
    if dtype.startswith("period"):
        return pd.Series(pd.PeriodIndex(values, freq=dtype[len("period["):-1]))
    try:
        return pd.Series(pd.array(values, dtype=dtype))
    except (TypeError, ValueError) as exc:
        raise WireError(f"malformed column of dtype {dtype}") from exc


# --- what the tests see instead of live objects -----------------------------------------------
class FunctionInfo:
    """A student's function as the tests see it: its name and parameters, called through checks.call."""

    def __init__(self, name: str, params: list[str] | None):
        self.name, self.params = name, params

    def __repr__(self) -> str:
        return f"<function {self.name}({', '.join(self.params or [])})>"


class Opaque:
    """A student value that is not data (a class instance, a module …): only its type name and a
    short repr travel."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def opaque(type_name: str, text: str) -> Opaque:
    """An Opaque whose type is named like the student's, so messages can say what it is."""
    safe = "".join(ch for ch in type_name if ch.isalnum() or ch == "_")[:60] or "object"
    return type(safe, (Opaque,), {})(text)


# --- JSON text ---------------------------------------------------------------------------------
def dumps(value) -> str:
    text = json.dumps(encode(value), ensure_ascii=False, allow_nan=False)
    if len(text) > MAX_BYTES:
        raise WireError(f"value too large ({len(text) // 2**20} MiB)")
    return text


def loads(text: str):
    if len(text) > MAX_BYTES:
        raise WireError("value too large")
    return decode(json.loads(text))


def roundtrip(value):
    """What the tests would see of `value` (used in the student's own lab, where no checker runs)."""
    return loads(dumps(value))


# --- the student kernel's side (evaluated by the checker through user_expressions) -------------
class Payload:
    """A result that IPython's display formatter sends back as application/json."""

    def __init__(self, data: dict):
        self.data = data

    def _repr_json_(self):
        return self.data

    def __repr__(self) -> str:
        return json.dumps(self.data, ensure_ascii=False)


def _namespace() -> dict:
    import sys

    return vars(sys.modules["__main__"])


def _pack(value) -> Payload:
    try:
        text = dumps(value)
    except WireError as exc:
        return Payload({"error": {"type": "WireError", "message": str(exc)}})
    except Exception as exc:  # noqa: BLE001 (a value that cannot be described is the student's problem, not the checker's)
        return Payload({"error": {"type": "WireError", "message": f"{type(exc).__name__}: {exc}"}})
    return Payload({"value": text})


def serve_answer(name: str) -> Payload:
    """The student's object called `name`, as data."""
    ns = _namespace()
    if name not in ns:
        return Payload({"missing": True})
    return _pack(ns[name])


def serve_call(name: str, args_json: str) -> Payload:
    """Call the student's function `name` with arguments sent as data; the result as data."""
    ns = _namespace()
    fn = ns.get(name)
    if fn is None:
        return Payload({"missing": True})
    try:
        args, kwargs = loads(args_json)
        result = fn(*args, **kwargs)
    except NotImplementedError:
        return Payload({"error": {"type": "NotImplementedError", "message": "", "not_attempted": True}})
    except KeyboardInterrupt:
        return Payload({"error": {"type": "KeyboardInterrupt", "message": "interrupted (time limit)"}})
    except BaseException as exc:  # noqa: BLE001 (SystemExit too: the student's code ended, the kernel goes on)
        return Payload({"error": {"type": type(exc).__name__, "message": str(exc)[:500],
                                  "check_failed": _check_failed(exc)}})
    return _pack(result)


def _check_failed(exc) -> list[str] | None:
    zh, en = getattr(exc, "zh", None), getattr(exc, "en", None)
    return [str(zh), str(en)] if isinstance(zh, str) and isinstance(en, str) else None
