"""Understanding people's real situations, through the real engine with a frozen clock (Wednesday 2 Dec 2026,
09:00 in Shanghai), in Chinese and English: notices and worries are never payments, payments never land on a
debt they do not name, overdue dates stay in the past, periods qualify the bill, several debts or payments in one
message, instalments, and a dialogue that keeps what the user said."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, Payment, Reminder
from tests.builders import Chat


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 12, 2, 1, 0, tzinfo=UTC)


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return sorted(s.exec(select(Debt)), key=lambda d: d.id or 0)


def payments_of(engine: Engine) -> list[Payment]:
    with Session(engine.database) as s:
        return list(s.exec(select(Payment)))


def zh(engine: Engine) -> Chat:
    return Chat(engine).start()


def en(engine: Engine) -> Chat:
    return Chat(engine, Address("console", "ann"), language="en").start()


def saved(chat: Chat, message: str, button: str) -> None:
    chat.say(message)
    chat.press(button)


# --- notices, worries and plans are never payments ------------------------------------------------------------


def test_a_pasted_bank_sms_ending_in_ignore_if_paid_closes_nothing(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "招行信用卡欠5230，12月10号还", "确认")
    chat.say("【招商银行】您尾号1234的信用卡本期账单5230元，最低还款523元，还款日12月10日。如已还款请忽略。")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.status) == (Decimal("5230"), "active")
    assert payments_of(engine) == []
    assert "已经记过" in chat.text(), "the notice reads as the same debt: pointed out, not saved twice"


def test_an_english_notice_with_if_paid_please_ignore_is_not_a_payment(engine: Engine) -> None:
    chat = en(engine)
    saved(chat, "Chase card $1,200 due Dec 10", "Save")
    chat.say("Chase: your payment of $1,200 is due Dec 10. If you have already paid, please ignore this message.")
    chat.say("if paid, please ignore")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.status) == (Decimal("1200"), "active")
    assert payments_of(engine) == []


@pytest.mark.parametrize("worry", ["花呗3000，明天就该还了，好慌", "花呗明天就该还了", "下周还", "若已还款请忽略此短信",
                                   "发了工资就还花呗", "花呗还不上了"])
def test_worries_and_plans_in_chinese_are_never_payments(engine: Engine, worry: str) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000，12月10号要还", "确认")
    chat.say(worry)
    [debt] = debts_of(engine)
    assert (debt.balance, debt.status) == (Decimal("3000"), "active")
    assert payments_of(engine) == []


@pytest.mark.parametrize("worry", ["will pay tomorrow", "I'll pay Chase next week", "I need to pay my Chase card",
                                   "haven't paid Chase yet", "gonna pay it off on Friday"])
def test_worries_and_plans_in_english_are_never_payments(engine: Engine, worry: str) -> None:
    chat = en(engine)
    saved(chat, "Chase card $1,200 due Dec 10", "Save")
    chat.say(worry)
    [debt] = debts_of(engine)
    assert (debt.balance, debt.status) == (Decimal("1200"), "active")
    assert payments_of(engine) == []


# --- a payment lands only on the debt it names ---------------------------------------------------------------------


def test_a_card_payment_is_not_booked_on_huabei_the_only_debt(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000，12月10号要还", "确认")
    chat.say("信用卡還了五百")
    assert "没有这笔" in chat.text()
    assert debts_of(engine)[0].balance == Decimal("3000") and payments_of(engine) == []
    chat.press("花呗")  # the user says it was 花呗 after all: now it is booked
    assert debts_of(engine)[0].balance == Decimal("2500")


def test_a_payment_naming_a_creditor_without_debts_is_not_booked_in_english(engine: Engine) -> None:
    chat = en(engine)
    saved(chat, "Citi card $900 due Dec 20", "Save")
    chat.say("paid 500 on my Chase card")
    assert "no such debt" in chat.text()
    assert debts_of(engine)[0].balance == Decimal("900") and payments_of(engine) == []


def test_a_payment_without_any_debt_says_so(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("信用卡还了500")
    assert "还没有记录欠款" in chat.text() and payments_of(engine) == []


def test_two_payments_in_one_message_are_confirmed_together_and_both_recorded(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000，12月10号要还", "确认")
    saved(chat, "借呗欠了2000，12月20号要还", "确认")
    chat.say("花呗还了500，借呗还了1000")
    assert "花呗 还了 ¥500" in chat.text() and "借呗 还了 ¥1,000" in chat.text()
    assert payments_of(engine) == [], "nothing is recorded before the user confirms"
    chat.press("确认记录")
    assert [d.balance for d in debts_of(engine)] == [Decimal("2500"), Decimal("1000")]


def test_two_payments_in_english_and_one_that_matches_nothing(engine: Engine) -> None:
    chat = en(engine)
    saved(chat, "Chase card $1,200 due Dec 10", "Save")
    saved(chat, "Citi card $900 due Dec 20", "Save")
    chat.say("paid 200 on Chase and 300 on Citi, and 50 on Amex")
    assert "no matching debt" in chat.text()
    chat.press("Record")
    assert [d.balance for d in debts_of(engine)] == [Decimal("1000"), Decimal("600")]
    assert len(payments_of(engine)) == 2


# --- overdue is first-class ----------------------------------------------------------------------------------------


def test_a_due_date_a_few_days_ago_said_overdue_stays_in_the_past(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗2000，11月28号到期的，已经逾期了")
    assert "11月28日" in chat.text() and "已逾期 4 天" in chat.text()
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.overdue_since) == (date(2026, 11, 28), date(2026, 11, 28))
    chat.say("/list")
    assert "逾期 4 天" in chat.text()


def test_visa_due_nov_28_already_overdue_in_english(engine: Engine) -> None:
    chat = en(engine)
    chat.say("visa 1000 due Nov 28, it's already overdue")
    assert "4 days late" in chat.text()
    chat.press("Save")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.overdue_since) == (date(2026, 11, 28), date(2026, 11, 28))
    assert debt.currency == "USD", "an amount without a currency, in English, is not shown in yuan"


def test_a_bare_recent_past_date_for_a_debt_is_past(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("借呗1500 11月20号到期")
    chat.press("确认")
    assert debts_of(engine)[0].overdue_since == date(2026, 11, 20)


def test_a_date_months_back_is_asked_about_not_moved_to_next_year(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗3000 9月15号到期")
    assert "是今年9月15日" in chat.text() and "已逾期 78 天" in chat.text()
    assert debts_of(engine) == []
    chat.press("reg:past:yes")
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.overdue_since) == (date(2026, 9, 15), date(2026, 9, 15))


def test_the_english_user_can_say_it_is_next_year(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Citi 900 due Sep 15")
    assert "78 days late" in chat.text()
    chat.press("reg:past:no")
    chat.press("Save")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.overdue_since) == (date(2027, 9, 15), None)


def test_a_typed_yes_answers_the_past_date_question(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("白条800 10月1号到期")
    chat.say("是的")
    chat.press("确认")
    assert debts_of(engine)[0].due_date == date(2026, 10, 1)


# --- periods, statement day, minimum -------------------------------------------------------------------------------


@pytest.mark.parametrize("message", ["花呗12月账单2000，10号还", "这个月账单3000 10号还 招行", "本月花呗账单1800，10号前还",
                                     "上个月的账单10号还，借呗1500"])
def test_a_period_qualifies_the_bill_not_the_due_day(engine: Engine, message: str) -> None:
    chat = zh(engine)
    chat.say(message)
    chat.press("确认")
    assert debts_of(engine)[0].due_date == date(2026, 12, 10)


@pytest.mark.parametrize(("message", "due"), [("this month's Chase bill 500 due the 10th", date(2026, 12, 10)),
                                              ("Citi 800 by Dec 20", date(2026, 12, 20))])
def test_periods_and_by_dates_in_english(engine: Engine, message: str, due: date) -> None:
    chat = en(engine)
    chat.say(message)
    chat.press("Save")
    assert debts_of(engine)[0].due_date == due


def test_a_month_alone_is_not_a_due_day_it_is_asked(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗12月账单3000")
    assert "哪天要还" in chat.text()


def test_statement_day_and_due_day_are_distinct_and_the_minimum_is_kept(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("招行信用卡5000，最低还款500，账单日5号还款日23号")
    assert "账单日：每月5日" in chat.text() and "最低还款：¥500" in chat.text() and "12月23日" in chat.text()
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.statement_day, debt.minimum_payment) == (date(2026, 12, 23), 5, Decimal("500"))
    chat.say("/list")
    assert "最低还款 ¥500" in chat.text()


def test_minimum_and_statement_day_in_english(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Amex $2,000, minimum payment $40, statement date the 5th, due the 21st")
    assert "Minimum payment: $40" in chat.text()
    chat.press("Save")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.minimum_payment, debt.statement_day, debt.due_date) == (
        Decimal("2000"), Decimal("40"), 5, date(2026, 12, 21))


# --- several debts in one message ----------------------------------------------------------------------------------


def test_three_debts_in_one_message_are_confirmed_together_and_saved_together(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗3000，借呗2000，白条500，都是10号还")
    assert "3 笔" in chat.text()
    chat.say("第3笔改成800")
    assert "¥800" in chat.text()
    chat.press("全部保存")
    assert [(d.creditor, d.balance, d.due_date) for d in debts_of(engine)] == [
        ("花呗", Decimal("3000"), date(2026, 12, 10)), ("借呗", Decimal("2000"), date(2026, 12, 10)),
        ("京东白条", Decimal("800"), date(2026, 12, 10))]
    chat.say("/undo")
    assert debts_of(engine) == [], "one undo takes back what one confirmation saved"


def test_two_debts_in_one_english_message(engine: Engine) -> None:
    chat = en(engine)
    chat.say("I owe Chase $2000 due the 15th and Citi $500 due Dec 20")
    chat.press("Save all")
    assert [(d.creditor, d.balance, d.due_date) for d in debts_of(engine)] == [
        ("Chase credit card", Decimal("2000"), date(2026, 12, 15)),
        ("Citi credit card", Decimal("500"), date(2026, 12, 20))]


# --- instalments ---------------------------------------------------------------------------------------------------


def test_twelve_instalments_of_500_are_6000_with_an_end_date(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("借呗分了12期，每期500，每月10号还")
    assert "¥6,000" in chat.text() and "12 期 × ¥500" in chat.text() and "2027年11月10日" in chat.text()
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.instalment_amount, debt.instalment_count, debt.instalment_end) == (
        Decimal("6000"), Decimal("500"), 12, date(2027, 11, 10))


def test_remaining_periods_in_chinese(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("白条还剩6期每期1050，每月8号")
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.instalment_count, debt.instalment_end) == (Decimal("6300"), 6, date(2027, 5, 8))


def test_a_month_for_24_months_in_english(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Car loan $350 a month for 24 months, due the 5th")
    assert "$8,400" in chat.text()
    chat.press("Save")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.instalment_amount, debt.instalment_count, debt.instalment_end) == (
        Decimal("8400"), Decimal("350"), 24, date(2028, 11, 5))


def test_reminders_stop_after_the_last_period(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "借呗分2期，每期500，每月10号还", "确认")
    chat.say("借呗还了500")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date) == (Decimal("500"), date(2027, 1, 10)), "the next period is due"
    chat.say("借呗还了500")
    [debt] = debts_of(engine)
    assert debt.status == "settled"
    with Session(engine.database) as s:
        assert [r for r in s.exec(select(Reminder)) if r.status == "pending" and r.debt_id == debt.id] == []


# --- a dialogue that keeps what the user said ----------------------------------------------------------------------


def test_a_draft_survives_list_and_is_finished_afterwards(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗欠了3000")
    chat.say("/list")
    assert "1 笔没确认" in chat.text()
    chat.say("12月10日")
    assert "¥3,000" in chat.text() and "12月10日" in chat.text()
    chat.press("确认")
    assert [(d.creditor, d.balance) for d in debts_of(engine)] == [("花呗", Decimal("3000"))]


def test_a_second_debt_message_starts_a_second_draft_in_english(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Chase card $1,200 due Dec 10")
    chat.say("/list")
    chat.say("Citi card $900 due Dec 20")
    assert "2 debts" in chat.text()
    chat.press("Save all")
    assert len(debts_of(engine)) == 2


@pytest.mark.parametrize(("fix", "field", "value"), [("改成15号", "due_date", date(2026, 12, 15)),
                                                     ("不对，是3500", "balance", Decimal("3500")),
                                                     ("日期改到12月20号", "due_date", date(2026, 12, 20))])
def test_corrections_at_the_card_apply_to_any_field(engine: Engine, fix: str, field: str, value: object) -> None:
    chat = zh(engine)
    chat.say("花呗欠了3000元，12月10号要还")
    chat.say(fix)
    chat.press("确认")
    assert getattr(debts_of(engine)[0], field) == value


@pytest.mark.parametrize(("fix", "field", "value"), [("creditor is Citi", "creditor", "Citi credit card"),
                                                     ("actually it's 3500", "balance", Decimal("3500")),
                                                     ("change it to the 15th", "due_date", date(2026, 12, 15))])
def test_corrections_at_the_card_in_english(engine: Engine, fix: str, field: str, value: object) -> None:
    chat = en(engine)
    chat.say("Chase card $1,200 due Dec 10")
    chat.say(fix)
    chat.press("Save")
    assert getattr(debts_of(engine)[0], field) == value


def test_a_likely_duplicate_is_pointed_out_before_saving(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000元，12月10号要还", "确认")
    chat.say("花呗3000，12月10号还")
    assert "已经记过" in chat.text()


def test_a_likely_duplicate_in_english(engine: Engine) -> None:
    chat = en(engine)
    saved(chat, "Chase card $1,200 due Dec 10", "Save")
    chat.say("Chase 1,250 due Dec 11")
    assert "already have one" in chat.text()


def test_delete_and_silence_in_words_do_what_they_say(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000元，12月10号要还", "确认")
    saved(chat, "借呗欠了2000元，12月20号要还", "确认")
    chat.say("借呗不用提醒了")
    assert [d.reminders_muted for d in debts_of(engine)] == [False, True]
    chat.say("删除花呗")
    assert len(debts_of(engine)) == 2, "a deletion is confirmed first"
    chat.press("删除")
    assert [d.creditor for d in debts_of(engine)] == ["借呗"]


def test_delete_and_silence_in_english(engine: Engine) -> None:
    chat = en(engine)
    saved(chat, "Chase card $1,200 due Dec 10", "Save")
    saved(chat, "Citi card $900 due Dec 20", "Save")
    chat.say("stop reminding me about Citi")
    assert [d.reminders_muted for d in debts_of(engine)] == [False, True]
    chat.say("delete Chase")
    chat.press("Yes, delete")
    assert [d.creditor for d in debts_of(engine)] == ["Citi credit card"]


def test_the_typo_hao_for_the_day_is_read_as_the_day(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗1200 下月10好还")
    chat.press("确认")
    assert debts_of(engine)[0].due_date == date(2027, 1, 10)


def test_the_typo_gai_for_huan_is_a_payment(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000元，12月10号要还", "确认")
    chat.say("花呗丐了500")
    assert debts_of(engine)[0].balance == Decimal("2500")


# --- questions are not debts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["有公司说花3000能帮我洗白征信", "交3000就能洗白吗", "逾期3000会上征信吗"])
def test_questions_with_money_in_them_start_no_debt(engine: Engine, question: str) -> None:
    chat = zh(engine)
    chat.say(question)
    assert "确认保存" not in chat.text() and "哪天要还" not in chat.text()
    assert debts_of(engine) == []


def test_a_request_phrased_as_a_question_that_states_a_debt_is_a_debt(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("能不能帮我记一下花呗3000")
    assert "哪天要还" in chat.text()


def test_a_correction_keeps_the_currency_of_the_draft(engine: Engine) -> None:
    chat = en(engine)
    chat.say("I owe Chase $2000 due the 15th and Citi $500 due Dec 20")
    chat.say("actually #2 is 650")
    assert "$650" in chat.text() and "¥" not in chat.text()


def test_editing_a_saved_due_date_to_a_recent_past_day_keeps_it_in_the_past(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "花呗欠了3000元，12月10号要还", "确认")
    [debt] = debts_of(engine)
    chat.press_data(f"d:{debt.id}:e:due")
    chat.say("11月28号")
    [debt] = debts_of(engine)
    assert (debt.due_date, debt.overdue_since) == (date(2026, 11, 28), date(2026, 11, 28))
    chat.press_data(f"d:{debt.id}:e:due")
    chat.say("9月15号")
    assert "带上年份" in chat.text()
    assert debts_of(engine)[0].due_date == date(2026, 11, 28), "nothing changes until the year is said"


def test_traditional_characters_for_a_deletion(engine: Engine) -> None:
    chat = zh(engine)
    saved(chat, "借唄還剩6期，每期1050，每月8號", "确认")
    chat.say("刪除借唄")
    chat.press("确认删除")
    assert debts_of(engine) == []


def test_deleting_a_draft_in_words_drops_it_and_keeps_the_others(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗3000，借呗2000，都是10号还")
    chat.say("删除花呗")
    assert "已经去掉了" in chat.text()
    chat.say("/list")
    chat.press("继续确认")
    chat.press("确认")
    assert [d.creditor for d in debts_of(engine)] == ["借呗"]


def test_a_correction_that_could_be_for_either_draft_asks_which(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Chase $500 and Citi $800, both due the 20th")
    chat.say("change it to the 15th")
    assert "Which one" in chat.text()
    chat.press("#2")
    chat.press("Save all")
    assert [d.due_date for d in debts_of(engine)] == [date(2026, 12, 20), date(2026, 12, 15)]


@pytest.mark.parametrize("said", ["别再提醒我借呗了", "借呗不用提醒了"])
def test_silencing_in_either_word_order(engine: Engine, said: str) -> None:
    chat = zh(engine)
    saved(chat, "借呗欠了2000元，12月20号要还", "确认")
    chat.say(said)
    assert debts_of(engine)[0].reminders_muted
