"""The language-neutral meaning of a time expression, and the rules that turn it into an instant.

The Chinese and English recognisers only say *what was said* (a weekday, "next week", 3 o'clock in the
afternoon, every month); every decision about *which day that is* lives here, once, for both languages:

* A date without a year is the next such date, today included; a day of the month alone is this month's if
  not yet passed (today counts), else the next month that has that day.
* An explicit period (今天, 本月9日, this Friday's week, 2020年) is taken literally, even when already past, so
  the caller can say it is past.
* A time of day without a date is today if still ahead, else tomorrow. With 今天/今晚/today/tonight the day
  stays, even when that time has passed.
* A bare hour 1-12 with no 上午/下午/am/pm is ambiguous. Without a date, the earliest reading still ahead is
  chosen and the other reading is returned as the alternative. With a date, 1-6 reads as afternoon, 7-11 as
  morning and 12 as noon, again with the other reading as the alternative. Hours written 0-23 style
  (0点, 15:30, 08:00) are not ambiguous.
* A weekday alone is the coming one; said on that very weekday it means next week's, and today is returned as
  the alternative (someone meaning today would say 今天/today).
* Exact durations ("2小时后", "in 90 minutes") count real elapsed time; days, weeks, months and years count
  calendar steps in wall time, so DST never shifts them, and keep the time of day ("in 10 days" said at 14:00
  is 14:00 ten days on, with the grain "day").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.nlu.calendar_math import (
    add_business_days,
    add_exact,
    add_months_clamped,
    at_wall_time,
    days_in_month,
    nth_weekday,
    shift_month,
    start_of_week,
    valid_date,
)
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.recurrence import Recurrence, first_occurrence
from bot.nlu.results import Grain
from bot.nlu.zone_conventions import month_first, mothers_day_key

# Which "slot" each field fills: two facts for the same slot cannot belong to one expression.
_SLOT = {
    "year": "year", "year_shift": "year",
    "month": "month", "month_shift": "month",
    # A weekday has a slot of its own so that "Tuesday, 10 December" and "12月10日(周四)" stay one expression;
    # the explicit date then decides.
    "day": "day", "numeric_date": "day", "month_part": "day", "year_part": "day", "day_shift": "day", "weekday": "weekday",
    "weekend": "day", "holiday": "day", "lunar_month": "day",
    "week_shift": "week",
    "hour": "time", "daypart_hour": "daypart",
    "offset_minutes": "offset", "offset_seconds": "offset", "offset_weekday_count": "offset", "offset_days": "offset", "offset_months": "offset", "offset_business_days": "offset",
    "now": "offset", "nth_weekday": "nth",
    "rec_freq": "rec",
}


@dataclass
class TimeSpec:
    """Facts gathered from adjacent tokens of one time expression."""

    year: int | None = None
    year_shift: int | None = None
    month: int | None = None
    month_shift: int | None = None
    day: int | None = None  # 1..31, or -1 for the last day of the month
    month_part: str | None = None  # "start" | "mid" | "end"
    year_part: str | None = None  # "start" | "mid" | "end"
    day_shift: int | None = None
    pinned_day: bool = False
    week_shift: int | None = None
    weekday: int | None = None
    weekday_today_counts: bool = False  # "this Friday" said on a Friday is today
    weekday_last: bool = False  # "last Friday": the latest one before today
    alt_coming_weekday: bool = False  # "next Friday": also offer the coming Friday
    weekend: bool = False
    holiday: str | None = None
    holiday_mod: str | None = None  # "before" | "after"
    holiday_days: int | None = None
    lunar_month: int | None = None
    lunar_day: int | None = None
    alt_month_day: tuple[int, int] | None = None  # the other reading of 12/10 in English
    lunar_alternative: bool = False  # 八月十五: also offer the lunar-calendar reading
    numeric_date: tuple[int, int, bool] | None = None  # 12/10 as typed, and whether dots separated it
    hour: int | None = None
    minute: int | None = None
    meridiem: str | None = None  # "am" | "pm" | "noon" | "night" | "early"
    clock24: bool = False
    daypart_hour: int | None = None
    weak_time: bool = False
    offset_minutes: int | None = None
    offset_days: int | None = None
    offset_months: int | None = None
    offset_business_days: int | None = None
    offset_seconds: int | None = None
    offset_weekday_count: int | None = None  # "two Mondays from now": the nth coming weekday
    now: bool = False  # "now", 现在: this very moment
    second: int | None = None
    nth_weekday: int | None = None  # with ``weekday``: 1..5 or -1 (last) of the month named
    week_of_month: int | None = None  # "the first week of October"
    rec_freq: str | None = None
    rec_interval: int = 1
    rec_weekdays: tuple[int, ...] = ()
    rec_nth: int | None = None
    impossible: bool = False
    # Reports of what happened ("周一还了500") mean the latest such day, not the next one.
    prefer_past: bool = False
    slots: set[str] = field(default_factory=set)

    def accepts(self, facts: dict[str, Any]) -> bool:
        """Tell whether the facts fit without a second value for a slot already filled."""
        wanted = {_SLOT[k] for k, v in facts.items() if k in _SLOT and v is not None}
        if self.now or facts.get("now"):
            return False  # "now" stands alone: "马上到月底" is the month's end, not this minute
        return not (wanted & self.slots)

    def add(self, facts: dict[str, Any]) -> None:
        """Record the facts of one more token."""
        for key, value in facts.items():
            if value is None:
                continue
            setattr(self, key, value)
            if key in _SLOT:
                self.slots.add(_SLOT[key])

    @property
    def two_readings(self) -> bool:
        """11/03 with both numbers at most 12: day-month and month-day both make a date, so the user must say."""
        if self.numeric_date is None:
            return False
        a, b, _ = self.numeric_date
        return a != b and 1 <= a <= 12 and 1 <= b <= 12

    def is_empty(self) -> bool:
        # A part of the day alone ("早上好") or a weak "一点" ("早一点还") is not a time expression.
        return self.slots <= {"daypart"} or (self.slots <= {"time", "daypart"} and self.weak_time)


_FIELD_NAMES = {f.name for f in fields(TimeSpec)}


@dataclass(frozen=True)
class Resolution:
    """A resolved expression before it is wrapped as a ``ParsedTime``."""

    at: datetime
    grain: Grain
    recurrence: Recurrence | None = None
    alternatives: tuple[datetime, ...] = ()
    doubt: str = ""  # why the reading is not certain (a weekday that does not match the date, …)


class ImpossibleDate(Exception):
    """The text names a date that does not exist (2月30日, February 30)."""


def resolve(spec: TimeSpec, now: datetime) -> Resolution | None:
    """Turn the facts into an instant in ``now``'s zone; raise ``ImpossibleDate`` for dates that do not exist."""
    if spec.impossible:
        raise ImpossibleDate
    adjusted = _apply_zone_conventions(spec, now)
    if adjusted is None:
        return None
    spec = adjusted
    result = _resolve_once(spec, now)
    if result is not None and spec.lunar_alternative and spec.month is not None:
        lunar = replace(spec, lunar_month=spec.month, lunar_day=spec.day, month=None, day=None, lunar_alternative=False)
        other_lunar = _resolve_once(lunar, now)
        if other_lunar is not None and other_lunar.at != result.at:
            result = replace(result, alternatives=result.alternatives + (other_lunar.at,))
    if result is None or spec.alt_month_day is None:
        return result
    month, day = spec.alt_month_day
    try:
        other = _resolve_once(replace(spec, month=month, day=day, alt_month_day=None), now)
    except ImpossibleDate:
        other = None
    if other is None or other.at == result.at:
        return result
    return replace(result, alternatives=result.alternatives + (other.at,))


