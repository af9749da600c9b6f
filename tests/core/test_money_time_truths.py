"""Honest figures and wording: overdue standing and cycle rolls (pure), rates kept apart, minimums, plurals,
snooze times, the privacy notice and the time-zone question."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.core.overdue import (
    Cycle,
    apply_payment,
    close_paid_cycle,
    penalty_estimate,
    record_clears_on,
    roll_unpaid,
    set_bill,
    standing,
)
from bot.core.schedule import Policy, QuietHours, snooze_until
from bot.engine.engine import Engine
from bot.texts import en, t, zh
from bot.texts.format import rule_text
from storage.models import Debt
from tests.builders import Chat
from tests.fakes import FrozenClock

MONTHLY_10 = "FREQ=MONTHLY;BYMONTHDAY=10"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# --- the cycle of a monthly bill (pure) -------------------------------------------------------------------------


def test_an_unpaid_bill_rolls_with_its_first_missed_date_and_carried_part() -> None:
    dec = Cycle(due_date=date(2026, 12, 10), balance=D(3000), original_amount=D(3000))
    assert roll_unpaid(dec, MONTHLY_10, date(2027, 1, 9)) is None  # the next cycle has not come yet
    jan = roll_unpaid(dec, MONTHLY_10, date(2027, 1, 10))
    assert jan == Cycle(due_date=date(2027, 1, 10), balance=D(3000), original_amount=D(3000),
                        overdue_since=date(2026, 12, 10), carried_overdue=D(3000), awaiting_bill=True)
    where = standing(jan, date(2027, 1, 11))
    assert (where.overdue_since, where.overdue_days, where.overdue_amount) == (date(2026, 12, 10), 32, D(3000))
    assert where.current_amount is None  # the new bill is not known: nothing of the ¥3,000 is "this period"
    # Rolling again a month later keeps the first missed date: the age keeps counting.
    feb = roll_unpaid(set_bill(jan, D(800)), MONTHLY_10, date(2027, 2, 11))
    assert feb is not None and feb.overdue_since == date(2026, 12, 10) and feb.carried_overdue == D(3800)
    assert standing(feb, date(2027, 2, 11)).overdue_days == 63


def test_several_missed_cycles_roll_at_once() -> None:
    rolled = roll_unpaid(Cycle(date(2026, 10, 10), D(500), D(500)), MONTHLY_10, date(2027, 1, 11))
    assert rolled is not None and (rolled.due_date, rolled.overdue_since) == (date(2027, 1, 10), date(2026, 10, 10))


def test_the_new_bill_is_its_own_part_and_payments_clear_the_oldest_first() -> None:
    jan = set_bill(Cycle(date(2027, 1, 10), D(3000), D(3000), date(2026, 12, 10), D(3000), True), D(800))
    assert (jan.balance, jan.original_amount, jan.carried_overdue) == (D(3800), D(800), D(3000))
    before_due = standing(jan, date(2027, 1, 5))
    assert (before_due.overdue_amount, before_due.current_amount, before_due.current_past_due) == (D(3000), D(800),
                                                                                                   False)
    part = apply_payment(jan, D(1000))
    assert (part.balance, part.carried_overdue, part.overdue_since) == (D(2800), D(2000), date(2026, 12, 10))
    cleared = apply_payment(part, D(2000))
    assert (cleared.balance, cleared.carried_overdue, cleared.overdue_since) == (D(800), None, None)
    assert not standing(cleared, date(2027, 1, 5)).overdue
    nxt = close_paid_cycle(apply_payment(cleared, D(800)), MONTHLY_10)
    assert nxt == Cycle(date(2027, 2, 10), D(800), D(800), None, None, True)
    assert close_paid_cycle(Cycle(date(2027, 1, 10), D(0), D(500)), None) is None  # a one-off debt settles


def test_the_penalty_estimate_counts_each_part_for_its_own_days() -> None:
    jan = set_bill(Cycle(date(2027, 1, 10), D(3000), D(3000), date(2026, 12, 10), D(3000), True), D(800))
    # ¥3,000 × 0.05% × 32 days + ¥800 × 0.05% × 1 day
    assert penalty_estimate(standing(jan, date(2027, 1, 11)), D("0.0005"), date(2027, 1, 11)) == D("48.40")
    one_off = Cycle(date(2026, 12, 10), D(3000), D(3000))
    assert penalty_estimate(standing(one_off, date(2027, 1, 11)), D("0.0005"), date(2027, 1, 11)) == D("48.00")


def test_a_registered_overdue_since_counts_from_that_date() -> None:
    where = standing(Cycle(date(2027, 1, 10), D(900), D(900), overdue_since=date(2026, 12, 1)), date(2027, 1, 5))
    assert (where.overdue_days, where.overdue_amount) == (35, D(900))
    assert not standing(Cycle(date(2027, 1, 10), D(900), D(900), overdue_since=date(2027, 1, 5)), date(2027, 1, 5)).overdue


@pytest.mark.parametrize(
    ("settled", "clears"),
    [(date(2027, 1, 11), date(2032, 1, 11)), (date(2028, 2, 29), date(2033, 2, 28))],
)
def test_the_record_clears_five_years_after_settlement(settled: date, clears: date) -> None:
    assert record_clears_on(settled) == clears


# --- wording --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "word"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (21, "21 days")])
def test_english_counts_agree(n: int, word: str) -> None:
    assert t("en", "list.overdue", days=n) == f", {word} late"
    assert t("en", "rem.several", count=n).startswith(f"You have {n} {'reminder' if n == 1 else 'reminders'}")


def test_every_english_count_agrees_with_its_number() -> None:
    for key, text in en.TEXTS.items():
        for field in ("days", "count", "months", "n"):
            if "{" + field + "} day" in text or "{" + field + "} month" in text or "{" + field + "} debt" in text:
                raise AssertionError(f"{key}: a count without plural agreement")


def test_chinese_pronouns_agree_with_counts() -> None:
    assert t("zh", "recovery.overdue_first", count=1).startswith("还有 1 笔处于逾期，先把它还到正常")
    assert "先把它们还到正常" in t("zh", "recovery.overdue_first", count=2)
    assert "bring it back" in t("en", "recovery.overdue_first", count=1)
    assert "2 debts are still overdue: bring them back" in t("en", "recovery.overdue_first", count=2)


@pytest.mark.parametrize(("day", "text"), [(1, "monthly on the 1st"), (2, "monthly on the 2nd"), (3, "monthly on the 3rd"),
                                           (10, "monthly on the 10th"), (11, "monthly on the 11th"),
                                           (22, "monthly on the 22nd")])
def test_monthly_rules_read_naturally(day: int, text: str) -> None:
    assert rule_text(f"FREQ=MONTHLY;BYMONTHDAY={day}", "en") == text


def test_the_wording_the_review_flagged() -> None:
    assert zh.TEXTS["recovery.step.3"] == "恢复用信前的准备" and "申请" not in zh.TEXTS["recovery.step.3"]
    assert "常见说法" in zh.TEXTS["recovery.item.s3.wait_reevaluation"]
    assert "commonly said" in en.TEXTS["recovery.item.s3.wait_reevaluation"]
    assert "都算按时" not in zh.TEXTS["rem.due_today"] and "counts as on time" not in en.TEXTS["rem.due_today"]
    for texts in (zh.TEXTS, en.TEXTS):
        assert "{penalty}" in texts["rem.penalty_estimate"]
    assert "估算" in zh.TEXTS["rem.penalty_estimate"] and "合同" in zh.TEXTS["rem.penalty_estimate"]
    assert "estimate" in en.TEXTS["rem.penalty_estimate"] and "contract" in en.TEXTS["rem.penalty_estimate"]
    for key, text in zh.TEXTS.items():
        if "修复" in text:
            raise AssertionError(f"{key}: 修复 is the scam word; say 恢复/重建")
    for key, text in en.TEXTS.items():
        assert "an overdue" not in text, key
    assert "假设" in zh.TEXTS["plan.assumed_minimums"] and "常见说法" in zh.TEXTS["plan.assumed_minimums"]
    assert "ASSUMED" in en.TEXTS["plan.assumed_minimums"]


# --- snoozing "tonight" ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "quiet", "expected"),
    [
        ("2026-11-28 09:00", (22 * 60, 8 * 60), "2026-11-28 20:00"),
        ("2026-11-28 20:00", (22 * 60, 8 * 60), "2026-11-28 21:00"),
        ("2026-11-28 21:00", (22 * 60, 8 * 60), "2026-11-28 21:30"),  # an hour later would be quiet hours
        ("2026-11-28 21:45", (22 * 60, 8 * 60), "2026-11-29 10:00"),  # nothing left tonight: tomorrow
        ("2026-11-28 23:20", (0, 0), "2026-11-29 10:00"),  # no quiet hours, but never after midnight
        ("2026-11-28 18:00", (19 * 60, 7 * 60), "2026-11-28 18:30"),  # 20:00 is inside early quiet hours
    ],
)
def test_tonight_never_lands_in_quiet_hours_or_after_midnight(local: str, quiet: tuple[int, int],
                                                              expected: str) -> None:
    policy = Policy(zone=SHANGHAI, quiet=QuietHours(*quiet))
    now = datetime.fromisoformat(local).replace(tzinfo=SHANGHAI)
    at = snooze_until("tonight", now, policy).astimezone(SHANGHAI)
    assert at.strftime("%Y-%m-%d %H:%M") == expected
    assert not policy.quiet.contains(at)


# --- rates and minimums in the conversation -------------------------------------------------------------------


def _saved(engine: Engine) -> Debt:
    with Session(engine.database) as s:
        return s.exec(select(Debt)).one()


def test_an_annual_rate_is_stored_as_annual_not_as_a_penalty_rate(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("借呗欠8000，12月20号还，年化18%")
    assert "年化利率：18%" in chat.text() and "日利率" not in chat.text()
    chat.press("确认")
    debt = _saved(engine)
    assert (debt.annual_rate, debt.daily_rate) == (D("0.18"), None)


@pytest.mark.parametrize(("choice", "daily", "annual"), [("reg:rate:daily", D("0.0005"), None),
                                                         ("reg:rate:annual", None, D("0.0005"))])
def test_an_unclear_rate_is_asked_about(engine: Engine, choice: str, daily: D | None, annual: D | None) -> None:
    chat = Chat(engine).start()
    chat.say("借呗欠5000，12月20号还，利率0.05%")
    assert "是哪一种" in chat.text()
    chat.press(choice)
    assert "确认保存吗" in chat.text()
    chat.press("确认")
    debt = _saved(engine)
    assert (debt.daily_rate, debt.annual_rate) == (daily, annual)


def test_plan_uses_the_real_minimum_and_gives_a_one_off_loan_none(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠3000，每月10号还")
    chat.press("确认")
    chat.say("欠小王2000，12月20号还")
    chat.press("确认")
    chat.say("/plan 1000")
    text = chat.text()
    assert "花呗 的最低还款额未填写，这里是假设按余额的10%" in text
    assert "是一次性到期的借款，没有“最低还款额”" in text
    with Session(engine.database) as s:
        huabei = next(d for d in s.exec(select(Debt)) if d.creditor == "花呗")
        huabei.minimum_payment = D(300)
        s.add(huabei)
        s.commit()
    chat.say("/plan 1000")
    assert "假设按余额的10%" not in chat.text()


# --- the privacy notice and the time-zone question ------------------------------------------------------------


def test_the_privacy_notice_names_the_operator_and_the_retention_rule(engine: Engine) -> None:
    engine.operator, engine.operator_contact = "示例科技有限公司", "privacy@example.invalid"
    chat = Chat(engine)
    chat.say("/privacy")
    assert "示例科技有限公司" in chat.text() and "privacy@example.invalid" in chat.text()
    assert "第17条" in chat.text() and "第19条" in chat.text() and "必需的时间" in chat.text()
    english = Chat(engine, sender=Chat(engine).sender.__class__("console", "en-user"), language="en")
    english.say("/privacy")
    assert "privacy@example.invalid" in english.text() and "only as long as" in english.text()


def test_without_an_operator_the_notice_says_so(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("/privacy")
    assert "尚未填写名称和联系方式" in chat.text()


def test_someone_writing_english_is_asked_their_time_zone(engine: Engine, clock: FrozenClock) -> None:
    clock.set(datetime(2026, 11, 28, 1, tzinfo=UTC))
    chat = Chat(engine, language="en").start()
    assert "Which time zone are you in?" in chat.text() and "Asia/Shanghai" in chat.text()
    chat.press("s:tz")
    chat.say("London")
    assert "Europe/London" in chat.text()
    zh_chat = Chat(engine, sender=Chat(engine).sender.__class__("console", "zh-user")).start()
    assert "时区" not in zh_chat.text()


def test_a_first_message_in_english_brings_the_time_zone_question(engine: Engine) -> None:
    chat = Chat(engine)  # the client says nothing about English; the words do
    chat.say("remind me tomorrow at 10am to call the bank")
    chat.press("c:yes")
    # Someone new who writes English is answered in English (``account.follow_written_language``), this question too.
    assert "Which time zone are you in?" in chat.text() and "Asia/Shanghai" in chat.text()
