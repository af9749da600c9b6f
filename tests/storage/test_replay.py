"""The store of requests already taken, on every backend: a key is new once, a repeat says whether it came with
the same body, expired keys are taken afresh and deleted, and two processes racing for one key get one "new"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine as Database

from storage import replay
from storage.db import session_scope

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=10)


def claim(db: Database, key: str, *, now: datetime = NOW, value: str = "", sender: str = "",
          kind: str = "wx-nonce") -> str:
    with session_scope(db) as s:
        return replay.claim_key(session=s, kind=kind, sender=sender, key=key, now=now,
                                expires_at=now + timedelta(minutes=10), value=value)


def test_a_key_is_new_once_then_a_repeat_says_whether_the_body_matched(db: Database) -> None:
    assert claim(db, "1700000000:42", value="body-a") == "new"
    assert claim(db, "1700000000:42", value="body-a") == "same"
    assert claim(db, "1700000000:42", value="body-b") == "other"
    assert claim(db, "1700000000:43", value="body-b") == "new"


def test_the_sender_and_the_kind_are_part_of_the_key(db: Database) -> None:
    assert claim(db, "m:7001", sender="oAlice", kind="wx-msg") == "new"
    assert claim(db, "m:7001", sender="oBob", kind="wx-msg") == "new"
    assert claim(db, "m:7001", sender="oAlice", kind="tg-update") == "new"
    assert claim(db, "m:7001", sender="oAlice", kind="wx-msg") == "same"


def test_an_expired_key_is_taken_afresh_and_forget_expired_keeps_the_table_small(db: Database) -> None:
    for n in range(20):
        claim(db, f"k{n}")
    assert claim(db, "k0", now=LATER + timedelta(seconds=1), value="again") == "new"
    with session_scope(db) as s:
        assert replay.forget_expired(session=s, now=LATER + timedelta(seconds=1)) == 19
        assert replay.count_keys(session=s) == 1


def test_of_racing_claims_exactly_one_is_new(db: Database) -> None:
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda _: claim(db, "race", value="v"), range(16)))
    assert outcomes.count("new") == 1 and outcomes.count("same") == 15
