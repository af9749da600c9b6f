"""The on-time streak and the recovery facts, computed from plain data (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from bot.core.progress import PaymentRow, balance_history, main_currency, on_time_streak, recovery_facts

TODAY = date(2027, 3, 15)


@dataclass
class StoredDebt:
    """What a stored debt holds, as the progress reads it."""

    id: int
    creditor: str
    balance: D
    original_amount: D
    due_date: date | None = None
    currency: str = "CNY"
    status: str = "active"
    reminders_muted: bool = False
    record_clears_on: date | None = None
    overdue_since: date | None = None
    carried_overdue: D | None = None
    awaiting_bill: bool = False


def paid(payment_id: int, debt_id: int, day: int, cycle_due: date | None, on_time: bool) -> PaymentRow:
    return (payment_id, debt_id, datetime(2027, 3, day, 4, tzinfo=UTC), cycle_due, on_time)


def test_the_streak_counts_cycles_paid_on_time_and_breaks_on_a_late_one() -> None:
    history = [
        paid(1, 1, 1, date(2026, 12, 10), True),
        paid(2, 1, 2, date(2027, 1, 10), False),  # late: what came before no longer counts
        paid(3, 1, 3, date(2027, 2, 10), True),
        paid(4, 2, 4, date(2027, 2, 20), True),
    ]
    assert on_time_streak(history) == 2
    assert on_time_streak([*history, paid(5, 2, 5, date(2027, 3, 20), False)]) == 0  # the newest was late
    assert on_time_streak([]) == 0


def test_several_payments_for_one_cycle_count_once_by_the_latest() -> None:
    # Two instalments towards the same bill: one cycle, on time.
    history = [paid(1, 1, 1, date(2027, 3, 10), True), paid(2, 1, 2, date(2027, 3, 10), True)]
    assert on_time_streak(history) == 1
    # The bill was paid partly late, then the rest on time: the latest payment of the cycle decides.
    assert on_time_streak([paid(1, 1, 1, date(2027, 3, 10), False), paid(2, 1, 2, date(2027, 3, 10), True)]) == 1


def test_the_facts_name_the_oldest_overdue_debt_and_its_first_missed_day() -> None:
    debts = [
        StoredDebt(1, "花呗", D(800), D(800), due_date=date(2027, 3, 10)),  # 5 days late
        StoredDebt(2, "招行信用卡", D(3000), D(2000), due_date=date(2027, 3, 20), overdue_since=date(2027, 1, 20),
                   carried_overdue=D(1000)),  # a carried part late since January
        StoredDebt(3, "借呗", D(500), D(500), due_date=date(2027, 4, 1)),
    ]
    facts = recovery_facts(debts, [], TODAY)
    assert facts.active_debts == 3
    assert facts.overdue_debts == 2
    assert facts.oldest_overdue == ("招行信用卡", date(2027, 1, 20), 54)
    assert facts.total_owed == D(4300)


def test_the_record_drop_off_is_listed_only_while_it_is_ahead() -> None:
    debts = [
        StoredDebt(1, "花呗", D(0), D(800), status="settled", record_clears_on=date(2032, 3, 1)),
        StoredDebt(2, "白条", D(0), D(300), status="settled", record_clears_on=date(2027, 3, 14)),  # yesterday
    ]
    facts = recovery_facts(debts, [], TODAY)
    assert facts.record_clears == (("花呗", date(2032, 3, 1)),)
    assert facts.settled_debts == 2 and facts.active_debts == 0 and facts.overdue_debts == 0


def test_totals_are_in_the_main_currency_and_a_muted_debt_means_reminders_are_off() -> None:
    debts = [
        StoredDebt(1, "花呗", D(800), D(1000)),
        StoredDebt(2, "招行", D(200), D(200)),
        StoredDebt(3, "Amex", D(999), D(999), currency="USD", reminders_muted=True),
    ]
    facts = recovery_facts(debts, [paid(1, 1, 1, None, True)], TODAY)
    assert main_currency(debts) == "CNY"
    assert facts.total_owed == D(1000) and facts.peak_owed == D(1200)  # the dollars are not added to yuan
    assert facts.reminders_enabled is False
    assert facts.on_time_streak == 1
    assert main_currency([]) == "CNY"


def test_the_balance_history_is_by_local_day_and_ends_with_today() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    events = [
        (datetime(2027, 3, 5, 2, tzinfo=UTC), 1, D(600)),  # a payment left 600 (listed before the registration)
        (datetime(2027, 2, 28, 20, tzinfo=UTC), 1, D(1000)),  # registered: 04:00 on 1 March in Shanghai
        (datetime(2027, 3, 5, 3, tzinfo=UTC), 2, D(300)),  # a second debt the same local day
    ]
    assert balance_history(events, {1: D(600), 2: D(250)}, shanghai, TODAY) == [
        (date(2027, 3, 1), D(1000)), (date(2027, 3, 5), D(900)), (TODAY, D(850))]
