"""Three ``repaybot worker`` processes on one PostgreSQL database, sending to the strict fake Bot API.

Each test gets a fresh database. The correctness tests (exactly once; kill -9) run the fake with a cap of 300
messages a second and the workers' shared budget at 270, so 5,000 reminders take about 20 seconds and a 429 there
would point at a real bug, not at a busy test machine's jitter; the cap test runs at Telegram's real 30 a second,
with the product's own safety margin (0.99 of the cap) and fewer reminders.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import text

from bench.harness import TOKEN as BENCH_TOKEN
from bench.harness import FakeBotApi
from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import NO_POSTGRES, POSTGRES_URL
from tests.e2e.worker_process import ProcessUnderTest, fresh_postgres_database, metric
from tests.fake_telegram import FakeTelegram
from tests.seeding import seed_due_reminders

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(POSTGRES_URL is None, reason=NO_POSTGRES)]

CAP = 300  # the fake's flood limit for the correctness tests, messages a second
FAST = 270  # the workers' SEND_RATE_PER_SECOND there


@pytest.fixture
def database_url() -> Iterator[str]:
    assert POSTGRES_URL is not None
    with fresh_postgres_database(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = make_engine(database_url)
    upgrade(db)
    yield db
    db.dispose()


@pytest.fixture
async def workers() -> AsyncIterator[list[ProcessUnderTest]]:
    """Worker processes a test started; any still running at the end is killed."""
    started: list[ProcessUnderTest] = []
    yield started
    for worker in started:
        await worker.kill()


async def start_workers(workers: list[ProcessUnderTest], tmp_path: Path, fake: FakeTelegram, database_url: str,
                        rate: int, n: int = 3, **env: str) -> list[ProcessUnderTest]:
    for i in range(n):
        worker = ProcessUnderTest(tmp_path, f"worker-{i}", {
            "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.api_url,
            "SEND_RATE_PER_SECOND": str(rate), **env})
        workers.append(worker)
        await worker.start()
    for worker in workers[-n:]:
        status, health = await worker.healthz()
        assert status == 200, health
    return workers[-n:]


def sends(fake: FakeTelegram) -> list[tuple[int, str]]:
    """(chat, text) of every message the fake accepted."""
    return [(c.chat_id or 0, c.text) for c in fake.calls if c.method == "sendMessage" and c.status == 200]


async def wait_until_all_sent(database: Database, fake: FakeTelegram | None, total: int, within: float) -> None:
    """Wait until every schedule row is acknowledged as sent (polling the database and the fake)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        with database.connect() as conn:
            done = conn.execute(text("SELECT count(*) FROM reminder WHERE status = 'sent'")).scalar_one()
        if done == total:
            return
        if asyncio.get_running_loop().time() > deadline:
            seen = "" if fake is None else f", the fake saw {fake.sent_ok} sends"
            raise AssertionError(f"after {within} s: {done} of {total} acknowledged{seen}")
        await asyncio.sleep(0.2)


async def test_three_workers_deliver_5000_reminders_exactly_once(
        tmp_path: Path, database_url: str, database: Database, workers: list[ProcessUnderTest]) -> None:
    tasks = seed_due_reminders(database, 5000, now=datetime.now(UTC))
    async with FakeTelegram(strict=True, cap=CAP) as fake:
        started = asyncio.get_running_loop().time()
        trio = await start_workers(workers, tmp_path, fake, database_url, FAST)
        await wait_until_all_sent(database, fake, 5000, within=120)
        elapsed = asyncio.get_running_loop().time() - started
        shares = [metric(await w.metrics(), "repaybot_reminders_sent_total") for w in trio]
        for worker in trio:
            assert await worker.stop() == 0, worker.log()
    delivered = Counter(chat for chat, _ in sends(fake))
    assert set(delivered) == set(tasks), "every reminder reached its chat"
    assert set(delivered.values()) == {1}, f"sent twice: {[c for c, n in delivered.items() if n > 1][:10]}"
    assert all(tasks[chat] in body for chat, body in sends(fake))
    assert fake.rejected_429 == 0 and fake.max_in_window <= CAP
    assert sum(shares) == 5000 and min(shares) > 0, f"the work was shared: {shares}"
    print(f"\n3 workers, 5,000 reminders: {elapsed:.1f} s, shares {shares}, max in a second {fake.max_in_window}")


