"""The four recovery steps: auto ticks from facts, the current step, reaching a step, the rendered checklist."""

from decimal import Decimal as D

import pytest

from bot.core.recovery import (
    COMPLETED,
    ITEMS,
    ITEMS_BY_ID,
    ON_TIME_STREAK_CYCLES,
    RecoveryFacts,
    auto_ticks,
    current_step,
    items_of,
    open_items,
    render_checklist,
    step_reached,
    tick,
    untick,
)
from bot.errors import UserInputError
from bot.texts import t


def facts(**overrides: object) -> RecoveryFacts:
    base: dict[str, object] = {
        "settled_debts": 0,
        "active_debts": 1,
        "overdue_debts": 1,
        "on_time_streak": 0,
        "reminders_enabled": False,
    }
    base.update(overrides)
    return RecoveryFacts(**base)  # type: ignore[arg-type]


def required(step: int) -> set[str]:
    return {i.id for i in items_of(step) if not i.optional}


def test_items_cover_the_four_steps_with_stable_ids() -> None:
    assert {i.step for i in ITEMS} == {1, 2, 3, 4}
    for item in ITEMS:
        assert item.id.startswith(f"s{item.step}.")
    for expected in (
        "s1.pay_in_full", "s1.keep_receipts", "s1.settlement_proof", "s1.check_report_settled",
        "s2.on_time_streak", "s2.lower_debt_ratio", "s2.dispute_errors_free", "s2.personal_statement",
        "s3.free_report", "s3.income_proof", "s3.wait_reevaluation",
        "s4.auto_repay", "s4.reminders_on", "s4.spend_within_means",
    ):
        assert expected in ITEMS_BY_ID


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, set()),
        ({"settled_debts": 1, "overdue_debts": 0}, {"s1.pay_in_full"}),
        ({"settled_debts": 1, "overdue_debts": 1}, set()),  # another debt still overdue
        ({"on_time_streak": ON_TIME_STREAK_CYCLES - 1}, set()),
        ({"on_time_streak": ON_TIME_STREAK_CYCLES}, {"s2.on_time_streak"}),
        ({"reminders_enabled": True}, {"s4.reminders_on"}),
        ({"total_owed": D("7500"), "peak_owed": D("10000")}, {"s2.lower_debt_ratio"}),
        ({"total_owed": D("7501"), "peak_owed": D("10000")}, set()),
        ({"total_owed": D("0"), "peak_owed": D("0")}, set()),
    ],
)
def test_auto_ticks(overrides: dict[str, object], expected: set[str]) -> None:
    assert auto_ticks(facts(**overrides)) == expected


def test_current_step_moves_on_required_items_only() -> None:
    assert current_step(frozenset()) == 1
    assert current_step(required(1)) == 2
    # the personal statement is optional: step 2 completes without it
    assert current_step(required(1) | required(2)) == 3
    assert "s2.personal_statement" not in required(2)
    assert current_step(required(1) | required(2) | required(3)) == 4
    assert current_step({i.id for i in ITEMS if not i.optional}) == COMPLETED
    # later items do not skip an unfinished earlier step
    assert current_step(required(2) | required(3)) == 1


def test_settling_a_debt_walks_the_user_into_step_one() -> None:
    before = auto_ticks(facts())
    after = auto_ticks(facts(settled_debts=1, overdue_debts=0, active_debts=0))
    assert before == frozenset()
    assert step_reached(before, after) == 1
    assert open_items(1, after) == ("s1.keep_receipts", "s1.settlement_proof", "s1.check_report_settled")


def test_finishing_step_one_reaches_step_two_and_streak_shows_progress() -> None:
    user = frozenset({"s1.keep_receipts", "s1.settlement_proof", "s1.check_report_settled"})
    f = facts(settled_debts=1, overdue_debts=0, on_time_streak=1)
    before = user - {"s1.check_report_settled"} | auto_ticks(f)
    after = user | auto_ticks(f)
    assert step_reached(before, after) == 2
    text = render_checklist(user, f, "en")
    assert "Step 2" in text and "(1/3 in a row)" in text


