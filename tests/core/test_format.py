"""How amounts, dates and rules look to the user."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.texts.format import day_text, money, rule_text

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (D("3000"), "CNY", "¥3,000"),
        (D("2999.5"), "CNY", "¥2,999.50"),
        (D("1234567.891"), "CNY", "¥1,234,567.89"),
        (D("0.005"), "CNY", "¥0.01"),
        (D("-5"), "CNY", "-¥5"),
        (D("52"), "usd", "$52"),
        (D("7"), "SGD", "7 SGD"),
    ],
)
def test_money(amount: D, currency: str, expected: str) -> None:
    assert money(amount, currency) == expected


def test_day_text_adds_weekday_and_the_year_only_when_not_this_year() -> None:
    assert day_text(date(2026, 12, 3), "zh", TODAY) == "12月3日（周四）"
    assert day_text(date(2026, 12, 3), "en", TODAY) == "Thu 3 Dec"
    assert day_text(date(2027, 12, 3), "zh", TODAY) == "2027年12月3日（周五）"
    assert day_text(date(2026, 12, 3), "en") == "Thu 3 Dec 2026"


@pytest.mark.parametrize(
    ("rule", "zh", "en"),
    [
        (None, "一次性", "one-off"),
        ("FREQ=MONTHLY;BYMONTHDAY=10", "每月10日", "monthly on the 10th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "每月月底", "monthly on the last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "每月31日（小月为月底）",
         "monthly on the 31st (the last day in shorter months)"),
        ("FREQ=WEEKLY;BYDAY=MO", "每周一", "every Mon"),
        ("FREQ=DAILY", "每天", "daily"),
    ],
)
def test_rule_text(rule: str | None, zh: str, en: str) -> None:
    assert rule_text(rule, "zh") == zh
    assert rule_text(rule, "en") == en
