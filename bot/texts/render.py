"""Write what the engine means to say (``bot.texts.values``) in a user's language and time zone.

Called once per turn by the engine, and once per outgoing reminder message: handlers describe, this writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.messages import Button, Reply
from bot.texts import t
from bot.texts.format import (
    clock_text,
    day_text,
    long_date,
    minute_text,
    money,
    percent,
    rule_text,
    when_text,
)
from bot.texts.values import (
    Choice,
    Clock,
    Day,
    Lines,
    LongDate,
    Money,
    Percent,
    Rule,
    Said,
    Text,
    TimeOfDay,
    Value,
    When,
)


@dataclass(frozen=True, slots=True)
class Locale:
    """Whom a reply is written for: their language, their zone, and the day it is for them."""

    lang: str
    zone: ZoneInfo
    today: date

    @classmethod
    def at(cls, lang: str, zone: ZoneInfo, now: datetime) -> Locale:
        """The locale of a user whose clock reads ``now`` (an aware instant)."""
        return cls(lang, zone, now.astimezone(zone).date())

    def speaking(self, lang: str | None) -> Locale:
        return self if lang is None or lang == self.lang else Locale(lang, self.zone, self.today)


def render(value: Value, locale: Locale) -> str:
    """Write one value as text."""
    written = _param(value, locale)
    return written if isinstance(written, str) else str(written)


def _param(value: Value, locale: Locale) -> str | int | Decimal:
    """Write a value for a catalogue placeholder: numbers stay numbers (``{days:day|days}`` counts them)."""
    lang = locale.lang
    match value:
        case str() | int() | Decimal():
            return value
        case Text(text_id=text_id, params=params):
            if not params:
                return t(lang, text_id)
            return t(lang, text_id, **{name: _param(v, locale) for name, v in params})
        case Money(amount=amount, currency=currency):
            return money(amount, currency)
        case Percent(rate=rate):
            return percent(rate)
        case Day(day=day, year=year):
            return day_text(day, lang, None if year else locale.today)
        case LongDate(day=day):
            return long_date(day, lang)
        case When(instant=instant, year=year):
            return when_text(instant.astimezone(locale.zone), lang, None if year else locale.today)
        case Clock(local=local):
            return clock_text(local)
        case TimeOfDay(minute=minute):
            return minute_text(minute)
        case Rule(rrule=rrule):
            return rule_text(rrule, lang)
        case Lines(items=items, sep=sep):
            return render(sep, locale).join(render(item, locale) for item in items)
    raise TypeError(f"cannot write {type(value).__name__}")


def render_button(choice: Choice, locale: Locale) -> Button:
    return Button(render(choice.label, locale), choice.data, web_app=choice.web_app)


def render_reply(said: Said, locale: Locale) -> Reply:
    """Write one intended reply: its text and its buttons' labels."""
    locale = locale.speaking(said.lang)
    return Reply(render(said.text, locale),
                 buttons=tuple(tuple(render_button(c, locale) for c in row) for row in said.buttons),
                 attachments=said.attachments, edit=said.edit, topic=said.topic)


def render_replies(said: Iterable[Said], locale: Locale) -> list[Reply]:
    """Write a turn's replies, in order."""
    return [render_reply(s, locale) for s in said]
