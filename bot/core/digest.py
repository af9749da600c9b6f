"""The weekly digest: total owed, what falls due this week, what is overdue, the streak, the next recovery step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.core.overdue import standing_of
from bot.core.progress import DebtFacts, main_currency, record_clears, total_owed
from bot.core.recovery import COMPLETED, current_step, open_items
from bot.core.schedule import Policy, defer_out_of_quiet, local_date, local_instant
from bot.texts import t
from bot.texts.format import day_text, long_date, money

MAX_NEXT_ITEMS = 2
DIGEST_WEEKDAY = 0  # Monday: "what is due this week"
TIP_WEEKDAY = 3  # Thursday: away from the digest, so one day never carries both


@dataclass(frozen=True, slots=True)
class DueItem:
    """A debt falling due this week (``amount`` None when the bill amount is not known yet)."""

    name: str
    due: date
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """A debt past its due date."""

    name: str
    days_overdue: int
    amount: Decimal
    since: date | None = None  # the first missed due date still unpaid


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """Everything the digest says, gathered by the engine for one user on their local ``today``."""

    today: date
    total_owed: Decimal
    currency: str
    on_time_streak: int
    next_step: int
    due_this_week: Sequence[DueItem] = field(default_factory=tuple)
    overdue: Sequence[OverdueItem] = field(default_factory=tuple)
    next_item_ids: Sequence[str] = field(default_factory=tuple)
    record_clears: Sequence[tuple[str, date]] = field(default_factory=tuple)  # (name, day) still ahead


def digest_facts(debts: Sequence[DebtFacts], streak: int, done: frozenset[str], today: date) -> DigestFacts | None:
    """What the digest of the local day ``today`` says: ``debts`` every debt of the user (settled too), ``done``
    the checklist items done. None when the user never had a debt (nothing to sum up)."""
    if not debts:
        return None
    active = [d for d in debts if d.status == "active"]
    currency = main_currency(active or debts)
    week_end = today + timedelta(days=6)
    standings = [(d, standing_of(d, today)) for d in active]
    # The current cycle's own part only: an overdue part carried from past cycles is never "due this week".
    due = [DueItem(d.creditor, d.due_date, s.current_amount) for d, s in standings
           if d.due_date is not None and today <= d.due_date <= week_end and s.current_amount != 0]
    overdue = [OverdueItem(d.creditor, s.overdue_days, s.overdue_amount, s.overdue_since) for d, s in standings
               if s.overdue]
    step = current_step(done)
    return DigestFacts(today=today, total_owed=total_owed(active, currency), currency=currency,
                       on_time_streak=streak, next_step=step, due_this_week=sorted(due, key=lambda i: i.due),
                       overdue=overdue, next_item_ids=open_items(step, done) if step <= 4 else (),
                       record_clears=record_clears(debts, today))


def next_weekday_slot(now: datetime, policy: Policy, weekday: int, *, daily: bool = False) -> datetime:
    """The next digest or tip slot after today: the user's reminder time on the next ``weekday`` (0 = Monday),
    or tomorrow when ``daily``, moved out of quiet hours."""
    today = local_date(now, policy.zone)
    for offset in range(1, 9):
        day = today + timedelta(days=offset)
        if daily or day.weekday() == weekday:
            return defer_out_of_quiet(local_instant(day, policy.reminder_minute, policy.zone), policy.quiet,
                                      policy.zone)
    raise AssertionError("a week always has the weekday")


def compose_digest(facts: DigestFacts, lang: str) -> str:
    """Write the weekly digest in ``lang``."""

    def cash(amount: Decimal) -> str:
        return money(amount, facts.currency)

    lines = [t(lang, "digest.title", day=day_text(facts.today, lang, facts.today))]
    if facts.total_owed > 0:
        lines.append(t(lang, "digest.total_owed", amount=cash(facts.total_owed)))
    else:
        lines.append(t(lang, "digest.nothing_owed"))

    if facts.due_this_week:
        lines.append(t(lang, "digest.due_header"))
        for item in sorted(facts.due_this_week, key=lambda i: (i.due, i.name)):
            day = day_text(item.due, lang, facts.today)
            if item.amount is None:
                lines.append(t(lang, "digest.due_item_no_amount", name=item.name, day=day))
            else:
                lines.append(t(lang, "digest.due_item", name=item.name, amount=cash(item.amount), day=day))
    else:
        lines.append(t(lang, "digest.due_none"))

    if facts.overdue:
        lines.append(t(lang, "digest.overdue_header"))
        for over in sorted(facts.overdue, key=lambda i: (-i.days_overdue, i.name)):
            lines.append(
                t(lang, "digest.overdue_item", name=over.name, amount=cash(over.amount), days=over.days_overdue,
                  since=day_text(over.since or facts.today - timedelta(days=over.days_overdue), lang, facts.today))
            )
        lines.append(t(lang, "digest.overdue_advice"))

    if facts.on_time_streak > 0:
        lines.append(t(lang, "digest.streak", count=facts.on_time_streak))
    else:
        lines.append(t(lang, "digest.streak_zero"))

    for name, clears in sorted(facts.record_clears, key=lambda r: (r[1], r[0])):
        lines.append(t(lang, "digest.record_clears", name=name, day=long_date(clears, lang)))

    if facts.next_step >= COMPLETED:
        lines.append(t(lang, "digest.completed"))
    else:
        step_name = t(lang, f"recovery.step.{facts.next_step}")
        lines.append(t(lang, "digest.next_step", step=facts.next_step, name=step_name))
        for item_id in list(facts.next_item_ids)[:MAX_NEXT_ITEMS]:
            lines.append(t(lang, "digest.next_item", text=t(lang, f"recovery.short.{item_id}")))
    lines.append(t(lang, "digest.footer"))
    return "\n".join(lines)
