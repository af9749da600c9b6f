"""Pure money maths with ``Decimal``: payoff plans (avalanche and snowball), the payment that clears by a date,
and the simple overdue-charge estimate.

Conventions (the texts repeat them to the user, and every interest figure is shown as an estimate):

* Interest accrues monthly on the balance at the start of the month: ``balance × annual_rate / 12``, rounded
  half-up to the cent, before that month's payment. A rate of ``None`` (unknown) is treated as 0, so the total
  interest of such a plan is a lower bound; the plan lists those debts in ``unknown_rate_keys``.
* A missing minimum payment is assumed to be 10% of the starting balance, at least ¥50 (capped at the balance),
  as commonly cited for Huabei and credit cards (domain-facts H5, C5; grade C). It stays fixed for the plan.
  The plan lists those debts in ``assumed_minimum_keys`` so the text can say so.
* Each month: every debt gets its minimum (or what is left of it), then the rest of the budget goes to the
  target debt, spilling over to the next target; a paid-off debt's minimum stays in the budget (the roll-over).
* Debts already overdue come first in both strategies (bringing them current stops penalty interest and credit
  report damage, domain-facts 4a); then avalanche takes the highest rate first (unknown rates last), snowball the
  smallest starting balance first. Ties go to the other criterion, then to the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Literal

Strategy = Literal["avalanche", "snowball"]
PlanProblem = Literal["below_minimums", "interest_exceeds_budget", "too_long"]

CENT = Decimal("0.01")
ZERO = Decimal("0")
MONTHS_PER_YEAR = Decimal(12)
MAX_MONTHS = 600
DEFAULT_MINIMUM_SHARE = Decimal("0.10")
DEFAULT_MINIMUM_FLOOR = Decimal("50")


def to_cents(amount: Decimal) -> Decimal:
    """Round an amount half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class PlanDebt:
    """One debt as the planner sees it. ``annual_rate`` is a fraction (0.18 = 18 % a year); None = unknown."""

    key: str
    name: str
    balance: Decimal
    annual_rate: Decimal | None = None
    minimum: Decimal | None = None
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class MonthBalances:
    """Balances at the end of month ``month`` of a plan (month 0 = today's balances)."""

    month: int
    balances: dict[str, Decimal]
    total: Decimal


@dataclass(frozen=True, slots=True)
class PayoffPlan:
    """The outcome of paying ``budget`` a month with one strategy.

    When ``feasible`` is False, ``problem`` says why and ``months`` is None; ``shortfall`` is how far the budget
    is below the sum of minimums (zero otherwise). ``order`` is the order in which extra money goes to the debts;
    ``payoff_month`` says when each one is actually cleared (a small debt may clear on its minimum first).
    """

    strategy: Strategy
    budget: Decimal
    feasible: bool
    problem: PlanProblem | None
    order: tuple[str, ...]
    months: int | None
    total_interest: Decimal
    payoff_month: dict[str, int]
    minimums: dict[str, Decimal]
    sum_minimums: Decimal
    shortfall: Decimal
    assumed_minimum_keys: tuple[str, ...]
    unknown_rate_keys: tuple[str, ...]
    timeline: tuple[MonthBalances, ...] = field(repr=False)


def default_minimum(balance: Decimal) -> Decimal:
    """Return the assumed minimum payment: 10 % of the balance, at least ¥50, never above the balance."""
    return min(balance, max(to_cents(balance * DEFAULT_MINIMUM_SHARE), DEFAULT_MINIMUM_FLOOR))


def minimum_of(debt: PlanDebt) -> Decimal:
    """Return the minimum payment the plan uses for ``debt`` (its own, or the assumed default)."""
    if debt.minimum is None:
        return default_minimum(debt.balance)
    return min(debt.minimum, debt.balance)


def payoff_order(debts: Sequence[PlanDebt], strategy: Strategy) -> tuple[str, ...]:
    """Return the keys in the order extra money goes to them under ``strategy``."""

    def rate(d: PlanDebt) -> Decimal:
        return d.annual_rate if d.annual_rate is not None else Decimal(-1)

    if strategy == "avalanche":
        ranked = sorted(debts, key=lambda d: (not d.overdue, -rate(d), d.balance, d.key))
    elif strategy == "snowball":
        ranked = sorted(debts, key=lambda d: (not d.overdue, d.balance, -rate(d), d.key))
    else:
        raise ValueError(f"unknown strategy: {strategy!r}")
    return tuple(d.key for d in ranked)


def _validate(debts: Sequence[PlanDebt]) -> None:
    keys = [d.key for d in debts]
    if len(set(keys)) != len(keys):
        raise ValueError("debt keys must be unique")
    for d in debts:
        if d.balance < 0:
            raise ValueError(f"negative balance for {d.key!r}")
        if d.annual_rate is not None and d.annual_rate < 0:
            raise ValueError(f"negative rate for {d.key!r}")
        if d.minimum is not None and d.minimum < 0:
            raise ValueError(f"negative minimum for {d.key!r}")


