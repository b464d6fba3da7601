"""xborder_data: the synthetic data world of the xborder course.

One seeded cross-border store and its market. Notebooks use
`StoreBackend` (the simulated store back-end that writes platform-style exports) and
`load_export` (the clean loader); instructors use `write_world` through `xborder data`.
"""

from .registry import load_domains as _load_domains

_load_domains()

from .backend import StoreBackend  # noqa: E402
from .errors import DataRequestError  # noqa: E402
from .loader import load_export  # noqa: E402
from .world import DEFAULT_SEED, World, get_world, session_seed  # noqa: E402

__all__ = ["StoreBackend", "DataRequestError", "load_export", "World", "get_world", "session_seed", "DEFAULT_SEED"]