def _apply_zone_conventions(spec: TimeSpec, now: datetime) -> TimeSpec | None:
    """Read 12/10 in the user's order (keeping the other reading) and pick the local Mother's Day."""
    if spec.holiday == "mothers_day_en":
        spec = replace(spec, holiday=mothers_day_key(now.tzinfo))
    if spec.numeric_date is None:
        return spec
    a, b, dotted = spec.numeric_date
    first, second = ((a, b), (b, a)) if month_first(now.tzinfo) and not dotted else ((b, a), (a, b))
    readings = [r for r in (first, second) if 1 <= r[0] <= 12 and 1 <= r[1] <= 31]
    if not readings:
        return None
    month, day = readings[0]
    other = readings[1] if len(readings) > 1 and readings[1] != readings[0] else None
    return replace(spec, month=month, day=day, alt_month_day=other, numeric_date=None)


def _resolve_once(spec: TimeSpec, now: datetime) -> Resolution | None:
    if spec.now:
        return Resolution(now, "minute")
    if any(v is not None for v in (spec.offset_minutes, spec.offset_days, spec.offset_months, spec.offset_seconds,
                                   spec.offset_business_days, spec.offset_weekday_count)):
        return _resolve_offset(spec, now)
    if spec.rec_freq is not None:
        return _resolve_recurrence(spec, now)
    today = now.date()
    day, grain, alternatives = _resolve_date(spec, today)
    doubt = ""
    if day is not None and spec.weekday is not None and spec.day is not None and spec.nth_weekday is None:
        day, doubt = _weekday_fixes_date(spec, day, today)
    elif day is not None and spec.weekday is not None and day.weekday() != spec.weekday and spec.nth_weekday is None:
        doubt = "weekday"  # "the Monday after Thanksgiving": a weekday the reading did not use
    if spec.hour is None and spec.daypart_hour is None:
        if day is None:
            return None
        alt_at = tuple(at_wall_time(d, 0, 0, now.tzinfo) for d in alternatives)
        return Resolution(at_wall_time(day, 0, 0, now.tzinfo), grain, None, alt_at, doubt)
    found = _resolve_clock(spec, now, day, alternatives)
    return replace(found, doubt=doubt) if found is not None and doubt else found