def test_on_time_streak_ticks_step_two_item() -> None:
    user = frozenset({"s1.keep_receipts", "s1.settlement_proof", "s1.check_report_settled"})
    short = facts(settled_debts=1, overdue_debts=0, on_time_streak=2)
    long = facts(settled_debts=1, overdue_debts=0, on_time_streak=3)
    assert "s2.on_time_streak" not in auto_ticks(short)
    assert "s2.on_time_streak" in auto_ticks(long)
    zh = render_checklist(user, long, "zh")
    assert "已连续 3/3 期" in zh


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (set(), set(), None),
        (set(), {"s4.reminders_on"}, None),  # reminders alone are not a step
        ({"s4.reminders_on"}, {"s4.reminders_on", "s1.pay_in_full"}, 1),  # settling a debt enters step 1
        ({"s1.keep_receipts"}, {"s1.keep_receipts", "s1.settlement_proof"}, None),  # still step 1
        ({"s1.pay_in_full"} | required(1), {"s4.reminders_on"}, None),  # going back reaches nothing
    ],
)
def test_step_reached(before: set[str], after: set[str], expected: int | None) -> None:
    assert step_reached(before, after) == expected


def test_step_reached_completed() -> None:
    everything = {i.id for i in ITEMS if not i.optional}
    assert step_reached(everything - {"s4.auto_repay"}, everything) == COMPLETED


def test_tick_and_untick_validate_ids() -> None:
    done = tick(frozenset(), "s1.keep_receipts")
    assert done == {"s1.keep_receipts"}
    assert untick(done, "s1.keep_receipts") == frozenset()
    with pytest.raises(UserInputError) as err:
        tick(done, "s9.nonsense")
    assert err.value.text_id == "recovery.err.unknown_item"
    with pytest.raises(UserInputError):
        untick(done, "nope")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_checklist_marks_auto_user_and_open_items(lang: str) -> None:
    f = facts(settled_debts=1, overdue_debts=0, reminders_enabled=True)
    text = render_checklist(frozenset({"s1.keep_receipts"}), f, lang)
    lines = text.splitlines()
    assert lines[0] == t(lang, "recovery.title")
    auto_line = t(lang, "recovery.item_line", mark=t(lang, "recovery.mark.auto"),
                  text=t(lang, "recovery.item.s1.pay_in_full"))
    user_line = t(lang, "recovery.item_line", mark=t(lang, "recovery.mark.done"),
                  text=t(lang, "recovery.item.s1.keep_receipts"))
    todo_line = t(lang, "recovery.item_line", mark=t(lang, "recovery.mark.todo"),
                  text=t(lang, "recovery.item.s1.settlement_proof"))
    assert auto_line in lines and user_line in lines and todo_line in lines
    # only the current step is expanded
    assert t(lang, "recovery.item.s3.free_report") not in text
    assert text.endswith(t(lang, "recovery.footer"))


def test_render_checklist_mentions_overdue_debts_in_step_one() -> None:
    text = render_checklist(frozenset(), facts(overdue_debts=2), "zh")
    assert t("zh", "recovery.overdue_first", count=2) in text


def test_render_completed() -> None:
    everything = frozenset(i.id for i in ITEMS)
    text = render_checklist(everything, facts(overdue_debts=0), "en")
    assert text.endswith(t("en", "recovery.completed"))


def test_step_wording_follows_domain_fact_corrections() -> None:
    # §7.1: the certificate only where issued; §7.3: Huabei returns by re-evaluation, no application
    assert "where the lender issues one" in t("en", "recovery.item.s1.settlement_proof")
    assert "开不了" in t("zh", "recovery.item.s1.settlement_proof")
    assert "re-evaluates" in t("en", "recovery.item.s3.wait_reevaluation")
    assert "重新评估" in t("zh", "recovery.item.s3.wait_reevaluation")
    for lang in ("zh", "en"):
        for item in ITEMS:
            text = t(lang, f"recovery.item.{item.id}") + t(lang, f"recovery.short.{item.id}")
            assert "修复" not in text and "repair" not in text.lower()
