"""The /plan wording: side-by-side plans, infeasible budgets, the payment that clears by a date."""

from datetime import date
from decimal import Decimal as D

import pytest

from bot.core.finance import PlanDebt, months_until, payment_to_clear_by, plan_payoff
from bot.core.plan_text import compose_clear_by, compose_plan
from tests.core.test_tips import suggests_borrowing

TODAY = date(2026, 11, 28)
DEBTS = [
    PlanDebt("card", "信用卡", D("1000"), D("0.24"), D("100")),
    PlanDebt("huabei", "花呗", D("500"), D("0.12"), D("50")),
]
NAMES = {d.key: d.name for d in DEBTS}


def test_side_by_side_zh() -> None:
    text = compose_plan(
        plan_payoff(DEBTS, D("400"), "avalanche"), plan_payoff(DEBTS, D("400"), "snowball"),
        names=NAMES, today=TODAY, lang="zh",
    )
    lines = text.splitlines()
    assert lines[:7] == [
        "📊 每月预算 ¥400 的还款方案（估算）",
        "【雪崩法】利率最高的先还，利息最少",
        "  顺序：1. 信用卡（第3个月还清）、2. 花呗（第4个月还清）",
        "  约 4 个月还清（2027年3月28日（周日）前后），利息合计约 ¥57.26",
        "【雪球法】余额最小的先还，更快看到成果",
        "  顺序：1. 花呗（第2个月还清）、2. 信用卡（第4个月还清）",
        "  约 4 个月还清（2027年3月28日（周日）前后），利息合计约 ¥67.57",
    ]
    assert "雪崩法能少付利息约 ¥10.31" in lines[7]
    assert lines[8].startswith("ℹ️ 以上为估算")


def test_side_by_side_en_flags_unknown_rates_and_assumed_minimums() -> None:
    debts = [*DEBTS, PlanDebt("jd", "Baitiao", D("300"))]
    names = {**NAMES, "jd": "Baitiao"}
    text = compose_plan(
        plan_payoff(debts, D("600"), "avalanche"), plan_payoff(debts, D("600"), "snowball"),
        names=names, today=TODAY, lang="en",
    )
    assert text.startswith("📊 Payoff plans for a monthly budget of ¥600 (estimates)")
    assert "The rate of Baitiao is unknown and counted as 0" in text
    assert "No minimum payment given for Baitiao: ASSUMED to be 10% of the balance (at least ¥50), a commonly cited figure" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_budget_below_minimums_suggests_asking_the_lender_not_borrowing(lang: str) -> None:
    text = compose_plan(
        plan_payoff(DEBTS, D("120"), "avalanche"), plan_payoff(DEBTS, D("120"), "snowball"),
        names=NAMES, today=TODAY, lang=lang,
    )
    assert "¥150" in text and "¥30" in text
    if lang == "zh":
        assert "申请分期或延期" in text and "平台可以不同意" in text
    else:
        assert "ask for instalments or more time" in text and "may refuse" in text
    assert not suggests_borrowing(text)


@pytest.mark.parametrize(
    ("debt", "budget", "zh_phrase"),
    [
        (PlanDebt("loan", "网贷", D("10000"), D("0.36"), D("100")), D("300"), "还抵不过每月新增的利息"),
        (PlanDebt("big", "大额", D("100000"), D("0"), D("100")), D("100"), "要超过 50 年"),
    ],
)
def test_other_infeasible_plans_are_explained(debt: PlanDebt, budget: D, zh_phrase: str) -> None:
    text = compose_plan(
        plan_payoff([debt], budget, "avalanche"), plan_payoff([debt], budget, "snowball"),
        names={debt.key: debt.name}, today=TODAY, lang="zh",
    )
    assert zh_phrase in text
    assert "平台可以不同意" in text


def test_clear_by_date() -> None:
    target = date(2027, 11, 28)
    months = months_until(TODAY, target)
    assert months == 12
    debt = PlanDebt("d", "D", D("1200"), D("0.12"), D("50"))
    payment = payment_to_clear_by([debt], months, "avalanche")
    assert compose_clear_by(payment, months=months, target=target, strategy="avalanche", today=TODAY, lang="zh") == (
        "要在 2027年11月28日（周日） 前全部还清，每月大约需要还 ¥107（共 12 期，按雪崩法估算，已向上取整到元）。"
    )
    assert compose_clear_by(payment, months=months, target=target, strategy="snowball", today=TODAY, lang="en") == (
        "To be debt-free by Sun 28 Nov 2027, pay about ¥107 a month (12 payments, using the snowball, "
        "rounded up to the yuan)."
    )


def test_clear_by_too_soon() -> None:
    text = compose_clear_by(None, months=0, target=date(2026, 12, 5), strategy="avalanche", today=TODAY, lang="en")
    assert text.startswith("Sat 5 Dec is too soon")
