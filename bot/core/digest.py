"""The weekly digest: total owed, what falls due this week, what is overdue, the streak, the next recovery step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from bot.core.recovery import COMPLETED
from bot.texts import t
from bot.texts.format import day_text, long_date, money

MAX_NEXT_ITEMS = 2


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
