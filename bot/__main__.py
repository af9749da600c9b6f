"""Composition root: ``repaybot [chat|telegram|wechat|worker|web]`` (also ``python -m bot``).

The only module that reads settings and builds concrete classes: database, clock, engine, senders, dispatcher,
scheduler and the channel.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine as Database

from bot.channels.base import Senders
from bot.channels.console import ConsoleSender, ConsoleView, run_console
from bot.clock import SystemClock
from bot.config import Settings, load_settings
from bot.engine.engine import Engine
from bot.engine.flood import FloodPolicy
from bot.logs import configure_logging
from bot.messages import Address
from bot.monitoring import Monitor
from bot.texts import t
from jobs.limiter import Limiter, NoLimiter, SharedLimiter, SmoothLimiter
from jobs.reminders import Dispatcher
from jobs.scheduler import make_scheduler
from storage.db import make_engine
from storage.migrate import upgrade

log = logging.getLogger("repaybot")

# Spacing sends slightly under the platform's cap keeps network jitter from ever pushing 31 into one second.
RATE_SAFETY = 0.99
# Across processes there is no flood window that sees every call (the in-process one sees only its own), so
# sends of two processes can bunch by however late the machine runs either of them. 0.97 leaves 31 ms of such
# jitter per second instead of 10: on a loaded two-core machine three workers at 0.99 drew one to three 429s in
# three runs of four, at 0.97 none in four, at the same achieved rate (docs/benchmarks.md, "Several workers on PostgreSQL").
SHARED_RATE_SAFETY = 0.97

# This process's operators' view (health and metrics), when METRICS_PORT is set: built by ``main`` and told about
# the dispatcher by ``run_with_dispatcher``, which every process type goes through.
_monitor: Monitor | None = None


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface of DESIGN §2."""
    parser = argparse.ArgumentParser(prog="repaybot", description="RepayBot (还款助手)")
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="chat in the console (no token needed)")
    chat.add_argument("--user", default="me", help="console user name (default: me)")
    chat.add_argument("--lang", choices=("zh", "en"), default=None, help="language for a new user")
    tg = sub.add_parser("telegram", help="run on Telegram (long polling, or webhook with --webhook-url)")
    tg.add_argument("--webhook-url", default=None)
    tg.add_argument("--listen", default="0.0.0.0")
    tg.add_argument("--port", type=int, default=8443)
    wx = sub.add_parser("wechat", help="run the WeChat Official Account webhook at /wechat")
    wx.add_argument("--host", default="0.0.0.0")
    wx.add_argument("--port", type=int, default=8080)
    sub.add_parser("worker", help="run the reminder dispatcher alone")
    page = sub.add_parser("web", help="serve the web page (debts, plan, recovery) at /app")
    page.add_argument("--host", default="127.0.0.1")
    page.add_argument("--port", type=int, default=8088)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``repaybot`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in err.errors())
        sys.stderr.write(f"repaybot: invalid settings: {problems}\n")
        return 2
    configure_logging(settings.log_level, _secrets(settings), fmt=settings.log_format)
    command = args.command or ("telegram" if settings.telegram_bot_token else "chat")
    if args.command is None:
        # Plain `repaybot`: the chosen sub-command with its default options.
        args = parser.parse_args([command])
    database = make_engine(settings.database_url)
    upgrade(database)
    global _monitor
    _monitor = None
    if settings.metrics_port and command != "chat":
        _monitor = Monitor(database, SystemClock(), process=command, host=settings.metrics_host,
                           port=settings.metrics_port)
    try:
        if command == "chat":
            asyncio.run(_chat(settings, database, args.user, args.lang or settings.bot_language))
        elif command == "telegram":
            from bot.channels import telegram

            asyncio.run(telegram.serve(settings, database, webhook_url=args.webhook_url, listen=args.listen,
                                       port=args.port))
        elif command == "wechat":
            from bot.channels import wechat

            asyncio.run(wechat.serve(settings, database, host=args.host, port=args.port))
        elif command == "worker":
            asyncio.run(_worker(settings, database))
        elif command == "web":
            from bot.web import server

            asyncio.run(server.serve(settings, database, host=args.host, port=args.port))
    except KeyboardInterrupt:
        pass
    finally:
        database.dispose()
    return 0


def _secrets(settings: Settings) -> list[str]:
    values = [settings.telegram_bot_token, settings.telegram_webhook_secret, settings.wechat_token,
              settings.wechat_app_secret, settings.wechat_aes_key]
    return [v.get_secret_value() for v in values if v is not None]


def make_engine_for(settings: Settings, database: Database) -> Engine:
    """Build the conversation engine from settings."""
    return Engine(database, SystemClock(), default_timezone=settings.bot_timezone,
                  default_language=settings.bot_language, flood=FloodPolicy(),
                  operator=settings.bot_operator.strip(), operator_contact=settings.bot_operator_contact.strip(),
                  web_base_url=settings.web_base_url)


def make_dispatcher(settings: Settings, database: Database, engine: Engine, senders: Senders, *,
                    limited: bool = True, limiter: Limiter | None = None) -> Dispatcher:
    """Build the due-scan dispatcher with the bot-wide limiter (``make_limiter``; pass ``limiter`` to share one)."""
    if limiter is None:
        limiter = make_limiter(settings, database) if limited else NoLimiter()
    return Dispatcher(database, engine, senders, engine.clock, limiter, rate=send_rate(settings),
                      lease=timedelta(seconds=settings.claim_lease_seconds))


def shares_budget(settings: Settings, database: Database) -> bool:
    """Whether this process keeps the send budget in the database (SEND_BUDGET; auto = on PostgreSQL)."""
    if settings.send_budget == "auto":
        return not single_process(database)
    return settings.send_budget == "shared"


def budget_name(settings: Settings) -> str:
    """Name the bot whose budget this is: its public id (the part of the token before ':'), never the token."""
    if settings.telegram_bot_token is not None:
        return "tg:" + settings.telegram_bot_token.get_secret_value().split(":", 1)[0][:40]
    if settings.wechat_app_id:
        return "wx:" + settings.wechat_app_id[:40]
    return "bot"


def make_limiter(settings: Settings, database: Database) -> Limiter:
    """The bot-wide send budget: in this process, or shared through the database by every process of the bot."""
    if shares_budget(settings, database):
        return SharedLimiter(database, budget_name(settings), settings.send_rate_per_second * SHARED_RATE_SAFETY)
    return SmoothLimiter(send_rate(settings))


def send_rate(settings: Settings) -> float:
    """Messages per second for the whole bot, a little under the platform's cap."""
    return settings.send_rate_per_second * RATE_SAFETY


async def run_with_dispatcher(dispatcher: Dispatcher, *, reclaim_all: bool) -> contextlib.AsyncExitStack:
    """Start the dispatcher and its one-second tick (and the health and metrics server, if any); the returned
    stack stops them all."""
    stack = contextlib.AsyncExitStack()
    settle_memory()
    dispatcher.start(reclaim_all=reclaim_all)
    scheduler = make_scheduler(dispatcher.clock, {"due-scan": (dispatcher.tick, 1.0)})
    scheduler.start()
    # Unwound in reverse: no new tick; the tick in progress and the queue finish (APScheduler's shutdown would
    # cancel a tick that is waiting on the database); then the scheduler goes.
    stack.callback(scheduler.shutdown, wait=False)
    stack.push_async_callback(dispatcher.stop)
    stack.callback(scheduler.pause)
    if _monitor is not None and _monitor.dispatcher is None:
        _monitor.watch(dispatcher)
        await _monitor.start()
        stack.push_async_callback(_monitor.stop)
    return stack


def settle_memory() -> None:
    """Move everything built at start-up out of the garbage collector's sight before the steady state begins.

    A full collection walks every object the process holds (about 150,000 here: SQLAlchemy, the text
    catalogues, the language rules); measured 127 ms, during which the event loop that times the sends stands
    still. Frozen, those objects are skipped, and collections only walk what was made since.
    """
    gc.collect()
    gc.freeze()


def single_process(database: Database) -> bool:
    """SQLite means one dispatcher process, so claims left by a dead run can be taken back at once."""
    return database.dialect.name == "sqlite"


async def _chat(settings: Settings, database: Database, user: str, lang: str) -> None:
    engine = make_engine_for(settings, database)
    view = ConsoleView(sys.stdout, lang, Path("repaybot-files"))
    senders = Senders({"console": ConsoleSender(view)})
    dispatcher = make_dispatcher(settings, database, engine, senders, limited=False)
    async with await run_with_dispatcher(dispatcher, reclaim_all=single_process(database)):
        await run_console(engine.handle, view, Address("console", user), lang=lang)


async def _worker(settings: Settings, database: Database) -> None:
    engine = make_engine_for(settings, database)
    senders = Senders({})
    limiter = make_limiter(settings, database)
    async with contextlib.AsyncExitStack() as stack:
        if settings.telegram_bot_token is not None:
            from bot.channels import telegram

            tg_sender = await telegram.make_sender(settings, limiter)
            stack.push_async_callback(tg_sender.aclose)  # its HTTP session, after the dispatcher stopped
            senders.register("tg", tg_sender)
        if settings.wechat_app_id and settings.wechat_app_secret is not None:
            from bot.channels import wechat

            senders.register("wx", await wechat.make_sender(settings, database))
        log.info(t(settings.bot_language, "console.worker_started"))
        dispatcher = make_dispatcher(settings, database, engine, senders, limiter=limiter)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
            stack.callback(loop.remove_signal_handler, signum)
        async with await run_with_dispatcher(dispatcher, reclaim_all=False):
            await stop.wait()
            log.info("stopping the worker: finishing what is queued")


if __name__ == "__main__":
    sys.exit(main())
