"""Calendar arithmetic in local wall time, and turning wall times into aware instants.

Day, week, month and year steps are taken on dates (wall time), so a "tomorrow 09:00" across a DST change is
still 09:00. Exact durations ("in 2 hours") are taken on UTC instants instead; see ``add_exact``.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, tzinfo


def days_in_month(year: int, month: int) -> int:
    """Return the number of days in a month."""
    return calendar.monthrange(year, month)[1]


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """Return (year, month) moved by a number of months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months_clamped(day: date, months: int) -> date:
    """Move a date by whole months, clamping the day to the end of shorter months."""
    year, month = shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, days_in_month(year, month)))


def clamp_day(year: int, month: int, day: int) -> date:
    """Return that day of the month, or the month's last day when it is shorter; -1 means the last day."""
    last = days_in_month(year, month)
    return date(year, month, last if day < 0 or day > last else day)


def start_of_week(day: date) -> date:
    """Return the Monday of the calendar week holding ``day`` (weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """Return the nth (1-based; -1 = last) given weekday of a month, or None when the month has no such day."""
    if nth < 0:
        last = date(year, month, days_in_month(year, month))
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def valid_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist (Feb 30) or is outside the supported years."""
    if not (1900 <= year <= 2199 and 1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        return None
    return date(year, month, day)


def at_wall_time(day: date, hour: int, minute: int, zone: tzinfo | None, second: int = 0) -> datetime:
    """Return the aware instant showing that wall time in ``zone``.

    A wall time skipped by a DST jump (02:30 on a spring-forward night) comes out as the same distance past the
    jump (03:30); a repeated wall time takes its first occurrence.
    """
    if zone is None:
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    # The round trip through UTC normalises wall times that do not exist in the zone.
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone).astimezone(UTC).astimezone(zone)


def ensure_aware(now: datetime) -> datetime:
    """Return ``now`` unchanged when aware; a naive ``now`` (a caller's mistake) is taken as UTC."""
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def add_exact(moment: datetime, delta: timedelta) -> datetime:
    """Add an elapsed duration: "in 2 hours" is two real hours even across a DST change."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def add_business_days(day: date, count: int) -> date:
    """Move a date by working days (Monday to Friday); public holidays are not known here and not skipped."""
    step = 1 if count >= 0 else -1
    left = abs(count)
    while left:
        day += timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day
