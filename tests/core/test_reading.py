"""A message is read once a turn (``bot.core.reading``): each reading is what the parser itself says, and a message
that passes every branch — a dialogue open, not its answer, not a notice, a new request — is parsed once, not
once per branch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import bot.core.reading as reading_module
import bot.core.retrieval as retrieval
import bot.nlu as nlu
from bot.core.reading import Reading
from bot.core.redact import mask_card_numbers
from bot.core.retrieval import confident_match
from bot.engine.engine import Engine
from bot.nlu import has_notice_boilerplate, parse_debts, parse_notice, parse_payments, parse_reminder
from bot.nlu.normalize import normalize
from bot.nlu.questions import detect_distress, is_question, names_hot_topic
from bot.nlu.typos import fix_typos
from tests.builders import Chat

LOCAL_NOW = datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

MESSAGES = [
    "花唄欠了3000，12月10好還",
    "还了500，还剩多少？",
    "明天下午三点提醒我交房租",
    "被催收逼疯了，怎么办",
    "招商银行信用卡本期账单金额¥4,321.09，最后还款日12月05日。如已还款请忽略。",
    "paid 200 on citi card 4111 1111 1111 1111",
    "停息挂账靠谱吗",
    "",
]


@pytest.mark.parametrize("text", MESSAGES)
def test_each_reading_is_what_the_parser_itself_says(text: str) -> None:
    reading = Reading(text, LOCAL_NOW)
    assert reading.masked == mask_card_numbers(text, keep_last=0)
    assert reading.fixed == fix_typos(text)
    assert reading.prepared == normalize(fix_typos(text))
    assert reading.distress == detect_distress(text)
    assert reading.is_question == is_question(text)
    assert reading.asked == (is_question(text) or names_hot_topic(text))
    assert reading.answer == confident_match(text)
    assert reading.notice == parse_notice(text, now=LOCAL_NOW)
    assert reading.notice_boilerplate == has_notice_boilerplate(text)
    assert reading.reminder == parse_reminder(text, LOCAL_NOW, None)
    assert reading.payments == tuple(parse_payments(text, LOCAL_NOW, None))
    assert reading.debts == tuple(parse_debts(text, now=LOCAL_NOW))


def test_distress_is_read_over_a_long_message_to_its_end() -> None:
    assert Reading("我真的撑不住了。" * 300 + "不想活了", LOCAL_NOW).distress == "crisis"


def count_calls(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]) -> Counter[str]:
    calls: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    for name in names:
        # Where ``Reading`` looks each reader up when it runs: its own module, the parsers' package (loaded on first
        # use) or the question index (imported with the first question).
        home: Any = next(m for m in (reading_module, nlu, retrieval) if name in vars(m) or hasattr(m, name))
        monkeypatch.setattr(home, name, counting(name, getattr(home, name)))
    return calls


READINGS = ("detect_distress", "is_question", "names_hot_topic", "confident_match", "parse_notices",
            "has_notice_boilerplate", "parse_reminder", "parse_payments", "parse_debts", "fix_typos")


def test_a_message_passing_every_branch_is_read_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")  # the due date is asked for
    calls = count_calls(monkeypatch, READINGS)
    # Mid-dialogue: not a notice, not a question to answer in passing, not the due date, so read afresh as a
    # new request (the draft waits).
    chat.say("明天下午三点提醒我交房租")
    assert "交房租" in chat.text(), chat.text()
    assert calls["parse_reminder"] == 1 and calls["detect_distress"] == 1 and calls["parse_notices"] == 1, calls
    assert max(calls.values()) == 1, calls


def test_a_question_asked_mid_dialogue_is_read_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")
    calls = count_calls(monkeypatch, READINGS)
    chat.say("逾期記錄會保留多久")
    assert "5年" in chat.text(), chat.text()
    assert max(calls.values()) == 1, calls
