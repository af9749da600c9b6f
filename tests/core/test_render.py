"""What the engine means to say is written out in the user's language and zone, once, where replies leave it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from bot.messages import Attachment, Button
from bot.texts.render import Locale, render, render_replies, render_reply
from bot.texts.values import (
    LIST_SEP,
    Choice,
    Clock,
    Day,
    Lines,
    LongDate,
    Money,
    Percent,
    Rule,
    Said,
    Text,
    TimeOfDay,
    When,
    joined,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, 02:00 in London
ZH = Locale.at("zh", SHANGHAI, NOW)
EN = Locale.at("en", LONDON, NOW)


def test_a_catalogue_text_is_written_with_its_values_in_the_users_language() -> None:
    said = Text("pay.partial", creditor="花呗", amount=Money(D("500")), balance=Money(D("2500.5")))
    zh, en = render(said, ZH), render(said, EN)
    assert "¥500" in zh and "¥2,500.50" in zh and "花呗" in zh
    assert "¥500" in en and "¥2,500.50" in en
    assert zh != en


def test_counted_words_stay_counted_through_nested_texts() -> None:
    assert render(Text("list.due_in", days=1), EN) == ", due in 1 day"
    assert render(Text("list.due_in", days=2), EN) == ", due in 2 days"
    nested = Text("list.line", creditor="Citi", amount=Money(D("30"), "USD"), due=Day(date(2026, 12, 3)),
                  status=Text("list.due_in", days=5), repeat="", muted="")
    text = render(nested, EN)
    assert "$30" in text and "Thu 3 Dec" in text and "5 days" in text


def test_days_and_instants_are_written_on_the_users_calendar_and_clock() -> None:
    assert render(Day(date(2026, 12, 3)), ZH) == "12月3日（周四）"
    assert render(Day(date(2027, 12, 3)), ZH) == "2027年12月3日（周五）"  # another year says so
    assert render(Day(date(2026, 12, 3), year=True), EN) == "Thu 3 Dec 2026"
    instant = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
    assert render(When(instant), ZH) == "12月4日（周五） 00:30"  # already the next day in Shanghai
    assert render(When(instant), EN) == "Thu 3 Dec, 16:30"  # London
    assert render(When(instant, year=True), EN) == "Thu 3 Dec 2026, 16:30"
    assert render(Clock(NOW.astimezone(SHANGHAI)), EN) == "10:00"
    assert render(TimeOfDay(9 * 60 + 5), EN) == "09:05"
    assert render(LongDate(date(2032, 1, 11)), EN) == "11 January 2032"


def test_rules_rates_and_lists_follow_the_language() -> None:
    assert render(Rule("FREQ=MONTHLY;BYMONTHDAY=10"), ZH) == "每月10日"
    assert render(Rule(None), EN) == "one-off"
    assert render(Percent(D("0.0005")), EN) == "0.05%"
    names = Lines(("花呗", "借呗"), LIST_SEP)
    assert render(names, ZH) == "花呗、借呗"
    assert render(Lines(("a", Money(D("1"), "USD"))), EN) == "a\n$1"
    assert render(joined("1. ", Money(D("3000"))), ZH) == "1. ¥3,000"


def test_a_reply_is_written_with_its_buttons_and_keeps_what_the_channel_needs() -> None:
    chart = Attachment("c.png", b"png", "image/png", as_photo=True)
    said = Said(Text("pay.settled", creditor="Citi", amount=Money(D("30"), "USD")),
                buttons=((Choice(Text("btn.undo"), "undo"), Choice("中文", "s:lang:zh")),),
                attachments=(chart,), edit=True, topic="debt_saved")
    reply = render_reply(said, EN)
    assert "$30" in reply.text and "Citi" in reply.text
    assert reply.buttons == ((Button(render(Text("btn.undo"), EN), "undo"), Button("中文", "s:lang:zh")),)
    assert reply.attachments == (chart,) and reply.edit and reply.topic == "debt_saved"


def test_a_reply_may_speak_another_language_than_the_users() -> None:
    # A question typed in English is answered in English, buttons included, whatever the setting says.
    said = [Said(Text("chat.thanks"), buttons=((Choice(Text("btn.list"), "list"),),), lang="en"),
            Said(Text("chat.thanks"))]
    english, chinese = render_replies(said, ZH)
    assert english.text == render(Text("chat.thanks"), EN)
    assert english.buttons[0][0].label == render(Text("btn.list"), EN)
    assert chinese.text == render(Text("chat.thanks"), ZH)


def test_a_text_without_values_is_the_catalogue_text_itself() -> None:
    from bot.texts import t

    assert render(Text("onb.help"), ZH) == t("zh", "onb.help")


def test_something_that_is_not_a_value_is_refused_loudly() -> None:
    with pytest.raises(TypeError):
        render(object(), ZH)  # type: ignore[arg-type]
