"""Pasted and forwarded notices: a bill is shown as read and saved or used to update the matching debt's current
cycle only when the user says so; a repayment-success notice becomes a payment only when the user says so; any
other notice (a purchase, a refund, an offer…) gets a short "not a bill" and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot.core import overdue
from bot.core.dialogue import NoticeStep, bill_from_json
from bot.core.overdue import cycle_of
from bot.core.redact import mask_card_numbers
from bot.core.schedule import days_overdue
from bot.engine import debts, payments, planning
from bot.engine.debts import debt_snapshot, set_cycle
from bot.engine.turn import Buttons, Turn, has_consent, int_part, owned_debt
from bot.errors import NotFoundError, UserInputError
from bot.nlu.recurrence import Recurrence
from bot.nlu.results import BillNotice, DebtDraft, OtherNotice, ParsedTime
from bot.nlu.yes_no import confirms, is_no
from bot.texts.values import LIST_SEP, Choice, Day, Lines, Money, Rule, Text, Value
from storage import accounts
from storage.models import Debt

PREFIX = "paste"  # button data: paste:new, paste:upd:<debt id>, paste:pay:<debt id>
# Kinds whose bill comes every month on the same day: saved as a monthly bill, so paying it opens the next cycle.
MONTHLY_KINDS = ("credit_card", "huabei", "baitiao", "meituan", "douyin")
_NAME_NOISE = ("信用卡", "credit card", "贷款", "loan", "银行", "bank", "的卡", "卡", " ")


def answer_notice(turn: Turn, text: str) -> None:
    """Answer a pasted notice (``Kind.NOTICE``): a bill is offered for saving, a repayment notice for recording,
    any other notice said for what it is. A message of several notices is listed, then each bill and repayment is
    offered one after the other, each read on its own."""
    _set_aside(turn)
    notices = turn.readings[text].notices
    if len(notices) > 1:
        _answer_several(turn, text, notices)
        return
    reading = turn.readings[text].notice
    if isinstance(reading, BillNotice):
        if has_consent(turn, resume_text=text):
            _offer_bill(turn, reading)
    elif isinstance(reading, OtherNotice):
        if reading.kind == "repayment":
            _offer_payment(turn, reading, text)
        elif reading.kind == "tangled":
            turn.say("paste.tangled")
        else:
            turn.say("paste.not_a_bill", kind=Text(f"paste.kind.{reading.kind}"))
    else:
        # A notice we could not read: its "如已还款请忽略" must not be taken for the user saying they paid.
        turn.say("paste.unreadable")


# --- several notices in one message ---------------------------------------------------------------------------

Queue = tuple[tuple[int, BillNotice | OtherNotice], ...]


def _answer_several(turn: Turn, text: str, notices: tuple[BillNotice | OtherNotice | None, ...]) -> None:
    """List what each notice is, then offer the first bill or repayment; the rest wait in the step."""
    queue: Queue = tuple((n, found) for n, found in enumerate(notices, start=1)
                         if isinstance(found, BillNotice) or isinstance(found, OtherNotice) and found.kind == "repayment")
    if queue and not has_consent(turn, resume_text=text):
        return
    items = tuple(_item(n, found) for n, found in enumerate(notices, start=1))
    turn.say("paste.several", count=len(notices), items=Lines(items),
             next=Text("paste.several_next") if queue else Text("paste.several_none"))
    _walk(turn, queue, len(notices))


def _item(n: int, found: BillNotice | OtherNotice | None) -> Text:
    if isinstance(found, BillNotice):
        creditor: Text | str = found.creditor or Text(
            "paste.item_unnamed_bank" if found.creditor_kind == "credit_card" else "paste.item_unnamed")
        if found.amount is None:
            return Text("paste.item_bill_no_amount", n=n, creditor=creditor)
        return Text("paste.item_bill", n=n, creditor=creditor, amount=Money(found.amount, found.currency))
    if isinstance(found, OtherNotice) and found.kind == "tangled":
        return Text("paste.item_tangled", n=n)
    if isinstance(found, OtherNotice):
        kind = Text(f"paste.kind.{found.kind}")
        return Text("paste.item_repaid" if found.kind == "repayment" else "paste.item_other", n=n, kind=kind)
    return Text("paste.item_unreadable", n=n)


def _walk(turn: Turn, queue: Queue, count: int) -> None:
    """Offer the queued notices in order until one waits for the user (a bill to save, a repayment to record);
    one that needs no answer (already on file, no debt to pay) is said and the next one offered."""
    while queue:
        (place, notice), queue = queue[0], queue[1:]
        where = _Place(place, count, queue)
        waiting = _offer_bill(turn, notice, where) if isinstance(notice, BillNotice) else _offer_payment(
            turn, notice, None, where)
        if waiting:
            return


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a notice stands in a message of several: its number, how many there are, and the ones after it."""

    place: int
    count: int
    rest: Queue

    def text(self, text_id: str, **params: Value) -> Text:
        """The reply about this notice, headed with its number."""
        return Text("paste.numbered", n=self.place, count=self.count, body=Text(text_id, **params))


