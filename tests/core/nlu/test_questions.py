"""Questions and distress are recognised before any amount or date is read out of a message."""

from __future__ import annotations

import pytest

from bot.nlu.questions import detect_distress, is_question, names_hot_topic


@pytest.mark.parametrize("text", [
    "逾期一年了花呗还能恢复吗", "逾期多久会上征信", "有公司说交3000就能洗白征信，是真的吗", "停息挂账靠谱吗",
    "信用卡逾期会不会坐牢", "最低还款有什么坏处？", "我该先还哪个", "逾期記錄會保留多久", "能不能跟银行协商",
    "how long does a late payment stay on my report", "Can I negotiate with the bank?", "is it true they can sue me",
    "what happens if I only pay the minimum", "will I go to jail for credit card debt", "should I pay huabei first",
])
def test_questions_are_recognised(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", [
    "花呗欠了3000，每月10号还", "还了1000", "信用卡還了五百", "visa 1000 due Nov 28, it's already overdue",
    "credit card 5,200 due on the 15th every month", "paid 500 to citi", "分了12期，每期500", "11月28号到期的，已经逾期了",
    "", "   ",
])
def test_statements_are_not_questions(text: str) -> None:
    assert not is_question(text)


@pytest.mark.parametrize("text", [
    "欠了十几万…不想活了", "真的活不下去了", "我想自杀", "活著沒意思", "死了算了，反正也还不上",
    "I want to kill myself", "I don't want to live anymore", "thinking about ending it all", "I keep hurting myself",
])
def test_words_of_suicide_or_self_harm_are_a_crisis(text: str) -> None:
    assert detect_distress(text) == "crisis"


@pytest.mark.parametrize("text", [
    "被催收逼疯了", "真的撑不下去了", "压力好大睡不着", "他们爆通讯录了怎么办", "I can't cope with this anymore",
    "the collectors keep harassing me", "I'm so overwhelmed",
])
def test_despair_and_harassment_are_pressure(text: str) -> None:
    assert detect_distress(text) == "pressure"


@pytest.mark.parametrize("text", ["花呗欠了3000，每月10号还", "还了1000", "paid 500 to citi", "死期存款到期了"])
def test_ordinary_messages_are_not_distress(text: str) -> None:
    assert detect_distress(text) is None


@pytest.mark.parametrize("text", [
    "用花呗影响征信不", "花呗逾期费多少", "征信花了咋整", "what if I can't pay", "is there a grace period",
    "should I pay huabei or the card first",
])
def test_more_question_forms_are_recognised(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["活够了，欠这么多", "I just want to end my life", "there's no point living anymore"])
def test_more_words_of_despair_are_a_crisis(text: str) -> None:
    assert detect_distress(text) == "crisis"


@pytest.mark.parametrize("text", ["我快疯了，天天被催", "I'm so stressed about my loans", "我完了，还不上了"])
def test_more_pressure_is_recognised(text: str) -> None:
    assert detect_distress(text) == "pressure"


@pytest.mark.parametrize("text", [
    "有公司说花3000能帮我洗白征信", "停息挂账找人办了", "被起诉了", "说我要坐牢", "a company offered credit repair for 3000",
    "they said I'll go to jail",
])
def test_hot_topics_are_named_even_without_a_question(text: str) -> None:
    assert names_hot_topic(text)


@pytest.mark.parametrize("text", ["花呗欠了3000，每月10号还", "还了1000", "there is an issue with my card", "paid 500 to citi"])
def test_ordinary_messages_name_no_hot_topic(text: str) -> None:
    assert not names_hot_topic(text)


@pytest.mark.parametrize("text", ["网贷天天打电话给我妈 还骂人", "催收说要上门", "collectors keep calling my mom"])
def test_abusive_collection_is_a_hot_topic(text: str) -> None:
    assert names_hot_topic(text)


@pytest.mark.parametrize("text", ["我该先还花呗还是借呗", "先还信用卡还是网贷", "分期还是最低还款好"])
def test_either_or_questions_are_questions(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["网上说交888能解除网贷逾期", "有律所打电话说可以帮我协商减免，要先交3000",
                                  "信用卡逾期了，银行天天打电话", "欠了网贷五万还不上了"])
def test_agency_offers_calls_and_hopelessness_are_hot_topics(text: str) -> None:
    assert names_hot_topic(text)


def test_tired_of_living_is_a_crisis() -> None:
    assert detect_distress("活着太累了，欠了一屁股债") == "crisis"
