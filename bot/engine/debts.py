"""What a user does with their debts: describe a new one (the registration card), list, edit, delete and mute them;
the debt's current cycle and the snapshots /undo restores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session

from bot import nlu
from bot.core.dialogue import Asking, EditStep, PendingDebt, RegisterStep
from bot.core.overdue import Cycle, Standing, standing_of
from bot.core.redact import mask_card_numbers
from bot.core.schedule import days_overdue, first_cycle_due, format_lead_days, parse_lead_days
from bot.engine import planning
from bot.engine.turn import Buttons, Turn, has_consent, int_part, owned_debt
from bot.errors import NotFoundError, UserInputError
from bot.nlu.calendar_math import clamp_day, shift_month
from bot.nlu.creditor import find_creditor, home_currency
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import normalize
from bot.nlu.results import DebtDraft, ParsedTime
from bot.nlu.yes_no import confirms, is_no, is_yes
from bot.texts.values import (
    LIST_SEP,
    Choice,
    Day,
    Lines,
    LongDate,
    Money,
    Percent,
    Rule,
    Text,
    Value,
    When,
    joined,
)
from storage import accounts, schedule
from storage.models import Debt, Payment

# --- the debt's current cycle ------------------------------------------------------------------------------


def cycle_values(cycle: Cycle) -> dict[str, Any]:
    """The columns to write for ``cycle``."""
    return {"due_date": cycle.due_date, "balance": cycle.balance, "original_amount": cycle.original_amount,
            "overdue_since": cycle.overdue_since, "carried_overdue": cycle.carried_overdue,
            "awaiting_bill": cycle.awaiting_bill}


def write_cycle(session: Session, debt: Debt, cycle: Cycle, now: datetime, **more: Any) -> None:
    """Write ``cycle`` (and ``more`` columns changed with it) on the debt, stamped ``updated_at = now``."""
    accounts.write_fields(session=session, row=debt, values={**cycle_values(cycle), **more, "updated_at": now})


def set_cycle(debt: Debt, cycle: Cycle) -> None:
    """Put ``cycle`` on the (ORM-tracked) debt, for an edit that saves the debt with other changes."""
    for name, value in cycle_values(cycle).items():
        setattr(debt, name, value)


# --- registering a debt: the card --------------------------------------------------------------------------

MAX_PAST_DAYS = 3 * 365  # an old overdue is exactly who this bot is for; older than this is a typo
MAX_FUTURE_DAYS = 10 * 365
MAX_DEBTS = 50
MAX_DRAFTS = 10
CREDITOR_MAX = 40
RATE_PLACES = Decimal("0.00000001")
DUPLICATE_DAYS = 7  # same creditor and a due date this close (or an amount within 10%): likely the same debt

_YES = lazy_compile(r"^\s*(?:是|是的|对|对的|嗯|没错|今年|已逾期|逾期了|yes|yeah|yep|right|correct|this\s+year|overdue)\b", re.I)
_NO = lazy_compile(r"^\s*(?:不是|不对|不|明年|下一年|no|nope|next\s+year)", re.I)
# A day of the month said alone: "25号", "25日", "25", "the 25th".
_BARE_DAY = lazy_compile(r"^(?:the\s+)?(?:[0-9]{1,2}|[一二三四五六七八九十廿]{1,3})\s{0,1}(?:号|號|日|st|nd|rd|th)?$", re.I)
# A new value that is a day: the due date ("25号", "每月25号", "the 25th", "Dec 25", "next friday").
_DAY_WORDS = lazy_compile(r"[号號日]|月|周|週|星期|礼拜|下|明天|后天|\b(?:st|nd|rd|th)\b|[0-9](?:st|nd|rd|th)\b"
                          r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues?|wed|thu|fri|sat|sun)[a-z]*\b"
                          r"|\b(?:tomorrow|next|every|monthly)\b|/")
_CREDITOR_IS = lazy_compile(
    r"(?:creditor|lender|bank|card|it'?s\s+owed\s+to|owed\s+to|it'?s\s+for)\s+(?:is\s+|was\s+)?(?P<en>[a-z][\w .'&-]{0,38})$"
    r"|(?:欠款方|债主|对方|平台|银行)(?:是|改成|改为|应该是)(?P<zh>.{1,20})$",
    re.I,
)
_WHICH = lazy_compile(r"第\s{0,2}([1-9一二三四五六七八九])\s{0,2}(?:笔|个|条|项)|#([1-9])\b|\bthe\s+(first|second|third|fourth|fifth)\s+one\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# --- drafts in the dialogue state --------------------------------------------------------------------------


def drafts_of(turn: Turn) -> list[PendingDebt]:
    """The debts described and not yet confirmed (they survive other commands); a copy to change and store."""
    return list(turn.dialogue.drafts)


def _store(turn: Turn, pendings: list[PendingDebt], asking: str | None, at: int | None, fix: str | None = None) -> None:
    turn.set_drafts(pendings, RegisterStep(asking=None if asking is None else Asking(asking), at=at, fix=fix))


def ready_to_save(turn: Turn) -> bool:
    """Tell whether a card is open with nothing left to ask: only "save this?" waits."""
    pendings = drafts_of(turn)
    return bool(pendings) and _asked(turn).asking is None and all(p.next_question() is None for p in pendings)


def _asked(turn: Turn) -> RegisterStep:
    """What was asked about the drafts (nothing, when the question now open is another one)."""
    return turn.dialogue.step if isinstance(turn.dialogue.step, RegisterStep) else RegisterStep()


# --- starting ----------------------------------------------------------------------------------------------


def add_command(turn: Turn, args: str) -> None:
    """``/add 花呗 3000 12月10日``: register from the arguments, or explain how."""
    if not args:
        turn.say("reg.how_to_add")
        return
    drafts = nlu.parse_debts(args, now=turn.local_now)
    if not drafts:
        draft = nlu.parse_debt(args, turn.local_now, None)
        drafts = [draft] if draft is not None else [DebtDraft(
            creditor=creditor_from_text(args), creditor_kind="other", amount=None, currency="CNY", due=None,
            missing=("amount", "due"))]
    register_many(turn, drafts)


def one_at_a_time(turn: Turn, text: str) -> None:
    """Several debts counted together and none named (``Kind.SEVERAL``): nothing is carded, the user is asked for
    them one at a time, each with its own due date."""
    turn.say("debt.several_unnamed", said=turn.readings[text].several or "")


def register_text(turn: Turn, text: str) -> None:
    """Register the debts a message states (``Kind.DEBTS``)."""
    register_many(turn, list(turn.readings[text].debts))


def register(turn: Turn, draft: DebtDraft, _text: str = "") -> None:
    """Start registering one debt from what was understood in one message."""
    register_many(turn, [draft])


def register_many(turn: Turn, drafts: list[DebtDraft]) -> None:
    """Add every debt a message states to the drafts in progress, then ask what is missing or confirm them all."""
    pendings = drafts_of(turn)
    if accounts.count_active_debts(session=turn.session, owner_id=turn.owner_id) + len(drafts) > MAX_DEBTS:
        raise UserInputError("err.too_many_debts", limit=MAX_DEBTS)
    for draft in drafts:
        pending = merge_draft(turn, PendingDebt(), draft)
        if not any(_same(pending, other) for other in pendings):
            pendings.append(pending)
    show(turn, pendings[-MAX_DRAFTS:])


def _same(a: PendingDebt, b: PendingDebt) -> bool:
    return (a.creditor, a.amount, a.due_date) == (b.creditor, b.amount, b.due_date)


def merge_draft(turn: Turn, pending: PendingDebt, draft: DebtDraft) -> PendingDebt:
    """Fold a parsed draft into a pending debt, refusing impossible values with a clear reason."""
    if draft.amount_problem:
        raise UserInputError(f"err.amount_{draft.amount_problem}")
    if draft.due_problem == "impossible_date":
        raise UserInputError("err.date_impossible")
    due = draft.due
    if due is not None and due.grain in ("month", "week") and due.recurrence is None:
        due = None  # "12月账单", "下个月", "下周": a month or a week names the bill or a span, not the day; ask it
    due_date, rule = (None, None) if due is None else due_from(turn, due)
    creditor = None if draft.creditor is None else mask_card_numbers(draft.creditor)[:CREDITOR_MAX]
    # Stored rates keep 8 places (an annual rate divided by 365 does not end).
    rate = None if draft.daily_rate is None else draft.daily_rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    merged = pending.merge(
        creditor=creditor, creditor_kind=draft.creditor_kind if creditor else None, amount=draft.amount,
        currency=_currency(turn, pending, draft.currency, draft.currency_said, creditor)
        if draft.amount is not None else None, due_date=due_date, rule=rule,
        daily_rate=rate, annual_rate=draft.annual_rate, unclear_rate=draft.unclear_rate, minimum=draft.minimum,
        statement_day=draft.statement_day,
        instalment_amount=draft.instalment_amount, instalment_count=draft.instalment_count)
    if due_date is not None:
        # A new due date replaces what was known of the old one's lateness.
        since = draft.overdue_since if draft.overdue_since is not None and draft.overdue_since == due_date else None
        if since is None and rule is None and due_date < turn.today:
            since = due_date
        merged = replace(merged, overdue_since=since, past_alternative=draft.past_alternative,
                         due_unsure=_doubt(due))
    if merged.amount is None and draft.amount_said is not None:
        # "大概3000": not saved as said, but offered back when the amount is asked, one tap to take it.
        merged = replace(merged, amount_guess=draft.amount_said, currency=_currency(
            turn, pending, draft.currency, draft.currency_said, creditor))
    return merged


def _doubt(parsed: ParsedTime | None) -> str | None:
    """What the parser did not understand around a due date ("" when it said nothing more), or None when sure:
    a reading in doubt is asked about, never saved unconfirmed."""
    if parsed is None or parsed.confident:
        return None
    return parsed.leftover or ""


def _currency(turn: Turn, pending: PendingDebt, parsed: str, said: bool, creditor: str | None) -> str:
    """The currency of an amount: as written; else the draft's own; else CNY for a Chinese lender; else the
    currency of the user's latest debt; else the one of the user's language (never ¥ for "visa 1000" in English)."""
    if said:
        return parsed
    if pending.amount is not None:
        return pending.currency
    name = creditor or pending.creditor or ""
    home = home_currency(name)
    if home is not None:
        return home  # "台新卡費這期要繳15,800": a Taiwanese bank's bill is in NT$
    if any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return "CNY"
    latest = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    if latest:
        return latest[-1].currency
    return "USD" if turn.lang == "en" else "CNY"


def due_from(turn: Turn, parsed: ParsedTime) -> tuple[date, str | None]:
    """Turn a parsed time into the debt's due date and rule, refusing dates too far away."""
    rule = None if parsed.recurrence is None else str(parsed.recurrence)
    due = parsed.at.astimezone(turn.zone).date() if parsed.at.tzinfo is not None else parsed.at.date()
    if rule is not None:
        due = first_cycle_due(rule, turn.today) or due
    if due < turn.today - timedelta(days=MAX_PAST_DAYS):
        raise UserInputError("err.date_too_old")
    if due > turn.today + timedelta(days=MAX_FUTURE_DAYS):
        raise UserInputError("err.date_too_far")
    return due, rule


