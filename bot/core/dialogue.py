"""The conversation in progress as pure data: the debts described and not confirmed yet (``PendingDebt``), what
the bot waits for the user to answer (``Awaiting`` and a typed step), and the rules of how both live on
(``DialogueState``).

The engine loads the state from the user's row once at the start of a turn, changes it only through the
transitions here, and writes it once at the end; nothing here reads the clock or the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, get_args

from bot.nlu.results import BillNotice, NoticeKind, OtherNotice

FIELDS = ("creditor", "amount", "due")


@dataclass(frozen=True, slots=True)
class PendingDebt:
    """A debt being registered: every field may still be unknown."""

    creditor: str | None = None
    creditor_kind: str | None = None
    amount: Decimal | None = None
    currency: str = "CNY"
    due_date: date | None = None  # local date: the (first) due date
    rule: str | None = None  # RFC 5545 rule for a recurring bill
    daily_rate: Decimal | None = None  # the overdue (penalty) rate a day
    annual_rate: Decimal | None = None  # the normal rate a year (APR); never turned into a penalty rate
    unclear_rate: Decimal | None = None  # a rate of unstated kind: asked about before saving
    overdue_since: date | None = None  # the due date is past and the user said (or it is plain) that it is late
    past_alternative: date | None = None  # a past reading of the due date still to ask about
    due_unsure: str | None = None  # the due date was read with doubt: what was not understood, to ask about
    minimum: Decimal | None = None  # this cycle's minimum payment
    statement_day: int | None = None  # 账单日
    instalment_amount: Decimal | None = None  # per period
    instalment_count: int | None = None  # periods left
    amount_guess: Decimal | None = None  # an amount said roughly ("大概3000"): offered back when the amount is asked

    def missing(self) -> tuple[str, ...]:
        """Return the fields still unknown, in the order the bot asks for them."""
        known = {"creditor": self.creditor, "amount": self.amount, "due": self.due_date}
        unknown = tuple(f for f in FIELDS if known[f] is None)
        if self.due_date is not None and self.due_unsure is not None:
            unknown += ("due_unsure",)  # asked before the past/next-year question: the reading itself is in doubt
        return unknown + (("due_past",) if self.past_alternative is not None and self.due_date is not None else ())

    def next_question(self) -> str | None:
        """Return the field to ask about next, or None when the draft is ready to confirm."""
        missing = self.missing()
        return missing[0] if missing else None

    def merge(self, **known: Any) -> PendingDebt:
        """Return a copy with the newly understood fields set (None values leave a field as it was)."""
        return replace(self, **{k: v for k, v in known.items() if v is not None})

    def without(self, field: str) -> PendingDebt:
        """Return a copy with one field forgotten, to ask for it again (the edit button)."""
        cleared: dict[str, Any] = {"creditor": {"creditor": None, "creditor_kind": None},
                                   "amount": {"amount": None, "instalment_amount": None, "instalment_count": None,
                                              "amount_guess": None},
                                   "due": {"due_date": None, "rule": None, "overdue_since": None,
                                           "past_alternative": None, "due_unsure": None}}[field]
        return replace(self, **cleared)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the dialogue state (Decimal and date as strings)."""
        # The fields one by one, not dataclasses.asdict: it deep-copies every value, and all of them are immutable.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for key in _DECIMALS:
            data[key] = None if data[key] is None else str(data[key])
        for key in _DATES:
            data[key] = None if data[key] is None else data[key].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingDebt:
        """Read what ``to_json`` wrote."""
        decimals: dict[str, Any] = {k: None if data.get(k) is None else Decimal(str(data[k])) for k in _DECIMALS}
        dates: dict[str, Any] = {k: None if data.get(k) is None else date.fromisoformat(str(data[k])) for k in _DATES}
        count = data.get("instalment_count")
        day = data.get("statement_day")
        return cls(
            creditor=data.get("creditor"),
            creditor_kind=data.get("creditor_kind"),
            currency=data.get("currency") or "CNY",
            rule=data.get("rule"),
            due_unsure=data.get("due_unsure") if isinstance(data.get("due_unsure"), str) else None,
            statement_day=day if isinstance(day, int) else None,
            instalment_count=count if isinstance(count, int) else None,
            **decimals,
            **dates,
        )

    def rate_is(self, kind: str) -> PendingDebt:
        """The user said which kind the unclear rate is: ``daily`` (overdue, a day) or ``annual`` (normal, a
        year)."""
        if self.unclear_rate is None:
            return self
        if kind == "daily":
            return replace(self, daily_rate=self.unclear_rate, unclear_rate=None)
        return replace(self, annual_rate=self.unclear_rate, unclear_rate=None)


