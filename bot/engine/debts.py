"""Debts: register one from a message (confirm before saving), list, show, edit, delete, history."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from bot.core.dialogue import EditStep
from bot.core.overdue import Standing
from bot.core.schedule import format_lead_days, parse_lead_days
from bot.engine import planning, registration, schedule_status
from bot.engine.common import int_part, owned_debt
from bot.engine.cycles import standing_of
from bot.engine.snapshots import debt_snapshot, payment_snapshot
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError, UserInputError
from bot.nlu import parse_amount, read_due
from bot.nlu.creditor import find_creditor
from bot.nlu.signals import DELETE, MUTE
from bot.texts.values import LIST_SEP, Choice, Day, Lines, LongDate, Money, Rule, Text, Value, joined
from storage import accounts
from storage.models import Debt

MAX_DEBTS = registration.MAX_DEBTS

# --- registration lives in bot.engine.registration; these names are what the router and onboarding call ---

add_command = registration.add_command
register = registration.register
answer_registration = registration.answer_registration
registration_button = registration.registration_button
save_pending = registration.save_pending
save_confirmed = registration.save_confirmed


def parse_lead_days_text(text: str) -> str | None:
    """Read typed lead days ("3,1,0"); "默认"/"default" means the user's own setting (None)."""
    if text.strip().lower() in ("默认", "default", "reset"):
        return None
    numbers = re.findall(r"\d+", text)
    if not numbers or any(int(n) > 30 for n in numbers) or len(numbers) > 6:
        raise UserInputError("set.lead_unknown")
    return format_lead_days(tuple(int(n) for n in numbers))


# --- list and card -----------------------------------------------------------------------------------------


def show_list(turn: Turn, _args: str) -> None:
    """``/list``: every active debt with balance, next due date and days overdue; one button each."""
    debts = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    if not debts:
        turn.say("list.empty")
        registration.drafts_note(turn)
        return
    totals: dict[str, Decimal] = {}
    for d in debts:
        totals[d.currency] = totals.get(d.currency, Decimal(0)) + d.balance
    lines = Lines(tuple(joined(f"{n}. ", debt_line(turn, d)) for n, d in enumerate(debts, start=1)))
    total = Lines(tuple(Money(v, c) for c, v in totals.items()), " + ")
    buttons: Buttons = tuple((Choice(f"{n}. {d.creditor}", f"d:{d.id}"),) for n, d in enumerate(debts[:20], start=1))
    turn.say("list.header", count=len(debts), total=total, lines=lines, buttons=buttons)
    registration.drafts_note(turn)


def debt_line(turn: Turn, debt: Debt) -> Text:
    """One debt in a line: name, balance, due date and where it stands; an overdue one is dated from its first
    missed due date, and a part carried from past cycles is never shown as this cycle's."""
    amount = Money(debt.balance, debt.currency)
    if debt.due_date is None:
        return Text("list.line_no_due", creditor=debt.creditor, amount=amount)
    repeat = "" if not debt.rrule else Text("list.repeat", repeat=Rule(debt.rrule))
    notes: list[Value] = [Text("list.muted")] if debt.reminders_muted else []
    if debt.minimum_payment is not None:
        notes.append(Text("list.minimum", amount=Money(debt.minimum_payment, debt.currency)))
    if debt.instalment_amount is not None and debt.instalment_end is not None:
        notes.append(Text("list.instalments", each=Money(debt.instalment_amount, debt.currency),
                          end=Day(debt.instalment_end)))
    where = standing_of(debt, turn.today)
    shown_due = debt.due_date
    if where.overdue and where.overdue_since is not None:
        shown_due = where.overdue_since
        status: Value = joined(Text("list.overdue", days=where.overdue_days), _current_part(turn, debt, where))
    elif (left := (debt.due_date - turn.today).days) > 0:
        status = Text("list.due_in", days=left)
    else:
        status = Text("list.due_today")
    return Text("list.line", creditor=debt.creditor, amount=amount, due=Day(shown_due), status=status,
                repeat=repeat, muted=joined(*notes))


def _current_part(turn: Turn, debt: Debt, where: Standing) -> Value:
    if where.carried_amount <= 0 or where.current_due is None:
        return ""
    due = Day(where.current_due)
    if where.current_amount is None:
        return Text("list.current_awaiting", due=due)
    if where.current_amount <= 0:
        return ""
    amount, carried = Money(where.current_amount, debt.currency), Money(where.carried_amount, debt.currency)
    if where.current_past_due:
        return Text("list.current_past_due", amount=amount, due=due, carried=carried)
    if where.days_left:
        return Text("list.current_due_in", amount=amount, due=due, days=where.days_left)
    return Text("list.current_due_today", amount=amount)


