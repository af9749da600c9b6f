"""Telegram translation, offline: PTB updates → ``Inbound``, ``Reply`` → the Bot API call, PTB errors → ours."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from telegram import Message, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.channels.telegram import TelegramSender
from bot.channels.telegram_budget import SharedBudget
from bot.channels.telegram_mapping import (
    deliver,
    delivery_error,
    inbound_from_update,
    keyboard_json,
    keyboard_of,
    one_message,
    pressed_message,
    private_message,
    send_reply,
    split_text,
)
from bot.errors import ChannelUnavailable, RateLimited, RecipientBlocked
from bot.messages import Address, Attachment, Button, Inbound, Reply
from bot.runtime.limiter import SmoothLimiter
from tests.channels.offline_telegram import BOT_USER, RecordingRequest, make_offline_bot


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # PTB 22 warns on int durations unless opted in; the channel opts in the same way.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    yield


# --- builders for PTB updates (what Telegram sends) -------------------------------------------------------------

def user(uid: int = 42, language: str | None = "zh-hans", first: str = "小明", last: str | None = "王") -> dict[str, Any]:
    data: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": first}
    if last:
        data["last_name"] = last
    if language:
        data["language_code"] = language
    return data


def chat(cid: int = 42) -> dict[str, Any]:
    return {"id": cid, "type": "private", "first_name": "小明"}


def text_update(text: str, *, cid: int = 42, language: str | None = "zh-hans") -> Update:
    message: dict[str, Any] = {"message_id": 7, "date": 1_800_000_000, "chat": chat(cid),
                               "from": user(cid, language), "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return Update.de_json({"update_id": 1, "message": message}, None)


def bot_message(cid: int = 42, mid: int = 9, text: str = "⏰ 还款提醒") -> dict[str, Any]:
    return {"message_id": mid, "date": 1_800_000_000, "chat": chat(cid), "from": BOT_USER, "text": text}


def press_update(data: str, *, cid: int = 42, message: dict[str, Any] | None = None) -> Update:
    query = {"id": "q1", "from": user(cid, "en"), "chat_instance": "ci", "data": data,
             "message": message if message is not None else bot_message(cid)}
    return Update.de_json({"update_id": 2, "callback_query": query}, None)


def member_update(old: str, new: str, *, cid: int = 42) -> Update:
    def member(status: str) -> dict[str, Any]:
        return {"status": status, "user": BOT_USER, **({"until_date": 0} if status == "kicked" else {})}

    return Update.de_json({"update_id": 3, "my_chat_member": {
        "chat": chat(cid), "from": user(cid), "date": 1_800_000_000,
        "old_chat_member": member(old), "new_chat_member": member(new)}}, None)


def message_json(update_id: int = 1, **message: Any) -> dict[str, Any]:
    return {"update_id": update_id, "message": {"message_id": 7, "date": 1_800_000_000, "chat": chat(),
                                                "from": user(), "text": "还了200", **message}}


# --- Update → Inbound ---------------------------------------------------------------------------------------------

def test_a_text_message_becomes_text_from_the_chat_with_the_clients_language_and_name() -> None:
    inbound = inbound_from_update(text_update("花呗欠了3000元，12月10号要还"))
    assert inbound == Inbound(sender=Address("tg", "42"), text="花呗欠了3000元，12月10号要还", language="zh-hans",
                              name="小明 王")


FORWARDED_SMS = "【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，\n到期还款日12月08日。如已还款请忽略。"


def test_a_forwarded_notice_reaches_the_engine_as_its_text() -> None:
    message: dict[str, Any] = {
        "message_id": 8, "date": 1_800_000_000, "chat": chat(), "from": user(), "text": FORWARDED_SMS,
        "forward_origin": {"type": "hidden_user", "sender_user_name": "95555", "date": 1_799_990_000}}
    inbound = inbound_from_update(Update.de_json({"update_id": 5, "message": message}, None))
    assert inbound is not None and inbound.text == FORWARDED_SMS


def test_a_forwarded_photo_of_a_bill_reaches_the_engine_as_its_caption() -> None:
    message: dict[str, Any] = {
        "message_id": 8, "date": 1_800_000_000, "chat": chat(), "from": user(), "caption": FORWARDED_SMS,
        "photo": [{"file_id": "f", "file_unique_id": "u", "width": 90, "height": 90}],
        "forward_origin": {"type": "channel", "chat": {"id": -1001, "type": "channel", "title": "账单"},
                           "message_id": 3, "date": 1_799_990_000}}
    inbound = inbound_from_update(Update.de_json({"update_id": 6, "message": message}, None))
    assert inbound is not None and inbound.text == FORWARDED_SMS


def test_a_command_keeps_its_slash_and_arguments_for_the_engine() -> None:
    inbound = inbound_from_update(text_update("/remind 明天10点 给银行打电话", language="en"))
    assert inbound is not None
    assert (inbound.text, inbound.language, inbound.button) == ("/remind 明天10点 给银行打电话", "en", None)


def test_a_button_press_carries_the_button_data_and_the_chat_of_the_pressed_message() -> None:
    update = press_update("rm:paid:3", cid=-100123, message=bot_message(cid=-100123))
    assert inbound_from_update(update) == Inbound(sender=Address("tg", "-100123"), button="rm:paid:3",
                                                  language="en", name="小明 王")
    pressed = pressed_message(update)
    assert isinstance(pressed, Message) and pressed.message_id == 9


def test_a_press_on_a_message_too_old_to_edit_still_reaches_the_engine_but_edits_nothing() -> None:
    inaccessible = {"message_id": 9, "date": 0, "chat": chat()}
    update = press_update("list", message=inaccessible)
    assert inbound_from_update(update) == Inbound(sender=Address("tg", "42"), button="list", language="en",
                                                  name="小明 王")
    assert pressed_message(update) is None


@pytest.mark.parametrize(("old", "new", "event"), [
    ("member", "kicked", "blocked"),
    ("member", "left", "blocked"),
    ("kicked", "member", "unblocked"),
    ("kicked", "left", None),
    ("left", "left", None),
])
def test_my_chat_member_updates_become_blocked_and_unblocked_events(old: str, new: str, event: str | None) -> None:
    inbound = inbound_from_update(member_update(old, new))
    if event is None:
        assert inbound is None
    else:
        assert inbound == Inbound(sender=Address("tg", "42"), event=event, language="zh-hans",  # type: ignore[arg-type]
                                  name="小明 王")


def test_a_sticker_becomes_empty_text_so_the_engine_answers_it() -> None:
    message = {"message_id": 7, "date": 1_800_000_000, "chat": chat(), "from": user(),
               "sticker": {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
                           "is_video": False, "type": "regular"}}
    inbound = inbound_from_update(Update.de_json({"update_id": 4, "message": message}, None))
    assert inbound is not None and inbound.text == "" and inbound.button is None and inbound.event is None


def test_edits_and_channel_posts_are_ignored() -> None:
    edited = {"message_id": 7, "date": 1_800_000_000, "edit_date": 1_800_000_001, "chat": chat(), "from": user(),
              "text": "还了1000"}
    assert inbound_from_update(Update.de_json({"update_id": 5, "edited_message": edited}, None)) is None
    post = {"message_id": 1, "date": 1_800_000_000, "chat": {"id": -1001, "type": "channel", "title": "c"},
            "text": "hello"}
    assert inbound_from_update(Update.de_json({"update_id": 6, "channel_post": post}, None)) is None


# --- Reply → Bot API ---------------------------------------------------------------------------------------------

REMINDER = Reply("⏰ 还款提醒：「花呗」¥2,000", buttons=(
    (Button("✅ 已还清", "rm:paid:1"), Button("💰 还了一部分", "rm:part:1")),
    (Button("⏰ 1小时后", "rm:snz:1h:1"),),
))


async def test_a_reply_is_plain_text_with_its_keyboard_rows_as_given() -> None:
    request = RecordingRequest()
    await send_reply(make_offline_bot(request), 42, REMINDER)
    [call] = request.calls
    assert call.method == "sendMessage"
    assert (call.params["chat_id"], call.params["text"]) == (42, REMINDER.text)
    assert call.keyboard == [[("✅ 已还清", "rm:paid:1"), ("💰 还了一部分", "rm:part:1")], [("⏰ 1小时后", "rm:snz:1h:1")]]
    assert "parse_mode" not in call.params, "user text must never be read as markup"


@pytest.mark.parametrize("buttons", [
    (),
    ((Button("撤销", "undo"),),),
    ((Button("✅ 已还清", "rm:paid:1"), Button("⏰ 1小时后", "rm:snz:1:1h")), (), (Button("Cancel", "x"),)),
    ((Button("打开网页", "web", web_app="https://bot.example/app"), Button("列表", "list")),),
])
def test_the_keyboard_written_for_the_json_path_is_the_one_ptb_would_send(buttons: tuple[tuple[Button, ...], ...]) -> None:
    reply = Reply("text", buttons=buttons)
    typed = keyboard_of(reply)
    assert keyboard_json(reply) == (None if typed is None else typed.to_dict())


async def test_text_that_looks_like_markup_is_sent_verbatim_without_a_parse_mode() -> None:
    request = RecordingRequest()
    await send_reply(make_offline_bot(request), 42, Reply("<b>花呗</b> *3000* [x](tg://user?id=1)"))
    [call] = request.calls
    assert call.params["text"] == "<b>花呗</b> *3000* [x](tg://user?id=1)" and "parse_mode" not in call.params
    assert "reply_markup" not in call.params and keyboard_of(Reply("x")) is None


async def test_a_chart_goes_as_a_photo_and_a_file_as_a_document_with_its_name() -> None:
    request = RecordingRequest()
    reply = Reply("你的还款进度", buttons=((Button("📋 我的欠款", "list"),),), attachments=(
        Attachment("chart.png", b"\x89PNG...", "image/png", as_photo=True),
        Attachment("repaybot.ics", b"BEGIN:VCALENDAR", "text/calendar"),
    ))
    await send_reply(make_offline_bot(request), 42, reply)
    photo, document = request.calls
    assert (photo.method, photo.params["caption"]) == ("sendPhoto", "你的还款进度")
    assert photo.keyboard == [[("📋 我的欠款", "list")]]
    assert photo.files["photo"] == ("chart.png", b"\x89PNG...")
    assert document.method == "sendDocument" and document.files["document"] == ("repaybot.ics", b"BEGIN:VCALENDAR")
    assert "caption" not in document.params


async def test_a_long_text_is_split_at_line_breaks_with_the_keyboard_on_the_last_part() -> None:
    text = "\n".join(f"{n}. 花呗 ¥3,000 — 12月10日（周四）" for n in range(400))
    request = RecordingRequest()
    await send_reply(make_offline_bot(request), 42, Reply(text, buttons=((Button("更多", "list"),),)))
    parts = [c.params["text"] for c in request.calls]
    assert len(parts) > 1 and all(len(p) <= 4000 for p in parts) and "\n".join(parts) == text
    assert [bool(c.keyboard) for c in request.calls] == [False] * (len(parts) - 1) + [True]
    assert split_text("") == [] and split_text("x" * 9000) == ["x" * 4000, "x" * 4000, "x" * 1000]


async def test_the_first_edit_reply_replaces_the_pressed_message_and_the_rest_are_new_messages() -> None:
    request = RecordingRequest()
    pressed = press_update("c:yes").callback_query.message  # type: ignore[union-attr]
    assert isinstance(pressed, Message)
    replies = [Reply("谢谢，已记下你的同意 ✅", edit=True), Reply("试试这样说：…", buttons=((Button("📋", "list"),),)),
               Reply("again", edit=True)]
    await deliver(make_offline_bot(request), 42, replies, pressed=pressed)
    assert [(c.method, c.params.get("message_id"), c.params["text"]) for c in request.calls] == [
        ("editMessageText", 9, "谢谢，已记下你的同意 ✅"), ("sendMessage", None, "试试这样说：…"), ("sendMessage", None, "again")]
    assert "reply_markup" not in request.calls[0].params, "an edit without buttons removes the old keyboard"


async def test_an_edit_that_telegram_refuses_is_sent_as_a_new_message_and_an_unchanged_one_is_left_alone() -> None:
    request = RecordingRequest()
    pressed = press_update("rm:paid:1").callback_query.message  # type: ignore[union-attr]
    assert isinstance(pressed, Message)
    request.fail("editMessageText", 400, "Bad Request: message can't be edited")
    await deliver(make_offline_bot(request), 42, [Reply("🎉 已还清", edit=True)], pressed=pressed)
    assert [c.method for c in request.calls] == ["editMessageText", "sendMessage"]
    request.calls.clear()
    request.fail("editMessageText", 400, "Bad Request: message is not modified: specified new message content …")
    await deliver(make_offline_bot(request), 42, [Reply("🎉 已还清", edit=True)], pressed=pressed)
    assert [c.method for c in request.calls] == ["editMessageText"]


async def test_without_a_pressed_message_an_edit_reply_is_sent() -> None:
    request = RecordingRequest()
    await deliver(make_offline_bot(request), 42, [Reply("已保存", edit=True)])
    assert [c.method for c in request.calls] == ["sendMessage"]


# --- errors -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("error", "expected"), [
    (Forbidden("Forbidden: bot was blocked by the user"), RecipientBlocked),
    (Forbidden("Forbidden: user is deactivated"), RecipientBlocked),
    (BadRequest("Bad Request: chat not found"), RecipientBlocked),
    (ChatMigrated(-100999), RecipientBlocked),
    (TimedOut(), ChannelUnavailable),
    (NetworkError("httpx.ConnectError: all connection attempts failed"), ChannelUnavailable),
    (BadRequest("Bad Request: message is too long"), ChannelUnavailable),
    (InvalidToken(), ChannelUnavailable),
])
def test_ptb_errors_map_to_what_the_dispatcher_acts_on(error: Exception, expected: type[Exception]) -> None:
    assert type(delivery_error(error)) is expected  # type: ignore[arg-type]


def test_retry_after_keeps_the_seconds_telegram_asked_for() -> None:
    mapped = delivery_error(RetryAfter(7))
    assert isinstance(mapped, RateLimited) and mapped.retry_after == 7


def sender_bot(request: RecordingRequest) -> TelegramSender:
    return TelegramSender(make_offline_bot(request, SharedBudget(SmoothLimiter(1000))))


async def test_the_sender_pushes_to_the_chat_of_the_address() -> None:
    request = RecordingRequest()
    await sender_bot(request).send(Address("tg", "42"), REMINDER)
    [call] = request.calls
    assert (call.method, call.params["chat_id"], len(call.keyboard)) == ("sendMessage", 42, 2)


@pytest.mark.parametrize(("status", "description", "parameters", "expected"), [
    (403, "Forbidden: bot was blocked by the user", {}, RecipientBlocked),
    (400, "Bad Request: chat not found", {}, RecipientBlocked),
    (429, "Too Many Requests: retry after 5", {"retry_after": 5}, RateLimited),
    (500, "Internal Server Error", {}, ChannelUnavailable),
    (400, "Bad Request: can't parse entities", {}, ChannelUnavailable),
])
async def test_the_sender_maps_bot_api_answers_to_delivery_errors(status: int, description: str,
                                                                  parameters: dict[str, Any],
                                                                  expected: type[Exception]) -> None:
    request = RecordingRequest()
    request.fail("sendMessage", status, description, **parameters)
    with pytest.raises(expected) as caught:
        await sender_bot(request).send(Address("tg", "42"), REMINDER)
    if expected is RateLimited:
        assert caught.value.retry_after == 5  # type: ignore[attr-defined]
    assert len(request.calls) == 1, "a push is never retried inside the channel: the dispatcher reschedules it"


@pytest.mark.parametrize("error", [TimedOut(), NetworkError("connection reset")])
async def test_the_sender_maps_transport_failures_to_channel_unavailable(error: Exception) -> None:
    request = RecordingRequest()
    request.raise_on("sendMessage", error)
    with pytest.raises(ChannelUnavailable):
        await sender_bot(request).send(Address("tg", "42"), REMINDER)


# --- the webhook's own reading of a private message, and its answer in the post's answer --------------------------

@pytest.mark.parametrize("data", [
    message_json(),
    message_json(5, text="paid 200", **{"from": user(language=None, last=None, first="Ann")}),
    message_json(6, text="/list", entities=[{"type": "bot_command", "offset": 0, "length": 5}]),
    message_json(7, text=None, caption=FORWARDED_SMS, photo=[{"file_id": "f", "file_unique_id": "u", "width": 1,
                                                              "height": 1}]),
    message_json(8, text=None, sticker={"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                                        "is_animated": False, "is_video": False, "type": "regular"}),
], ids=["zh text", "no language, no last name", "command", "caption", "sticker"])
def test_a_private_message_read_from_the_json_is_what_ptbs_reading_gives(data: dict[str, Any]) -> None:
    expected = inbound_from_update(Update.de_json(data, None))
    assert private_message(data) == expected
    found = private_message(data)
    assert found is not None and expected is not None and found.delivery == expected.delivery


@pytest.mark.parametrize("data", [
    {"update_id": 1, "edited_message": message_json()["message"]},
    {"update_id": 1, "message": {**message_json()["message"], "chat": {"id": -100, "type": "group", "title": "g"}}},
    {"update_id": 1, "callback_query": {"id": "q", "from": user(), "chat_instance": "c", "data": "undo"}},
    {"update_id": "1", "message": message_json()["message"]},
    {"update_id": 1, "message": {**message_json()["message"], "from": {"id": "42", "first_name": "x"}}},
    {"update_id": 1, "message": {**message_json()["message"], "text": ["not", "text"]}},
    {"update_id": 1, "message": {**message_json()["message"], "from": user(first="", last="Lee")}},
], ids=["edit", "group", "press", "id not a number", "sender id not a number", "text not a string", "no first name"])
def test_anything_but_a_well_formed_private_message_is_left_to_ptb(data: dict[str, Any]) -> None:
    assert private_message(data) is None


def test_an_answer_of_one_short_message_becomes_one_call_and_anything_more_does_not() -> None:
    undo = (((Button("撤销", "undo"),),))
    assert one_message(42, [Reply("已记录", buttons=undo)]) == {
        "method": "sendMessage", "chat_id": 42, "text": "已记录",
        "reply_markup": {"inline_keyboard": [[{"callback_data": "undo", "text": "撤销"}]]}}
    assert one_message(42, [Reply("a"), Reply("b")]) is None, "two messages keep their order through the API"
    assert one_message(42, [Reply("长" * 5000)]) is None, "a text cut in two"
    assert one_message(42, [Reply("图", attachments=(Attachment("c.png", b"png", "image/png", as_photo=True),))]) is None
    assert one_message(42, []) is None
    pressed = pressed_message(press_update("undo"))
    assert one_message(42, [Reply("改好了", edit=True)], pressed=pressed) is None, "an edit of the pressed message"