# --- asking and confirming ---------------------------------------------------------------------------------


def show(turn: Turn, pendings: list[PendingDebt]) -> None:
    """Ask the first missing field of any draft, or show the card with all of them."""
    if not pendings:
        turn.end_dialogue()
        turn.say("reg.nothing_left")
        return
    for index, pending in enumerate(pendings):
        question = pending.next_question()
        if question is None:
            continue
        _store(turn, pendings, question, index)
        known = _summary(turn, pending, with_due=question not in ("due_past", "due_unsure"))
        if len(pendings) > 1:
            known = Lines((Text("reg.draft_of", n=index + 1, count=len(pendings)), known))
        if question == "due_unsure":
            assert pending.due_date is not None
            turn.say("reg.due_unsure", due=Day(pending.due_date), repeat=Rule(pending.rule),
                     leftover=pending.due_unsure or "", buttons=(
                         (turn.button("btn.yes", "reg:due_ok"), turn.button("btn.no_retype", "reg:due_no")),
                         (turn.button("btn.cancel", "x"),)))
            return
        if question == "due_past":
            assert pending.past_alternative is not None and pending.due_date is not None
            late = (turn.today - pending.past_alternative).days
            turn.say("reg.ask_past", known=known, past=Day(pending.past_alternative), days=late,
                     future=Day(pending.due_date), buttons=(
                         (turn.button("btn.past_yes", "reg:past:yes", days=late),
                          turn.button("btn.past_no", "reg:past:no", due=Day(pending.due_date))),
                         (turn.button("btn.cancel", "x"),)))
            return
        if question == "amount" and pending.amount_guess is not None:
            guess = Money(pending.amount_guess, pending.currency)
            suffix = f":{index}" if index else ""
            turn.say("reg.ask_amount_guess", known=known, guess=guess, buttons=(
                (turn.button("btn.amount_guess", f"reg:amt{suffix}", guess=guess),), (turn.button("btn.cancel", "x"),)))
            return
        turn.say(f"reg.ask_{question}", known=known, buttons=((turn.button("btn.cancel", "x"),),))
        return
    for index, pending in enumerate(pendings):
        if pending.unclear_rate is not None:
            # "利率0.05%": a day or a year? A guess would turn a normal rate into a penalty one or the other way.
            _store(turn, pendings, "rate", index)
            suffix = f":{index}" if index else ""
            turn.say("reg.ask_rate_kind", rate=Percent(pending.unclear_rate), buttons=(
                (turn.button("btn.rate_daily", f"reg:rate:daily{suffix}"),
                 turn.button("btn.rate_annual", f"reg:rate:annual{suffix}")),
                (turn.button("btn.cancel", "x"),)))
            return
    _store(turn, pendings, None, None)
    buttons: Buttons = ((turn.button("btn.confirm", "reg:ok"), turn.button("btn.edit", "reg:edit"),
                         turn.button("btn.cancel", "x")),)
    if len(pendings) == 1:
        turn.say("reg.confirm", summary=joined(_summary(turn, pendings[0]), _duplicate_note(turn, pendings[0])),
                 buttons=buttons)
        return
    blocks = tuple(joined(f"{n}.\n", _summary(turn, p), _duplicate_note(turn, p)) for n, p in enumerate(pendings, start=1))
    turn.say("reg.confirm_many", count=len(pendings), summary=Lines(blocks, "\n\n"), buttons=(
        (turn.button("btn.confirm_all", "reg:ok", count=len(pendings)), turn.button("btn.edit", "reg:edit"),
         turn.button("btn.cancel", "x")),))


