"""A phone-sized PNG of the total balance over time: history as a solid line, the projected payoff dashed.

Drawn on a bare ``matplotlib.figure.Figure`` (no pyplot, no rcParams changes), so calls share no state.
Chinese needs a CJK font: an installed one is used when matplotlib can find it and it covers the text,
otherwise the subset of Noto Sans CJK SC shipped in ``bot/core/fonts`` (SIL OFL).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import FuncFormatter

from bot.texts import t
from bot.texts.format import SYMBOLS, money

BalancePoint = tuple[date, Decimal]

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1350, 150
INSTALLED_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)
# Characters a font must have before we trust it for the Chinese chart (a sample of the chart's own labels).
CJK_PROBE = "还款余额历史预计清日期万元"
# Catalogue texts drawn on the image (captions and console messages are sent as text, not drawn).
DRAWN_TEXT_IDS = (
    "chart.title", "chart.subtitle", "chart.axis_date", "chart.axis_balance", "chart.legend_history",
    "chart.legend_projection", "chart.payoff_label", "chart.no_data", *(f"fmt.month.{m}" for m in range(1, 13)),
)
HISTORY_COLOUR, PROJECTION_COLOUR = "#1f6feb", "#2da44e"


def bundled_font_path() -> Path:
    """Return the path of the CJK font the package ships."""
    return Path(str(resources.files("bot.core.fonts").joinpath("RepayBotSansSC-Regular.otf")))


def font_covers(path: str | Path, text: str) -> bool:
    """Return whether the font at ``path`` has a glyph for every non-space character of ``text``."""
    font = FT2Font(str(path))
    return all(font.get_char_index(ord(ch)) != 0 for ch in text if not ch.isspace())


@cache
def cjk_font_path() -> Path:
    """Return an installed CJK font that covers the chart's Chinese, or the bundled one."""
    for family in INSTALLED_CJK_FAMILIES:
        try:
            found = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        try:
            if font_covers(found, CJK_PROBE):
                return Path(found)
        except (OSError, RuntimeError):  # an unreadable or odd font file: try the next family
            continue
    return bundled_font_path()


def _days(points: Sequence[BalancePoint]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array([d.isoformat() for d, _ in points], dtype="datetime64[D]")


def _money_tick(currency: str) -> FuncFormatter:
    symbol = SYMBOLS.get(currency.upper(), currency.upper() + " ")

    def fmt(value: float, _pos: int | None) -> str:
        return f"{symbol}{value:,.0f}"

    return FuncFormatter(fmt)


def render_balance_chart(
    history: Sequence[BalancePoint],
    projection: Sequence[BalancePoint],
    *,
    lang: str,
    currency: str = "CNY",
    font_path: Path | None = None,
) -> bytes:
    """Render balances over time as a 1080×1350 PNG; ``font_path`` overrides the font (tests use the bundled one)."""
    path = str(font_path or cjk_font_path())

    def font(size: float) -> FontProperties:
        return FontProperties(fname=path, size=size)

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    ax = fig.add_axes((0.2, 0.16, 0.74, 0.68))
    fig.text(0.5, 0.935, t(lang, "chart.title"), ha="center", va="center", fontproperties=font(22))

    if history:
        ax.plot(
            _days(history), [float(v) for _, v in history],
            color=HISTORY_COLOUR, linewidth=3.5, marker="o", markersize=6, label=t(lang, "chart.legend_history"),
        )
    if projection:
        # Start the dashed line where the solid one ends so the two read as one story.
        joined = ([history[-1]] if history and history[-1][0] < projection[0][0] else []) + list(projection)
        ax.plot(
            _days(joined), [float(v) for _, v in joined],
            color=PROJECTION_COLOUR, linewidth=3.5, linestyle="--", label=t(lang, "chart.legend_projection"),
        )
        end_day, end_value = projection[-1]
        if end_value == 0:
            ax.annotate(
                t(lang, "chart.payoff_label", year=end_day.year, month_name=t(lang, f"fmt.month.{end_day.month}")),
                xy=(_days(projection[-1:])[0], 0.0), xytext=(-10, 70), textcoords="offset points", ha="right",
                fontproperties=font(15), color=PROJECTION_COLOUR,
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85},
                arrowprops={"arrowstyle": "->", "color": PROJECTION_COLOUR, "linewidth": 2},
            )
    if not history and not projection:
        ax.text(0.5, 0.5, t(lang, "chart.no_data"), ha="center", va="center", transform=ax.transAxes,
                fontproperties=font(18))
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        ax.yaxis.set_major_formatter(_money_tick(currency))
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(prop=font(16), loc="upper right", frameon=False)
        latest = history[-1][1] if history else projection[0][1]
        fig.text(0.5, 0.885, t(lang, "chart.subtitle", amount=money(latest, currency)),
                 ha="center", va="center", fontproperties=font(16), color="#57606a")
    ax.set_xlabel(t(lang, "chart.axis_date"), fontproperties=font(16))
    ax.set_ylabel(t(lang, "chart.axis_balance"), fontproperties=font(16))
    # Tick labels are ASCII plus the currency sign, which the default font has.
    ax.tick_params(axis="both", labelsize=14)
    ax.tick_params(axis="x", labelrotation=30)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
