"""The WeChat wire format, offline: signatures, safe-mode crypto (cross-checked against wechatpy and the fake
platform's own implementation of the specification), message XML in and out, numbered options, translation."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest
from pydantic import ValidationError

from bot.channels.wechat import render, split_text, translate
from bot.channels.wechat_protocol import (
    BadMessage,
    BadSignature,
    MessageCrypto,
    check_signature,
    decode_aes_key,
    parse_message,
    sign,
    text_reply,
)
from bot.config import Settings
from bot.messages import Attachment, Button, Reply
from tests.fake_wechat import GH_ID, FakeWeChat, SpecCrypto, spec_sign

TOKEN = "unit-token"
APP_ID = "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
XML = ("<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oUser-1_x]]></FromUserName>"
       "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
       "<Content><![CDATA[花呗欠了3000元，12月10号要还]]></Content><MsgId>123456789</MsgId></xml>")


# --- signatures and crypto -------------------------------------------------------------------------------------


def test_signature_is_sha1_of_the_sorted_parts_and_agrees_with_wechatpy() -> None:
    wechatpy_utils = pytest.importorskip("wechatpy.utils")
    signature = sign(TOKEN, "1700000000", "42")
    assert signature == spec_sign("42", TOKEN, "1700000000")
    wechatpy_utils.check_signature(TOKEN, signature, "1700000000", "42")
    check_signature(TOKEN, signature, "1700000000", "42")
    with pytest.raises(BadSignature):
        check_signature(TOKEN, signature, "1700000001", "42")
    with pytest.raises(BadSignature):
        check_signature(TOKEN, "", "1700000000", "42")


def test_our_crypto_and_the_specs_read_each_other() -> None:
    ours, spec = MessageCrypto(TOKEN, AES_KEY, APP_ID), SpecCrypto(AES_KEY, APP_ID)
    assert spec.decrypt(ours.encrypt(XML)) == XML
    assert ours.decrypt(spec.encrypt(XML)) == XML


def test_our_crypto_and_wechatpys_read_each_other() -> None:
    crypto_module = pytest.importorskip("wechatpy.crypto")
    theirs = crypto_module.WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    ours = MessageCrypto(TOKEN, AES_KEY, APP_ID)
    envelope = theirs.encrypt_message(XML, "nonce-1", "1700000000")
    fields = {child.tag: child.text or "" for child in ET.fromstring(envelope)}
    assert ours.open_envelope(envelope.encode(), fields["MsgSignature"], fields["TimeStamp"], "nonce-1") == XML
    sealed = ours.seal(XML, "1700000000", "nonce-2")
    fields = {child.tag: child.text or "" for child in ET.fromstring(sealed)}
    assert theirs.decrypt_message(sealed, fields["MsgSignature"], "1700000000", "nonce-2") == XML


def test_a_wrong_key_or_app_id_is_a_bad_message_not_a_unicode_error() -> None:
    sealed = SpecCrypto(AES_KEY, APP_ID).encrypt(XML)
    with pytest.raises(BadMessage):
        MessageCrypto(TOKEN, OTHER_KEY, APP_ID).decrypt(sealed)
    with pytest.raises(BadMessage):
        MessageCrypto(TOKEN, AES_KEY, "wx-someone-else").decrypt(sealed)
    for garbage in ("not base64!", base64.b64encode(b"x" * 15).decode(), ""):
        with pytest.raises(BadMessage):
            MessageCrypto(TOKEN, AES_KEY, APP_ID).decrypt(garbage)


def test_envelope_with_a_forged_msg_signature_is_refused() -> None:
    crypto = MessageCrypto(TOKEN, AES_KEY, APP_ID)
    encrypted = SpecCrypto(AES_KEY, APP_ID).encrypt(XML)
    body = f"<xml><ToUserName>gh_x</ToUserName><Encrypt>{encrypted}</Encrypt></xml>".encode()
    with pytest.raises(BadSignature):
        crypto.open_envelope(body, sign("wrong-token", "1", "2", encrypted), "1", "2")
    assert crypto.open_envelope(body, sign(TOKEN, "1", "2", encrypted), "1", "2") == XML


@pytest.mark.parametrize("key", ["short", AES_KEY[:-1] + "!", AES_KEY + "A"])
def test_malformed_aes_keys_fail_fast(key: str) -> None:
    with pytest.raises(ValueError):
        decode_aes_key(key)
    with pytest.raises(ValidationError):
        Settings(_env_file=None, wechat_aes_key=key)


# --- XML ---------------------------------------------------------------------------------------------------------


def test_text_event_popup_and_voice_messages_are_read() -> None:
    text = parse_message(XML)
    assert (text.sender, text.msg_type, text.content, text.dedup_key) == (
        "oUser-1_x", "text", "花呗欠了3000元，12月10号要还", "m:oUser-1_x:123456789")
    fake = FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret="s")
    follow = parse_message(fake.event_xml("oA", "subscribe"))
    assert follow.event == "subscribe" and follow.dedup_key == f"e:oA:{follow.create_time}:subscribe"
    popup = parse_message(fake.popup_xml("oA", "tmpl-1", "accept"))
    assert [(p.template_id, p.status) for p in popup.popups] == [("tmpl-1", "accept")]
    voice = parse_message(XML.replace("<![CDATA[text]]>", "<![CDATA[voice]]>").replace(
        "<Content>", "<Recognition>").replace("</Content>", "</Recognition>"))
    assert voice.msg_type == "voice" and voice.recognition.startswith("花呗")


@pytest.mark.parametrize("body", [
    "<xml><FromUserName>oA</FromUserName>",  # truncated
    "not xml at all",
    "<notxml><FromUserName>oA</FromUserName></notxml>",
    XML.replace("oUser-1_x", "o A<b>"),  # not an openid
    XML.replace("<CreateTime>1700000000", "<CreateTime>soon"),
    '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>',
])
def test_malformed_or_hostile_xml_is_a_bad_message(body: str) -> None:
    with pytest.raises(BadMessage):
        parse_message(body)


def test_passive_reply_swaps_to_and_from_and_survives_cdata_breakers() -> None:
    message = parse_message(XML)
    reply = ET.fromstring(text_reply(message, "a ]]> b\x07 c", 1700000001))
    assert reply.findtext("ToUserName") == "oUser-1_x" and reply.findtext("FromUserName") == "gh_x"
    assert reply.findtext("Content") == "a ]]> b c" and reply.findtext("MsgType") == "text"


# --- numbered options and translation ---------------------------------------------------------------------------


def test_buttons_become_numbered_options_across_replies() -> None:
    replies = [
        Reply("第一条", buttons=((Button("✅ 确认保存", "reg:ok"), Button("✏️ 修改", "reg:edit")),)),
        Reply("第二条", buttons=((Button("取消", "x"),),),
              attachments=(Attachment("plan.ics", b"x", "text/calendar"),)),
    ]
    rendered = render(replies, "zh")
    assert rendered.text == ("第一条\n回复 1 确认保存\n回复 2 修改\n\n第二条\n"
                             "（文件「plan.ics」暂时不能在微信里发送，可以在控制台或 Telegram 里获取。）\n回复 3 取消")
    assert [b.data for b in rendered.buttons] == ["reg:ok", "reg:edit", "x"]
    assert render([Reply("Saved?", buttons=((Button("✅ Save", "reg:ok"),),))], "en").text == (
        "Saved?\nReply 1 to Save")


def test_a_typed_number_presses_a_button_and_anything_else_is_text() -> None:
    buttons = [Button("确认", "reg:ok"), Button("取消", "x")]
    message = parse_message(XML)
    for typed, expected in (("1", "reg:ok"), (" 2 ", "x"), ("２", "x")):
        inbound = translate(parse_message(XML.replace("花呗欠了3000元，12月10号要还", typed)), buttons, None).inbound
        assert inbound is not None and inbound.button == expected and inbound.text == ""
    for typed in ("3", "0", "1000", "1 个"):
        inbound = translate(parse_message(XML.replace("花呗欠了3000元，12月10号要还", typed)), buttons, None).inbound
        assert inbound is not None and inbound.button is None and inbound.text == typed
    translation = translate(message, [], None)
    assert translation.window == "message" and translation.inbound is not None
    assert translation.inbound.sender.channel == "wx" and translation.inbound.sender.ident == "oUser-1_x"


def test_events_translate_to_the_engines_vocabulary() -> None:
    fake = FakeWeChat(token=TOKEN, app_id=APP_ID, app_secret="s")
    follow = translate(parse_message(fake.event_xml("oA", "subscribe")), [], "t1")
    assert follow.inbound is not None and follow.inbound.event == "subscribe" and follow.window == "event"
    leave = translate(parse_message(fake.event_xml("oA", "unsubscribe")), [], "t1")
    assert leave.inbound is not None and leave.inbound.event == "unsubscribe" and leave.window == "close"
    click = translate(parse_message(fake.event_xml("oA", "CLICK", key="list")), [], "t1")
    assert click.inbound is not None and click.inbound.button == "list"
    granted = translate(parse_message(fake.popup_xml("oA", "t1")), [], "t1")
    assert granted.inbound is not None and granted.inbound.event == "notify_granted" and granted.grants == 1
    rejected = translate(parse_message(fake.popup_xml("oA", "t1", "reject")), [], "t1")
    assert rejected.inbound is not None and rejected.inbound.event == "notify_rejected" and rejected.grants == 0
    assert translate(parse_message(fake.popup_xml("oA", "another")), [], "t1").inbound is None
    assert translate(parse_message(fake.event_xml("oA", "VIEW")), [], "t1").inbound is None
    image = translate(parse_message(XML.replace("<![CDATA[text]]>", "<![CDATA[image]]>")), [], "t1")
    assert image.inbound is None and image.unsupported and image.window == "message"
    assert GH_ID.startswith("gh_")


def test_long_text_is_split_at_line_ends_within_the_limit() -> None:
    text = "\n".join(f"{n}. 花呗 ¥3,000 — 12月10日（周四），还有 12 天" for n in range(1, 120))
    parts = split_text(text, 2000)
    assert len(parts) > 1 and all(len(p.encode()) <= 2000 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("好" * 1000, 2000) == ["好" * 666, "好" * 334]
    assert split_text("") == [""]
