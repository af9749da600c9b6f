"""Composition root: ``repaybot [chat|telegram|wechat|worker|web]`` (also ``python -m bot``).

The only module that reads settings and builds concrete things: database, clock, engine, turn threads, senders,
limiter, dispatcher, scheduler, monitor and the channel's servers. It owns the signals and the order of shutdown
(``serve``). Channels and jobs receive what they need as arguments; nothing below imports this module.

Start-up stays small: the channels, the monitor and Alembic are imported only by the process type that uses them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import Engine as Database

from bot.clock import Clock, SystemClock
from bot.config import Command, Settings, load_settings
from bot.engine.engine import Engine, FloodPolicy
from bot.errors import StartupError
from bot.logs import configure_logging
from bot.messages import Address
from bot.runtime.limiter import Limiter, NoLimiter, SharedLimiter, SmoothLimiter
from bot.runtime.senders import Senders
from bot.runtime.turns import DEFAULT_THREADS, TurnRunner
from bot.texts import t
from jobs.reminders import Dispatcher
from storage.db import make_engine
from storage.migrate import upgrade_if_behind

if TYPE_CHECKING:
    from bot.channels.wechat import WeChatSender
    from bot.monitoring import Monitor

log = logging.getLogger("repaybot")

# Spacing sends slightly under the platform's cap keeps network jitter from ever pushing 31 into one second.
RATE_SAFETY = 0.99
# Across processes there is no flood window that sees every call (the in-process one sees only its own), so
# sends of two processes can bunch by however late the machine runs either of them. 0.97 leaves 31 ms of such
# jitter per second instead of 10: on a loaded two-core machine three workers at 0.99 drew one to three 429s in
# three runs of four, at 0.97 none in four, at the same achieved rate (docs/benchmarks.md, "Several workers on PostgreSQL").
SHARED_RATE_SAFETY = 0.97
# Turn threads on SQLite when TURN_THREADS is not set (see ``turn_threads``).
SQLITE_TURN_THREADS = 2


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface of DESIGN §2."""
    parser = argparse.ArgumentParser(prog="repaybot", description="RepayBot (还款助手)")
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="chat in the console (no token needed)")
    chat.add_argument("--user", default="me", help="console user name (default: me)")
    chat.add_argument("--lang", choices=("zh", "en"), default=None, help="language for a new user")
    tg = sub.add_parser("telegram", help="run on Telegram (long polling, or webhook with --webhook-url)")
    tg.add_argument("--webhook-url", default=None)
    # Loopback unless told otherwise: a public address is a choice (behind a reverse proxy, docs/security.md).
    tg.add_argument("--listen", default="127.0.0.1", help="address to bind in webhook mode (default 127.0.0.1)")
    tg.add_argument("--port", type=int, default=8443)
    wx = sub.add_parser("wechat", help="run the WeChat Official Account webhook at /wechat")
    wx.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
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
        invalid = "; ".join(_problem(e["loc"], e["msg"]) for e in err.errors())
        sys.stderr.write(f"repaybot: invalid settings: {invalid}\n")
        return 2
    configure_logging(settings.log_level, _secrets(settings), fmt=settings.log_format)
    command: Command = args.command or ("telegram" if settings.telegram_bot_token else "chat")
    if args.command is None:
        # Plain `repaybot`: the chosen sub-command with its default options.
        args = parser.parse_args([command])
    problems = settings.problems_for(command, webhook=bool(getattr(args, "webhook_url", None)))
    if problems:
        sys.stderr.write(f"repaybot: cannot start {command}: {'; '.join(problems)}\n")
        return 2
    try:
        database = make_engine(settings.database_url)
    except PermissionError as err:  # the database file could not be made private (0600)
        sys.stderr.write(f"repaybot: {err}\n")
        return 2
    except ModuleNotFoundError as err:
        sys.stderr.write(f"repaybot: DATABASE_URL needs the database driver {err.name!r}; for PostgreSQL install "
                         "repaybot[postgres]\n")
        return 2
    try:
        upgrade_if_behind(database)
        asyncio.run(serve(settings, database, command, args))
    except StartupError as err:
        sys.stderr.write(f"repaybot: {err}\n")
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        database.dispose()
    return 0


def _problem(loc: tuple[int | str, ...], message: str) -> str:
    # A model-wide check has no field name; pydantic prefixes its message with "Value error, ".
    message = message.removeprefix("Value error, ")
    return f"{'.'.join(str(p) for p in loc).upper()}: {message}" if loc else message


