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
        """Memoise a computed part of this world (a table, a hidden array)."""
        if key not in self._cache:
            self._cache[key] = build()
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
