"""What the page shows, read in one transaction: the user's debts, the payoff plan and the recovery steps.

Pure reading: nothing here changes a row. Formatting follows the user's language from the chat's catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.finance import (
    PayoffPlan,
    PlanDebt,
    add_months,
    months_until,
    payment_to_clear_by,
    plan_payoff,
)
from bot.core.plan_text import compose_clear_by, compose_problem
from bot.core.progress import main_currency
from bot.core.recovery import COMPLETED, ITEMS_BY_ID, STEPS, current_step, items_of, open_items
from bot.core.schedule import local_date
from bot.engine.companion import Progress
from bot.texts import t
from bot.texts.format import day_text, money, rule_text, when_text
from storage import accounts
from storage import web as web_store
from storage.models import Debt, User

MAX_BUDGET = Decimal("100000000")  # a budget beyond this is a typo, not a plan


@dataclass(frozen=True, slots=True)
class DebtView:
    """One debt as the page lists it."""

    id: int
    creditor: str
    balance: str
    due: str  # "Due 12月10日" or "No due date"
    status: str  # days left, due today, or overdue
    overdue: bool
    repeat: str | None
    minimum: str | None
    next_reminder: str
    muted: bool
    due_iso: str  # for the date input


@dataclass(frozen=True, slots=True)
class StrategyView:
    """One column of the side-by-side plan."""

    name: str
    months: str
    interest: str
    order: str


@dataclass(frozen=True, slots=True)
class PlanView:
    """The payoff plan for a budget or a target date."""

    budget: Decimal | None
    budget_text: str
    target: str
    strategies: tuple[StrategyView, ...] = ()
    message: str | None = None  # "can't cover the minimums: negotiate", what a target date needs, or a hint
    series: tuple[tuple[str, tuple[tuple[date, Decimal], ...]], ...] = ()  # chart lines: (label, points)
    currency: str = "CNY"


@dataclass(frozen=True, slots=True)
class StepView:
    """One of the four recovery steps."""

    number: int
    name: str
    state: str  # done | current | later
    items: tuple[tuple[str, str], ...]  # (text, done|auto|todo)


@dataclass(frozen=True, slots=True)
class RecoveryView:
    steps: tuple[StepView, ...]
    next_item: str | None
    completed: bool
    clears: tuple[str, ...]  # one line per debt whose late-record drop-off date is known


@dataclass
class PageView:
    """Everything the page shows for one user."""

    lang: str
    today: date
    debts: list[DebtView] = field(default_factory=list)
    total: str = ""
    plan: PlanView | None = None
    recovery: RecoveryView | None = None


def load_page(session: Session, user: User, now: datetime, *, budget: str | None = None,
              target: str | None = None) -> PageView:
    """Read and shape everything the page shows for ``user``."""
    assert user.id is not None
    zone = ZoneInfo(user.timezone)
    today = local_date(now, zone)
    lang = user.language
    every = accounts.list_debts(session=session, owner_id=user.id, include_settled=True)
    active = [d for d in every if d.status == "active"]
    upcoming = web_store.next_reminders(session=session, owner_id=user.id)
    page = PageView(lang=lang, today=today)
    page.debts = [_debt_view(d, upcoming.get(d.id or 0), today, zone, lang) for d in active]
    totals: dict[str, Decimal] = {}
    for d in active:
        totals[d.currency] = totals.get(d.currency, Decimal(0)) + d.balance
    page.total = " + ".join(money(v, c) for c, v in totals.items())
    page.plan = load_plan(session, user, now, active=active, budget=budget, target=target)
    page.recovery = _recovery(Progress.load(session, user.id, debts=every), every, now, zone, lang, today)
    return page


def _debt_view(debt: Debt, reminder: datetime | None, today: date, zone: ZoneInfo, lang: str) -> DebtView:
    due = debt.due_date
    overdue = False
    if due is None:
        due_text, status = t(lang, "web.debt.no_due"), ""
    else:
        due_text = t(lang, "web.debt.due", day=day_text(due, lang, today))
        # The first missed due date still unpaid counts, even after a recurring bill rolled to its next cycle.
        since = debt.overdue_since if debt.overdue_since is not None and debt.overdue_since < today else None
        left = (due - today).days
        if since is not None:
            overdue = True
            status = t(lang, "web.debt.overdue_since", day=day_text(since, lang, today), days=(today - since).days)
        elif left > 0:
            status = t(lang, "web.debt.days_left", days=left)
        elif left == 0:
            status = t(lang, "web.debt.due_today")
        else:
            overdue = True
            status = t(lang, "web.debt.overdue", days=-left)
    if debt.reminders_muted:
        next_text = t(lang, "web.debt.muted")
    elif reminder is None:
        next_text = t(lang, "web.debt.no_reminder")
    else:
        next_text = t(lang, "web.debt.next_reminder", when=when_text(reminder.astimezone(zone), lang, today))
    return DebtView(
        id=debt.id or 0, creditor=debt.creditor, balance=money(debt.balance, debt.currency), due=due_text,
        status=status, overdue=overdue,
        repeat=t(lang, "web.debt.repeat", rule=rule_text(debt.rrule, lang)) if debt.rrule else None,
        minimum=None if debt.minimum_payment is None else t(
            lang, "web.debt.minimum", amount=money(debt.minimum_payment, debt.currency)),
        next_reminder=next_text, muted=debt.reminders_muted, due_iso="" if due is None else due.isoformat())


# --- the plan ------------------------------------------------------------------------------------------------


def plan_debts(active: list[Debt], today: date) -> tuple[list[PlanDebt], dict[str, str], str]:
    """The debts a plan is made of: the main currency's, with what is known of their rates and minimums."""
    currency = main_currency(active)
    chosen = [d for d in active if d.currency == currency and d.balance > 0]
    debts = [PlanDebt(key=str(d.id), name=d.creditor, balance=d.balance, annual_rate=_annual_rate(d),
                      minimum=d.minimum_payment,
                      overdue=d.overdue_since is not None or (d.due_date is not None and d.due_date < today))
             for d in chosen]
    return debts, {str(d.id): d.creditor for d in chosen}, currency


