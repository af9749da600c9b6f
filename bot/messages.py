"""The channel-agnostic vocabulary: what comes in, what goes out, and who it is for.

Channels translate platform objects into these and back; the engine sees nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

InboundEvent = Literal[
    "blocked",  # the user blocked the bot (Telegram my_chat_member → kicked)
    "unblocked",  # the user allowed the bot again
    "subscribe",  # WeChat follow
    "unsubscribe",  # WeChat unfollow
    "notify_granted",  # WeChat one-time subscribe message accepted
    "notify_rejected",  # WeChat one-time subscribe message rejected
]


@dataclass(frozen=True, slots=True)
class Address:
    """Who a message is from or for, qualified by channel: ``tg:123``, ``wx:oOPENID``, ``console:me``."""

    channel: str
    ident: str

    @classmethod
    def parse(cls, text: str) -> Address:
        """Read ``channel:ident``; raise ``ValueError`` on anything else."""
        channel, sep, ident = text.partition(":")
        if not sep or not channel or not ident:
            raise ValueError(f"not an address: {text!r}")
        return cls(channel, ident)

    def __str__(self) -> str:
        return f"{self.channel}:{self.ident}"


@dataclass(frozen=True, slots=True)
class Button:
    """A choice offered under a reply. ``data`` is opaque to channels and at most 64 bytes (Telegram's limit).

    With ``web_app`` (an https URL) the button opens that page inside the chat app instead (a Telegram Mini App);
    the engine offers such buttons only on channels that can show them.
    """

    label: str
    data: str
    web_app: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that goes with a reply: a chart (shown as a photo) or a document (.ics, .json, .csv)."""

    filename: str
    content: bytes
    mime: str
    as_photo: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the bot.

    ``edit`` asks the channel to replace the message whose button was pressed (where the platform can),
    so that a reminder shows what was done with it. ``topic`` names what the message is about where a channel
    may add something of its own (``"debt_saved"``: WeChat asks for a one-time subscribe grant); others ignore it.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    edit: bool = False
    topic: str | None = None

    def all_buttons(self) -> list[Button]:
        """Return the buttons row by row, in reading order (the console and WeChat number them so)."""
        return [b for row in self.buttons for b in row]


@dataclass(frozen=True, slots=True)
class Delivery:
    """A platform's id for one delivery of an inbound, which it may deliver again (Telegram posts an update anew
    until it gets a 200, and a restarted poller may fetch it twice): the engine records ``key`` of ``kind`` for
    ``keep`` in the same transaction as the turn's effects, so a delivery is handled once, or not at all."""

    kind: str
    key: str
    keep: timedelta


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing a user did: typed ``text``, pressed a button carrying ``button``, or caused an ``event``."""

    sender: Address
    text: str = ""
    button: str | None = None
    event: InboundEvent | None = None
    language: str | None = None  # the client's language hint, e.g. Telegram's language_code
    name: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    delivery: Delivery | None = field(default=None, compare=False)
