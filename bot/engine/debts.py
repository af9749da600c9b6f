"""Debts: register one from a message (confirm before saving), list, show, edit, delete, history."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.core.dialogue import PendingDebt
from bot.core.overdue import Standing
from bot.core.redact import mask_card_numbers
from bot.core.schedule import days_overdue, first_cycle_due, format_lead_days, parse_lead_days
from bot.engine import planning
from bot.engine.common import has_consent, int_part, owned_debt
from bot.engine.cycles import standing_of
from bot.engine.snapshots import debt_snapshot, payment_snapshot
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError, UserInputError
from bot.messages import Button
from bot.nlu import DebtDraft, ParsedTime, parse_amount, parse_debt, parse_payment, parse_reminder, parse_time
from bot.texts.format import long_date, money, percent, rule_text
from storage import repo
from storage.models import Debt

MAX_PAST_DAYS = 3 * 365  # an old overdue is exactly who this bot is for; older than this is a typo
MAX_FUTURE_DAYS = 10 * 365
MAX_DEBTS = 50
CREDITOR_MAX = 40
RATE_PLACES = Decimal("0.00000001")

# --- registration --------------------------------------------------------------------------------------------


def add_command(turn: Turn, args: str) -> None:
    """``/add 花呗 3000 12月10日``: register from the arguments, or explain how."""
    if not args:
        turn.say("reg.how_to_add")
        return
    draft = parse_debt(args, turn.local_now, None)
    if draft is None:
        draft = DebtDraft(creditor=_creditor_from_text(args), creditor_kind="other", amount=None, currency="CNY",
                          due=None, missing=("amount", "due"))
    register(turn, draft, args)


def register(turn: Turn, draft: DebtDraft, text: str) -> None:
    """Start registering a debt from what was understood in one message."""
    if repo.count_active_debts(session=turn.session, owner_id=turn.owner_id) >= MAX_DEBTS:
        raise UserInputError("err.too_many_debts", limit=MAX_DEBTS)
    pending = _merge_draft(turn, PendingDebt(), draft)
    _ask_or_confirm(turn, pending)


def _merge_draft(turn: Turn, pending: PendingDebt, draft: DebtDraft) -> PendingDebt:
    """Fold a parsed draft into the pending debt, refusing impossible values with a clear reason."""
    if draft.amount_problem:
        raise UserInputError(f"err.amount_{draft.amount_problem}")
    if draft.due_problem == "impossible_date":
        raise UserInputError("err.date_impossible")
    due_date, rule = (None, None) if draft.due is None else _due_from(turn, draft.due)
    creditor = None if draft.creditor is None else mask_card_numbers(draft.creditor)[:CREDITOR_MAX]
    # Stored rates keep 8 places (an annual rate divided by 365 does not end).
    rate = None if draft.daily_rate is None else draft.daily_rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return pending.merge(creditor=creditor, creditor_kind=draft.creditor_kind if creditor else None,
                         amount=draft.amount, currency=draft.currency if draft.amount is not None else None,
                         due_date=due_date, rule=rule, daily_rate=rate, annual_rate=draft.annual_rate,
                         unclear_rate=draft.unclear_rate)


def _due_from(turn: Turn, parsed: ParsedTime) -> tuple[date, str | None]:
    """Turn a parsed time into the debt's due date and rule, refusing dates too far away."""
    rule = None if parsed.recurrence is None else str(parsed.recurrence)
    due = parsed.at.astimezone(turn.zone).date()
    if rule is not None:
        due = first_cycle_due(rule, turn.today) or due
    if due < turn.today - timedelta(days=MAX_PAST_DAYS):
        raise UserInputError("err.date_too_old")
    if due > turn.today + timedelta(days=MAX_FUTURE_DAYS):
        raise UserInputError("err.date_too_far")
    return due, rule