def instalment_end(pending: PendingDebt) -> date | None:
    """The last period's due date: the first due date plus (periods − 1) months, same day of the month."""
    if pending.instalment_count is None or pending.due_date is None:
        return None
    year, month = shift_month(pending.due_date.year, pending.due_date.month, pending.instalment_count - 1)
    return clamp_day(year, month, pending.due_date.day)


def _summary(turn: Turn, pending: PendingDebt, *, with_due: bool = True) -> Lines:
    """The understood values, one per line; unknown ones are left out."""
    lines: list[Text] = []
    if pending.creditor:
        lines.append(Text("reg.line_creditor", creditor=pending.creditor))
    if pending.amount is not None:
        lines.append(Text("reg.line_amount", amount=Money(pending.amount, pending.currency)))
    if pending.instalment_count is not None and pending.instalment_amount is not None:
        end = instalment_end(pending)
        lines.append(Text("reg.line_instalments", count=pending.instalment_count,
                            each=Money(pending.instalment_amount, pending.currency),
                            end=Day(end) if end else Text("reg.end_unknown")))
    if pending.due_date is not None and with_due:
        late = days_overdue(pending.due_date, turn.now, turn.zone)
        key = "reg.line_due_overdue" if late > 0 and pending.rule is None else "reg.line_due"
        lines.append(Text(key, due=Day(pending.due_date), days=late))
        lines.append(Text("reg.line_repeat", repeat=Rule(pending.rule)))
    if pending.statement_day is not None:
        lines.append(Text("reg.line_statement_day", day=pending.statement_day))
    if pending.minimum is not None:
        lines.append(Text("reg.line_minimum", amount=Money(pending.minimum, pending.currency)))
    if pending.annual_rate is not None:
        lines.append(Text("reg.line_annual_rate", rate=Percent(pending.annual_rate)))
    if pending.daily_rate is not None:
        lines.append(Text("reg.line_rate", rate=Percent(pending.daily_rate)))
    return Lines(tuple(lines))


