"""What the bot means to say, before it is put into words.

The engine describes a reply with these small immutable values — a catalogue text and its parameters, an amount
of money, a day, an instant — and one renderer (``bot.texts.render``) writes them out once, at the end of a turn,
in the user's language and time zone. A handler never formats money or dates itself.

The values are named tuples: immutable, and cheap to build on every turn (their constructor is the tuple's, so
building one runs none of this module's code). Only ``Text`` has a constructor of its own, to take its
parameters by name. Compare values of one kind only: as tuples, ``TimeOfDay(540) == Percent(Decimal(540))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, TypeAlias

from bot.messages import Attachment


@dataclass(frozen=True, slots=True, init=False)
class Text:
    """A catalogue text by id, with its parameters (which may be values themselves)."""

    text_id: str
    params: tuple[tuple[str, Value], ...]

    def __init__(self, text_id: str, /, **params: Value) -> None:
        object.__setattr__(self, "text_id", text_id)
        object.__setattr__(self, "params", tuple(params.items()))


class Money(NamedTuple):
    """An amount with its currency: ¥3,000, ¥2,999.50, 12 ABC."""

    amount: Decimal
    currency: str = "CNY"


class Percent(NamedTuple):
    """A rate given as a fraction: Decimal("0.0005") is 0.05%."""

    rate: Decimal


class Day(NamedTuple):
    """A local date with its weekday; the year is shown when it is not the current one (or always, ``year``)."""

    day: date
    year: bool = False


class LongDate(NamedTuple):
    """A date far ahead, spelled out with its year: 2032年1月11日 / 11 January 2032."""

    day: date


class When(NamedTuple):
    """An instant, shown as the date and time on the user's clock (the year as for ``Day``)."""

    instant: datetime
    year: bool = False


class Clock(NamedTuple):
    """The wall time of a local datetime, 24-hour HH:MM (in the zone it carries)."""

    local: datetime


class TimeOfDay(NamedTuple):
    """Minutes after midnight as HH:MM (a setting, not an instant)."""

    minute: int


class Rule(NamedTuple):
    """A repeat rule (RFC 5545) in words: 每月10日 / monthly on the 10th; one-off when there is none."""

    rrule: str | None


class Lines(NamedTuple):
    """Several values one after the other, joined by ``sep`` (a newline unless said otherwise; a ``Text`` for a
    separator that depends on the language, such as ``LIST_SEP``)."""

    items: tuple[Value, ...]
    sep: str | Text = "\n"


def joined(*items: Value) -> Lines:
    """Values written one straight after the other."""
    return Lines(items, "")


Value: TypeAlias = str | int | Decimal | Text | Money | Percent | Day | LongDate | When | Clock | TimeOfDay | Rule | Lines

LIST_SEP = Text("fmt.list_sep")  # 、 / ", "


class Choice(NamedTuple):
    """A button to offer, its label still to be written (see ``bot.messages.Button``)."""

    label: Value
    data: str
    web_app: str | None = None


Choices: TypeAlias = tuple[tuple[Choice, ...], ...]


class Said(NamedTuple):
    """One reply the engine means to send (see ``bot.messages.Reply``); ``lang`` overrides the user's language
    (a question typed in English is answered in English)."""

    text: Value
    buttons: Choices = ()
    attachments: tuple[Attachment, ...] = ()
    edit: bool = False
    topic: str | None = None
    lang: str | None = None
