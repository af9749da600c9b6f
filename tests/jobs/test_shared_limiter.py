"""The send budget shared through the database: several limiters (as several processes would) stay one smooth rate.

These run in real time, at rates high enough that each test takes about a second.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import Engine as Database

from bot.runtime.limiter import SharedLimiter
from storage.db import make_engine

RATE = 200.0
TOLERANCE = 0.002


async def take(limiter: SharedLimiter, times: list[float], n: int, key: str = "tg:1", per_chat: bool = False) -> None:
    for _ in range(n):
        await limiter.acquire(key, per_chat=per_chat)
        times.append(time.monotonic())


def tightest(times: list[float], span: int) -> float:
    """The shortest time in which ``span + 1`` consecutive sends happened."""
    ordered = sorted(times)
    return min(b - a for a, b in zip(ordered, ordered[span:], strict=False))


async def test_three_limiters_on_one_budget_send_as_one_smooth_rate(database: Database) -> None:
    limiters = [SharedLimiter(database, "tg:1", RATE, tolerance=TOLERANCE) for _ in range(3)]
    times: list[float] = []
    started = time.monotonic()
    # Three "processes" with four senders each, 15 sends per sender: 180 sends.
    await asyncio.gather(*(take(limiter, times, 15, key=f"tg:{i}") for limiter in limiters for i in range(4)))
    elapsed = time.monotonic() - started
    assert len(times) == 180
    interval = 1 / RATE
    # No burst: any 21 consecutive sends span at least 20 intervals (less the tolerance and clock-mapping error).
    assert tightest(times, 20) >= 20 * interval - TOLERANCE - 0.001
    assert tightest(times, 1) >= interval - TOLERANCE - 0.001
    assert elapsed >= 179 * interval - TOLERANCE
    leases = sum(limiter.stats.leases for limiter in limiters)
    assert leases < 180 / 2, f"leases come in runs, not one round trip per send ({leases})"
    assert len(times) / elapsed > RATE * 0.5, "nearly the whole budget is used"


async def test_a_pause_in_one_process_holds_the_others(database: Database) -> None:
    a, b = SharedLimiter(database, "tg:1", RATE), SharedLimiter(database, "tg:1", RATE)
    await a.acquire("tg:1")
    a.pause(0.3)
    started = time.monotonic()
    await b.acquire("tg:2")
    assert time.monotonic() - started >= 0.29


async def test_each_chat_still_gets_one_message_a_second(database: Database) -> None:
    limiter = SharedLimiter(database, "tg:1", RATE, per_chat_interval=0.25)
    times: list[float] = []
    await take(limiter, times, 3, key="tg:42", per_chat=True)
    assert times[2] - times[0] >= 0.5 - TOLERANCE


async def test_a_slot_woken_for_too_late_is_given_up_not_used(database: Database) -> None:
    limiter = SharedLimiter(database, "tg:1", 50.0, tolerance=0.001)
    slept: list[float] = []

    async def oversleep(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(seconds + (0.01 if len(slept) == 1 else 0))  # the loop was busy the first time

    limiter._sleep = oversleep
    await limiter.acquire("tg:1")  # the first slot is now; no sleep
    await limiter.acquire("tg:1", per_chat=False)  # sleeps for the second slot, wakes 10 ms late, takes the next
    assert limiter.stats.dropped >= 1


async def test_an_unreachable_database_delays_sends_and_never_raises(database: Database) -> None:
    broken = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    limiter = SharedLimiter(broken, "tg:1", RATE)
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            limiter.database = database  # the database is back

    limiter._sleep = fake_sleep
    await limiter.acquire("tg:1")
    assert waits[:2] == [1.0, 1.0] and limiter.stats.errors == 2
    broken.dispose()


@pytest.mark.parametrize("rate", [0.0, -1.0])
def test_a_rate_must_be_positive(database: Database, rate: float) -> None:
    with pytest.raises(ValueError):
        SharedLimiter(database, "tg:1", rate)