_ALONE = _Place(1, 1, ())


def _say(turn: Turn, where: _Place, text_id: str, *, buttons: Buttons = (), edit: bool = False,
         **params: Value) -> None:
    body = where.text(text_id, **params) if where.count > 1 else Text(text_id, **params)
    turn.reply(body, buttons=buttons, edit=edit)


def _after(turn: Turn, step: NoticeStep) -> None:
    """The shown notice is dealt with: offer the next one of its message."""
    _walk(turn, step.rest, step.count)


def _set_aside(turn: Turn) -> None:
    """A new notice pasted while one of an earlier message's waits: the earlier ones not dealt with are named, so
    they are not dropped without a word."""
    step = turn.dialogue.step
    if isinstance(step, NoticeStep) and step.count > 1:
        numbers = (step.place, *(n for n, _ in step.rest))
        turn.say("paste.earlier_left", numbers=Lines(tuple(Text("paste.number", n=n) for n in numbers), LIST_SEP))


def _left_behind(turn: Turn, step: NoticeStep) -> None:
    """Another question takes over (filling in a bill, a part payment): the notices after this one are not lost
    silently; the user is told to send them again."""
    if step.rest:
        turn.say("paste.rest_later", count=len(step.rest),
                 numbers=Lines(tuple(Text("paste.number", n=n) for n, _ in step.rest), LIST_SEP))


# --- a bill ------------------------------------------------------------------------------------------------


def _offer_bill(turn: Turn, bill: BillNotice, where: _Place = _ALONE) -> bool:
    """Show the bill as read and ask what to do with it; False when it needs no answer (already on file)."""
    matches = _matching(turn, bill.creditor, bill.card_last4)
    due = _due_of(turn, bill)
    same = [d for d in matches if d.balance == bill.amount and d.due_date == due and d.currency == bill.currency]
    if same:
        # Nothing new: the notice is the debt already on file (pointed out, never saved twice or taken as paid).
        _say(turn, where, "paste.same", line=debts.debt_line(turn, same[0]))
        return False
    turn.expect(NoticeStep(bill=bill, place=where.place, count=where.count, rest=where.rest))
    rows: list[tuple[Choice, ...]] = [(turn.button("btn.paste_update", f"{PREFIX}:upd:{d.id}", creditor=d.creditor),)
                                      for d in matches[:3]]
    complete = bill.creditor is not None and bill.amount is not None and _due_of(turn, bill) is not None
    new_label = "btn.paste_new" if complete else "btn.paste_fill"
    rows.append((turn.button("btn.paste_new_other" if matches else new_label, f"{PREFIX}:new"),
                 turn.button("btn.paste_skip", f"{PREFIX}:skip") if where.rest else turn.button("btn.cancel", "x")))
    question = (Text("paste.ask_update", creditor=matches[0].creditor) if len(matches) == 1
                else Text("paste.ask_update_many") if matches else Text("paste.ask_new"))
    _say(turn, where, "paste.read", summary=_summary(turn, bill), note=_currency_note(turn, bill), question=question,
         buttons=tuple(rows))
    return True


