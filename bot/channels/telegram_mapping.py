"""Telegram ↔ the bot's vocabulary: ``Update`` → ``Inbound``, ``Reply`` → Bot API calls, PTB errors → ours.

Pure translation; the running parts (application, webhook, sender, rate budget) live in ``telegram.py``.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import (
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
    User,
    WebAppInfo,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram_http import AiohttpRequest
from bot.errors import ChannelUnavailable, DeliveryError, RateLimited, RecipientBlocked
from bot.messages import Address, Button, Delivery, Inbound, InboundEvent, Reply

log = logging.getLogger(__name__)

CHANNEL = "tg"
MAX_TEXT = 4000  # Telegram allows 4096 UTF-16 units; stay under it for emoji (two units each)
MAX_CAPTION = 1000  # 1024 for captions
# Rate-limit argument for an API call whose slot was already taken from the shared budget (a dispatcher push).
PREPAID = "prepaid"

_GONE = (ChatMember.BANNED, ChatMember.LEFT)
_PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)
# Telegram delivers an update again for up to a day while it gets no 200 (and a restarted poller may fetch it
# twice): an update_id handled within that is not handled again, even after a restart.
UPDATE_KEEP = timedelta(hours=24)
# BadRequest descriptions that mean the chat cannot be reached any more (not that our request was wrong).
_UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid", "bot was blocked", "user is deactivated")


# --- Update → Inbound ----------------------------------------------------------------------------------------


def address_of(chat_id: int) -> Address:
    """Return the address of a Telegram chat."""
    return Address(CHANNEL, str(chat_id))


def chat_id_of(address: Address) -> int:
    """Return the Telegram chat id of a ``tg:`` address; raise ``ValueError`` on anything else."""
    if address.channel != CHANNEL:
        raise ValueError(f"not a Telegram address: {address}")
    return int(address.ident)


def inbound_from_update(update: Update) -> Inbound | None:
    """Translate an update into what the engine understands, or None for updates the bot ignores. The update's id
    goes with it: the engine handles an update once however often Telegram delivers it."""
    once = Delivery("tg-update", str(update.update_id), UPDATE_KEEP)
    if update.callback_query is not None:
        query = update.callback_query
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        return _inbound(chat_id, query.from_user, once, button=query.data or "")
    if update.my_chat_member is not None:
        member = update.my_chat_member
        event = _member_event(member.old_chat_member.status, member.new_chat_member.status)
        if event is None:
            return None
        return _inbound(member.chat.id, member.from_user, once, event=event)
    message = update.message
    if message is None:
        return None  # edits, channel posts, inline queries…: nothing to answer
    # A forwarded bank SMS or app notice is text like any other (or the caption of a forwarded photo or file);
    # stickers, voice… carry none: the engine answers empty text with a clear hint.
    return _inbound(message.chat.id, message.from_user, once, text=message.text or message.caption or "")


def private_message(data: dict[str, Any]) -> Inbound | None:
    """``inbound_from_update`` of a private chat's message, read straight from the update's JSON; None for any
    other update (a press, a group, an edit…), which goes through PTB's ``Update``. Most updates are these, and
    building PTB's objects for them cost more than the rest of reading the post (80 µs an update)."""
    update_id, message = data.get("update_id"), data.get("message")
    if type(update_id) is not int or not isinstance(message, dict):
        return None
    chat, sender = message.get("chat"), message.get("from")
    if not isinstance(chat, dict) or chat.get("type") != "private" or type(chat.get("id")) is not int:
        return None
    if sender is not None and not (isinstance(sender, dict) and type(sender.get("id")) is int
                                   and isinstance(sender.get("first_name"), str) and sender["first_name"]):
        return None  # an empty first name (Telegram never sends one) is left to PTB, whose reading of it differs
    text = message.get("text") or message.get("caption") or ""
    if not isinstance(text, str):
        return None
    language = name = None
    if sender is not None:
        language = sender.get("language_code")
        last = sender.get("last_name")
        if not (language is None or isinstance(language, str)) or not (last is None or isinstance(last, str)):
            return None
        name = f"{sender['first_name']} {last}" if last else sender["first_name"]
    return Inbound(sender=address_of(chat["id"]), text=text, language=language, name=name,
                   delivery=Delivery("tg-update", str(update_id), UPDATE_KEEP))


