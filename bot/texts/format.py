"""Locale-aware formatting of money, dates, times and recurrence rules for the catalogue's placeholders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from bot.texts import t

SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "HKD": "HK$", "EUR": "€", "GBP": "£", "JPY": "¥", "TWD": "NT$"}
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def money(amount: Decimal, currency: str = "CNY") -> str:
    """Format an amount with its symbol and thousands separators: ¥3,000 or ¥2,999.50."""
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{abs(cents):,.0f}" if cents == cents.to_integral_value() else f"{abs(cents):,.2f}"
    sign = "-" if cents < 0 else ""
    currency = currency.upper()
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def percent(rate: Decimal) -> str:
    """Format a rate given as a fraction: Decimal("0.0005") → "0.05%"."""
    value = (rate * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}%"


def weekday(day: date, lang: str) -> str:
    """Return the short weekday name: 周四 / Thu."""
    return t(lang, f"fmt.weekday.{_WEEKDAY_KEYS[day.weekday()]}")


def day_text(day: date, lang: str, today: date | None = None) -> str:
    """Format a date with its weekday, adding the year only when it is not the current one."""
    with_year = today is None or day.year != today.year
    key = "fmt.date_year" if with_year else "fmt.date"
    return t(lang, key, y=day.year, m=day.month, d=day.day, mon=t(lang, f"fmt.month.{day.month}"),
             wd=weekday(day, lang))


def long_date(day: date, lang: str) -> str:
    """A date far ahead, spelled out with its year: 2032年1月11日 / 11 January 2032."""
    return t(lang, "fmt.date_long", y=day.year, m=day.month, d=day.day, month=t(lang, f"fmt.month_full.{day.month}"))


def clock_text(local: datetime) -> str:
    """Format a local wall time as 24-hour HH:MM."""
    return f"{local.hour:02d}:{local.minute:02d}"


def minute_text(minute_of_day: int) -> str:
    """Format minutes after midnight as HH:MM."""
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def when_text(local: datetime, lang: str, today: date | None = None) -> str:
    """Format a local date and time: 12月10日（周四）10:00 / Thu 10 Dec, 10:00."""
    return t(lang, "fmt.datetime", day=day_text(local.date(), lang, today), time=clock_text(local))


def ordinal(n: int) -> str:
    """English ordinal of a day of the month: 1st, 2nd, 3rd, 10th, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rule_text(rule: str | None, lang: str) -> str:
    """Describe an RFC 5545 rule in words: 每月10日 / monthly on the 10th; one-off when there is none."""
    if not rule:
        return t(lang, "fmt.rule.once")
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    if freq == "MONTHLY" and "BYMONTHDAY" in parts:
        days = [int(d) for d in parts["BYMONTHDAY"].split(",") if d.lstrip("-").isdigit()]
        if days == [-1] or (parts.get("BYSETPOS") == "-1" and days):
            last = max(days)
            if days == [-1] or last < 29:
                return t(lang, "fmt.rule.month_end")
            return t(lang, "fmt.rule.monthly_clamped", d=last, nth=ordinal(last))
        if days:
            return t(lang, "fmt.rule.monthly", d=days[0], nth=ordinal(days[0]))
    if freq == "WEEKLY" and "BYDAY" in parts:
        names = [t(lang, f"fmt.weekday.{_WEEKDAY_KEYS[_BYDAY[d[-2:]]]}") for d in parts["BYDAY"].split(",")
                 if d[-2:] in _BYDAY]
        key = "fmt.rule.biweekly" if interval == 2 else "fmt.rule.weekly"
        return t(lang, key, days=t(lang, "fmt.list_sep").join(names))
    if freq == "DAILY":
        return t(lang, "fmt.rule.daily")
    if freq == "YEARLY":
        return t(lang, "fmt.rule.yearly_lunar" if "RSCALE=CHINESE" in rule else "fmt.rule.yearly")
    if freq == "MONTHLY":
        return t(lang, "fmt.rule.monthly_plain")
    return t(lang, "fmt.rule.custom", rule=rule)
