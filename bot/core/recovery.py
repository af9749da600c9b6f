"""The seed's four recovery steps as a pure checklist state machine.

1. pay in full and keep proof, 2. rebuild the record, 3. ask for access again, 4. use credit wisely afterwards.

Progress is a set of done item ids: the user's own ticks (stored by the engine) united with the ticks the bot
derives from what it knows (``auto_ticks(facts)``, recomputed every time, so a new overdue honestly undoes
``s1.pay_in_full``). The current step is the first one with a required item not done; optional items never block.
Wording follows domain-facts §7: a settlement certificate only where the lender issues one (the credit report
showing "settled" plus receipts is the substitute), no paid "credit repair", Huabei access returns by the
platform's re-evaluation rather than an application, and a deferral is a request the lender may refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.errors import UserInputError
from bot.texts import t
from bot.texts.format import day_text, long_date

STEPS = (1, 2, 3, 4)
COMPLETED = 5
# Three on-time cycles in a row: long enough to be a habit rather than luck, short enough to be reached within a
# season; the credit report itself is updated monthly (domain-facts H8).
ON_TIME_STREAK_CYCLES = 3
# Total owed down by a quarter from its peak counts as "lower debt ratio" (we do not know income, so the ratio
# is measured against the user's own peak).
DEBT_REDUCTION_SHARE = Decimal("0.25")


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing to do. ``auto``: the bot can tick it from facts; ``optional``: does not block the step."""

    id: str
    step: int
    auto: bool = False
    optional: bool = False


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("s1.pay_in_full", 1, auto=True),
    ChecklistItem("s1.keep_receipts", 1),
    ChecklistItem("s1.settlement_proof", 1),
    ChecklistItem("s1.check_report_settled", 1),
    ChecklistItem("s2.on_time_streak", 2, auto=True),
    ChecklistItem("s2.lower_debt_ratio", 2, auto=True),
    ChecklistItem("s2.dispute_errors_free", 2),
    ChecklistItem("s2.personal_statement", 2, optional=True),
    ChecklistItem("s3.free_report", 3),
    ChecklistItem("s3.income_proof", 3, optional=True),
    ChecklistItem("s3.wait_reevaluation", 3),
    ChecklistItem("s4.auto_repay", 4),
    ChecklistItem("s4.reminders_on", 4, auto=True),
    ChecklistItem("s4.spend_within_means", 4),
)
ITEMS_BY_ID = {item.id: item for item in ITEMS}


@dataclass(frozen=True, slots=True)
class RecoveryFacts:
    """What the bot knows about the user's debts, as counted by the engine."""

    settled_debts: int
    active_debts: int
    overdue_debts: int
    on_time_streak: int
    reminders_enabled: bool
    total_owed: Decimal = Decimal(0)
    peak_owed: Decimal = Decimal(0)
    oldest_overdue: tuple[str, date, int] | None = None  # (creditor, first missed due date, days late)
    record_clears: tuple[tuple[str, date], ...] = ()  # (creditor, day its late record should leave the report)


def items_of(step: int) -> tuple[ChecklistItem, ...]:
    """Return the checklist items of ``step`` in display order."""
    return tuple(item for item in ITEMS if item.step == step)


def auto_ticks(facts: RecoveryFacts) -> frozenset[str]:
    """Return the items the bot ticks itself from ``facts``."""
    ticks: set[str] = set()
    if facts.settled_debts > 0 and facts.overdue_debts == 0:
        ticks.add("s1.pay_in_full")
    if facts.on_time_streak >= ON_TIME_STREAK_CYCLES:
        ticks.add("s2.on_time_streak")
    if facts.peak_owed > 0 and facts.total_owed <= facts.peak_owed * (1 - DEBT_REDUCTION_SHARE):
        ticks.add("s2.lower_debt_ratio")
    if facts.reminders_enabled:
        ticks.add("s4.reminders_on")
    return frozenset(ticks)


def current_step(done: Iterable[str]) -> int:
    """Return the first step (1–4) with a required item not done, or ``COMPLETED`` (5)."""
    done_set = set(done)
    for step in STEPS:
        if any(not item.optional and item.id not in done_set for item in items_of(step)):
            return step
    return COMPLETED


