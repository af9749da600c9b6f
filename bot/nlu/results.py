"""What the parsers return: frozen values the engine reads and echoes back to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from bot.nlu.recurrence import Recurrence

Grain = Literal["minute", "hour", "day", "week", "month", "year"]
AmountProblem = Literal["zero", "negative", "absurd"]
# "tangled": a text holding several notices the reader could not cut apart (one's lender, another's figures): read as
# none of them, so the user is asked to send them one by one.
NoticeKind = Literal["repayment", "scheduled", "purchase", "refund", "income", "limit", "offer", "instalment", "marketing",
                     "code", "tangled"]


@dataclass(frozen=True)
class ParsedTime:
    """A time expression found in a message, resolved against ``now``."""

    at: datetime
    grain: Grain
    recurrence: Recurrence | None
    span: tuple[int, int]
    alternatives: tuple[datetime, ...] = ()
    # False when part of the text looked like time but was not understood: the engine then asks instead of
    # saving. ``leftover`` is that part, as the user typed it ("" when confident).
    confident: bool = True
    leftover: str = ""

    @property
    def has_time_of_day(self) -> bool:
        return self.grain in ("minute", "hour")


@dataclass(frozen=True)
class ParsedAmount:
    """A money amount; ``value`` is None when ``problem`` says why it cannot be used."""

    value: Decimal | None
    currency: str
    span: tuple[int, int]
    problem: AmountProblem | None = None
    explicit: bool = False  # the currency was written (¥, 元, $, dollars); otherwise ``currency`` is a default


@dataclass(frozen=True)
class DebtDraft:
    """What a message says about a debt, with the fields still missing."""

    creditor: str | None
    creditor_kind: str | None
    amount: Decimal | None
    currency: str
    due: ParsedTime | None
    missing: tuple[str, ...]
    amount_problem: str | None = None
    due_problem: str | None = None
    daily_rate: Decimal | None = None
    annual_rate: Decimal | None = None
    unclear_rate: Decimal | None = None  # a rate whose kind the message does not say: ask, never guess
    overdue_since: date | None = None  # the due date is past: late since then (the user said so, or it is recent)
    past_alternative: date | None = None  # a past reading of the due date to ask about ("是今年11月28日吗？")
    minimum: Decimal | None = None  # the minimum payment of this cycle (最低还款)
    statement_day: int | None = None  # 账单日, the day the bill is cut (not the due day)
    instalment_amount: Decimal | None = None  # per period (每期)
    instalment_count: int | None = None  # periods left
    currency_said: bool = False  # the message wrote the currency; otherwise the engine picks the user's
    amount_hedged: bool = False  # an amount was said with doubt ("大概五千"): left out, to be asked
    amount_said: Decimal | None = None  # that amount when it was one value said roughly ("大概五千" → 5000), to offer back


@dataclass(frozen=True)
class PaymentDraft:
    """A report of money paid back."""

    amount: Decimal | None
    full: bool
    creditor_hint: str | None
    creditor_kind: str | None
    paid_at: ParsedTime | None
    amount_problem: str | None = None


@dataclass(frozen=True)
class ReminderDraft:
    """A request to be reminded of something."""

    when: ParsedTime | None
    task: str


@dataclass(frozen=True)
class BillNotice:
    """What a pasted bill or repayment-due notice says; a field the notice leaves unclear is None.

    ``card_last4`` holds only the last four digits of the card; ``spans`` names the (start, end) offsets of the text
    each field was read from; ``other_currencies`` lists the currencies of a statement's other parts (the amount is
    the one in ``currency``, yuan first).
    """

    creditor: str | None
    creditor_kind: str | None
    amount: Decimal | None
    minimum: Decimal | None
    due: date | None
    statement_date: date | None
    card_last4: str | None
    currency: str
    overdue_days: int | None
    overdue: bool = False
    other_currencies: tuple[str, ...] = ()
    spans: tuple[tuple[str, tuple[int, int]], ...] = ()


@dataclass(frozen=True)
class OtherNotice:
    """A notice that is not a bill: a purchase, a repayment that went through, a refund, an offer…"""

    kind: NoticeKind
    creditor: str | None
    creditor_kind: str | None
    amount: Decimal | None
    currency: str | None
    card_last4: str | None
