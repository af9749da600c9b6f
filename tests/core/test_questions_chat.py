"""Questions, distress and small talk through the real engine, as a user types them: each family of questions is
answered with its key fact and never becomes a debt form; a cry for help gets the crisis lines first; a question
asked while a debt is being added is answered and the draft survives."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, User
from tests.builders import Chat

NOT_UNDERSTOOD = ("我没太明白", "didn't understand", "not sure what you mean")


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def user_of(engine: Engine) -> User:
    with Session(engine.database) as s:
        return s.exec(select(User)).one()


def state_of(engine: Engine) -> dict[str, object]:
    raw = user_of(engine).state
    return json.loads(raw) if raw else {}


def assert_answered(chat: Chat, engine: Engine, *facts: str) -> None:
    text = chat.text()
    for fact in facts:
        assert fact in text, (fact, text)
    assert not any(n in text for n in NOT_UNDERSTOOD), text
    assert "金额：" not in text and "Amount:" not in text, "a question became a debt form"
    assert state_of(engine) == {}, "a question opened a dialogue"
    assert debts_of(engine) == []


# One real question per family, as people type them (colloquial, typos, traditional characters), with the fact
# the answer has to carry.
ZH_QUESTIONS = [
    ("逾期記錄會保留多久", "5年"),
    ("花呗逾期一天扣多少钱啊", "0.05%"),
    ("只还最低还款算不算逾期？", "最低"),
    ("能不能跟银行协商分期", "5年"),
    ("停息挂账靠谱吗", "不是法律用语"),
    ("交3000就能洗白吗", "骗局"),
    ("有公司说花3000能帮我洗白征信", "骗局"),
    ("一次性信用修复政策还能申请吗", "2026年3月31日"),
    ("信用卡逾期會不會坐牢", "不是犯罪"),
    ("银行会起诉我吗", "调减"),
    ("催收半夜打电话合法吗", "22:00"),
    ("催收爆我通讯录怎么办", "12378"),
    ("催收天天打电话给我爸妈", "无关第三人"),
    ("征信有错怎么申诉", "20日"),
    ("我该先还哪个", "雪崩"),
    ("借网贷还信用卡行不行", "不要以贷养贷"),
    ("逾期后怎么恢复信用", "/recovery"),
    ("花呗逾期一年了还能恢复吗", "重新评估"),
]
EN_QUESTIONS = [
    ("how long does a late payment stay on my credit report", "5 years"),
    ("will I go to jail for credit card debt?", "not a crime"),
    ("is paid credit repair real", "scam"),
    ("can I negotiate with my bank", "5 years"),
    ("debt collectors keep calling my family, is that legal", "12378"),
    ("which debt should I pay first", "avalanche"),
    ("is the one-off credit repair policy still available", "31 March 2026"),
    ("what is the minimum payment on huabei", "10%"),
]


@pytest.mark.parametrize(("question", "fact"), ZH_QUESTIONS)
def test_chinese_questions_are_answered_with_their_fact(engine: Engine, question: str, fact: str) -> None:
    chat = Chat(engine).start()
    chat.say(question)
    assert_answered(chat, engine, fact, "来源：")


@pytest.mark.parametrize(("question", "fact"), EN_QUESTIONS)
def test_english_questions_are_answered_with_their_fact(engine: Engine, question: str, fact: str) -> None:
    chat = Chat(engine, language="en").start()
    chat.say(question)
    assert_answered(chat, engine, fact, "Source")


def test_a_question_is_answered_before_consent_and_stores_nothing(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("有公司说花3000能帮我洗白征信")
    assert "骗局" in chat.text() and "同意" not in chat.text()
    assert debts_of(engine) == []


def test_grade_c_answers_carry_the_caveat(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗有宽限期吗")
    assert "常见说法，以合同/平台页面为准" in chat.text() and "C级" in chat.text()


def test_an_unclear_question_offers_the_three_closest_as_buttons_and_a_press_answers(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("征信那个事咋整")
    buttons = [b for r in chat.last for b in r.all_buttons()]
    assert "是下面这些吗" in chat.text()
    assert 1 <= len(buttons) <= 3 and all(b.data.startswith("qa:") for b in buttons)
    chat.press_data(buttons[0].data)
    assert "来源：" in chat.text()


def test_a_stale_or_tampered_question_button_is_refused_politely(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.press_data("qa:no-such-question")
    assert "失效" in chat.text()
    chat.press_data("qa:crisis:extra")
    assert "失效" in chat.text()


def test_off_topic_text_is_not_answered_from_the_catalogue(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("今天天气怎么样")
    assert "来源" not in chat.text()


# --- distress ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("message", ["欠了十几万…不想活了", "真的活不下去了，还不上", "我想自杀", "活著沒意思了"])
def test_words_of_despair_get_the_crisis_lines_in_chinese(engine: Engine, message: str) -> None:
    chat = Chat(engine).start()
    chat.say(message)
    text = chat.text()
    assert "12356" in text and "110" in text and "120" in text and "担心你" in text
    assert "一起" in text, "an offer to look at the situation together"
    assert "金额" not in text and "出错" not in text
    assert debts_of(engine) == [] and state_of(engine) == {}


@pytest.mark.parametrize("message", ["I want to kill myself", "I owe 50k and I don't want to live anymore"])
def test_words_of_despair_get_the_crisis_lines_in_english(engine: Engine, message: str) -> None:
    chat = Chat(engine, language="en").start()
    chat.say(message)
    text = chat.text()
    assert "988" in text and "116 123" in text and "12356" in text and "together" in text
    assert debts_of(engine) == []


def test_a_very_long_message_of_despair_still_gets_the_crisis_answer(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("我真的撑不住了。" * 300 + "不想活了")
    assert "12356" in chat.text()


def test_the_crisis_answer_comes_even_in_the_middle_of_adding_a_debt_and_the_draft_is_not_pushed(
        engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")
    assert state_of(engine).get("flow") == "register"
    chat.say("算了，不想活了")
    text = chat.text()
    assert "12356" in text and "保存" not in text and "还没保存" not in text
    assert state_of(engine).get("flow") == "register", "nothing was lost"


@pytest.mark.parametrize(("message", "lang", "facts"), [
    ("被催收逼疯了", "zh", ("12378", "/plan", "22点")),
    ("真的撑不下去了", "zh", ("12378", "展期")),
    ("I'm so overwhelmed by these loans", "en", ("12378", "/plan")),
    ("the collectors keep harassing me", "en", ("12378", "110")),
])
def test_heavy_pressure_gets_a_calm_practical_answer(engine: Engine, message: str, lang: str,
                                                     facts: tuple[str, ...]) -> None:
    chat = Chat(engine, language=lang).start()
    chat.say(message)
    for fact in facts:
        assert fact in chat.text(), fact
    assert debts_of(engine) == [] and state_of(engine) == {}


def test_pressure_with_a_clear_question_gets_that_answer_gently(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("他们爆通讯录了怎么办，好害怕")
    assert "一件一件来" in chat.text() and "无关第三人" in chat.text()


# --- small talk ------------------------------------------------------------------------------------------------


def test_greetings_and_thanks(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("你好")
    assert "还款助手" in chat.text()
    chat.say("谢谢！")
    assert "不客气" in chat.text()


def test_answers_come_in_the_language_the_message_is_written_in(engine: Engine) -> None:
    chat = Chat(engine).start()  # the user's setting is Chinese
    chat.say("will I go to jail for credit card debt?")
    assert "not a crime" in chat.text() and "Source" in chat.text()
    chat.say("hi")
    assert "RepayBot" in chat.text()
    assert user_of(engine).language == "zh", "answering in English does not change the setting"
    english = Chat(engine, sender=Address("console", "en-user"), language="en").start()
    english.say("信用卡逾期会坐牢吗")
    assert "不是犯罪" in english.text()


def test_asking_for_a_human_points_to_the_lenders_official_service(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("转人工")
    assert "官方客服" in chat.text() and "自动" in chat.text()


def test_asking_for_english_switches_and_keeps_the_language(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("English please")
    assert "English" in chat.text()
    assert user_of(engine).language == "en"
    chat.say("thanks")
    assert "You're welcome" in chat.text()
    chat.say("说中文")
    assert user_of(engine).language == "zh"
    assert "中文" in chat.text()


def test_asking_what_is_left_gives_the_totals(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("我还剩多少")
    assert "还没有记下欠款" in chat.text()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("信用卡欠了5200，2026年11月20日到期")
    chat.press("确认")
    chat.say("我还欠多少？")
    text = chat.text()
    assert "2 笔" in text and "¥8,200" in text and "1 笔已经逾期" in text


def test_help_in_words(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("你能做什么")
    assert "我能做这些" in chat.text()


# --- questions inside a dialogue ----------------------------------------------------------------------------


def test_a_question_while_adding_a_debt_is_answered_and_the_draft_survives(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    assert "确认保存" in chat.text()
    chat.say("对了，逾期多久会上征信？")
    text = chat.text()
    assert "未经证实" in text and "还没保存" in text
    assert state_of(engine).get("flow") == "register"
    chat.say("谢谢")
    assert state_of(engine).get("flow") == "register"
    chat.press_data("reg:ok")
    [debt] = debts_of(engine)
    assert debt.creditor == "花呗" and debt.balance == Decimal("3000")


def test_an_answer_to_the_drafts_own_question_is_not_taken_for_a_question(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")
    chat.say("12月10号")
    assert "确认保存" in chat.text()


def test_a_payment_with_a_question_is_still_a_payment(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("花呗还了1000，还剩多少")
    assert "¥2,000" in chat.text()


def test_a_reminder_request_phrased_as_a_question_is_still_a_reminder(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("明天10点提醒我给银行打电话好吗")
    assert "来源" not in chat.text()


@pytest.mark.parametrize(("message", "expected"), [
    ("hi there", "RepayBot"), ("can you speak chinese", "中文"), ("I want a real person", "official customer service"),
    ("what's my balance", "haven't added any debts"), ("thanks a lot", "welcome"),
])
def test_english_small_talk(engine: Engine, message: str, expected: str) -> None:
    chat = Chat(engine, language="en").start()
    chat.say(message)
    assert expected in chat.text()


def test_an_offer_to_remove_a_record_for_money_in_english_is_a_scam_answer_not_a_debt(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("a company said they can remove my default for 5000 yuan")
    assert_answered(chat, engine, "scam")


@pytest.mark.parametrize("message", ["活着太累了，欠了一屁股债", "i just want to disappear"])
def test_quieter_words_of_despair_get_the_crisis_answer(engine: Engine, message: str) -> None:
    chat = Chat(engine, language="en" if message.isascii() else "zh").start()
    chat.say(message)
    assert "12356" in chat.text() and debts_of(engine) == []


@pytest.mark.parametrize("message", ["网上说交888能解除网贷逾期", "有律所打电话说可以帮我协商减免，要先交3000",
                                     "信用卡逾期了，银行天天打电话", "我该先还花呗还是借呗"])
def test_statements_about_worries_with_money_in_them_are_answered_not_registered(engine: Engine, message: str) -> None:
    chat = Chat(engine).start()
    chat.say(message)
    assert_answered(chat, engine, "来源：")


def test_english_with_a_chinese_term_in_it_is_answered_in_english(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("someone offered to do 停息挂账 for me for a fee, is that ok?")
    assert "colloquial name" in chat.text()