def _weekday_fixes_date(spec: TimeSpec, day: date, today: date) -> tuple[date, str]:
    """"Sat, Aug 19": the next 19 August that is a Saturday; "Friday the 13th": the next such month. A weekday
    that contradicts a date whose year or month was said is a doubt the user must clear."""
    assert spec.weekday is not None and spec.day is not None
    if day.weekday() == spec.weekday:
        return day, ""
    free_year = spec.year is None and spec.year_shift is None
    if spec.month is not None and spec.month_shift is None and free_year:
        for year in range(day.year + 1, day.year + 7):
            found = valid_date(year, spec.month, day.day)
            if found is not None and found.weekday() == spec.weekday:
                return found, ""
    if spec.month is None and spec.month_shift is None and free_year:
        for months_ahead in range(1, 25):
            y, m = shift_month(day.year, day.month, months_ahead)
            found = valid_date(y, m, day.day)
            if found is not None and found.weekday() == spec.weekday and found >= today:
                return found, ""
    return day, "weekday"


def _resolve_offset(spec: TimeSpec, now: datetime) -> Resolution | None:
    found = _resolve_offset_once(spec, now)
    # "in two weeks on Monday", "3 days after Christmas": an offset beside a day it does not use is a guess.
    unused = (spec.weekday is not None and spec.offset_weekday_count is None) or any(
        v is not None for v in (spec.holiday, spec.month, spec.year, spec.lunar_month, spec.nth_weekday))
    if found is not None and unused:
        return replace(found, doubt="offset beside a date")
    return found