def _secrets(settings: Settings) -> list[str]:
    values = [settings.telegram_bot_token, settings.telegram_webhook_secret, settings.wechat_token,
              settings.wechat_app_secret, settings.wechat_aes_key]
    return [v.get_secret_value() for v in values if v is not None]


def make_engine_for(settings: Settings, database: Database, clock: Clock | None = None) -> Engine:
    """Build the conversation engine from settings."""
    return Engine(database, clock or SystemClock(), default_timezone=settings.bot_timezone,
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


def platform_cap(settings: Settings) -> int:
    """The platform's messages per second (SEND_RATE_PER_SECOND): the flood window Telegram answers are held to."""
    return max(1, int(settings.send_rate_per_second))


def send_rate(settings: Settings) -> float:
    """Messages per second for the whole bot, a little under the platform's cap."""
    return settings.send_rate_per_second * RATE_SAFETY


async def run_with_dispatcher(dispatcher: Dispatcher, *, reclaim_all: bool, monitor: Monitor | None = None,
                              settle: bool = True) -> contextlib.AsyncExitStack:
    """Start the dispatcher and its one-second tick (and the health and metrics server, if any); the returned
    stack stops them all. ``settle=False`` skips ``settle_memory`` (the console, which times no sends)."""
    stack = contextlib.AsyncExitStack()
    if settle:
        settle_memory()
    dispatcher.start(reclaim_all=reclaim_all)
    from jobs.scheduler import (
        make_scheduler,  # APScheduler, when a process first schedules (after the console's hello)
    )

    scheduler = make_scheduler(dispatcher.clock, {"due-scan": (dispatcher.tick, 1.0)})
    scheduler.start()
    # Unwound in reverse: no new tick; the tick in progress and the queue finish (APScheduler's shutdown would
    # cancel a tick that is waiting on the database); then the scheduler goes.
    stack.callback(scheduler.shutdown, wait=False)
    stack.push_async_callback(dispatcher.stop)
    stack.callback(scheduler.pause)
    if monitor is not None and monitor.dispatcher is None:
        monitor.watch(dispatcher)
        await monitor.start()
        stack.push_async_callback(monitor.stop)
    return stack


def settle_memory() -> None:
    """Move everything built at start-up out of the garbage collector's sight before the steady state begins.

    A full collection walks every object the process holds (about 150,000 here: SQLAlchemy, the text
    catalogues, the language rules); measured 127 ms, during which the event loop that times the sends stands
    still. Frozen, those objects are skipped, and collections only walk what was made since.
    """
    gc.collect()
    gc.freeze()


def turn_threads(settings: Settings, database: Database) -> int:
    """Threads for engine turns: TURN_THREADS, or by the database.

    SQLite has one writer, and turns write early (a Telegram update's id, the user's last message time), so turns
    run one at a time whatever the threads: more than two only wait in SQLite's busy loop and take the interpreter lock
    from the one that runs and from the event loop (8 threads cost about a tenth more CPU per update than 2 in
    bench/b3_inbound.py). On PostgreSQL turns of different users run side by side, and a turn waiting on another
    process's row lock holds only its own thread.
    """
    if settings.turn_threads is not None:
        return settings.turn_threads
    return SQLITE_TURN_THREADS if single_process(database) else DEFAULT_THREADS


def single_process(database: Database) -> bool:
    """SQLite means one dispatcher process, so claims left by a dead run can be taken back at once."""
    return database.dialect.name == "sqlite"


# --- one process, start to stop ---------------------------------------------------------------------------------


@dataclass
class Process:
    """What every process type is built from."""

    settings: Settings
    database: Database
    clock: Clock
    engine: Engine
    runner: TurnRunner
    stack: contextlib.AsyncExitStack
    monitor: Monitor | None = None


async def serve(settings: Settings, database: Database, command: Command, options: argparse.Namespace) -> None:
    """Run one process type until its input ends (console) or SIGINT/SIGTERM, then stop what it started in the
    reverse order: no new input, then the turns and sends in hand finish, then the connections close."""
    clock = SystemClock()
    async with contextlib.AsyncExitStack() as stack:
        runner = TurnRunner(turn_threads(settings, database))
        # Last out: every server and the dispatcher have stopped submitting turns by then.
        stack.push_async_callback(asyncio.to_thread, runner.close)
        process = Process(settings, database, clock, make_engine_for(settings, database, clock), runner, stack)
        if settings.metrics_port and command != "chat":
            from bot.monitoring import Monitor

            process.monitor = Monitor(database, clock, process=command, host=settings.metrics_host,
                                      port=settings.metrics_port)
        if command == "chat":
            await _chat(process, options.user, options.lang or settings.bot_language)
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
            stack.callback(loop.remove_signal_handler, signum)
        starts: dict[str, Callable[[Process, argparse.Namespace], Awaitable[None]]] = {
            "telegram": _telegram, "wechat": _wechat, "worker": _worker, "web": _web}
        await starts[command](process, options)
        await stop.wait()
        log.info("stopping: no new input; finishing what is in hand")


async def _chat(process: Process, user: str, lang: str) -> None:
    from bot.channels.console import ConsoleSender, ConsoleView, run_console

    view = ConsoleView(sys.stdout, lang, Path("repaybot-files"))
    senders = Senders({"console": ConsoleSender(view)})
    dispatcher = make_dispatcher(process.settings, process.database, process.engine, senders, limited=False)

    async def start_reminders() -> None:
        # No settle_memory: its full collection would delay the prompt, and the console's sends are not rate-timed.
        await process.stack.enter_async_context(
            await run_with_dispatcher(dispatcher, reclaim_all=single_process(process.database), settle=False))

    await run_console(process.runner.handler(process.engine.handle), view, Address("console", user), lang=lang,
                      after_greeting=start_reminders)


async def _telegram(process: Process, options: argparse.Namespace) -> None:
    from bot.channels import telegram
    from bot.channels.seen_requests import SeenRequests

    settings, stack = process.settings, process.stack
    assert settings.telegram_bot_token is not None  # problems_for() refused to start without one
    token, api_url = settings.telegram_bot_token.get_secret_value(), settings.telegram_api_url
    # One budget for answers and pushes; shared with the bot's other processes when they share the database.
    limiter = make_limiter(settings, process.database)
    cap = platform_cap(settings)
    seen = SeenRequests(process.database, process.clock)
    handler = telegram.UpdateHandler(process.runner.handler(process.engine.handle),
                                     default_language=settings.bot_language, seen=seen)
    app = telegram.make_application(token=token, api_url=api_url, handle=handler, limiter=limiter, cap=cap,
                                    default_language=settings.bot_language)
    await telegram.connect(app.initialize, api_url)
    stack.push_async_callback(app.shutdown)
    await telegram.set_command_menu(app.bot, settings.bot_language)
    await telegram.set_web_menu(app.bot, settings.web_base_url, settings.bot_language)
    await app.start()
    stack.push_async_callback(app.stop)
    dispatcher = make_dispatcher(settings, process.database, process.engine,
                                 Senders({"tg": telegram.TelegramSender(app.bot)}), limiter=limiter)
    await stack.enter_async_context(await run_with_dispatcher(
        dispatcher, reclaim_all=single_process(process.database), monitor=process.monitor))
    if options.webhook_url:
        from bot.channels.telegram_webhook import TelegramWebhook

        secret = settings.telegram_webhook_secret
        assert secret is not None  # problems_for() refused webhook mode without one
        webhook = TelegramWebhook(telegram.WebhookSink(app, handler), secret.get_secret_value(),
                                  telegram.webhook_path(options.webhook_url), seen=seen)
        await webhook.start(options.listen, options.port)
        stack.push_async_callback(webhook.stop)
        # Only once it listens: Telegram starts posting as soon as it knows the URL.
        await telegram.set_webhook(app.bot, options.webhook_url, secret.get_secret_value(), api_url)
        log.info("Telegram bot @%s is listening for updates on %s:%d (at most %d connections)", app.bot.username,
                 options.listen, options.port, webhook.guard.cap)
    else:
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=telegram.ALLOWED_UPDATES)
        stack.push_async_callback(app.updater.stop)
        log.info("Telegram bot @%s is polling for updates", app.bot.username)


