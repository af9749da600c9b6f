"""Natural language in, meaning out: dates, amounts, debts, payments and reminders, in Chinese and English.

Every function here is pure: ``now`` is passed in, nothing reads the clock, nothing does I/O. The names below
are the contract the engine uses (``from bot.nlu import parse_time, parse_debt, parse_debts, parse_bill``).
"""

from bot.nlu.amount import parse_amount as parse_amount
from bot.nlu.debt import parse_debt as parse_debt
from bot.nlu.debt import parse_debts as parse_debts
from bot.nlu.debt import read_due as read_due
from bot.nlu.intents import classify as classify
from bot.nlu.intents import detect_intent as detect_intent
from bot.nlu.notices import has_notice_boilerplate as has_notice_boilerplate
from bot.nlu.notices import parse_bill as parse_bill
from bot.nlu.notices import parse_notice as parse_notice
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