def _summary(turn: Turn, bill: BillNotice) -> Lines:
    lines: list[Text] = []
    if bill.creditor:
        lines.append(Text("paste.line_creditor", creditor=bill.creditor))
    if bill.amount is not None:
        lines.append(Text("paste.line_amount", amount=Money(bill.amount, bill.currency)))
    if bill.minimum is not None:
        lines.append(Text("paste.line_minimum", amount=Money(bill.minimum, bill.currency)))
    due = _due_of(turn, bill)
    if due is not None:
        late = days_overdue(due, turn.now, turn.zone)
        lines.append(Text("paste.line_due_overdue" if late > 0 else "paste.line_due", due=Day(due), days=late))
    elif bill.overdue_days is not None:
        lines.append(Text("paste.line_overdue", days=bill.overdue_days))
    if bill.statement_date is not None:
        lines.append(Text("paste.line_statement", day=Day(bill.statement_date)))
    if bill.card_last4:
        lines.append(Text("paste.line_card", tail=bill.card_last4))
    missing = [Text(_unnamed(bill) if name == "creditor" else f"paste.field.{name}") for name, value in
               (("creditor", bill.creditor), ("amount", bill.amount), ("due", due)) if value is None]
    if missing:
        lines.append(Text("paste.line_missing", fields=Lines(tuple(missing), LIST_SEP)))
    return Lines(tuple(lines))


def _unnamed(bill: BillNotice) -> str:
    """What the notice left out when it names no lender: for a card ("信用卡中心"), the bank."""
    return "paste.field.bank" if bill.creditor_kind == "credit_card" else "paste.field.creditor"


def _currency_note(turn: Turn, bill: BillNotice) -> Text | str:
    if not bill.other_currencies:
        return ""
    return Text("paste.other_currency", currencies=Lines(tuple(bill.other_currencies), LIST_SEP),
                  currency=bill.currency)


def _due_of(turn: Turn, bill: BillNotice) -> date | None:
    """The due date the notice gives, or the one its "已逾期N天" implies (today minus N days); None for a date too
    far away to be this bill's (an old notice pasted by mistake is asked about, not saved years overdue)."""
    due = bill.due
    if due is None and bill.overdue_days is not None:
        due = turn.today - timedelta(days=bill.overdue_days)
    if due is None or not turn.today - timedelta(days=debts.MAX_PAST_DAYS) <= due <= turn.today + timedelta(
            days=debts.MAX_FUTURE_DAYS):
        return None
    return due


def paste_button(turn: Turn, parts: list[str]) -> None:
    """``paste:new`` saves the shown bill as a new debt, ``paste:upd:<id>`` updates that debt's current cycle,
    ``paste:pay:<id>`` records the shown repayment on that debt."""
    step = turn.dialogue.step
    if not isinstance(step, NoticeStep):
        raise NotFoundError("err.nothing_pending")
    action = parts[0]
    if action == "pay":
        debt = owned_debt(turn, int_part(parts, 1), active_only=True)
        turn.end_step()
        if step.paid is None:
            payments.ask_part_amount(turn, debt, edit=True)
            _left_behind(turn, step)
            return
        payments.apply_payment(turn, debt, step.paid, turn.now, edit=True)
        _after(turn, step)
        return
    if action == "skip":
        turn.end_step()
        turn.say("paste.skipped", edit=True, n=step.place)
        _after(turn, step)
        return
    bill = step.bill or bill_from_json({})
    if action == "new":
        if _save_new(turn, bill):
            _after(turn, step)
        else:
            _left_behind(turn, step)
    elif action == "upd":
        _update(turn, owned_debt(turn, int_part(parts, 1), active_only=True), bill)
        _after(turn, step)
    else:
        raise NotFoundError("err.stale_button")