_FIELD_NAMES = tuple(f.name for f in fields(PendingDebt))
_DECIMALS = ("amount", "daily_rate", "annual_rate", "unclear_rate", "minimum", "instalment_amount", "amount_guess")
_DATES = ("due_date", "overdue_since", "past_alternative")


# --- the conversation in progress ------------------------------------------------------------------------------


class Awaiting(StrEnum):
    """What the bot is waiting for the user to answer. The values are the ``flow`` names stored since before the
    state was typed, so a conversation open when a new version starts goes on where it was."""

    CONSENT = "consent"  # agree to storing financial data; then carry on with what was written or confirmed
    REGISTER = "register"  # a field of a draft, the past-or-next-year question, a rate's kind, or the card itself
    EDIT = "edit"  # a new value for one field of a saved debt
    PAY_CHOICE = "pay_choose"  # which debt a payment described in words was for
    PAY_MANY = "pay_many"  # confirm several payments at once
    PAY_AMOUNT = "pay_amount"  # how much of one debt was paid
    BILL_AMOUNT = "bill"  # the new cycle's bill of a recurring debt
    NOTICE = "paste"  # what to do with a pasted bill or repayment notice
    REMIND_WHEN = "remind_when"  # when to remind of a task (or whether an unsure reading of it is right)
    SETTING = "settings"  # a typed value for one setting


class Asking(StrEnum):
    """What is asked about a draft being registered (``PendingDebt.next_question``, and the rate's kind)."""

    CREDITOR = "creditor"
    AMOUNT = "amount"
    DUE = "due"
    DUE_UNSURE = "due_unsure"  # the due date was read with doubt: is this reading right?
    DUE_PAST = "due_past"  # the date may be past (overdue) or next year's: which?
    RATE = "rate"  # a rate of unstated kind: a day's (overdue) or a year's (normal)?


@dataclass(frozen=True, slots=True)
class ConsentStep:
    """Asked for consent; afterwards the text written before is read again, or the confirmed drafts saved."""

    resume: str | None = None  # stored masked (card numbers without their last four)
    save: tuple[PendingDebt, ...] = ()
    KIND: ClassVar[Awaiting] = Awaiting.CONSENT


@dataclass(frozen=True, slots=True)
class RegisterStep:
    """The drafts are being completed: ``asking`` names what was asked of draft ``at`` (None: the card is shown);
    ``fix`` keeps a correction typed at the card until the user says which draft it is about."""

    asking: Asking | None = None
    at: int | None = None
    fix: str | None = None
    KIND: ClassVar[Awaiting] = Awaiting.REGISTER


@dataclass(frozen=True, slots=True)
class EditStep:
    debt_id: int
    field: str  # creditor / amount / due / lead
    KIND: ClassVar[Awaiting] = Awaiting.EDIT


@dataclass(frozen=True, slots=True)
class PayChoiceStep:
    """A payment read from words fitted several debts (or none): its amount waits for the debt to be picked."""

    amount: Decimal | None = None
    full: bool = False
    paid_at: datetime | None = None  # aware; None: now
    KIND: ClassVar[Awaiting] = Awaiting.PAY_CHOICE


@dataclass(frozen=True, slots=True)
class PayManyStep:
    items: tuple[tuple[int, Decimal], ...]  # (debt id, amount)
    paid_at: datetime | None = None
    KIND: ClassVar[Awaiting] = Awaiting.PAY_MANY


@dataclass(frozen=True, slots=True)
class PayAmountStep:
    debt_id: int
    KIND: ClassVar[Awaiting] = Awaiting.PAY_AMOUNT


@dataclass(frozen=True, slots=True)
class BillAmountStep:
    debt_id: int
    KIND: ClassVar[Awaiting] = Awaiting.BILL_AMOUNT


