"""B14 a message in the middle of a dialogue: what reading the message once saves.

A message typed while a debt is being registered passes every branch before one answers it: the open question
(is it a notice? a question to answer in passing? the field asked for?), then free text (a notice? distress?
small talk? a reminder? a payment?). Each branch used to read the text itself; now a turn reads it once
(``bot.core.reading``, ``turn.readings[text]``). The naive design beside it is the same code with every look-up
reading afresh, which is what the branches did before.

Seeded as B3 (consenting users with one monthly 花呗 bill; the Chinese-speaking half is used); each user then
starts registering 借呗 (the due date is asked for) and, with that question open, sends each message below.
Every reply is checked.

    python -m bench.b14_dialogue               # 300 users, SQLite file
    python -m bench.b14_dialogue --users 100
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bot.core.reading as reading_module
from bench.b3_engine import seed
from bot.__main__ import make_engine_for
from bot.config import Settings
from bot.core.reading import Reading, Readings
from bot.engine import turn as turn_module
from bot.engine.engine import Engine
from bot.messages import Address, Inbound
from storage.db import make_engine
from storage.migrate import upgrade

KINDS = (  # (name, message, a piece of the right reply)
    ("reminder", "明天下午3点提醒我给招行打电话", "提醒你"),
    ("payment", "还了200", "已记录"),
    ("question", "逾期记录会保留多久", "5年"),
)
READINGS = ("detect_distress", "is_question", "names_hot_topic", "confident_match", "parse_notice",
            "has_notice_boilerplate", "parse_reminder", "parse_payments", "parse_debts", "fix_typos")


@contextmanager
def counting_readings() -> Iterator[Counter[str]]:
    calls: Counter[str] = Counter()
    real = {name: getattr(reading_module, name) for name in READINGS}

    def counting(name: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real[name](*args, **kwargs)
        return wrapper

    for name in READINGS:
        setattr(reading_module, name, counting(name))
    try:
        yield calls
    finally:
        for name, function in real.items():
            setattr(reading_module, name, function)


@contextmanager
def reading_afresh() -> Iterator[None]:
    """The naive design: every branch reads the text again."""
    class Afresh(Readings):
        def __getitem__(self, text: str) -> Reading:
            return Reading(text, self.now)

    turn_module.Readings = Afresh  # type: ignore[misc]
    try:
        yield
    finally:
        turn_module.Readings = Readings  # type: ignore[misc]


def send(engine: Engine, ext: int, text: str) -> str:
    return "\n".join(r.text for r in engine.handle(Inbound(sender=Address("tg", str(ext)), text=text, language="zh")))


def run(engine: Engine, people: list[int], text: str, expected: str) -> tuple[list[float], int]:
    timings: list[float] = []
    with counting_readings() as calls:
        for ext in people:
            start = time.process_time()
            reply = send(engine, ext, text)
            timings.append(time.process_time() - start)
            if expected not in reply:
                raise SystemExit(f"{text!r}: unexpected reply {reply[:200]!r}")
    return timings, sum(calls.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'b14.db'}"
        database = make_engine(url)
        upgrade(database)
        now = datetime.now(UTC)
        people = [ext for ext, lang in seed(database, args.users * 2, now) if lang == "zh"]
        engine = make_engine_for(Settings(_env_file=None, database_url=url), database)  # type: ignore[call-arg]
        for ext in people:
            if "哪天要还" not in send(engine, ext, "借呗欠了2000"):
                raise SystemExit("the draft did not ask for its due date")
        rows = []
        for name, text, expected in KINDS:
            # Alternated, so a drift in the machine's speed does not favour one design.
            once, once_reads = run(engine, people[::2], text, expected)
            with reading_afresh():
                naive, naive_reads = run(engine, people[1::2], text, expected)
            rows.append((name, once, once_reads / len(once), naive, naive_reads / len(naive)))
        database.dispose()
    print(f"B14 a message mid-dialogue: {args.users} users (half each design), SQLite, Python {sys.version.split()[0]}")
    print(f"{'message':<10} {'read once: CPU ms':>18} {'readings':>9} {'naive: CPU ms':>14} {'readings':>9}")
    for name, once, once_reads, naive, naive_reads in rows:
        print(f"{name:<10} {statistics.median(once) * 1000:>18.2f} {once_reads:>9.1f} "
              f"{statistics.median(naive) * 1000:>14.2f} {naive_reads:>9.1f}")
    if engine.stats.errors or engine.stats.flooded:
        print(f"errors {engine.stats.errors}, flooded {engine.stats.flooded}: the figures are not valid")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
