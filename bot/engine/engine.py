"""The engine's entry: one transaction per inbound message, the flood guard, and the router that decides which
handler answers (an event, a button, a command, a dialogue step, or free text).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import Clock
from bot.core.dialogue import Awaiting, BillAmountStep, ConsentStep, EditStep, PayAmountStep
from bot.core.reading import NEW_REQUESTS, Kind
from bot.core.redact import mask_card_numbers
from bot.engine import account, bills, companion, debts, payments, planning, reminders
from bot.engine.turn import Turn
from bot.errors import NotFoundError, UserInputError
from bot.messages import Inbound, Reply
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.yes_no import consent_answer, explicit_consent, is_no
from bot.texts import normalize_language
from bot.texts.render import Locale, render, render_replies
from bot.texts.values import Text
from storage import accounts, replay, schedule
from storage.db import session_scope
from storage.models import Reminder, User

# --- the flood guard ---------------------------------------------------------------------------------------

Verdict = Literal["handle", "notice", "drop"]


@dataclass(frozen=True, slots=True)
class FloodPolicy:
    """How much one address may send: a burst of ``capacity``, then ``refill_per_second`` on average."""

    capacity: float = 20.0  # a person tapping through a conversation quickly stays well inside it
    refill_per_second: float = 2.0
    exempt_channels: frozenset[str] = frozenset({"console"})
    max_tracked: int = 50_000  # above this many addresses, idle (full) buckets are forgotten


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: datetime
    noticed: bool = False


@dataclass
class FloodGuard:
    """Decides, per inbound message, whether to handle it, answer with the slow-down notice, or drop it."""

    policy: FloodPolicy = field(default_factory=FloodPolicy)
    limited: int = 0  # messages not handled (noticed or dropped), for operators and tests
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def check(self, address: str, channel: str, now: datetime) -> Verdict:
        """Take a token for one message from ``address`` at ``now``."""
        policy = self.policy
        if channel in policy.exempt_channels:
            return "handle"
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= policy.max_tracked:
                self._forget_idle(now)
            bucket = self._buckets[address] = _Bucket(policy.capacity, now)
        elapsed = (now - bucket.at).total_seconds()
        # A clock stepped back refills nothing and owes nothing later; one stepped forward at most fills up.
        bucket.tokens = min(policy.capacity, bucket.tokens + max(0.0, elapsed) * policy.refill_per_second)
        bucket.at = now
        if bucket.tokens >= policy.capacity:
            bucket.noticed = False  # quiet long enough to fill up again: the burst is over
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "handle"
        self.limited += 1
        if bucket.noticed:
            return "drop"
        bucket.noticed = True
        return "notice"

    @property
    def tracked(self) -> int:
        """How many addresses have a bucket in memory."""
        return len(self._buckets)

    def _forget_idle(self, now: datetime) -> None:
        rate, capacity = self.policy.refill_per_second, self.policy.capacity
        self._buckets = {a: b for a, b in self._buckets.items()
                         if b.tokens + max(0.0, (now - b.at).total_seconds()) * rate < capacity}


# --- the router --------------------------------------------------------------------------------------------

MAX_TEXT = 2000

Command = Callable[[Turn, str], None]

COMMANDS: dict[str, Command] = {
    "start": account.start,
    "help": account.help_,
    "privacy": account.privacy,
    "list": debts.show_list,
    "add": debts.add_command,
    "paid": payments.paid_command,
    "remind": reminders.remind_command,
    "reminders": reminders.show_reminders,
    "undo": payments.undo,
    "settings": account.show,
    "language": account.language_command,
    "timezone": account.timezone_command,
    "recovery": companion.show,
    "tip": companion.tip_command,
    "plan": companion.plan,
    "chart": companion.chart,
    "ics": companion.ics,
    "export": account.export,
    "delete": account.delete_all,
    "cancel": account.cancel,
    "web": account.link,
}

# Plain words people type instead of commands (exact match after trimming).
ALIASES = {
    "帮助": "help", "菜单": "help", "列表": "list", "我的欠款": "list", "账单": "list", "撤销": "undo",
    "设置": "settings", "取消": "cancel", "导出": "export", "开始": "start", "help": "help", "menu": "help",
    "恢复计划": "recovery", "信用修复": "recovery", "小贴士": "tip", "提示": "tip", "还款计划": "plan",
    "图表": "chart", "日历": "ics", "recovery": "recovery", "tip": "tip", "chart": "chart",
    "list": "list", "undo": "undo", "settings": "settings", "cancel": "cancel", "start": "start",
    # "Forget it", said to whatever the bot is asking.
    "算了": "cancel", "算了吧": "cancel", "不用了": "cancel", "不要了": "cancel", "没事了": "cancel", "先不用了": "cancel",
    "先不用": "cancel", "不弄了": "cancel", "never mind": "cancel", "nevermind": "cancel", "nvm": "cancel",
    "forget it": "cancel", "skip it": "cancel",
}

_COMMAND = lazy_compile(r"^/([A-Za-z_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def route(turn: Turn, inbound: Inbound) -> None:
    """Answer ``inbound`` by queueing replies on ``turn``: decide what it is, and hand it to the one handler for
    that (``BUTTONS``, ``COMMANDS``, ``ANSWERS`` for the question waiting, ``FREE_TEXT`` by ``Reading.kind``)."""
    if inbound.event is not None:
        account.event(turn, inbound.event)
        return
    if inbound.button is not None:
        _press(turn, inbound.button)
        return
    text = inbound.text
    if not text:
        raise UserInputError("err.empty")
    reading = turn.readings[text]
    if reading.distress == "crisis":
        companion.answer_crisis(turn, text)
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
    alias = ALIASES.get(text.lower().strip(" .。!！~～…"))
    if alias is not None:
        if alias != "cancel":
            turn.end_step()
        COMMANDS[alias](turn, "")
        return
    if turn.user.consent_at is None:
        companion.follow_written_language(turn, text)
    # A pasted notice is read as one even mid-dialogue (it is neither a question nor the answer being asked for); a
    # question or small talk mid-dialogue is answered and the dialogue kept.
    if not turn.dialogue.is_empty and not reading.is_notice:
        if reading.aside:
            companion.answer_aside(turn, text)
            return
        if _continue_dialogue(turn, text):
            return
    understand(turn, text)


def understand(turn: Turn, text: str) -> None:
    """Act on free text: what the message *is* (``Reading.kind``, in the pure core) is decided before any field is
    read from it, and one handler answers each kind."""
    FREE_TEXT[turn.readings[text].kind](turn, text)


# Who answers each kind of free text.
FREE_TEXT: dict[Kind, Command] = {
    Kind.CRISIS: companion.answer_crisis,
    Kind.NOTICE: bills.answer_notice,  # before its words are read as a question, payment or debt
    Kind.PRESSURE: companion.answer_words,
    Kind.SMALL_TALK: companion.answer_words,
    Kind.QUESTION: companion.answer_words,
    Kind.MANAGE: debts.manage_by_words,
    Kind.EDIT: debts.edit_by_words,
    Kind.LEAD: account.lead_by_words,
    Kind.REMINDER: reminders.request_text,
    Kind.PAYMENT: payments.report_text,  # never a plan, a worry or a notice's boilerplate (see bot.nlu)
    Kind.SEVERAL: debts.one_at_a_time,
    Kind.DEBTS: debts.register_text,  # never a question
    Kind.OTHER: companion.answer_other,
}


def _continue_dialogue(turn: Turn, text: str) -> bool:
    """Feed text to the conversation in progress; return False if there is none to feed, or if the text is a
    request of its own rather than the answer ("花呗欠3000 10号" while the bot asks when to remind)."""
    awaiting = turn.dialogue.awaiting
    handler = None if awaiting is None else ANSWERS.get(awaiting)
    if handler is None or not _still_there(turn):
        turn.end_step()
        return False
    if awaiting in NOT_ANSWERS and turn.readings[text].kind in NOT_ANSWERS[awaiting]:
        if awaiting is Awaiting.REMIND_WHEN:
            reminders.say_not_set(turn)
        turn.end_step()
        return False
    return handler(turn, text)


def _consent_typed(turn: Turn, text: str) -> bool:
    """「同意」 or "I agree" typed instead of pressing the button: the same answer. Anything else is read afresh
    (the question stays open and is asked again before anything is saved)."""
    answer = consent_answer(text)
    if answer is None:
        return False
    account.consent_button(turn, [answer], resume=understand)
    return True


def _answer_card(turn: Turn, text: str) -> bool:
    """A typed answer while a debt's card is open. 「同意」 or "I agree" from someone who has not consented yet
    answers both questions the bot asked — the welcome's consent and the card's "save this?" — so the debt is
    saved on consent, not asked about twice; anything else is the card's (``debts.answer_registration``)."""
    if turn.user.consent_at is None and explicit_consent(text) and debts.ready_to_save(turn):
        turn.expect(ConsentStep(save=tuple(debts.drafts_of(turn))))
        account.consent_button(turn, ["yes"], resume=understand)
        return True
    return debts.answer_registration(turn, text)


