"""``parse_bill`` over the notice corpus: every field a careful reader takes from each notice, not-bills told apart
by kind, the user's own words left alone, and the scores the issue asks for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bench.b9_bills import scores
from bot.nlu import BillNotice, OtherNotice, parse_bill, parse_notice
from tests.core.nlu.bill_samples import BILLS, NOT_BILLS, NOW, OWN_WORDS, Bill


def _id(sample: Bill) -> str:
    return sample.text[:24]


@pytest.mark.parametrize("sample", BILLS, ids=_id)
def test_reads_each_bill_notice(sample: Bill) -> None:
    found = parse_bill(sample.text, now=sample.now)
    assert found is not None
    assert found.creditor == sample.creditor
    assert found.amount == (None if sample.amount is None else Decimal(sample.amount))
    assert found.due == (None if sample.due is None else date.fromisoformat(sample.due))
    extra = sample.extra
    if "minimum" in extra:
        assert found.minimum == Decimal(extra["minimum"])
    if "card" in extra:
        assert found.card_last4 == extra["card"]
    if "statement" in extra:
        assert found.statement_date == date.fromisoformat(extra["statement"])
    if "overdue_days" in extra:
        assert found.overdue_days == extra["overdue_days"]
    assert found.other_currencies == extra.get("others", ())


@pytest.mark.parametrize(("text", "kind"), NOT_BILLS, ids=[t[:24] for t, _ in NOT_BILLS])
def test_not_bills_are_not_bills_and_say_what_they_are(text: str, kind: str) -> None:
    assert parse_bill(text, now=NOW) is None
    found = parse_notice(text, now=NOW)
    assert isinstance(found, OtherNotice)
    assert found.kind == kind


@pytest.mark.parametrize("text", OWN_WORDS)
def test_the_users_own_words_are_not_notices(text: str) -> None:
    assert parse_notice(text, now=NOW) is None


def test_the_corpus_is_big_enough_and_scores_as_the_issue_asks() -> None:
    assert len(BILLS) >= 150 and len(NOT_BILLS) >= 50
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in s.text) for s in BILLS) >= 100
    assert sum(s.text.isascii() or "£" in s.text or "€" in s.text for s in BILLS) >= 30
    result = scores()
    assert result["detect"] >= 0.97 and result["exact"] >= 0.95 and result["rejected"] >= 0.95


@pytest.mark.parametrize(("text", "boilerplate"), [
    ("【花呗】本月应还1,000.00元，12月10日到期。如已还款请忽略。", "如已还款请忽略"),
    ("【建设银行】您的信用卡本期应还880.00元，还款日12月8日，若已还款请忽略此短信。回复TD退订", "若已还款请忽略此短信"),
    ("Chase: Total Due $100.00, due Dec 10. If paid, please ignore.", "If paid, please ignore"),
    ("Citi: Minimum due $35.00 by Dec 10. If you have already paid, please disregard this message.", "already paid"),
])
def test_ignore_if_paid_boilerplate_is_a_bill_never_a_repayment(text: str, boilerplate: str) -> None:
    found = parse_notice(text, now=NOW)
    assert isinstance(found, BillNotice), boilerplate


def test_a_due_date_is_never_the_statement_month_or_date() -> None:
    june = NOW.replace(month=6, day=15)
    found = parse_bill("【中信银行】您的信用卡2026年6月账单应还款额3,000.00元，账单日6月1日，到期还款日7月1日。", now=june)
    assert found is not None and found.due == date(2026, 7, 1) and found.statement_date == date(2026, 6, 1)


def test_december_statement_due_in_january_rolls_into_next_year() -> None:
    found = parse_bill("【招商银行】您的信用卡账单日2026年12月20日，本期应还3,000.00元，到期还款日1月8日。", now=NOW)
    assert found is not None and found.due == date(2027, 1, 8)


def test_an_ambiguous_slash_date_without_a_currency_hint_is_left_unknown() -> None:
    found = parse_bill("Acme Card: Total Due 500.00, Due Date 03/04/2027.", now=NOW)
    assert found is not None and found.amount == Decimal("500.00") and found.due is None


def test_an_impossible_due_date_is_left_unknown() -> None:
    found = parse_bill("【招商银行】您的信用卡本期应还1,000.00元，到期还款日2月30日。", now=NOW)
    assert found is not None and found.due is None


def test_spans_point_at_the_words_used() -> None:
    text = "【招商银行】您尾号1234的信用卡本期账单金额人民币3,456.78元，最低还款345.68元，到期还款日12月08日。"
    found = parse_bill(text, now=NOW)
    assert found is not None
    spans = dict(found.spans)
    assert text[slice(*spans["amount"])] == "人民币3,456.78元"
    assert text[slice(*spans["due"])] == "12月08日"
    assert text[slice(*spans["card_last4"])] == "1234"


@pytest.mark.parametrize("text", ["", "🙂" * 50, "1" * 5000, "【】" * 1000, "本期应还" * 600, "到期还款日" * 500])
def test_odd_input_is_read_quickly_and_never_raises(text: str) -> None:
    parse_notice(text, now=NOW)


@pytest.mark.parametrize("text", ["I owe Chase 2000 due Dec 20", "I owe Amex $650 due Dec 20", "招行信用卡欠8000，下周五还", "花呗3000 12月10号到期",
                                  "credit card 5,200 due on the 15th every month", "花呗已还清", "我用信用卡消费了500"])
def test_a_users_own_debt_words_are_left_to_the_debt_and_payment_parsers(text: str) -> None:
    assert parse_notice(text, now=NOW) is None


def test_a_users_description_in_a_bills_own_wording_is_read_as_a_bill() -> None:
    found = parse_bill("招行信用卡本期应还5000，12月8日到期", now=NOW)
    assert found is not None and (found.creditor, found.amount, found.due) == ("招商银行信用卡", Decimal("5000"),
                                                                              date(2026, 12, 8))


def test_overdue_is_what_the_notice_says_now_not_its_warning() -> None:
    overdue = parse_bill("【招商银行】您尾号5151的信用卡已逾期，截至11月27日应还金额6,500.00元，请尽快还款。", now=NOW)
    warned = parse_bill("【美团月付】本期应还￥1,023.00，还款日12月10日，逾期将产生违约金。", now=NOW)
    assert overdue is not None and overdue.overdue and overdue.due is None, "截至 is when it was counted"
    assert warned is not None and not warned.overdue


@pytest.mark.parametrize("text", ["您好，信用卡逾期了怎么办？", "您好，我招行信用卡本期应还5000，可以只还最低吗？",
                                  "如果花呗逾期了会怎么样", "My card statement balance is $500, should I pay it all?"])
def test_a_users_question_in_bill_words_is_left_to_the_questions(text: str) -> None:
    assert parse_notice(text, now=NOW) is None
