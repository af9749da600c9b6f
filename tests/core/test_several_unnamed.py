"""Several debts counted together, none named ("欠了4张信用卡一共12万", "owe 12k across 4 cards"): read as one debt
they became a card of ¥120,000 on "信用卡", or a creditor called "张卡每张". The bot carded nothing and asks for
them one at a time; debts the message names are still read each on its own."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.nlu.normalize import normalize
from bot.nlu.several import several_unnamed
from storage.models import Debt
from tests.builders import Chat


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


@pytest.mark.parametrize(("text", "said"), [
    ("欠了4张信用卡一共12万", "4张信用卡"),
    ("三张信用卡加起来欠了5万多", "三张信用卡"),
    ("我有两个网贷一共欠2万", "两个网贷"),
    ("好几张信用卡欠了8万", "好几张信用卡"),
    ("3张卡每张欠1万", "3张卡"),
    ("我欠了十几个网贷平台", "十几个网贷"),
    ("十一张卡欠了10万", "十一张卡"),
    ("owe 12k across 4 cards", "4 cards"),
    ("I have 3 credit cards with 9000 total", "3 credit cards"),
    ("two loans totaling $8,000", "two loans"),
])
def test_debts_counted_together_are_found_with_the_words_that_count_them(text: str, said: str) -> None:
    assert several_unnamed(normalize(text)) == said


@pytest.mark.parametrize("text", ["第二张卡欠3000", "一张信用卡欠3000", "1 card, 3000", "I have 2 kids and owe chase 3000",
                                  "thinking about consolidating my loans", "花呗欠了3000，每月10号还"])
def test_one_debt_or_none_is_not_several(text: str) -> None:
    assert several_unnamed(normalize(text)) is None


@pytest.mark.parametrize(("text", "language", "said", "asked"), [
    ("欠了4张信用卡一共12万", "zh", "「4张信用卡」", "一笔一笔发给我"),
    ("3张卡每张欠1万", "zh", "「3张卡」", "一笔一笔发给我"),
    ("i owe about 12k across 4 credit cards and im already 2 months behind", "en", "“4 credit cards”",
     "one at a time"),
])
def test_several_unnamed_debts_are_asked_one_at_a_time_and_nothing_is_carded(
        engine: Engine, text: str, language: str, said: str, asked: str) -> None:
    chat = Chat(engine, language=language).start()
    chat.say(text)
    reply = chat.text()
    assert said in reply and asked in reply
    assert "确认保存" not in reply and "Save it?" not in reply, "no card of one debt for them all"
    assert debts_of(engine) == []


def test_debts_the_message_names_are_still_read_each_on_its_own(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行和中信两张卡一共欠3万")
    assert "招商银行信用卡" in chat.text() and "第1笔，共2笔" in chat.text()


def test_a_question_about_several_cards_is_answered_as_the_question(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("i owe about 12k across 4 credit cards, what should i pay first?")
    assert "avalanche" in chat.text()
