"""Per-user inbound flood limiting: a token bucket per address, in memory, on the engine's injected clock.

A person types or taps a few messages a second at most; a script can send a hundred. Each address has a bucket of
``capacity`` tokens refilled at ``refill_per_second``, and each message takes one. The first message over the limit
gets one polite notice; the rest of that burst are dropped before any parsing or database work, so a flood costs
everyone else one dictionary lookup per message. A burst ends when the sender has been quiet long enough for the
bucket to fill up again, so a sustained flood gets one notice, not one per refilled token. Bound: in any ``t`` seconds one address gets at most
``capacity + refill_per_second × t`` messages handled (plus one notice per burst).

Platform events (blocked, subscribe…) are never limited: pausing a user who blocked the bot must not be dropped.
The console is exempt: it is one local person, and piped scripts replay a conversation at machine speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

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
