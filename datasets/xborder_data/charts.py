"""Charts with Chinese labels that render on any machine.

matplotlib's default fonts have no Chinese glyphs, so labels would show as empty boxes. The
Noto Sans CJK SC font shipped by the `mplfonts` package is registered here and made the default.
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"


@functools.lru_cache(maxsize=1)
def _register_font() -> str:
    from matplotlib import font_manager

    import mplfonts.conf

    path = Path(mplfonts.conf.FONT_DIR) / FONT_FILE
    if not path.exists():
        raise FileNotFoundError(
            f"中文字体文件不存在：{path}。请重新安装课程（pip install -e .）。\n"
            f"The Chinese font file {path} is missing: reinstall the course (pip install -e .)."
        )
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup_charts(style: str = "whitegrid") -> str:
    """Use seaborn's theme with a Chinese-capable font; returns the font's name."""
    import matplotlib as mpl
    import seaborn as sns

    name = _register_font()
    sns.set_theme(style=style, font=name, rc={"axes.unicode_minus": False, "figure.dpi": 100})
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return name
