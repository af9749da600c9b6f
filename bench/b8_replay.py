"""B8 replay store: what remembering every webhook request in the database costs per request.

Each WeChat push now claims its signed (timestamp, nonce) and its (sender, MsgId), and each Telegram update its
``update_id``, in the ``seen_key`` table (``storage/replay.py``): one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` in its own transaction. The naive design — what the webhooks had before — is a dictionary in the
process, which a restart forgets and another process never sees.

Measured: claims per second and the time of one claim, through ``SeenRequests.claim`` (session, transaction,
statement, commit), on a SQLite file in WAL mode and, when ``--postgres URL`` is given, on PostgreSQL; then the same
keys again (every one refused as seen); then how long deleting the expired keys takes.

    PYTHONPATH=. python bench/b8_replay.py
    PYTHONPATH=. python bench/b8_replay.py --postgres postgresql+psycopg://USER@HOST/DB
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine as Database  # noqa: E402

from bot.channels.seen_requests import SeenRequests  # noqa: E402
from storage import replay  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from storage.migrate import upgrade  # noqa: E402


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


def measure(label: str, database: Database, count: int) -> None:
    clock = FixedClock(datetime.now(UTC))
    seen = SeenRequests(database, clock)
    keep = timedelta(minutes=11)
    keys = [f"{1_800_000_000 + i}:{i * 7919 % 1_000_000_007}" for i in range(count)]
    started = time.perf_counter()
    first = [seen.claim("wx-nonce", key, keep=keep, value="d") for key in keys]
    new_time = time.perf_counter() - started
    started = time.perf_counter()
    again = [seen.claim("wx-nonce", key, keep=keep, value="d") for key in keys]
    seen_time = time.perf_counter() - started
    assert first.count("new") == count and again.count("same") == count
    with session_scope(database) as session:
        started = time.perf_counter()
        gone = replay.forget_expired(session=session, now=clock.now() + keep + timedelta(seconds=1))
    cleanup = time.perf_counter() - started
    print(f"{label:<28} {count:>6} new keys: {count / new_time:>8.0f}/s  {1000 * new_time / count:.3f} ms each;"
          f"  repeated: {1000 * seen_time / count:.3f} ms each;  deleting {gone} expired: {1000 * cleanup:.1f} ms")


def naive(count: int) -> None:
    memory: dict[str, float] = {}
    keys = [f"{1_800_000_000 + i}:{i * 7919 % 1_000_000_007}" for i in range(count)]
    started = time.perf_counter()
    for key in keys:
        if key not in memory:
            memory[key] = 0.0
    elapsed = time.perf_counter() - started
    print(f"{'naive (dict in the process)':<28} {count:>6} new keys: {count / elapsed:>8.0f}/s  "
          f"{1000 * elapsed / count:.5f} ms each  (forgotten by a restart, unseen by other processes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL to measure too (its tables are created)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(database)
        measure("SQLite file (WAL)", database, args.count)
        database.dispose()
    if args.postgres:
        database = make_engine(args.postgres)
        upgrade(database)
        with session_scope(database) as session:
            replay.forget_expired(session=session, now=datetime.now(UTC) + timedelta(days=2))
        measure("PostgreSQL", database, args.count)
        database.dispose()
    naive(args.count)


if __name__ == "__main__":
    main()
