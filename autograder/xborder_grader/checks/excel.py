"""An Excel workbook the student's code wrote, read back as data: the table of one sheet and the
native charts on it (kind, title, and every series with the cell values it plots).

Graded, this runs in the checker: openpyxl parses the file (a zip of XML, no code runs when it is
read); charts are resolved against the cells they reference, so a test can check that the chart
plots the summary table and not something else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

KINDS = {  # openpyxl class name -> what a student calls it in Excel
    "BarChart": "bar", "BarChart3D": "bar", "LineChart": "line", "LineChart3D": "line",
    "PieChart": "pie", "PieChart3D": "pie", "DoughnutChart": "doughnut", "ScatterChart": "scatter",
    "AreaChart": "area", "AreaChart3D": "area", "RadarChart": "radar", "BubbleChart": "bubble",
}


@dataclass
class Series:
    name: str | None
    categories: list
    values: list


@dataclass
class ExcelChart:
    kind: str
    title: str | None
    series: list[Series] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"ExcelChart({self.kind!r}, title={self.title!r}, series={len(self.series)})"


def _title(title) -> str | None:
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    text = "".join(run.t or "" for p in title.tx.rich.p for run in (p.r or []))
    return text or None


def _ref_values(wb, ref: str | None, default_sheet) -> list:
    """The cell values of a chart reference such as 'summary'!$B$2:$B$9."""
    from openpyxl.utils.cell import range_boundaries

    if not ref:
        return []
    sheet_name, _, cells = ref.rpartition("!")
    sheet_name = sheet_name.strip("'").replace("''", "'")
    ws = wb[sheet_name] if sheet_name in wb.sheetnames else default_sheet
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return [cell.value for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
            for cell in row]


def _data_ref(data) -> str | None:
    if data is None:
        return None
    for attr in ("numRef", "strRef"):
        ref = getattr(data, attr, None)
        if ref is not None and ref.f:
            return ref.f
    return None


def _series(wb, ws, s) -> Series:
    name = None
    if s.tx is not None:
        if s.tx.strRef is not None and s.tx.strRef.f:
            got = _ref_values(wb, s.tx.strRef.f, ws)
            name = None if not got or got[0] is None else str(got[0])
        elif s.tx.v:
            name = str(s.tx.v)
    values = _ref_values(wb, _data_ref(s.val if s.val is not None else s.yVal), ws)
    categories = _ref_values(wb, _data_ref(s.cat if s.cat is not None else s.xVal), ws)
    return Series(name, categories, values)


def read(path, sheet: str | None) -> tuple[pd.DataFrame, list[ExcelChart], list[str]]:
    """The table of `sheet` (header in row 1), its charts and the workbook's sheet names.
    Raises KeyError when the sheet is missing, ValueError/OSError when the file is no workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(path)  # not read_only: charts are read only in the full mode
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if rows:
        header = [str(h) if h is not None else f"Unnamed: {i}" for i, h in enumerate(rows[0])]
        table = pd.DataFrame([list(r) for r in rows[1:]], columns=header)
        table = table.dropna(how="all").dropna(axis=1, how="all").infer_objects()
    else:
        table = pd.DataFrame()
    charts = [ExcelChart(KINDS.get(type(c).__name__, type(c).__name__), _title(c.title),
                         [_series(wb, ws, s) for s in c.series]) for c in ws._charts]
    return table, charts, list(wb.sheetnames)
