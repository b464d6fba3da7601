"""The bilingual data dictionary: every table's Chinese export headers, English names, units and meanings.

The YAML files in dictionary/ are the single source; exporter, loader and DATA_DICTIONARY.md are
built from them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

FORMATS = {
    "text": "文本 text",
    "int": "整数 integer",
    "int_sep": "带千位分隔符的整数文本 integer text with thousands separators, e.g. 12,345",
    "float2": "两位小数 number with two decimals",
    "money": "金额，两位小数 money, two decimals",
    "percent": "百分比文本 percentage text, e.g. 12.34%",
    "date": "日期 date, YYYY-MM-DD",
    "datetime": "日期时间 date and time, YYYY-MM-DD HH:MM:SS",
    "bool_yn": "是/否 标记 Y/N flag",
}


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    format: str
    zh: str
    en: str
    unit: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    domain: str
    zh: str
    en: str
    source: str
    grain_zh: str
    grain_en: str
    columns: tuple[Column, ...]
    export: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        """English name -> Chinese export header."""
        return {c.name: c.header for c in self.columns}

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


@functools.lru_cache(maxsize=1)
def tables() -> dict[str, Table]:
    out: dict[str, Table] = {}
    import pkgutil

    from . import domains

    # one file per domain module: a stray file dropped into the folder (by a graded notebook, say)
    # is never read
    known = {m.name for m in pkgutil.iter_modules(domains.__path__)}
    folder = resources.files(__package__) / "dictionary"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml") or entry.name[: -len(".yaml")] not in known:
            continue
        domain = entry.name[: -len(".yaml")]
        # libyaml's loader where PyYAML has it: the dictionary is read by every kernel that loads data
        doc = yaml.load(entry.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        for name, spec in (doc.get("tables") or {}).items():
            cols = []
            for c in spec["columns"]:
                if isinstance(c, list):  # compact form: [name, header, format, unit, zh, en]
                    c = dict(zip(["name", "header", "format", "unit", "zh", "en"], c))
                if c["format"] not in FORMATS:
                    raise ValueError(f"dictionary/{entry.name}: {name}.{c['name']}: unknown format {c['format']!r}")
                cols.append(Column(c["name"], c["header"], c["format"], c["zh"], c["en"], str(c.get("unit", ""))))
            if name in out:
                raise ValueError(f"table {name!r} is documented twice (dictionary/{entry.name})")
            out[name] = Table(
                name=name,
                domain=domain,
                zh=spec["zh"],
                en=spec["en"],
                source=spec.get("source", ""),
                grain_zh=spec["grain"]["zh"],
                grain_en=spec["grain"]["en"],
                columns=tuple(cols),
                export=spec.get("export", {}) or {},
            )
    return out


def table(name: str) -> Table:
    from .errors import choice_error

    t = tables()
    if name not in t:
        raise choice_error("table", name, sorted(t), zh_what="数据表", en_what="table")
    return t[name]


def render_markdown() -> str:
    """The data dictionary as a bilingual Markdown page (datasets/DATA_DICTIONARY.md)."""
    lines = [
        "# 数据字典 Data dictionary",
        "",
        "<!-- Generated from datasets/xborder_data/dictionary/*.yaml by `xborder data --dictionary`; do not edit. -->",
        "",
        "每张表列出平台导出文件的中文表头、整理后的英文列名、单位与含义。",
        "Each table lists the platform export's Chinese header, the tidy English column name, the unit and the meaning.",
        "",
        "格式 Formats: " + "; ".join(f"`{k}` {v}" for k, v in FORMATS.items()),
        "",
    ]
    by_domain: dict[str, list[Table]] = {}
    for t in tables().values():
        by_domain.setdefault(t.domain, []).append(t)
    for domain in sorted(by_domain):
        for t in by_domain[domain]:
            lines += [
                f"## `{t.name}` — {t.zh} / {t.en}",
                "",
                f"- 来源 Source: {t.source}" if t.source else "",
                f"- 粒度 Grain: {t.grain_zh} / {t.grain_en}",
            ]
            if t.export.get("params"):
                lines.append("- 导出参数 Export parameters: " + ", ".join(f"`{p}`" for p in t.export["params"]))
            lines += [
                "",
                "| 中文表头 Header | 列名 Column | 格式 Format | 单位 Unit | 含义 | Meaning |",
                "|---|---|---|---|---|---|",
            ]
            for c in t.columns:
                lines.append(f"| {c.header} | `{c.name}` | {c.format} | {c.unit} | {c.zh} | {c.en} |")
            lines.append("")
    return "\n".join(line for line in lines if line is not None) + "\n"