def step_reached(before: Iterable[str], after: Iterable[str]) -> int | None:
    """Return the step the user has just entered (send its tips), or None.

    Settling a debt (``s1.pay_in_full`` newly done) walks the user into step 1; after that, moving past a step
    enters the next one (``COMPLETED`` when all four are done). Going back (a new overdue) enters nothing.
    """
    before_set, after_set = set(before), set(after)
    step_before, step_after = current_step(before_set), current_step(after_set)
    if step_after > step_before:
        return step_after
    if step_after == 1 and "s1.pay_in_full" in after_set - before_set:
        return 1
    return None


def tick(done: frozenset[str], item_id: str) -> frozenset[str]:
    """Return the user's ticks with ``item_id`` added; raise ``UserInputError`` for an unknown item."""
    if item_id not in ITEMS_BY_ID:
        raise UserInputError("recovery.err.unknown_item")
    return done | {item_id}


def untick(done: frozenset[str], item_id: str) -> frozenset[str]:
    """Return the user's ticks without ``item_id``; raise ``UserInputError`` for an unknown item."""
    if item_id not in ITEMS_BY_ID:
        raise UserInputError("recovery.err.unknown_item")
    return done - {item_id}


def open_items(step: int, done: Iterable[str]) -> tuple[str, ...]:
    """Return the ids of ``step``'s items not done yet (the ones to offer as tick buttons)."""
    done_set = set(done)
    return tuple(item.id for item in items_of(step) if item.id not in done_set)


def render_checklist(user_ticks: frozenset[str], facts: RecoveryFacts, lang: str) -> str:
    """Render ``/recovery``: a line per step with its progress, and the current step's items with their ticks."""
    auto = auto_ticks(facts)
    done = user_ticks | auto
    step_now = current_step(done)
    lines = [t(lang, "recovery.title")]
    for step in STEPS:
        items = items_of(step)
        done_count = sum(1 for item in items if item.id in done)
        if step < step_now:
            mark = t(lang, "recovery.mark.step_done")
        elif step == step_now:
            mark = t(lang, "recovery.mark.step_current")
        else:
            mark = t(lang, "recovery.mark.step_later")
        lines.append(
            t(lang, "recovery.step_line", mark=mark, step=step, name=t(lang, f"recovery.step.{step}"),
              done=done_count, total=len(items))
        )
        if step != step_now:
            if step == 2 and step > step_now and 0 < facts.on_time_streak < ON_TIME_STREAK_CYCLES:
                lines[-1] += t(lang, "recovery.streak_progress", streak=facts.on_time_streak,
                               needed=ON_TIME_STREAK_CYCLES)
            continue
        for item in items:
            if item.id in auto:
                mark_id = "recovery.mark.auto"
            elif item.id in done:
                mark_id = "recovery.mark.done"
            else:
                mark_id = "recovery.mark.todo"
            text = t(lang, f"recovery.item.{item.id}")
            if item.id == "s2.on_time_streak":
                text += t(lang, "recovery.streak_progress", streak=min(facts.on_time_streak, ON_TIME_STREAK_CYCLES),
                          needed=ON_TIME_STREAK_CYCLES)
            if item.optional:
                text += t(lang, "recovery.optional")
            lines.append(t(lang, "recovery.item_line", mark=t(lang, mark_id), text=text))
        if facts.overdue_debts and step == 1:
            lines.append(t(lang, "recovery.overdue_first", count=facts.overdue_debts))
    if facts.oldest_overdue is not None:
        creditor, since, days = facts.oldest_overdue
        lines.append(t(lang, "recovery.oldest_overdue", creditor=creditor, since=day_text(since, lang), days=days))
    for creditor, day in facts.record_clears:
        lines.append(t(lang, "recovery.record_clears", creditor=creditor, day=long_date(day, lang)))
    lines.append(t(lang, "recovery.completed") if step_now == COMPLETED else t(lang, "recovery.footer"))
    return "\n".join(lines)