def _resolve_offset_once(spec: TimeSpec, now: datetime) -> Resolution | None:
    exact = timedelta(minutes=spec.offset_minutes or 0, seconds=spec.offset_seconds or 0)
    if abs(exact) > timedelta(days=366 * 10):
        return None
    calendar_steps = (spec.offset_days, spec.offset_months, spec.offset_business_days, spec.offset_weekday_count)
    if all(v is None for v in calendar_steps):
        return Resolution(add_exact(now, exact), "minute")
    day = now.date()
    if spec.offset_months and not spec.offset_days and (spec.day is not None or spec.month_part is not None):
        # "1个月后的10号": the 10th of the month one month on.
        moved = replace(spec, offset_months=None, offset_days=None, month_shift=spec.offset_months)
        return _resolve_once(moved, now)
    try:
        if spec.offset_months:
            day = add_months_clamped(day, spec.offset_months)
        if spec.offset_days:
            day += timedelta(days=spec.offset_days)
        if spec.offset_business_days:
            day = add_business_days(day, spec.offset_business_days)
        if spec.offset_weekday_count:
            if spec.weekday is None:
                return None
            day += timedelta(days=(spec.weekday - day.weekday()) % 7 or 7)
            day += timedelta(weeks=spec.offset_weekday_count - 1)
    except (ValueError, OverflowError):
        return None
    if not 1900 <= day.year <= 2199:
        return None
    if exact or spec.offset_minutes is not None or spec.offset_seconds is not None:
        # "1天3小时后": the calendar step in wall time, then the exact part; "this time tomorrow" keeps the clock.
        start = at_wall_time(day, now.hour, now.minute, now.tzinfo, now.second)
        return Resolution(add_exact(start, exact), "minute")
    if spec.hour is not None or spec.daypart_hour is not None:
        return _resolve_clock(spec, now, day, ())
    if spec.offset_weekday_count:
        return Resolution(at_wall_time(day, 0, 0, now.tzinfo), "day")  # "two Mondays from now" names a day
    # "In 10 days" keeps the time of day: ten days from 14:00 is 14:00 then (the grain still says "a day").
    return Resolution(at_wall_time(day, now.hour, now.minute, now.tzinfo, now.second), "day")


def _resolve_date(spec: TimeSpec, today: date) -> tuple[date | None, Grain, tuple[date, ...]]:
    """Return the day meant (None when only a time was said), its grain, and other plausible days."""
    if spec.nth_weekday is not None and spec.weekday is not None:
        return _resolve_nth_weekday(spec, today), "day", ()
    if spec.week_of_month is not None and (spec.month is not None or spec.month_shift is not None):
        first = _resolve_month(spec, today)
        if first is None:
            return None, "week", ()
        return first + timedelta(weeks=spec.week_of_month - 1), "week", ()
    if spec.day_shift is not None and (spec.month_shift is not None or spec.week_shift is not None):
        # 下个月的今天, 下周的今天: the same day a month or a week on (31 Jan → 28 Feb).
        shifted = today + timedelta(days=spec.day_shift, weeks=spec.week_shift or 0)
        return add_months_clamped(shifted, spec.month_shift or 0), "day", ()
    if spec.holiday is not None:
        return _resolve_holiday(spec, today), "day", ()
    if spec.lunar_month is not None:
        return _resolve_lunar(spec, today), "day", ()
    if spec.day is not None or spec.month_part is not None or spec.year_part is not None:
        return _resolve_calendar_day(spec, today), "day", ()
    if spec.month is not None or spec.month_shift is not None:
        return _resolve_month(spec, today), "month", ()
    if spec.year_shift is not None and spec.day_shift is not None:
        # 明年的今天: the same day, a year on (29 Feb becomes 28 Feb).
        shifted = today + timedelta(days=spec.day_shift)
        year = shifted.year + spec.year_shift
        return valid_date(year, shifted.month, min(shifted.day, days_in_month(year, shifted.month))), "day", ()
    if spec.year is not None or spec.year_shift is not None:
        year = spec.year if spec.year is not None else today.year + (spec.year_shift or 0)
        return valid_date(year, 1, 1), "year", ()
    if spec.day_shift is not None:
        return today + timedelta(days=spec.day_shift), "day", ()
    if spec.weekday is not None:
        return _resolve_weekday(spec, today)
    if spec.weekend:
        saturday = start_of_week(today) + timedelta(weeks=spec.week_shift or 0, days=5)
        if spec.week_shift is None and saturday < today:
            return today, "day", ()
        return saturday, "day", ()
    if spec.week_shift is not None:
        return start_of_week(today) + timedelta(weeks=spec.week_shift), "week", ()
    return None, "day", ()


