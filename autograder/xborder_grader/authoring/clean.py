"""Store notebooks exactly as JupyterLab saves them back, so that opening one changes nothing.

JupyterLab marks a notebook unsaved as soon as it differs from what it would write: it fills in
the kernel's full `language_info` (version included) the moment the kernel connects, upgrades
to nbformat 4.5 with cell ids, and writes nbformat's JSON layout (sorted keys, one-space indent,
sources as lists of lines, a final newline). A clean notebook already is that, without outputs,
execution counts or widget state, with its nbgrader and xborder cell metadata kept.

    xborder clean                 clean every catalogued course notebook in place
    xborder clean --check         only say which are not clean (exit 1), e.g. in CI
    xborder clean PATH ...        clean these notebooks

The stored course notebooks keep the Python version they carry (a maintainer on another Python
does not flip it back and forth); `xborder start` stamps the student's own kernel version into
each student copy, which is the copy a student opens.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# cell metadata that records a run or a view, not the notebook's content
VOLATILE_CELL_KEYS = ("execution", "ExecuteTime", "scrolled", "collapsed")
VOLATILE_NB_KEYS = ("widgets",)


def language_info(version: str | None = None) -> dict:
    """`language_info` as ipykernel reports it in its kernel_info reply (and JupyterLab stores)."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": version or sys.version.split()[0],
    }


def _cell_ids(cells: list) -> None:
    """Give every cell a valid, unique id (nbformat 4.5), keeping the ids it already has."""
    import re

    seen: set[str] = set()
    for i, cell in enumerate(cells):
        cid = cell.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cid) or cid in seen:
            gid = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
            base = re.sub(r"[^a-zA-Z0-9-]", "-", str(gid))[:60] if gid else f"cell-{i}"
            cid, n = base, 1
            while cid in seen:
                n += 1
                cid = f"{base}-{n}"
            cell["id"] = cid
        seen.add(cid)


def clean(nb: dict, *, version: str | None = None) -> dict:
    """A clean copy of a notebook (a dict as json reads it). `version` is the Python version for
    `language_info`; by default the one the notebook already names, else this interpreter's."""
    nb = copy.deepcopy(nb)
    nb["nbformat"], nb["nbformat_minor"] = 4, max(5, int(nb.get("nbformat_minor", 5)))
    meta = {k: v for k, v in (nb.get("metadata") or {}).items() if k not in VOLATILE_NB_KEYS}
    stored = (meta.get("language_info") or {}).get("version")
    meta["kernelspec"] = dict(KERNELSPEC)
    meta["language_info"] = language_info(version or stored)
    nb["metadata"] = meta
    for cell in nb.get("cells", []):
        cell["metadata"] = {k: v for k, v in (cell.get("metadata") or {}).items() if k not in VOLATILE_CELL_KEYS}
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    _cell_ids(nb.get("cells", []))
    return nb


def dumps(nb: dict) -> str:
    """The notebook as Jupyter's server writes it when JupyterLab saves."""
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb), version=4) + "\n"


def clean_text(text: str, *, version: str | None = None) -> str:
    return dumps(clean(json.loads(text), version=version))


def clean_file(path: Path, *, version: str | None = None, check: bool = False) -> bool:
    """Clean one notebook in place (or only check it); True if it was not clean."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    want = clean_text(text, version=version)
    if want == text:
        return False
    if not check:
        path.write_text(want, encoding="utf-8")
    return True


def main(paths: list[str] | None = None, *, check: bool = False, echo=print) -> int:
    """`xborder clean`: clean the given notebooks, or every catalogued course notebook."""
    if paths:
        targets = [Path(p) for p in paths]
    else:
        from ..course import catalog

        targets = [nb.path for nb in catalog().notebooks() if nb.path.exists()]
    changed = [p for p in targets if clean_file(p, check=check)]
    for p in changed:
        echo(f"  {'not clean 未清理' if check else 'cleaned 已清理'}: {p}")
    if check and changed:
        echo("运行 .venv/bin/xborder clean 清理这些 notebook。Run `.venv/bin/xborder clean` to clean them.")
    elif not changed:
        echo(f"{len(targets)} notebook(s) clean · 全部已清理")
    return 1 if check and changed else 0
