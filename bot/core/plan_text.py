"""The words of ``/plan``: avalanche and snowball side by side, or why no plan fits the budget."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from bot.core.finance import MAX_MONTHS, PayoffPlan, Strategy, add_months
from bot.texts import t
from bot.texts.format import day_text, money


def _names(keys: tuple[str, ...], names: Mapping[str, str], lang: str) -> str:
    return t(lang, "plan.name_separator").join(names.get(k, k) for k in keys)


def _strategy_block(plan: PayoffPlan, names: Mapping[str, str], today: date, lang: str, currency: str) -> list[str]:
    assert plan.months is not None
    order = t(lang, "plan.name_separator").join(
        t(lang, "plan.order_item", position=i, name=names.get(key, key), month=plan.payoff_month.get(key, 0))
        for i, key in enumerate(plan.order, start=1)
    )
    return [
        t(lang, f"plan.strategy.{plan.strategy}"),
        t(lang, "plan.order_line", order=order),
        t(
            lang,
            "plan.result_line",
            months=plan.months,
            day=day_text(add_months(today, plan.months), lang, today),
            interest=money(plan.total_interest, currency),
        ),
    ]


def compose_problem(plan: PayoffPlan, lang: str, currency: str) -> str:
    """Explain why no plan works at this budget, and suggest asking the lender (a request it may refuse)."""
    budget = money(plan.budget, currency)
    if plan.problem == "below_minimums":
        head = t(
            lang,
            "plan.below_minimums",
            budget=budget,
            minimums=money(plan.sum_minimums, currency),
            shortfall=money(plan.shortfall, currency),
        )
    elif plan.problem == "interest_exceeds_budget":
        head = t(lang, "plan.interest_exceeds_budget", budget=budget)
    else:
        head = t(lang, "plan.too_long", budget=budget, years=MAX_MONTHS // 12)
    return "\n".join([head, t(lang, "plan.negotiate_advice")])


def compose_plan(
    avalanche: PayoffPlan,
    snowball: PayoffPlan,
    *,
    names: Mapping[str, str],
    today: date,
    lang: str,
    currency: str = "CNY",
    no_minimum_keys: tuple[str, ...] = (),
    overdue: tuple[tuple[str, date, int], ...] = (),
) -> str:
    """Write the side-by-side comparison of two plans for the same debts and budget (``no_minimum_keys``: one-off
    loans, which have no minimum payment; ``overdue``: (name, first missed due date, days late) of late debts)."""
    for plan in (avalanche, snowball):
        if not plan.feasible:
            return compose_problem(plan, lang, currency)
    lines = [t(lang, "plan.header", budget=money(avalanche.budget, currency))]
    for name, since, days in overdue:
        lines.append(t(lang, "plan.overdue_line", name=name, since=day_text(since, lang, today), days=days))
    lines += _strategy_block(avalanche, names, today, lang, currency)
    lines += _strategy_block(snowball, names, today, lang, currency)
    saving = snowball.total_interest - avalanche.total_interest
    if saving > 0:
        lines.append(t(lang, "plan.compare_avalanche_cheaper", amount=money(saving, currency)))
    elif saving < 0:
        lines.append(t(lang, "plan.compare_snowball_cheaper", amount=money(-saving, currency)))
    else:
        lines.append(t(lang, "plan.compare_same"))
    lines.append(t(lang, "plan.estimate_note"))
    if avalanche.unknown_rate_keys:
        lines.append(t(lang, "plan.unknown_rates", names=_names(avalanche.unknown_rate_keys, names, lang)))
    if avalanche.assumed_minimum_keys:
        lines.append(t(lang, "plan.assumed_minimums", names=_names(avalanche.assumed_minimum_keys, names, lang)))
    if no_minimum_keys:
        lines.append(t(lang, "plan.minimum_none", names=_names(no_minimum_keys, names, lang)))
    return "\n".join(lines)


def compose_clear_by(
    payment: Decimal | None, *, months: int, target: date, strategy: Strategy, today: date, lang: str,
    currency: str = "CNY",
) -> str:
    """Say what monthly payment clears everything by ``target`` (None or ``months < 1``: the date is too soon)."""
    day = day_text(target, lang, today)
    if payment is None or months < 1:
        return t(lang, "plan.clear_by_too_soon", day=day)
    return t(
        lang,
        "plan.clear_by",
        day=day,
        payment=money(payment, currency),
        months=months,
        strategy=t(lang, f"plan.strategy_name.{strategy}"),
    )
