"""An iCalendar file of the user's due dates, for the phone calendar (``/ics``), built with ``icalendar``.

One VEVENT per debt at the reminder hour on its due date, in the user's zone (TZID plus a VTIMEZONE), with the
debt's recurrence as an RRULE, a stable UID and an alarm one day before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from bot.texts import t
from bot.texts.format import money

PRODID = "-//RepayBot//RepayBot 1.0//EN"
UID_DOMAIN = "repaybot"
EVENT_LENGTH = timedelta(minutes=30)
ALARM_BEFORE = timedelta(days=1)
TIMEZONE_YEARS_AHEAD = 30


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """A due date to export. ``key`` must be stable per debt (``debt-42``): it becomes the UID.

    ``due`` is the local due date (the next one for a recurring debt); ``rrule`` an RFC 5545 rule such as
    ``FREQ=MONTHLY;BYMONTHDAY=10`` (``BYMONTHDAY=-1`` for month end), or None for a one-off debt.
    """

    key: str
    creditor: str
    due: date
    amount: Decimal | None = None
    currency: str = "CNY"
    rrule: str | None = None


def calendar_rule(rule: str) -> vRecur:
    """Parse an RRULE, making a monthly day 29–31 fall on the last day of shorter months.

    Plain ``BYMONTHDAY=31`` skips the months without a 31st (RFC 5545); the product's rule is "the 31st, or the
    month's last day", which is ``BYMONTHDAY=28,29,30,31;BYSETPOS=-1``.
    """
    recur: vRecur = vRecur.from_ical(rule.strip().removeprefix("RRULE:"))
    days = recur.get("BYMONTHDAY", [])
    if recur.get("FREQ") == ["MONTHLY"] and len(days) == 1 and 29 <= int(days[0]) <= 31 and "BYSETPOS" not in recur:
        recur["BYMONTHDAY"] = list(range(28, int(days[0]) + 1))
        recur["BYSETPOS"] = [-1]
    return recur


def _summary(item: CalendarItem, lang: str) -> str:
    if item.amount is None:
        return t(lang, "ics.summary_no_amount", creditor=item.creditor)
    return t(lang, "ics.summary", creditor=item.creditor, amount=money(item.amount, item.currency))


def build_calendar(
    items: Sequence[CalendarItem], *, tz: str, now: datetime, lang: str, at: time = time(10, 0)
) -> bytes:
    """Return an .ics file with one event per item at ``at`` local time on its due date, in zone ``tz``."""
    zone = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t(lang, "ics.calendar_name"))
    cal.add("x-wr-timezone", tz)
    stamp = now.astimezone(UTC)
    for item in items:
        start = datetime.combine(item.due, at, tzinfo=zone)
        summary = _summary(item, lang)
        event = Event()
        event.add("uid", f"{item.key}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        event.add("summary", summary)
        event.add("description", t(lang, "ics.description"))
        event.add("transp", "TRANSPARENT")
        if item.rrule:
            event.add("rrule", calendar_rule(item.rrule))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", t(lang, "ics.alarm", summary=summary))
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
        cal.add_component(event)
    first = min((item.due for item in items), default=now.astimezone(zone).date())
    cal.add_missing_timezones(
        first_date=date(first.year - 1, 1, 1), last_date=date(now.year + TIMEZONE_YEARS_AHEAD, 1, 1)
    )
    return bytes(cal.to_ical())
