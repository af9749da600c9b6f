"""What people type that the parsers read confidently and wrongly before, through the real engine with a frozen
clock (Wed 2 Dec 2026, 09:00 Shanghai): lateness counted in weeks and months, a monthly amount with its day,
people and more lenders as creditors, a second debt said as "another 3k", money sent to a person as a payment,
bank confirmations, autopay and approvals, a reminder time said with a hedge, and how the card asks about a
hedged due date.
"""

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


def custom_reminders(engine: Engine) -> list[Reminder]:
    with Session(engine.database) as s:
        return [r for r in s.exec(select(Reminder)) if r.kind == "custom"]


def zh(engine: Engine) -> Chat:
    return Chat(engine).start()


def en(engine: Engine) -> Chat:
    return Chat(engine, Address("console", "ann"), language="en").start()


def chat_in(engine: Engine, lang: str) -> Chat:
    return zh(engine) if lang == "zh" else en(engine)


def confirm(chat: Chat, lang: str) -> None:
    chat.press("确认" if lang == "zh" else "Save")


# --- lateness in weeks and months ------------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "lang", "creditor", "amount", "since"), [
    ("拍拍贷两千八逾期一周了", "zh", "拍拍贷", "2800", date(2026, 11, 25)),
    ("招行信用卡逾期两周了 3500", "zh", "招商银行信用卡", "3500", date(2026, 11, 18)),
    ("借呗已经逾期一个月了，还欠9000", "zh", "借呗", "9000", date(2026, 11, 2)),
    ("花呗逾期两个月了欠了四千", "zh", "花呗", "4000", date(2026, 10, 2)),
    ("Capital One is overdue 3 weeks, $620", "en", "Capital One credit card", "620", date(2026, 11, 11)),
    ("my Citi card is 2 months behind, owe 1,100", "en", "Citi credit card", "1100", date(2026, 10, 2)),
])
def test_lateness_in_weeks_or_months_is_a_past_due_date(engine: Engine, message: str, lang: str, creditor: str,
                                                         amount: str, since: date) -> None:
    chat = chat_in(engine, lang)
    chat.say(message)
    shown = chat.text()
    assert f"{since.month}月{since.day}日" in shown if lang == "zh" else since.strftime("%b") in shown, shown
    confirm(chat, lang)
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date) == (creditor, Decimal(amount), since)


def test_half_a_month_late_asks_for_the_day_instead_of_guessing(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("借呗5000 逾期半个月了")
    assert "哪天" in chat.text(), chat.text()
    assert debts_of(engine) == []


# --- a monthly amount with its day --------------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "lang", "creditor"), [
    ("car payment $389/month on the 15th", "en", "Car loan"),
    ("Upstart loan $389/month due on the 15th", "en", "Upstart"),
    ("微粒贷每月还389，15号", "zh", "微粒贷"),
])
def test_a_monthly_amount_with_its_day_is_read_whole(engine: Engine, message: str, lang: str, creditor: str) -> None:
    chat = chat_in(engine, lang)
    chat.say(message)
    confirm(chat, lang)
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date) == (creditor, Decimal("389"), date(2026, 12, 15))


def test_a_monthly_amount_with_a_day_and_no_creditor_asks_who(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("每月还389，15号")
    assert "这笔钱欠的是谁" in chat.text(), chat.text()
    assert debts_of(engine) == []


# --- who is owed: people, lenders, pay-later, Taiwan and Hong Kong banks ------------------------------------------


@pytest.mark.parametrize(("message", "lang", "creditor", "amount"), [
    ("need to pay back my roommate $60 tmrw", "en", "my roommate", "60"),
    ("need to pay my coworker back 40 bucks friday", "en", "my coworker", "40"),
    ("欠同事500 周五还", "zh", "同事", "500"),
    ("欠我妈2000 月底还", "zh", "我妈", "2000"),
    ("Affirm $127.50 due next Fri", "en", "Affirm", "127.50"),
    ("PayPal Pay in 4 $45 due dec 9", "en", "PayPal Pay in 4", "45"),
    ("SoFi personal loan 450 due the 1st", "en", "SoFi", "450"),
    ("owe Apple Card $1,234 due end of the month", "en", "Apple Card", "1234"),
    ("Sallie Mae $189 on the 15th", "en", "Sallie Mae", "189"),
    ("省呗一千八明天还", "zh", "省呗", "1800"),
    ("苏宁任性付1.2w，1月5号还", "zh", "苏宁任性付", "12000"),
    ("小米贷款3K 每月20号", "zh", "小米贷款", "3000"),
    ("那个洋钱罐我还欠3200 12号要还的", "zh", "洋钱罐", "3200"),
    ("國泰世華卡費 12,345 繳款截止日12/20", "zh", "国泰世华银行信用卡", "12345"),
    ("中信卡費這期要繳8千，20號前", "zh", "中国信托信用卡", "8000"),
    ("中銀卡數欠咗三萬，下個月3號還", "zh", "中银香港信用卡", "30000"),
    ("Chase卡还欠$1,234，下周五due", "zh", "Chase credit card", "1234"),
])
def test_the_creditor_is_the_one_named(engine: Engine, message: str, lang: str, creditor: str, amount: str) -> None:
    chat = chat_in(engine, lang)
    chat.say(message)
    assert creditor in chat.text(), chat.text()
    confirm(chat, lang)
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance) == (creditor, Decimal(amount))


def test_another_amount_in_the_same_message_is_a_second_debt(engine: Engine) -> None:
    chat = en(engine)
    chat.say("Chase $900 due the 15th, another 3k due mid jan")
    shown = chat.text()
    assert "(debt 2 of 2)" in shown and "$3,000" in shown and "Who is this owed to?" in shown, shown
    chat.say("Citi")
    assert 'You also said "mid", so which day is it?' in chat.text(), chat.text()  # mid-January is not a day


