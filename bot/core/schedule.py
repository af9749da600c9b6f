"""Pure reminder maths: when each planned message should fire, in the user's zone.

Calendar arithmetic (``due date - 3 days at 10:00``) happens on local dates and wall-clock minutes; only the
result is turned into an aware UTC instant. That keeps reminders at the same local time across daylight saving.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

MINUTES_PER_DAY = 24 * 60
DEFAULT_LEAD_DAYS = (3, 1, 0)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window (local minutes after midnight) in which the bot does not start a conversation."""

    start_minute: int = 22 * 60
    end_minute: int = 8 * 60

    def contains(self, local: datetime) -> bool:
        """Tell whether the local wall time falls inside the window (which may wrap past midnight)."""
        if self.start_minute == self.end_minute:
            return False
        minute = local.hour * 60 + local.minute
        if self.start_minute < self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute


@dataclass(frozen=True, slots=True)
class Policy:
    """A user's reminder preferences."""

    zone: ZoneInfo
    reminder_minute: int = 10 * 60
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS
    quiet: QuietHours = QuietHours()


def local_instant(day: date, minute_of_day: int, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of ``day`` at the local wall time ``minute_of_day`` in ``zone``.

    A wall time skipped by a DST jump maps forward (02:30 on a spring-forward night is 03:30); a repeated one
    takes its first occurrence — what a person setting an alarm would expect.
    """
    wall = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=zone)
    return wall.astimezone(UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """Return the calendar date of ``instant`` in ``zone``."""
    return instant.astimezone(zone).date()


def start_of_local_day(instant: datetime, zone: ZoneInfo) -> datetime:
    """Return the UTC instant at which the local day containing ``instant`` began."""
    return local_instant(local_date(instant, zone), 0, zone)


def parse_lead_days(text: str | None) -> tuple[int, ...]:
    """Read a stored lead-days list such as ``"3,1,0"`` (largest first, duplicates dropped)."""
    if not text:
        return DEFAULT_LEAD_DAYS
    days = {int(part) for part in text.split(",") if part.strip().isdigit() and int(part) <= 60}
    return tuple(sorted(days, reverse=True)) or DEFAULT_LEAD_DAYS


def format_lead_days(days: tuple[int, ...]) -> str:
    """Store a lead-days tuple as text."""
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


def pre_due_slots(due: date, policy: Policy) -> list[tuple[int, datetime]]:
    """Return ``(days_before, instant)`` for each pre-due reminder of a due date, earliest first."""
    slots = [(lead, local_instant(due - timedelta(days=lead), policy.reminder_minute, policy.zone))
             for lead in policy.lead_days]
    return sorted(slots, key=lambda slot: slot[1])


def overdue_slot(due: date, days_overdue: int, policy: Policy) -> datetime:
    """Return the instant of the nudge sent on the ``days_overdue``-th day after ``due``."""
    return local_instant(due + timedelta(days=days_overdue), policy.reminder_minute, policy.zone)


def days_overdue(due: date, now: datetime, zone: ZoneInfo) -> int:
    """Count whole local days past the due date (0 on or before it: the due day lasts until midnight)."""
    return max(0, (local_date(now, zone) - due).days)


def days_until(due: date, now: datetime, zone: ZoneInfo) -> int:
    """Count local days from today to ``due`` (negative when it has passed)."""
    return (due - local_date(now, zone)).days


def defer_out_of_quiet(instant: datetime, quiet: QuietHours, zone: ZoneInfo) -> datetime:
    """Move an instant that falls in quiet hours to the moment they end; leave others untouched."""
    local = instant.astimezone(zone)
    if not quiet.contains(local):
        return instant
    end_day = local.date()
    if local.hour * 60 + local.minute >= quiet.end_minute:
        end_day += timedelta(days=1)  # quiet started this evening; it ends tomorrow morning
    return local_instant(end_day, quiet.end_minute, zone)


@functools.lru_cache(maxsize=4096)  # pure, and parsing a rule costs more than a database read
def next_cycle_due(current_due: date, rule: str) -> date | None:
    """Return the recurring bill's next due date after ``current_due``, or None if the rule is not usable here.

    The rule is RFC 5545 (as produced by ``bot.nlu``); month-end rules such as
    ``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` fall on the last day of shorter months.
    """
    start = datetime.combine(current_due, time())
    try:
        recurrence = rrulestr(rule, dtstart=start, ignoretz=True)
        following = recurrence.after(start, inc=False)
    except (ValueError, TypeError, KeyError):
        return None
    return following.date() if following is not None else None


@functools.lru_cache(maxsize=4096)  # pure, and parsing a rule costs more than a database read
def first_cycle_due(rule: str, today: date) -> date | None:
    """Return the first due date on or after ``today`` for a recurring rule, or None."""
    start = datetime.combine(today - timedelta(days=1), time())
    try:
        recurrence = rrulestr(rule, dtstart=start - timedelta(days=400), ignoretz=True)
        following = recurrence.after(start, inc=False)
    except (ValueError, TypeError, KeyError):
        return None
    return following.date() if following is not None else None


def snooze_until(option: str, now: datetime, policy: Policy) -> datetime:
    """Return when a snoozed reminder comes back: ``1h``, ``tonight`` or ``tomorrow`` (tomorrow at the user's
    reminder time, moved out of quiet hours).

    "Tonight" is 20:00, or in an hour when that is later; it never lands inside the user's quiet hours or past
    midnight: then it is the last half hour before quiet hours begin, and when even that has passed, tomorrow.
    """
    local = now.astimezone(policy.zone)
    tomorrow = defer_out_of_quiet(local_instant(local.date() + timedelta(days=1), policy.reminder_minute,
                                                policy.zone), policy.quiet, policy.zone)
    if option == "1h":
        return now + timedelta(hours=1)
    if option != "tonight":
        return tomorrow
    today = local.date()
    midnight = local_instant(today + timedelta(days=1), 0, policy.zone)
    soonest = now + timedelta(minutes=30)
    evening = local_instant(today, 20 * 60, policy.zone)
    candidates = [evening if evening > soonest else now + timedelta(hours=1)]
    if policy.quiet.start_minute != policy.quiet.end_minute:
        candidates.append(local_instant(today, policy.quiet.start_minute, policy.zone) - timedelta(minutes=30))
    for at in candidates:
        if soonest <= at < midnight and at.astimezone(policy.zone).date() == today \
                and not policy.quiet.contains(at.astimezone(policy.zone)):
            return at
    return tomorrow


def pre_due_times(due: date, policy: Policy, now: datetime) -> list[tuple[int, datetime]]:
    """``(days_before, instant)`` of the pre-due and due-day reminders of ``due`` still ahead of ``now`` (a slot
    already past is skipped: the user is talking to us right now, no need to catch up), out of quiet hours."""
    return [(lead, defer_out_of_quiet(at, policy.quiet, policy.zone)) for lead, at in pre_due_slots(due, policy)
            if at > now]


def overdue_nudge_times(due: date, now: datetime, policy: Policy, count: int = 2) -> list[datetime]:
    """The next ``count`` daily overdue nudges, out of quiet hours: from the first day after the due date, or
    from today (tomorrow once today's time has passed) when already late."""
    late_days = max(1, days_overdue(due, now, policy.zone))
    if overdue_slot(due, late_days, policy) <= now:
        late_days += 1
    return [defer_out_of_quiet(overdue_slot(due, late_days + n, policy), policy.quiet, policy.zone)
            for n in range(count)]


def record_check_time(clears_on: date, policy: Policy, now: datetime) -> datetime:
    """When to suggest checking the credit report: the user's reminder time on the day the late record should
    have left it, out of quiet hours (now, when that day has passed)."""
    return max(defer_out_of_quiet(local_instant(clears_on, policy.reminder_minute, policy.zone), policy.quiet,
                                  policy.zone), now)


def next_local_occurrence(rule: str, after_local: datetime, *, not_before: datetime | None = None) -> datetime | None:
    """Return the next local wall time of a recurring rule after ``after_local`` (aware, in the user's zone), or
    None. With ``not_before``, occurrences up to that instant are skipped: a reminder caught up late (the bot was
    down, the user had blocked it) comes back once, not once for every day it missed."""
    naive = after_local.replace(tzinfo=None)
    start = naive + timedelta(seconds=1)
    if not_before is not None:
        start = max(start, not_before.astimezone(after_local.tzinfo).replace(tzinfo=None))
    try:
        # dtstart stays at the series' own occurrence, so "every second Friday" keeps its phase.
        following = rrulestr(rule, dtstart=naive, ignoretz=True).after(start, inc=False)
    except (ValueError, TypeError, KeyError):
        return None
    return None if following is None else following.replace(tzinfo=after_local.tzinfo)


def next_repeat(rule: str | None, local: str | None, zone: ZoneInfo, now: datetime) -> datetime | None:
    """When a repeating free-form reminder comes next, from its stored wall time ``local`` (ISO, with the UTC
    offset it had): read in the user's zone, so "every day at 9:00" stays at 9:00 across daylight saving, and
    occurrences already past are skipped (no catch-up chain). None when it does not repeat."""
    if not rule or not local:
        return None
    return next_local_occurrence(rule, datetime.fromisoformat(local).astimezone(zone), not_before=now)
