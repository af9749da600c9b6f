"""Decide which handler answers an inbound message: an event, a pressed button, a command, a dialogue step, or
free text understood by ``bot.nlu``."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.dialogue import Awaiting, BillAmountStep, EditStep, PayAmountStep
from bot.engine import (
    bills,
    data,
    debts,
    insights,
    onboarding,
    payments,
    recovery,
    registration,
    reminders,
    settings,
    undo,
    web,
)
from bot.engine.questions import answer_button, answer_crisis, answer_fallback, answer_first, interrupt
from bot.engine.turn import Turn
from bot.errors import NotFoundError, UserInputError
from bot.messages import Inbound
from bot.nlu import parse_debts
from storage import accounts

MAX_TEXT = 2000

Command = Callable[[Turn, str], None]

COMMANDS: dict[str, Command] = {
    "start": onboarding.start,
    "help": onboarding.help_,
    "privacy": onboarding.privacy,
    "list": debts.show_list,
    "add": debts.add_command,
    "paid": payments.paid_command,
    "remind": reminders.remind_command,
    "reminders": reminders.show_reminders,
    "undo": undo.undo,
    "settings": settings.show,
    "language": settings.language_command,
    "timezone": settings.timezone_command,
    "recovery": recovery.show,
    "tip": recovery.tip_command,
    "plan": insights.plan,
    "chart": insights.chart,
    "ics": insights.ics,
    "export": data.export,
    "delete": data.delete_all,
    "cancel": onboarding.cancel,
    "web": web.link,
}

# Plain words people type instead of commands (exact match after trimming).
ALIASES = {
    "帮助": "help", "菜单": "help", "列表": "list", "我的欠款": "list", "账单": "list", "撤销": "undo",
    "设置": "settings", "取消": "cancel", "导出": "export", "开始": "start", "help": "help", "menu": "help",
    "恢复计划": "recovery", "信用修复": "recovery", "小贴士": "tip", "提示": "tip", "还款计划": "plan",
    "图表": "chart", "日历": "ics", "recovery": "recovery", "tip": "tip", "chart": "chart",
    "list": "list", "undo": "undo", "settings": "settings", "cancel": "cancel", "start": "start",
}

_COMMAND = re.compile(r"^/([A-Za-z_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def route(turn: Turn, inbound: Inbound) -> None:
    """Answer ``inbound`` by queueing replies on ``turn``."""
    if inbound.event is not None:
        onboarding.event(turn, inbound.event)
        return
    if inbound.button is not None:
        _press(turn, inbound.button)
        return
    text = inbound.text
    if not text:
        raise UserInputError("err.empty")
    if answer_crisis(turn, text):
        return  # first and always, whatever else is open or however long the message
    if len(text) > MAX_TEXT:
        raise UserInputError("err.too_long", limit=MAX_TEXT)
    command = _COMMAND.match(text)
    if command is not None:
        name = command.group(1).lower()
        handler = COMMANDS.get(name)
        if handler is None:
            raise UserInputError("err.unknown_command", command=name[:32])
        turn.dialogue = turn.dialogue.on_command(name)  # a command starts afresh (drafts stay)
        handler(turn, (command.group(2) or "").strip())
        return
    alias = ALIASES.get(text.lower())
    if alias is not None:
        if alias != "cancel":
            turn.end_step()
        COMMANDS[alias](turn, "")
        return
    # A pasted notice is read as one even mid-dialogue (it is neither a question nor the answer being asked for); a
    # question or small talk mid-dialogue is answered and the dialogue kept.
    if not turn.dialogue.is_empty and not bills.is_notice(turn, text) and (interrupt(turn, text) or _continue_dialogue(turn, text)):
        return
    understand(turn, text)


def understand(turn: Turn, text: str) -> None:
    """Act on free text. What the message *is* is decided before fields are read from it: distress, small talk or
    a question, a request to delete or silence a debt, a reminder request, payments made (never a plan, a worry or
    a notice's boilerplate), new debts (never a question), a correction to debts not confirmed yet; otherwise the
    closest answers, or what the bot can do."""
    if bills.handle_notice(turn, text):  # a pasted notice, before its words are read as a question, payment or debt
        return
    if answer_first(turn, text):
        _register_beside_worry(turn, text)
        return
    reading = turn.readings[text]
    if debts.manage_by_words(turn, text):
        return
    request = reading.reminder
    if request is not None:
        reminders.request(turn, request, text)
        return
    paid = reading.payments
    if len(paid) == 1:
        payments.report(turn, paid[0], text)
        return
    if paid:
        payments.report_many(turn, list(paid), text)
        return
    if reading.debts:
        registration.register_many(turn, list(reading.debts))
        return
    pending = registration.drafts_of(turn)
    if pending and registration.correct(turn, text, pending):
        return
    answer_fallback(turn, text)
    if pending:
        registration.show(turn, pending)  # the card still open comes back, one tap from saving


def _register_beside_worry(turn: Turn, text: str) -> None:
    """A worry answered first may also state a debt ("信用卡欠了8000，催收说下周上门", "so stressed, owe Chase $900
    due the 20th"): its card follows the caring answer, so the debt is not lost. A question is only answered; a
    crisis never gets here (it is answered alone, before anything else)."""
    reading = turn.readings[text]
    # Not a question, and distress or a topic people raise to ask about it (``asked`` is then the topic alone).
    if reading.is_question or not (reading.distress or reading.asked):
        return
    drafts = parse_debts(text, now=turn.local_now, beside_worry=True)
    if drafts:
        registration.register_many(turn, drafts)


def _continue_dialogue(turn: Turn, text: str) -> bool:
    """Feed text to the conversation in progress; return False if there is none to feed."""
    handler = None if turn.dialogue.awaiting is None else ANSWERS.get(turn.dialogue.awaiting)
    if handler is None or not _still_there(turn):
        turn.end_step()
        return False
    return handler(turn, text)


# What reads a typed answer to each question; the others are answered with a button.
ANSWERS: dict[Awaiting, Callable[[Turn, str], bool]] = {
    Awaiting.REGISTER: debts.answer_registration,
    Awaiting.EDIT: debts.answer_edit,
    Awaiting.PAY_AMOUNT: payments.answer_amount,
    Awaiting.BILL_AMOUNT: payments.answer_bill,
    Awaiting.REMIND_WHEN: reminders.answer_when,
    Awaiting.SETTING: settings.answer,
}


def _still_there(turn: Turn) -> bool:
    """Tell whether the debt a question was about is still active. If it was settled, deleted or undone (or the
    button that asked was tampered with), the question is dropped and the text read afresh: otherwise every later
    message would answer "not found", roll back, and keep the stale question for ever."""
    step = turn.dialogue.step
    if not isinstance(step, EditStep | PayAmountStep | BillAmountStep):
        return True
    debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=step.debt_id)
    return debt is not None and debt.status == "active"


# --- buttons ---------------------------------------------------------------------------------------------

ButtonHandler = Callable[[Turn, list[str]], None]

def _consent(turn: Turn, parts: list[str]) -> None:
    """The consent answer; what the user wrote before it is read by ``understand`` (onboarding does not import
    the router)."""
    onboarding.consent_button(turn, parts, resume=understand)


BUTTONS: dict[str, ButtonHandler] = {
    "c": _consent,
    "reg": debts.registration_button,
    "d": debts.debt_button,
    "rm": reminders.debt_reminder_button,
    "cr": reminders.custom_reminder_button,
    "pay": payments.pay_button,
    "bill": payments.bill_button,
    bills.PREFIX: bills.paste_button,
    "s": settings.button,
    "del": data.delete_button,
    "rc": recovery.tick_button,
    "qa": answer_button,
}

SIMPLE_BUTTONS: dict[str, Command] = {
    "help": onboarding.help_,
    "list": debts.show_list,
    "undo": undo.undo,
    "settings": settings.show,
    "x": onboarding.cancel,
    "start": onboarding.start,
    "reminders": reminders.show_reminders,
    "recovery": recovery.show,
    "tip": recovery.tip_command,
}


def _press(turn: Turn, data: str) -> None:
    if len(data) > 64 or not data.isprintable():
        raise NotFoundError("err.stale_button")
    simple = SIMPLE_BUTTONS.get(data)
    if simple is not None:
        simple(turn, "")
        return
    head, _, rest = data.partition(":")
    handler = BUTTONS.get(head)
    if handler is None or not rest:
        raise NotFoundError("err.stale_button")
    handler(turn, rest.split(":"))