# --- payments and what is not a debt ---------------------------------------------------------------------------


def test_money_sent_to_a_person_for_the_loan_is_a_payment_to_them(engine: Engine) -> None:
    chat = en(engine)
    chat.say("owe my sister $800, due the 20th")
    confirm(chat, "en")
    chat.say("transferred 500 to my sister for the loan")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("300"), chat.text()
    assert len(debts_of(engine)) == 1


@pytest.mark.parametrize(("debt_message", "paid_message", "lang", "left"), [
    ("Affirm $300 due the 20th", "Your Affirm payment of $127.50 was successful.", "en", "172.50"),
    ("Citi $500 due the 20th", "Thanks! We received your $150.00 payment to your Citi card.", "en", "350"),
    ("信用卡欠8000，20号还", "信用卡卡費繳了五千", "zh", "3000"),
    ("美团月付500，20号还", "【美团】您已成功还款268.00元", "zh", "232"),
    ("信用卡欠8000，20号还", "信用卡还了最低还款680", "zh", "7320"),
    ("信用卡欠8000，20号还", "張卡還咗兩千", "zh", "6000"),
])
def test_a_payment_confirmation_is_booked_not_carded(engine: Engine, debt_message: str, paid_message: str,
                                                      lang: str, left: str) -> None:
    chat = chat_in(engine, lang)
    chat.say(debt_message)
    confirm(chat, lang)
    chat.say(paid_message)
    if "Record it as a payment?" in chat.text() or "要把它记为一笔还款吗" in chat.text():
        chat.press_data(next(b.data for row in chat.last for b in row.all_buttons() if ":pay:" in b.data))
    [debt] = debts_of(engine)
    assert debt.balance == Decimal(left), chat.text()
    assert "Save it?" not in chat.text() and "确认保存吗" not in chat.text()


@pytest.mark.parametrize(("message", "lang"), [
    ("Chase: Your autopay of $35.00 is scheduled for 12/15.", "en"),
    ("approved for a $5,000 Upstart loan", "en"),
    ("I have like 6 cards maxed out and I don't know where to start", "en"),
])
def test_autopay_approvals_and_card_counts_open_no_card(engine: Engine, message: str, lang: str) -> None:
    chat = chat_in(engine, lang)
    chat.say(message)
    assert "Save it?" not in chat.text(), chat.text()
    assert debts_of(engine) == []


def test_a_plan_to_pay_this_weekend_closes_nothing(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗欠3000，20号还")
    confirm(chat, "zh")
    chat.say("我准备这周末把花呗还了")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000")
    assert payments_of(engine) == []


# --- doubt: a reminder time and a due date said with a hedge --------------------------------------------------------


@pytest.mark.parametrize(("message", "lang", "asked"), [
    ("大概明天提醒我还白条", "zh", "你还提到了「大概」"),
    ("remind me sometime tomorrow to pay Amex", "en", 'You also said "sometime"'),
    ("remind me maybe friday to call citi", "en", 'You also said "maybe"'),
])
def test_a_reminder_time_said_with_a_hedge_is_asked(engine: Engine, message: str, lang: str, asked: str) -> None:
    chat = chat_in(engine, lang)
    chat.say(message)
    assert asked in chat.text(), chat.text()
    assert custom_reminders(engine) == [], "nothing is set while the bot is asking"
    chat.press("是的" if lang == "zh" else "Yes")
    [reminder] = custom_reminders(engine)
    assert reminder.fire_at.replace(tzinfo=UTC).astimezone().date() >= date(2026, 12, 3)


def test_a_plain_reminder_time_is_still_set_at_once(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("明天提醒我还花呗")
    assert len(custom_reminders(engine)) == 1, chat.text()


def test_the_card_says_what_was_unsure_about_the_due_date(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("花呗3000，10号还，或者15号")
    text = chat.text()
    assert "你还提到了「或者15号」，是哪一天？" in text, text
    assert "没看懂" not in text
    chat = en(engine)
    chat.say("Chase 3000 due the 10th or maybe the 15th")
    text = chat.text()
    assert 'You also said "or maybe the 15th", so which day is it?' in text, text
    assert "didn't understand" not in text


@pytest.mark.parametrize(("answer", "lang", "asked"), [
    ("大概明天下午", "zh", "你还提到了「大概」"), ("maybe tomorrow", "en", 'You also said "maybe"'),
])
def test_a_hedged_answer_to_when_is_asked_again_not_set(engine: Engine, answer: str, lang: str, asked: str) -> None:
    chat = chat_in(engine, lang)
    chat.say("提醒我还白条" if lang == "zh" else "remind me to pay Amex")
    chat.say(answer)
    assert asked in chat.text(), chat.text()
    assert custom_reminders(engine) == []


def test_a_range_of_an_amount_keeps_the_debt_and_asks_how_much(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("欠小张两三千，15号还")
    assert "小张" in chat.text() and "欠了多少钱" in chat.text(), chat.text()
    assert debts_of(engine) == []


def test_two_debts_said_cleared_together_are_both_closed(engine: Engine) -> None:
    chat = zh(engine)
    chat.say("白条欠1500，15号还")
    confirm(chat, "zh")
    chat.say("花呗欠3000，20号还")
    confirm(chat, "zh")
    chat.say("白条和花呗都还清了")
    shown = chat.text()
    assert "京东白条 还了 ¥1,500，还剩 ¥0" in shown and "花呗 还了 ¥3,000，还剩 ¥0" in shown, shown
    chat.press_data(chat.last[0].all_buttons()[0].data)  # record them
    assert all(d.balance == 0 for d in debts_of(engine)), chat.text()
