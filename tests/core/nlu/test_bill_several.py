"""Several notices in one message are read each on its own, never one issuer's name with another's figures; a
statement's lines stay one notice; a notice signed only by a card centre names no bank; an English minimum is read
however it is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bench.b9_bills import SEVERAL_SETS, each_notice, several_scores
from bot.nlu import parse_bill, parse_notices
from bot.nlu.results import BillNotice, OtherNotice
from tests.core.nlu.bill_heldout import HELDOUT2_BILLS, HELDOUT2_NOT_BILLS, HELDOUT_BILLS, HELDOUT_NOT_BILLS
from tests.core.nlu.bill_heldout3 import (
    HELDOUT3_BILLS,
    HELDOUT3_NOT_BILLS,
    HELDOUT4_BILLS,
    HELDOUT4_NOT_BILLS,
)
from tests.core.nlu.bill_samples import BILLS, NOT_BILLS, NOW


def bills(text: str) -> list[tuple[str | None, Decimal | None, date | None]]:
    found = parse_notices(text, now=NOW)
    assert all(isinstance(f, BillNotice) for f in found), found
    return [(f.creditor, f.amount, f.due) for f in found if isinstance(f, BillNotice)]


def test_two_bank_sms_copied_together_are_two_bills() -> None:
    assert bills("【民生银行】您尾号2211的信用卡本期应还人民币3,560.00元，到期还款日12月18日。\n"
                 "【建设银行】您尾号8890的信用卡本期应还款额1,204.30元，到期还款日12月20日。") == [
        ("民生银行信用卡", Decimal("3560.00"), date(2026, 12, 18)),
        ("建设银行信用卡", Decimal("1204.30"), date(2026, 12, 20))]


def test_notices_signed_at_their_end_never_lend_the_next_ones_minimum() -> None:
    found = parse_notices("您尾号3322的信用卡本期应还2,890.00元，到期还款日12月16日。【浙商银行】\n"
                          "您的信用卡本期应还款额1,150.00元，最低还款115.00元，到期还款日12月21日。【兴业银行】", now=NOW)
    assert [(f.creditor, f.amount, f.minimum) for f in found if isinstance(f, BillNotice)] == [
        ("浙商银行信用卡", Decimal("2890.00"), None), ("兴业银行信用卡", Decimal("1150.00"), Decimal("115.00"))]


def test_notices_with_no_sender_on_their_own_lines_are_cut_when_each_names_its_lender() -> None:
    assert bills("你的花呗12月账单1,234.50元，12月10日到期\n您的白条本期应还560.00元，还款日12月12日") == [
        ("花呗", Decimal("1234.50"), date(2026, 12, 10)), ("京东白条", Decimal("560.00"), date(2026, 12, 12))]


def test_a_bill_beside_a_purchase_notice_is_read_as_a_bill_and_the_purchase_as_a_purchase() -> None:
    bill, purchase = parse_notices("【交通银行】您尾号1188的信用卡本期应还2,468.00元，到期还款日12月19日。\n"
                                   "【交通银行】您尾号1188的信用卡11月27日消费人民币128.00元。", now=NOW)
    assert isinstance(bill, BillNotice) and bill.amount == Decimal("2468.00")
    assert isinstance(purchase, OtherNotice) and purchase.kind == "purchase"


def test_the_users_own_line_before_the_notices_is_not_a_notice() -> None:
    assert bills("帮我看看这两条\n【平安银行】您尾号3344的信用卡本期应还5,200.00元，到期还款日12月16日。\n"
                 "【中国银行】您尾号9090的信用卡本期应还款额860.00元，到期还款日12月24日。") == [
        ("平安银行信用卡", Decimal("5200.00"), date(2026, 12, 16)), ("中国银行信用卡", Decimal("860.00"), date(2026, 12, 24))]


def test_a_notice_after_the_others_boilerplate_is_its_own_even_without_a_full_stop() -> None:
    bill, repaid = parse_notices("【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，到期还款日12月08日。回复TD退订"
                                 "【招商银行】您尾号1234的信用卡于11月27日收到还款人民币3,456.78元，本期账单已还清。", now=NOW)
    assert isinstance(bill, BillNotice) and bill.due == date(2026, 12, 8)
    assert isinstance(repaid, OtherNotice) and repaid.kind == "repayment"


def test_a_sender_run_into_the_previous_notice_still_starts_a_notice() -> None:
    assert bills("【招商银行】您尾号1234的信用卡本期应还3,000.00元，到期还款日12月08日"
                 "【建设银行】您尾号8890的信用卡本期应还1,204.30元，到期还款日12月20日") == [
        ("招商银行信用卡", Decimal("3000.00"), date(2026, 12, 8)), ("建设银行信用卡", Decimal("1204.30"), date(2026, 12, 20))]


@pytest.mark.parametrize("text", [
    "【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，最低还款345.68元，(1/2)\n【招商银行】(2/2)到期还款日12月08日。",
    "【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，最低还款345.68元，[1/2]\n【招商银行】到期还款日12月08日。[2/2]",
])
def test_the_parts_of_one_long_sms_are_one_notice(text: str) -> None:
    [found] = parse_notices(text, now=NOW)
    assert isinstance(found, BillNotice)
    assert (found.amount, found.minimum, found.due) == (Decimal("3456.78"), Decimal("345.68"), date(2026, 12, 8))


def test_a_lender_named_on_another_notices_line_is_never_given_this_ones_amount() -> None:
    # Not cut (the user's words run into the second notice): left unread, never "Chase ¥2,260".
    found = parse_notices("尊敬的客户您本期账单应还2260元 最低还款226元 到期还款日12月14日 信用卡中心\nx\n"
                          "got these two: Chase: statement balance $928.14, minimum $40.00, due 12/15.", now=NOW)
    assert not any(isinstance(f, BillNotice) and f.creditor == "Chase credit card" and f.amount == Decimal("2260")
                   for f in found), found
    assert all(f is None or f.amount in (Decimal("2260"), Decimal("928.14")) for f in found)


@pytest.mark.parametrize("text", [
    "尊敬的客户您本期账单应还2260元 到期还款日12月14日 信用卡中心 Chase: statement balance $928.14 due 12/15",
    "信用卡中心：您本期应还2,260.00元，到期还款日12月14日。花呗：你的12月账单1,234.50元，12月10日到期",
    "您本期应还2,260.00元，到期还款日12月14日 【信用卡中心】 你的花呗账单1,234.50元12月10日到期",
    "尊敬的客户，您本期账单应还2,260元，到期还款日12月14日。您的花呗账单1,234.50元，12月10日到期。",
])
def test_a_card_centre_notice_run_into_a_named_one_never_takes_the_others_lender(text: str) -> None:
    for found in parse_notices(text, now=NOW):
        if isinstance(found, BillNotice) and found.amount in (Decimal("2260"), Decimal("2260.00")):
            assert found.creditor is None and found.due == date(2026, 12, 14), found


def test_notices_run_together_that_cannot_be_cut_apart_are_said_to_be_tangled() -> None:
    [found] = parse_notices("尊敬的客户，您本期账单应还2,260元，到期还款日12月14日。您的花呗账单1,234.50元，12月10日到期。", now=NOW)
    assert isinstance(found, OtherNotice) and found.kind == "tangled" and found.amount is None


def test_past_twenty_notices_the_rest_is_left_unread_rather_than_read_as_one() -> None:
    one = "【招商银行】您尾号1234的信用卡本期应还3,000.00元，到期还款日12月08日。"
    found = parse_notices(one * 25, now=NOW)
    assert len(found) == 21 and found[-1] is None and all(isinstance(f, BillNotice) for f in found[:20])


def test_every_single_notice_of_the_corpus_and_the_held_out_sets_is_one_notice() -> None:
    """Over several lines, with two brackets, in several sentences, a bill or not: never cut."""
    bills = BILLS + HELDOUT_BILLS + HELDOUT2_BILLS + HELDOUT3_BILLS + HELDOUT4_BILLS
    not_bills = NOT_BILLS + HELDOUT_NOT_BILLS + HELDOUT2_NOT_BILLS + HELDOUT3_NOT_BILLS + HELDOUT4_NOT_BILLS
    cut = [s.text for s in bills if len(parse_notices(s.text, now=s.now)) != 1]
    cut += [text for text, _ in not_bills if len(parse_notices(text, now=NOW)) != 1]
    assert cut == []


def test_two_notices_in_one_sentence_run_are_cut_at_the_full_stop_when_each_names_its_lender() -> None:
    assert bills("你的花呗12月账单1,234.50元，12月10日到期。您的白条本期应还560.00元，还款日12月12日。") == [
        ("花呗", Decimal("1234.50"), date(2026, 12, 10)), ("京东白条", Decimal("560.00"), date(2026, 12, 12))]


@pytest.mark.parametrize("text", [
    "【招商银行】您尾号1234的信用卡本期应还3,000.00元，到期还款日12月08日。\n花呗还有2000没还",
    "【招商银行】您尾号1234的信用卡本期应还3,000.00元，到期还款日12月08日。\n这个我该怎么还？",
])
def test_the_users_words_under_a_notice_neither_split_it_nor_rename_its_lender(text: str) -> None:
    assert bills(text) == [("招商银行信用卡", Decimal("3000.00"), date(2026, 12, 8))]


def test_a_bracket_inside_the_sentence_does_not_end_a_notice() -> None:
    assert bills("您的【京东白条】本期应还¥560.00，还款日12月12日。【京东金融】") == [
        ("京东白条", Decimal("560.00"), date(2026, 12, 12))]


@pytest.mark.parametrize("text", ["花呗欠2000，12月10日还\n借呗欠1500，12月15日还", "我欠招行3000\n\n下个月5号还"])
def test_the_users_own_words_over_several_lines_are_not_made_notices(text: str) -> None:
    assert all(found is None for found in parse_notices(text, now=NOW))


def test_no_notice_of_the_blind_messages_is_lost_or_given_another_ones_figures() -> None:
    for _, samples in SEVERAL_SETS:
        got = several_scores(each_notice, samples)
        assert got["unread"] == 0
        assert (got["creditor_wrong"], got["amount_wrong"], got["due_wrong"], got["minimum_wrong"]) == (0, 0, 0, 0)


# --- who a card centre's notice is from ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "【信用卡中心】您尾号7001的信用卡本期应还1,999.00元，到期还款日12月09日，请按时还款。",
    "尊敬的持卡人：您本期账单应还款额2,260.00元，到期还款日12月14日，请按时还款。信用卡中心",
])
def test_a_card_centre_that_names_no_bank_gives_no_lender_only_the_kind(text: str) -> None:
    found = parse_bill(text, now=NOW)
    assert found is not None and found.creditor is None and found.creditor_kind == "credit_card"


@pytest.mark.parametrize(("text", "creditor"), [
    ("您的信用卡本期应还4,388.00元，到期还款日12月18日。招商银行信用卡中心", "招商银行信用卡"),
    ("您的信用卡账单已出：本期应还款额5,432.10元，到期还款日2026年12月15日。【浦发银行信用卡中心】", "浦发银行信用卡"),
    ("【信用卡中心】尊敬的交通银行信用卡持卡人，您本期账单应还3,100.00元，到期还款日12月21日。", "交通银行信用卡"),
    ("【晋商银行信用卡中心】您的信用卡本期应还1,100.00元，到期还款日12月21日。", "晋商银行信用卡"),
])
def test_a_card_centre_of_a_named_bank_is_that_banks_card(text: str, creditor: str) -> None:
    found = parse_bill(text, now=NOW)
    assert found is not None and found.creditor == creditor


# --- an English minimum, however it is written ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minimum"), [
    ("Lloyds Bank: Statement ready. Balance £1,032.70, minimum £25.00, due by 19/12/2026.", "25.00"),
    ("Chase: statement balance $928.14, minimum $40.00, due 12/15.", "40.00"),
    ("Chase: statement balance $928.14, min $40, due 12/15.", "40"),
    ("Bank of America: Your card payment is due 12/18. Min. payment $35. Statement balance $2,210.40.", "35"),
    ("Wells Fargo: Statement balance $1,284.55, Minimum Payment Due: $25.00, Payment Due Date: 12/22/2026.", "25.00"),
    ("NatWest: New balance £2,120.33, min. payment £63.61, payment due 22/12/2026.", "63.61"),
    ("Barclaycard: Balance £845.20. Minimum repayment £25.00 due 17/12/2026.", "25.00"),
    ("Citi: Statement balance of $512.06 is due on Dec 23. Min. pmt $40.00.", "40.00"),
    ("Discover: Statement balance: $1,876.92. Minimum: $41.00. Due Dec 1.", "41.00"),
])
def test_an_english_minimum_is_read_however_it_is_written(text: str, minimum: str) -> None:
    found = parse_bill(text, now=NOW)
    assert found is not None and found.minimum == Decimal(minimum), found
    assert found.amount is not None and found.amount > found.minimum


def test_minimum_words_that_are_not_a_minimum_payment_give_none() -> None:
    found = parse_bill("Chase: statement balance $928.14 is due 12/15. Pay the minimum to avoid a late fee.", now=NOW)
    assert found is not None and found.minimum is None and found.amount == Decimal("928.14")
