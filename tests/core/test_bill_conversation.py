"""Pasted bill notices through the real engine (zh and en, frozen clock): shown as read, saved or used to update the
matching debt only on a button, repayment-success notices recorded only when asked, not-bills left alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Payment
from tests.builders import Chat

CMB_BILL = ("【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，最低还款345.68元，到期还款日12月08日。"
            "如已还款请忽略。回复TD退订")
CMB_REPAID = "【招商银行】您尾号1234的信用卡于11月27日收到还款人民币3,456.78元，本期账单已还清。"
CHASE_BILL = ("Chase: Your credit card statement is ready.\nTotal Due: $1,234.56\nMin Due: $35.00\n"
              "Due Date: 12/15/2026\nCard ending 4321. If you have already paid, please ignore this message.")


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def payments_of(engine: Engine) -> list[Payment]:
    with Session(engine.database) as s:
        return list(s.exec(select(Payment)))


def test_a_pasted_bank_sms_shows_what_was_read_and_saves_on_one_press(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(CMB_BILL)
    text = chat.text()
    for shown in ("招商银行信用卡", "¥3,456.78", "¥345.68", "12月8日（周二）", "1234"):
        assert shown in text
    assert debts_of(engine) == [], "nothing is saved before the user says so"
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date) == ("招商银行信用卡", Decimal("3456.78"), date(2026, 12, 8))
    assert (debt.minimum_payment, debt.card_last4) == (Decimal("345.68"), "1234")
    assert debt.rrule is not None and "BYMONTHDAY=8" in debt.rrule, "a card bill comes back every month"
    assert "已保存" in chat.text()


def test_the_ignore_if_paid_boilerplate_never_records_a_payment(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠3000，12月8号还")
    chat.press("确认")
    chat.say(CMB_BILL)
    assert payments_of(engine) == []
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000"), "the debt is untouched until a button is pressed"


def test_a_new_bill_updates_the_matching_debt_current_cycle_and_undo_puts_it_back(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠3000，12月5号还")
    chat.press("确认")
    chat.say(CMB_BILL)
    assert "你已经记录了「招商银行信用卡」" in chat.text()
    chat.press("更新「招商银行信用卡」本期账单")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date, debt.minimum_payment) == (Decimal("3456.78"), date(2026, 12, 8),
                                                                   Decimal("345.68"))
    assert debt.card_last4 == "1234"
    chat.say("/undo")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date, debt.minimum_payment, debt.card_last4) == (
        Decimal("3000"), date(2026, 12, 5), None, None)


def test_a_different_card_tail_is_not_the_same_debt(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(CMB_BILL)
    chat.press("保存为新欠款")
    chat.say(CMB_BILL.replace("1234", "9999"))
    assert "你已经记录了" not in chat.text()
    assert all("更新" not in b.label for r in chat.last for b in r.all_buttons())


def test_a_repayment_success_notice_with_no_debt_on_file_changes_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(CMB_REPAID)
    assert "这是一条还款成功通知，不是账单" in chat.text()
    assert debts_of(engine) == [] and payments_of(engine) == []
    assert chat.last[0].buttons == ()


def test_a_repayment_success_notice_for_a_debt_on_file_is_a_payment_asked_before_recording(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(CMB_BILL)
    chat.press("保存为新欠款")
    chat.say(CMB_REPAID)
    assert "要把它记为一笔还款吗" in chat.text() and "¥3,456.78" in chat.text()
    assert payments_of(engine) == [], "asked first"
    chat.press("记为「招商银行信用卡」的还款")
    [payment] = payments_of(engine)
    assert payment.amount == Decimal("3456.78")
    [debt] = debts_of(engine)
    assert debt.due_date == date(2027, 1, 8), "the monthly card bill moves to its next cycle"


def test_a_purchase_notice_that_mentions_the_due_day_is_not_a_bill(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【招商银行】您账户1234于11月27日在美团消费人民币58.00元，到期还款日12月8日。")
    assert chat.text() == "这是一条消费通知，不是账单，我没有做任何改动。"
    assert debts_of(engine) == []


def test_an_overdue_notice_is_saved_as_overdue_since_the_day_it_implies(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【花呗】你的花呗已逾期3天，逾期金额1,050.00元，请尽快还款，逾期将影响个人信用。")
    assert "已逾期 3 天" in chat.text()
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date, debt.overdue_since) == (Decimal("1050.00"), date(2026, 11, 25),
                                                                 date(2026, 11, 25))
    assert debt.rrule is None, "an overdue sum is not this month's recurring bill"


def test_a_bill_without_an_amount_asks_for_it_before_saving(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【交通银行】尊敬的客户，您的信用卡将于12月14日到期还款，请按时还款。如已还款请忽略。")
    assert "没读出：应还金额" in chat.text()
    chat.press("补全后保存")
    assert "欠了多少钱" in chat.text()
    chat.say("2000")
    chat.press("确认")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date) == ("交通银行信用卡", Decimal("2000"), date(2026, 12, 14))


def test_a_multi_currency_statement_records_yuan_and_says_there_is_another_part(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【工商银行】您尾号3322的信用卡账户11月对账单：本期应还人民币1,500.00元、美元50.00元，"
             "最低还款额人民币150.00元，还款日12月23日。")
    assert "¥1,500" in chat.text() and "USD" in chat.text()


def test_an_unreadable_notice_with_boilerplate_is_not_taken_as_paid(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("【某某平台】温馨提示：请留意您的账户。如已还款请忽略。")
    assert payments_of(engine) == []
    assert "没有做任何改动" in chat.text()


def test_an_english_e_mail_bill_in_an_english_chat(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say(CHASE_BILL)
    text = chat.text()
    for shown in ("Chase credit card", "$1,234.56", "$35", "Dec", "4321"):
        assert shown in text
    assert payments_of(engine) == []
    chat.press("Save as a new debt")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.currency, debt.due_date) == (Decimal("1234.56"), "USD", date(2026, 12, 15))


def test_an_english_repayment_confirmation_with_no_debt_changes_nothing(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say("Chase: We've received your payment of $1,234.56. Thank you!")
    assert "repayment confirmation, not a bill" in chat.text()
    assert debts_of(engine) == [] and payments_of(engine) == []


def test_a_verification_code_is_not_a_bill(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【招商银行】验证码：123456，您正在进行信用卡还款操作，请勿泄露。")
    assert "验证码短信" in chat.text()
    assert debts_of(engine) == []


def test_a_stale_paste_button_changes_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.press_data("paste:new")
    chat.press_data("paste:upd:99")
    chat.press_data("paste:pay:abc")
    assert debts_of(engine) == [] and payments_of(engine) == []


def test_the_users_own_words_still_register_and_pay(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000元，12月10号要还")
    chat.press("确认")
    chat.say("还了1000")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("2000")


def test_a_pasted_notice_is_not_taken_as_the_answer_to_a_pending_question(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say(CMB_BILL)
    chat.press("保存为新欠款")
    chat.say(CMB_REPAID)
    chat.press("记为「招商银行信用卡」的还款")
    assert "下一期账单是多少" in chat.text()
    chat.say("【招商银行】您账户1234于11月27日在美团消费人民币58.00元。")
    assert "消费通知" in chat.text()
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3456.78"), "the purchase is not the next bill's amount"
    chat.say(CMB_BILL.replace("3,456.78", "2,000.00").replace("12月08日", "1月8日"))
    chat.press("更新「招商银行信用卡」本期账单")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.due_date, debt.awaiting_bill) == (Decimal("2000.00"), date(2027, 1, 8), False)


def test_a_due_date_years_ago_is_asked_for_rather_than_saved(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【招商银行】您的信用卡本期应还1,000.00元，到期还款日2020年1月8日。")
    assert "没读出：到期日" in chat.text()
    chat.press("补全后保存")
    assert "哪天要还" in chat.text()
    assert debts_of(engine) == []


def test_a_bill_pasted_before_consent_is_shown_once_the_user_agrees(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say(CMB_BILL)
    assert "同意" in chat.text() and debts_of(engine) == []
    chat.press("c:yes")
    assert "这是一条账单通知" in chat.text() and "¥3,456.78" in chat.text()
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3456.78")


def test_a_notice_with_a_question_mark_in_its_footer_is_read_as_a_bill_not_a_question(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【招商银行】您的信用卡本期账单金额3,000.00元，到期还款日12月8日。如有疑问？请致电客服。")
    assert "这是一条账单通知" in chat.text() and "¥3,000" in chat.text()
    chat.say("Chase: Your statement is ready. Total Due: $500.00. Due Date: 12/15/2026. Questions? Call us.")
    assert "$500" in chat.text() and "Chase credit card" in chat.text()


def test_typing_save_at_a_notices_card_saves_it_as_the_button_would(engine: Engine) -> None:
    # WeChat and the console show the card's buttons as numbers; people type their answer anyway.
    chat = Chat(engine).start()
    chat.say(CMB_BILL)
    chat.say("保存")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance) == ("招商银行信用卡", Decimal("3456.78"))
    assert "已保存" in chat.text(), "the bot says it saved, and it did"


def test_a_typed_yes_updates_the_one_debt_the_notice_matches(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠3000，12月8号还")
    chat.press("确认")
    chat.say(CMB_BILL)
    chat.say("好的")
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3456.78"), "the matching card took the bill's amount; no second debt"
    assert "已按账单更新" in chat.text()


def test_a_typed_yes_to_a_repayment_notice_asks_for_the_button_and_records_nothing(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("招行信用卡欠3456.78，12月8号还")
    chat.press("确认")
    chat.say(CMB_REPAID)
    chat.say("ok")
    assert payments_of(engine) == [], "which debt it is for is chosen on a button, never guessed from a yes"
    assert "按钮" in chat.text()


def test_a_typed_no_at_a_notices_card_drops_it_and_saves_nothing(engine: Engine) -> None:
    chat = Chat(engine, language="en").start()
    chat.say(CHASE_BILL)
    chat.say("no")
    assert debts_of(engine) == []
    assert "cancelled" in chat.text()