def debt_button(turn: Turn, parts: list[str]) -> None:
    """Actions on one debt: ``d:<id>`` card, ``:edit``, ``:e:<field>``, ``:hist``, ``:del``, ``:del!``, ``:unmute``."""
    debt = owned_debt(turn, int_part(parts, 0))
    action = parts[1] if len(parts) > 1 else "card"
    if action == "card":
        _card(turn, debt)
    elif action == "edit":
        turn.say("edit.which_field", creditor=debt.creditor, buttons=(
            (turn.button("btn.field_creditor", f"d:{debt.id}:e:creditor"),
             turn.button("btn.field_balance", f"d:{debt.id}:e:amount"),
             turn.button("btn.field_due", f"d:{debt.id}:e:due")),
            (turn.button("btn.cancel", "x"),)))
    elif action == "e" and len(parts) > 2 and parts[2] in ("creditor", "amount", "due", "lead"):
        assert debt.id is not None
        turn.expect(EditStep(debt.id, parts[2]))
        turn.say(f"edit.ask_{parts[2]}", creditor=debt.creditor, buttons=((turn.button("btn.cancel", "x"),),))
    elif action == "hist":
        _history(turn, debt)
    elif action == "del":
        turn.say("del.confirm_debt", creditor=debt.creditor, amount=Money(debt.balance, debt.currency), buttons=(
            (turn.button("btn.delete_confirm", f"d:{debt.id}:del!"), turn.button("btn.cancel", "x")),))
    elif action == "del!":
        _delete(turn, debt)
    elif action == "mute":
        mute_debt(turn, debt)
    elif action == "unmute":
        set_muted(turn, debt, muted=False)
        turn.say("debt.unmuted", creditor=debt.creditor, edit=True)
    else:
        raise NotFoundError("err.stale_button")


def set_muted(turn: Turn, debt: Debt, *, muted: bool) -> None:
    """Stop or resume a debt's reminders (undoable), and re-plan its schedule."""
    snapshot = debt_snapshot(debt)
    debt.reminders_muted = muted
    debt.updated_at = turn.now
    turn.session.add(debt)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="edit_debt",
                       snapshot={"debt": snapshot}, now=turn.now)


def _card(turn: Turn, debt: Debt) -> None:
    paid = sum((p.amount for p in accounts.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)),
               Decimal(0))
    text_id = "debt.card_settled" if debt.status == "settled" else "debt.card"
    mute = (turn.button("btn.unmute", f"d:{debt.id}:unmute") if debt.reminders_muted
            else turn.button("btn.stop_debt", f"rm:stop:{debt.id}"))
    buttons: Buttons = (
        (turn.button("btn.paid_full", f"rm:paid:{debt.id}"), turn.button("btn.paid_part", f"rm:part:{debt.id}")),
        (turn.button("btn.edit", f"d:{debt.id}:edit"), turn.button("btn.history", f"d:{debt.id}:hist")),
        (turn.button("btn.debt_lead", f"d:{debt.id}:e:lead"), mute),
        (turn.button("btn.delete", f"d:{debt.id}:del"),),
    ) if debt.status == "active" else ((turn.button("btn.history", f"d:{debt.id}:hist"),
                                         turn.button("btn.delete", f"d:{debt.id}:del")),)
    line: Value = debt_line(turn, debt) if debt.status == "active" else debt.creditor
    if debt.record_clears_on is not None and debt.record_clears_on >= turn.today:
        line = Lines((line, Text("recovery.record_clears", creditor=debt.creditor,
                                 day=LongDate(debt.record_clears_on))))
    turn.say(text_id, line=line,
             original=Money(debt.original_amount, debt.currency), paid=Money(paid, debt.currency),
             repeat=Rule(debt.rrule), lead=lead_text(parse_lead_days(debt.lead_days or turn.user.lead_days)),
             buttons=buttons)


def lead_text(days: tuple[int, ...]) -> Lines:
    """Say when reminders come before a due date: "提前3天、提前1天、当天"."""
    return Lines(tuple(Text("set.lead_day", n=d) if d else Text("set.lead_due_day") for d in days), LIST_SEP)


def _history(turn: Turn, debt: Debt) -> None:
    payments = accounts.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    if not payments:
        turn.say("hist.empty", creditor=debt.creditor)
        return
    lines = [Text("hist.line", when=Day(p.paid_at.astimezone(turn.zone).date()),
                    amount=Money(p.amount, debt.currency), left=Money(p.balance_after, debt.currency),
                    on_time=Text("hist.on_time") if p.on_time else Text("hist.late"))
             for p in payments[-20:]]
    turn.say("hist.header", creditor=debt.creditor, lines=Lines(tuple(lines)))


def _delete(turn: Turn, debt: Debt) -> None:
    payments = accounts.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="delete_debt", snapshot={
        "debt": debt_snapshot(debt), "payments": [payment_snapshot(p) for p in payments]}, now=turn.now)
    schedule_status.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    turn.session.delete(debt)
    turn.session.flush()
    turn.say("del.debt_done", creditor=debt.creditor, edit=True, buttons=((turn.button("btn.undo", "undo"),),))


