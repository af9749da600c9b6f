"""A due date or an amount said with doubt is left to be asked: the draft carries no amount, or a due date marked
unsure with the words that made it so (the card shows them and asks "is it the 10th?")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.nlu import parse_debts, parse_payments
from bot.nlu.debt import read_due

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("text", "doubt"), [
    ("花呗3000，10号还，或者15号", "或者15号"), ("白条好像是18号还，1200", "好像是"), ("借呗5000 下周三还 也可能是下下周三", "也可能是下下周三"),
    ("美团月付460，不确定是20号还是25号", "还是"), ("Chase 3000 due the 10th or maybe the 15th", "or"),
    ("Klarna $60 due maybe friday", "maybe"), ("I think Citi is due on the 18th, $450", "i think"),
    ("Amex $900 due the 12th or 13th, can't remember", "or"),
])
def test_a_hedged_due_date_is_unsure_and_says_why(text: str, doubt: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.due is not None and not draft.due.confident
    assert doubt in draft.due.leftover.lower()
    assert draft.amount is not None, "the amount said plainly is kept"


@pytest.mark.parametrize("text", ["借呗大概五千，月底还", "信用卡8000左右，15号还", "花呗三千或者四千，10号还", "网商贷差不多两万，每月5号还",
                                  "借唄大約八千，15號還", "招行卡记不清是欠6000还是7000了，23号还", "Chase about $2,000, due the 20th",
                                  "owe Discover like 1500ish, due the 9th", "Discover is either $800 or $900, due Dec 22",
                                  "my Visa is roughly $2k, due Dec 15"])
def test_a_hedged_amount_is_left_to_be_asked_and_the_date_kept(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.amount is None and draft.amount_hedged and "amount" in draft.missing
    assert draft.creditor is not None
    assert draft.due is not None and draft.due.confident


@pytest.mark.parametrize(("text", "amount", "due"), [
    ("借呗4000，下下周三还", Decimal("4000"), date(2026, 12, 16)), ("美团月付3k 月底", Decimal("3000"), date(2026, 12, 31)),
    ("花呗3000还是没还，10号到期", Decimal("3000"), date(2026, 12, 10)), ("owe Chase 3k due the 1st", Decimal("3000"), date(2027, 1, 1)),
    ("I owe about 5 people but Chase is $900 due the 20th", Decimal("900"), date(2026, 12, 20)),
])
def test_plain_values_stay_confident(text: str, amount: Decimal, due: date) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.amount == amount and draft.due is not None and draft.due.confident and draft.due.at.date() == due


def test_a_due_date_typed_as_an_answer_with_an_alternative_is_unsure() -> None:
    due, _, _, _ = read_due("10号或者15号吧", NOW)
    assert due is not None and not due.confident


@pytest.mark.parametrize("text", ["花呗还没还，3000，10号到期", "I still haven't paid the $400 Visa bill due the 15th"])
def test_not_paid_yet_beside_a_bare_day_asks_past_or_coming(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.overdue_since is None and draft.past_alternative is not None


def test_a_worry_beside_a_debt_is_read_only_when_asked_for_and_never_in_a_crisis() -> None:
    assert parse_debts("压力好大，花呗还欠4500，15号要还", now=NOW) == []
    [draft] = parse_debts("压力好大，花呗还欠4500，15号要还", now=NOW, beside_worry=True)
    assert (draft.creditor, draft.amount) == ("花呗", Decimal("4500"))
    assert parse_debts("花呗欠3000，不想活了", now=NOW, beside_worry=True) == []
    assert parse_debts("网上说交888能解除网贷逾期", now=NOW, beside_worry=True) == []
    [one] = parse_debts("网贷逾期被爆通讯录了，欠分期乐3000", now=NOW, beside_worry=True)
    assert (one.creditor, one.amount) == ("分期乐", Decimal("3000"))


@pytest.mark.parametrize(("text", "expected"), [
    ("招行卡记不清是欠6000还是7000了", []), ("我想把白条一次性还清", []),
    ("两笔都还了：花呗800、白条400", [("花呗", Decimal("800"), False), ("白条", Decimal("400"), False)]),
    ("made the minimum payment on Citi, $35", [("citi", Decimal("35"), False)]),
])
def test_payments_read_as_meant(text: str, expected: list[tuple[str, Decimal, bool]]) -> None:
    found = [(p.creditor_hint.lower() if p.creditor_hint and p.creditor_hint.isascii() else p.creditor_hint, p.amount, p.full)
             for p in parse_payments(text, NOW)]
    assert found == expected


@pytest.mark.parametrize("text", ["借呗每月还3000左右", "欠小王三千到四千", "owe Amex somewhere between 900 and 1000, due the 20th",
                                  "owe mom 300 to 400 by friday"])
def test_a_range_or_a_rough_monthly_amount_is_asked(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.amount is None and draft.amount_hedged


@pytest.mark.parametrize("text", ["借呗5000 10号-15号之间还", "Klarna $40 due the 3rd through the 5th", "花呗3000 10号到15号还都行"])
def test_a_range_of_days_is_asked(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.due is not None and not draft.due.confident


def test_up_to_a_date_is_a_deadline_not_a_range_and_a_hedged_minimum_is_asked() -> None:
    [draft] = parse_debts("花呗3000到10号还", now=NOW)
    assert draft.amount == Decimal("3000") and draft.due is not None and draft.due.confident
    [card] = parse_debts("信用卡8000，最低还款大概800，15号", now=NOW)
    assert card.amount == Decimal("8000") and card.minimum is None


def test_to_be_paid_is_not_a_payment() -> None:
    assert parse_payments("Chase $900 to be paid by the 15th", NOW) == []
    [draft] = parse_debts("Chase $900 to be paid by the 15th", now=NOW)
    assert draft.amount == Decimal("900") and draft.due is not None and draft.due.at.date() == date(2026, 12, 15)


@pytest.mark.parametrize(("text", "expected"), [
    ("花呗还了大概1000", ("花呗", None, False)), ("paid like 200 on chase", ("chase", None, False)),
    ("花呗还了1000还是2000忘了", ("花呗", None, False)), ("借呗好像还了2000", ("借呗", None, False)),
    ("I think I paid Amex 300", ("Amex", None, False)), ("花呗应该是已经还清了", ("花呗", None, False)),
    ("白条已经还了，还有花呗3000下周五还", ("白条", None, False)), ("花呗没还完，还了1000", ("花呗", Decimal("1000"), False)),
    ("没有全部还清，还了花呗500", ("花呗", Decimal("500"), False)), ("应该还3000的，还了1000", (None, Decimal("1000"), False)),
    ("还了1000，花呗的", ("花呗", Decimal("1000"), False)),
])
def test_a_payment_said_with_doubt_or_beside_another_figure_books_nothing_it_did_not_say(
        text: str, expected: tuple[str | None, Decimal | None, bool]) -> None:
    [paid] = parse_payments(text, NOW)
    assert (paid.creditor_hint, paid.amount, paid.full) == expected


def test_thinking_one_had_paid_is_not_a_payment() -> None:
    assert parse_payments("我以为还了花呗，其实没有", NOW) == []


def test_two_grand_is_two_thousand() -> None:
    [draft] = parse_debts("owe my dad 2 grand, no deadline", now=NOW)
    assert draft.amount == Decimal("2000")


@pytest.mark.parametrize("text", ["白条 下月初还 1200", "credit card 3k due mid jan", "借呗5000 月中还"])
def test_a_part_of_a_month_is_asked_not_taken_as_its_first_day(text: str) -> None:
    [draft] = parse_debts(text, now=NOW)
    assert draft.due is None or not draft.due.confident
