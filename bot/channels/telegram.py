"""The Telegram channel: python-telegram-bot in long-polling or webhook mode. The composition root builds it with
``make_application`` / ``make_sender`` and runs the reminder dispatcher beside it.

Inbound updates go to the engine turn it is given (run on the shared turn threads, chats side by side, each chat
in order) and its replies back to the chat. The pieces: ``telegram_mapping``
translates, ``telegram_budget`` shares Telegram's flood limit between answers and reminder pushes (one
limiter for both), ``telegram_http`` carries PTB's requests on aiohttp, ``telegram_webhook`` serves webhook
mode (PTB's own updater does long polling). PTB's JobQueue and ConversationHandler are not used.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Chat, ChatMember, MenuButtonWebApp, Message, Update, WebAppInfo
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackContext,
    ExtBot,
    TypeHandler,
)

from bot.channels.seen_requests import SeenRequests
from bot.channels.telegram_budget import SharedBudget
from bot.channels.telegram_http import AiohttpRequest
from bot.channels.telegram_mapping import (
    chat_id_of,
    deliver,
    delivery_error,
    inbound_from_update,
    one_message,
    pressed_message,
    send_reply,
)
from bot.channels.telegram_webhook import WebhookAnswer
from bot.errors import RecipientBlocked, StartupError
from bot.messages import Address, Inbound, Reply
from bot.runtime.limiter import Limiter
from bot.runtime.turns import AsyncHandle
from bot.texts import normalize_language, t

log = logging.getLogger(__name__)

# The command menu, in menu order. Adding a command is one name here plus "tg.cmd.<name>" in both catalogues.
MENU = ("start", "help", "list", "paid", "remind", "reminders", "recovery", "tip", "plan", "chart", "ics", "undo",
        "settings", "export", "delete", "web")
MENU_LANGUAGES = ("zh", "en")
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER)
# A group is told once (in a while) that the bot works in private chats only.
GROUP_NOTICE_KEEP = timedelta(days=30)
# Updates in progress at once. The engine work itself is bounded by the turn threads; this only has to be large
# enough that an update is never held back behind a busy chat (see ``ChatOrder``).
CONCURRENT_UPDATES = 256

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
        if chat_id_of(to) < 0:
            # Group and channel ids are negative, people's are positive: an account made in a group before the
            # bot answered private chats only still has a schedule, and a group must never see anyone's debts.
            raise RecipientBlocked("a group chat: reminders go to private chats only")
        try:
            await send_reply(self.bot, chat_id_of(to), reply, prepaid=True)
        except TelegramError as err:
            raise delivery_error(err) from err

    async def aclose(self) -> None:
        """Close the HTTP connections of a sender made by ``make_sender``."""
        await self.bot.shutdown()


class ChatOrder(BaseUpdateProcessor):
    """Updates of different chats run concurrently, those of one chat one at a time in the order they came.

    Each update joins its chat's chain before its first ``await`` (PTB starts one task per update, in order, and
    the semaphore in front of this never makes one wait while fewer than ``CONCURRENT_UPDATES`` are in progress),
    so a chat's second message cannot overtake its first while the first waits on the database.
    """

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[object, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None and not previous.done():
                await asyncio.wait({previous})
            await coroutine
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _chat_key(update: object) -> object:
    """The chat an update belongs to; an update without one is ordered only against itself."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return id(update)


class UpdateHandler:
    """The one handler: every update from a private chat goes through the engine; a pressed button is answered at
    once. Groups never reach the engine: everyone there would read and change one account."""

    def __init__(self, handle: AsyncHandle, *, default_language: str = "zh", seen: SeenRequests | None = None) -> None:
        self.handle = handle
        self.default_language = default_language
        self.seen = seen
        self._told: set[int] = set()  # groups told in this process (all of them, when there is no database)

    async def __call__(self, update: Update, context: TgContext) -> None:
        """PTB's handler callback (polling mode)."""
        await self.handle_update(update, context.bot)

    async def handle_update(self, update: Update, bot: TgBot | ExtBot[None], answer: WebhookAnswer | None = None,
                            ) -> None:
        """Handle one update and send its answer; an answer of one plain message goes back in the webhook's
        ``answer`` instead, while that post still waits."""
        chat = update.effective_chat
        if chat is not None and chat.type != Chat.PRIVATE:
            await self._in_group(update, chat.id, bot)
            return
        inbound = inbound_from_update(update)
        if inbound is None:
            return
        query = update.callback_query
        if query is not None:
            try:  # stop the client's spinner first, whatever happens next
                await query.answer()
            except TelegramError as err:
                log.info("could not answer a button press: %s", err.message)
        await self._answer(bot, inbound, pressed_message(update), answer)

    async def handle_message(self, inbound: Inbound, bot: TgBot | ExtBot[None], answer: WebhookAnswer) -> None:
        """``handle_update`` of a private chat's message the webhook read without PTB (``private_message``)."""
        await self._answer(bot, inbound, None, answer)

    async def _answer(self, bot: TgBot | ExtBot[None], inbound: Inbound, pressed: Message | None,
                      answer: WebhookAnswer | None) -> None:
        replies = await self.handle(inbound)
        chat_id = chat_id_of(inbound.sender)
        call = one_message(chat_id, replies, pressed=pressed) if answer is not None and answer.open else None
        if answer is not None and call is not None and isinstance(bot.rate_limiter, SharedBudget):
            # The returned call is a message like any other: it takes its slot of the bot's budget first.
            await bot.rate_limiter.take(chat_id)
            if answer.give(call):
                return
            await send_reply(bot, chat_id, replies[0], prepaid=True)  # the post was answered meanwhile
            return
        await deliver(bot, chat_id, replies, pressed=pressed)

    async def _in_group(self, update: Update, chat_id: int, bot: TgBot | ExtBot[None]) -> None:
        """Point a group to a private chat, once; answer a button pressed there with the same words, privately."""
        user = update.effective_user
        lang = normalize_language(user.language_code if user else None, self.default_language)
        text = t(lang, "tg.private_only", link=f"https://t.me/{bot.username}")
        query = update.callback_query
        if query is not None:
            try:  # shown to the presser alone, as a pop-up
                await query.answer(text[:200], show_alert=True)
            except TelegramError as err:
                log.info("could not answer a button press in a group: %s", err.message)
            return
        member = update.my_chat_member
        if member is not None and member.new_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED):
            return  # removed from the group: nobody to tell
        if not await self._first_notice(chat_id):
            return
        try:
            await bot.send_message(chat_id, text)
        except TelegramError as err:
            log.info("could not tell a group to use a private chat: %s", err.message)

    async def _first_notice(self, chat_id: int) -> bool:
        if chat_id in self._told:
            return False
        self._told.add(chat_id)
        if self.seen is None:
            return True
        return await self.seen.claim_async("tg-group", "notice", sender=str(chat_id), keep=GROUP_NOTICE_KEEP) == "new"