async def _wechat(process: Process, options: argparse.Namespace) -> None:
    from bot.channels.http_guard import ConnectionGuard
    from bot.channels.seen_requests import SeenRequests
    from bot.channels.wechat import PATH, WeChatWebhook
    from bot.channels.wechat_protocol import MessageCrypto

    settings, stack = process.settings, process.stack
    assert settings.wechat_token is not None  # problems_for() refused to start without one
    crypto = None
    if settings.wechat_aes_key is not None:
        assert settings.wechat_app_id is not None  # the settings' safe-mode check
        try:
            crypto = MessageCrypto(settings.wechat_token.get_secret_value(),
                                   settings.wechat_aes_key.get_secret_value(), settings.wechat_app_id)
        except ValueError as err:
            raise StartupError(f"WECHAT_AES_KEY: {err}") from err
    sender = make_wechat_sender(settings, process.database, process.clock)
    stack.push_async_callback(sender.close)
    if sender.api is None:
        log.warning("WECHAT_APP_ID or WECHAT_APP_SECRET is not set: passive replies only, reminders wait")
    if crypto is None:
        log.warning("WeChat plain mode: messages are not encrypted and the signature does not cover them; this "
                    "trusts the network between WeChat and this server. Safe mode (WECHAT_AES_KEY) is recommended.")
    guard = ConnectionGuard("WeChat webhook")
    webhook = WeChatWebhook(handle=process.engine.handle, book=sender.book, sender=sender,
                            token=settings.wechat_token.get_secret_value(), crypto=crypto,
                            template_id=settings.wechat_subscribe_template_id,
                            subscribe_url=settings.wechat_subscribe_url, runner=process.runner,
                            seen=SeenRequests(process.database, process.clock), guard=guard)
    dispatcher = make_dispatcher(settings, process.database, process.engine, Senders({"wx": sender}))
    await stack.enter_async_context(await run_with_dispatcher(
        dispatcher, reclaim_all=single_process(process.database), monitor=process.monitor))
    host, port = await webhook.start(options.host, options.port)
    stack.push_async_callback(webhook.stop)
    log.info("WeChat webhook listening on %s:%s%s (%s mode, at most %d connections)", host, port, PATH,
             "safe" if crypto is not None else "plain", guard.cap)


