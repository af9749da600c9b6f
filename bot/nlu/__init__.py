"""Natural language in, meaning out: dates, amounts, debts, payments and reminders, in Chinese and English.

Every function here is pure: ``now`` is passed in, nothing reads the clock, nothing does I/O. The names below
are the contract the engine uses (``from bot.nlu import parse_time, parse_debt, parse_debts, parse_bill``).
Each is imported on first use, so a process that only reads times never loads the debt, creditor or payment rules (B4: the first parse
in a fresh process, imports included, stays within its budget).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.nlu.amount import parse_amount as parse_amount
    from bot.nlu.debt import parse_debt as parse_debt
    from bot.nlu.debt import parse_debts as parse_debts
    from bot.nlu.debt import read_due as read_due
    from bot.nlu.intents import classify as classify
    from bot.nlu.intents import detect_intent as detect_intent
    from bot.nlu.intents import plan_to_pay as plan_to_pay
    from bot.nlu.notices import has_notice_boilerplate as has_notice_boilerplate
    from bot.nlu.notices import parse_bill as parse_bill
    from bot.nlu.notices import parse_notice as parse_notice
    from bot.nlu.notices import parse_notices as parse_notices
    from bot.nlu.payment import parse_payment as parse_payment
    from bot.nlu.payment import parse_payments as parse_payments
    from bot.nlu.recurrence import Recurrence as Recurrence
    from bot.nlu.reminder import parse_reminder as parse_reminder
    from bot.nlu.results import BillNotice as BillNotice
    from bot.nlu.results import DebtDraft as DebtDraft
    from bot.nlu.results import OtherNotice as OtherNotice
    from bot.nlu.results import ParsedAmount as ParsedAmount
    from bot.nlu.results import ParsedTime as ParsedTime
    from bot.nlu.results import PaymentDraft as PaymentDraft
    from bot.nlu.results import ReminderDraft as ReminderDraft
    from bot.nlu.time_parser import parse_time as parse_time

_EXPORTS = {
    "parse_amount": "bot.nlu.amount",
    "parse_debt": "bot.nlu.debt",
    "parse_debts": "bot.nlu.debt",
    "read_due": "bot.nlu.debt",
    "classify": "bot.nlu.intents",
    "detect_intent": "bot.nlu.intents",
    "plan_to_pay": "bot.nlu.intents",
    "has_notice_boilerplate": "bot.nlu.notices",
    "parse_bill": "bot.nlu.notices",
    "parse_notice": "bot.nlu.notices",
    "parse_notices": "bot.nlu.notices",
    "parse_payment": "bot.nlu.payment",
    "parse_payments": "bot.nlu.payment",
    "Recurrence": "bot.nlu.recurrence",
    "parse_reminder": "bot.nlu.reminder",
    "BillNotice": "bot.nlu.results",
    "DebtDraft": "bot.nlu.results",
    "OtherNotice": "bot.nlu.results",
    "ParsedAmount": "bot.nlu.results",
    "ParsedTime": "bot.nlu.results",
    "PaymentDraft": "bot.nlu.results",
    "ReminderDraft": "bot.nlu.results",
    "parse_time": "bot.nlu.time_parser",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bot.nlu' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value
