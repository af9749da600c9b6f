"""The webhooks' record of requests already taken, claimed from the event loop: claims made at the same time are
written together, and each caller still gets its own key's answer, recorded before it returns; a failure of the
database fails the claims it was writing (their requests are answered with an error and come again), not later
ones."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database

from bot.channels import seen_requests
from bot.channels.seen_requests import SeenRequests
from storage import replay
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from tests.fakes import FrozenClock

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEEP = timedelta(hours=24)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = make_engine(f"sqlite:///{tmp_path}/seen.db")
    upgrade(db)
    yield db
    db.dispose()


async def test_claims_made_together_each_get_their_own_answer_and_are_all_recorded(database: Database) -> None:
    seen = SeenRequests(database, FrozenClock(NOW))
    keys = [str(n % 150) for n in range(300)]  # every key twice, the repeat in a later or the same batch
    outcomes = await asyncio.gather(*(seen.claim_async("tg-update", key, keep=KEEP) for key in keys))
    assert outcomes[:150] == ["new"] * 150 and outcomes[150:] == ["same"] * 150
    with session_scope(database) as session:
        assert replay.count_keys(session=session, kind="tg-update") == 150
    assert await seen.claim_async("tg-update", "7", keep=KEEP) == "same"
    assert await seen.claim_async("wx-nonce", "7", keep=KEEP, value="a") == "new"
    assert await seen.claim_async("wx-nonce", "7", keep=KEEP, value="b") == "other"


async def test_a_database_failure_fails_the_claims_it_was_writing_and_not_the_next_ones(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = SeenRequests(database, FrozenClock(NOW))
    real = seen_requests.replay.claim_key

    def broken(**kwargs: object) -> replay.Seen:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(seen_requests.replay, "claim_key", broken)
    outcomes = await asyncio.gather(*(seen.claim_async("tg-update", str(n), keep=KEEP) for n in range(5)),
                                    return_exceptions=True)
    assert all(isinstance(o, RuntimeError) for o in outcomes)
    monkeypatch.setattr(seen_requests.replay, "claim_key", real)
    with session_scope(database) as session:
        assert replay.count_keys(session=session) == 0, "nothing of a failed batch is recorded"
    assert await seen.claim_async("tg-update", "1", keep=KEEP) == "new", "Telegram's retry is taken"


async def test_keys_recorded_elsewhere_are_deleted_once_expired_and_not_looked_at_again_within_a_minute(
        database: Database) -> None:
    # The engine records Telegram's update ids in its own turns; the webhook only asks for the clean-up.
    clock = FrozenClock(NOW)
    with session_scope(database) as session:
        replay.claim_key(session=session, kind="tg-update", sender="", key="41", now=NOW, expires_at=NOW + KEEP)
    seen = SeenRequests(database, clock.advance(KEEP + timedelta(seconds=1)))
    seen.tidy_soon()
    seen.tidy_soon()  # one deletion at a time
    assert seen._tidying is not None
    await seen._tidying
    with session_scope(database) as session:
        assert replay.count_keys(session=session, kind="tg-update") == 0, "the expired update id is gone"
        replay.claim_key(session=session, kind="tg-update", sender="", key="42", now=clock.now(),
                         expires_at=clock.now() - timedelta(seconds=1))
    seen.tidy_soon()
    assert seen._tidying is None, "within a minute of the last clean-up nothing is started"
    with session_scope(database) as session:
        assert replay.count_keys(session=session, kind="tg-update") == 1
