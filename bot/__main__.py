"""Composition root: ``repaybot [chat|telegram|wechat|worker]`` (also ``python -m bot``).

The only module that reads settings and builds concrete classes: database, clock, engine, senders, dispatcher,
scheduler and the channel.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence
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
from bot.texts import t
from jobs.limiter import Limiter, NoLimiter, SmoothLimiter
from jobs.reminders import Dispatcher
from jobs.scheduler import make_scheduler
from storage.db import make_engine
from storage.migrate import upgrade

log = logging.getLogger("repaybot")

# Spacing sends slightly under the platform's cap keeps network jitter from ever pushing 31 into one second.
RATE_SAFETY = 0.99


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
    configure_logging(settings.log_level, _secrets(settings))
    command = args.command or ("telegram" if settings.telegram_bot_token else "chat")
    if args.command is None:
        # Plain `repaybot`: the chosen sub-command with its default options.
        args = parser.parse_args([command])
    database = make_engine(settings.database_url)
    upgrade(database)
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
                  default_language=settings.bot_language, flood=FloodPolicy())


def make_dispatcher(settings: Settings, database: Database, engine: Engine, senders: Senders, *,
                    limited: bool = True, limiter: Limiter | None = None) -> Dispatcher:
    """Build the due-scan dispatcher with the bot-wide smooth limiter (pass ``limiter`` to share one)."""
    rate = send_rate(settings)
    if limiter is None:
        limiter = SmoothLimiter(rate) if limited else NoLimiter()
    return Dispatcher(database, engine, senders, engine.clock, limiter, rate=rate)


def send_rate(settings: Settings) -> float:
    """Messages per second for the whole bot, a little under the platform's cap."""
    return settings.send_rate_per_second * RATE_SAFETY


async def run_with_dispatcher(dispatcher: Dispatcher, *, reclaim_all: bool) -> contextlib.AsyncExitStack:
    """Start the dispatcher and its one-second tick; the returned stack stops both."""
    stack = contextlib.AsyncExitStack()
    dispatcher.start(reclaim_all=reclaim_all)
    scheduler = make_scheduler(dispatcher.clock, {"due-scan": (dispatcher.tick, 1.0)})
    scheduler.start()
    stack.push_async_callback(dispatcher.stop)
    stack.callback(scheduler.shutdown, wait=False)
    return stack


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
    async with contextlib.AsyncExitStack() as stack:
        if settings.telegram_bot_token is not None:
            from bot.channels import telegram

            tg_sender = await telegram.make_sender(settings)
            stack.push_async_callback(tg_sender.aclose)  # its HTTP session, after the dispatcher stopped
            senders.register("tg", tg_sender)
        if settings.wechat_app_id and settings.wechat_app_secret is not None:
            from bot.channels import wechat

            senders.register("wx", await wechat.make_sender(settings, database))
        log.info(t(settings.bot_language, "console.worker_started"))
        dispatcher = make_dispatcher(settings, database, engine, senders)
        async with await run_with_dispatcher(dispatcher, reclaim_all=False):
            await asyncio.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