def _ask_or_confirm(turn: Turn, pending: PendingDebt) -> None:
    question = pending.next_question()
    turn.set_state({"flow": "register", "debt": pending.to_json(), "asking": question})
    if question is not None:
        known = _summary(turn, pending)
        turn.say(f"reg.ask_{question}", known=known, buttons=((turn.button("btn.cancel", "x"),),))
        return
    if pending.unclear_rate is not None:
        # "利率0.05%": a day or a year? A guess would turn a normal rate into a penalty one or the other way.
        turn.say("reg.ask_rate_kind", rate=percent(pending.unclear_rate), buttons=(
            (turn.button("btn.rate_daily", "reg:rate:daily"), turn.button("btn.rate_annual", "reg:rate:annual")),
            (turn.button("btn.cancel", "x"),)))
        return
    turn.say("reg.confirm", summary=_summary(turn, pending), buttons=(
        (turn.button("btn.confirm", "reg:ok"), turn.button("btn.edit", "reg:edit"), turn.button("btn.cancel", "x")),))


def _summary(turn: Turn, pending: PendingDebt) -> str:
    """The understood values, one per line; unknown ones are left out."""
    lines = []
    if pending.creditor:
        lines.append(turn.t("reg.line_creditor", creditor=pending.creditor))
    if pending.amount is not None:
        lines.append(turn.t("reg.line_amount", amount=money(pending.amount, pending.currency)))
    if pending.due_date is not None:
        late = days_overdue(pending.due_date, turn.now, turn.zone)
        key = "reg.line_due_overdue" if late > 0 else "reg.line_due"
        lines.append(turn.t(key, due=turn.day(pending.due_date), days=late))
        lines.append(turn.t("reg.line_repeat", repeat=rule_text(pending.rule, turn.lang)))
    if pending.annual_rate is not None:
        lines.append(turn.t("reg.line_annual_rate", rate=percent(pending.annual_rate)))
    if pending.daily_rate is not None:
        lines.append(turn.t("reg.line_rate", rate=percent(pending.daily_rate)))
    return "\n".join(lines)


def answer_registration(turn: Turn, text: str) -> bool:
    """Use a typed answer for the field the bot asked about (or any new facts in it)."""
    state = turn.state
    pending = PendingDebt.from_json(state.get("debt") or {})
    asking = state.get("asking")
    if _starts_something_else(turn, text, pending):
        turn.set_state(None)  # the half-registered debt is dropped; the router reads the text afresh
        return False
    draft = parse_debt(text, turn.local_now, None)
    if asking == "amount":
        amount = parse_amount(text, None)
        if amount is None:
            raise UserInputError("reg.ask_amount_again")
        if amount.problem:
            raise UserInputError(f"err.amount_{amount.problem}")
        pending = pending.merge(amount=amount.value, currency=amount.currency)
    elif asking == "due":
        parsed = parse_time(text, turn.local_now, None)
        if parsed is None:
            if draft is not None and draft.due_problem == "impossible_date":
                raise UserInputError("err.date_impossible")
            raise UserInputError("reg.ask_due_again")
        due_date, rule = _due_from(turn, parsed)
        pending = pending.merge(due_date=due_date, rule=rule)
    elif asking == "creditor":
        name = draft.creditor if draft is not None and draft.creditor else _creditor_from_text(text)
        if not name:
            raise UserInputError("reg.ask_creditor_again")
        kind = draft.creditor_kind if draft is not None and draft.creditor else "other"
        pending = pending.merge(creditor=mask_card_numbers(name)[:CREDITOR_MAX], creditor_kind=kind)
    if draft is not None:
        # Whatever else the answer said ("3000, due on the 10th") is taken too; the confirmation shows it all.
        pending = _merge_draft(turn, pending, _only_new(draft, asking))
    _ask_or_confirm(turn, pending)
    return True