@dataclass(frozen=True, slots=True)
class NoticeStep:
    """A pasted notice was shown: a bill to save or apply, or a repayment (``paid``, None when it gave no amount).

    A message of several notices shows them one after the other: ``place`` is this one's number among the message's
    ``count`` notices, ``rest`` the ones still to show (with their numbers)."""

    bill: BillNotice | None = None
    paid: Decimal | None = None
    place: int = 1
    count: int = 1
    rest: tuple[tuple[int, BillNotice | OtherNotice], ...] = ()
    KIND: ClassVar[Awaiting] = Awaiting.NOTICE


@dataclass(frozen=True, slots=True)
class TimeGuess:
    """An unsure reading of a reminder's time, offered to the user and saved only when they say yes."""

    at: datetime
    timed: bool
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class RemindWhenStep:
    task: str = ""
    guess: TimeGuess | None = None
    KIND: ClassVar[Awaiting] = Awaiting.REMIND_WHEN


@dataclass(frozen=True, slots=True)
class SettingStep:
    field: str  # tz / tz_confirm / hour / quiet / lead
    zone: str | None = None  # the zone proposed (tz_confirm)
    KIND: ClassVar[Awaiting] = Awaiting.SETTING


Step = (ConsentStep | RegisterStep | EditStep | PayChoiceStep | PayManyStep | PayAmountStep | BillAmountStep
        | NoticeStep | RemindWhenStep | SettingStep)

# Commands that leave the question open: /cancel drops it itself, /start may be the answer to consent.
KEEPS_STEP = frozenset({"cancel", "start"})


@dataclass(frozen=True, slots=True)
class DialogueState:
    """The conversation in progress: debts described and not confirmed yet (``drafts``), and the one question
    the bot waits an answer to (``step``). Drafts survive whatever else happens in between — a command, a payment,
    a reminder — until they are saved or cancelled; the question lasts until answered or replaced."""

    drafts: tuple[PendingDebt, ...] = ()
    step: Step | None = None

    @property
    def awaiting(self) -> Awaiting | None:
        return None if self.step is None else self.step.KIND

    @property
    def is_empty(self) -> bool:
        return not self.drafts and self.step is None

    def expecting(self, step: Step) -> DialogueState:
        """Wait for the answer to a new question; the drafts stay."""
        return replace(self, step=step)

    def answered(self) -> DialogueState:
        """The question is over (answered, dropped or replaced by a command); the drafts stay."""
        return self if self.step is None else replace(self, step=None)

    def ended(self) -> DialogueState:
        """Everything is over: the drafts were saved or cancelled."""
        return self if self.is_empty else DialogueState()

    def with_drafts(self, drafts: tuple[PendingDebt, ...], step: RegisterStep) -> DialogueState:
        """The drafts as they now are, and what is asked about them."""
        return DialogueState(drafts=drafts, step=step)

    def on_command(self, name: str) -> DialogueState:
        """A command starts afresh: the half-finished question is dropped (not by /cancel or /start); the drafts
        stay."""
        return self if name in KEEPS_STEP else self.answered()

    # A transition that changes nothing returns the same object, so "did this turn change the state?" is
    # mostly answered by identity (see Turn.save_dialogue).

    def to_json(self) -> str | None:
        """The stored form (None when there is nothing in progress). The layout is the one stored before the state
        was typed — ``flow``, the question's own keys, ``drafts`` — so either version reads the other's."""
        if self.is_empty:
            return None
        data: dict[str, Any] = {} if self.step is None else {"flow": str(self.step.KIND), **_step_json(self.step)}
        if self.drafts:
            data["drafts"] = [p.to_json() for p in self.drafts]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> DialogueState:
        """Read a stored state, of this version or an older one. Whatever cannot be read is left out (a draft
        with a broken field, a question with a missing key): never an error, at worst a question asked again."""
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        listed = data.get("drafts")
        if not isinstance(listed, list):
            legacy = data.get("debt")  # a dialogue started before several drafts existed
            listed = [legacy] if isinstance(legacy, dict) else []
        return cls(drafts=_pendings(listed), step=_step_from(data))