async def test_a_worker_killed_mid_run_loses_nothing_and_resends_at_most_one_claim_batch(
        tmp_path: Path, database_url: str, database: Database, workers: list[ProcessUnderTest]) -> None:
    tasks = seed_due_reminders(database, 5000, now=datetime.now(UTC))
    lease = 3
    async with FakeTelegram(strict=True, cap=CAP) as fake:
        trio = await start_workers(workers, tmp_path, fake, database_url, FAST, CLAIM_LEASE_SECONDS=str(lease))
        _, health = await trio[0].healthz()
        while fake.sent_ok < 1500:  # noqa: ASYNC110  (the fake counts; nothing to wait on)
            await asyncio.sleep(0.05)
        await trio[0].kill()  # kill -9: its claimed rows stay claimed, its unflushed acks are lost
        with database.connect() as conn:
            orphaned = conn.execute(text("SELECT count(*) FROM reminder WHERE status = 'claimed' AND claimed_by = :w"),
                                    {"w": health["worker_id"]}).scalar_one()
        await wait_until_all_sent(database, fake, 5000, within=120)
        for worker in trio[1:]:
            assert await worker.stop() == 0, worker.log()
    delivered = Counter(chat for chat, _ in sends(fake))
    assert set(delivered) == set(tasks), "nothing lost"
    duplicates = sum(n - 1 for n in delivered.values())
    claim_batch = int(FAST * 0.99 * 2)  # a dispatcher claims at most two seconds of sends at a time
    assert duplicates <= claim_batch, f"{duplicates} duplicates"
    assert fake.rejected_429 == 0
    print(f"\nkill -9 after 1,500 sends: the dead worker held {orphaned} claims; {duplicates} sent twice "
          f"(bound: one claim batch, {claim_batch})")


async def test_three_workers_share_one_30_per_second_budget_without_a_429(
        tmp_path: Path, database_url: str, database: Database, workers: list[ProcessUnderTest]) -> None:
    seed_due_reminders(database, 600, now=datetime.now(UTC))
    # The fake in its own process: its clock, which judges the flood limit, must not wait on this test's loop.
    fake = FakeBotApi.start(cap=30)
    try:
        for i in range(3):
            worker = ProcessUnderTest(tmp_path, f"worker-{i}", {
                "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": BENCH_TOKEN, "TELEGRAM_API_URL": fake.api_url,
                "SEND_RATE_PER_SECOND": "30"})
            workers.append(await worker.start())
        for worker in workers:
            assert (await worker.healthz())[0] == 200
        await wait_until_all_sent(database, None, 600, within=90)
        texts = [await w.metrics() for w in workers]
        for worker in workers:
            assert await worker.stop() == 0, worker.log()
        stats = fake.stats()
    finally:
        fake.stop()
        if fake.process.stdout is not None:
            fake.process.stdout.close()
    rate = (stats["sent"] - 1) / (stats["last_send"] - stats["first_send"])
    dropped = sum(metric(t, "repaybot_send_budget_slots_dropped_total") for t in texts)
    leases = sum(metric(t, "repaybot_send_budget_leases_total") for t in texts)
    print(f"\n3 workers at a 30/s cap: {rate:.2f} msg/s, {stats['rejected_429']} × 429, max {stats['max_in_window']} "
          f"in a second, {leases:.0f} leases for 600 sends, {dropped:.0f} slots given up")
    assert stats["rejected_429"] == 0 and stats["max_in_window"] <= 30
    assert stats["sent"] == 600 and stats["duplicates"] == 0 and stats["distinct_chats"] == 600
    assert rate >= 0.8 * 30, "together they still use most of the budget"
