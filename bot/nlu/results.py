"""What the parsers return: frozen values the engine reads and echoes back to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from bot.nlu.recurrence import Recurrence

Grain = Literal["minute", "hour", "day", "week", "month", "year"]
AmountProblem = Literal["zero", "negative", "absurd"]


@dataclass(frozen=True)
class ParsedTime:
    """A time expression found in a message, resolved against ``now``."""

    at: datetime
    grain: Grain
    recurrence: Recurrence | None
    span: tuple[int, int]
    alternatives: tuple[datetime, ...] = ()

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
