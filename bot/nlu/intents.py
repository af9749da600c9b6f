"""What a message is about, for the engine's router: a reminder request, a payment report, or a debt."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.nlu.debt import parse_debt
from bot.nlu.payment import parse_payment
from bot.nlu.reminder import parse_reminder

Intent = Literal["reminder", "payment", "debt"]


def detect_intent(text: str, now: datetime, lang: str | None = None) -> Intent | None:
    """Return what the message asks for; a reminder request wins over a payment, a payment over a debt."""
    if parse_reminder(text, now, lang) is not None:
        return "reminder"
    if parse_payment(text, now, lang) is not None:
        return "payment"
    if parse_debt(text, now, lang) is not None:
        return "debt"
    return None