def _resolve_nth_weekday(spec: TimeSpec, today: date) -> date | None:
    """"十一月第二个周三", "the last Friday of June", "第一个周一" (this month's, or next month's once past)."""
    assert spec.nth_weekday is not None and spec.weekday is not None
    year = _year_of(spec, today)
    if spec.month_shift is not None:
        y, m = shift_month(today.year, today.month, spec.month_shift)
        return nth_weekday(y, m, spec.weekday, spec.nth_weekday)
    if spec.month is not None and year is not None:
        return nth_weekday(year, spec.month, spec.weekday, spec.nth_weekday)
    step = -1 if spec.prefer_past else 1
    for ahead in range(0, 25 * step, step):
        if spec.month is not None:
            y, m = today.year + ahead, spec.month
            if abs(ahead) > 8:
                break
        else:
            y, m = shift_month(today.year, today.month, ahead)
        found = nth_weekday(y, m, spec.weekday, spec.nth_weekday)
        if found is not None and (found <= today if spec.prefer_past else found >= today):
            return found
    return None


def _year_of(spec: TimeSpec, today: date) -> int | None:
    if spec.year is not None:
        return spec.year
    if spec.year_shift is not None:
        return today.year + spec.year_shift
    return None


def _resolve_holiday(spec: TimeSpec, today: date) -> date | None:
    from bot.nlu.holidays import (  # lazy: festivals are rare, their tables costly
        next_holiday,
        shifted_holiday,
    )

    assert spec.holiday is not None
    year = _year_of(spec, today)
    if year is not None:
        return shifted_holiday(spec.holiday, year, spec.holiday_mod, spec.holiday_days)
    if spec.prefer_past:
        for candidate_year in range(today.year + 1, today.year - 3, -1):
            found = shifted_holiday(spec.holiday, candidate_year, spec.holiday_mod, spec.holiday_days)
            if found is not None and found <= today:
                return found
        return None
    return next_holiday(spec.holiday, today, spec.holiday_mod, spec.holiday_days)


def _resolve_lunar(spec: TimeSpec, today: date) -> date | None:
    from bot.nlu.lunar_calendar import lunar_to_solar, next_lunar_date  # lazy, as above

    assert spec.lunar_month is not None
    day = spec.lunar_day or 1
    year = _year_of(spec, today)
    if year is not None:
        return lunar_to_solar(year, spec.lunar_month, day)
    return next_lunar_date(spec.lunar_month, day, today)


def _part_day(part: str | None, day: int | None) -> int:
    if part == "start":
        return 1
    if part == "late":
        return 21  # 下旬: the last third of the month starts on the 21st
    if part == "mid":
        return 15
    if part == "end":
        return -1
    return day if day is not None else 1


