"""The shared send budget and claim renewal on every backend: slots handed out once, in order, from the present."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine as Database

from storage import accounts, schedule, send_budget
from storage.db import session_scope
from storage.models import Reminder, User

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def lease(db: Database, count: int, interval: float = 0.1, name: str = "tg:1") -> tuple[float, float]:
    with session_scope(db) as s:
        return send_budget.lease_send_slots(session=s, name=name, count=count, interval=interval)


def test_an_idle_budget_starts_now_and_busy_leases_follow_each_other(db: Database) -> None:
    first, db_now = lease(db, 3)
    assert abs(first - db_now) < 0.01, "an idle budget's first slot is the present"
    assert abs(db_now - time.time()) < 5, "the database's clock is in seconds since the epoch"
    second, _ = lease(db, 2)
    third, _ = lease(db, 1)
    assert second == first + 3 * 0.1
    assert abs(third - (second + 2 * 0.1)) < 1e-9


def test_budgets_are_separate_per_bot(db: Database) -> None:
    a, _ = lease(db, 50, name="tg:1")
    b, _ = lease(db, 1, name="tg:2")
    assert b < a + 1, "another bot's budget is not pushed back by this one's leases"


def test_a_hold_pushes_every_later_slot_back(db: Database) -> None:
    lease(db, 1)
    with session_scope(db) as s:
        send_budget.hold_send_budget(session=s, name="tg:1", seconds=30)
    first, db_now = lease(db, 1)
    assert 29 < first - db_now <= 30.01


def test_concurrent_leases_never_share_a_slot(db: Database) -> None:
    lease(db, 1, interval=0.001)
    with ThreadPoolExecutor(4) as pool:
        firsts = list(pool.map(lambda _: lease(db, 5, interval=0.001)[0], range(40)))
    firsts.sort()
    gaps = [b - a for a, b in zip(firsts, firsts[1:], strict=False)]
    assert min(gaps) >= 5 * 0.001 - 1e-6, "every lease got its own five slots"


def make_claimed(db: Database, worker: str, claimed_at: datetime, n: int = 2) -> list[int]:
    with session_scope(db) as s:
        user = accounts.create_user(session=s, user=User(address=f"tg:{worker}", channel="tg", external_id=worker,
                                                     created_at=NOW))
        rows = [Reminder(user_id=user.id or 0, kind="custom", fire_at=NOW, idempotency_key=f"{worker}:{i}",
                         status="claimed", claimed_at=claimed_at, claimed_by=worker, created_at=NOW)
                for i in range(n)]
        s.add_all(rows)
        s.flush()
        return [r.id or 0 for r in rows]


def test_renewed_claims_outlive_the_lease_and_a_dead_workers_come_back(db: Database) -> None:
    old = NOW - timedelta(seconds=50)
    alive = make_claimed(db, "alive", old)
    dead = make_claimed(db, "dead", old)
    with session_scope(db) as s:
        assert schedule.renew_claims(session=s, worker="alive", now=NOW) == 2
    with session_scope(db) as s:
        back = schedule.reclaim_stale_claims(session=s, now=NOW + timedelta(seconds=15), lease=timedelta(seconds=60))
        assert back == 2
        assert [s.get(Reminder, i).status for i in alive] == ["claimed", "claimed"]  # type: ignore[union-attr]
        assert [s.get(Reminder, i).status for i in dead] == ["pending", "pending"]  # type: ignore[union-attr]
        counts = schedule.count_reminders_by_status(session=s, now=NOW + timedelta(seconds=15))
        assert counts == {"pending": 2, "claimed": 2}
