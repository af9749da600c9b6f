"""Fakes for the seams the product injects: the clock and the senders. Test-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.errors import DeliveryError
from bot.messages import Address, Reply


class FrozenClock:
    """A clock that moves only when the test says so."""

    def __init__(self, start: datetime) -> None:
        assert start.tzinfo is not None, "FrozenClock needs an aware start"
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> FrozenClock:
        self._now += delta
        return self

    def set(self, instant: datetime) -> FrozenClock:
        self._now = instant.astimezone(UTC)
        return self


class RecordingSender:
    """Keeps every message it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[Address, Reply]] = []

    async def send(self, to: Address, reply: Reply) -> None:
        self.sent.append((to, reply))

    def texts(self, to: Address | None = None) -> list[str]:
        return [r.text for a, r in self.sent if to is None or a == to]


class FailingSender:
    """Raises ``exc`` for the first ``times`` sends (forever when None), then records like RecordingSender."""

    def __init__(self, exc: DeliveryError, times: int | None = None) -> None:
        self.exc = exc
        self.times = times
        self.calls = 0
        self.sent: list[tuple[Address, Reply]] = []

    async def send(self, to: Address, reply: Reply) -> None:
        self.calls += 1
        if self.times is None or self.calls <= self.times:
            raise self.exc
        self.sent.append((to, reply))
