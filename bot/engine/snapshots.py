"""Snapshots of a debt as JSON-safe dicts: what ``/undo`` needs to put a debt back as it was."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from storage.models import Debt, Payment

_DEBT_FIELDS = ("creditor", "creditor_kind", "currency", "original_amount", "balance", "due_date", "rrule", "status",
                "daily_rate", "lead_days", "reminders_muted", "awaiting_bill", "created_at", "updated_at", "settled_at",
                "annual_rate", "minimum_payment", "overdue_since", "carried_overdue", "record_clears_on")


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