def _resolve_calendar_day(spec: TimeSpec, today: date) -> date | None:
    year = _year_of(spec, today)
    if spec.year_part is not None and spec.day is None and spec.month is None and spec.month_shift is None:
        part_month, part_day = {"start": (1, 1), "mid": (7, 1), "end": (12, 31)}[spec.year_part]
        found = valid_date(year or today.year, part_month, part_day)
        if year is not None or found is None or (found <= today if spec.prefer_past else found >= today):
            return found
        return date(today.year + (-1 if spec.prefer_past else 1), part_month, part_day)
    wanted = _part_day(spec.month_part, spec.day)
    month: int | None = spec.month
    if spec.month_shift is not None:
        shifted_year, month = shift_month(today.year, today.month, spec.month_shift)
        year = shifted_year
    if month is not None:
        if year is not None:
            return _month_day_or_raise(year, month, wanted)
        step = -1 if spec.prefer_past else 1
        for candidate_year in range(today.year, today.year + 9 * step, step):
            if wanted == 29 and month == 2 and valid_date(candidate_year, 2, 29) is None:
                continue
            candidate = _month_day_or_raise(candidate_year, month, wanted)
            if candidate is not None and (candidate <= today if spec.prefer_past else candidate >= today):
                return candidate
        return None
    # A day of the month alone: this month's unless already passed, else the next month that has it.
    step = -1 if spec.prefer_past else 1
    for months_ahead in range(0, 13 * step, step):
        y, m = shift_month(today.year, today.month, months_ahead)
        if year is not None and months_ahead == 0:
            y = year
        found = valid_date(y, m, days_in_month(y, m) if wanted == -1 else wanted)
        if found is not None and (found <= today if spec.prefer_past else found >= today):
            return found
    if wanted > 31:
        raise ImpossibleDate
    return None


def _month_day_or_raise(year: int, month: int, day: int) -> date | None:
    """Return the date; raise for a day the month never has (2月30日); None outside the supported years."""
    if not 1900 <= year <= 2199:
        return None
    found = valid_date(year, month, days_in_month(year, month) if day == -1 else day)
    if found is None:
        raise ImpossibleDate
    return found


def _resolve_month(spec: TimeSpec, today: date) -> date | None:
    year = _year_of(spec, today)
    if spec.month_shift is not None:
        y, m = shift_month(today.year, today.month, spec.month_shift)
        return valid_date(y, m, 1)
    assert spec.month is not None
    if year is not None:
        return valid_date(year, spec.month, 1)
    if spec.prefer_past:
        year = today.year if spec.month <= today.month else today.year - 1
        return valid_date(year, spec.month, 1)
    year = today.year if spec.month >= today.month else today.year + 1
    return valid_date(year, spec.month, 1)


def _resolve_weekday(spec: TimeSpec, today: date) -> tuple[date | None, Grain, tuple[date, ...]]:
    assert spec.weekday is not None
    if spec.prefer_past and spec.week_shift is None and not spec.weekday_last:
        return today - timedelta(days=(today.weekday() - spec.weekday) % 7), "day", ()
    if spec.weekday_last:
        back = (today.weekday() - spec.weekday) % 7 or 7
        return today - timedelta(days=back), "day", ()
    coming = today + timedelta(days=(spec.weekday - today.weekday()) % 7)
    if spec.week_shift is not None:
        chosen = start_of_week(today) + timedelta(weeks=spec.week_shift, days=spec.weekday)
        alternatives = (coming,) if spec.alt_coming_weekday and coming != chosen and coming >= today else ()
        return chosen, "day", alternatives
    if coming == today and not spec.weekday_today_counts:
        return today + timedelta(days=7), "day", (today,)
    return coming, "day", ()


def _to_24h(hour: int, meridiem: str | None) -> tuple[int, int] | None:
    """Return (hour 0-23, days to add) for an hour said with a part of the day, or None if impossible."""
    if meridiem in ("am", "early"):
        if hour == 12:
            return 0, 0
        return (hour, 0) if hour <= 12 else (hour, 0) if meridiem == "early" and hour < 24 else None
    if meridiem == "noon":
        return (hour + 12, 0) if 1 <= hour <= 4 else (hour, 0)
    if meridiem == "pm":
        return (hour + 12, 0) if hour < 12 else (hour, 0)
    if meridiem == "night":
        if hour == 12 or hour == 0:
            return 0, 1
        if 1 <= hour <= 4:
            return hour, 1
        return (hour + 12, 0) if hour < 12 else (hour, 0)
    return hour, 0