def _duplicate_note(turn: Turn, pending: PendingDebt) -> Value:
    """Point out a saved debt that looks like this one (same creditor, close amount or due date)."""
    if pending.creditor is None:
        return ""
    for debt in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        if debt.creditor.casefold() != pending.creditor.casefold():
            continue
        close_amount = pending.amount is not None and abs(debt.balance - pending.amount) <= pending.amount / 10
        close_due = (pending.due_date is not None and debt.due_date is not None
                     and abs((debt.due_date - pending.due_date).days) <= DUPLICATE_DAYS)
        if close_amount or close_due:
            when: Value = Day(debt.due_date) if debt.due_date else "—"
            return joined("\n", Text("reg.line_duplicate", creditor=debt.creditor,
                                      amount=Money(debt.balance, debt.currency), due=when))
    return ""


# --- answers typed while registering -----------------------------------------------------------------------


def answer_registration(turn: Turn, text: str) -> bool:
    """Use a typed message for the drafts in progress: the field asked about, a correction at the card, or
    another debt (a second draft). Return False when the message is something else (the drafts are kept)."""
    asked = _asked(turn)
    pendings = drafts_of(turn)
    if not pendings:
        turn.end_dialogue()
        return False
    asking = asked.asking
    at = asked.at if asked.at is not None and 0 <= asked.at < len(pendings) else 0
    reading = turn.readings[text]
    if reading.manage is not None:
        return False  # "删除花呗": the router deletes (a draft, or a saved debt) what it names
    if (edit := reading.edit) is not None and not any(_names(edit.who, p.creditor or "", p.creditor_kind)
                                                      for p in pendings) and saved_named(turn, edit.who):
        return False  # "把借呗的还款日改成25号" while 花呗's card is open: the saved 借呗 is meant, not the card
    if reading.reminder is not None or reading.payments or reading.lead is not None:
        return False  # a new request: the router reads it; the drafts wait
    if reading.planned is not None:
        return False  # "going to pay off Chase next month" names a creditor, but corrects no draft
    new = list(reading.debts)
    if new and _is_another_debt(new, pendings, at if asking else None):
        register_many(turn, new)
        return True
    if asking == "due_unsure" and (is_yes(text) or is_no(text)):
        _take_unsure(pendings, at, is_yes(text))
        show(turn, pendings)
        return True
    if asking == "due_past":
        if _NO.search(text):
            pendings[at] = replace(pendings[at], past_alternative=None)
            show(turn, pendings)
            return True
        if _YES.search(text):
            _take_past(pendings, at)
            show(turn, pendings)
            return True
    if asking == "amount" and pendings[at].amount_guess is not None and confirms(text):
        _take_guess(pendings, at)  # "you said about ¥3,000: is that it?" — "是的"
        show(turn, pendings)
        return True
    if asking in ("creditor", "amount", "due"):
        pendings[at] = _answer_field(turn, pendings[at], asking, text)
        show(turn, pendings)
        return True
    if asking is None and all(p.next_question() is None for p in pendings):
        # The card asks "确认保存吗？". WeChat and the console show its buttons as numbers, and people type their
        # answer: 「好的」「保存」"yes" is the confirm button, 「不对」"no" the edit button.
        if confirms(text):
            registration_button(turn, ["ok"])
            return True
        if is_no(text):
            registration_button(turn, ["edit"])
            return True
    return correct(turn, text, pendings)


def _is_another_debt(new: list[DebtDraft], pendings: list[PendingDebt], asked: int | None) -> bool:
    """Tell whether debts typed now are new ones rather than details of the drafts (a different creditor with an
    amount, or several at once)."""
    complete = [d for d in new if d.creditor is not None and (d.amount is not None or d.instalment_count)]
    if len(complete) > 1:
        return True
    if not complete:
        return False
    creditor = complete[0].creditor
    if asked is not None:
        return pendings[asked].creditor is not None and creditor != pendings[asked].creditor
    return all(p.creditor != creditor for p in pendings)


def _take_guess(pendings: list[PendingDebt], at: int) -> None:
    """The user confirmed the amount they had said roughly: it is the amount now."""
    pendings[at] = replace(pendings[at], amount=pendings[at].amount_guess, amount_guess=None)


def _take_unsure(pendings: list[PendingDebt], at: int, yes: bool) -> None:
    """Yes keeps the reading offered; no forgets it, so the card asks for the due date again."""
    pendings[at] = replace(pendings[at], due_unsure=None) if yes else pendings[at].without("due")


def _take_past(pendings: list[PendingDebt], at: int) -> None:
    past = pendings[at].past_alternative
    pendings[at] = replace(pendings[at], due_date=past, overdue_since=past, past_alternative=None, rule=None)


def _answer_field(turn: Turn, pending: PendingDebt, asking: str, text: str) -> PendingDebt:
    draft = nlu.parse_debt(text, turn.local_now, None)
    if asking == "amount":
        amount = nlu.parse_amount(turn.readings[text].fixed, None)
        if amount is None:
            raise UserInputError("reg.ask_amount_again")
        if amount.problem:
            raise UserInputError(f"err.amount_{amount.problem}")
        pending = pending.merge(amount=amount.value, currency=_currency(
            turn, pending, amount.currency, amount.explicit, pending.creditor))
    elif asking == "due":
        parsed, since, alternative, problem = nlu.read_due(text, turn.local_now, None)
        if parsed is None:
            if problem == "impossible_date":
                raise UserInputError("err.date_impossible")
            raise UserInputError("reg.ask_due_again")
        if parsed.grain in ("month", "week") and parsed.recurrence is None:
            raise UserInputError("reg.ask_due_day")
        due_date, rule = due_from(turn, parsed)
        if since is None and rule is None and due_date < turn.today:
            since = due_date
        pending = replace(pending.merge(due_date=due_date, rule=rule), overdue_since=since,
                          past_alternative=alternative, due_unsure=_doubt(parsed))
    elif asking == "creditor":
        name = draft.creditor if draft is not None and draft.creditor else creditor_from_text(text)
        if not name:
            raise UserInputError("reg.ask_creditor_again")
        kind = draft.creditor_kind if draft is not None and draft.creditor else "other"
        pending = pending.merge(creditor=mask_card_numbers(name)[:CREDITOR_MAX], creditor_kind=kind)
    if draft is not None:
        # Whatever else the answer said ("3000, due on the 10th") is taken too; the confirmation shows it all.
        pending = merge_draft(turn, pending, _only_new(draft, asking))
    return pending