async def _web(process: Process, options: argparse.Namespace) -> None:
    from bot.web.server import WebPage, start_page

    settings = process.settings
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token is not None else None
    page = WebPage(process.database, process.engine, process.clock, base_url=settings.web_base_url, bot_token=token,
                   default_language=settings.bot_language)
    runner, (host, port) = await start_page(page, options.host, options.port)
    process.stack.push_async_callback(runner.cleanup)
    log.info("web page listening on %s:%d/app (reached at %s/app)", host, port, settings.web_base_url)


async def _worker(process: Process, _options: argparse.Namespace) -> None:
    settings, stack = process.settings, process.stack
    senders = Senders({})
    limiter = make_limiter(settings, process.database)
    if settings.telegram_bot_token is not None:
        from bot.channels import telegram

        tg_sender = await telegram.make_sender(token=settings.telegram_bot_token.get_secret_value(),
                                               api_url=settings.telegram_api_url, limiter=limiter,
                                               cap=platform_cap(settings))
        stack.push_async_callback(tg_sender.aclose)  # its HTTP session, after the dispatcher stopped
        senders.register("tg", tg_sender)
    if settings.wechat_app_id and settings.wechat_app_secret is not None:
        wx_sender = make_wechat_sender(settings, process.database, process.clock)
        stack.push_async_callback(wx_sender.close)
        senders.register("wx", wx_sender)
    log.info(t(settings.bot_language, "console.worker_started"))
    dispatcher = make_dispatcher(settings, process.database, process.engine, senders, limiter=limiter)
    await stack.enter_async_context(await run_with_dispatcher(dispatcher, reclaim_all=False,
                                                              monitor=process.monitor))


def make_wechat_sender(settings: Settings, database: Database, clock: Clock) -> WeChatSender:
    """The sender for channel ``wx``, on the access token every process of the app shares through the database."""
    from bot.channels.wechat import WeChatSender
    from bot.channels.wechat_api import WeChatApi
    from bot.channels.wechat_book import WeChatBook
    from bot.channels.wechat_token import SharedAccessToken

    book = WeChatBook(database, clock, default_language=settings.bot_language)
    api = None
    if settings.wechat_app_id and settings.wechat_app_secret is not None:
        tokens = SharedAccessToken(database, clock, settings.wechat_app_id)
        api = WeChatApi(settings.wechat_api_url, settings.wechat_app_id,
                        settings.wechat_app_secret.get_secret_value(), tokens=tokens)
    return WeChatSender(api, book, template_id=settings.wechat_subscribe_template_id)


if __name__ == "__main__":
    sys.exit(main())
