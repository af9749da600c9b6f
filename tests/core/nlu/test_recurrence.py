"""Repeating rules: RRULE text, clamping of days 29-31, DST, lunar rules, and agreement with RFC 5545 readers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import vRecur

from bot.nlu import Recurrence, parse_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def _chain(rule: Recurrence, start: datetime, count: int) -> list[datetime]:
    found, current = [], start
    for _ in range(count):
        current = rule.next_after(current)
        found.append(current)
    return found


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Recurrence("MONTHLY", by_month_day=10), "FREQ=MONTHLY;BYMONTHDAY=10"),
        (Recurrence("MONTHLY", by_month_day=-1), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (Recurrence("MONTHLY", by_month_day=31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
        (Recurrence("MONTHLY", by_month_day=29), "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
        (Recurrence("WEEKLY", by_weekday=(0,)), "FREQ=WEEKLY;BYDAY=MO"),
        (Recurrence("WEEKLY", interval=2, by_weekday=(0, 3)), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        (Recurrence("DAILY", hour=8, minute=0), "FREQ=DAILY;BYHOUR=8;BYMINUTE=0"),
        (Recurrence("YEARLY", by_month=1, by_month_day=1, lunar=True), "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"),
        (Recurrence("MONTHLY", by_weekday=(1,), nth=2), "FREQ=MONTHLY;BYDAY=2TU"),
    ],
)
def test_rrule_text(rule: Recurrence, text: str) -> None:
    assert rule.rrule() == text
    assert str(rule) == text
    assert vRecur.from_ical(text)["FREQ"] == [rule.freq]


@pytest.mark.parametrize("day", [29, 30, 31, -1, 1, 15, 28])
def test_monthly_next_after_matches_the_rfc5545_reading_of_its_own_rule(day: int) -> None:
    rule = Recurrence("MONTHLY", by_month_day=day, hour=10, minute=0)
    start = datetime(2027, 1, 1, tzinfo=SHANGHAI)
    expected = list(rrulestr(rule.rrule(), dtstart=start.replace(tzinfo=None))[:26])
    ours = _chain(rule, start, 26)
    assert [d.replace(tzinfo=None) for d in ours] == [d for d in expected if d > start.replace(tzinfo=None)][:26]


def test_day_31_clamps_to_short_months_and_leap_february() -> None:
    rule = Recurrence("MONTHLY", by_month_day=31)
    got = _chain(rule, datetime(2027, 12, 31, tzinfo=SHANGHAI), 4)
    assert [f"{d:%Y-%m-%d}" for d in got] == ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]


def test_daily_rule_keeps_wall_time_across_spring_forward_and_fall_back() -> None:
    rule = Recurrence("DAILY", hour=8, minute=0)
    spring = _chain(rule, datetime(2027, 3, 13, 9, 0, tzinfo=NEW_YORK), 2)
    assert [f"{d:%m-%d %H:%M%z}" for d in spring] == ["03-14 08:00-0400", "03-15 08:00-0400"]
    fall = _chain(rule, datetime(2026, 10, 31, 9, 0, tzinfo=LONDON), 2)
    assert [f"{d:%m-%d %H:%M%z}" for d in fall] == ["11-01 08:00+0000", "11-02 08:00+0000"]


def test_wall_time_inside_the_spring_gap_moves_past_the_jump() -> None:
    rule = Recurrence("DAILY", hour=2, minute=30)
    got = rule.next_after(datetime(2027, 3, 13, 12, 0, tzinfo=NEW_YORK))
    assert f"{got:%Y-%m-%d %H:%M%z}" == "2027-03-14 03:30-0400"


def test_interval_counts_from_the_previous_occurrence() -> None:
    rule = Recurrence("WEEKLY", interval=2, by_weekday=(0, 3))
    got = _chain(rule, datetime(2026, 11, 30, 0, 0, tzinfo=SHANGHAI), 4)
    assert [f"{d:%m-%d}" for d in got] == ["12-03", "12-14", "12-17", "12-28"]


def test_lunar_rule_follows_the_chinese_calendar() -> None:
    rule = Recurrence("YEARLY", by_month=1, by_month_day=1, lunar=True)
    got = _chain(rule, datetime(2026, 11, 28, tzinfo=SHANGHAI), 3)
    assert [f"{d:%Y-%m-%d}" for d in got] == ["2027-02-06", "2028-01-26", "2029-02-13"]
    eve = Recurrence("YEARLY", by_month=12, by_month_day=-1, lunar=True)
    assert f"{eve.next_after(datetime(2026, 11, 28, tzinfo=SHANGHAI)):%Y-%m-%d}" == "2027-02-05"


def test_next_after_uses_the_zone_of_after() -> None:
    rule = Recurrence("MONTHLY", by_month_day=10, hour=9, minute=0)
    got = rule.next_after(datetime(2026, 11, 28, tzinfo=LONDON))
    assert got.tzinfo is LONDON and f"{got:%Y-%m-%d %H:%M}" == "2026-12-10 09:00"


def test_parsed_rule_continues_from_its_first_occurrence() -> None:
    now = datetime(2026, 11, 28, 14, 0, tzinfo=SHANGHAI)
    parsed = parse_time("每月31号", now, "zh")
    assert parsed is not None and parsed.recurrence is not None
    following = _chain(parsed.recurrence, parsed.at, 3)
    assert [f"{d:%Y-%m-%d}" for d in following] == ["2026-12-31", "2027-01-31", "2027-02-28"]
