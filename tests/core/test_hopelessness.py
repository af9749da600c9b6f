"""Hopelessness said without naming death ("giving up on everything", "活着有什么意思") gets the crisis answer —
care and a hotline (facts X1–X3) — first and alone, also in the middle of filling in a debt's card, where it used
to be answered "I couldn't find an amount". The same words about a card or a holiday are not a crisis."""

from __future__ import annotations

import pytest

from bot.engine.engine import Engine
from bot.messages import Address
from bot.nlu.questions import detect_distress
from tests.builders import Chat

HOPELESS_EN = ["i feel like giving up on everything honestly", "I just cant go on like this",
               "everyone would be better off without me", "I wish I wasn't born", "There's no point anymore",
               "honestly I can't go on anymore, owe 30k"]
HOPELESS_ZH = ["活着有什么意思，欠了二十万", "欠了这么多，一死了之算了", "活著有什麼意思"]


@pytest.mark.parametrize("message", HOPELESS_EN + HOPELESS_ZH)
def test_hopelessness_is_read_as_a_crisis(message: str) -> None:
    assert detect_distress(message) == "crisis"


@pytest.mark.parametrize("message", ["I can't go on vacation this year", "can't go on paying 3 cards like this forever?",
                                     "giving up on this card, closing it", "i give up on huabei lol"])
def test_the_same_words_about_a_card_or_a_plan_are_not_a_crisis(message: str) -> None:
    assert detect_distress(message) != "crisis"


@pytest.mark.parametrize("message", ["我想放弃了", "不想管了，爱咋咋地", "真的坚持不下去了"])
def test_giving_up_on_the_struggle_is_pressure(message: str) -> None:
    assert detect_distress(message) == "pressure"


def test_hopelessness_while_a_card_asks_for_an_amount_gets_care_not_a_form(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "en"), language="en").start()
    chat.say("I'm 2 months behind on my Capital One card, due date was the 5th")
    assert "How much" in chat.text()
    chat.say("i feel like giving up on everything honestly")
    text = chat.text()
    assert "988" in text or "116 123" in text, text
    assert "How much is owed" not in text and "find an amount" not in text, "no form for someone in crisis"


def test_chinese_hopelessness_gets_the_chinese_hotline(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("活着有什么意思，欠了二十万")
    assert "12356" in chat.text()