def _pendings(raw: list[Any]) -> tuple[PendingDebt, ...]:
    found = []
    for item in raw:
        if isinstance(item, dict):
            try:
                found.append(PendingDebt.from_json(item))
            except (ArithmeticError, ValueError, TypeError):
                continue  # one unreadable draft does not cost the others
    return tuple(found)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return Decimal(str(value))


def _instant(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _step_json(step: Step) -> dict[str, Any]:
    match step:
        case ConsentStep():
            data: dict[str, Any] = {}
            if step.resume:
                data["resume"] = step.resume
            if step.save:
                data["save_debt"] = {"drafts": [p.to_json() for p in step.save]}
            return data
        case RegisterStep():
            data = {"asking": step.asking, "at": step.at}
            if step.fix is not None:
                data["fix"] = step.fix
            return data
        case EditStep():
            return {"debt_id": step.debt_id, "field": step.field}
        case PayChoiceStep():
            return {"amount": None if step.amount is None else str(step.amount), "full": step.full,
                    "paid_at": None if step.paid_at is None else step.paid_at.isoformat()}
        case PayManyStep():
            return {"items": [[str(debt_id), str(amount)] for debt_id, amount in step.items],
                    "paid_at": None if step.paid_at is None else step.paid_at.isoformat()}
        case PayAmountStep() | BillAmountStep():
            return {"debt_id": step.debt_id}
        case NoticeStep():
            data = {"bill": bill_json(step.bill)} if step.bill is not None else {
                "paid": None if step.paid is None else str(step.paid)}
            if step.count > 1:
                data.update(place=step.place, count=step.count,
                            rest=[[n, notice_json(notice)] for n, notice in step.rest])
            return data
        case RemindWhenStep():
            data = {"task": step.task}
            if step.guess is not None:
                data["guess"] = {"at": step.guess.at.isoformat(), "timed": step.guess.timed, "rule": step.guess.rule}
            return data
        case SettingStep():
            data = {"field": step.field}
            if step.zone is not None:
                data["zone"] = step.zone
            return data


def _step_from(data: dict[str, Any]) -> Step | None:
    try:
        kind = Awaiting(str(data.get("flow")))
    except ValueError:
        return None
    try:
        return _STEP_READERS[kind](data)
    except (ArithmeticError, ValueError, TypeError, KeyError):
        return None  # a question that cannot be read is not asked any more; the drafts stay


def _consent_from(data: dict[str, Any]) -> Step:
    save = data.get("save_debt")
    listed: list[Any] = []
    if isinstance(save, dict):
        inner = save.get("drafts")
        listed = inner if isinstance(inner, list) else [save]  # one draft, as stored before several existed
    return ConsentStep(resume=_text(data.get("resume")) or None, save=_pendings(listed))


def _register_from(data: dict[str, Any]) -> Step:
    asking = _text(data.get("asking"))
    return RegisterStep(asking=Asking(asking) if asking in _ASKING else None, at=_number(data.get("at")),
                        fix=_text(data.get("fix")))


_ASKING = frozenset(Asking)


def _edit_from(data: dict[str, Any]) -> Step | None:
    debt_id, field = _number(data.get("debt_id")), _text(data.get("field"))
    return None if debt_id is None or field is None else EditStep(debt_id, field)


def _pay_choice_from(data: dict[str, Any]) -> Step:
    return PayChoiceStep(amount=_decimal(data.get("amount")) if data.get("amount") else None,
                         full=bool(data.get("full")), paid_at=_instant(data.get("paid_at")))


def _pay_many_from(data: dict[str, Any]) -> Step | None:
    items = data.get("items")
    if not isinstance(items, list):
        return None
    read = []
    for item in items:
        debt_id, amount = item  # a malformed item makes the whole question unreadable
        read.append((int(debt_id), Decimal(str(amount))))
    return PayManyStep(items=tuple(read), paid_at=_instant(data.get("paid_at")))


def _debt_id_from(kind: type[PayAmountStep] | type[BillAmountStep]) -> Callable[[dict[str, Any]], Step | None]:
    def read(data: dict[str, Any]) -> Step | None:
        debt_id = _number(data.get("debt_id"))
        return None if debt_id is None else kind(debt_id)
    return read


def _notice_from(data: dict[str, Any]) -> Step:
    bill = data.get("bill")
    rest: list[tuple[int, BillNotice | OtherNotice]] = []
    for item in data.get("rest") or ():
        if isinstance(item, list) and len(item) == 2 and _number(item[0]) is not None and isinstance(item[1], dict):
            notice = notice_from_json(item[1])
            if notice is not None:
                rest.append((item[0], notice))
    return NoticeStep(bill=bill_from_json(bill) if isinstance(bill, dict) else None, paid=_decimal(data.get("paid")),
                      place=_number(data.get("place")) or 1, count=_number(data.get("count")) or 1, rest=tuple(rest))


def _remind_when_from(data: dict[str, Any]) -> Step:
    raw = data.get("guess")
    guess = None
    if isinstance(raw, dict):
        at = _instant(raw.get("at"))
        guess = None if at is None else TimeGuess(at=at, timed=bool(raw.get("timed")), rule=_text(raw.get("rule")))
    return RemindWhenStep(task=str(data.get("task") or ""), guess=guess)


def _setting_from(data: dict[str, Any]) -> Step | None:
    field = _text(data.get("field"))
    return None if field is None else SettingStep(field=field, zone=_text(data.get("zone")))


_STEP_READERS: dict[Awaiting, Callable[[dict[str, Any]], Step | None]] = {
    Awaiting.CONSENT: _consent_from,
    Awaiting.REGISTER: _register_from,
    Awaiting.EDIT: _edit_from,
    Awaiting.PAY_CHOICE: _pay_choice_from,
    Awaiting.PAY_MANY: _pay_many_from,
    Awaiting.PAY_AMOUNT: _debt_id_from(PayAmountStep),
    Awaiting.BILL_AMOUNT: _debt_id_from(BillAmountStep),
    Awaiting.NOTICE: _notice_from,
    Awaiting.REMIND_WHEN: _remind_when_from,
    Awaiting.SETTING: _setting_from,
}


# --- a shown bill, kept until a button is pressed ------------------------------------------------------------------


def bill_json(bill: BillNotice) -> dict[str, Any]:
    return {"creditor": bill.creditor, "creditor_kind": bill.creditor_kind,
            "amount": None if bill.amount is None else str(bill.amount),
            "minimum": None if bill.minimum is None else str(bill.minimum),
            "due": None if bill.due is None else bill.due.isoformat(),
            "statement_date": None if bill.statement_date is None else bill.statement_date.isoformat(),
            "card_last4": bill.card_last4, "currency": bill.currency, "overdue_days": bill.overdue_days}


def notice_json(notice: BillNotice | OtherNotice) -> dict[str, Any]:
    """A notice still to show, as stored while the one before it waits for the user."""
    if isinstance(notice, BillNotice):
        return {"bill": bill_json(notice)}
    return {"other": {"kind": notice.kind, "creditor": notice.creditor, "creditor_kind": notice.creditor_kind,
                      "amount": None if notice.amount is None else str(notice.amount), "currency": notice.currency,
                      "card_last4": notice.card_last4}}


def notice_from_json(data: dict[str, Any]) -> BillNotice | OtherNotice | None:
    bill, other = data.get("bill"), data.get("other")
    if isinstance(bill, dict):
        return bill_from_json(bill)
    if not isinstance(other, dict) or other.get("kind") not in get_args(NoticeKind):
        return None
    tail = other.get("card_last4")
    kind: NoticeKind = other["kind"]
    return OtherNotice(kind=kind, creditor=_text(other.get("creditor")), creditor_kind=_text(other.get("creditor_kind")),
                       amount=_decimal(other.get("amount")), currency=_text(other.get("currency")),
                       card_last4=str(tail)[-4:] if tail else None)


def bill_from_json(data: dict[str, Any]) -> BillNotice:
    tail = data.get("card_last4")
    return BillNotice(creditor=_text(data.get("creditor")), creditor_kind=_text(data.get("creditor_kind")),
                      amount=_decimal(data.get("amount")), minimum=_decimal(data.get("minimum")),
                      due=_day(data.get("due")), statement_date=_day(data.get("statement_date")),
                      card_last4=str(tail)[-4:] if tail else None, currency=str(data.get("currency") or "CNY"),
                      overdue_days=_number(data.get("overdue_days")))
