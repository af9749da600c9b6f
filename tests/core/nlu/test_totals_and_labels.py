"""A sum of several debts is no one debt's amount, and an amount labelled after it ("$640 minimum") is what the
label says: both used to give a card with a confident, wrong amount."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.nlu import parse_debts

NOW = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["花呗和借呗一共欠了8000", "花呗借呗加起来8000 10号还", "chase and amex 5k combined, due the 20th"])
def test_a_total_for_several_creditors_is_asked_for_each(text: str) -> None:
    drafts = parse_debts(text, now=NOW)
    assert len(drafts) == 2
    assert all(d.amount is None and "amount" in d.missing for d in drafts)


def test_amounts_said_for_each_stay_beside_their_total() -> None:
    drafts = parse_debts("花呗3000借呗2000 一共5000", now=NOW)
    assert [(d.creditor, d.amount) for d in drafts] == [("花呗", Decimal("3000")), ("借呗", Decimal("2000"))]


def test_a_total_of_instalments_for_one_creditor_is_still_its_amount() -> None:
    [draft] = parse_debts("欠花呗3000，一共还有12期", now=NOW)
    assert draft.amount == Decimal("3000")


def test_an_amount_labelled_minimum_after_it_is_the_minimum_not_the_balance() -> None:
    [draft] = parse_debts("my credit card is 2 months past due, $640 minimum to bring it current", now=NOW)
    assert draft.amount is None and draft.minimum == Decimal("640")


def test_a_minimum_labelled_before_still_reads() -> None:
    [draft] = parse_debts("min payment 35 on my discover, balance 900", now=NOW)
    assert (draft.amount, draft.minimum) == (Decimal("900"), Decimal("35"))


def test_a_dollar_amount_before_loan_is_money() -> None:
    [draft] = parse_debts("$500 loan from sofi due the 3rd", now=NOW)
    assert (draft.creditor, draft.amount) == ("SoFi", Decimal("500"))


@pytest.mark.parametrize(("text", "amount", "minimum"), [
    ("ugh so i missed my discover payment, its like 2 weeks late now, owe $2,340, min was $85", "2340", "85"),
    ("amex $1200, $40 min", "1200", "40"),
    ("citi 2,300 balance, 35 min due the 9th", "2300", "35"),
])
def test_the_balance_and_the_minimum_are_never_swapped(text: str, amount: str, minimum: str) -> None:
    # "owe $2,340, min was $85" was read as an $85 debt with a $2,340 minimum: the comma ends the balance.
    [draft] = parse_debts(text, now=NOW)
    assert (draft.amount, draft.minimum) == (Decimal(amount), Decimal(minimum))
