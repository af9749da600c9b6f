"""The .ics export, checked by parsing it back with icalendar (and expanding rules with dateutil)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from bot.core.calendar import CalendarItem, build_calendar, calendar_rule

NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
ITEMS = [
    CalendarItem("debt-1", "花呗", date(2026, 12, 10), D("3000"), "CNY", "FREQ=MONTHLY;BYMONTHDAY=10"),
    CalendarItem("debt-2", "招商银行信用卡", date(2026, 12, 31), D("5200.5"), "CNY", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    CalendarItem("debt-3", "借呗", date(2027, 1, 5), D("800")),
    CalendarItem("debt-4", "京东白条", date(2027, 1, 31), None, "CNY", "FREQ=MONTHLY;BYMONTHDAY=31"),
]


def parse(data: bytes) -> Calendar:
    cal = Calendar.from_ical(data)
    assert isinstance(cal, Calendar)
    return cal


def events(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_round_trips_with_dates_zone_and_rules() -> None:
    cal = parse(build_calendar(ITEMS, tz="Asia/Shanghai", now=NOW, lang="zh"))
    assert str(cal["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    by_uid = events(cal)
    assert set(by_uid) == {"debt-1@repaybot", "debt-2@repaybot", "debt-3@repaybot", "debt-4@repaybot"}

    huabei = cal.walk("VEVENT")[0]
    start = huabei.decoded("DTSTART")
    assert start == datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert huabei["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert huabei.decoded("DTEND") - start == timedelta(minutes=30)
    assert huabei["RRULE"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=10"
    assert str(huabei["SUMMARY"]) == "还款：花呗 ¥3,000"
    assert huabei.decoded("DTSTAMP") == NOW
    alarm = huabei.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert str(alarm["ACTION"]) == "DISPLAY"

    month_end = by_uid["debt-2@repaybot"]
    assert month_end["RRULE"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=-1"
    assert str(month_end["SUMMARY"]) == "还款：招商银行信用卡 ¥5,200.50"

    one_off = by_uid["debt-3@repaybot"]
    assert "RRULE" not in one_off
    assert one_off.decoded("DTSTART").date() == date(2027, 1, 5)

    no_amount = by_uid["debt-4@repaybot"]
    assert str(no_amount["SUMMARY"]) == "还款：京东白条"


def test_english_summaries_and_custom_hour() -> None:
    cal = parse(build_calendar(ITEMS[:1], tz="America/New_York", now=NOW, lang="en", at=time(9, 0)))
    event = cal.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Pay 花呗 ¥3,000"
    assert event.decoded("DTSTART") == datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["TZID"]) == "America/New_York"
    assert tz.walk("DAYLIGHT") and tz.walk("STANDARD")


def test_uids_are_stable_across_exports() -> None:
    first = events(parse(build_calendar(ITEMS, tz="Asia/Shanghai", now=NOW, lang="zh")))
    later = events(parse(build_calendar(ITEMS, tz="Asia/Shanghai", now=NOW + timedelta(days=9), lang="en")))
    assert set(first) == set(later)


def occurrences(rule: str, start: date, count: int) -> list[date]:
    dtstart = datetime.combine(start, time(10, 0))
    return [d.date() for d in rrulestr(calendar_rule(rule).to_ical().decode(), dtstart=dtstart)[:count]]


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        # the 31st, or the month's last day when it has no 31st
        ("FREQ=MONTHLY;BYMONTHDAY=31", date(2027, 1, 31),
         [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]),
        ("FREQ=MONTHLY;BYMONTHDAY=30", date(2028, 1, 30),
         [date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30), date(2028, 4, 30)]),
        ("FREQ=MONTHLY;BYMONTHDAY=29", date(2027, 1, 29), [date(2027, 1, 29), date(2027, 2, 28), date(2027, 3, 29)]),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2027, 1, 31), [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]),
        ("FREQ=MONTHLY;BYMONTHDAY=10", date(2026, 12, 10), [date(2026, 12, 10), date(2027, 1, 10)]),
        ("FREQ=WEEKLY;BYDAY=MO", date(2026, 11, 30), [date(2026, 11, 30), date(2026, 12, 7)]),
    ],
)
def test_calendar_rule_occurrences(rule: str, start: date, expected: list[date]) -> None:
    assert occurrences(rule, start, len(expected)) == expected


def test_calendar_rule_keeps_other_rules_and_accepts_prefix() -> None:
    assert calendar_rule("RRULE:FREQ=MONTHLY;BYMONTHDAY=15").to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=15"
    assert calendar_rule("FREQ=MONTHLY;BYMONTHDAY=31").to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"


def test_empty_calendar_is_still_valid() -> None:
    cal = parse(build_calendar([], tz="Asia/Shanghai", now=NOW, lang="zh"))
    assert cal.walk("VEVENT") == []
    assert str(cal["PRODID"])