def _resolve_clock(
    spec: TimeSpec, now: datetime, day: date | None, date_alternatives: tuple[date, ...]
) -> Resolution | None:
    zone = now.tzinfo
    minute = spec.minute or 0
    grain: Grain = "minute" if spec.minute is not None else "hour"
    if spec.hour is None:
        assert spec.daypart_hour is not None
        hour, carry, ambiguous = spec.daypart_hour, 0, False
    else:
        if spec.hour > 24 or minute > 59:
            return None
        if spec.hour == 24 and minute == 0 and spec.meridiem is None:
            hour, carry, ambiguous = 0, 1, False
        elif spec.hour == 24:
            return None
        else:
            converted = _to_24h(spec.hour, spec.meridiem)
            if converted is None or converted[0] > 23:
                return None
            hour, carry = converted
            ambiguous = spec.meridiem is None and not spec.clock24 and 1 <= spec.hour <= 12
    alternatives: tuple[datetime, ...] = ()
    if day is not None:
        if ambiguous and spec.hour is not None:
            morning = spec.hour if spec.hour != 12 else 0
            evening = morning + 12
            chosen, other = (evening, morning) if 1 <= hour <= 6 else (morning, evening)
            if hour == 12:
                chosen, other = 12, 0
            at = at_wall_time(day, chosen, minute, zone, spec.second or 0)
            other_at = at_wall_time(day, other, minute, zone, spec.second or 0)
            if at <= now < other_at and day == now.date():
                at, other_at = other_at, at  # "today at 10" said at 14:00 means 22:00
            alternatives = (other_at,)
        else:
            at = at_wall_time(day + timedelta(days=carry), hour, minute, zone, spec.second or 0)
        alternatives += tuple(at_wall_time(d + timedelta(days=carry), at.hour, minute, zone) for d in date_alternatives)
        return Resolution(at, grain, None, alternatives)
    today = now.date()
    # Looking forward, a time already past today is tomorrow's; looking back, one still ahead is yesterday's.
    step = -1 if spec.prefer_past else 1
    if not ambiguous:
        second = spec.second or 0
        at = at_wall_time(today + timedelta(days=carry), hour, minute, zone, second)
        if (at > now) if spec.prefer_past else (at <= now):
            at = at_wall_time(today + timedelta(days=carry + step), hour, minute, zone, second)
        return Resolution(at, grain)
    morning = spec.hour % 12 if spec.hour is not None else hour
    readings = []
    for reading in (morning, morning + 12):
        at = at_wall_time(today, reading, minute, zone, spec.second or 0)
        if (at > now) if spec.prefer_past else (at <= now):
            at = at_wall_time(today + timedelta(days=step), reading, minute, zone, spec.second or 0)
        readings.append(at)
    readings.sort(reverse=spec.prefer_past)
    return Resolution(readings[0], grain, None, (readings[1],))


def _resolve_recurrence(spec: TimeSpec, now: datetime) -> Resolution | None:
    rule = build_recurrence(spec, now)
    if rule is None:
        return None
    at = first_occurrence(rule, now)
    grain: Grain = "day" if rule.hour is None else ("minute" if spec.minute is not None else "hour")
    return Resolution(at, grain, rule)