def plan_payoff(
    debts: Sequence[PlanDebt], budget: Decimal, strategy: Strategy, *, max_months: int = MAX_MONTHS
) -> PayoffPlan:
    """Simulate paying ``budget`` every month with ``strategy`` until every debt is cleared."""
    _validate(debts)
    if budget < 0:
        raise ValueError("budget must not be negative")
    order = payoff_order(debts, strategy)
    minimums = {d.key: minimum_of(d) for d in debts}
    sum_minimums = sum(minimums.values(), ZERO)
    rates = {d.key: d.annual_rate if d.annual_rate is not None else ZERO for d in debts}
    balances = {d.key: d.balance for d in debts}
    assumed = tuple(d.key for d in debts if d.minimum is None and d.balance > 0)
    unknown = tuple(d.key for d in debts if d.annual_rate is None and d.balance > 0)
    payoff_month = {k: 0 for k, b in balances.items() if b == 0}
    timeline = [MonthBalances(0, dict(balances), sum(balances.values(), ZERO))]

    def outcome(
        feasible: bool, problem: PlanProblem | None, months: int | None, interest: Decimal
    ) -> PayoffPlan:
        return PayoffPlan(
            strategy=strategy,
            budget=budget,
            feasible=feasible,
            problem=problem,
            order=order,
            months=months,
            total_interest=to_cents(interest),
            payoff_month=dict(payoff_month) if feasible else {},
            minimums=minimums,
            sum_minimums=sum_minimums,
            shortfall=max(ZERO, sum_minimums - budget),
            assumed_minimum_keys=assumed,
            unknown_rate_keys=unknown,
            timeline=tuple(timeline) if feasible else tuple(timeline[:1]),
        )

    if budget < sum_minimums:
        return outcome(False, "below_minimums", None, ZERO)
    total_interest = ZERO
    month = 0
    while any(b > 0 for b in balances.values()):
        month += 1
        if month > max_months:
            return outcome(False, "too_long", None, total_interest)
        interest = {k: to_cents(b * rates[k] / MONTHS_PER_YEAR) for k, b in balances.items() if b > 0}
        month_interest = sum(interest.values(), ZERO)
        if month_interest >= budget:
            # The balance can never shrink: this month's interest alone eats the whole budget.
            return outcome(False, "interest_exceeds_budget", None, total_interest)
        total_interest += month_interest
        for k, i in interest.items():
            balances[k] += i
        payments = {k: min(minimums[k], b) for k, b in balances.items()}
        left = budget - sum(payments.values(), ZERO)
        for k in order:
            if left <= 0:
                break
            extra = min(left, balances[k] - payments[k])
            payments[k] += extra
            left -= extra
        for k, paid in payments.items():
            if balances[k] > 0:
                balances[k] -= paid
                if balances[k] == 0:
                    payoff_month[k] = month
        timeline.append(MonthBalances(month, dict(balances), sum(balances.values(), ZERO)))
    return outcome(True, None, month, total_interest)


def payment_to_clear_by(debts: Sequence[PlanDebt], months: int, strategy: Strategy) -> Decimal:
    """Return the smallest whole-yuan monthly payment that clears every debt within ``months`` months.

    Rounded up to the yuan because a round figure is what people can set aside; it is never below the sum of
    minimums. Raises ``ValueError`` for ``months < 1``.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    _validate(debts)

    def clears(payment: Decimal) -> bool:
        plan = plan_payoff(debts, payment, strategy, max_months=months)
        return plan.feasible and plan.months is not None and plan.months <= months

    sum_minimums = sum((minimum_of(d) for d in debts), ZERO)
    low = int(sum_minimums.to_integral_value(rounding=ROUND_CEILING))
    if clears(Decimal(low)):
        return Decimal(low)
    # Paying the whole balance plus one month's interest clears everything in the first month.
    first_month = sum(
        (d.balance + to_cents(d.balance * (d.annual_rate or ZERO) / MONTHS_PER_YEAR) for d in debts), ZERO
    )
    high = max(low + 1, int(first_month.to_integral_value(rounding=ROUND_CEILING)))
    while high - low > 1:  # invariant: low does not clear, high does
        mid = (low + high) // 2
        if clears(Decimal(mid)):
            high = mid
        else:
            low = mid
    return Decimal(high)


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def months_until(today: date, target: date) -> int:
    """Return how many monthly payments fit between ``today`` and ``target`` (the first one a month from today).

    A payment made on the same day of the month as today counts when it falls on or before ``target``.
    """
    months = (target.year - today.year) * 12 + (target.month - today.month)
    if months > 0 and add_months(today, months) > target:
        months -= 1
    return max(0, months)


def projection_points(plan: PayoffPlan, today: date) -> list[tuple[date, Decimal]]:
    """Return the plan's total balance by month as dated points (month 0 = ``today``), for the chart."""
    return [(add_months(today, m.month), m.total) for m in plan.timeline]


def estimate_penalty(overdue_amount: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    """Estimate a simple daily overdue charge, ``amount × daily_rate × days``, rounded half-up to the cent."""
    if overdue_amount < 0 or daily_rate < 0 or days < 0:
        raise ValueError("amount, rate and days must not be negative")
    return to_cents(overdue_amount * daily_rate * days)
