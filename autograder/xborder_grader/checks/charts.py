"""Charts as data: what a figure draws, described in the student's kernel, checked by the tests.

`describe(fig)` turns a matplotlib Figure (or Axes, or a seaborn grid) into plain data: per
axes its titles and axis labels, the bars (rectangles), pie wedges, lines, scatter points, legend
entries and tick labels. The tests receive a `Chart` built from that data and never a live
figure, so a chart is checked the same way in the student's lab and in the grader's checker.
"""

from __future__ import annotations

import math

MAX_POINTS = 5000  # per line or scatter; longer data are cut (the count stays exact)


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _texts(items) -> list[str]:
    return [t.get_text() for t in items if t.get_text()]


def _figure_of(value):
    """The matplotlib Figure behind a Figure, an Axes or a seaborn grid, else None."""
    try:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure, SubFigure
    except ImportError:
        return None, None
    if isinstance(value, (Figure, SubFigure)):
        return value, None
    if isinstance(value, Axes):
        return value.figure, value
    fig = getattr(value, "figure", None) or getattr(value, "fig", None)  # seaborn FacetGrid / JointGrid
    if isinstance(fig, Figure) and hasattr(value, "axes"):
        return fig, None
    return None, None


def describe(value) -> dict | None:
    """Plain data describing the chart `value` draws, or None if it is not a chart."""
    fig, only = _figure_of(value)
    if fig is None:
        return None
    axes = [only] if only is not None else list(fig.axes)
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    return {"suptitle": suptitle, "axes": [_describe_axes(ax) for ax in axes]}


def _describe_axes(ax) -> dict:
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Rectangle, Wedge

    bars, wedges = [], []
    for p in ax.patches:
        if isinstance(p, Wedge):
            wedges.append({"theta1": _num(p.theta1), "theta2": _num(p.theta2), "r": _num(p.r), "label": p.get_label()})
        elif isinstance(p, Rectangle):
            bars.append({"x": _num(p.get_x()), "y": _num(p.get_y()), "width": _num(p.get_width()),
                         "height": _num(p.get_height()), "label": p.get_label()})
    lines = []
    for line in ax.get_lines():
        xy = line.get_xydata()
        lines.append({"label": line.get_label(), "n": int(len(xy)),
                      "x": [_num(v) for v in xy[:MAX_POINTS, 0]], "y": [_num(v) for v in xy[:MAX_POINTS, 1]]})
    points = []
    for coll in ax.collections:
        if isinstance(coll, PathCollection):
            off = coll.get_offsets()
            points.append({"label": coll.get_label(), "n": int(len(off)),
                           "x": [_num(v) for v in off[:MAX_POINTS, 0]], "y": [_num(v) for v in off[:MAX_POINTS, 1]]})
    legend = ax.get_legend()
    return {
        "title": ax.get_title(), "title_left": ax.get_title("left"), "title_right": ax.get_title("right"),
        "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
        "xticklabels": _texts(ax.get_xticklabels()), "yticklabels": _texts(ax.get_yticklabels()),
        "bars": bars, "wedges": wedges, "lines": lines, "scatter": points,
        "legend": _texts(legend.get_texts()) if legend is not None else [],
        "texts": _texts(ax.texts),
    }


class Axes:
    """One axes of a described chart. Attributes are plain data (see describe)."""

    def __init__(self, data: dict):
        self.data = data
        self.title = str(data.get("title") or "")
        self.titles = " ".join(str(data.get(k) or "") for k in ("title_left", "title", "title_right")).strip()
        self.xlabel, self.ylabel = str(data.get("xlabel") or ""), str(data.get("ylabel") or "")
        self.bars = list(data.get("bars") or [])
        self.wedges = list(data.get("wedges") or [])
        self.lines = list(data.get("lines") or [])
        self.scatter = list(data.get("scatter") or [])
        self.legend = list(data.get("legend") or [])
        self.texts = list(data.get("texts") or [])
        self.xticklabels = list(data.get("xticklabels") or [])
        self.yticklabels = list(data.get("yticklabels") or [])

    def bar_heights(self) -> list[float]:
        """Heights of the drawn bars (zero-height placeholders left out)."""
        return [b["height"] for b in self.bars if b.get("height")]

    def wedge_fractions(self) -> list[float]:
        """Each pie wedge's share of the circle."""
        return [((w["theta2"] or 0) - (w["theta1"] or 0)) / 360.0 for w in self.wedges]

    def __repr__(self) -> str:
        return (f"<Axes {self.title!r}: {len(self.bars)} bars, {len(self.wedges)} wedges, {len(self.lines)} lines, "
                f"{len(self.scatter)} scatter sets>")


class Chart:
    """A figure as the tests see it: `chart.axes` is a list of Axes; `chart.suptitle` the figure title."""

    def __init__(self, data: dict):
        self.data = data
        self.suptitle = str(data.get("suptitle") or "")
        self.axes = [Axes(a) for a in data.get("axes") or []]

    def __repr__(self) -> str:
        return f"<Chart with {len(self.axes)} axes>"
