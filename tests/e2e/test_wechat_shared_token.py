"""Two processes of one WeChat app share one access token: fetching a token invalidates the one before it, so
each process fetching its own would keep refusing the other's calls. Two real ``repaybot worker`` processes push
reminders through the fake platform on loopback; the platform hands out exactly one token."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy import insert, select

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import User, WeChatContact
from tests.conftest import NO_POSTGRES, POSTGRES_URL
from tests.e2e.worker_process import ProcessUnderTest, fresh_postgres_database, metric
from tests.fake_wechat import FakeWeChat
from tests.seeding import seed_due_reminders

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(POSTGRES_URL is None, reason=NO_POSTGRES)]

APP_ID, APP_SECRET, TOKEN = "wx0000000000000042", "app-secret-for-the-fake-only", "wechat-token-fake"
USERS = 120


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
async def fake() -> AsyncIterator[FakeWeChat]:
    platform = await FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret=APP_SECRET).start()
    yield platform
    await platform.stop()


def open_windows(database: Database, fake: FakeWeChat, now: datetime) -> None:
    """Every seeded user wrote an hour ago: the customer-service window is open on the platform and in our book."""
    with database.begin() as conn:
        users = conn.execute(select(User.id, User.external_id).where(User.channel == "wx")).all()  # type: ignore[call-overload]
        conn.execute(insert(WeChatContact), [
            {"user_id": uid, "window_until": now + timedelta(hours=47), "window_quota": 5, "notify_grants": 0,
             "updated_at": now} for uid, _ in users])
    for _, openid in users:
        fake.windows[openid] = (fake.clock.now() + timedelta(hours=47), 5)


async def test_two_processes_of_one_app_fetch_one_access_token(
        tmp_path: Path, database_url: str, database: Database, fake: FakeWeChat) -> None:
    now = datetime.now(UTC)
    seed_due_reminders(database, USERS, now=now, channel="wx")
    open_windows(database, fake, now)
    env = {"DATABASE_URL": database_url, "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET,
           "WECHAT_API_URL": fake.api_url, "SEND_RATE_PER_SECOND": "30"}
    workers = [ProcessUnderTest(tmp_path, f"worker-{i}", env) for i in range(2)]
    try:
        await asyncio.gather(*(w.start() for w in workers))
        for worker in workers:
            status, health = await worker.healthz()
            assert status == 200, health
        delivered = await fake.wait_delivered(USERS, within=60)
        shares = [metric(await w.metrics(), "repaybot_reminders_sent_total") for w in workers]
    finally:
        codes = [await w.stop() for w in workers]
    assert codes == [0, 0], [w.log() for w in workers]
    assert len({d.openid for d in delivered}) == USERS, "every reminder arrived once"
    assert min(shares) > 0, f"both processes pushed messages: {shares}"
    assert fake.token_fetches == 1, f"one token for the app, not one per process: {fake.token_fetches} fetches"
    assert not [c for c in fake.calls if c.errcode in (40001, 42001)], "no call was refused for a stale token"
