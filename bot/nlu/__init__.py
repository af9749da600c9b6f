"""Natural language in, meaning out: dates, amounts, debts, payments and reminders, in Chinese and English.

Every function here is pure: ``now`` is passed in, nothing reads the clock, nothing does I/O.
"""

from bot.nlu.recurrence import Recurrence
from bot.nlu.results import DebtDraft, ParsedAmount, ParsedTime, PaymentDraft, ReminderDraft
from bot.nlu.time_parser import parse_time

__all__ = [
    "DebtDraft", "ParsedAmount", "ParsedTime", "PaymentDraft", "Recurrence", "ReminderDraft", "parse_time",
]