def answer_typed(turn: Turn, text: str) -> bool:
    """A typed answer at a notice's card (WeChat and the console show its buttons as numbers, and people type
    「保存」 or "yes" anyway). A yes does the card's one thing: save the bill, or update the one debt it matches;
    where the card offers several, the buttons are pointed to. A no skips this notice when others wait. Anything
    else is read afresh: False."""
    step = turn.dialogue.step
    if not isinstance(step, NoticeStep):
        return False
    if is_no(text) and step.rest:
        paste_button(turn, ["skip"])
        return True
    if not confirms(text):
        return False
    matches = _matching(turn, step.bill.creditor, step.bill.card_last4) if step.bill is not None else []
    if step.bill is not None and len(matches) <= 1:
        paste_button(turn, ["upd", str(matches[0].id)] if matches else ["new"])
    else:
        turn.say("paste.press_to_choose")  # which debt a repayment, or a bill matching several, is for
    return True


def _save_new(turn: Turn, bill: BillNotice) -> bool:
    """Save the bill as a new debt (True), or start the registration that asks what it left out (False)."""
    due = _due_of(turn, bill)
    if bill.creditor is None or bill.amount is None or due is None:
        # Something is missing: the usual registration asks for it, with what the notice said already filled in.
        turn.end_step()
        # A card or monthly-pay bill comes back every month, as when it is saved whole; its minimum and statement
        # day are kept too, so filling in the lender loses nothing the notice said.
        monthly = (due is not None and bill.creditor_kind in MONTHLY_KINDS and days_overdue(due, turn.now, turn.zone) <= 0)
        rule = Recurrence("MONTHLY", by_month_day=due.day) if monthly and due is not None else None
        at = None if due is None else ParsedTime(datetime.combine(due, time(), tzinfo=turn.zone), "day", rule, (0, 0))
        draft = DebtDraft(creditor=bill.creditor, creditor_kind=bill.creditor_kind, amount=bill.amount,
                          currency=bill.currency, due=at, minimum=bill.minimum,
                          statement_day=bill.statement_date.day if bill.statement_date else None,
                          missing=tuple(n for n, v in (("creditor", bill.creditor), ("amount", bill.amount), ("due", at))
                                        if v is None))
        debts.register(turn, draft)
        return False
    if accounts.count_active_debts(session=turn.session, owner_id=turn.owner_id) >= debts.MAX_DEBTS:
        raise UserInputError("err.too_many_debts", limit=debts.MAX_DEBTS)
    late = days_overdue(due, turn.now, turn.zone) > 0
    monthly = bill.creditor_kind in MONTHLY_KINDS and not late
    debt = accounts.add_debt(session=turn.session, debt=Debt(
        user_id=turn.owner_id, creditor=mask_card_numbers(bill.creditor)[:debts.CREDITOR_MAX],
        creditor_kind=bill.creditor_kind or "other", currency=bill.currency, original_amount=bill.amount,
        balance=bill.amount, due_date=due, rrule=str(Recurrence("MONTHLY", by_month_day=due.day)) if monthly else None,
        minimum_payment=bill.minimum, card_last4=bill.card_last4,
        statement_day=bill.statement_date.day if bill.statement_date else None,
        overdue_since=due if late else None, created_at=turn.now, updated_at=turn.now))
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(), now=turn.now)
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="add_debt",
                       snapshot={"debt_id": debt.id}, now=turn.now)
    turn.end_step()
    turn.say("paste.saved", edit=True, topic="debt_saved", creditor=debt.creditor,
             amount=Money(debt.balance, debt.currency), due=Day(due), repeat=Rule(debt.rrule),
             buttons=((turn.button("btn.list", "list"), turn.button("btn.undo", "undo")),))
    return True


