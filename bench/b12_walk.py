"""B12 the walk of one message: how often a turn changes module, climbs back up a layer, and comes back to a module
it had left, while the engine handles one inbound message.

A house where a newcomer can follow a message reads top-down: the engine loads, asks the pure core and the
parsers, writes, and renders once at the end. A house that formats, parses and decides a little in every module
keeps dropping into a lower layer and climbing back. This counts that, on the real program: every call into, and
every return to, one of the project's modules is followed (``sys.setprofile``) while ``Engine.handle`` runs; each
time the module changes is a *stay*; a stay in a higher layer than the one before is a *climb*; a stay in a module
already visited in this turn is a *return*. Layers, lowest first, as ``tests/test_architecture.py`` orders them:
base (texts, messages, errors, clock) < pure (nlu, core, logs) and storage < engine < the rest.

The messages are what people send most: a payment, a new debt, a question, /list, a reminder request and a
greeting, each by a user who has a 花呗 bill on file (in a fresh SQLite database). ``--compare-with DIR`` runs the
same on another checkout (the design before the change), so both stand side by side.

    python -m bench.b12_walk
    python -m bench.b12_walk --compare-with /path/to/older/checkout
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = (
    ("payment", "花呗还了500"),
    ("new debt", "信用卡欠了8000，每月15号还"),
    ("question", "逾期了会影响征信吗"),
    ("list", "/list"),
    ("reminder", "明天下午3点提醒我给招行打电话"),
    ("greeting", "你好"),
)
RANKS = (("bot.texts", 0), ("bot.messages", 0), ("bot.errors", 0), ("bot.clock", 0),
         ("bot.nlu", 1), ("bot.core", 1), ("bot.logs", 1), ("storage", 1),
         ("bot.engine", 2), ("bot.runtime", 3), ("bot.channels", 4), ("bot.web", 4), ("jobs", 5), ("bot", 6))


def rank(module: str) -> int | None:
    """The module's layer, or None when it is not one of ours."""
    for prefix, value in RANKS:
        if module == prefix or module.startswith(prefix + "."):
            return value
    return None


def walk(run: Callable[[], Any]) -> list[str]:
    """The project modules the program is in, in order, each time it changes, while ``run`` runs."""
    seen: list[str] = []

    def follow(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call":
            module = frame.f_globals.get("__name__", "")
        elif event == "return" and frame.f_back is not None:
            module = frame.f_back.f_globals.get("__name__", "")
        else:
            return
        if rank(module) is not None and (not seen or seen[-1] != module):
            seen.append(module)

    sys.setprofile(follow)
    try:
        run()
    finally:
        sys.setprofile(None)
    return seen


def figures(route: list[str]) -> dict[str, int]:
    climbs = sum(1 for a, b in zip(route, route[1:], strict=False) if (rank(b) or 0) > (rank(a) or 0))
    returns = sum(1 for i, m in enumerate(route) if m in route[:i])
    return {"stays": len(route), "modules": len(set(route)), "climbs": climbs, "returns": returns}


class _Still:
    """A clock that stays at one instant: every run sees the same dates."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def child() -> None:
    """Run in the checkout on ``sys.path``: seed a user, handle each message once, print the figures as JSON."""
    from sqlalchemy import insert, select

    from bot.__main__ import make_engine_for
    from bot.config import Settings
    from bot.messages import Address, Inbound
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.models import Debt, User

    now = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'walk.db'}"
        database = make_engine(url)
        upgrade(database)
        with database.begin() as conn:
            for ident in ("1", "2"):  # "2" is the warm-up user: the imports and caches are not what is measured
                conn.execute(insert(User).values(
                    address=f"tg:{ident}", channel="tg", external_id=ident, language="zh", timezone="Asia/Shanghai",
                    reminder_minute=600, quiet_start_minute=22 * 60, quiet_end_minute=8 * 60, lead_days="3,1,0",
                    daily_cap=3, tip_frequency="weekly", digest_enabled=True, consent_at=now, created_at=now))
            for owner in conn.execute(select(User.id)).scalars():  # type: ignore[call-overload]
                conn.execute(insert(Debt).values(
                    user_id=owner, creditor="花呗", creditor_kind="huabei", currency="CNY",
                    original_amount=Decimal(3000), balance=Decimal(3000), due_date=date(2026, 12, 10),
                    rrule="FREQ=MONTHLY;BYMONTHDAY=10", status="active", reminders_muted=False, awaiting_bill=False,
                    created_at=now, updated_at=now))
        engine = make_engine_for(Settings(_env_file=None), database, _Still(now))
        for _, text in MESSAGES:  # every path once, by the other user: modules load and patterns compile here
            engine.handle(Inbound(sender=Address("tg", "2"), text=text))
            engine.handle(Inbound(sender=Address("tg", "2"), text="/cancel"))
        out = {}
        for name, text in MESSAGES:
            replies: list[Any] = []

            def turn(text: str = text, replies: list[Any] = replies) -> None:
                replies.extend(engine.handle(Inbound(sender=Address("tg", "1"), text=text)))

            route = walk(turn)
            out[name] = {**figures(route), "answered": bool(replies)}
            engine.handle(Inbound(sender=Address("tg", "1"), text="/cancel"))
    print(json.dumps(out))


def measure(code: Path) -> dict[str, dict[str, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WECHAT_", "DATABASE_"))}
    env.update({"PYTHONPATH": str(code), "LOG_LEVEL": "WARNING"})
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child"], cwd=code, env=env,
                          capture_output=True, text=True, check=True)
    result: dict[str, dict[str, int]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def show(label: str, result: dict[str, dict[str, int]]) -> None:
    print(label)
    print(f"  {'message':<10} {'stays':>6} {'modules':>8} {'climbs':>7} {'returns':>8}")
    for name, row in result.items():
        print(f"  {name:<10} {row['stays']:>6} {row['modules']:>8} {row['climbs']:>7} {row['returns']:>8}")
    rows = list(result.values())
    print(f"  {'median':<10} {sorted(r['stays'] for r in rows)[len(rows) // 2]:>6} "
          f"{sorted(r['modules'] for r in rows)[len(rows) // 2]:>8} "
          f"{sorted(r['climbs'] for r in rows)[len(rows) // 2]:>7} "
          f"{sorted(r['returns'] for r in rows)[len(rows) // 2]:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--compare-with", type=Path, help="another checkout, measured the same way")
    args = parser.parse_args()
    if args.child:
        child()
        return
    show(f"{ROOT}", measure(ROOT))
    if args.compare_with is not None:
        show(f"{args.compare_with.resolve()}  (compared)", measure(args.compare_with.resolve()))


if __name__ == "__main__":
    main()