def _only_new(draft: DebtDraft, asking: str) -> DebtDraft:
    """Drop from a draft the field that was just answered field-specifically (it was already merged)."""
    if asking == "amount":
        return replace(draft, amount=None, amount_problem=None, instalment_amount=None, instalment_count=None)
    if asking == "due":
        return replace(draft, due=None, due_problem=None, overdue_since=None, past_alternative=None)
    if asking == "creditor":
        return replace(draft, creditor=None, creditor_kind=None)
    return draft


def correct(turn: Turn, text: str, pendings: list[PendingDebt], target: int | None = None) -> bool:
    """Apply a correction typed at the card ("改成15号", "不对，是3500", "creditor is Citi") to the draft it is
    about. Return False when the text changes nothing (the router then reads it afresh)."""
    fixed = turn.readings[text].fixed
    draft = nlu.parse_debt(fixed, turn.local_now, None)
    named = _named_creditor(fixed)
    due = None if draft is not None and draft.due is not None else nlu.read_due(fixed, turn.local_now, None)
    if draft is None and named is None and (due is None or due[0] is None):
        return False
    if target is None:
        target = _target(fixed, pendings, draft, named)
    if target is None:
        _store(turn, pendings, None, None, fix=text[:200])
        turn.say("reg.which_draft", buttons=tuple(
            (turn.button("btn.draft", f"reg:fix:{n}", n=n + 1, creditor=p.creditor or "?"),)
            for n, p in enumerate(pendings)))
        return True
    pending = pendings[target]
    if named is not None:
        pending = pending.merge(creditor=mask_card_numbers(named[0])[:CREDITOR_MAX], creditor_kind=named[1])
    if draft is not None:
        only_creditor = named is not None
        pending = merge_draft(turn, pending, replace(draft, creditor=None, creditor_kind=None)
                              if only_creditor or (draft.creditor == pending.creditor) else draft)
    elif due is not None and due[0] is not None:
        parsed, since, alternative, _ = due
        assert parsed is not None
        if parsed.grain in ("month", "week") and parsed.recurrence is None:
            raise UserInputError("reg.ask_due_day")
        due_date, rule = due_from(turn, parsed)
        if since is None and rule is None and due_date < turn.today:
            since = due_date
        pending = replace(pending, due_date=due_date, rule=rule, overdue_since=since, past_alternative=alternative,
                          due_unsure=_doubt(parsed))
    pendings[target] = pending
    show(turn, pendings)
    return True


def _named_creditor(text: str) -> tuple[str, str] | None:
    """A creditor named as a correction: "creditor is Citi", "欠款方是招行"."""
    match = _CREDITOR_IS.search(normalize(text).strip(" .!。！"))
    if match is None:
        return None
    start, end = match.span("en") if match.group("en") else match.span("zh")
    said = text[start:end].strip(" .!。！")
    found = find_creditor(said)
    if found is not None:
        return found.name, found.kind
    return (said, "other") if said else None


def _target(text: str, pendings: list[PendingDebt], draft: DebtDraft | None,
            named: tuple[str, str] | None) -> int | None:
    """Which draft a correction is about: the only one, the one numbered, or the one whose creditor it names."""
    if len(pendings) == 1:
        return 0
    which = _WHICH.search(normalize(text))
    if which is not None:
        raw = which.group(1) or which.group(2) or which.group(3)
        number = int(raw) if raw.isdigit() else _ORDINALS.get(raw, 0)
        return number - 1 if 0 < number <= len(pendings) else None
    if named is None and draft is not None and draft.creditor is not None:
        matches = [n for n, p in enumerate(pendings) if p.creditor == draft.creditor]
        if len(matches) == 1:
            return matches[0]
    return None


def creditor_from_text(text: str) -> str:
    """Use what the user typed as the creditor's name, trimmed and with card numbers masked."""
    name = " ".join(mask_card_numbers(text).split())[:CREDITOR_MAX]
    return name if any(ch.isalnum() for ch in name) else ""


# --- buttons -----------------------------------------------------------------------------------------------


