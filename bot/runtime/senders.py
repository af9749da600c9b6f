"""The port every channel implements to push messages, and the registry that routes by address prefix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.errors import ChannelUnavailable
from bot.messages import Address, Reply


class Sender(Protocol):
    """Delivers a message the bot starts (a reminder, a tip) to one address.

    Raises ``RecipientBlocked`` when the user blocked the bot, ``RateLimited`` when the platform asks us to wait,
    ``RecipientOutOfReach`` when the platform will not let us push now (deliver with the user's next message), and
    ``ChannelUnavailable`` for network or server trouble. Never raises anything else on purpose.
    """

    async def send(self, to: Address, reply: Reply) -> None: ...


class Senders:
    """Routes ``send`` to the sender registered for the address's channel."""

    def __init__(self, by_channel: Mapping[str, Sender]) -> None:
        self._by_channel = dict(by_channel)

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this registry can deliver to."""
        return tuple(self._by_channel)

    def register(self, channel: str, sender: Sender) -> None:
        """Add or replace the sender of one channel."""
        self._by_channel[channel] = sender

    async def send(self, to: Address, reply: Reply) -> None:
        """Deliver ``reply`` to ``to`` through its channel."""
        sender = self._by_channel.get(to.channel)
        if sender is None:
            raise ChannelUnavailable(f"no sender for channel {to.channel!r}")
        await sender.send(to, reply)
