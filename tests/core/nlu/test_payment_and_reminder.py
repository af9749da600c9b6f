"""``parse_payment``, ``parse_reminder`` and the router's ``detect_intent``."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.nlu import detect_intent, parse_payment, parse_reminder
from tests.core.nlu.references import reference


def _when(parsed: object) -> str | None:
    if parsed is None:
        return None
    rule = parsed.recurrence  # type: ignore[attr-defined]
    return f"{parsed.at:%Y-%m-%d %H:%M}" + (f" {rule.rrule()}" if rule else "")  # type: ignore[attr-defined]


# (text, reference, (amount, full, creditor_hint, creditor_kind, paid_at, amount_problem)) or None: not a payment
PAYMENTS: list[tuple[str, str, tuple[str | None, bool, str | None, str | None, str | None, str | None] | None]] = [
    ('12月1号还了1000', 'SH', ('1000', False, None, None, '2025-12-01 00:00', None)),
    ('周一还了500', 'SH', ('500', False, None, None, '2026-11-23 00:00', None)),
    ('15号还了300', 'SH', ('300', False, None, None, '2026-11-15 00:00', None)),
    ('3点还了500', 'SH', ('500', False, None, None, '2026-11-28 03:00', None)),
    ('国庆还了2000', 'SH', ('2000', False, None, None, '2026-10-01 00:00', None)),
    ('paid 200 at 9am', 'NY', ('200', False, None, None, '2026-11-28 09:00', None)),
    ("I've paid back Tom", 'NY', (None, False, 'Tom', 'other', None, None)),
    ('paid Tom back 200', 'NY', ('200', False, 'Tom', 'other', None, None)),
    ('paid $250 towards my Amex', 'NY', ('250', False, 'Amex', 'credit_card', None, None)),
    ('花呗已经全部还完了', 'SH', (None, True, '花呗', 'huabei', None, None)),
    ('还款1000', 'SH', None),
    ('还了1000', 'SH', ('1000', False, None, None, None, None)),
    ('花呗还了500', 'SH', ('500', False, '花呗', 'huabei', None, None)),
    ('还清了', 'SH', (None, True, None, None, None, None)),
    ('花呗还清了', 'SH', (None, True, '花呗', 'huabei', None, None)),
    ('借呗已还2000', 'SH', ('2000', False, '借呗', 'jiebei', None, None)),
    ('刚还了招行3000', 'SH', ('3000', False, '招行', 'credit_card', None, None)),
    ('昨天还了500', 'SH', ('500', False, None, None, '2026-11-27 00:00', None)),
    ('白条结清了', 'SH', (None, True, '白条', 'baitiao', None, None)),
    ('信用卡还了一部分', 'SH', (None, False, '信用卡', 'credit_card', None, None)),
    ('今天还了花呗1200元', 'SH', ('1200', False, '花呗', 'huabei', '2026-11-28 00:00', None)),
    ('三天前还了800', 'SH', ('800', False, None, None, '2026-11-25 14:00', None)),
    ('已经还款了', 'SH', (None, False, None, None, None, None)),
    ('给小王还了2000', 'SH', ('2000', False, '小王', 'other', None, None)),
    ('花呗欠了3000元，12月10号要还', 'SH', None),
    ('12月10号要还', 'SH', None),
    ('还欠3000', 'SH', None),
    ('花呗还了吗', 'SH', None),
    ('还没还花呗', 'SH', None),
    ('还不上了', 'SH', None),
    ('明天还1000', 'SH', None),
    ('还了-500', 'SH', (None, False, None, None, None, 'negative')),
    ('还了0元', 'SH', (None, False, None, None, None, 'zero')),
    ('paid 500 on the card', 'NY', ('500', False, 'card', 'credit_card', None, None)),
    ('paid off the huabei', 'NY', (None, True, 'huabei', 'huabei', None, None)),
    ('I paid $200 to Chase yesterday', 'NY', ('200', False, 'Chase', 'credit_card', '2026-11-27 00:00', None)),
    ('just paid 50', 'NY', ('50', False, None, None, None, None)),
    ('paid the credit card in full', 'NY', (None, True, 'credit card', 'credit_card', None, None)),
    ('made a payment of $300', 'NY', ('300', False, None, None, None, None)),
    ('settled the car loan', 'NY', (None, True, 'car loan', 'loan', None, None)),
    ("I haven't paid yet", 'NY', None),
    ('will pay 500 tomorrow', 'NY', None),
    ('pay 500 on the 15th', 'NY', None),
    ('paid 300 on Monday', 'NY', ('300', False, None, None, '2026-11-23 00:00', None)),
    ('did you get paid?', 'NY', None),
]

# (text, reference, (when, task)) or None: not a reminder request
REMINDERS: list[tuple[str, str, tuple[str | None, str] | None]] = [
    ('提醒我后天下午三点半去银行', 'SH', ('2026-11-30 15:30', '去银行')),
    ('can you remind me every month on the 10th to pay my card?', 'NY', ('2026-12-10 00:00 FREQ=MONTHLY;BYMONTHDAY=10', 'pay my card')),
    ('下周一提醒我：交房租', 'SH', ('2026-11-30 00:00', '交房租')),
    ('Reminder: pay Chase on the 15th', 'NY', ('2026-12-15 00:00', 'pay Chase')),
    ('提醒我明天10点给花呗客服打电话', 'SH', ('2026-11-29 10:00', '给花呗客服打电话')),
    ('2分钟后提醒我给花呗客服打电话', 'SH', ('2026-11-28 14:02', '给花呗客服打电话')),
    ('提醒我下周五还信用卡', 'SH', ('2026-12-04 00:00', '还信用卡')),
    ('每月10号提醒我还花呗', 'SH', ('2026-12-10 00:00 FREQ=MONTHLY;BYMONTHDAY=10', '还花呗')),
    ('提醒一下我晚上8点还款', 'SH', ('2026-11-28 20:00', '还款')),
    ('明早9点叫我', 'SH', ('2026-11-29 09:00', '')),
    ('记得提醒我还借呗', 'SH', (None, '还借呗')),
    ('提醒我', 'SH', (None, '')),
    ('三天后提醒我查一下账单', 'SH', ('2026-12-01 14:00', '查一下账单')),
    ('提醒我每天早上8点记账', 'SH', ('2026-11-29 08:00 FREQ=DAILY;BYHOUR=8;BYMINUTE=0', '记账')),
    ('別讓我忘了', 'SH', (None, '')),
    ('今晚提醒我交电费。', 'SH', ('2026-11-28 20:00', '交电费')),
    ('remind me in 2 hours to call the bank', 'NY', ('2026-11-28 16:00', 'call the bank')),
    ('remind me every Monday to check my card', 'NY', ('2026-11-30 00:00 FREQ=WEEKLY;BYDAY=MO', 'check my card')),
    ('remind me to call the bank tomorrow at 9', 'NY', ('2026-11-29 09:00', 'call the bank')),
    ('Remind me on Friday to pay Amex', 'NY', ('2026-12-04 00:00', 'pay Amex')),
    ('set a reminder for 3pm to pay rent', 'NY', ('2026-11-28 15:00', 'pay rent')),
    ('remind me about the huabei bill next week', 'NY', ('2026-11-30 00:00', 'the huabei bill')),
    ('remind me', 'NY', (None, '')),
    ('please remind me to transfer money tonight', 'NY', ('2026-11-28 20:00', 'transfer money')),
    ('花呗欠了3000', 'SH', None),
    ('paid 500', 'NY', None),
]

INTENTS: list[tuple[str, str, str | None]] = [
    ('花呗欠了3000，每月10号还', 'SH', 'debt'),
    ('花呗欠了3000元，12月10号要还', 'SH', 'debt'),
    ('借呗欠款8000 年化18%', 'SH', 'debt'),
    ('招行信用卡欠5000，日息万五', 'SH', 'debt'),
    ('招商银行信用卡 12000 下个月5号', 'SH', 'debt'),
    ('建行欠了1.2万 每月5号还款', 'SH', 'debt'),
    ('还了1000', 'SH', 'payment'),
    ('花呗还了500', 'SH', 'payment'),
    ('还清了', 'SH', 'payment'),
    ('花呗还清了', 'SH', 'payment'),
    ('借呗已还2000', 'SH', 'payment'),
    ('刚还了招行3000', 'SH', 'payment'),
    ('提醒我明天10点给花呗客服打电话', 'SH', 'reminder'),
    ('2分钟后提醒我给花呗客服打电话', 'SH', 'reminder'),
    ('提醒我下周五还信用卡', 'SH', 'reminder'),
    ('每月10号提醒我还花呗', 'SH', 'reminder'),
    ('提醒一下我晚上8点还款', 'SH', 'reminder'),
    ('明早9点叫我', 'SH', 'reminder'),
    ('今天天气不错', 'SH', None),
    ('hello', 'NY', None),
    ('明天下午3点', 'SH', None),
]


@pytest.mark.parametrize(("text", "key", "expected"), PAYMENTS)
def test_payment(text: str, key: str, expected: tuple[str | None, bool, str | None, str | None, str | None, str | None] | None) -> None:
    draft = parse_payment(text, reference(key))
    if expected is None:
        assert draft is None
        return
    assert draft is not None
    amount, full, hint, kind, paid_at, problem = expected
    assert draft.amount == (None if amount is None else Decimal(amount))
    assert (draft.full, draft.creditor_hint, draft.creditor_kind) == (full, hint, kind)
    assert _when(draft.paid_at) == paid_at
    assert draft.amount_problem == problem


@pytest.mark.parametrize(("text", "key", "expected"), REMINDERS)
def test_reminder(text: str, key: str, expected: tuple[str | None, str] | None) -> None:
    draft = parse_reminder(text, reference(key))
    if expected is None:
        assert draft is None
        return
    assert draft is not None
    assert (_when(draft.when), draft.task) == expected


@pytest.mark.parametrize(("text", "key", "expected"), INTENTS)
def test_intent(text: str, key: str, expected: str | None) -> None:
    assert detect_intent(text, reference(key)) == expected


@pytest.mark.parametrize(("text", "creditor"), [
    ("我想把白条一次性还清", "京东白条"), ("打算下个月把借呗全部还完", "借呗"), ("我准备这周末把花呗还了", "花呗"),
    ("I'm going to pay off Chase next month", "Chase credit card"),
    ("planning to clear the Chase balance when I get paid", "Chase credit card"),
])
def test_a_plan_to_pay_names_its_creditor_and_is_no_payment(text: str, creditor: str) -> None:
    from bot.nlu import parse_payments
    from bot.nlu.intents import plan_to_pay

    now = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert plan_to_pay(text, now) == creditor
    assert parse_payments(text, now) == []


@pytest.mark.parametrize("text", ["花呗还清了", "paid off Chase", "花呗欠3000，10号还", "我想还钱"])
def test_what_is_not_a_plan_to_pay_a_named_debt(text: str) -> None:
    from bot.nlu.intents import plan_to_pay

    assert plan_to_pay(text, datetime(2026, 12, 2, 1, 0, tzinfo=UTC)) is None
