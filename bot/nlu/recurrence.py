"""Repeating rules ("每月10号", "every Monday at 9") as RFC 5545 RRULEs, and their next occurrence.

Month days 29-31 mean "that day, or the last day of a shorter month": a debt due "on the 31st" is due on
30 April, not skipped. Plain RFC 5545 would skip short months, so ``rrule()`` writes such a day as
``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` (the last of those days that exists), which any RFC 5545 reader expands
to exactly the clamped dates that ``next_after`` computes.

For ``interval`` > 1 there is no start date in the rule, so ``next_after`` takes ``after`` to be the previous
occurrence; the first occurrence of a freshly parsed rule is computed with ``first_occurrence``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bot.nlu.calendar_math import at_wall_time, clamp_day, nth_weekday, shift_month, start_of_week

Frequency = Literal["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Recurrence:
    """A repeating rule in local wall time; renders as an RFC 5545 (RFC 7529 for lunar) RRULE."""

    freq: Frequency
    interval: int = 1
    by_month_day: int | None = None
    by_weekday: tuple[int, ...] = ()
    by_month: int | None = None
    hour: int | None = None
    minute: int | None = None
    lunar: bool = False
    nth: int | None = None  # with one weekday: the nth such weekday of the month (2 = second, -1 = last)

    def rrule(self) -> str:
        """Render the rule as an RRULE value (without the ``RRULE:`` prefix)."""
        parts = ["RSCALE=CHINESE"] if self.lunar else []
        parts.append(f"FREQ={self.freq}")
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.by_month is not None:
            parts.append(f"BYMONTH={self.by_month}")
        set_pos = False
        if self.by_month_day is not None:
            if 29 <= self.by_month_day <= 31 and not self.lunar:
                days = ",".join(str(d) for d in range(28, self.by_month_day + 1))
                parts.append(f"BYMONTHDAY={days}")
                set_pos = True
            else:
                parts.append(f"BYMONTHDAY={self.by_month_day}")
        if self.by_weekday:
            prefix = str(self.nth) if self.nth is not None else ""
            parts.append("BYDAY=" + ",".join(prefix + WEEKDAY_CODES[d] for d in self.by_weekday))
        if self.hour is not None:
            parts.append(f"BYHOUR={self.hour};BYMINUTE={self.minute or 0}")
        if set_pos:
            parts.append("BYSETPOS=-1")
        return ";".join(parts)

    def __str__(self) -> str:
        return self.rrule()

    def next_after(self, after: datetime) -> datetime:
        """Return the next occurrence strictly after ``after``, in ``after``'s zone, keeping wall time across DST."""
        return _next_occurrence(self, after, self.interval)


def first_occurrence(rule: Recurrence, now: datetime) -> datetime:
    """Return the first occurrence from ``now`` on; without a time of day, today counts."""
    if rule.hour is None:
        midnight = at_wall_time(now.date(), 0, 0, now.tzinfo)
        return _next_occurrence(rule, midnight - timedelta(microseconds=1), 1)
    return _next_occurrence(rule, now, 1)


def _next_occurrence(rule: Recurrence, after: datetime, interval: int) -> datetime:
    """Walk periods from the one holding ``after``: this period's later days first, then ``interval`` on."""
    hour, minute = rule.hour or 0, rule.minute or 0
    zone = after.tzinfo
    today = after.date()
    for period in range(0, 60 * max(1, interval)):
        if period not in (0,) and period % interval != 0:
            continue
        for day in _days_in_period(rule, today, period):
            candidate = at_wall_time(day, hour, minute, zone)
            if candidate > after:
                return candidate
    # Unreachable for rules the parser builds; keeps the function total for hand-made rules.
    return at_wall_time(today + timedelta(days=1), hour, minute, zone)


def _days_in_period(rule: Recurrence, anchor: date, period: int) -> list[date]:
    """Return the matching days, in order, of the period ``period`` steps after the one holding ``anchor``."""
    if rule.freq == "DAILY":
        return [anchor + timedelta(days=period)]
    if rule.freq == "WEEKLY":
        monday = start_of_week(anchor) + timedelta(weeks=period)
        weekdays = rule.by_weekday or (anchor.weekday(),)
        return [monday + timedelta(days=d) for d in sorted(weekdays)]
    if rule.freq == "MONTHLY":
        year, month = shift_month(anchor.year, anchor.month, period)
        return _month_days(rule, year, month, anchor.day)
    if rule.lunar:
        from bot.nlu.lunar_calendar import lunar_year_of  # lazy, as in _lunar_days

        return _lunar_days(rule, lunar_year_of(anchor) - 1 + period, anchor)
    month = rule.by_month or anchor.month
    return _month_days(rule, anchor.year + period, month, anchor.day)


def _month_days(rule: Recurrence, year: int, month: int, default_day: int) -> list[date]:
    if not 1900 <= year <= 2199:
        return []
    if rule.by_weekday and rule.nth is not None:
        found = nth_weekday(year, month, rule.by_weekday[0], rule.nth)
        return [found] if found else []
    return [clamp_day(year, month, rule.by_month_day if rule.by_month_day is not None else default_day)]


def _lunar_days(rule: Recurrence, lunar_year: int, anchor: date) -> list[date]:
    from bot.nlu.lunar_calendar import (
        lunar_to_solar,  # lazy: lunar rules are rare, the library costly to load
    )

    # The lunar year before the anchor's may still hold a date after it (its 12th month straddles January).
    days = []
    for year in (lunar_year, lunar_year + 1):
        solar = lunar_to_solar(year, rule.by_month or 1, rule.by_month_day or 1)
        if solar is not None:
            days.append(solar)
    return sorted(set(days))