def _starts_something_else(turn: Turn, text: str, pending: PendingDebt) -> bool:
    """Tell whether a message typed mid-registration is a new request rather than an answer: a reminder, a
    payment, or a different debt with its own creditor and amount."""
    if parse_reminder(text, turn.local_now, None) is not None or parse_payment(text, turn.local_now, None) is not None:
        return True
    other = parse_debt(text, turn.local_now, None)
    return (other is not None and pending.creditor is not None and other.creditor is not None
            and other.amount is not None and other.creditor != pending.creditor)


def _only_new(draft: DebtDraft, asking: object) -> DebtDraft:
    """Drop from a draft the field that was just answered field-specifically (it was already merged)."""
    if asking == "amount":
        return DebtDraft(draft.creditor, draft.creditor_kind, None, draft.currency, draft.due, draft.missing,
                         None, draft.due_problem, draft.daily_rate, draft.annual_rate)
    if asking == "due":
        return DebtDraft(draft.creditor, draft.creditor_kind, draft.amount, draft.currency, None, draft.missing,
                         draft.amount_problem, None, draft.daily_rate, draft.annual_rate)
    if asking == "creditor":
        return DebtDraft(None, None, draft.amount, draft.currency, draft.due, draft.missing,
                         draft.amount_problem, draft.due_problem, draft.daily_rate, draft.annual_rate)
    return draft


def parse_lead_days_text(text: str) -> str | None:
    """Read typed lead days ("3,1,0"); "默认"/"default" means the user's own setting (None)."""
    if text.strip().lower() in ("默认", "default", "reset"):
        return None
    numbers = re.findall(r"\d+", text)
    if not numbers or any(int(n) > 30 for n in numbers) or len(numbers) > 6:
        raise UserInputError("set.lead_unknown")
    return format_lead_days(tuple(int(n) for n in numbers))


def _creditor_from_text(text: str) -> str:
    """Use what the user typed as the creditor's name, trimmed and with card numbers masked."""
    name = " ".join(mask_card_numbers(text).split())[:CREDITOR_MAX]
    return name if any(ch.isalnum() for ch in name) else ""


def registration_button(turn: Turn, parts: list[str]) -> None:
    """Confirm, edit or pick a field of the debt being registered."""
    state = turn.state
    if state.get("flow") != "register":
        raise NotFoundError("err.nothing_pending")
    pending = PendingDebt.from_json(state.get("debt") or {})
    action = parts[0]
    if action == "ok":
        if pending.next_question() is not None:
            _ask_or_confirm(turn, pending)
            return
        if has_consent(turn, save_debt=pending.to_json()):
            save_pending(turn, pending)
    elif action == "edit":
        turn.say("reg.which_field", edit=True, buttons=(
            (turn.button("btn.field_creditor", "reg:f:creditor"), turn.button("btn.field_amount", "reg:f:amount"),
             turn.button("btn.field_due", "reg:f:due")), (turn.button("btn.cancel", "x"),)))
    elif action == "rate" and len(parts) > 1 and parts[1] in ("daily", "annual"):
        _ask_or_confirm(turn, pending.rate_is(parts[1]))
    elif action == "f" and len(parts) > 1 and parts[1] in ("creditor", "amount", "due"):
        _ask_or_confirm(turn, pending.without(parts[1]))
    else:
        raise NotFoundError("err.stale_button")


def save_pending(turn: Turn, pending: PendingDebt) -> None:
    """Save a confirmed, complete draft as a debt and plan its reminders."""
    assert pending.creditor is not None and pending.amount is not None and pending.due_date is not None
    debt = repo.add_debt(session=turn.session, debt=Debt(
        user_id=turn.owner_id, creditor=pending.creditor, creditor_kind=pending.creditor_kind or "other",
        currency=pending.currency, original_amount=pending.amount, balance=pending.amount, due_date=pending.due_date,
        rrule=pending.rule, daily_rate=pending.daily_rate, annual_rate=pending.annual_rate, created_at=turn.now,
        updated_at=turn.now))
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(), now=turn.now)
    repo.record_change(session=turn.session, owner_id=turn.owner_id, action="add_debt",
                       snapshot={"debt_id": debt.id}, now=turn.now)
    turn.set_state(None)
    turn.say("reg.saved", edit=True, topic="debt_saved", creditor=debt.creditor, amount=money(debt.balance, debt.currency),
             next=_next_reminder_text(turn, debt),
             buttons=((turn.button("btn.list", "list"), turn.button("btn.undo", "undo")),))


