"""Does a release give away solutions or hidden tests? Distinctive lines of the source notebook's
solution and hidden-test blocks, looked for in the released files."""

from __future__ import annotations

import json
from pathlib import Path

from .. import cells


def hidden_snippets(source_nb: dict) -> list[str]:
    """Distinctive lines of the hidden-test and solution blocks that appear nowhere else in the
    source notebook (a line that a hint also shows is not a leak)."""
    inside_lines, outside_text = [], []
    for cell in source_nb["cells"]:
        for block, line in cells.blocks(cells.source(cell)):
            s = line.strip()
            if block in ("solution", "hidden") and len(s) >= 25:
                inside_lines.append(s)
            elif block != "marker":
                outside_text.append(s)
    outside = "\n".join(outside_text)
    return [s for s in dict.fromkeys(inside_lines) if s not in outside]


def release_leaks(release_dir: Path, snippets: list[str], notebook: str | None = None) -> list[str]:
    """Files of the release that contain solution or hidden-test code. With `notebook`, the
    snippets of that notebook are looked for in its own released copy and in every file that is
    not a notebook (another notebook may legitimately show a line this one keeps secret)."""
    leaks = []
    for f in sorted(release_dir.rglob("*")):
        if not f.is_file():
            continue
        if notebook and f.suffix == ".ipynb" and f.name != notebook:
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if f.suffix == ".ipynb":
            try:
                nb = json.loads(text)
                text = "\n".join(cells.source(c) for c in nb["cells"])
                text += json.dumps([c.get("metadata", {}) for c in nb["cells"]], ensure_ascii=False)
            except (ValueError, KeyError):
                pass
        for marker in (cells.HIDDEN_BEGIN, cells.SOLUTION_BEGIN):
            if marker in text:
                leaks.append(f"{f.relative_to(release_dir)}: contains '{marker}'")
        hits = [s for s in snippets if s in text]
        if hits:
            leaks.append(f"{f.relative_to(release_dir)}: contains hidden/solution code, e.g. {hits[0][:60]!r}")
    return leaks
