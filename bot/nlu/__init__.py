"""Natural language in, meaning out: dates, amounts, debts, payments and reminders, in Chinese and English.

Every function here is pure: ``now`` is passed in, nothing reads the clock, nothing does I/O.
"""

from bot.nlu.amount import parse_amount
from bot.nlu.debt import parse_debt
from bot.nlu.intents import detect_intent
from bot.nlu.payment import parse_payment
from bot.nlu.recurrence import Recurrence
from bot.nlu.reminder import parse_reminder
from bot.nlu.results import DebtDraft, ParsedAmount, ParsedTime, PaymentDraft, ReminderDraft
from bot.nlu.time_parser import parse_time

__all__ = [
    "DebtDraft", "ParsedAmount", "ParsedTime", "PaymentDraft", "Recurrence", "ReminderDraft", "detect_intent",
    "parse_amount", "parse_debt", "parse_payment", "parse_reminder", "parse_time",
]