def registration_button(turn: Turn, parts: list[str]) -> None:
    """``reg:ok`` save all, ``reg:edit`` pick a draft/field, ``reg:f:<field>[:<n>]`` ask a field again,
    ``reg:ed:<n>`` the fields of draft n, ``reg:past:yes|no``, ``reg:fix:<n>``, ``reg:resume``."""
    pendings = drafts_of(turn)
    if not pendings:
        raise NotFoundError("err.nothing_pending")
    action = parts[0]
    if action == "ok":
        if any(p.next_question() is not None for p in pendings):
            show(turn, pendings)
            return
        if has_consent(turn, save=pendings):
            save_all(turn, pendings)
    elif action == "resume":
        show(turn, pendings)
    elif action == "amt":
        index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(pendings) else 0
        if pendings[index].amount is None and pendings[index].amount_guess is not None:
            _take_guess(pendings, index)
        show(turn, pendings)
    elif action == "edit":
        if len(pendings) > 1:
            turn.say("reg.which_draft", edit=True, buttons=tuple(
                (turn.button("btn.draft", f"reg:ed:{n}", n=n + 1, creditor=p.creditor or "?"),)
                for n, p in enumerate(pendings)) + ((turn.button("btn.cancel", "x"),),))
            return
        _ask_which_field(turn, 0)
    elif action == "ed" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(pendings):
        _ask_which_field(turn, int(parts[1]))
    elif action == "f" and len(parts) > 1 and parts[1] in ("creditor", "amount", "due"):
        index = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() and int(parts[2]) < len(pendings) else 0
        pendings[index] = pendings[index].without(parts[1])
        show(turn, pendings)
    elif action == "rate" and len(parts) > 1 and parts[1] in ("daily", "annual"):
        index = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() and int(parts[2]) < len(pendings) else 0
        pendings[index] = pendings[index].rate_is(parts[1])
        show(turn, pendings)
    elif action in ("due_ok", "due_no") and _asked(turn).asking == "due_unsure":
        at = _asked(turn).at
        _take_unsure(pendings, at if at is not None and 0 <= at < len(pendings) else 0, action == "due_ok")
        show(turn, pendings)
    elif action == "past" and len(parts) > 1 and _asked(turn).asking == "due_past":
        at = _asked(turn).at
        index = at if at is not None and 0 <= at < len(pendings) else 0
        if parts[1] == "yes":
            _take_past(pendings, index)
        else:
            pendings[index] = replace(pendings[index], past_alternative=None)
        show(turn, pendings)
    elif action == "fix" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(pendings):
        said = _asked(turn).fix
        if said is None or not correct(turn, said, pendings, target=int(parts[1])):
            show(turn, pendings)
    else:
        raise NotFoundError("err.stale_button")


def _ask_which_field(turn: Turn, index: int) -> None:
    suffix = f":{index}" if index else ""
    turn.say("reg.which_field", edit=True, buttons=(
        (turn.button("btn.field_creditor", f"reg:f:creditor{suffix}"),
         turn.button("btn.field_amount", f"reg:f:amount{suffix}"),
         turn.button("btn.field_due", f"reg:f:due{suffix}")), (turn.button("btn.cancel", "x"),)))


# --- saving ------------------------------------------------------------------------------------------------


def save_confirmed(turn: Turn, pendings: Sequence[PendingDebt]) -> None:
    """Save what the user confirmed before being asked for consent (one draft, or several)."""
    complete = [p for p in pendings if p.next_question() is None]
    if complete:
        save_all(turn, complete)


def save_pending(turn: Turn, pending: PendingDebt) -> None:
    """Save one confirmed, complete draft (kept for callers that hold a single one)."""
    save_all(turn, [pending])


def save_all(turn: Turn, pendings: list[PendingDebt]) -> None:
    """Save confirmed, complete drafts as debts, plan their reminders, and say so in one message."""
    saved = [_save_one(turn, p) for p in pendings]
    ids = [d.id for d in saved]
    if len(saved) == 1:
        accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="add_debt",
                           snapshot={"debt_id": ids[0]}, now=turn.now)
    else:
        accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="add_debts",
                           snapshot={"debt_ids": ids}, now=turn.now)
    turn.end_dialogue()
    buttons = ((turn.button("btn.list", "list"), turn.button("btn.undo", "undo")),)
    if len(saved) == 1:
        debt = saved[0]
        turn.say("reg.saved", edit=True, topic="debt_saved", creditor=debt.creditor,
                 amount=Money(debt.balance, debt.currency), next=_next_reminder_text(turn, debt), buttons=buttons)
        return
    lines = Lines(tuple(Text("reg.saved_line", creditor=d.creditor, amount=Money(d.balance, d.currency),
                             due=Day(d.due_date) if d.due_date else "—") for d in saved))
    turn.say("reg.saved_many", edit=True, topic="debt_saved", count=len(saved), lines=lines, buttons=buttons)


def _save_one(turn: Turn, pending: PendingDebt) -> Debt:
    assert pending.creditor is not None and pending.amount is not None and pending.due_date is not None
    overdue = pending.overdue_since if pending.overdue_since is not None and pending.rule is None else None
    if overdue is None and pending.rule is None and pending.due_date < turn.today:
        overdue = pending.due_date  # a debt registered with a past due date is overdue since that date
    debt = accounts.add_debt(session=turn.session, debt=Debt(
        user_id=turn.owner_id, creditor=pending.creditor, creditor_kind=pending.creditor_kind or "other",
        currency=pending.currency, original_amount=pending.amount, balance=pending.amount, due_date=pending.due_date,
        rrule=pending.rule, daily_rate=pending.daily_rate, annual_rate=pending.annual_rate,
        minimum_payment=pending.minimum, statement_day=pending.statement_day,
        instalment_amount=pending.instalment_amount, instalment_count=pending.instalment_count,
        instalment_end=instalment_end(pending), overdue_since=overdue, created_at=turn.now, updated_at=turn.now))
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(), now=turn.now)
    return debt


def _next_reminder_text(turn: Turn, debt: Debt) -> Text:
    upcoming = [r for r in schedule.list_pending_reminders(session=turn.session, owner_id=turn.owner_id)
                if r.debt_id == debt.id]
    if not upcoming:
        return Text("reg.no_reminder_planned")
    return Text("reg.next_reminder", when=When(upcoming[0].fire_at))


def drafts_note(turn: Turn) -> None:
    """After another command, say that drafts are still waiting (one tap brings the card back)."""
    pendings = drafts_of(turn)
    if pendings:
        names = Lines(tuple(p.creditor or "?" for p in pendings), LIST_SEP)
        turn.say("reg.drafts_waiting", count=len(pendings), names=names,
                 buttons=((turn.button("btn.resume", "reg:resume"), turn.button("btn.cancel", "x")),))