def _update(turn: Turn, debt: Debt, bill: BillNotice) -> None:
    """Use the bill as the debt's current cycle: its amount, minimum and due date (what the notice left out stays)."""
    snapshot = debt_snapshot(debt)
    due = _due_of(turn, bill)
    if bill.amount is not None and bill.currency != debt.currency:
        raise UserInputError("paste.other_currency_debt", currency=debt.currency)
    # The bill is this cycle's, as when the user types the new bill's amount: an overdue part carried from an
    # earlier cycle stays its own part (bot.core.overdue).
    cycle = cycle_of(debt)
    if due is not None:
        cycle = replace(cycle, due_date=due)
        if debt.rrule and bill.creditor_kind in MONTHLY_KINDS:
            debt.rrule = str(Recurrence("MONTHLY", by_month_day=due.day))
        if days_overdue(due, turn.now, turn.zone) > 0 and cycle.overdue_since is None:
            cycle = replace(cycle, overdue_since=due)
    if bill.amount is not None:
        cycle = overdue.set_bill(cycle, bill.amount)
    set_cycle(debt, cycle)
    if bill.minimum is not None:
        debt.minimum_payment = bill.minimum
    if bill.card_last4 and not debt.card_last4:
        debt.card_last4 = bill.card_last4
    if bill.statement_date is not None:
        debt.statement_day = bill.statement_date.day
    debts.save_edit(turn, debt, snapshot)
    turn.say("paste.updated", edit=True, line=debts.debt_line(turn, debt),
             buttons=((turn.button("btn.list", "list"), turn.button("btn.undo", "undo")),))


# --- a repayment that went through -------------------------------------------------------------------------


def _offer_payment(turn: Turn, notice: OtherNotice, text: str | None, where: _Place = _ALONE) -> bool:
    """A repayment-success notice is a payment on a debt on file, recorded only when the user says so; False when
    it needs no answer (no debt to record it on). ``text``: the message, to read again after consent (None when
    consent was asked for the whole message already)."""
    matches = _matching(turn, notice.creditor, notice.card_last4) if notice.creditor else []
    if not matches:
        _say(turn, where, "paste.repaid_no_debt")
        return False
    if text is not None and not has_consent(turn, resume_text=text):
        return True
    creditor = notice.creditor or ""  # a notice naming no creditor matched no debt
    what = (Text("paste.repaid_amount", creditor=creditor, amount=Money(notice.amount, notice.currency or "CNY"))
            if notice.amount is not None else Text("paste.repaid_no_amount", creditor=creditor))
    turn.expect(NoticeStep(paid=notice.amount, place=where.place, count=where.count, rest=where.rest))
    buttons: Buttons = tuple((turn.button("btn.paste_pay", f"{PREFIX}:pay:{d.id}", creditor=d.creditor,
                                          balance=Money(d.balance, d.currency)),) for d in matches[:3])
    last = turn.button("btn.paste_skip", f"{PREFIX}:skip") if where.rest else turn.button("btn.cancel", "x")
    _say(turn, where, "paste.repaid_ask", what=what, buttons=(*buttons, (last,)))
    return True


# --- which saved debt a notice is about --------------------------------------------------------------------


def _matching(turn: Turn, creditor: str | None, card_last4: str | None) -> list[Debt]:
    """Active debts with the notice's creditor and, where both are known, the same card tail."""
    if not creditor:
        return []
    key = _name_key(creditor)
    if not key:
        return []
    found = []
    for debt in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        if card_last4 and debt.card_last4 and card_last4 != debt.card_last4:
            continue
        other = _name_key(debt.creditor)
        if other and (key in other or other in key):
            found.append(debt)
    # The same card tail is the surest match: when some debts have it, those are the ones.
    same_card = [d for d in found if card_last4 and d.card_last4 == card_last4]
    return same_card or found


def _name_key(name: str) -> str:
    key = name.lower()
    for noise in _NAME_NOISE:
        key = key.replace(noise, "")
    return key