def _inbound(chat_id: int, user: User | None, once: Delivery, *, text: str = "", button: str | None = None,
             event: InboundEvent | None = None) -> Inbound:
    return Inbound(sender=address_of(chat_id), text=text, button=button, event=event,
                   language=user.language_code if user else None, name=user.full_name if user else None,
                   delivery=once)


def _member_event(old: str, new: str) -> InboundEvent | None:
    if new in _GONE and old not in _GONE:
        return "blocked"
    if new in _PRESENT and old in _GONE:
        return "unblocked"
    return None


def pressed_message(update: Update) -> Message | None:
    """Return the message whose button was pressed, if the bot can still edit it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message) or not query.message.is_accessible:
        return None  # a message older than 48 hours arrives with date 0 and can no longer be edited
    return query.message


# --- Reply → Bot API -----------------------------------------------------------------------------------------


def keyboard_of(reply: Reply) -> InlineKeyboardMarkup | None:
    """Return the inline keyboard for a reply's buttons, rows as given, or None without buttons."""
    rows = [[_button(b) for b in row] for row in reply.buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _button(button: Button) -> InlineKeyboardButton:
    if button.web_app is not None:
        return InlineKeyboardButton(button.label, web_app=WebAppInfo(button.web_app))
    return InlineKeyboardButton(button.label, callback_data=button.data)


def keyboard_json(reply: Reply) -> dict[str, Any] | None:
    """``keyboard_of(reply).to_dict()``, written straight from the buttons: building PTB's frozen objects only to
    turn them back into a dict cost 40–100 µs per answer with buttons."""
    rows = [[_button_json(b) for b in row] for row in reply.buttons if row]
    return {"inline_keyboard": rows} if rows else None


def _button_json(button: Button) -> dict[str, Any]:
    if button.web_app is not None:
        return {"text": button.label, "web_app": {"url": button.web_app}}
    return {"callback_data": button.data, "text": button.label}


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into messages Telegram accepts, at line breaks where possible."""
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest:
        parts.append(rest)
    return parts


async def send_reply(bot: ExtBot[Any], chat_id: int, reply: Reply, *, prepaid: bool = False) -> None:
    """Send one reply as plain text (never parsed as markup) with its keyboard, then its files.

    ``prepaid`` says the first call's slot of the rate budget was already taken (by the dispatcher).
    """
    chunks = split_text(reply.text)
    caption: str | None = None
    if reply.attachments and len(chunks) == 1 and len(chunks[0]) <= MAX_CAPTION:
        caption, chunks = chunks[0], []  # a chart or a file with a short text: one message, not two
    rl = _RateArgs(prepaid)
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        await _send_chunk(bot, chat_id, chunk, reply if last else None, rl.next())
    keyboard = keyboard_of(reply) if reply.attachments else None
    for n, attachment in enumerate(reply.attachments):
        file = InputFile(attachment.content, filename=attachment.filename)
        with_caption = n == 0 and caption is not None
        if attachment.as_photo:
            await bot.send_photo(chat_id, file, caption=caption if with_caption else None,
                                 reply_markup=keyboard if with_caption else None, rate_limit_args=rl.next())
        else:
            await bot.send_document(chat_id, file, caption=caption if with_caption else None,
                                    reply_markup=keyboard if with_caption else None, rate_limit_args=rl.next())


async def send_text(bot: ExtBot[Any], chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None,
                    rate_limit_args: str | None) -> None:
    """``sendMessage`` of plain text through the bot's rate limiter.

    On our transport it is one JSON POST whose answer is not parsed into a Message: PTB's typed path cost about
    1 ms of CPU more per message, half of what an answer to a user costs (bench/b3_inbound.py). A bot on another
    transport (the tests' offline one) goes through PTB's ``send_message``, with the same errors either way.
    """
    request = bot.request
    if not isinstance(request, AiohttpRequest):
        await bot.send_message(chat_id, text, reply_markup=keyboard, rate_limit_args=rate_limit_args)
        return
    await _post_text(bot, request, chat_id, text, None if keyboard is None else keyboard.to_dict(), rate_limit_args)


async def _send_chunk(bot: ExtBot[Any], chat_id: int, text: str, buttons_of: Reply | None,
                      rate_limit_args: str | None) -> None:
    """``send_text`` of one piece of a reply, with the reply's buttons when ``buttons_of`` is given."""
    request = bot.request
    if not isinstance(request, AiohttpRequest):
        await send_text(bot, chat_id, text, None if buttons_of is None else keyboard_of(buttons_of), rate_limit_args)
        return
    await _post_text(bot, request, chat_id, text, None if buttons_of is None else keyboard_json(buttons_of),
                     rate_limit_args)


async def _post_text(bot: ExtBot[Any], request: AiohttpRequest, chat_id: int, text: str,
                     markup: dict[str, Any] | None, rate_limit_args: str | None) -> None:
    payload = _send_message(chat_id, text, markup)
    url = f"{bot.base_url}/sendMessage"
    if bot.rate_limiter is None:
        await request.post_json(url, payload)
    else:
        await bot.rate_limiter.process_request(request.post_json, (url, payload), {}, "sendMessage", payload,
                                               rate_limit_args)


class _RateArgs:
    """Hands out ``rate_limit_args``: the first call of a prepaid reply is marked, later calls take their own slot."""

    def __init__(self, prepaid: bool) -> None:
        self.prepaid = prepaid

    def next(self) -> str | None:
        if not self.prepaid:
            return None
        self.prepaid = False
        return PREPAID


async def edit_reply(bot: ExtBot[Any], message: Message, reply: Reply) -> bool:
    """Replace a message's text and keyboard with ``reply``; return False when it must be sent anew instead."""
    if reply.attachments or not reply.text or len(reply.text) > MAX_TEXT:
        return False
    try:
        await bot.edit_message_text(reply.text, chat_id=message.chat.id, message_id=message.message_id,
                                    reply_markup=keyboard_of(reply))
    except BadRequest as err:
        if "not modified" in err.message.lower():
            return True  # pressed twice: the message already says this
        log.info("could not edit message %s (%s); sending a new one", message.message_id, err.message)
        return False
    return True


async def deliver(bot: ExtBot[Any], chat_id: int, replies: Sequence[Reply], *, pressed: Message | None = None) -> None:
    """Send the engine's replies to a chat; the first reply marked ``edit`` replaces the pressed message."""
    editable = pressed
    for reply in replies:
        if reply.edit and editable is not None:
            target, editable = editable, None
            if await edit_reply(bot, target, reply):
                continue
        await send_reply(bot, chat_id, reply)


def one_message(chat_id: int, replies: Sequence[Reply], *, pressed: Message | None = None) -> dict[str, Any] | None:
    """The whole answer as one ``sendMessage`` call with its ``method``, when it is one: a single reply of plain
    text that fits one message, without files and not replacing a pressed message. The webhook returns it in
    its HTTP answer, and Telegram makes the call; anything else goes through ``deliver``."""
    if len(replies) != 1:
        return None
    reply = replies[0]
    if reply.attachments or (reply.edit and pressed is not None) or not reply.text or len(reply.text) > MAX_TEXT:
        return None
    return {"method": "sendMessage", **_send_message(chat_id, reply.text, keyboard_json(reply))}


def _send_message(chat_id: int, text: str, markup: dict[str, Any] | None) -> dict[str, Any]:
    """The parameters of ``sendMessage`` for plain text (never parsed as markup) with its keyboard."""
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if markup is not None:
        payload["reply_markup"] = markup
    return payload


# --- errors ------------------------------------------------------------------------------------------------


def retry_after_seconds(err: RetryAfter) -> float:
    """Read ``retry_after`` as seconds, whether PTB gives an int or (opted in) a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def delivery_error(err: TelegramError) -> DeliveryError:
    """Map a PTB error to the delivery error the dispatcher acts on."""
    if isinstance(err, Forbidden):
        return RecipientBlocked(err.message)
    if isinstance(err, RetryAfter):
        return RateLimited(retry_after_seconds(err))
    if isinstance(err, BadRequest) and any(s in err.message.lower() for s in _UNREACHABLE):
        return RecipientBlocked(err.message)
    if isinstance(err, ChatMigrated):
        return RecipientBlocked("the group became a supergroup with a new chat id")
    # TimedOut, NetworkError, any other BadRequest, InvalidToken…: worth retrying with backoff, then failed.
    return ChannelUnavailable(f"{type(err).__name__}: {err.message}")
