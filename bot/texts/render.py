"""Write what the engine means to say (``bot.texts.values``) in a user's language and time zone.

Called once per turn by the engine, and once per outgoing reminder message: handlers describe, this writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
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
    writer = _WRITERS.get(type(value))
    if writer is not None:
        return writer(value, locale)
    if isinstance(value, str | int | Decimal):  # a subclass: a StrEnum, a bool
        return value
    raise TypeError(f"cannot write {type(value).__name__}")


def _as_is(value: str | int | Decimal, _: Locale) -> str | int | Decimal:
    return value


def _text(value: Text, locale: Locale) -> str:
    if not value.params:
        return t(locale.lang, value.text_id)
    return t(locale.lang, value.text_id, **{name: _param(v, locale) for name, v in value.params})


def _lines(value: Lines, locale: Locale) -> str:
    return render(value.sep, locale).join([render(item, locale) for item in value.items])


def _when(value: When, locale: Locale) -> str:
    return when_text(value.instant.astimezone(locale.zone), locale.lang, None if value.year else locale.today)


# One writer per kind of value, found by its exact type (a lookup, not a chain of isinstance checks: a reply is
# a tree of a few dozen values, written on every turn).
_WRITERS: dict[type, Callable[[Any, Locale], str | int | Decimal]] = {
    str: _as_is,
    int: _as_is,
    Decimal: _as_is,
    Text: _text,
    Lines: _lines,
    Money: lambda v, _: money(v.amount, v.currency),
    Day: lambda v, locale: day_text(v.day, locale.lang, None if v.year else locale.today),
    When: _when,
    Percent: lambda v, _: percent(v.rate),
    LongDate: lambda v, locale: long_date(v.day, locale.lang),
    Clock: lambda v, _: clock_text(v.local),
    TimeOfDay: lambda v, _: minute_text(v.minute),
    Rule: lambda v, locale: rule_text(v.rrule, locale.lang),
}


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