def _next_reminder_text(turn: Turn, debt: Debt) -> str:
    upcoming = [r for r in repo.list_pending_reminders(session=turn.session, owner_id=turn.owner_id)
                if r.debt_id == debt.id]
    if not upcoming:
        return turn.t("reg.no_reminder_planned")
    return turn.t("reg.next_reminder", when=turn.when(upcoming[0].fire_at))


# --- list and card -----------------------------------------------------------------------------------------


def show_list(turn: Turn, _args: str) -> None:
    """``/list``: every active debt with balance, next due date and days overdue; one button each."""
    debts = repo.list_debts(session=turn.session, owner_id=turn.owner_id)
    if not debts:
        turn.say("list.empty")
        return
    totals: dict[str, Decimal] = {}
    for d in debts:
        totals[d.currency] = totals.get(d.currency, Decimal(0)) + d.balance
    lines = [f"{n}. {debt_line(turn, d)}" for n, d in enumerate(debts, start=1)]
    total = " + ".join(money(v, c) for c, v in totals.items())
    buttons: Buttons = tuple((Button(f"{n}. {d.creditor}", f"d:{d.id}"),) for n, d in enumerate(debts[:20], start=1))
    turn.say("list.header", count=len(debts), total=total, lines="\n".join(lines), buttons=buttons)


def debt_line(turn: Turn, debt: Debt) -> str:
    """One debt in a line: name, balance, due date and where it stands; an overdue one is dated from its first
    missed due date, and a part carried from past cycles is never shown as this cycle's."""
    amount = money(debt.balance, debt.currency)
    if debt.due_date is None:
        return turn.t("list.line_no_due", creditor=debt.creditor, amount=amount)
    repeat = "" if not debt.rrule else turn.t("list.repeat", repeat=rule_text(debt.rrule, turn.lang))
    muted = turn.t("list.muted") if debt.reminders_muted else ""
    where = standing_of(debt, turn.today)
    shown_due = debt.due_date
    if where.overdue and where.overdue_since is not None:
        shown_due = where.overdue_since
        status = turn.t("list.overdue", days=where.overdue_days) + _current_part(turn, debt, where)
    elif (left := (debt.due_date - turn.today).days) > 0:
        status = turn.t("list.due_in", days=left)
    else:
        status = turn.t("list.due_today")
    return turn.t("list.line", creditor=debt.creditor, amount=amount, due=turn.day(shown_due), status=status,
                  repeat=repeat, muted=muted)


def _current_part(turn: Turn, debt: Debt, where: Standing) -> str:
    if where.carried_amount <= 0 or where.current_due is None:
        return ""
    due = turn.day(where.current_due)
    if where.current_amount is None:
        return turn.t("list.current_awaiting", due=due)
    if where.current_amount <= 0:
        return ""
    amount, carried = money(where.current_amount, debt.currency), money(where.carried_amount, debt.currency)
    if where.current_past_due:
        return turn.t("list.current_past_due", amount=amount, due=due, carried=carried)
    if where.days_left:
        return turn.t("list.current_due_in", amount=amount, due=due, days=where.days_left)
    return turn.t("list.current_due_today", amount=amount)


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
        turn.set_state({"flow": "edit", "debt_id": debt.id, "field": parts[2]})
        turn.say(f"edit.ask_{parts[2]}", creditor=debt.creditor, buttons=((turn.button("btn.cancel", "x"),),))
    elif action == "hist":
        _history(turn, debt)
    elif action == "del":
        turn.say("del.confirm_debt", creditor=debt.creditor, amount=money(debt.balance, debt.currency), buttons=(
            (turn.button("btn.delete_confirm", f"d:{debt.id}:del!"), turn.button("btn.cancel", "x")),))
    elif action == "del!":
        _delete(turn, debt)
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
    repo.record_change(session=turn.session, owner_id=turn.owner_id, action="edit_debt",
                       snapshot={"debt": snapshot}, now=turn.now)


