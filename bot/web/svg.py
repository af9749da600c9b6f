"""The plan's chart as inline SVG, drawn on the server: no script, no canvas, readable with CSS off.

Only presentation attributes (no ``style=``), so the page's Content-Security-Policy can forbid inline styles.
Text is escaped; labels use the page's font stack, which ends with the bundled CJK font.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

from bot.texts.format import money

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 62, 12, 30, 40
COLOURS = ("#1a7f5a", "#c25b12")
DASHES = ("", "6 4")  # the second line dashed: when both plans run alike, the lines lie on each other

Series = tuple[str, Sequence[tuple[date, Decimal]]]


def balance_chart(series: Sequence[Series], *, title: str, currency: str, lang: str) -> str:
    """Return an ``<svg>`` of total balance against time for each series (at most two)."""
    points = [p for _, line in series for p in line]
    if not points:
        return ""
    first = min(d for d, _ in points)
    last = max(d for d, _ in points)
    top = max(v for _, v in points) or Decimal(1)
    span = max((last - first).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value / top))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>']
    parts.append(f'<text x="{LEFT}" y="16" font-size="12" fill="#333">{escape(title)}</text>')
    for share in (0, 0.5, 1):
        value = top * Decimal(str(share))
        yy = y(value)
        parts.append(f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{yy + 4:.1f}" font-size="10" text-anchor="end" fill="#555">'
                     f'{escape(_short_money(value, currency))}</text>')
    shown_at = -1000.0
    for day in _ticks(first, last):
        xx = x(day)
        anchor = "end" if xx > WIDTH - RIGHT - 20 else "middle"  # the last label stays inside the picture
        centre = xx - 20 if anchor == "end" else xx
        if centre - shown_at < 44:
            continue  # too close to the previous label to be read
        shown_at = centre
        parts.append(f'<line x1="{xx:.1f}" y1="{TOP + plot_h}" x2="{xx:.1f}" y2="{TOP + plot_h + 4}" stroke="#999"/>')
        parts.append(f'<text x="{xx:.1f}" y="{TOP + plot_h + 16}" font-size="10" text-anchor="{anchor}" fill="#555">'
                     f'{escape(_month_label(day, lang))}</text>')
    for n, (label, line) in enumerate(series[:2]):
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(v):.1f}" for i, (d, v) in enumerate(line))
        dash = f' stroke-dasharray="{DASHES[n]}"' if DASHES[n] else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{COLOURS[n]}" stroke-width="2.5"{dash} '
                     f'class="series" data-series="{n}"><title>{escape(label)}</title></path>')
        lx = LEFT + n * 120
        parts.append(f'<line x1="{lx}" y1="{HEIGHT - 8}" x2="{lx + 18}" y2="{HEIGHT - 8}" stroke="{COLOURS[n]}" '
                     f'stroke-width="2.5"{dash}/>')
        parts.append(f'<text x="{lx + 22}" y="{HEIGHT - 4}" font-size="11" fill="#333">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(first: date, last: date) -> list[date]:
    """Up to six month starts between the two dates, evenly spread."""
    months = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        if date(year, month, 1) >= first:
            months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, -(-len(months) // 6))
    return months[::step]


def _month_label(day: date, lang: str) -> str:
    return f"{day.year % 100:02d}年{day.month}月" if lang == "zh" else f"{day.month}/{day.year % 100:02d}"


def _short_money(value: Decimal, currency: str) -> str:
    """Axis labels: whole units, thousands as k (¥12k), so they fit the margin."""
    whole = int(value)
    if whole >= 10000:
        return money(Decimal(whole // 1000), currency).split(".")[0] + "k"
    return money(Decimal(whole), currency).split(".")[0]
