"""The balance chart: a valid phone-sized PNG, and Chinese drawn with a font that has the glyphs."""

import struct
import warnings
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import matplotlib
import pytest

from bot.core.chart import (
    DRAWN_TEXT_IDS,
    HEIGHT_PX,
    WIDTH_PX,
    bundled_font_path,
    cjk_font_path,
    font_covers,
    render_balance_chart,
)
from bot.core.finance import PlanDebt, add_months, plan_payoff, projection_points
from bot.texts import en, t, zh

TODAY = date(2026, 11, 28)
HISTORY = [(date(2026, 6, 1), D("12000")), (date(2026, 9, 1), D("9800.50")), (TODAY, D("8200"))]


def projection() -> list[tuple[date, D]]:
    plan = plan_payoff(
        [PlanDebt("cc", "招行信用卡", D("5200"), D("0.18"), D("520")), PlanDebt("hb", "花呗", D("3000"))],
        D("2000"),
        "avalanche",
    )
    return projection_points(plan, TODAY)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def chart_strings(catalogue: dict[str, str]) -> str:
    return "".join(catalogue[k] for k in DRAWN_TEXT_IDS)


def test_bundled_font_covers_every_chart_string() -> None:
    path = bundled_font_path()
    assert path.is_file()
    assert path.stat().st_size < 4_000_000
    assert (path.parent / "OFL.txt").is_file()
    assert font_covers(path, chart_strings(zh.TEXTS) + chart_strings(en.TEXTS) + "¥0123456789,.-")


def test_chosen_font_covers_chinese() -> None:
    assert font_covers(cjk_font_path(), chart_strings(zh.TEXTS))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_is_a_phone_sized_png(lang: str) -> None:
    data = render_balance_chart(HISTORY, projection(), lang=lang, currency="CNY")
    assert png_size(data) == (WIDTH_PX, HEIGHT_PX)
    assert 20_000 < len(data) < 1_000_000


@pytest.mark.parametrize("font", ["chosen", "bundled"])
def test_zh_chart_has_no_missing_glyphs(font: str) -> None:
    # matplotlib warns "Glyph … missing from font(s)" when it would draw a box; make that an error here
    # (pytest's filterwarnings = error does the same for every other test).
    path = bundled_font_path() if font == "bundled" else None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = render_balance_chart(HISTORY, projection(), lang="zh", font_path=path)
    assert png_size(data) == (WIDTH_PX, HEIGHT_PX)


def test_renders_are_independent_and_repeatable() -> None:
    first = render_balance_chart(HISTORY, projection(), lang="zh")
    render_balance_chart([], [], lang="en")
    assert render_balance_chart(HISTORY, projection(), lang="zh") == first


@pytest.mark.parametrize(
    ("history", "proj"),
    [([], []), (HISTORY, []), ([], [(TODAY, D("100")), (add_months(TODAY, 1), D("0"))]), (HISTORY[:1], [])],
)
def test_chart_handles_sparse_data(history: list[tuple[date, D]], proj: list[tuple[date, D]]) -> None:
    assert png_size(render_balance_chart(history, proj, lang="zh")) == (WIDTH_PX, HEIGHT_PX)


def test_payoff_label_text() -> None:
    assert t("zh", "chart.payoff_label", year=2027, month_name=t("zh", "fmt.month.4")) == "预计 2027年4月 还清"
    assert t("en", "chart.payoff_label", year=2027, month_name=t("en", "fmt.month.4")) == "Debt-free by Apr 2027"


def test_a_font_without_cjk_would_be_caught() -> None:
    # The check above means something: with a Latin-only font matplotlib warns about the missing glyphs.
    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert not font_covers(latin, "余额")
    with pytest.warns(UserWarning, match="missing from font"):
        render_balance_chart(HISTORY, [], lang="zh", font_path=latin)