def answer_edit(turn: Turn, text: str) -> bool:
    """Apply a typed new value to the field of an existing debt the user chose to edit."""
    step = turn.dialogue.step
    debt = owned_debt(turn, step.debt_id if isinstance(step, EditStep) else -1, active_only=True)
    field = step.field if isinstance(step, EditStep) else None
    snapshot = debt_snapshot(debt)
    if field == "amount":
        amount = parse_amount(text, None)
        if amount is None:
            raise UserInputError("reg.ask_amount_again")
        if amount.problem or amount.value is None:
            raise UserInputError(f"err.amount_{amount.problem}")
        if debt.balance == debt.original_amount:
            debt.original_amount = amount.value
        debt.balance = amount.value
        debt.currency = amount.currency
        debt.awaiting_bill = False
    elif field == "due":
        parsed, since, alternative, _ = read_due(text, turn.local_now, None)
        if parsed is None:
            raise UserInputError("reg.ask_due_again")
        if not parsed.confident:  # an edit saves at once, so an unsure reading is only offered back
            raise UserInputError("edit.due_unsure", due=Day(parsed.at.astimezone(turn.zone).date()),
                                 leftover=parsed.leftover)
        if alternative is not None:
            # "9月15号" in December: this year's (late) or next year's? Ask for the year rather than guess.
            raise UserInputError("edit.due_which_year", past=Day(alternative),
                                 future=Day(parsed.at.date()))
        debt.due_date, debt.rrule = registration.due_from(turn, parsed)
        late = debt.rrule is None and debt.due_date < turn.today
        debt.overdue_since = (since or debt.due_date) if late else None
    elif field == "creditor":
        name = registration.creditor_from_text(text)
        if not name:
            raise UserInputError("reg.ask_creditor_again")
        debt.creditor = name
    elif field == "lead":
        debt.lead_days = parse_lead_days_text(text)
    else:
        turn.end_step()
        return False
    save_edit(turn, debt, snapshot)
    turn.say("edit.saved", line=debt_line(turn, debt), buttons=((turn.button("btn.undo", "undo"),),))
    return True


def save_edit(turn: Turn, debt: Debt, snapshot: dict[str, Any]) -> None:
    """Keep an edited debt: stamp it, remember how it was (for /undo), plan its reminders afresh, end the question."""
    debt.updated_at = turn.now
    turn.session.add(debt)
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="edit_debt",
                       snapshot={"debt": snapshot}, now=turn.now)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    turn.end_step()


# --- asked in words: "删除花呗", "花呗不用提醒了", "stop reminding me about Citi" --------------------------------------


def manage_by_words(turn: Turn, text: str) -> bool:
    """Delete or silence a debt named in words; return False when the text asks neither."""
    prepared = turn.readings[text].prepared
    delete = DELETE.search(prepared)
    mute = None if delete else MUTE.search(prepared)
    match = delete or mute
    if match is None:
        return False
    named = next((g for g in match.groups() if g), "").strip(" 的这那笔")
    if not named:
        return False
    # A draft not saved yet is simply dropped.
    pendings = registration.drafts_of(turn)
    kept = [p for p in pendings if not _names(named, p.creditor or "", None)]
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
             if _names(named, d.creditor, d.creditor_kind)]
    if delete and len(kept) < len(pendings) and not debts:
        dropped = [p.creditor for p in pendings if p not in kept]
        registration.drop_drafts(turn, kept)
        turn.say("reg.draft_dropped", creditor=Lines(tuple(c or "?" for c in dropped), LIST_SEP))
        return True
    if not debts:
        turn.say("manage.not_found", name=named[:40], buttons=((turn.button("btn.list", "list"),),))
        return True
    if len(debts) > 1:
        action = "del" if delete else "mute"
        turn.say("manage.which", buttons=tuple(
            (Choice(joined(f"{d.creditor} ", Money(d.balance, d.currency)), f"d:{d.id}:{action}"),) for d in debts[:10]))
        return True
    debt = debts[0]
    if delete:
        turn.say("del.confirm_debt", creditor=debt.creditor, amount=Money(debt.balance, debt.currency), buttons=(
            (turn.button("btn.delete_confirm", f"d:{debt.id}:del!"), turn.button("btn.cancel", "x")),))
        return True
    mute_debt(turn, debt)
    return True


def mute_debt(turn: Turn, debt: Debt) -> None:
    """Stop a debt's reminders, saying how to resume them."""
    set_muted(turn, debt, muted=True)
    turn.say("rem.stopped", creditor=debt.creditor, buttons=(
        (turn.button("btn.unmute", f"d:{debt.id}:unmute"), turn.button("btn.undo", "undo")),))


def _names(said: str, creditor: str, kind: str | None) -> bool:
    """Tell whether the words name this creditor: the same product or bank, or the name itself."""
    if not creditor:
        return False
    found = find_creditor(said)
    if found is not None and found.name == creditor:
        return True
    if found is not None and kind is not None and found.kind == kind and kind not in ("other", "loan", "credit_card"):
        return True
    folded, target = said.casefold(), creditor.casefold()
    return len(folded) >= 2 and (folded in target or target in folded)
