"""``/undo``: put back the user's last change (a new debt, a payment, an edit, a deletion) from the last day."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.engine import planning, schedule_status
from bot.engine.snapshots import debt_from_snapshot, payment_from_snapshot, restore_debt
from bot.engine.turn import Turn
from bot.texts.values import LIST_SEP, Lines, Money
from storage import accounts
from storage.models import Payment

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
            schedule_status.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
            turn.session.delete(debt)
            turn.say("undo.add_debt", creditor=debt.creditor)
            return
    elif change.action == "add_debts":
        # Several debts confirmed together in one card: one undo takes them all back.
        removed = []
        for debt_id in snapshot.get("debt_ids", []):
            debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=debt_id)
            if debt is not None:
                schedule_status.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
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
            schedule_status.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id, kinds=("record",))
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
