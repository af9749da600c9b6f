"""Pure money maths with Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def estimate_penalty(overdue_amount: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    """Estimate a penalty as simple daily accrual: amount × rate × days, to the cent."""
    return (overdue_amount * daily_rate * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
