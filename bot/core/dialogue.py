"""The registration conversation as pure data: what we know of a debt so far, and what to ask next.

The engine keeps this in the user's row between messages (as JSON) and feeds each new piece of understanding
through ``merge``; nothing here reads the clock or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

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

    def missing(self) -> tuple[str, ...]:
        """Return the fields still unknown, in the order the bot asks for them."""
        known = {"creditor": self.creditor, "amount": self.amount, "due": self.due_date}
        return tuple(f for f in FIELDS if known[f] is None)

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
                                   "amount": {"amount": None},
                                   "due": {"due_date": None, "rule": None}}[field]
        return replace(self, **cleared)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the dialogue state (Decimal and date as strings)."""
        # The fields one by one, not dataclasses.asdict: it deep-copies every value, and all of them are immutable.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for key in ("amount", "daily_rate", "annual_rate", "unclear_rate"):
            data[key] = None if data[key] is None else str(data[key])
        data["due_date"] = None if self.due_date is None else self.due_date.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingDebt:
        """Read what ``to_json`` wrote."""
        return cls(
            creditor=data.get("creditor"),
            creditor_kind=data.get("creditor_kind"),
            amount=None if data.get("amount") is None else Decimal(data["amount"]),
            currency=data.get("currency") or "CNY",
            due_date=None if data.get("due_date") is None else date.fromisoformat(data["due_date"]),
            rule=data.get("rule"),
            daily_rate=None if data.get("daily_rate") is None else Decimal(data["daily_rate"]),
            annual_rate=None if data.get("annual_rate") is None else Decimal(data["annual_rate"]),
            unclear_rate=None if data.get("unclear_rate") is None else Decimal(data["unclear_rate"]),
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
