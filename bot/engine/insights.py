"""Seeing the way out: ``/plan`` (avalanche vs snowball, or what clears everything by a date), ``/chart``, ``/ics``.

The chart (matplotlib) and the calendar (icalendar) are imported by the commands that draw them: most processes
never do, and loading them at start would cost every process a third of a second and tens of megabytes.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.core.finance import PlanDebt, months_until, payment_to_clear_by, plan_payoff, projection_points
from bot.core.plan_text import compose_clear_by, compose_plan
from bot.core.progress import BalanceEvent, balance_history, main_currency
from bot.engine.cycles import standing_of
from bot.engine.turn import Turn
from bot.errors import UserInputError
from bot.messages import Attachment
from bot.nlu import parse_amount, parse_time
from storage import accounts
from storage.models import Debt

if TYPE_CHECKING:
    from bot.core.calendar import CalendarItem


def _plan_debts(turn: Turn) -> tuple[list[PlanDebt], dict[str, str], str]:
    debts = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    currency = main_currency(debts)
    chosen = [d for d in debts if d.currency == currency and d.balance > 0]
    # The normal rate is the annual one the user gave; an overdue (penalty) daily rate is not a normal rate and
    # is never turned into one. The minimum is the user's own when known; a one-off loan has none (it is due
    # whole on its date), and only a recurring bill without one gets the assumed 10 % the text labels.
    plan_debts = [PlanDebt(key=str(d.id), name=d.creditor, balance=d.balance, annual_rate=d.annual_rate,
                           minimum=_minimum(d), overdue=standing_of(d, turn.today).overdue) for d in chosen]
    return plan_debts, {str(d.id): d.creditor for d in chosen}, currency


def _overdue_notes(turn: Turn) -> tuple[tuple[str, date, int], ...]:
    notes = []
    for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        where = standing_of(d, turn.today)
        if where.overdue and where.overdue_since is not None:
            notes.append((d.creditor, where.overdue_since, where.overdue_days))
    return tuple(sorted(notes, key=lambda n: n[1]))


def _minimum(debt: Debt) -> Decimal | None:
    if debt.minimum_payment is not None:
        return debt.minimum_payment
    return Decimal(0) if not debt.rrule and debt.instalment_amount is None else debt.instalment_amount


def plan(turn: Turn, args: str) -> None:
    """``/plan 2000`` compares avalanche and snowball; ``/plan 2027-06-30`` says what clears it all by then."""
    debts, names, currency = _plan_debts(turn)
    if not debts:
        turn.say("plan.no_debts")
        return
    if not args:
        turn.say("plan.usage")
        return
    when = parse_time(args, turn.local_now, None)
    amount = parse_amount(args, None)
    if when is not None and (amount is None or when.span[0] <= amount.span[0] < when.span[1]):
        target = when.at.astimezone(turn.zone).date()
        months = months_until(turn.today, target)
        payment = payment_to_clear_by(debts, months, "avalanche") if months >= 1 else None
        turn.say("plan.body", body=compose_clear_by(payment, months=months, target=target, strategy="avalanche",
                                                    today=turn.today, lang=turn.lang, currency=currency))
        return
    if amount is None:
        raise UserInputError("plan.usage")
    if amount.problem or amount.value is None:
        raise UserInputError(f"err.amount_{amount.problem}")
    avalanche = plan_payoff(debts, amount.value, "avalanche")
    snowball = plan_payoff(debts, amount.value, "snowball")
    no_minimum = tuple(d.key for d in debts if d.minimum == 0)
    turn.say("plan.body", body=compose_plan(avalanche, snowball, names=names, today=turn.today, lang=turn.lang,
                                            currency=currency, no_minimum_keys=no_minimum,
                                            overdue=_overdue_notes(turn)))


def chart(turn: Turn, args: str) -> None:
    """``/chart [monthly budget]``: balances so far and the projected way down, as a picture."""
    debts, _, currency = _plan_debts(turn)
    history = _history(turn, currency)
    budget = _budget(turn, args, debts)
    projection = []
    if debts and budget is not None:
        avalanche = plan_payoff(debts, budget, "avalanche")
        if avalanche.feasible:
            projection = projection_points(avalanche, turn.today)
    from bot.core.chart import render_balance_chart

    png = render_balance_chart(history, projection, lang=turn.lang, currency=currency)
    stamp = turn.local_now.strftime("%Y%m%d")
    turn.say("chart.caption", attachments=(Attachment(f"repaybot-chart-{stamp}.png", png, "image/png", as_photo=True),))


def _budget(turn: Turn, args: str, debts: list[PlanDebt]) -> Decimal | None:
    """The monthly budget to project with: the one given, else what the user paid over the last 90 days."""
    if args:
        amount = parse_amount(args, None)
        if amount is None or amount.value is None:
            raise UserInputError("chart.usage")
        return amount.value
    since = turn.now - timedelta(days=90)
    paid = sum((p.amount for p in accounts.list_payments(session=turn.session, owner_id=turn.owner_id)
                if p.paid_at >= since), Decimal(0))
    monthly = (paid / 3).quantize(Decimal("1"))
    minimums = plan_payoff(debts, Decimal(0), "avalanche").sum_minimums if debts else Decimal(0)
    return max(monthly, minimums) if debts else None


def _history(turn: Turn, currency: str) -> list[tuple[date, Decimal]]:
    """The user's total balance after every change we recorded: registrations and payments."""
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id, include_settled=True)
             if d.currency == currency]
    events: list[BalanceEvent] = [(d.created_at, d.id or 0, d.original_amount) for d in debts]
    ids = {d.id for d in debts}
    events += [(p.paid_at, p.debt_id, p.balance_after)
               for p in accounts.list_payments(session=turn.session, owner_id=turn.owner_id) if p.debt_id in ids]
    return balance_history(events, {d.id or 0: d.balance for d in debts}, turn.zone, turn.today)


def ics(turn: Turn, _args: str) -> None:
    """``/ics``: every due date and recurring rule as a calendar file for the phone."""
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id) if d.due_date is not None]
    if not debts:
        turn.say("ics.empty")
        return
    from bot.core.calendar import build_calendar

    items = [_calendar_item(d) for d in debts]
    minute = turn.user.reminder_minute
    data = build_calendar(items, tz=turn.user.timezone, now=turn.now, lang=turn.lang,
                          at=time(minute // 60, minute % 60))
    turn.say("ics.caption", attachments=(Attachment("repaybot-due-dates.ics", data, "text/calendar"),))


def _calendar_item(debt: Debt) -> CalendarItem:
    from bot.core.calendar import CalendarItem

    assert debt.due_date is not None
    # The cycle's own bill only: an overdue part carried from past cycles is not due on this date.
    return CalendarItem(key=f"debt-{debt.id}", creditor=debt.creditor, due=debt.due_date,
                        amount=None if debt.awaiting_bill else debt.balance - (debt.carried_overdue or 0),
                        currency=debt.currency, rrule=debt.rrule)
