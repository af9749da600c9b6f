"""The storage contract, on every backend: exact money, aware UTC instants, owner isolation, an atomic claim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Engine as Database
from sqlalchemy.exc import StatementError

from storage import accounts, schedule
from storage.db import session_scope
from storage.models import Debt, Reminder, User

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def make_user(db: Database, name: str = "me") -> int:
    with session_scope(db) as s:
        user = accounts.create_user(session=s, user=User(address=f"console:{name}", channel="console",
                                                     external_id=name, created_at=NOW))
        assert user.id is not None
        return user.id


def make_debt(db: Database, owner: int, balance: str = "3000.10") -> int:
    with session_scope(db) as s:
        debt = accounts.add_debt(session=s, debt=Debt(user_id=owner, creditor="花呗", original_amount=Decimal(balance),
                                                  balance=Decimal(balance), created_at=NOW, updated_at=NOW))
        assert debt.id is not None
        return debt.id


def plan(db: Database, owner: int, key: str, fire_at: datetime) -> bool:
    with session_scope(db) as s:
        return schedule.plan_reminder(session=s, reminder=Reminder(user_id=owner, kind="custom", fire_at=fire_at,
                                                               idempotency_key=key, created_at=NOW))


def test_money_round_trips_exactly(db: Database) -> None:
    owner = make_user(db)
    debt_id = make_debt(db, owner, "0.10")
    with session_scope(db) as s:
        debt = accounts.get_debt(session=s, owner_id=owner, debt_id=debt_id)
        assert debt is not None and debt.balance == Decimal("0.10") and isinstance(debt.balance, Decimal)
        debt.balance += Decimal("0.20")
    with session_scope(db) as s:
        debt = accounts.get_debt(session=s, owner_id=owner, debt_id=debt_id)
        assert debt is not None and debt.balance == Decimal("0.30")


def test_instants_come_back_aware_utc_whatever_zone_went_in(db: Database) -> None:
    owner = make_user(db)
    shanghai = timezone(timedelta(hours=8))
    plan(db, owner, "k", datetime(2026, 12, 10, 10, 0, tzinfo=shanghai))
    with session_scope(db) as s:
        [row] = schedule.list_pending_reminders(session=s, owner_id=owner)
        assert row.fire_at == datetime(2026, 12, 10, 2, 0, tzinfo=UTC) and row.fire_at.tzinfo is not None
        assert row.fire_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(db: Database) -> None:
    owner = make_user(db)
    with pytest.raises(StatementError, match="naive datetime"):
        plan(db, owner, "k", datetime(2026, 12, 10, 10, 0))  # noqa: DTZ001


def test_lookups_never_cross_owners(db: Database) -> None:
    alice, bob = make_user(db, "alice"), make_user(db, "bob")
    debt_id = make_debt(db, alice)
    with session_scope(db) as s:
        assert accounts.get_debt(session=s, owner_id=bob, debt_id=debt_id) is None
        assert accounts.get_debt(session=s, owner_id=alice, debt_id=debt_id) is not None


def test_planning_the_same_key_twice_keeps_one_row_and_never_revives_a_sent_one(db: Database) -> None:
    owner = make_user(db)
    assert plan(db, owner, "k", NOW)
    assert plan(db, owner, "k", NOW + timedelta(hours=1))  # still pending: moved
    with session_scope(db) as s:
        rows = schedule.claim_due_reminders(session=s, now=NOW + timedelta(hours=2), limit=10, worker="w")
        assert [r.fire_at for r in rows] == [NOW + timedelta(hours=1)]
        schedule.mark_reminders(session=s, ids=[rows[0].id or 0], status="sent", now=NOW)
    assert not plan(db, owner, "k", NOW + timedelta(hours=3))
    with session_scope(db) as s:
        assert schedule.list_pending_reminders(session=s, owner_id=owner) == []


def test_claim_takes_due_rows_oldest_first_in_bounded_batches_once(db: Database) -> None:
    owner = make_user(db)
    for i in range(5):
        plan(db, owner, f"k{i}", NOW - timedelta(minutes=i))
    plan(db, owner, "future", NOW + timedelta(minutes=1))
    with session_scope(db) as s:
        first = schedule.claim_due_reminders(session=s, now=NOW, limit=3, worker="w1")
    with session_scope(db) as s:
        second = schedule.claim_due_reminders(session=s, now=NOW, limit=3, worker="w2")
    assert [r.idempotency_key for r in first] == ["k4", "k3", "k2"]
    assert [r.idempotency_key for r in second] == ["k1", "k0"]
    assert all(r.status == "claimed" and r.attempts == 1 for r in first + second)


def test_stale_claims_return_to_pending_after_the_lease(db: Database) -> None:
    owner = make_user(db)
    plan(db, owner, "k", NOW)
    with session_scope(db) as s:
        schedule.claim_due_reminders(session=s, now=NOW, limit=1, worker="dead")
    with session_scope(db) as s:
        assert schedule.reclaim_stale_claims(session=s, now=NOW + timedelta(seconds=30), lease=timedelta(seconds=60)) == 0
        assert schedule.reclaim_stale_claims(session=s, now=NOW + timedelta(seconds=61), lease=timedelta(seconds=60)) == 1
    with session_scope(db) as s:
        assert len(schedule.claim_due_reminders(session=s, now=NOW, limit=1, worker="w")) == 1


def test_rows_still_held_by_their_dispatcher_are_never_returned_by_the_lease(db: Database) -> None:
    """A clock stepped forward makes an in-flight claim look stale; its own dispatcher keeps it."""
    owner = make_user(db)
    plan(db, owner, "held", NOW)
    plan(db, owner, "abandoned", NOW)
    with session_scope(db) as s:
        held, abandoned = schedule.claim_due_reminders(session=s, now=NOW, limit=2, worker="w")
    later = NOW + timedelta(hours=1)
    with session_scope(db) as s:
        assert schedule.reclaim_stale_claims(session=s, now=later, lease=timedelta(seconds=60), keep={held.id or 0}) == 1
    with session_scope(db) as s:
        [again] = schedule.claim_due_reminders(session=s, now=later, limit=2, worker="w2")
        assert again.id == abandoned.id


def test_delete_user_everywhere_leaves_no_row(db: Database) -> None:
    alice, bob = make_user(db, "alice"), make_user(db, "bob")
    make_debt(db, alice)
    make_debt(db, bob)
    plan(db, alice, "a", NOW)
    plan(db, bob, "b", NOW)
    with session_scope(db) as s:
        accounts.delete_user_everywhere(session=s, user_id=alice)
    with session_scope(db) as s:
        left = accounts.rows_of_user(session=s, owner_id=alice)
        assert all(rows == [] for rows in left.values())
        assert len(accounts.rows_of_user(session=s, owner_id=bob)["debt"]) == 1


def due_on_console_and_telegram(db: Database) -> tuple[int, int]:
    """One row due now for a console user (key "c") and one for a Telegram user (key "t"); their ids."""
    console = make_user(db, "c")
    with session_scope(db) as s:
        tg = accounts.create_user(session=s, user=User(address="tg:1", channel="tg", external_id="1", created_at=NOW))
        tg_id = tg.id or 0
    plan(db, console, "c", NOW)
    plan(db, tg_id, "t", NOW)
    return console, tg_id


def test_a_dispatcher_claims_only_rows_of_channels_it_can_send_to(db: Database) -> None:
    due_on_console_and_telegram(db)
    with session_scope(db) as s:
        rows = schedule.claim_due_reminders(session=s, now=NOW, limit=10, worker="w", channels=("tg",))
    assert [r.idempotency_key for r in rows] == ["t"]


def test_taking_back_claims_at_start_up_leaves_another_channels_claims_alone(db: Database) -> None:
    console, tg_id = due_on_console_and_telegram(db)
    with session_scope(db) as s:
        schedule.claim_due_reminders(session=s, now=NOW, limit=10, worker="both")
    with session_scope(db) as s:
        assert schedule.reclaim_stale_claims(session=s, now=NOW + timedelta(seconds=1), lease=timedelta(0),
                                         channels=("tg",)) == 1
        assert [r.idempotency_key for r in schedule.list_pending_reminders(session=s, owner_id=tg_id)] == ["t"]
        assert schedule.list_pending_reminders(session=s, owner_id=console) == []
