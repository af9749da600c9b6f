"""The Telegram channel: python-telegram-bot in long-polling or webhook mode, with the reminder dispatcher in the
same process.

Inbound updates go to ``Engine.handle`` and its replies back to the chat. The pieces: ``telegram_mapping``
translates, ``telegram_budget`` shares Telegram's flood limit between answers and reminder pushes (one
limiter for both), ``telegram_http`` carries PTB's requests on aiohttp, ``telegram_webhook`` serves webhook
mode (PTB's own updater does long polling). PTB's JobQueue and ConversationHandler are not used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine as Database
from telegram import BotCommand, MenuButtonWebApp, Update, WebAppInfo
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    ExtBot,
    TypeHandler,
)

from bot.channels.base import Senders
from bot.channels.telegram_budget import SharedBudget
from bot.channels.telegram_http import AiohttpRequest
from bot.channels.telegram_mapping import (
    chat_id_of,
    deliver,
    delivery_error,
    inbound_from_update,
    pressed_message,
    send_reply,
)
from bot.channels.telegram_webhook import TelegramWebhook
from bot.config import Settings
from bot.engine.engine import Engine
from bot.messages import Address, Reply
from bot.texts import t
from jobs.limiter import Limiter

log = logging.getLogger(__name__)

# The command menu, in menu order. Adding a command is one name here plus "tg.cmd.<name>" in both catalogues.
MENU = ("start", "help", "list", "paid", "remind", "reminders", "recovery", "tip", "plan", "chart", "ics", "undo",
        "settings", "export", "delete", "web")
MENU_LANGUAGES = ("zh", "en")
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER)
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

TgBot = ExtBot[str]
# PTB's builder keeps the default context type (whose bot parameter is ExtBot[None]) after .rate_limiter().
TgContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
TgApp = Application[TgBot, TgContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], None]


class TelegramSender:
    """Pushes messages the bot starts (reminders) to Telegram chats; the caller already took the rate slot."""

    def __init__(self, bot: TgBot) -> None:
        self.bot = bot

    async def send(self, to: Address, reply: Reply) -> None:
        """Send ``reply`` to ``to``; raise the ``DeliveryError`` that says what the dispatcher should do."""
        try:
            await send_reply(self.bot, chat_id_of(to), reply, prepaid=True)
        except TelegramError as err:
            raise delivery_error(err) from err

    async def aclose(self) -> None:
        """Close the HTTP connections of a sender made by ``make_sender``."""
        await self.bot.shutdown()


class UpdateHandler:
    """The one handler: every update goes through the engine; a pressed button is answered at once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def __call__(self, update: Update, context: TgContext) -> None:
        inbound = inbound_from_update(update)
        if inbound is None:
            return
        query = update.callback_query
        if query is not None:
            try:  # stop the client's spinner first, whatever happens next
                await query.answer()
            except TelegramError as err:
                log.info("could not answer a button press: %s", err.message)
        replies = self.engine.handle(inbound)
        await deliver(context.bot, chat_id_of(inbound.sender), replies, pressed=pressed_message(update))


async def log_error(update: object, context: TgContext) -> None:
    """Log a failed update with its traceback; the user's text is not logged and nothing reaches the user."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("failed to handle update %s", update_id, exc_info=context.error)


def file_url_for(api_url: str) -> str:
    """Derive the file-download base URL from the Bot API base URL (``…/bot`` → ``…/file/bot``)."""
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}/file/bot"


def _token(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        raise SystemExit("repaybot: TELEGRAM_BOT_TOKEN is not set")
    return settings.telegram_bot_token.get_secret_value()


def webhook_secret(settings: Settings) -> str:
    """Return the webhook secret, or stop with a clear message when it is missing or unusable."""
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else ""
    if not secret:
        raise SystemExit("repaybot: webhook mode needs TELEGRAM_WEBHOOK_SECRET: Telegram sends it with every "
                         "update, and requests without it are refused. Use 1-256 letters, digits, _ or -.")
    if not _SECRET.fullmatch(secret):
        raise SystemExit("repaybot: TELEGRAM_WEBHOOK_SECRET may only hold letters, digits, _ and - "
                         "(1-256 characters); Telegram rejects anything else.")
    if secret.startswith("change-me"):
        raise SystemExit("repaybot: TELEGRAM_WEBHOOK_SECRET is still the placeholder from .env.example; "
                         "set a long random value.")
    return secret


def _opt_in_timedelta() -> None:
    # PTB 22 warns whenever an int duration (RetryAfter.retry_after) is read; opting in to timedelta values
    # is its documented way forward, and retry_after_seconds() reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def shared_budget(settings: Settings, limiter: Limiter) -> SharedBudget:
    """PTB's hook onto ``limiter``, with the flood window at the platform's cap (SEND_RATE_PER_SECOND)."""
    return SharedBudget(limiter, cap=max(1, int(settings.send_rate_per_second)))


def make_bot(settings: Settings, limiter: Limiter) -> TgBot:
    """Build a Bot API client on the shared budget, for sending only (the worker)."""
    _opt_in_timedelta()
    return ExtBot(_token(settings), base_url=settings.telegram_api_url,
                  base_file_url=file_url_for(settings.telegram_api_url), rate_limiter=shared_budget(settings, limiter),
                  request=AiohttpRequest(), get_updates_request=AiohttpRequest(1))


async def make_sender(settings: Settings, limiter: Limiter) -> TelegramSender:
    """Build and connect the sender the reminder worker pushes through (``repaybot worker``) on ``limiter``."""
    bot = make_bot(settings, limiter)
    await _connect(bot.initialize, settings)
    return TelegramSender(bot)


def make_application(settings: Settings, engine: Engine, limiter: Limiter) -> TgApp:
    """Build the PTB application: our base URL, the shared budget, no JobQueue, one handler, one error handler."""
    _opt_in_timedelta()
    app: TgApp = (
        ApplicationBuilder()
        .token(_token(settings))
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url_for(settings.telegram_api_url))
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(1))
        .rate_limiter(shared_budget(settings, limiter))
        .job_queue(None)
        .build()
    )
    app.add_handler(TypeHandler(Update, UpdateHandler(engine)))
    app.add_error_handler(log_error)
    return app


async def set_command_menu(bot: TgBot, default_language: str) -> None:
    """Publish the command menu: the default list plus one per catalogue language."""
    for language in (None, *MENU_LANGUAGES):
        commands = [BotCommand(name, t(language or default_language, f"tg.cmd.{name}")) for name in MENU]
        try:
            await bot.set_my_commands(commands, language_code=language)
        except TelegramError as err:  # a missing menu must not keep the bot from answering
            log.warning("could not set the %s command menu: %s", language or "default", err.message)


async def set_web_menu(bot: TgBot, web_base_url: str, default_language: str) -> None:
    """Make the chat's menu button open the web page as a Mini App (Telegram opens only https pages so)."""
    if not web_base_url.startswith("https://"):
        return
    button = MenuButtonWebApp(t(default_language, "web.menu_button"), WebAppInfo(f"{web_base_url.rstrip('/')}/app"))
    try:
        await bot.set_chat_menu_button(menu_button=button)
    except TelegramError as err:  # the commands menu stays; the bot still answers
        log.warning("could not set the web page as the menu button: %s", err.message)