def _annual_rate(debt: Debt) -> Decimal | None:
    if debt.annual_rate is not None:
        return debt.annual_rate
    return None if debt.daily_rate is None else debt.daily_rate * 365


def parse_budget(text: str | None) -> Decimal | None:
    """Read the budget typed in the page's number field: digits with an optional decimal point, else None."""
    if text is None:
        return None
    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if not cleaned or len(cleaned) > 16 or not all(ch.isdigit() or ch == "." for ch in cleaned) or not cleaned.isascii():
        return None
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        return None
    return value if 0 <= value <= MAX_BUDGET else None


def parse_target(text: str | None) -> date | None:
    """Read a date field (YYYY-MM-DD), else None."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def load_plan(session: Session, user: User, now: datetime, *, active: list[Debt] | None = None,
              budget: str | None = None, target: str | None = None) -> PlanView:
    """The plan for the budget (or target date) asked, else for what the user has been paying a month."""
    assert user.id is not None
    zone = ZoneInfo(user.timezone)
    today = local_date(now, zone)
    lang = user.language
    if active is None:
        active = accounts.list_debts(session=session, owner_id=user.id)
    debts, names, currency = plan_debts(active, today)
    if not debts:
        return PlanView(budget=None, budget_text="", target="", message=t(lang, "web.plan.none"), currency=currency)
    target_day = parse_target(target)
    if target_day is not None and not budget:
        months = months_until(today, target_day)
        payment = payment_to_clear_by(debts, months, "avalanche") if months >= 1 else None
        message = compose_clear_by(payment, months=months, target=target_day, strategy="avalanche", today=today,
                                   lang=lang, currency=currency)
        if payment is None:
            return PlanView(budget=None, budget_text="", target=target_day.isoformat(), message=message,
                            currency=currency)
        view = _compare(debts, names, payment, today, lang, currency)
        return PlanView(budget=payment, budget_text=str(payment), target=target_day.isoformat(),
                        strategies=view.strategies, message=message, series=view.series, currency=currency)
    amount = parse_budget(budget)
    if budget and amount is None:
        return PlanView(budget=None, budget_text=budget[:20], target="", message=t(lang, "web.plan.bad_budget"),
                        currency=currency)
    if amount is None:
        amount = _usual_budget(session, user.id, now, debts)
    return _compare(debts, names, amount, today, lang, currency)


def _usual_budget(session: Session, owner_id: int, now: datetime, debts: list[PlanDebt]) -> Decimal:
    """What the user paid a month over the last 90 days, at least the minimums (as ``/chart`` projects with)."""
    since = now - timedelta(days=90)
    paid = sum((p.amount for p in accounts.list_payments(session=session, owner_id=owner_id) if p.paid_at >= since),
               Decimal(0))
    minimums = plan_payoff(debts, Decimal(0), "avalanche").sum_minimums
    # Rounded up: a budget a few cents under the minimums would be "no plan fits" for a budget nobody typed.
    return max((paid / 3).quantize(Decimal("1")), minimums.to_integral_value(rounding=ROUND_CEILING))


def _compare(debts: list[PlanDebt], names: dict[str, str], budget: Decimal, today: date, lang: str,
             currency: str) -> PlanView:
    plans = [plan_payoff(debts, budget, "avalanche"), plan_payoff(debts, budget, "snowball")]
    text_budget = f"{budget.normalize():f}"
    hint = t(lang, "web.plan.budget_hint", budget=money(budget, currency))
    for p in plans:
        if not p.feasible:
            # The same words as /plan: why no plan fits, and to ask the lender for instalments or time.
            return PlanView(budget=budget, budget_text=text_budget, target="",
                            message=compose_problem(p, lang, currency), currency=currency)
    return PlanView(budget=budget, budget_text=text_budget, target="", message=hint, currency=currency,
                    strategies=tuple(_strategy(p, names, today, lang, currency) for p in plans),
                    series=tuple((t(lang, f"web.plan.line.{p.strategy}"),
                                  tuple((add_months(today, m.month), m.total) for m in p.timeline)) for p in plans))


def _strategy(plan: PayoffPlan, names: dict[str, str], today: date, lang: str, currency: str) -> StrategyView:
    assert plan.months is not None
    order = t(lang, "plan.name_separator").join(names.get(k, k) for k in plan.order)
    return StrategyView(
        name=t(lang, f"plan.strategy.{plan.strategy}"),
        months=t(lang, "web.plan.months", months=plan.months,
                 day=day_text(add_months(today, plan.months), lang, today)),
        interest=t(lang, "web.plan.interest", amount=money(plan.total_interest, currency)),
        order=t(lang, "web.plan.order", order=order))


# --- recovery ------------------------------------------------------------------------------------------------


def _recovery(progress: Progress, every: list[Debt], now: datetime, zone: ZoneInfo, lang: str,
              today: date) -> RecoveryView:
    done = progress.done(now, zone)
    auto = done - progress.ticks
    step_now = current_step(done)
    steps = []
    for step in STEPS:
        state = "done" if step < step_now else "current" if step == step_now else "later"
        items = tuple((t(lang, f"recovery.item.{item.id}") + (t(lang, "recovery.optional") if item.optional else ""),
                       "auto" if item.id in auto else "done" if item.id in done else "todo")
                      for item in items_of(step))
        steps.append(StepView(number=step, name=t(lang, f"recovery.step.{step}"), state=state, items=items))
    next_item = None
    if step_now != COMPLETED:
        waiting = open_items(step_now, done)
        if waiting:
            next_item = t(lang, f"recovery.short.{ITEMS_BY_ID[waiting[0]].id}")
    clears = tuple(t(lang, "web.debt.clears", creditor=d.creditor, day=day_text(d.record_clears_on, lang, today))
                   for d in every if d.record_clears_on is not None)
    return RecoveryView(steps=tuple(steps), next_item=next_item, completed=step_now == COMPLETED, clears=clears)
