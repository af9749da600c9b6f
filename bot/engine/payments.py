"""What a user does when they pay: record a payment (or several), close a cycle, and undo the last change.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bot import nlu
from bot.core import overdue
from bot.core.dialogue import BillAmountStep, PayAmountStep, PayChoiceStep, PayManyStep, Step
from bot.core.overdue import cycle_of, standing_of
from bot.core.schedule import local_date
from bot.engine import planning
from bot.engine.companion import Progress, announce_progress
from bot.engine.debts import (
    about_another_debt,
    debt_from_snapshot,
    debt_snapshot,
    drafts_of,
    payment_from_snapshot,
    restore_debt,
    write_cycle,
)
from bot.engine.debts import show as show_drafts
from bot.engine.turn import Buttons, Turn, has_consent, int_part, owned_debt
from bot.errors import NotFoundError, UserInputError
from bot.nlu.creditor import find_creditor
from bot.nlu.results import PaymentDraft
from bot.texts.values import LIST_SEP, Choice, Day, Lines, LongDate, Money, Text, joined
from storage import accounts
from storage.models import Debt, Payment

# --- recording payments ------------------------------------------------------------------------------------

def paid_command(turn: Turn, args: str) -> None:
    """``/paid [amount] [creditor]``: record a payment, asking for what is missing."""
    if args:
        draft = nlu.parse_payment(args, turn.local_now, None)
        if draft is None:
            amount = nlu.parse_amount(args, None)
            draft = PaymentDraft(amount=None if amount is None else amount.value, full=False,
                                 creditor_hint=args, creditor_kind=None, paid_at=None,
                                 amount_problem=None if amount is None else amount.problem)
        report(turn, draft, args)
        return
    debts = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    if not debts:
        turn.say("pay.no_debts")
        return
    turn.say("pay.which", buttons=_choose_buttons(debts, "part"))


def report_text(turn: Turn, text: str) -> None:
    """Record the payments a message reports (``Kind.PAYMENT``): one, or several at once."""
    paid = turn.readings[text].payments
    if len(paid) == 1:
        report(turn, paid[0], text)
    else:
        report_many(turn, list(paid), text)


def report(turn: Turn, draft: PaymentDraft, text: str) -> None:
    """Record a payment the user described in words."""
    if draft.amount_problem:
        raise UserInputError(f"err.amount_{draft.amount_problem}")
    if not has_consent(turn, resume_text=text):
        return
    # Every debt, read once: the active ones are matched, and all of them feed the recovery progress.
    every = accounts.list_debts(session=turn.session, owner_id=turn.owner_id, include_settled=True)
    debts = [d for d in every if d.status == "active"]
    if not debts:
        _no_debt_to_pay(turn)
        return
    candidates, named = _match(debts, draft)
    paid_at = _paid_at(turn, draft)
    if len(candidates) == 1:
        debt = candidates[0]
        if draft.full:
            apply_payment(turn, debt, debt.balance, paid_at, every_debt=every)
        elif draft.amount is None:
            _ask_amount(turn, debt)
        else:
            apply_payment(turn, debt, draft.amount, paid_at, every_debt=every)
        return
    # Several debts fit, or none does: ask which one, keeping the amount for the answer. A payment that names a
    # creditor no debt has is never booked on another debt without the user choosing it.
    turn.expect(PayChoiceStep(amount=draft.amount, full=draft.full, paid_at=paid_at))
    if named and not candidates:
        turn.say("pay.no_match", named=(draft.creditor_hint or "")[:40],
                 buttons=_choose_buttons(debts, "pick") + ((turn.button("btn.cancel", "x"),),))
        return
    turn.say("pay.which", buttons=_choose_buttons(candidates or debts, "pick"))


def report_many(turn: Turn, drafts: list[PaymentDraft], text: str) -> None:
    """Several payments in one message ("花呗还了500，借呗还了1000"): one card to confirm them together; a payment
    whose creditor matches no debt (or several) is shown and left out."""
    for draft in drafts:
        if draft.amount_problem:
            raise UserInputError(f"err.amount_{draft.amount_problem}")
    if not has_consent(turn, resume_text=text):
        return
    debts = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    if not debts:
        _no_debt_to_pay(turn)
        return
    items: list[tuple[int, Decimal]] = []
    lines = []
    left = {d.id: d.balance for d in debts}  # two payments to one debt: the second starts where the first left it
    for draft in drafts:
        candidates, named = _match(debts, draft)
        if len(candidates) == 1 and named and (draft.full or draft.amount is not None):
            debt = candidates[0]
            assert debt.id is not None
            amount = left[debt.id] if draft.full or draft.amount is None else draft.amount
            left[debt.id] = max(left[debt.id] - amount, Decimal(0))
            items.append((debt.id, amount))
            lines.append(Text("pay.many_line", creditor=debt.creditor, amount=Money(amount, debt.currency),
                                balance=Money(left[debt.id], debt.currency)))
        else:
            amount_text: Money | str = Money(draft.amount, debts[0].currency) if draft.amount is not None else "?"
            lines.append(Text("pay.many_unmatched", named=(draft.creditor_hint or "?")[:40], amount=amount_text))
    if not items:
        turn.say("pay.none_matched", lines=Lines(tuple(lines)), buttons=((turn.button("btn.list", "list"),),))
        return
    paid_at = _paid_at(turn, drafts[0])
    turn.expect(PayManyStep(items=tuple(items), paid_at=paid_at))
    turn.say("pay.confirm_many", lines=Lines(tuple(lines)), buttons=(
        (turn.button("btn.confirm_payments", "pay:many:ok", count=len(items)), turn.button("btn.cancel", "x")),))


_GENERIC = ("信用卡", "credit card", "card", "cards", "credit cards", "my card")


def _no_debt_to_pay(turn: Turn) -> None:
    """A payment with no saved debt to book it on. While a card is still being filled in ("I paid 300 on it
    today" before its amount was given), the payment waits for the debt to be saved: say so, and bring the card
    back, rather than "you haven't added a debt"."""
    pending = drafts_of(turn)
    if not pending:
        turn.say("pay.no_debts")
        return
    turn.say("pay.save_draft_first")
    show_drafts(turn, pending)


def _match(debts: list[Debt], draft: PaymentDraft) -> tuple[list[Debt], bool]:
    """The debts a payment may be for, and whether the payment named a creditor at all."""
    named = bool(draft.creditor_hint or draft.creditor_kind)
    if not named:
        return (debts if len(debts) == 1 else []), False
    hint = (draft.creditor_hint or "").lower()
    said = find_creditor(hint) if hint else None
    name = said.name.lower() if said is not None else hint
    # A kind alone ("信用卡", "my card") fits any debt of that kind; a named bank or lender fits only itself.
    generic = name in _GENERIC or (draft.creditor_kind not in ("credit_card", "loan", "other"))
    by_kind = [d for d in debts if generic and draft.creditor_kind and d.creditor_kind == draft.creditor_kind]
    by_name = [d for d in debts if name and (d.creditor.lower() in (hint, name) or name in d.creditor.lower()
                                             or (hint and hint in d.creditor.lower()))]
    for group in (by_name and by_kind and [d for d in by_name if d in by_kind], by_name, by_kind):
        if group:
            return group, True
    return [], True


def _paid_at(turn: Turn, draft: PaymentDraft) -> datetime:
    """When it was paid: the time the user said (never in the future), else now."""
    if draft.paid_at is None:
        return turn.now
    said = draft.paid_at.at
    return min(said, turn.now) if said.tzinfo is not None else turn.now


def _choose_buttons(debts: list[Debt], mode: str) -> Buttons:
    return tuple((Choice(joined(f"{d.creditor} ", Money(d.balance, d.currency)), f"pay:{mode}:{d.id}"),)
                 for d in debts[:20])


def pay_button(turn: Turn, parts: list[str]) -> None:
    """``pay:part:<id>`` asks the amount; ``pay:pick:<id>`` applies the amount remembered from the message."""
    mode = parts[0]
    step = turn.dialogue.step
    if mode == "many":
        _apply_many(turn, step)
        return
    debt = owned_debt(turn, int_part(parts, 1), active_only=True)
    if mode == "part":
        _ask_amount(turn, debt)
    elif mode == "pick" and isinstance(step, PayChoiceStep):
        turn.end_step()
        paid_at = step.paid_at or turn.now
        if step.full:
            apply_payment(turn, debt, debt.balance, paid_at)
        elif step.amount is not None:
            apply_payment(turn, debt, step.amount, paid_at)
        else:
            _ask_amount(turn, debt)
    else:
        raise NotFoundError("err.stale_button")


def _apply_many(turn: Turn, step: Step | None) -> None:
    if not isinstance(step, PayManyStep):
        raise NotFoundError("err.stale_button")
    turn.end_step()
    paid_at = step.paid_at or turn.now
    for debt_id, amount in step.items:
        debt = owned_debt(turn, debt_id, active_only=True)
        apply_payment(turn, debt, amount, paid_at)


def ask_part_amount(turn: Turn, debt: Debt, *, edit: bool = False) -> None:
    """Ask how much was paid (the "paid part" button)."""
    _ask_amount(turn, debt, edit=edit)


def _ask_amount(turn: Turn, debt: Debt, *, edit: bool = False) -> None:
    assert debt.id is not None
    turn.expect(PayAmountStep(debt.id))
    turn.say("pay.ask_amount", edit=edit, creditor=debt.creditor, balance=Money(debt.balance, debt.currency),
             buttons=((turn.button("btn.paid_all_of", f"rm:paid:{debt.id}", amount=Money(debt.balance, debt.currency)),
                       turn.button("btn.cancel", "x")),))


def answer_amount(turn: Turn, text: str) -> bool:
    """Use the typed amount for the debt the user is paying part of."""
    step = turn.dialogue.step
    debt = owned_debt(turn, step.debt_id if isinstance(step, PayAmountStep) else -1, active_only=True)
    if about_another_debt(turn, text, debt):
        turn.end_step()
        return False
    draft = nlu.parse_payment(text, turn.local_now, None)
    if draft is not None and draft.full:
        turn.end_step()
        apply_payment(turn, debt, debt.balance, _paid_at(turn, draft))
        return True
    amount = nlu.parse_amount(text, None)
    if amount is None:
        raise UserInputError("pay.ask_amount_again")
    if amount.problem or amount.value is None:
        raise UserInputError(f"err.amount_{amount.problem}")
    turn.end_step()
    apply_payment(turn, debt, amount.value, turn.now)
    return True


def apply_payment(turn: Turn, debt: Debt, amount: Decimal, paid_at: datetime, *, edit: bool = False,
                  every_debt: list[Debt] | None = None) -> None:
    """Record a payment, update the balance, and settle the debt or open its next cycle when it reaches zero.

    ``every_debt``: all the user's debts (settled too), when the caller has read them already.
    """
    if amount <= 0:
        raise UserInputError("err.amount_zero")
    if amount > debt.balance:
        turn.say("pay.more_than_balance", creditor=debt.creditor, amount=Money(amount, debt.currency),
                 balance=Money(debt.balance, debt.currency), buttons=(
                     (turn.button("btn.paid_all_of", f"rm:paid:{debt.id}", amount=Money(debt.balance, debt.currency)),
                      turn.button("btn.cancel", "x")),))
        return
    progress = Progress.load(turn.session, turn.owner_id, every_debt)
    before = progress.done(turn.now, turn.zone)
    snapshot = debt_snapshot(debt)
    paid_on = local_date(paid_at, turn.zone)
    # On time only when nothing was past due that day: a carried overdue part makes a payment late too.
    was_overdue = standing_of(debt, paid_on).overdue
    on_time = not was_overdue
    assert debt.id is not None
    after = overdue.apply_payment(cycle_of(debt), amount)
    balance = after.balance
    # Plain INSERTs and one UPDATE of the debt: nothing here needs the ORM's unit of work, which would cost more
    # than all the statements together.
    payment_id = accounts.insert_payment(session=turn.session, values={
        "user_id": turn.owner_id, "debt_id": debt.id, "amount": amount, "paid_at": paid_at,
        "cycle_due": debt.due_date, "on_time": on_time, "balance_after": balance})
    progress.paid((payment_id, debt.id, paid_at, debt.due_date, on_time))
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="payment",
                       snapshot={"debt": snapshot, "payment_id": payment_id}, now=turn.now)
    more: dict[str, Any] = {}  # columns changed beside the cycle's
    # The overdue ended with this payment: the late record's 5 years start now (P3).
    ended = was_overdue and not overdue.standing(after, paid_on).overdue
    if ended:
        more["record_clears_on"] = overdue.record_clears_on(paid_on)
    if balance > 0:
        next_due = None if was_overdue else overdue.instalment_next_due(
            debt.due_date, debt.rrule, debt.instalment_end, debt.instalment_amount, amount)
        write_cycle(turn.session, debt, after if next_due is None else replace(after, due_date=next_due), turn.now,
                    **more)
        planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
        turn.say("pay.partial", edit=edit, creditor=debt.creditor, amount=Money(amount, debt.currency),
                 balance=Money(debt.balance, debt.currency), buttons=((turn.button("btn.undo", "undo"),),))
        if ended:
            _record_note(turn, debt)
    else:
        _close_cycle(turn, debt, after, amount, more, edit=edit)
        if ended:
            _record_note(turn, debt)
    announce_progress(turn, before, progress.done(turn.now, turn.zone))


def _record_note(turn: Turn, debt: Debt) -> None:
    """Tell when the late record should leave the credit report, and plan a reminder for that day."""
    clears = debt.record_clears_on
    if clears is None:
        return
    planning.plan_record_check(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days),
                               now=turn.now)
    turn.say("pay.record_clears", creditor=debt.creditor, day=LongDate(clears))


def _close_cycle(turn: Turn, debt: Debt, paid_cycle: overdue.Cycle, amount: Decimal, more: dict[str, Any], *,
                 edit: bool) -> None:
    """The balance reached zero: open the next cycle of a recurring bill, or settle a one-off debt (``more``:
    other columns the payment changes, written together with the cycle)."""
    following = overdue.close_paid_cycle(paid_cycle, debt.rrule, debt.instalment_end)
    if following is not None and following.due_date is not None:
        _open_next_cycle(turn, debt, following, amount, more, edit=edit)
        return
    write_cycle(turn.session, debt, paid_cycle, turn.now, **more, status="settled", settled_at=turn.now)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    turn.say("pay.settled", edit=edit, creditor=debt.creditor, amount=Money(amount, debt.currency),
             buttons=((turn.button("btn.undo", "undo"), turn.button("btn.list", "list")),))


def _open_next_cycle(turn: Turn, debt: Debt, following: overdue.Cycle, paid: Decimal, more: dict[str, Any], *,
                     edit: bool) -> None:
    """A recurring bill was paid: move to the next cycle and ask for its amount (one tap keeps the last one)."""
    last_bill = following.original_amount
    next_due = following.due_date
    assert next_due is not None
    write_cycle(turn.session, debt, following, turn.now, **more)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    assert debt.id is not None
    turn.expect(BillAmountStep(debt.id))
    turn.say("pay.cycle_paid", edit=edit, creditor=debt.creditor, amount=Money(paid, debt.currency),
             due=Day(next_due), last=Money(last_bill, debt.currency), buttons=(
                 (turn.button("btn.keep_bill", f"bill:keep:{debt.id}", amount=Money(last_bill, debt.currency)),),
                 (turn.button("btn.undo", "undo"),)))


def bill_button(turn: Turn, parts: list[str]) -> None:
    """``bill:keep:<id>``: the new cycle's bill is the same as the last one; ``bill:none:<id>``: there is no new
    bill this cycle (only the overdue part carried from before is owed)."""
    if parts[0] not in ("keep", "none"):
        raise NotFoundError("err.stale_button")
    debt = owned_debt(turn, int_part(parts, 1), active_only=True)
    if not debt.awaiting_bill or (parts[0] == "none" and not debt.carried_overdue):
        raise NotFoundError("err.stale_button")
    # An overdue part carried from before stays its own part either way.
    bill = debt.original_amount if parts[0] == "keep" else Decimal(0)
    write_cycle(turn.session, debt, overdue.set_bill(cycle_of(debt), bill), turn.now)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    if isinstance(turn.dialogue.step, BillAmountStep):
        turn.end_step()
    if parts[0] == "none":
        turn.say("bill.none", edit=True, creditor=debt.creditor, amount=Money(debt.balance, debt.currency))
        return
    turn.say("bill.kept", edit=True, creditor=debt.creditor, amount=Money(bill, debt.currency),
             due=Day(debt.due_date) if debt.due_date else "")


def answer_bill(turn: Turn, text: str) -> bool:
    """Set the new cycle's bill amount from a typed answer."""
    step = turn.dialogue.step
    debt = owned_debt(turn, step.debt_id if isinstance(step, BillAmountStep) else -1, active_only=True)
    amount = nlu.parse_amount(text, None)
    if amount is None or nlu.parse_payment(text, turn.local_now, None) is not None or about_another_debt(
            turn, text, debt):
        # Not an amount, a payment ("还了1000"), or another debt's figure ("借呗这期5000"): never this bill.
        turn.end_step()
        return False
    if amount.problem or amount.value is None:
        raise UserInputError(f"err.amount_{amount.problem}")
    write_cycle(turn.session, debt, overdue.set_bill(cycle_of(debt), amount.value), turn.now)
    turn.end_step()
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    turn.say("bill.set", creditor=debt.creditor, amount=Money(debt.original_amount, debt.currency),
             due=Day(debt.due_date) if debt.due_date else "")
    return True


# --- undo --------------------------------------------------------------------------------------------------

UNDO_WINDOW = timedelta(days=1)


def undo(turn: Turn, _args: str) -> None:
    """Revert the newest change."""
    change = accounts.pop_last_change(session=turn.session, owner_id=turn.owner_id, since=turn.now - UNDO_WINDOW)
    if change is None:
        turn.say("undo.nothing")
        return
    snapshot = json.loads(change.snapshot)
    if change.action == "add_debt":
        debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=snapshot.get("debt_id", -1))
        if debt is not None:
            planning.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
            turn.session.delete(debt)
            turn.say("undo.add_debt", creditor=debt.creditor)
            return
    elif change.action == "add_debts":
        # Several debts confirmed together in one card: one undo takes them all back.
        removed = []
        for debt_id in snapshot.get("debt_ids", []):
            debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=debt_id)
            if debt is not None:
                planning.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
                turn.session.delete(debt)
                removed.append(debt.creditor)
        if removed:
            turn.say("undo.add_debt", creditor=Lines(tuple(removed), LIST_SEP))
            return
    elif change.action in ("payment", "edit_debt"):
        before = snapshot["debt"]
        debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=before["id"])
        if debt is not None:
            payment_id = snapshot.get("payment_id")
            if payment_id is not None:
                payment = turn.session.get(Payment, payment_id)
                if payment is not None and payment.user_id == turn.owner_id:
                    turn.session.delete(payment)
            restore_debt(debt, before)
            turn.session.add(debt)
            turn.session.flush()
            planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days),
                               now=turn.now)
            # The late record's end date goes back with the payment that set it.
            planning.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id, kinds=("record",))
            planning.plan_record_check(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days),
                                       now=turn.now)
            key = "undo.payment" if change.action == "payment" else "undo.edit"
            turn.say(key, creditor=debt.creditor, balance=Money(debt.balance, debt.currency))
            return
    elif change.action == "delete_debt":
        debt = debt_from_snapshot(snapshot["debt"], turn.owner_id)
        turn.session.add(debt)
        turn.session.flush()
        for p in snapshot.get("payments", []):
            turn.session.add(payment_from_snapshot(p, turn.owner_id))
        planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
        turn.say("undo.delete", creditor=debt.creditor, balance=Money(debt.balance, debt.currency))
        return
    turn.say("undo.nothing")
