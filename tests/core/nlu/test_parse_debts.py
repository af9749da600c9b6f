"""``parse_debts`` (DESIGN §2): every new debt a message states, ``[]`` when it states none; and the corpus guard:
no confident-but-wrong reading on the B6 understanding corpus or its held-out set."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bench.b6_understanding import LOCAL_NOW, run, understand
from bench.understanding_corpus import corpus
from bench.understanding_heldout import HELD_OUT
from bench.understanding_heldout2 import HELD_OUT_2
from bench.understanding_heldout3 import HELD_OUT_3
from bot.nlu import parse_debts, parse_payments

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC).astimezone(LOCAL_NOW.tzinfo)


@pytest.mark.parametrize("text", [
    "有公司说花3000能帮我洗白征信", "交3000就能洗白吗", "花呗3000，明天就该还了，好慌", "欠了十几万，不想活了", "小王欠我2000",
    "招行额度2万", "买了个手机3000", "花呗还了500", "如已还款请忽略", "删除花呗", "花呗不用提醒了", "下周还花呗",
    "how long does a late payment stay on my report?", "Tom owes me $50", "Citi credit limit is $8,000",
    "paid $200 on Chase", "gonna pay visa 200 on payday", "haven't paid Amex yet",
])
def test_not_a_new_debt(text: str) -> None:
    assert parse_debts(text, now=NOW) == []


def test_a_request_phrased_as_a_question_is_still_a_debt() -> None:
    [draft] = parse_debts("能不能帮我记一下花呗3000", now=NOW)
    assert (draft.creditor, draft.amount, draft.due) == ("花呗", Decimal("3000"), None)


def test_every_debt_of_a_message_with_its_new_fields() -> None:
    [card, loan] = parse_debts("招行信用卡5000，最低还款500，账单日5号还款日23号；借呗分了12期，每期500，每月10号还", now=NOW)
    assert (card.amount, card.minimum, card.statement_day, card.due and card.due.at.date()) == (
        Decimal("5000"), Decimal("500"), 5, date(2026, 12, 23))
    assert (loan.amount, loan.instalment_amount, loan.instalment_count) == (Decimal("6000"), Decimal("500"), 12)


def test_overdue_and_past_readings() -> None:
    [late] = parse_debts("visa 1000 due Nov 28, it's already overdue", now=NOW, lang="en")
    assert (late.due and late.due.at.date(), late.overdue_since) == (date(2026, 11, 28), date(2026, 11, 28))
    [unsure] = parse_debts("花呗3000 9月15号到期", now=NOW)
    assert unsure.past_alternative == date(2026, 9, 15)


def test_several_payments_and_boilerplate() -> None:
    assert [(p.creditor_hint, p.amount) for p in parse_payments("花呗还了500，借呗还了1000", NOW)] == [
        ("花呗", Decimal("500")), ("借呗", Decimal("1000"))]
    for text in ("如已还款请忽略", "若已还款请忽略此短信", "if paid, please ignore", "明天就该还了", "下周还", "will pay tomorrow"):
        assert parse_payments(text, NOW) == [], text


def test_no_confident_but_wrong_reading_on_the_corpus() -> None:
    for cases in (corpus(), HELD_OUT):
        scores, _ = run(cases, understand)
        wrong = [(text, s.notes) for (text, _, _), s in zip(cases, scores, strict=True) if s.confident_wrong]
        assert wrong == []


def test_second_held_out_set_shows_the_user_no_confident_but_wrong_reading() -> None:
    # The router reads a pasted notice with the bill reader before the debt parser: for a paste the parsers alone
    # misread, what the user sees is the bill reader's reading, which must then be the right one.
    from bot.nlu import BillNotice, parse_notice

    scores, _ = run(HELD_OUT_2, understand)
    for (text, _, expected), s in zip(HELD_OUT_2, scores, strict=True):
        if not s.confident_wrong:
            continue
        notice = parse_notice(text, now=NOW)
        assert isinstance(notice, BillNotice), (text, s.notes)
        [want] = expected[1]
        assert (notice.amount, notice.due and notice.due.isoformat()) == (want["amount"], want["due"]), text


# What the third held-out set still reads against its expectation, each for a reason in docs/benchmarks.md (B6):
# a servicer named before the loan's kind, a purchase on a pay-later plan. (A deadline before the Spring Festival,
# a prepayment said without 了 and a rough total of "网贷" are read right since the fourth round.) Anything new read
# confidently and wrongly fails here.
_THIRD_SET_KNOWN = {
    "navient student loan $210 due the 28th", "bought a $1,200 laptop with Affirm, 12 months 0%",
}


def test_third_held_out_set_has_no_new_confident_but_wrong_reading() -> None:
    scores, _ = run(HELD_OUT_3, understand)
    wrong = {text for (text, _, _), s in zip(HELD_OUT_3, scores, strict=True) if s.confident_wrong}
    assert wrong <= _THIRD_SET_KNOWN, sorted(wrong - _THIRD_SET_KNOWN)


@pytest.mark.parametrize(("text", "amount"), [
    ("花呗还了500，还有2500没还", Decimal("500")), ("花呗还了一部分，还剩1200", None), ("paid 200, 800 left", Decimal("200")),
    ("I paid Chase 300, still owe 900", Decimal("300")), ("还没还，刚还了500", Decimal("500")),
])
def test_what_is_left_is_not_what_was_paid(text: str, amount: Decimal | None) -> None:
    [payment] = parse_payments(text, NOW)
    assert payment.amount == amount


@pytest.mark.parametrize("text", ["还完这笔就轻松了", "等我还了花呗再说", "还了就好", "I should have paid Chase yesterday",
                                  "花呗还款失败了", "was supposed to pay 200 yesterday but didn't"])
def test_conditions_regrets_and_failures_are_not_payments(text: str) -> None:
    assert parse_payments(text, NOW) == []


@pytest.mark.parametrize(("text", "creditor"), [
    ("中银消费金融欠5000，15号还", "中银消费金融"), ("中銀卡數欠咗三萬，下個月3號還", "中银香港信用卡"),
    ("信用卡透支5000，15号还", "信用卡"), ("中信卡費這期要繳8千，20號前", "中国信托信用卡"),
    ("中信信用卡欠款5500元，还款日12月16日", "中信银行信用卡"), ("SoFi personal loan 450 due the 1st", "SoFi"),
])
def test_names_that_look_alike_go_to_the_right_creditor(text: str, creditor: str) -> None:
    [debt] = parse_debts(text, now=NOW)
    assert debt.creditor == creditor


@pytest.mark.parametrize("text", ["transferred 500 to my savings", "sent 200 to my checking",
                                  "周末要把花呗还了", "我准备这周末把花呗还了"])
def test_money_moved_to_ones_own_account_or_a_plan_is_neither_payment_nor_debt(text: str) -> None:
    assert parse_payments(text, NOW) == []
    assert parse_debts(text, now=NOW) == []


def test_how_long_it_is_late_is_not_the_amount() -> None:
    [debt] = parse_debts("网贷逾期100多天了，欠3万", now=NOW)
    assert debt.amount == Decimal("30000")
    assert debt.overdue_since is None  # "100多天" is not a day count: asked


def test_money_sent_to_a_person_for_what_was_owed_is_a_payment() -> None:
    [paid] = parse_payments("sent mom 200 for what I owed", NOW)
    assert (paid.creditor_hint, paid.amount) == ("mom", Decimal("200"))
    assert parse_debts("sent mom 200 for what I owed", now=NOW) == []


def test_payments_left_are_what_is_still_owed() -> None:
    [debt] = parse_debts("Afterpay 4 payments of $25, 2 left", now=NOW)
    assert (debt.amount, debt.instalment_count, debt.instalment_amount) == (Decimal("50"), 2, Decimal("25"))
    [debt] = parse_debts("Affirm: 4 payments of $75 left", now=NOW)
    assert (debt.amount, debt.instalment_count) == (Decimal("300"), 4)


def test_what_one_can_pay_is_not_what_is_owed() -> None:
    [debt] = parse_debts("I can only pay $50 of my $400 Chase bill", now=NOW)
    assert debt.amount == Decimal("400")
    [debt] = parse_debts("借呗只能还500，欠5000，15号", now=NOW)
    assert debt.amount == Decimal("5000")


def test_a_missed_weekday_is_the_last_one_not_a_day_of_last_month() -> None:
    [debt] = parse_debts("missed the Amex payment, it was due Monday, $300", now=NOW)
    assert debt.overdue_since == date(2026, 11, 30)


def test_a_lenders_product_named_after_it_is_one_debt() -> None:
    [debt] = parse_debts("招联的好期贷欠4000，每月3号", now=NOW)
    assert (debt.creditor, debt.amount) == ("招联金融", Decimal("4000"))


@pytest.mark.parametrize(("text", "creditor", "amount"), [
    ("信貸每個月繳12000 每月5號扣款", "信贷", "12000"), ("學貸每月還3200 10號", "助学贷款", "3200"),
    ("富邦信用卡本期應繳NT$8,888 最低應繳889 繳款截止日12/23", "台北富邦银行信用卡", "8888"),
])
def test_taiwan_loans_and_cards_in_traditional_characters(text: str, creditor: str, amount: str) -> None:
    [debt] = parse_debts(text, now=NOW)
    assert (debt.creditor, debt.amount) == (creditor, Decimal(amount))


@pytest.mark.parametrize(("text", "creditor", "amount", "due"), [
    ("overdraft fee $35 from wells fargo, need to pay by friday", "Wells Fargo overdraft", "35", date(2026, 12, 4)),
    ("wells fargo overdraft $35", "Wells Fargo overdraft", "35", None),
    ("my chase overdraft is 200, pay by the 10th", "Chase overdraft", "200", date(2026, 12, 10)),
    ("overdraft of £300 with lloyds, due the 28th", "Lloyds overdraft", "300", date(2026, 12, 28)),
    ("overdraft 500", "Overdraft", "500", None),
])
def test_a_banks_overdraft_is_one_debt_of_that_bank_not_a_card_and_an_overdraft(
        text: str, creditor: str, amount: str, due: date | None) -> None:
    [debt] = parse_debts(text, now=NOW)
    assert (debt.creditor, debt.amount) == (creditor, Decimal(amount))
    assert (debt.due.at.astimezone(NOW.tzinfo).date() if debt.due else None) == due
