"""The engine: one inbound message in, replies out, in one database transaction.

It is the only place that joins understanding (``bot.nlu``), decisions (``bot.core``) and storage. Channels call
``handle``; the dispatcher calls ``prepare_due``. Neither ever sees an exception from here: bad input becomes a
friendly reply, a bug becomes an apology and a log line.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import Clock
from bot.core.redact import mask_card_numbers
from bot.engine import outbox, schedule_status
from bot.engine.flood import FloodGuard, FloodPolicy
from bot.engine.router import route
from bot.engine.turn import Turn
from bot.errors import UserInputError
from bot.messages import Inbound, Reply
from bot.texts import normalize_language
from bot.texts.render import Locale, render, render_replies
from bot.texts.values import Text
from storage import accounts, schedule
from storage.db import session_scope
from storage.models import Reminder, User

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # longer messages are refused politely before any parsing


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
        burst, then none, and never reaches parsing or the database (see ``bot.engine.flood``)."""
        now = self.clock.now()
        self.stats.inbound[inbound.sender.channel] += 1
        lang = normalize_language(inbound.language, self.default_language)
        # Until a turn opens (the flood notice, a failure reading the user) replies go out in the client's language.
        zone = self.default_timezone
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
                turn = self._open_turn(session, inbound, now)
                lang, zone = turn.lang, turn.user.timezone
                route(turn, _clean(inbound))
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

    def prepare_due(self, session: Session, rows: list[Reminder], now: datetime) -> list[outbox.Outgoing]:
        """Return the messages for claimed schedule rows (see ``bot.engine.outbox``)."""
        return outbox.prepare_due(session, rows, now)

    def pause_user(self, user_id: int) -> None:
        """Stop sending to a user who blocked the bot, until they write again."""
        with session_scope(self.database) as session:
            user = accounts.get_user(session=session, user_id=user_id)
            if user is not None and user.paused_at is None:
                user.paused_at = self.clock.now()
                session.add(user)
            schedule_status.pause_schedule(session, user_id)

    def _open_turn(self, session: Session, inbound: Inbound, now: datetime) -> Turn:
        # Locked for the whole turn: several processes may be handling this user's messages at once.
        user = accounts.lock_user(session=session, address=str(inbound.sender), new_user=lambda: User(
            address=str(inbound.sender), channel=inbound.sender.channel, external_id=inbound.sender.ident,
            name=mask_card_numbers(inbound.name or "")[:128] or None,
            language=normalize_language(inbound.language, self.default_language),
            timezone=self.default_timezone, created_at=now))
        if inbound.event not in ("blocked", "unsubscribe"):
            # Written at once with a plain UPDATE, not left to the flush at commit: most turns change nothing
            # else on the user, and then the commit has nothing to flush.
            accounts.write_fields(session=session, row=user, values={"last_inbound_at": now})
            if user.paused_at is not None:
                user.paused_at = None
                session.add(user)
                schedule_status.resume_schedule(session, user.id or 0)
        return Turn(session=session, user=user, now=now, operator=self.operator,
                    operator_contact=self.operator_contact, web_base_url=self.web_base_url)

    def _held_messages(self, session: Session, turn: Turn, now: datetime) -> list[Reply]:
        """Deliver what a channel could not push earlier, now that the user wrote."""
        if turn.user.paused_at is not None:
            return []
        # Almost nobody has held rows: one indexed EXISTS instead of loading them (and a flush) on every message.
        if not schedule.has_held_reminders(session=session, owner_id=turn.owner_id):
            return []
        rows = schedule_status.take_held(session, turn.owner_id)
        if not rows:
            return []
        messages = outbox.prepare_due(session, rows, now)
        schedule_status.delivered(session, [i for m in messages for i in m.row_ids], now)
        return [m.reply for m in messages]


_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}  # control, format (incl. bidi overrides), private use, surrogates


def _clean(inbound: Inbound) -> Inbound:
    """Drop control and bidi-override characters so they can neither confuse parsing nor be stored."""
    text = "".join(ch for ch in inbound.text if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE)
    text = text.strip()
    if text == inbound.text:
        return inbound
    return Inbound(sender=inbound.sender, text=text, button=inbound.button, event=inbound.event,
                   language=inbound.language, name=inbound.name, extra=inbound.extra)