def drop_drafts(turn: Turn, kept: list[PendingDebt]) -> None:
    """Keep only these drafts (the others were withdrawn in words)."""
    if kept:
        _store(turn, kept, None, None)
    else:
        turn.end_dialogue()


# --- snapshots /undo restores ------------------------------------------------------------------------------

_DEBT_FIELDS = ("creditor", "creditor_kind", "currency", "original_amount", "balance", "due_date", "rrule", "status",
                "daily_rate", "lead_days", "reminders_muted", "awaiting_bill", "created_at", "updated_at", "settled_at",
                # what people state about a debt (migration 0004): undo and a restored deletion keep it
                "annual_rate", "minimum_payment", "statement_day", "card_last4", "instalment_amount",
                "instalment_count", "instalment_end", "overdue_since", "carried_overdue", "record_clears_on")


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dec" in value:
            return Decimal(value["$dec"])
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value


def debt_snapshot(debt: Debt) -> dict[str, Any]:
    """Return the debt's fields in a JSON-safe form."""
    return {"id": debt.id, **{f: _dump(getattr(debt, f)) for f in _DEBT_FIELDS}}


def restore_debt(debt: Debt, snapshot: dict[str, Any]) -> None:
    """Put the snapshot's fields back on ``debt``."""
    for field in _DEBT_FIELDS:
        if field in snapshot:
            setattr(debt, field, _load(snapshot[field]))


def debt_from_snapshot(snapshot: dict[str, Any], user_id: int) -> Debt:
    """Rebuild a deleted debt, with its old id."""
    debt = Debt(id=snapshot["id"], user_id=user_id, creditor="", original_amount=Decimal(0), balance=Decimal(0),
                created_at=_load(snapshot["created_at"]), updated_at=_load(snapshot["updated_at"]))
    restore_debt(debt, snapshot)
    return debt


def payment_snapshot(payment: Payment) -> dict[str, Any]:
    """Return a payment's fields in a JSON-safe form."""
    return {f: _dump(getattr(payment, f)) for f in ("id", "debt_id", "amount", "paid_at", "cycle_due", "on_time",
                                                    "balance_after")}


def payment_from_snapshot(snapshot: dict[str, Any], user_id: int) -> Payment:
    """Rebuild a deleted payment, with its old id."""
    return Payment(user_id=user_id, **{k: _load(v) for k, v in snapshot.items()})


# --- the debts on file -------------------------------------------------------------------------------------


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
        drafts_note(turn)
        return
    totals: dict[str, Decimal] = {}
    for d in debts:
        totals[d.currency] = totals.get(d.currency, Decimal(0)) + d.balance
    lines = Lines(tuple(joined(f"{n}. ", debt_line(turn, d)) for n, d in enumerate(debts, start=1)))
    total = Lines(tuple(Money(v, c) for c, v in totals.items()), " + ")
    buttons: Buttons = tuple((Choice(f"{n}. {d.creditor}", f"d:{d.id}"),) for n, d in enumerate(debts[:20], start=1))
    turn.say("list.header", count=len(debts), total=total, lines=lines, buttons=buttons)
    drafts_note(turn)


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
    planning.cancel_planned(turn.session, owner_id=turn.owner_id, debt_id=debt.id)
    turn.session.delete(debt)
    turn.session.flush()
    turn.say("del.debt_done", creditor=debt.creditor, edit=True, buttons=((turn.button("btn.undo", "undo"),),))


def answer_edit(turn: Turn, text: str) -> bool:
    """Apply a typed new value to the field of an existing debt the user chose to edit."""
    step = turn.dialogue.step
    debt = owned_debt(turn, step.debt_id if isinstance(step, EditStep) else -1, active_only=True)
    field = step.field if isinstance(step, EditStep) else None
    if field not in ("amount", "due", "creditor", "lead") or (field != "creditor" and about_another_debt(turn, text, debt)):
        turn.end_step()
        return False
    _apply_edit(turn, debt, field, text)
    return True


def edit_by_words(turn: Turn, text: str) -> None:
    """Change a saved debt named in words (``Kind.EDIT``: "把借呗的还款日改成25号", "update amex balance to 1,200"):
    at once when the debt and the field are plain, with /undo one tap away, as an edit by buttons does."""
    request = turn.readings[text].edit
    if request is None:
        raise UserInputError("err.not_understood")  # the router sends only a message that asks for one
    pendings = drafts_of(turn)
    if pendings and not saved_named(turn, request.who) and correct(turn, text, pendings):
        return  # the card still open is the one named: a correction of it
    debt = one_named(turn, request.who, "edit")
    if debt is None:
        return
    field = request.field or _field_of(turn, request.value)
    if field is None:
        raise UserInputError("edit.unclear", creditor=debt.creditor)
    _apply_edit(turn, debt, field, request.value)


def saved_named(turn: Turn, who: str) -> list[Debt]:
    """The saved, active debts that answer to the name ``who`` ("招行", "chase", "信用卡")."""
    return [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
            if _names(who, d.creditor, d.creditor_kind)]


def ask_which_debt(turn: Turn, debts: list[Debt], action: str) -> None:
    """Several debts answer to the name: one button each, for ``d:<id>:<action>``."""
    turn.say("manage.which", buttons=tuple(
        (Choice(joined(f"{d.creditor} ", Money(d.balance, d.currency)), f"d:{d.id}:{action}"),) for d in debts[:10]))


def one_named(turn: Turn, who: str, action: str) -> Debt | None:
    """The one saved debt named ``who``; else say none is, or ask which (buttons for ``d:<id>:<action>``)."""
    matches = saved_named(turn, who)
    if len(matches) == 1:
        return matches[0]
    pendings = drafts_of(turn)
    if matches:
        ask_which_debt(turn, matches, action)
    elif any(_names(who, p.creditor or "", p.creditor_kind) for p in pendings):
        turn.say("manage.draft_not_saved", name=who[:40])  # only a card not saved yet has that name: it comes back
        show(turn, pendings)
    else:
        turn.say("manage.not_found", name=who[:40], buttons=((turn.button("btn.list", "list"),),))
    return None


