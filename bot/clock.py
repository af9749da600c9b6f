"""The one place product code learns the time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """A source of the current instant.

    ``now()`` always returns an aware datetime in UTC. Callers read it once per unit of work
    (one inbound message, one scheduler tick) and pass ``now`` down to pure code.
    """

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)
