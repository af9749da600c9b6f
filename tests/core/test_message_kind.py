"""What a free-text message *is* is decided once, in the pure core (``Reading.kind``), before any field is read
from it to act on; the router hands each kind to one handler. The precedence is what keeps a confident misreading
away: a pasted notice is never the user's payment, a worry is answered before its amounts are read, a question
that mentions a debt is answered, not recorded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.reading import Kind, Reading
from bot.engine.engine import FREE_TEXT

LOCAL_NOW = datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("text", "kind"), [
    ("我不想活了，欠的钱还不上", Kind.CRISIS),
    ("招商银行信用卡本期账单金额¥4,321.09，最后还款日12月05日。如已还款请忽略。", Kind.NOTICE),
    ("【某银行】您尾号1234的信用卡消费500.00元。如已还款请忽略。", Kind.NOTICE),
    ("被催收逼疯了，花呗欠了3000", Kind.PRESSURE),
    ("你好", Kind.SMALL_TALK),
    ("thanks!", Kind.SMALL_TALK),
    ("逾期了会影响征信吗", Kind.QUESTION),
    ("停息挂账靠谱吗", Kind.QUESTION),
    ("删除花呗", Kind.MANAGE),
    ("花呗不用提醒了", Kind.MANAGE),
    ("明天下午3点提醒我给招行打电话", Kind.REMINDER),
    ("明天提醒我还款好吗", Kind.REMINDER),
    ("花呗还了500", Kind.PAYMENT),
    ("还了1000，还剩多少？", Kind.PAYMENT),
    ("paid 200 on citi and 300 on chase", Kind.PAYMENT),
    ("信用卡欠了8000，每月15号还", Kind.DEBTS),
    ("能不能帮我记一下花呗3000", Kind.DEBTS),
    ("花呗3000 借呗5000", Kind.DEBTS),
    ("我想把白条一次性还清", Kind.OTHER),
    ("改成15号", Kind.OTHER),
    ("啊啊啊", Kind.OTHER),
])
def test_a_message_is_one_kind(text: str, kind: Kind) -> None:
    assert Reading(text, LOCAL_NOW).kind is kind


def test_a_notice_is_a_notice_whatever_payment_or_question_its_words_hold() -> None:
    # "如已还款请忽略" holds "还款"; the bill holds an amount and a date: neither is the user's own payment or debt.
    reading = Reading("【花呗】您本期应还3000.00元，还款日12月10日，如已还款请忽略。", LOCAL_NOW)
    assert reading.kind is Kind.NOTICE


def test_a_named_debt_to_delete_is_read_with_its_name() -> None:
    assert Reading("把借呗那笔删了", LOCAL_NOW).manage == ("delete", "借呗")
    assert Reading("stop reminding me about Chase", LOCAL_NOW).manage == ("mute", "chase")  # read normalised
    assert Reading("删除", LOCAL_NOW).manage is None  # nothing named: not a request to delete a debt


def test_an_aside_is_what_is_answered_without_closing_the_question() -> None:
    assert Reading("你好", LOCAL_NOW).aside
    assert Reading("逾期了会影响征信吗", LOCAL_NOW).aside
    assert not Reading("3000", LOCAL_NOW).aside
    assert not Reading("15号", LOCAL_NOW).aside


def test_every_kind_has_one_handler() -> None:
    assert set(FREE_TEXT) == set(Kind)
