"""Several notices pasted in one message, through the real engine (frozen clock): the user is told what each one is,
each bill is offered on its own (numbered), saved only on its button with its own figures, and none is lost without
a word. A notice signed only by a card centre is shown without a lender, and the bank is asked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Payment
from tests.builders import Chat

TWO_BANKS = ("【民生银行】您尾号2211的信用卡本期应还人民币3,560.00元，最低还款356.00元，到期还款日12月18日。\n"
             "【建设银行】您尾号8890的龙卡信用卡本期应还款额1,204.30元，到期还款日12月20日。")
FOUR = ("【招商银行】您尾号1234的信用卡本期账单金额人民币3,100.00元，到期还款日12月08日。\n"
        "【花呗】您12月账单1,688.20元，将于12月10日到期，请及时还款。\n"
        "【交通银行】您尾号1188的信用卡11月27日消费人民币128.00元。\n"
        "【信用卡中心】您尾号7001的信用卡本期应还1,999.00元，到期还款日12月09日。")


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt).order_by(Debt.id)))  # type: ignore[arg-type]


def payments_of(engine: Engine) -> list[Payment]:
    with Session(engine.database) as s:
        return list(s.exec(select(Payment)))


def test_two_bank_sms_in_one_message_are_listed_then_offered_and_saved_one_by_one(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(TWO_BANKS)
    text = chat.text()
    assert "这条消息里有 2 条通知" in text, text
    assert "1. 民生银行信用卡 账单：¥3,560" in text and "2. 建设银行信用卡 账单：¥1,204.30" in text, text
    offered = text.split("【第 1 条，共 2 条】")[1]
    assert "民生银行信用卡" in offered and "¥356" in offered and "2211" in offered
    assert "建设银行" not in offered and "1,204.30" not in offered, "one notice at a time, never mixed"
    assert debts_of(engine) == [], "nothing is saved before the user says so"

    chat.press("保存为新欠款")
    text = chat.text()
    assert "已保存：民生银行信用卡 ¥3,560" in text and "【第 2 条，共 2 条】" in text, text
    assert "建设银行信用卡" in text.split("【第 2 条，共 2 条】")[1]
    chat.press("保存为新欠款")
    first, second = debts_of(engine)
    assert (first.creditor, first.balance, first.minimum_payment, first.due_date, first.card_last4) == (
        "民生银行信用卡", Decimal("3560.00"), Decimal("356.00"), date(2026, 12, 18), "2211")
    assert (second.creditor, second.balance, second.minimum_payment, second.due_date, second.card_last4) == (
        "建设银行信用卡", Decimal("1204.30"), None, date(2026, 12, 20), "8890")


def test_a_skipped_notice_is_not_saved_and_the_next_one_is_offered(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(TWO_BANKS)
    chat.press("跳过")
    text = chat.text()
    assert "第 1 条已跳过，没有保存" in text and "【第 2 条，共 2 条】" in text, text
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance) == ("建设银行信用卡", Decimal("1204.30"))


def test_a_purchase_among_bills_is_named_and_left_alone_and_the_card_centre_bill_asks_its_bank(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(FOUR)
    text = chat.text()
    for item in ("1. 招商银行信用卡 账单：¥3,100", "2. 花呗 账单：¥1,688.20", "3. 消费通知，不是账单，不做改动",
                 "4. 信用卡（没写是哪家银行） 账单：¥1,999"):
        assert item in text, text
    chat.press("保存为新欠款")
    chat.press("保存为新欠款")
    text = chat.text()
    # The purchase (3) is never offered; the card-centre bill (4) comes next, with no lender made up.
    assert "【第 4 条，共 4 条】" in text and "发卡银行" in text and "欠款方：信用卡" not in text, text
    assert [d.creditor for d in debts_of(engine)] == ["招商银行信用卡", "花呗"]
    chat.press("补全后保存")
    assert "欠的是谁" in chat.text(), chat.text()
    chat.say("招商银行")
    chat.press("确认保存")
    assert [(d.creditor, d.balance) for d in debts_of(engine)][-1] == ("招商银行信用卡", Decimal("1999.00"))


def test_filling_in_one_bill_tells_which_notices_are_left_to_send_again(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【信用卡中心】您尾号7001的信用卡本期应还1,999.00元，到期还款日12月09日。\n"
             "【建设银行】您尾号8890的信用卡本期应还款额1,204.30元，到期还款日12月20日。")
    chat.press("补全后保存")
    text = chat.text()
    assert "欠的是谁" in text and "还有第 2 条没处理" in text and "再发给我" in text, text


def test_notices_that_are_none_of_them_bills_change_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【交通银行】您尾号1188的信用卡11月27日消费人民币128.00元。\n"
             "【招商银行】您的验证码为638201，您正在进行信用卡还款，切勿告知他人。")
    text = chat.text()
    assert "2 条通知" in text and "里面没有要保存的账单" in text, text
    assert not any(r.all_buttons() for r in chat.last)
    assert debts_of(engine) == [] and payments_of(engine) == []


def test_a_repayment_beside_a_new_bill_is_offered_as_a_payment_on_the_debt_it_matches(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("工行信用卡欠2000，12月25号还")
    chat.press("确认")
    chat.say("【工商银行】您尾号5678的信用卡已还款成功2,000.00元。\n"
             "【建设银行】您尾号9012的信用卡本期应还款额4,321.00元，到期还款日12月15日。")
    text = chat.text()
    assert "1. 还款成功通知" in text and "【第 1 条，共 2 条】" in text, text
    assert payments_of(engine) == [], "a payment is recorded only on its button"
    chat.press("的还款")
    text = chat.text()
    assert "【第 2 条，共 2 条】" in text and "建设银行信用卡" in text, text
    [payment] = payments_of(engine)
    assert payment.amount == Decimal("2000.00")
    chat.press("保存为新欠款")
    saved = debts_of(engine)
    assert len(saved) == 2 and (saved[1].creditor, saved[1].balance) == ("建设银行信用卡", Decimal("4321.00"))


def test_english_notices_in_one_message_are_read_each_with_its_own_minimum(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("Barclaycard: Your statement is ready. Balance £845.20, minimum £25.00, due 17/12/2026.\n\n"
             "Amex: Your payment of £1,200.00 is due on 21 December 2026.")
    text = chat.text()
    assert "This message holds 2 notices" in text and "[Notice 1 of 2]" in text, text
    offered = text.split("[Notice 1 of 2]")[1]
    assert "Barclaycard" in offered and "Minimum payment: £25" in offered and "1,200" not in offered, offered
    chat.press("Save as a new debt")
    text = chat.text()
    assert "[Notice 2 of 2]" in text and "American Express" in text and "£25" not in text.split("[Notice 2 of 2]")[1]


def test_a_new_paste_while_notices_wait_names_the_ones_set_aside(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(TWO_BANKS)
    chat.say("【花呗】您12月账单1,688.20元，将于12月10日到期，请及时还款。")
    text = chat.text()
    assert "上一条消息里的第 1 条、第 2 条还没处理" in text and "花呗" in text, text
    assert debts_of(engine) == []


def test_a_card_centre_bill_is_saved_under_the_bank_the_user_names_with_its_minimum_and_monthly_rule(
        engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("尊敬的持卡人：您本期账单应还款额2,260.00元，最低还款额226.00元，到期还款日12月14日，请按时还款。信用卡中心")
    text = chat.text()
    assert "没读出：发卡银行" in text and "欠款方" not in text, "no lender is made up from the word 信用卡"
    chat.press("补全后保存")
    chat.say("建行")
    chat.press("确认保存")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.minimum_payment, debt.due_date) == (
        "建设银行信用卡", Decimal("2260.00"), Decimal("226.00"), date(2026, 12, 14))
    assert debt.rrule is not None and "BYMONTHDAY=14" in debt.rrule, "a card bill comes back every month"


def test_a_repayment_after_a_bill_waits_its_turn_and_is_recorded_only_on_its_button(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("工行信用卡欠2000，12月25号还")
    chat.press("确认")
    chat.say("【建设银行】您尾号9012的信用卡本期应还款额4,321.00元，到期还款日12月15日。\n"
             "【工商银行】您尾号5678的信用卡已还款成功2,000.00元。")
    chat.press("保存为新欠款")
    text = chat.text()
    assert "已保存：建设银行信用卡 ¥4,321" in text and "【第 2 条，共 2 条】" in text and "还款成功通知" in text, text
    assert payments_of(engine) == []
    chat.press("的还款")
    [payment] = payments_of(engine)
    assert payment.amount == Decimal("2000.00")


def test_notices_run_together_that_cannot_be_cut_apart_are_not_read_as_one_debt(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("尊敬的客户，您本期账单应还2,260元，到期还款日12月14日。您的花呗账单1,234.50元，12月10日到期。")
    text = chat.text()
    assert "几条通知连在一起" in text and "一条一条分开发给我" in text, text
    assert "花呗" not in text and "2,260" not in text, "one notice's lender is never shown with another's amount"
    assert not any(r.all_buttons() for r in chat.last)
    assert debts_of(engine) == []