class WebhookSink:
    """What the webhook hands each update to: the application's update handler, with its bot."""

    def __init__(self, app: TgApp, handler: UpdateHandler) -> None:
        self.bot = app.bot
        self.handler = handler

    async def handle_update(self, update: Update, answer: WebhookAnswer) -> None:
        await self.handler.handle_update(update, self.bot, answer)

    async def handle_message(self, inbound: Inbound, answer: WebhookAnswer) -> None:
        await self.handler.handle_message(inbound, self.bot, answer)


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


def _opt_in_timedelta() -> None:
    # PTB 22 warns whenever an int duration (RetryAfter.retry_after) is read; opting in to timedelta values
    # is its documented way forward, and retry_after_seconds() reads either form.
    os.environ.setdefault("PTB_TIMEDELTA", "true")


def make_bot(*, token: str, api_url: str, limiter: Limiter, cap: int) -> TgBot:
    """Build a Bot API client on the shared budget (flood window at ``cap`` a second), for sending only."""
    _opt_in_timedelta()
    return ExtBot(token, base_url=api_url, base_file_url=file_url_for(api_url),
                  rate_limiter=SharedBudget(limiter, cap=cap), request=AiohttpRequest(),
                  get_updates_request=AiohttpRequest(1))


async def make_sender(*, token: str, api_url: str, limiter: Limiter, cap: int) -> TelegramSender:
    """Build and connect the sender the reminder worker pushes through (``repaybot worker``) on ``limiter``."""
    bot = make_bot(token=token, api_url=api_url, limiter=limiter, cap=cap)
    await connect(bot.initialize, api_url)
    return TelegramSender(bot)


def make_application(*, token: str, api_url: str, handle: AsyncHandle | UpdateHandler, limiter: Limiter, cap: int,
                     default_language: str = "zh", seen: SeenRequests | None = None) -> TgApp:
    """Build the PTB application: our base URL, the shared budget (flood window at ``cap`` a second), chats handled
    concurrently in order each (``ChatOrder``), no JobQueue, one handler (``handle`` wrapped in an
    ``UpdateHandler``, or one given), one error handler. Groups are answered here, never by the engine; ``seen``
    remembers across restarts which groups were told so."""
    _opt_in_timedelta()
    app: TgApp = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .base_file_url(file_url_for(api_url))
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(1))
        .rate_limiter(SharedBudget(limiter, cap=cap))
        .concurrent_updates(ChatOrder())
        .job_queue(None)
        .build()
    )
    handler = handle if isinstance(handle, UpdateHandler) else UpdateHandler(
        handle, default_language=default_language, seen=seen)
    app.add_handler(TypeHandler(Update, handler))
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


async def connect(initialize: Callable[[], Awaitable[object]], api_url: str) -> None:
    """Run PTB's start-up call (getMe), turning a bad token or an unreachable API into a clear ``StartupError``."""
    try:
        await initialize()
    except InvalidToken as err:
        # PTB puts the token into this error's text; say what is wrong without it.
        raise StartupError("Telegram rejected TELEGRAM_BOT_TOKEN (check it with @BotFather)") from err
    except NetworkError as err:
        log.error("cannot reach the Telegram Bot API (%s)", type(err).__name__, exc_info=err)
        raise StartupError(f"cannot reach the Telegram Bot API at {api_url}") from err


async def set_webhook(bot: TgBot, url: str, secret: str, api_url: str) -> None:
    """Tell Telegram where to post updates, turning a refusal into a clear ``StartupError`` (the URL is the
    operator's)."""
    try:
        await connect(lambda: bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES), api_url)
    except TelegramError as err:
        raise StartupError(f"Telegram refused the webhook URL {url}: {err.message}") from err


def webhook_path(url: str) -> str:
    """The path the webhook server listens on: the one in the public URL."""
    return urlsplit(url).path