def _field_of(turn: Turn, value: str) -> str | None:
    """Which field a bare new value is for: a day is the due date ("25号", "the 25th"), money the amount."""
    if _DAY_WORDS.search(value) is not None:
        return "due"
    amount = nlu.parse_amount(value, None)
    return "amount" if amount is not None else None


def _apply_edit(turn: Turn, debt: Debt, field: str, text: str) -> None:
    """Set one field of a saved debt from the words of its new value; bad or unsure words change nothing."""
    snapshot = debt_snapshot(debt)
    if field == "amount":
        amount = nlu.parse_amount(text, None)
        if amount is None:
            raise UserInputError("reg.ask_amount_again")
        if amount.problem or amount.value is None:
            raise UserInputError(f"err.amount_{amount.problem}")
        if debt.balance == debt.original_amount:
            debt.original_amount = amount.value
        debt.balance = amount.value
        if amount.explicit:
            debt.currency = amount.currency  # "3500" typed for a NT$ card stays NT$
        debt.awaiting_bill = False
    elif field == "due":
        parsed, since, alternative, _ = nlu.read_due(text, turn.local_now, None)
        if parsed is None:
            raise UserInputError("reg.ask_due_again")
        if not parsed.confident:  # an edit saves at once, so an unsure reading is only offered back
            raise UserInputError("edit.due_unsure", due=Day(parsed.at.astimezone(turn.zone).date()),
                                 leftover=parsed.leftover)
        if alternative is not None:
            # "9月15号" in December: this year's (late) or next year's? Ask for the year rather than guess.
            raise UserInputError("edit.due_which_year", past=Day(alternative),
                                 future=Day(parsed.at.date()))
        due_date, rule = due_from(turn, parsed)
        if rule is None and _BARE_DAY.match(text.strip()) and (debt.rrule or "").startswith("FREQ=MONTHLY;BYMONTHDAY="):
            # "还款日改成25号" for a monthly bill: it stays monthly, on the new day.
            rule = f"FREQ=MONTHLY;BYMONTHDAY={due_date.day}"
        debt.due_date, debt.rrule = due_date, rule
        late = debt.rrule is None and debt.due_date < turn.today
        debt.overdue_since = (since or debt.due_date) if late else None
    elif field == "creditor":
        name = creditor_from_text(text)
        if not name:
            raise UserInputError("reg.ask_creditor_again")
        debt.creditor = name
    else:
        debt.lead_days = parse_lead_days_text(text)
    save_edit(turn, debt, snapshot)
    turn.say("edit.saved", line=debt_line(turn, debt), buttons=((turn.button("btn.undo", "undo"),),))


def save_edit(turn: Turn, debt: Debt, snapshot: dict[str, Any]) -> None:
    """Keep an edited debt: stamp it, remember how it was (for /undo), plan its reminders afresh, end the question."""
    debt.updated_at = turn.now
    turn.session.add(debt)
    accounts.record_change(session=turn.session, owner_id=turn.owner_id, action="edit_debt",
                       snapshot={"debt": snapshot}, now=turn.now)
    planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    turn.end_step()


# --- asked in words: "删除花呗", "花呗不用提醒了", "stop reminding me about Citi" -------------------------------------


def manage_by_words(turn: Turn, text: str) -> None:
    """Delete or silence a debt named in words (``Kind.MANAGE``: "删除花呗", "花呗不用提醒了")."""
    manage = turn.readings[text].manage
    if manage is None:
        raise UserInputError("err.not_understood")  # the router sends only a message that names one
    action, named = manage
    delete = action == "delete"
    # A draft not saved yet is simply dropped.
    pendings = drafts_of(turn)
    kept = [p for p in pendings if not _names(named, p.creditor or "", None)]
    debts = saved_named(turn, named)
    if delete and len(kept) < len(pendings) and not debts:
        dropped = [p.creditor for p in pendings if p not in kept]
        drop_drafts(turn, kept)
        turn.say("reg.draft_dropped", creditor=Lines(tuple(c or "?" for c in dropped), LIST_SEP))
        return
    if not debts:
        turn.say("manage.not_found", name=named[:40], buttons=((turn.button("btn.list", "list"),),))
        return
    if len(debts) > 1:
        ask_which_debt(turn, debts, "del" if delete else "mute")
        return
    debt = debts[0]
    if delete:
        turn.say("del.confirm_debt", creditor=debt.creditor, amount=Money(debt.balance, debt.currency), buttons=(
            (turn.button("btn.delete_confirm", f"d:{debt.id}:del!"), turn.button("btn.cancel", "x")),))
        return
    mute_debt(turn, debt)


def mute_debt(turn: Turn, debt: Debt) -> None:
    """Stop a debt's reminders, saying how to resume them."""
    set_muted(turn, debt, muted=True)
    turn.say("rem.stopped", creditor=debt.creditor, buttons=(
        (turn.button("btn.unmute", f"d:{debt.id}:unmute"), turn.button("btn.undo", "undo")),))


def about_another_debt(turn: Turn, text: str, debt: Debt) -> bool:
    """Tell whether an answer to a question about ``debt`` names another debt (「花呗这个月的还完了」 while 招行's
    "how much?" is open): it is never booked on the debt asked about, but read afresh."""
    named = find_creditor(turn.readings[text].fixed)
    return named is not None and not _names(named.name, debt.creditor, debt.creditor_kind)


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