def build_recurrence(spec: TimeSpec, now: datetime) -> Recurrence | None:
    """Return the repeating rule the facts describe, or None when it cannot be written as one."""
    hour: int | None = None
    minute: int | None = None
    if spec.hour is not None:
        converted = _to_24h(spec.hour, spec.meridiem)
        if converted is None or converted[0] > 23 or (spec.minute or 0) > 59:
            return None
        hour = converted[0]
        if spec.meridiem is None and not spec.clock24 and 1 <= spec.hour <= 6:
            hour = spec.hour + 12  # a repeating bare "3点" is an afternoon: nobody pays at 3 a.m. every month
        minute = spec.minute or 0
    elif spec.daypart_hour is not None:
        hour, minute = spec.daypart_hour, 0
    nth = spec.rec_nth if spec.rec_nth is not None else spec.nth_weekday
    freq = spec.rec_freq
    if freq == "MONTHLY" and nth is not None and spec.month is not None:
        freq = "YEARLY"  # "every 3rd Monday in May"
    interval = max(1, min(spec.rec_interval, 99))
    today = now.date()
    if freq == "DAILY":
        return Recurrence("DAILY", interval, hour=hour, minute=minute)
    if freq == "WEEKLY":
        weekdays = spec.rec_weekdays or ((spec.weekday,) if spec.weekday is not None else (today.weekday(),))
        return Recurrence("WEEKLY", interval, by_weekday=tuple(sorted(set(weekdays))), hour=hour, minute=minute)
    if freq == "MONTHLY":
        if spec.weekday is not None and nth is not None:
            return Recurrence("MONTHLY", interval, by_weekday=(spec.weekday,), nth=nth, hour=hour, minute=minute)
        day = _part_day(spec.month_part, spec.day) if spec.day or spec.month_part else today.day
        if not (day == -1 or 1 <= day <= 31):
            raise ImpossibleDate
        return Recurrence("MONTHLY", interval, by_month_day=day, hour=hour, minute=minute)
    if freq == "YEARLY":
        return _yearly_rule(spec, today, interval, hour, minute)
    return None


def _yearly_rule(spec: TimeSpec, today: date, interval: int, hour: int | None, minute: int | None) -> Recurrence | None:
    from bot.nlu.holidays import HOLIDAYS  # lazy, as in _resolve_holiday

    if spec.holiday is not None:
        if spec.holiday_mod is not None:
            return None
        holiday = HOLIDAYS[spec.holiday]
        if holiday.rule == "solar":
            return Recurrence("YEARLY", interval, by_month_day=holiday.day, by_month=holiday.month, hour=hour, minute=minute)
        if holiday.rule == "lunar":
            return Recurrence(
                "YEARLY", interval, by_month_day=holiday.day, by_month=holiday.month, hour=hour, minute=minute, lunar=True
            )
        if holiday.rule == "nth_weekday" and spec.holiday not in ("black_friday", "cyber_monday"):
            return Recurrence(
                "YEARLY", interval, by_weekday=(holiday.day,), by_month=holiday.month, nth=holiday.nth,
                hour=hour, minute=minute,
            )
        return None  # Easter and solar terms have no RRULE form
    nth = spec.rec_nth if spec.rec_nth is not None else spec.nth_weekday
    if nth is not None and spec.weekday is not None and spec.month is not None:
        return Recurrence("YEARLY", interval, by_weekday=(spec.weekday,), by_month=spec.month, nth=nth,
                          hour=hour, minute=minute)
    if spec.lunar_month is not None:
        return Recurrence(
            "YEARLY", interval, by_month_day=spec.lunar_day or 1, by_month=spec.lunar_month, hour=hour, minute=minute,
            lunar=True,
        )
    month = spec.month if spec.month is not None else today.month
    day = _part_day(spec.month_part, spec.day) if spec.day or spec.month_part else today.day
    if day != -1 and valid_date(2024, month, day) is None:
        raise ImpossibleDate
    return Recurrence("YEARLY", interval, by_month_day=day, by_month=month, hour=hour, minute=minute)


def facts(**values: Any) -> dict[str, Any]:
    """Return a fact dictionary, checking the field names (a typo here would silently drop a fact)."""
    unknown = set(values) - _FIELD_NAMES
    if unknown:
        raise KeyError(f"unknown TimeSpec fields: {sorted(unknown)}")
    return values


def compile_each(patterns: list[tuple[str, str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Compile a language's token patterns, each on its own (a process that reads one language never compiles the
    other's). They are kept apart rather than joined into one alternation: each alone lets the regex engine skip
    ahead to where it can start, which makes a scan of a long message several times faster (see
    ``time_parser._each_token`` for how their matches are merged)."""
    return tuple((name, lazy_compile(pattern)) for name, pattern in patterns)