def _card(turn: Turn, debt: Debt) -> None:
    paid = sum((p.amount for p in repo.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)),
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
    line = debt_line(turn, debt) if debt.status == "active" else debt.creditor
    if debt.record_clears_on is not None and debt.record_clears_on >= turn.today:
        line += "\n" + turn.t("recovery.record_clears", creditor=debt.creditor,
                              day=long_date(debt.record_clears_on, turn.lang))
    turn.say(text_id, line=line,
             original=money(debt.original_amount, debt.currency), paid=money(paid, debt.currency),
             repeat=rule_text(debt.rrule, turn.lang), lead=lead_text(turn, parse_lead_days(debt.lead_days or turn.user.lead_days)),
             buttons=buttons)


def lead_text(turn: Turn, days: tuple[int, ...]) -> str:
    """Say when reminders come before a due date: "提前3天、提前1天、当天"."""
    return turn.t("fmt.list_sep").join(turn.t("set.lead_day", n=d) if d else turn.t("set.lead_due_day") for d in days)


def _history(turn: Turn, debt: Debt) -> None:
    payments = repo.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    if not payments:
        turn.say("hist.empty", creditor=debt.creditor)
        return
    lines = [turn.t("hist.line", when=turn.day(p.paid_at.astimezone(turn.zone).date()),
                    amount=money(p.amount, debt.currency), left=money(p.balance_after, debt.currency),
                    on_time=turn.t("hist.on_time") if p.on_time else turn.t("hist.late"))
             for p in payments[-20:]]
    turn.say("hist.header", creditor=debt.creditor, lines="\n".join(lines))


def _delete(turn: Turn, debt: Debt) -> None:
    payments = repo.list_payments(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    repo.record_change(session=turn.session, owner_id=turn.owner_id, action="delete_debt", snapshot={
        "debt": debt_snapshot(debt), "payments": [payment_snapshot(p) for p in payments]}, now=turn.now)
    repo.cancel_reminders(session=turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    turn.session.delete(debt)
    turn.session.flush()
    turn.say("del.debt_done", creditor=debt.creditor, edit=True, buttons=((turn.button("btn.undo", "undo"),),))


def answer_edit(turn: Turn, text: str) -> bool:
    """Apply a typed new value to the field of an existing debt the user chose to edit."""
    state = turn.state
    raw_id = state.get("debt_id")
    debt = owned_debt(turn, raw_id if isinstance(raw_id, int) else -1, active_only=True)
    field = state.get("field")
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
        parsed = parse_time(text, turn.local_now, None)
        if parsed is None:
            raise UserInputError("reg.ask_due_again")
        debt.due_date, debt.rrule = _due_from(turn, parsed)
    elif field == "creditor":
        name = _creditor_from_text(text)
        if not name:
            raise UserInputError("reg.ask_creditor_again")
        debt.creditor = name
    elif field == "lead":
        debt.lead_days = parse_lead_days_text(text)
    else:
        turn.set_state(None)
        return False
    debt.updated_at = turn.now
    turn.session.add(debt)
    repo.record_change(session=turn.session, owner_id=turn.owner_id, action="edit_debt",
                       snapshot={"debt": snapshot}, now=turn.now)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    turn.set_state(None)
    turn.say("edit.saved", line=debt_line(turn, debt), buttons=((turn.button("btn.undo", "undo"),),))
    return True