# What reads a typed answer to each question; the others are answered with a button.
def _answer_notice_card(turn: Turn, text: str) -> bool:
    """A typed answer at a pasted notice's card (``bills.answer_typed``); a no with nothing else waiting drops it."""
    if bills.answer_typed(turn, text):
        return True
    if is_no(text):
        account.cancel(turn, "")
        return True
    return False


ANSWERS: dict[Awaiting, Callable[[Turn, str], bool]] = {
    Awaiting.CONSENT: _consent_typed,
    Awaiting.REGISTER: _answer_card,
    Awaiting.NOTICE: _answer_notice_card,
    Awaiting.EDIT: debts.answer_edit,
    Awaiting.PAY_AMOUNT: payments.answer_amount,
    Awaiting.BILL_AMOUNT: payments.answer_bill,
    Awaiting.REMIND_WHEN: reminders.answer_when,
    Awaiting.SETTING: account.answer,
}


# What is never the answer to each question, however much it holds a time or an amount: a new debt is not the time
# of a reminder, nor a payment's amount; "提前三天提醒我" is not a date. (A card's own answers are read by
# ``debts.answer_registration``, which tells a second debt from a correction.)
NOT_ANSWERS: dict[Awaiting, frozenset[Kind]] = {
    Awaiting.REMIND_WHEN: NEW_REQUESTS - {Kind.REMINDER},
    Awaiting.PAY_AMOUNT: frozenset({Kind.MANAGE, Kind.EDIT, Kind.LEAD, Kind.REMINDER, Kind.DEBTS}),
    Awaiting.BILL_AMOUNT: frozenset({Kind.MANAGE, Kind.EDIT, Kind.LEAD, Kind.REMINDER}),
    Awaiting.EDIT: frozenset({Kind.MANAGE, Kind.LEAD, Kind.REMINDER, Kind.PAYMENT}),
    Awaiting.SETTING: NEW_REQUESTS - {Kind.REMINDER},
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


# --- buttons -----------------------------------------------------------------------------------------------

ButtonHandler = Callable[[Turn, list[str]], None]

def _consent(turn: Turn, parts: list[str]) -> None:
    """The consent answer; what the user wrote before it is read by ``understand`` (onboarding does not import
    the router)."""
    account.consent_button(turn, parts, resume=understand)


BUTTONS: dict[str, ButtonHandler] = {
    "c": _consent,
    "reg": debts.registration_button,
    "d": debts.debt_button,
    "rm": reminders.debt_reminder_button,
    "cr": reminders.custom_reminder_button,
    "pay": payments.pay_button,
    "bill": payments.bill_button,
    bills.PREFIX: bills.paste_button,
    "s": account.button,
    "del": account.delete_button,
    "rc": companion.tick_button,
    "qa": companion.answer_button,
}

SIMPLE_BUTTONS: dict[str, Command] = {
    "help": account.help_,
    "list": debts.show_list,
    "undo": payments.undo,
    "settings": account.show,
    "x": account.cancel,
    "start": account.start,
    "reminders": reminders.show_reminders,
    "recovery": companion.show,
    "tip": companion.tip_command,
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


# --- the engine's entry ------------------------------------------------------------------------------------

log = logging.getLogger(__name__)


@dataclass
class EngineStats:
    """Counters for operators: messages handled by channel, those that hit a bug, those over the flood limit."""

    inbound: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    flooded: int = 0  # over a sender's flood limit: answered with one notice, or dropped


class Engine:
    """Channel-agnostic conversation engine."""

    def __init__(self, database: Database, clock: Clock, *, default_timezone: str = "Asia/Shanghai",
                 default_language: str = "zh", flood: FloodPolicy | None = None, operator: str = "",
                 operator_contact: str = "", web_base_url: str = "http://127.0.0.1:8088") -> None:
        self.database = database
        self.operator = operator
        self.operator_contact = operator_contact
        self.clock = clock
        self.default_timezone = default_timezone
        self.default_language = default_language
        self.flood = None if flood is None else FloodGuard(flood)
        self.stats = EngineStats()
        self.web_base_url = web_base_url.rstrip("/")

    def handle(self, inbound: Inbound) -> list[Reply]:
        """Answer one inbound message; never raises. A message over the sender's flood limit gets one notice per
        burst, then none, and never reaches parsing or the database (see ``bot.engine.engine``)."""
        now = self.clock.now()
        self.stats.inbound[inbound.sender.channel] += 1
        inbound = _clean(inbound)
        # Until a turn opens (the flood notice, a failure reading the user) replies go out in the client's language.
        lang, zone = normalize_language(inbound.language, self.default_language), self.default_timezone
        if self.flood is not None and inbound.event is None:
            verdict = self.flood.check(str(inbound.sender), inbound.sender.channel, now)
            if verdict != "handle":
                self.stats.flooded += 1
            if verdict == "drop":
                return []
            if verdict == "notice":
                return [self._one_line(Text("flood.slow_down"), lang, zone, now)]  # no database read
        try:
            with session_scope(self.database) as session:
                if not self._first_delivery(session, inbound, now):
                    log.info("a delivery came again; not handled twice")
                    return []
                turn = self._open_turn(session, inbound, lang, now)
                lang, zone = turn.lang, turn.user.timezone
                route(turn, inbound)
                if turn.dialogue is not turn.loaded_dialogue:
                    turn.save_dialogue()  # once, at the end: before held reminders, which may ask a question too
                held = self._held_messages(session, turn, now)
                # The one place a turn's replies are written out: in the language and zone the user has now.
                return held + render_replies(turn.said, Locale.at(turn.lang, turn.zone, now))
        except UserInputError as err:
            # The transaction was rolled back: bad input changes nothing.
            return [self._one_line(Text(err.text_id, **err.params), lang, zone, now)]
        except Exception:
            self.stats.errors += 1
            log.exception("failed to handle a message from %s", inbound.sender.channel)
            return [self._one_line(Text("err.internal"), lang, zone, now)]

    @staticmethod
    def _one_line(text: Text, lang: str, zone: str, now: datetime) -> Reply:
        """A reply outside the turn's own: the flood notice, why bad input changed nothing, an apology."""
        try:
            where = ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            where = ZoneInfo("UTC")  # a zone stored before it was checked must not stop the apology itself
        return Reply(render(text, Locale.at(lang, where, now)))

    def prepare_due(self, session: Session, rows: list[Reminder], now: datetime) -> list[reminders.Outgoing]:
        """Return the messages for claimed schedule rows (see ``bot.engine.reminders``)."""
        return reminders.prepare_due(session, rows, now)

    def pause_user(self, user_id: int) -> None:
        """Stop sending to a user who blocked the bot, until they write again."""
        with session_scope(self.database) as session:
            user = accounts.get_user(session=session, user_id=user_id)
            if user is not None and user.paused_at is None:
                user.paused_at = self.clock.now()
                session.add(user)
            planning.pause_schedule(session, user_id)

    @staticmethod
    def _first_delivery(session: Session, inbound: Inbound, now: datetime) -> bool:
        """Record the platform's id of this delivery in the turn's own transaction; False when it was handled
        already. A turn that fails is rolled back with its record, so the platform's next delivery is handled."""
        once = inbound.delivery
        if once is None:
            return True
        return replay.claim_key(session=session, kind=once.kind, sender="", key=once.key, now=now,
                                expires_at=now + once.keep) == "new"

    def _open_turn(self, session: Session, inbound: Inbound, lang: str, now: datetime) -> Turn:
        """Take the sender's row (a new user gets the client's language ``lang``) and open their turn."""
        # Locked for the whole turn: several processes may be handling this user's messages at once. The name is
        # read (and masked) only for a new user: a known user's stored name stays as it is.
        user = accounts.lock_user(session=session, address=str(inbound.sender), new_user=lambda: User(
            address=str(inbound.sender), channel=inbound.sender.channel, external_id=inbound.sender.ident,
            name=(mask_card_numbers(inbound.name)[:128] if inbound.name else None) or None, language=lang,
            timezone=self.default_timezone, created_at=now))
        if inbound.event not in ("blocked", "unsubscribe"):
            seen = user.last_inbound_at
            if seen is None or not now - LAST_SEEN_GRAIN < seen <= now:
                # Kept to the quarter hour, not written on every message: a conversation is a burst of them, and
                # the write was a tenth of a short turn. Written with a plain UPDATE, not left to the flush at
                # commit: most turns change nothing else on the user, and then the commit has nothing to flush.
                accounts.write_fields(session=session, row=user, values={"last_inbound_at": now})
            if user.paused_at is not None:
                user.paused_at = None
                session.add(user)
                planning.resume_schedule(session, user.id or 0)
        return Turn(session=session, user=user, now=now, operator=self.operator,
                    operator_contact=self.operator_contact, web_base_url=self.web_base_url)

    def _held_messages(self, session: Session, turn: Turn, now: datetime) -> list[Reply]:
        """Deliver what a channel could not push earlier, now that the user wrote."""
        if turn.user.paused_at is not None:
            return []
        # Almost nobody has held rows: one indexed EXISTS instead of loading them (and a flush) on every message.
        if not schedule.has_held_reminders(session=session, owner_id=turn.owner_id):
            return []
        rows = planning.take_held(session, turn.owner_id)
        if not rows:
            return []
        messages = reminders.prepare_due(session, rows, now)
        planning.delivered(session, [i for m in messages for i in m.row_ids], now)
        return [m.reply for m in messages]


# How precisely the time of a user's last message is kept (``User.last_inbound_at``).
LAST_SEEN_GRAIN = timedelta(minutes=15)
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}  # control, format (incl. bidi overrides), private use, surrogates


def _clean(inbound: Inbound) -> Inbound:
    """Drop control and bidi-override characters so they can neither confuse parsing nor be stored."""
    text = "".join(ch for ch in inbound.text if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE)
    text = text.strip()
    if text == inbound.text:
        return inbound
    return dataclasses.replace(inbound, text=text)
