"""How amounts and days look to the user, in both languages (used by the plan, digest and calendar texts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.finance import to_cents
from bot.texts import t

CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}


def format_money(amount: Decimal, currency: str = "CNY") -> str:
    """Render an amount with its symbol, thousands separators and two decimals: ``¥3,000.00``."""
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    return f"{sign}{symbol}{abs(cents):,.2f}"


def format_day(day: date, lang: str, *, today: date | None = None) -> str:
    """Render a local date with its weekday (``12月3日（周四）`` / ``Thu 3 Dec``), with the year if not this year's."""
    weekday = t(lang, f"digest.weekday.{day.weekday()}")
    month_name = t(lang, f"digest.month.{day.month}")
    text_id = "digest.day" if today is not None and day.year == today.year else "digest.day_with_year"
    return t(lang, text_id, year=day.year, month_name=month_name, day=day.day, weekday=weekday)
