"""Payoff maths against worked examples computed by hand (the arithmetic is in the comments)."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.finance import (
    PlanDebt,
    add_months,
    default_minimum,
    estimate_penalty,
    months_until,
    payment_to_clear_by,
    payoff_order,
    plan_payoff,
    projection_points,
)

# Two debts used by the worked examples:
#   card:   ¥1,000 at 24 %/yr (2 % a month), minimum ¥100
#   huabei: ¥500   at 12 %/yr (1 % a month), minimum ¥50
CARD = PlanDebt("card", "Card", D("1000"), D("0.24"), D("100"))
HUABEI = PlanDebt("huabei", "Huabei", D("500"), D("0.12"), D("50"))


def test_avalanche_worked_example() -> None:
    # Budget ¥400; avalanche targets the card (24 %) first.
    # m1: card 1000 + 20.00 = 1020.00; huabei 500 + 5.00 = 505.00
    #     pay minimums 100 + 50, extra 250 -> card pays 350 -> card 670.00, huabei 455.00
    # m2: card 670 × 0.02 = 13.40 -> 683.40; huabei 455 × 0.01 = 4.55 -> 459.55
    #     card pays 350 -> 333.40; huabei pays 50 -> 409.55
    # m3: card 333.40 × 0.02 = 6.668 -> 6.67 -> 340.07; huabei 409.55 × 0.01 = 4.0955 -> 4.10 -> 413.65
    #     minimums 100 + 50, extra 250 -> card takes 240.07 (cleared), 9.93 spills to huabei -> 353.72
    # m4: huabei 353.72 × 0.01 = 3.5372 -> 3.54 -> 357.26; budget 400 covers it -> cleared
    # interest: 20 + 5 + 13.40 + 4.55 + 6.67 + 4.10 + 3.54 = 57.26
    plan = plan_payoff([CARD, HUABEI], D("400"), "avalanche")
    assert plan.feasible and plan.problem is None
    assert plan.order == ("card", "huabei")
    assert plan.months == 4
    assert plan.payoff_month == {"card": 3, "huabei": 4}
    assert plan.total_interest == D("57.26")
    assert [m.total for m in plan.timeline] == [D("1500"), D("1125.00"), D("742.95"), D("353.72"), D("0.00")]
    assert plan.timeline[3].balances == {"card": D("0.00"), "huabei": D("353.72")}


def test_snowball_worked_example() -> None:
    # Budget ¥400; snowball targets huabei (smaller balance) first.
    # m1: card 1020.00, huabei 505.00; minimums 100 + 50, extra 250 -> huabei pays 300 -> 205.00, card 920.00
    # m2: card 920 × 0.02 = 18.40 -> 938.40; huabei 205 × 0.01 = 2.05 -> 207.05
    #     huabei takes 50 + 157.05 (cleared); the remaining 92.95 spills to the card: pays 192.95 -> 745.45
    # m3: card 745.45 × 0.02 = 14.909 -> 14.91 -> 760.36; the whole 400 -> 360.36
    # m4: card 360.36 × 0.02 = 7.2072 -> 7.21 -> 367.57; cleared
    # interest: 20 + 5 + 18.40 + 2.05 + 14.91 + 7.21 = 67.57 (¥10.31 more than the avalanche)
    plan = plan_payoff([CARD, HUABEI], D("400"), "snowball")
    assert plan.order == ("huabei", "card")
    assert plan.months == 4
    assert plan.payoff_month == {"huabei": 2, "card": 4}
    assert plan.total_interest == D("67.57")


def test_budget_below_minimums_is_infeasible_with_shortfall() -> None:
    # minimums 100 + 50 = 150; a budget of 120 is short by 30
    plan = plan_payoff([CARD, HUABEI], D("120"), "avalanche")
    assert not plan.feasible
    assert plan.problem == "below_minimums"
    assert plan.sum_minimums == D("150")
    assert plan.shortfall == D("30")
    assert plan.months is None
    assert plan.timeline[0].total == D("1500")


def test_interest_at_or_above_budget_never_finishes() -> None:
    # ¥10,000 at 36 %/yr accrues 10000 × 0.03 = ¥300 in month one; a ¥300 budget never reduces it
    debt = PlanDebt("loan", "Loan", D("10000"), D("0.36"), D("100"))
    plan = plan_payoff([debt], D("300"), "avalanche")
    assert not plan.feasible and plan.problem == "interest_exceeds_budget"
    assert plan.shortfall == D("0")


def test_plan_longer_than_the_cap_is_infeasible() -> None:
    # No interest, ¥100,000 at ¥100 a month = 1,000 months > 600
    debt = PlanDebt("big", "Big", D("100000"), D("0"), D("100"))
    plan = plan_payoff([debt], D("100"), "snowball")
    assert not plan.feasible and plan.problem == "too_long"


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        (D("3000"), D("300.00")),  # 10 % of 3,000
        (D("200"), D("50")),  # 10 % is 20, the floor is 50
        (D("30"), D("30")),  # never more than the balance
        (D("1234.56"), D("123.46")),  # 123.456 rounds half-up
    ],
)
def test_default_minimum(balance: D, expected: D) -> None:
    assert default_minimum(balance) == expected


def test_unknown_rate_and_minimum_are_flagged() -> None:
    # Huabei with no rate and no minimum: rate counts as 0, minimum 10 % of 3,000 = 300.
    # Budget 1,000: months 1–3 pay 1,000 each -> cleared in month 3, no interest.
    debt = PlanDebt("hb", "花呗", D("3000"))
    plan = plan_payoff([debt], D("1000"), "avalanche")
    assert plan.unknown_rate_keys == ("hb",)
    assert plan.assumed_minimum_keys == ("hb",)
    assert plan.minimums == {"hb": D("300.00")}
    assert plan.months == 3
    assert plan.total_interest == D("0.00")


def test_overdue_debts_come_first_in_both_orders() -> None:
    late = PlanDebt("late", "Late", D("5000"), D("0.05"), D("100"), overdue=True)
    assert payoff_order([CARD, HUABEI, late], "avalanche") == ("late", "card", "huabei")
    assert payoff_order([CARD, HUABEI, late], "snowball") == ("late", "huabei", "card")


def test_unknown_rate_goes_last_in_avalanche() -> None:
    unknown = PlanDebt("u", "U", D("10"))
    assert payoff_order([unknown, HUABEI, CARD], "avalanche") == ("card", "huabei", "u")


def test_payment_to_clear_by_without_interest() -> None:
    # ¥1,200, no interest, minimum 50, 12 months: 1200 / 12 = 100 exactly; 99 × 12 = 1188 falls short
    debt = PlanDebt("d", "D", D("1200"), D("0"), D("50"))
    assert payment_to_clear_by([debt], 12, "avalanche") == D("100")


def test_payment_to_clear_by_with_interest_is_the_annuity_rounded_up() -> None:
    # ¥1,200 at 12 %/yr (1 % a month) in 12 months: annuity 1200 × 0.01 / (1 − 1.01^−12) = 106.62…
    # so ¥106 leaves a remainder in month 13 and ¥107 clears it (whole yuan, rounded up)
    debt = PlanDebt("d", "D", D("1200"), D("0.12"), D("50"))
    assert payment_to_clear_by([debt], 12, "avalanche") == D("107")
    assert plan_payoff([debt], D("107"), "avalanche").months == 12
    assert plan_payoff([debt], D("106"), "avalanche").months == 13


def test_payment_to_clear_by_never_below_minimums() -> None:
    # Default minimum of ¥1,200 is ¥120, which clears it in 10 months: asking for 12 still gives 120
    debt = PlanDebt("d", "D", D("1200"), D("0"))
    assert payment_to_clear_by([debt], 12, "snowball") == D("120")


def test_payment_to_clear_by_one_month_is_everything_plus_interest() -> None:
    # ¥1,000 at 24 %/yr: 1000 + 20.00 interest = 1,020 in one payment
    assert payment_to_clear_by([CARD], 1, "avalanche") == D("1020")


def test_payment_to_clear_by_rejects_zero_months() -> None:
    with pytest.raises(ValueError):
        payment_to_clear_by([CARD], 0, "avalanche")


@pytest.mark.parametrize(
    ("amount", "rate", "days", "expected"),
    [
        (D("10000"), D("0.0005"), 1, D("5.00")),  # 10000 × 0.0005 × 1
        (D("10000"), D("0.0005"), 30, D("150.00")),  # H4 worked example
        (D("10000"), D("0.0005"), 365, D("1825.00")),  # 18.25 % a year, simple
        (D("3333.33"), D("0.0005"), 7, D("11.67")),  # 3333.33 × 0.0035 = 11.666655 -> 11.67
        (D("500"), D("0.0005"), 0, D("0.00")),
    ],
)
def test_estimate_penalty(amount: D, rate: D, days: int, expected: D) -> None:
    assert estimate_penalty(amount, rate, days) == expected


def test_estimate_penalty_rejects_negative_input() -> None:
    with pytest.raises(ValueError):
        estimate_penalty(D("-1"), D("0.0005"), 3)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 28), 2, date(2027, 1, 28)),
        (date(2026, 11, 28), -11, date(2025, 12, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("today", "target", "expected"),
    [
        (date(2026, 11, 28), date(2027, 5, 31), 6),  # payments on Dec 28 … May 28
        (date(2026, 11, 28), date(2027, 5, 27), 5),  # May 28 is after the target
        (date(2026, 11, 28), date(2026, 12, 28), 1),
        (date(2026, 11, 28), date(2026, 12, 27), 0),
        (date(2027, 1, 31), date(2027, 2, 28), 1),  # month-end clamps to Feb 28
        (date(2026, 11, 28), date(2026, 1, 1), 0),  # in the past
    ],
)
def test_months_until(today: date, target: date, expected: int) -> None:
    assert months_until(today, target) == expected


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError):
        plan_payoff([CARD, CARD], D("500"), "avalanche")
    with pytest.raises(ValueError):
        plan_payoff([CARD], D("-1"), "avalanche")
    with pytest.raises(ValueError):
        plan_payoff([PlanDebt("x", "X", D("-5"))], D("100"), "snowball")


amounts = st.decimals(min_value=D("1"), max_value=D("50000"), places=2)
rates = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("0.36"), places=4))


@settings(max_examples=60, deadline=None)
@given(
    debts=st.lists(st.tuples(amounts, rates), min_size=1, max_size=4),
    extra=st.decimals(min_value=D("0"), max_value=D("5000"), places=2),
)
def test_feasible_plans_end_at_zero_and_avalanche_never_costs_more(
    debts: list[tuple[D, D | None]], extra: D
) -> None:
    plan_debts = [PlanDebt(f"d{i}", f"D{i}", b, r) for i, (b, r) in enumerate(debts)]
    budget = sum((default_minimum(b) for b, _ in debts), D(0)) + extra
    avalanche = plan_payoff(plan_debts, budget, "avalanche")
    snowball = plan_payoff(plan_debts, budget, "snowball")
    for plan in (avalanche, snowball):
        if plan.feasible:
            assert plan.timeline[-1].total == 0
            assert set(plan.payoff_month) == {d.key for d in plan_debts}
            assert max(plan.payoff_month.values()) == plan.months
    if avalanche.feasible and snowball.feasible:
        # Not a theorem with fixed minimums and cent rounding, so allow a few cents of slack.
        assert avalanche.total_interest <= snowball.total_interest + D("1.00")


def test_projection_points_are_dated_monthly_from_today() -> None:
    plan = plan_payoff([CARD, HUABEI], D("400"), "avalanche")
    points = projection_points(plan, date(2027, 1, 31))
    assert points[0] == (date(2027, 1, 31), D("1500"))
    assert points[1] == (date(2027, 2, 28), D("1125.00"))
    assert points[-1] == (date(2027, 5, 31), D("0.00"))