async def _connect(initialize: Callable[[], Awaitable[object]], settings: Settings) -> None:
    """Run PTB's start-up call (getMe), turning a bad token or an unreachable API into a clear exit."""
    try:
        await initialize()
    except InvalidToken as err:
        # PTB puts the token into this error's text; say what is wrong without it.
        raise SystemExit("repaybot: Telegram rejected TELEGRAM_BOT_TOKEN (check it with @BotFather)") from err
    except NetworkError as err:
        log.error("cannot reach the Telegram Bot API (%s)", type(err).__name__, exc_info=err)
        raise SystemExit(f"repaybot: cannot reach the Telegram Bot API at {settings.telegram_api_url}") from err


async def _set_webhook(bot: TgBot, url: str, secret: str, settings: Settings) -> None:
    """Tell Telegram where to post updates, turning a refusal into a clear exit (the URL is the operator's)."""
    try:
        await _connect(lambda: bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES), settings)
    except TelegramError as err:
        raise SystemExit(f"repaybot: Telegram refused the webhook URL {url}: {err.message}") from err


async def serve(settings: Settings, database: Database, *, webhook_url: str | None = None, listen: str = "0.0.0.0",
                port: int = 8443) -> None:
    """Run the bot on Telegram until SIGINT or SIGTERM: long polling, or a webhook when ``webhook_url`` is given."""
    from bot.__main__ import (
        make_dispatcher,
        make_engine_for,
        make_limiter,
        run_with_dispatcher,
        single_process,
    )

    secret = webhook_secret(settings) if webhook_url else None
    engine = make_engine_for(settings, database)
    # One budget for answers and pushes; shared with the bot's other processes when they share the database.
    limiter = make_limiter(settings, database)
    app = make_application(settings, engine, limiter)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with contextlib.AsyncExitStack() as stack:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
            stack.callback(loop.remove_signal_handler, signum)
        await _connect(app.initialize, settings)
        stack.push_async_callback(app.shutdown)
        await set_command_menu(app.bot, settings.bot_language)
        await set_web_menu(app.bot, settings.web_base_url, settings.bot_language)
        await app.start()
        stack.push_async_callback(app.stop)
        dispatcher = make_dispatcher(settings, database, engine, Senders({"tg": TelegramSender(app.bot)}),
                                     limiter=limiter)
        await stack.enter_async_context(await run_with_dispatcher(dispatcher, reclaim_all=single_process(database)))
        if webhook_url and secret:
            webhook = TelegramWebhook(app, secret, urlsplit(webhook_url).path)
            await webhook.start(listen, port)
            stack.push_async_callback(webhook.stop)
            # Only once it listens: Telegram starts posting as soon as it knows the URL.
            await _set_webhook(app.bot, webhook_url, secret, settings)
            log.info("Telegram bot @%s is listening for updates on %s:%d", app.bot.username, listen, port)
        else:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            stack.push_async_callback(app.updater.stop)
            log.info("Telegram bot @%s is polling for updates", app.bot.username)
        await stop.wait()
        log.info("stopping: no new updates; finishing what is queued")
