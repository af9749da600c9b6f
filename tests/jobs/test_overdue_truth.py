"""Money and time truths at a moved clock: an unpaid monthly bill keeps its true overdue age everywhere, and a
settled late debt tells (and later reminds) when its record should leave the credit report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from storage.models import Debt, Reminder
from tests.builders import Chat
from tests.fakes import FrozenClock, RecordingSender
from tests.jobs.test_reminder_planning import run_until

# 11:00 in Shanghai on Mon 11 Jan 2027: the 花呗 bill of 10 Dec 2026 has been unpaid for 32 days.
JAN_11 = datetime(2027, 1, 11, 3, tzinfo=UTC)

SCENARIO = {
    "zh": {"register": "花呗欠了3000元，每月10号还", "confirm": "确认", "since": "12月10日",
           "age": "已逾期 32 天", "wrong_age": "已逾期 1 天", "due_today": "今天到期", "bill": "新一期账单",
           "carried": "之前未还的 ¥3,000"},
    "en": {"register": "Huabei 3000 due on the 10th every month", "confirm": "Save", "since": "10 Dec",
           "age": "32 days late", "wrong_age": "1 day late", "due_today": "Due today", "bill": "new \"花呗\" bill",
           "carried": "The ¥3,000 unpaid since"},
}


def _start(engine: Engine, lang: str) -> Chat:
    chat = Chat(engine, language=lang).start()
    chat.say("/settings")
    chat.press_data("s:tips:off")  # the weekly digest stays on: it is checked below
    return chat


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_unpaid_monthly_bill_keeps_its_true_age_everywhere(engine: Engine, clock: FrozenClock,
                                                                    lang: str) -> None:
    words = SCENARIO[lang]
    chat = _start(engine, lang)
    chat.say(words["register"])
    chat.press(words["confirm"])
    sender = RecordingSender()
    await run_until(engine, clock, sender, datetime(2027, 1, 10, 1, tzinfo=UTC), timedelta(hours=1))
    assert any(words["wrong_age"] in text for text in sender.texts())  # 11 Dec: truly 1 day late then
    before_roll = len(sender.sent)
    await run_until(engine, clock, sender, JAN_11, timedelta(hours=1))
    sender.sent = sender.sent[before_roll:]

    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    # The next cycle opened on 10 Jan; the unpaid ¥3,000 is its own part, dated from the first missed due date.
    assert (debt.due_date, debt.overdue_since, debt.carried_overdue, debt.awaiting_bill) == (
        date(2027, 1, 10), date(2026, 12, 10), 3000, True)

    # Nudges: the 11 Jan one tells the true age and never calls the carried amount due today.
    jan_11 = [r.text for _, r in sender.sent if words["since"] in r.text and words["age"] in r.text]
    assert jan_11, sender.texts()
    assert not any(words["wrong_age"] in text for text in sender.texts())
    assert not any(words["due_today"] in text and "3,000" in text for text in sender.texts())
    # The new cycle's prompt keeps the old ¥3,000 apart from "this period".
    bill = [text for text in sender.texts() if words["bill"] in text]
    assert bill and words["carried"] in bill[0]
    # The Monday digest (11 Jan) sees the true age too.
    digest = [text for text in sender.texts() if ("📋" in text and words["age"] in text)]
    assert digest and words["since"] in digest[0]

    # The new bill (the answer to the prompt) is this cycle's own part: the total is both, and the overdue part
    # keeps its age.
    chat.say("800")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    assert (debt.balance, debt.original_amount, debt.carried_overdue) == (3800, 800, 3000)
    chat.say("/list")
    assert words["age"] in chat.text() and "3,800" in chat.text() and "3,000" in chat.text()
    assert words["wrong_age"] not in chat.text()
    chat.say("/recovery")
    assert words["age"] in chat.text() and words["since"] in chat.text()
    chat.say("/plan 1000")
    assert words["age"] in chat.text() and words["since"] in chat.text()


async def test_no_new_bill_leaves_only_the_carried_part(engine: Engine, clock: FrozenClock) -> None:
    chat = _start(engine, "zh")
    chat.say(SCENARIO["zh"]["register"])
    chat.press("确认")
    sender = RecordingSender()
    await run_until(engine, clock, sender, JAN_11, timedelta(hours=1))
    chat.last = [r for _, r in sender.sent if "新一期账单" in r.text]
    chat.press("本期没有新账单")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    assert (debt.balance, debt.original_amount, debt.carried_overdue, debt.awaiting_bill) == (3000, 0, 3000, False)
    chat.say("/list")
    assert "已逾期 32 天" in chat.text() and "本期" not in chat.text()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_payment_goes_to_the_carried_part_first(engine: Engine, clock: FrozenClock, lang: str) -> None:
    words = SCENARIO[lang]
    chat = _start(engine, lang)
    chat.say(words["register"])
    chat.press(words["confirm"])
    await run_until(engine, clock, RecordingSender(), JAN_11, timedelta(hours=1))
    chat.say("还了1000" if lang == "zh" else "paid 1000")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    assert (debt.balance, debt.carried_overdue, debt.overdue_since) == (2000, 2000, date(2026, 12, 10))
    chat.say("还了2000" if lang == "zh" else "paid 2000")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
    # The overdue is over: its first missed date goes, and the late record's 5 years start today.
    assert (debt.carried_overdue, debt.overdue_since, debt.record_clears_on) == (None, None, date(2032, 1, 11))


SETTLE = {
    "zh": {"register": "借呗欠了5000元，12月10号要还", "confirm": "确认", "pay": "借呗还清了",
           "clears": "2032年1月11日", "age": "已逾期 32 天"},
    "en": {"register": "Jiebei 5000 due Dec 10", "confirm": "Save", "pay": "paid off Jiebei",
           "clears": "11 January 2032", "age": "32 days late"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_settling_a_debt_32_days_late_names_january_2032_and_reminds_then(
        engine: Engine, clock: FrozenClock, lang: str) -> None:
    words = SETTLE[lang]
    chat = Chat(engine, language=lang).start().without_digest_and_tips()
    chat.say(words["register"])
    chat.press(words["confirm"])
    clock.set(JAN_11)
    chat.say("/list")
    assert words["age"] in chat.text()
    chat.say(words["pay"])
    assert words["clears"] in chat.text(), chat.text()
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
        rows = [r for r in s.exec(select(Reminder)) if r.kind == "record" and r.status == "pending"]
    assert debt.status == "settled" and debt.record_clears_on == date(2032, 1, 11)
    assert [r.fire_at for r in rows] == [datetime(2032, 1, 11, 2, tzinfo=UTC)]  # 10:00 in Shanghai
    chat.say("/recovery")
    assert words["clears"] in chat.text()

    # Five years on, the reminder comes on that day: check the report, free twice a year.
    clock.set(datetime(2032, 1, 11, 1, tzinfo=UTC))
    sender = RecordingSender()
    await run_until(engine, clock, sender, datetime(2032, 1, 11, 4, tzinfo=UTC), timedelta(hours=1))
    [text] = [t for t in sender.texts() if "ipcrs.pbccrc.org.cn" in t]
    assert ("2次免费" in text) if lang == "zh" else ("two free reports a year" in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_undoing_the_settling_payment_takes_the_record_date_back(engine: Engine, clock: FrozenClock,
                                                                      lang: str) -> None:
    words = SETTLE[lang]
    chat = Chat(engine, language=lang).start().without_digest_and_tips()
    chat.say(words["register"])
    chat.press(words["confirm"])
    clock.set(JAN_11)
    chat.say(words["pay"])
    chat.say("/undo")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
        rows = [r for r in s.exec(select(Reminder)) if r.kind == "record" and r.status == "pending"]
    assert (debt.status, debt.record_clears_on, rows) == ("active", None, [])


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_tips_at_settlement_wait_for_the_next_report_and_leave_out_the_cost(
        engine: Engine, clock: FrozenClock, lang: str) -> None:
    words = SETTLE[lang]
    chat = Chat(engine, language=lang).start().without_digest_and_tips()
    chat.say(words["register"])
    chat.press(words["confirm"])
    clock.set(JAN_11)
    chat.say(words["pay"])
    text = chat.text()
    assert ("下一次月度报送" in text) if lang == "zh" else ("next monthly report" in text)
    overdue_costs = ("1825", "1,825", "1.5倍", "1.5 times")  # the two tips on what being late costs
    assert not any(word in text for word in overdue_costs)
    for _ in range(40):  # and no later tip talks about what being late costs: nothing is late any more
        chat.say("/tip")
        assert not any(word in chat.text() for word in overdue_costs), chat.text()


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_penalty_estimate_counts_from_the_first_missed_date_and_says_it_is_an_estimate(
        engine: Engine, clock: FrozenClock, lang: str) -> None:
    chat = Chat(engine, language=lang).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，每月10号还，逾期日利率万五" if lang == "zh"
             else "Huabei 3000 due on the 10th every month, 0.05% a day")
    chat.press("确认" if lang == "zh" else "Save")
    sender = RecordingSender()
    await run_until(engine, clock, sender, JAN_11, timedelta(hours=1))
    # ¥3,000 × 0.05% × 32 days = ¥48, not a day's worth counted from the new cycle.
    [jan_11] = [t for t in sender.texts() if ("已逾期 32 天" in t or "32 days late" in t)]
    assert "¥48" in jan_11
    assert ("估算" in jan_11 and "合同" in jan_11) if lang == "zh" else ("estimate" in jan_11 and "contract" in jan_11)


async def test_the_digest_names_the_day_the_record_should_clear(engine: Engine, clock: FrozenClock) -> None:
    from bot.engine.reminders import digest_text, policy_of
    from storage.models import User

    chat = Chat(engine).start().without_digest_and_tips()
    chat.say("借呗欠了5000元，12月10号要还")
    chat.press("确认")
    clock.set(JAN_11)
    chat.say("借呗还清了")
    with Session(engine.database) as s:
        user = s.exec(select(User)).one()
        text = digest_text(s, user, JAN_11, policy_of(user))
    assert text is not None and "「借呗」的逾期记录应在 2032年1月11日" in text
