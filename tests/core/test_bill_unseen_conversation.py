"""Notices from issuers and in wordings the corpus did not have, through the real engine (frozen clock): what the user
is shown and what is saved on a press. A figure the reader cannot be sure of is asked, never shown as read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt
from tests.builders import Chat


def debts_of(engine: Engine) -> list[Debt]:
    with Session(engine.database) as s:
        return list(s.exec(select(Debt)))


def test_a_bill_in_formal_numerals_is_shown_in_figures_and_saved(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【兴业银行】您尾号6006的信用卡本期应还款额为壹万贰仟叁佰肆拾伍元陆角，最低还款额为壹仟贰佰叁拾肆元伍角陆分，"
             "到期还款日12月25日。")
    text = chat.text()
    for shown in ("兴业银行信用卡", "¥12,345.60", "¥1,234.56", "12月25日", "6006"):
        assert shown in text, text
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.minimum_payment, debt.due_date) == (
        "兴业银行信用卡", Decimal("12345.60"), Decimal("1234.56"), date(2026, 12, 25))


def test_a_formal_amount_against_the_rules_is_asked_not_guessed(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【民生银行】您的信用卡本期应还人民币叁仟伍元，到期还款日12月18日。")
    text = chat.text()
    assert "没读出：应还金额" in text and "3,500" not in text and "3,005" not in text, text
    assert debts_of(engine) == []


def test_a_hong_kong_bill_reads_its_day_first_date_in_hong_kong_dollars(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【滙豐】您的信用卡月結單結欠HK$8,765.40，最低還款額HK$220.00，到期還款日05/12/2026。")
    text = chat.text()
    for shown in ("汇丰银行信用卡", "HK$8,765.40", "12月5日"):
        assert shown in text, text
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.balance, debt.currency, debt.due_date) == (Decimal("8765.40"), "HKD", date(2026, 12, 5))


def test_a_taiwan_bill_with_its_own_labels_is_read(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【中國信託】親愛的卡友，您本期信用卡應繳總額NT$23,456，最低應繳NT$2,346，繳款截止日115/12/16。")
    text = chat.text()
    for shown in ("中国信托信用卡", "23,456", "2,346", "12月16日"):
        assert shown in text, text


def test_a_lender_not_in_the_tables_is_named_by_its_signature(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【桔多多】您的借款本期应还1,360.00元，还款日12月12日，请按时还款。")
    assert "桔多多" in chat.text()
    chat.press("保存为新欠款")
    [debt] = debts_of(engine)
    assert (debt.creditor, debt.balance, debt.due_date) == ("桔多多", Decimal("1360.00"), date(2026, 12, 12))


def test_two_notices_pasted_together_never_mix_one_issuers_name_with_anothers_amount(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【民生银行】您的信用卡本期应还人民币叁仟伍元，到期还款日12月18日。\n"
             "恒生：閣下尾號4321之信用卡應還總額HK$6,789.00，到期日2026年12月19日。")
    first = chat.text()
    # Each is read on its own: the first (an amount off the formal rules) is asked, never given the second's.
    assert "1. 民生银行信用卡 账单（没读出应还金额）" in first and "2. 恒生银行信用卡 账单：HK$6,789" in first, first
    offered = first.split("【第 1 条，共 2 条】")[1]
    assert "民生银行信用卡" in offered and "6,789" not in offered and "4321" not in offered, offered
    assert debts_of(engine) == []
    chat.press("跳过")
    second = chat.text()
    assert "【第 2 条，共 2 条】" in second and "恒生银行信用卡" in second and "4321" in second, second
    assert "民生" not in second and debts_of(engine) == []


def test_a_department_bracket_is_not_shown_as_the_lender(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("【信用卡中心】您的信用卡本期应还2,300.00元，到期还款日12月18日。")
    text = chat.text()
    assert "信用卡中心" not in text and "¥2,300" in text, text
