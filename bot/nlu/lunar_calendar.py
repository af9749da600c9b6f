"""Chinese lunar calendar conversions, through the lunardate library (years 1900-2099)."""

from __future__ import annotations

from datetime import date, timedelta

from lunardate import LunarDate


def _solar(lunar: LunarDate) -> date:
    found: date = lunar.to_solar_date()
    return found


def lunar_to_solar(lunar_year: int, month: int, day: int) -> date | None:
    """Return the Gregorian date of a (non-leap) lunar month day; day -1 is the month's last day."""
    if not 1900 <= lunar_year <= 2098:
        return None
    try:
        if day == -1:
            try:
                return _solar(LunarDate(lunar_year, month, 30))
            except ValueError:
                return _solar(LunarDate(lunar_year, month, 29))
        return _solar(LunarDate(lunar_year, month, day))
    except ValueError:
        return None


def lunar_year_of(day: date) -> int:
    """Return the lunar year a Gregorian date falls in (the year that began at the last Spring Festival)."""
    if not date(1900, 2, 1) <= day < date(2099, 12, 31):
        return day.year
    return int(LunarDate.from_solar_date(day.year, day.month, day.day).year)


def next_lunar_date(month: int, day: int, on_or_after: date, offset_days: int = 0) -> date | None:
    """Return the first lunar month/day (shifted by ``offset_days``) falling on or after a date."""
    first_year = lunar_year_of(on_or_after) - 1
    for lunar_year in range(first_year, first_year + 4):
        solar = lunar_to_solar(lunar_year, month, day)
        if solar is not None and solar + timedelta(days=offset_days) >= on_or_after:
            return solar + timedelta(days=offset_days)
    return None
