"""Holidays by rule: fixed Gregorian days, lunar days (via lunardate), nth weekdays, Easter, and 清明.

``节前``/``before X`` is the day before the holiday starts. ``节后``/``after X`` is the first day after the
holiday's nominal break: 国庆 Oct 1-7 → Oct 8, 春节 初一-初七 → 初八, 劳动节 May 1-5 → May 6, and the next day for
one-day holidays. The State Council's yearly make-up-day schedule is announced each winter and cannot be
computed, so these are the nominal breaks, which is what people mean by "after the holiday".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter

from bot.nlu.calendar_math import nth_weekday
from bot.nlu.lunar_calendar import lunar_to_solar
from bot.nlu.solar_terms import qingming, solar_term_date

HolidayRule = Literal["solar", "lunar", "nth_weekday", "easter", "qingming", "solar_term"]


@dataclass(frozen=True)
class Holiday:
    """How to find a holiday in a given year."""

    rule: HolidayRule
    month: int = 0
    day: int = 0  # for "nth_weekday": the weekday (0 = Monday); for "easter": days after Easter Sunday
    nth: int = 0
    break_days: int = 1  # length of the nominal break, for "after the holiday"
    longitude: float = 0.0  # for "solar_term": the Sun's longitude that starts the term (month/day: near when)


HOLIDAYS: dict[str, Holiday] = {
    "new_year": Holiday("solar", 1, 1),
    "valentine": Holiday("solar", 2, 14),
    "womens_day": Holiday("solar", 3, 8),
    "arbor_day": Holiday("solar", 3, 12),
    "st_patricks_day": Holiday("solar", 3, 17),
    "april_fools": Holiday("solar", 4, 1),
    "youth_day": Holiday("solar", 5, 4),
    "party_day": Holiday("solar", 7, 1),
    "army_day": Holiday("solar", 8, 1),
    "teachers_day": Holiday("solar", 9, 10),
    "veterans_day": Holiday("solar", 11, 11),
    "labour_day": Holiday("solar", 5, 1, break_days=5),
    "childrens_day": Holiday("solar", 6, 1),
    "independence_day": Holiday("solar", 7, 4),
    "national_day": Holiday("solar", 10, 1, break_days=7),
    "halloween": Holiday("solar", 10, 31),
    "double_eleven": Holiday("solar", 11, 11),
    "double_twelve": Holiday("solar", 12, 12),
    "christmas_eve": Holiday("solar", 12, 24),
    "christmas": Holiday("solar", 12, 25),
    "boxing_day": Holiday("solar", 12, 26),
    "new_years_eve": Holiday("solar", 12, 31),
    "spring_festival": Holiday("lunar", 1, 1, break_days=7),
    "chinese_new_years_eve": Holiday("lunar", 12, -1),
    "lantern": Holiday("lunar", 1, 15),
    "dragon_boat": Holiday("lunar", 5, 5),
    "qixi": Holiday("lunar", 7, 7),
    "mid_autumn": Holiday("lunar", 8, 15),
    "double_ninth": Holiday("lunar", 9, 9),
    "laba": Holiday("lunar", 12, 8),
    "little_new_year": Holiday("lunar", 12, 23),
    "qingming": Holiday("qingming"),
    "zhongyuan": Holiday("lunar", 7, 15),
    "lichun": Holiday("solar_term", 2, 4, longitude=315.0),
    "chunfen": Holiday("solar_term", 3, 20, longitude=0.0),
    "lixia": Holiday("solar_term", 5, 5, longitude=45.0),
    "xiazhi": Holiday("solar_term", 6, 21, longitude=90.0),
    "liqiu": Holiday("solar_term", 8, 7, longitude=135.0),
    "qiufen": Holiday("solar_term", 9, 23, longitude=180.0),
    "lidong": Holiday("solar_term", 11, 7, longitude=225.0),
    "dongzhi": Holiday("solar_term", 12, 22, longitude=270.0),
    "mothers_day": Holiday("nth_weekday", 5, 6, 2),
    "fathers_day": Holiday("nth_weekday", 6, 6, 3),
    "thanksgiving": Holiday("nth_weekday", 11, 3, 4),
    "memorial_day": Holiday("nth_weekday", 5, 0, -1),
    "labor_day_us": Holiday("nth_weekday", 9, 0, 1),
    "martin_luther_king_day": Holiday("nth_weekday", 1, 0, 3),
    "presidents_day": Holiday("nth_weekday", 2, 0, 3),
    "easter": Holiday("easter", 0, 0),
    "good_friday": Holiday("easter", 0, -2),
    "easter_monday": Holiday("easter", 0, 1),
    "mothering_sunday": Holiday("easter", 0, -21),
    "black_friday": Holiday("nth_weekday", 11, 3, 4, break_days=1),
    "cyber_monday": Holiday("nth_weekday", 11, 3, 4, break_days=1),
    "thanksgiving_eve": Holiday("nth_weekday", 11, 3, 4, break_days=1),
    "columbus_day": Holiday("nth_weekday", 10, 0, 2),
}
# Black Friday is the day after Thanksgiving, Cyber Monday four days after, Thanksgiving Eve the day before: same
# rule, shifted in ``holiday_date``.
_DAYS_AFTER = {"black_friday": 1, "cyber_monday": 4, "thanksgiving_eve": -1}


def holiday_date(key: str, year: int) -> date | None:
    """Return the holiday's (first) day in a Gregorian year; lunar holidays use the lunar year ``year``."""
    holiday = HOLIDAYS[key]
    if not 1900 <= year <= 2198:
        return None
    found: date | None
    if holiday.rule == "solar":
        found = date(year, holiday.month, holiday.day)
    elif holiday.rule == "lunar":
        found = lunar_to_solar(year, holiday.month, holiday.day)
    elif holiday.rule == "nth_weekday":
        found = nth_weekday(year, holiday.month, holiday.day, holiday.nth)
    elif holiday.rule == "easter":
        found = easter(year) + timedelta(days=holiday.day)
    elif holiday.rule == "solar_term":
        found = solar_term_date(year, holiday.longitude, date(year, holiday.month, holiday.day))
    else:
        found = qingming(year)
    if found is not None and key in _DAYS_AFTER:
        found += timedelta(days=_DAYS_AFTER[key])
    return found


def shifted_holiday(key: str, year: int, modifier: str | None, days: int | None = None) -> date | None:
    """Return the holiday in ``year`` moved by "before"/"after" (see the module docstring) or ``days`` from it."""
    start = holiday_date(key, year)
    if start is None:
        return None
    if modifier == "before":
        return start - timedelta(days=1 if days is None else days)
    if modifier == "after":
        return start + timedelta(days=HOLIDAYS[key].break_days if days is None else days)
    return start


def next_holiday(key: str, on_or_after: date, modifier: str | None, days: int | None = None) -> date | None:
    """Return the first (shifted) occurrence of the holiday on or after a date."""
    for year in range(on_or_after.year - 1, on_or_after.year + 2):
        found = shifted_holiday(key, year, modifier, days)
        if found is not None and found >= on_or_after:
            return found
    return None
