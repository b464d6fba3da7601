"""Both languages say the same: a static check of every exercise's instructions (part of the gate).

An exercise's text is the markdown from its heading ("## 练习 N …") to its answer cell. Lines
with Chinese characters are the Chinese text, lines without are the English text; a line with
both (a heading, a table row) counts for both. Hints are the `<details>` blocks.

- Every *rule token* of one language's instructions must appear in the other's: identifiers,
  column names, values and code in backticks, and numbers (thresholds, counts, dates, shares).
- A hint may explain how, but may not carry a rule the instructions lack: the identifiers and
  plain values in backticks and the numbers a hint names must appear in the instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import cells

CJK = re.compile(r"[\u4e00-\u9fff]")
# a line is Chinese if it has Chinese characters or full-width punctuation (`列`：`值`。)
CHINESE_LINE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
BACKTICK = re.compile(r"`([^`\n]+)`")
# numbers as rules use them: 10, 0.10, 10%, 2026-10-31, 1,000, −10 % (not inside identifiers)
NUMBER = re.compile(r"(?<![\w.\-])[-−]?\d[\d,]*(?:\.\d+)?(?:%|(?:-\d\d){1,2})?(?![\w])")
EXERCISE = re.compile(r"^#{1,3}\s*练习\s*(\d+)", re.M)
# numbers that are not rules: list markers and the exercise's own number and points are dropped
# where they are found (see _numbers)


@dataclass(frozen=True)
class ParityProblem:
    exercise: str
    kind: str  # "only in Chinese", "only in English", "hint rule"
    token: str

    def __str__(self) -> str:
        return f"exercise {self.exercise}: {self.kind}: {self.token}"


def _plain_value(token: str) -> bool:
    """A backtick token that states a rule: an identifier or a value, not a piece of code."""
    return bool(re.fullmatch(r"[\w\-.%\u4e00-\u9fff ]+", token)) and "(" not in token


def _numbers(line: str) -> set[str]:
    text = BACKTICK.sub(" ", line)
    text = re.sub(r"(\d)\s+%", r"\1%", text)  # 35 % = 35%
    text = re.sub(r"^\s*(?:\d+[.)]|[-*])\s+", "", text)  # list markers
    text = re.sub(r"[（(]\s*\d+\s*(?:分\s*)?points?\s*[）)]", " ", text)  # the points
    text = re.sub(r"练习\s*\d+|(?i:exercise)\s+\d+", " ", text)  # the exercise's own number
    text = re.sub(r"\b[PIA]-\d\.\d(?:\.\d)?\b", " ", text)  # skill item IDs
    out = set()
    for m in NUMBER.finditer(text):
        tok = m.group(0).replace("−", "-").replace(",", "")
        out.add(tok)
    return out


def _backticks(lines: list[str], *, plain_only: bool = False) -> set[str]:
    out = set()
    for line in lines:
        for t in BACKTICK.findall(line):
            t = t.strip()
            if not plain_only or _plain_value(t):
                out.add(t)
    return out


def _all_numbers(lines: list[str]) -> set[str]:
    out: set[str] = set()
    for line in lines:
        out |= _numbers(line)
    return out


def _code_words() -> set[str]:
    """Names that are how-to, not rules: Python's and pandas' own."""
    import builtins
    import keyword

    import numpy as np
    import pandas as pd

    words = set(dir(builtins)) | set(keyword.kwlist)
    import collections
    import itertools

    for obj in (pd, pd.DataFrame, pd.Series, pd.Index, np, str, list, dict, set, collections, itertools):
        words |= {w for w in dir(obj) if not w.startswith("_")}
    return words


def split(markdown: str) -> tuple[list[str], list[str], list[str]]:
    """(Chinese lines, English lines, hint lines) of an exercise's markdown."""
    zh, en, hint = [], [], []
    in_hint = False
    for line in markdown.splitlines():
        if "<details" in line:
            in_hint = True
        if in_hint:
            hint.append(line)
            if "</details>" in line:
                in_hint = False
            continue
        if not line.strip():
            continue
        has_cjk = bool(CHINESE_LINE.search(line))
        latin = re.sub(r"`[^`]*`|[\W\d_]+", " ", CJK.sub(" ", line)).split()
        if has_cjk:
            zh.append(line)
        if not has_cjk or len(latin) >= 3:  # a line in both languages counts for both
            en.append(line)
    return zh, en, hint


def exercises(nb: dict) -> dict[str, str]:
    """Exercise number -> its instructions' markdown (from its heading to the next code answer)."""
    out: dict[str, list[str]] = {}
    current = None
    for cell in nb["cells"]:
        text = cells.source(cell)
        if cells.is_answer(cell) or cells.is_test(cell):  # a written answer's model text is no instruction
            current = None
        elif cell.get("cell_type") == "markdown":
            m = EXERCISE.search(text)
            if m:
                current = m.group(1)
                out[current] = [text]
            elif current is not None:
                out[current].append(text)
    return {k: "\n".join(v) for k, v in out.items()}


def _bound_names(nb: dict) -> set[str]:
    """Names the notebook's code binds (variables and functions are not rules)."""
    from .contract import names

    out: set[str] = set()
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            out |= names(cells.source(cell))[0]
    return out


def check_notebook(nb: dict) -> list[ParityProblem]:
    problems: list[ParityProblem] = []
    code_words = _code_words() | _bound_names(nb)
    for ex, text in exercises(nb).items():
        zh, en, hint = split(text)
        zh_text, en_text = "\n".join(zh), "\n".join(en)
        for tok in sorted(_backticks(zh)):
            if tok not in en_text:
                problems.append(ParityProblem(ex, "only in Chinese", f"`{tok}`"))
        for tok in sorted(_backticks(en)):
            if tok not in zh_text:
                problems.append(ParityProblem(ex, "only in English", f"`{tok}`"))
        n_zh, n_en = _all_numbers(zh), _all_numbers(en)
        for tok in sorted(n_zh - n_en):
            problems.append(ParityProblem(ex, "only in Chinese", tok))
        for tok in sorted(n_en - n_zh):
            problems.append(ParityProblem(ex, "only in English", tok))
        instructions = zh_text + "\n" + en_text
        for tok in sorted(_backticks(hint, plain_only=True)):
            if tok in code_words or "." in tok or tok.startswith(".") or tok in instructions:
                continue
            problems.append(ParityProblem(ex, "hint states what the instructions do not", f"`{tok}`"))
        for tok in sorted(_all_numbers(hint) - n_zh - n_en):
            problems.append(ParityProblem(ex, "hint states what the instructions do not", tok))
    return problems
