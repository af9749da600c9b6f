"""The WeChat bookkeeping table on every backend: atomic push slots and grants, and it leaves with the user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import inspect

from storage import accounts, wechat
from storage.db import session_scope
from storage.migrate import downgrade, upgrade
from storage.models import User

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def make_user(db: Database, name: str) -> int:
    with session_scope(db) as s:
        user = accounts.create_user(session=s, user=User(address=f"wx:{name}", channel="wx", external_id=name,
                                                     created_at=NOW))
        assert user.id is not None
        return user.id


def test_contact_is_created_once_and_starts_closed(db: Database) -> None:
    owner = make_user(db, "oA")
    with session_scope(db) as s:
        first = wechat.wechat_contact(session=s, owner_id=owner, now=NOW)
        again = wechat.wechat_contact(session=s, owner_id=owner, now=NOW)
        assert first.id == again.id and first.window_quota == 0 and first.notify_grants == 0
        assert not wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW)


def test_push_slots_are_spent_once_each_and_only_inside_the_window(db: Database) -> None:
    owner = make_user(db, "oA")
    with session_scope(db) as s:
        contact = wechat.wechat_contact(session=s, owner_id=owner, now=NOW)
        contact.window_until, contact.window_quota = NOW + timedelta(hours=48), 2
        s.add(contact)
    with session_scope(db) as s:
        assert wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW)
        assert wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW)
        assert not wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW)
        wechat.release_wechat_push(session=s, owner_id=owner, now=NOW)
        assert not wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW + timedelta(hours=49))
        assert wechat.reserve_wechat_push(session=s, owner_id=owner, now=NOW)


def test_grants_are_counted_used_one_at_a_time_and_dropped(db: Database) -> None:
    owner = make_user(db, "oA")
    with session_scope(db) as s:
        assert not wechat.take_wechat_grant(session=s, owner_id=owner, now=NOW)
        wechat.add_wechat_grant(session=s, owner_id=owner, now=NOW)
        wechat.add_wechat_grant(session=s, owner_id=owner, now=NOW)
        assert wechat.take_wechat_grant(session=s, owner_id=owner, now=NOW)
        wechat.drop_wechat_grants(session=s, owner_id=owner, now=NOW)
        assert not wechat.take_wechat_grant(session=s, owner_id=owner, now=NOW)


def test_delete_and_export_cover_the_wechat_contact(db: Database) -> None:
    alice, bob = make_user(db, "oAlice"), make_user(db, "oBob")
    with session_scope(db) as s:
        for owner in (alice, bob):
            contact = wechat.wechat_contact(session=s, owner_id=owner, now=NOW)
            contact.buttons = '[["确认", "reg:ok"]]'
            s.add(contact)
    with session_scope(db) as s:
        assert accounts.rows_of_user(session=s, owner_id=alice)["wechat_contact"][0]["buttons"] == '[["确认", "reg:ok"]]'
        accounts.delete_user_everywhere(session=s, user_id=alice)
    with session_scope(db) as s:
        assert accounts.rows_of_user(session=s, owner_id=alice)["wechat_contact"] == []
        assert len(accounts.rows_of_user(session=s, owner_id=bob)["wechat_contact"]) == 1


def test_migration_0002_downgrades_and_upgrades_again(db: Database) -> None:
    assert "wechat_contact" in inspect(db).get_table_names()
    downgrade(db, "0001")
    assert "wechat_contact" not in inspect(db).get_table_names()
    upgrade(db)
    assert "wechat_contact" in inspect(db).get_table_names()
