"""Which tables the back-end can build: each domain module registers its builders here.

A builder takes the world and the export's checked parameters and returns the tidy table
(English column names as in the data dictionary). Adding a table = a builder in a domain
module + its columns in dictionary/<domain>.yaml.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Callable

import pandas as pd

BUILDERS: dict[str, Callable[..., pd.DataFrame]] = {}
# table name -> the parameter sets `xborder data` writes as export files
DUMPS: dict[str, Callable[[], list[dict]]] = {}
# tables whose builder returns the whole table; the back-end filters rows by the export's parameters
WHOLE: set[str] = set()


def register(name: str, dump: Callable[[], list[dict]] | None = None, whole: bool = False):
    """Register a table builder.

    whole=False: builder(world, **params) computes the view the parameters ask for (a market
    report for one industry, country and window). whole=True: builder(world) returns the whole
    table and the back-end filters it (date range, country, industry). `dump` lists the exports
    `xborder data` writes (default: one export of the whole table).
    """

    def deco(fn):
        if name in BUILDERS:
            raise ValueError(f"table {name!r} registered twice")
        if whole:
            # a whole table is built once per world, whether the back-end or another builder asks for it
            @functools.wraps(fn)
            def once(world):
                return world.cached(("table", name), lambda: fn(world))

            BUILDERS[name] = once
            WHOLE.add(name)
        else:
            BUILDERS[name] = fn
        DUMPS[name] = dump or (lambda: [{}])
        return BUILDERS[name]

    return deco


def load_domains() -> None:
    from . import domains

    for mod in pkgutil.iter_modules(domains.__path__):
        importlib.import_module(f"{domains.__name__}.{mod.name}")
