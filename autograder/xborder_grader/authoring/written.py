"""Written answers graded by hand: what the quality gate checks instead of scoring them.

A written answer (a plan's rationale, a judgement in words) is an nbgrader "Manually graded
answer": a markdown cell with `grade` and `solution`, its points, `grade_id` "<exercise>_written"
and the cell metadata `xborder = {skills: [...], rubric: true}`. The question and its rubric
(2-4 criteria with their points: a table of criteria in both languages with a points column, or
a "评分标准" list and a "Rubric" list) stand in the locked markdown cell just above it, so that
the student reads them and formgrader shows them beside the answer. The gate cannot score such a cell (a person
does), so it does not count it as failing for the reference, the blank release or a mutant; it
checks here that the cell is well formed, and the levels' limits: at most one short reason per
notebook at primary and at intermediate, two at advanced (docs/authoring.md §6).
"""

from __future__ import annotations

import re

from .. import cells

LIMIT = {"primary": 1, "intermediate": 1, "advanced": 2}  # primary: one short reason per notebook
RUBRIC_ZH = ("评分标准", "标准")  # a word of each language names the rubric in the prompt cell above
RUBRIC_EN = ("rubric", "criterion", "criteria")
TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
CRITERION = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")  # a criterion is a list line
POINTS_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:分|points?\b|pts?\b)", re.IGNORECASE)


def _missing_words(text: str) -> list[str]:
    low = text.lower()
    return [words[0] for words in (RUBRIC_ZH, RUBRIC_EN) if not any(w in low for w in words)]


def _criteria(text: str) -> list[tuple[str, list[float]]]:
    """(language, points of each criterion) of a rubric written either as a table whose rows are
    the criteria (both languages in a row, the points in the last column: one check for both) or
    as a list per language (a "评分标准" list and a "Rubric" list, the points in each line)."""
    rows = [[c.strip() for c in m.group(1).split("|")] for line in text.splitlines() if (m := TABLE_ROW.match(line))]
    for k, row in enumerate(rows):
        head = " ".join(row).lower()
        if any(w in head for w in RUBRIC_ZH + RUBRIC_EN) and ("分" in head or "point" in head):
            pts = []
            for r in rows[k + 1:]:
                if set("".join(r)) <= set("-: "):
                    continue  # the separator row
                m = POINTS_IN_TEXT.search(r[-1]) or re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", r[-1])
                pts.append(float(m.group(1)) if m else float("nan"))
            return [("table", pts)]
    zh_at, en_at = text.find("评分标准"), text.lower().find("rubric")
    if en_at < zh_at:
        sections = (("English", text[en_at:zh_at]), ("Chinese", text[zh_at:]))
    else:
        sections = (("Chinese", text[zh_at:en_at]), ("English", text[en_at:]))
    return [(lang, [float(m.group(1)) for line in part.splitlines() if CRITERION.match(line)
                    for m in [POINTS_IN_TEXT.search(line)] if m]) for lang, part in sections]


def written_cells(nb: dict) -> list[dict]:
    return [c for c in nb.get("cells", []) if cells.is_manual(c)]


def problems(nb: dict, level: str | None = None) -> list[str]:
    """What is wrong with the written answers of a source notebook (empty: nothing)."""
    out = []
    all_cells = nb.get("cells", [])
    found = written_cells(nb)
    limit = LIMIT.get(level or "", None)
    if limit is not None and len(found) > limit:
        out.append(f"{len(found)} written answer(s) graded by hand; the {level} level allows at most {limit} per notebook")
    for cell in found:
        gid = cells.grade_id(cell) or "(no grade_id)"
        ng = cells.nbgrader(cell)
        meta = (cell.get("metadata") or {}).get("xborder") or {}
        if cell.get("cell_type") != "markdown":
            out.append(f"{gid}: a written answer must be a markdown cell")
        if not gid.endswith("_written"):
            out.append(f"{gid}: the grade_id of a written answer ends in _written")
        try:
            points = float(ng.get("points", 0))
        except (TypeError, ValueError):
            points = 0.0
        if points <= 0:
            out.append(f"{gid}: a written answer needs points > 0")
        if not cells.skills(cell):
            out.append(f"{gid}: names no skill item (metadata xborder.skills)")
        if meta.get("rubric") is not True:
            out.append(f"{gid}: lacks the rubric flag (metadata xborder.rubric: true)")
        if not cells.source(cell).strip():
            out.append(f"{gid}: the master copy holds no model answer for the instructor")
        i = next(k for k, c in enumerate(all_cells) if c is cell)
        above = all_cells[i - 1] if i else None
        if above is None or above.get("cell_type") != "markdown" or not cells.nbgrader(above).get("locked"):
            out.append(f"{gid}: the cell above must be the locked markdown cell with the question and the rubric")
            continue
        text = cells.source(above)
        missing = _missing_words(text)
        if missing:
            out.append(f"{gid}: the question above has no rubric ({' / '.join(missing)} not found)")
            continue
        for lang, pts in _criteria(text):
            if not 2 <= len(pts) <= 4 or abs(sum(pts) - points) > 1e-9:
                out.append(f"{gid}: the {lang} rubric's criteria give {pts or 'no points'}; "
                           f"expected 2-4 criteria whose points sum to the cell's {points:g}")
    return out


def describe(nb: dict) -> list[str]:
    """One line per written answer, for the gate's table."""
    return [f"{cells.grade_id(c)}  {','.join(cells.skills(c)) or '-'}  {float(cells.nbgrader(c).get('points', 0)):g} pts  "
            "graded by hand in formgrader (not scored by the gate)" for c in written_cells(nb)]
