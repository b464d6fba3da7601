"""One seeded world: the store, its market and its customers.

Every domain draws from its own random stream, derived from the world seed and the domain's
name (not from call order), so adding a table never shifts the values of another.
Tables are built lazily and cached per world; worlds are cached per seed.
"""

from __future__ import annotations

import functools
import os
import zlib
from typing import Callable

import numpy as np
import pandas as pd

from . import reference as ref

DEFAULT_SEED = 2026
SEED_ENV = "XBORDER_SEED"
# Grading: the parts of a world that one kernel built, shared with the next kernels on the same
# world (a student's notebooks are graded one after another on the student's world). Set by the
# grading worker only; written only by the trusted checker kernel (SNAPSHOT_WRITE_ENV=1), read-only
# in the student's sandbox. Parts are data (tables, arrays), one pickle file per part.
SNAPSHOT_ENV = "XBORDER_WORLD_SNAPSHOTS"
SNAPSHOT_WRITE_ENV = "XBORDER_WORLD_SNAPSHOTS_WRITE"
_MISSING = object()


def session_seed() -> int:
    """The seed of this session's world: XBORDER_SEED if set (the grader sets it), else the default."""
    raw = os.environ.get(SEED_ENV, "").strip()
    if not raw:
        return DEFAULT_SEED
    try:
        return int(raw)
    except ValueError:
        raise ValueError(
            f"环境变量 {SEED_ENV}={raw!r} 不是整数。/ {SEED_ENV}={raw!r} is not an integer: "
            f"unset it or give a whole number such as {DEFAULT_SEED}."
        ) from None


class World:
    """A deterministic synthetic world for one seed.

    >>> w = World(7)
    >>> w.days[0], w.days[-1]
    (Timestamp('2025-11-01 00:00:00'), Timestamp('2026-10-31 00:00:00'))
    """

    def __init__(self, seed: int = DEFAULT_SEED, scale: float = 1.0):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        if not (0 < float(scale) <= 100):
            raise ValueError(f"scale must be in (0, 100], got {scale!r}")
        self.seed = int(seed)
        # scale multiplies the store's traffic and so its orders (1.0 = about 60,000 orders a year)
        self.scale = float(scale)
        self.days = pd.date_range(ref.START, ref.END, freq="D")
        self._cache: dict = {}

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, scale={self.scale:g})"

    def rng(self, domain: str) -> np.random.Generator:
        """A fresh random stream for one named domain of this world."""
        return np.random.default_rng(np.random.SeedSequence([self.seed, zlib.crc32(domain.encode())]))

    def cached(self, key, build: Callable[[], object]):
        """Memoise a computed part of this world (a table, a hidden array); with a snapshot folder
        (see `snapshot_dir`), a part another process of the grading run built is read from there."""
        if key not in self._cache:
            folder = snapshot_dir(self)
            value = _read_part(folder, key) if folder else _MISSING
            if value is _MISSING:
                value = build()
                if folder and os.environ.get(SNAPSHOT_WRITE_ENV) == "1":
                    _write_part(folder, key, value)
            self._cache[key] = value
        return self._cache[key]

    def table(self, name: str):
        """A whole table of this world (tables registered with whole=True), built once."""
        from .registry import BUILDERS, WHOLE

        if name not in WHOLE:
            from .errors import choice_error

            raise choice_error("table", name, sorted(WHOLE), zh_what="数据表", en_what="whole table")
        return self.cached(("table", name), lambda: BUILDERS[name](self))

    # --- views used by several domains -------------------------------------------------------
    @property
    def market(self):
        from .domains import market

        return self.cached("market", lambda: market.Market(self))


@functools.lru_cache(maxsize=8)
def get_world(seed: int | None = None) -> World:
    """The (cached) world for a seed; the session's seed by default."""
    return World(session_seed() if seed is None else seed)


# --- snapshots of built parts (grading only) -------------------------------------------------------
def snapshot_dir(world: World) -> str | None:
    """The folder of this world's shared parts, when the grader set one (SNAPSHOT_ENV), else None."""
    root = os.environ.get(SNAPSHOT_ENV, "").strip()
    return os.path.join(root, snapshot_name(world.seed, world.scale)) if root else None


def snapshot_name(seed: int, scale: float = 1.0) -> str:
    return f"{int(seed)}-{float(scale):g}"


def _part_file(folder: str, key) -> str:
    import hashlib

    return os.path.join(folder, hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32] + ".pkl")


def _is_data(value, depth: int = 0) -> bool:
    """Plain data only (tables, arrays, numbers, text and containers of them): objects with code
    or a link back to the world are rebuilt, never shared."""
    if depth > 6:
        return False
    if value is None or isinstance(value, (str, bytes, bool, int, float, np.generic, pd.Timestamp, pd.Timedelta,
                                           np.ndarray, pd.DataFrame, pd.Series, pd.Index)):
        return not isinstance(value, np.ndarray) or value.dtype != object or all(
            _is_data(v, depth + 1) for v in value.ravel()[:50])
    if isinstance(value, (tuple, list)):
        return all(_is_data(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_is_data(k, depth + 1) and _is_data(v, depth + 1) for k, v in value.items())
    return False


def _read_part(folder: str, key):
    import pickle

    try:
        with open(_part_file(folder, key), "rb") as fh:
            got_key, value = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return _MISSING
    return value if got_key == repr(key) else _MISSING


def _write_part(folder: str, key, value) -> None:
    import pickle
    import tempfile

    if not _is_data(value):
        return
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((repr(key), value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _part_file(folder, key))  # atomic: a reader sees the whole part or none
    except OSError:
        pass
