"""``parse_debt``: creditor, amount, currency, due date or rule, rates, and what is still missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.nlu import parse_debt
from tests.core.nlu.references import reference

Expected = tuple[
    str | None, str | None, str | None, str, str | None, tuple[str, ...], str | None, str | None, str | None, str | None
]
# (text, reference, (creditor, kind, amount, currency, due "YYYY-MM-DD HH:MM [RRULE]", missing, amount_problem,
#  due_problem, daily_rate, annual_rate)) or None when the text says nothing about a debt
DEBTS: list[tuple[str, str, Expected | None]] = [
    ('借呗借了2万分12期，每月18号还1800', 'SH', ('借呗', 'jiebei', '20000', 'CNY', '2026-12-18 00:00 FREQ=MONTHLY;BYMONTHDAY=18', (), None, None, None, None)),
    ('招商信用卡本期账单4321.09元 最后还款日12月5日', 'SH', ('招商银行信用卡', 'credit_card', '4321.09', 'CNY', '2026-12-05 00:00', (), None, None, None, None)),
    ('欠张三5万元，明年春节前还', 'SH', ('张三', 'other', '50000', 'CNY', '2027-02-05 00:00', (), None, None, None, None)),
    ('借了朋友3000，下个月还', 'SH', ('朋友', 'other', '3000', 'CNY', '2026-12-01 00:00', (), None, None, None, None)),
    ('Owe $1,200 on my Visa, due next Tuesday', 'NY', ('Visa credit card', 'credit_card', '1200', 'USD', '2026-12-01 00:00', (), None, None, None, None)),
    ('I borrowed $500 from my brother, will pay back by Christmas', 'NY', ('my brother', 'other', '500', 'USD', '2026-12-25 00:00', (), None, None, None, None)),
    ('平安普惠欠了4万', 'SH', ('平安普惠', 'loan', '40000', 'CNY', None, ('due',), None, None, None, None)),
    ('我欠房东两个月房租6000', 'SH', ('房东', 'other', '6000', 'CNY', None, ('due',), None, None, None, None)),
    ('欠了一万五', 'SH', (None, None, '15000', 'CNY', None, ('creditor', 'due'), None, None, None, None)),
    ('我花呗还欠2380.5，下月9号前要还', 'SH', ('花呗', 'huabei', '2380.5', 'CNY', '2026-12-09 00:00', (), None, None, None, None)),
    ('花呗欠了3000，每月10号还', 'SH', ('花呗', 'huabei', '3000', 'CNY', '2026-12-10 00:00 FREQ=MONTHLY;BYMONTHDAY=10', (), None, None, None, None)),
    ('花呗欠了3000元，12月10号要还', 'SH', ('花呗', 'huabei', '3000', 'CNY', '2026-12-10 00:00', (), None, None, None, None)),
    ('借呗欠款8000 年化18%', 'SH', ('借呗', 'jiebei', '8000', 'CNY', None, ('due',), None, None, None, '0.18')),
    ('招行信用卡欠5000，日息万五', 'SH', ('招商银行信用卡', 'credit_card', '5000', 'CNY', None, ('due',), None, None, '0.0005', None)),
    ('招商银行信用卡 12000 下个月5号', 'SH', ('招商银行信用卡', 'credit_card', '12000', 'CNY', '2026-12-05 00:00', (), None, None, None, None)),
    ('建行欠了1.2万 每月5号还款', 'SH', ('建设银行信用卡', 'credit_card', '12000', 'CNY', '2026-12-05 00:00 FREQ=MONTHLY;BYMONTHDAY=5', (), None, None, None, None)),
    ('工行信用卡账单3500，每月20日还款', 'SH', ('工商银行信用卡', 'credit_card', '3500', 'CNY', '2026-12-20 00:00 FREQ=MONTHLY;BYMONTHDAY=20', (), None, None, None, None)),
    ('农行贷款5万，每月15号还', 'SH', ('农业银行贷款', 'loan', '50000', 'CNY', '2026-12-15 00:00 FREQ=MONTHLY;BYMONTHDAY=15', (), None, None, None, None)),
    ('京东白条欠3000，下个月5号还，月息1%', 'SH', ('京东白条', 'baitiao', '3000', 'CNY', '2026-12-05 00:00', (), None, None, None, '0.12')),
    ('白条 2000 月底还', 'SH', ('京东白条', 'baitiao', '2000', 'CNY', '2026-11-30 00:00', (), None, None, None, None)),
    ('美团月付欠了800', 'SH', ('美团月付', 'meituan', '800', 'CNY', None, ('due',), None, None, None, None)),
    ('抖音月付600 下周五还', 'SH', ('抖音月付', 'douyin', '600', 'CNY', '2026-12-04 00:00', (), None, None, None, None)),
    ('微粒贷借了1万，每月8号还', 'SH', ('微粒贷', 'weilidai', '10000', 'CNY', '2026-12-08 00:00 FREQ=MONTHLY;BYMONTHDAY=8', (), None, None, None, None)),
    ('蚂蚁花呗 1500', 'SH', ('花呗', 'huabei', '1500', 'CNY', None, ('due',), None, None, None, None)),
    ('欠小王2000', 'SH', ('小王', 'other', '2000', 'CNY', None, ('due',), None, None, None, None)),
    ('我欠了小王两千块，下周五还', 'SH', ('小王', 'other', '2000', 'CNY', '2026-12-04 00:00', (), None, None, None, None)),
    ('跟小李借了500，月底还', 'SH', ('小李', 'other', '500', 'CNY', '2026-11-30 00:00', (), None, None, None, None)),
    ('房租欠了2000', 'SH', ('房租', 'other', '2000', 'CNY', None, ('due',), None, None, None, None)),
    ('欠我妈3000', 'SH', ('我妈', 'other', '3000', 'CNY', None, ('due',), None, None, None, None)),
    ('欠了3000', 'SH', (None, None, '3000', 'CNY', None, ('creditor', 'due'), None, None, None, None)),
    ('花呗', 'SH', ('花呗', 'huabei', None, 'CNY', None, ('amount', 'due'), None, None, None, None)),
    ('每月10号还', 'SH', None),
    ('2月30日还花呗3000', 'SH', ('花呗', 'huabei', '3000', 'CNY', None, ('due',), None, 'impossible_date', None, None)),
    ('2020年1月1日还借呗2000', 'SH', ('借呗', 'jiebei', '2000', 'CNY', '2020-01-01 00:00', (), None, 'past', None, None)),
    ('-5000元 花呗', 'SH', ('花呗', 'huabei', None, 'CNY', None, ('amount', 'due'), 'negative', None, None, None)),
    ('花呗欠0元', 'SH', ('花呗', 'huabei', None, 'CNY', None, ('amount', 'due'), 'zero', None, None, None)),
    ('999999999999999999元 花呗', 'SH', ('花呗', 'huabei', None, 'CNY', None, ('amount', 'due'), 'absurd', None, None, None)),
    ('今天天气不错', 'SH', None),
    ('花呗欠了三千五，日利率0.05%', 'SH', ('花呗', 'huabei', '3500', 'CNY', None, ('due',), None, None, '0.0005', None)),
    ('信用卡欠5000', 'SH', ('信用卡', 'credit_card', '5000', 'CNY', None, ('due',), None, None, None, None)),
    ('浦发信用卡欠8000，每月31号还', 'SH', ('浦发银行信用卡', 'credit_card', '8000', 'CNY', '2026-11-30 00:00 FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1', (), None, None, None, None)),
    ('邮储贷款3万', 'SH', ('邮储银行贷款', 'loan', '30000', 'CNY', None, ('due',), None, None, None, None)),
    ('中信的卡欠2万，下月10号', 'SH', ('中信银行信用卡', 'credit_card', '20000', 'CNY', '2026-12-10 00:00', (), None, None, None, None)),
    ('花呗欠了3000，下个月10号还', 'SH', ('花呗', 'huabei', '3000', 'CNY', '2026-12-10 00:00', (), None, None, None, None)),
    ('我的卡号6222021234567890123 欠了3000', 'SH', (None, None, '3000', 'CNY', None, ('creditor', 'due'), None, None, None, None)),
    ('昨天借的2000，下个月10号还', 'SH', (None, None, '2000', 'CNY', '2026-12-10 00:00', ('creditor',), None, None, None, None)),
    ('credit card 5,200 due on the 15th every month', 'NY', ('Credit card', 'credit_card', '5200', 'CNY', '2026-12-15 00:00 FREQ=MONTHLY;BYMONTHDAY=15', (), None, None, None, None)),
    ('I owe Tom $200 by Friday', 'NY', ('Tom', 'other', '200', 'USD', '2026-12-04 00:00', (), None, None, None, None)),
    ('Chase card 1200 due Dec 10', 'NY', ('Chase credit card', 'credit_card', '1200', 'CNY', '2026-12-10 00:00', (), None, None, None, None)),
    ('student loan 15000, 5% APR', 'NY', ('Student loan', 'loan', '15000', 'CNY', None, ('due',), None, None, None, '0.05')),
    ('borrowed 300 from Mike', 'NY', ('Mike', 'other', '300', 'CNY', None, ('due',), None, None, None, None)),
    ('car loan $350 monthly on the 1st', 'NY', ('Car loan', 'loan', '350', 'USD', '2026-12-01 00:00 FREQ=MONTHLY;BYMONTHDAY=1', (), None, None, None, None)),
    ('Amex $2,400 due the 20th', 'NY', ('Amex credit card', 'credit_card', '2400', 'USD', '2026-12-20 00:00', (), None, None, None, None)),
    ('my credit card bill is 800, due next Friday', 'NY', ('Credit card', 'credit_card', '800', 'CNY', '2026-12-04 00:00', (), None, None, None, None)),
    ('loan from Sarah 1000', 'NY', ('Sarah', 'loan', '1000', 'CNY', None, ('due',), None, None, None, None)),
    ('I owe 500', 'NY', (None, None, '500', 'CNY', None, ('creditor', 'due'), None, None, None, None)),
    ('huabei 3000 due on the 10th', 'NY', ('花呗', 'huabei', '3000', 'CNY', '2026-12-10 00:00', (), None, None, None, None)),
    ('Capital One card 1,500 at 24% APR', 'NY', ('Capital One credit card', 'credit_card', '1500', 'CNY', None, ('due',), None, None, None, '0.24')),
    ('hello', 'NY', None),
    ('credit card 500 due February 30', 'NY', ('Credit card', 'credit_card', '500', 'CNY', None, ('due',), None, 'impossible_date', None, None)),
    ('mortgage 1800 every month on the 1st', 'NY', ('Mortgage', 'loan', '1800', 'CNY', '2026-12-01 00:00 FREQ=MONTHLY;BYMONTHDAY=1', (), None, None, None, None)),
    ('Citi card $900 end of the month', 'LDN_NOV', ('Citi credit card', 'credit_card', '900', 'USD', '2026-11-30 00:00', (), None, None, None, None)),
    ('Barclaycard £400 due 12/10', 'LDN_NOV', ('Barclaycard credit card', 'credit_card', '400', 'GBP', '2027-10-12 00:00', (), None, None, None, None)),
    ('owe Dad 250 by the end of the month', 'NY', ('Dad', 'other', '250', 'CNY', '2026-11-30 00:00', (), None, None, None, None)),
    ('card 300 daily rate 0.05%', 'NY', ('Credit card', 'credit_card', '300', 'CNY', None, ('due',), None, None, '0.0005', None)),
]


def _due(draft_due: object) -> str | None:
    if draft_due is None:
        return None
    at = draft_due.at  # type: ignore[attr-defined]
    rule = draft_due.recurrence  # type: ignore[attr-defined]
    return f"{at:%Y-%m-%d %H:%M}" + (f" {rule.rrule()}" if rule else "")


@pytest.mark.parametrize(("text", "key", "expected"), DEBTS)
def test_debt(text: str, key: str, expected: Expected | None) -> None:
    draft = parse_debt(text, reference(key))
    if expected is None:
        assert draft is None
        return
    assert draft is not None
    creditor, kind, amount, currency, due, missing, amount_problem, due_problem, daily, annual = expected
    assert (draft.creditor, draft.creditor_kind) == (creditor, kind)
    assert draft.amount == (None if amount is None else Decimal(amount))
    assert draft.currency == currency
    assert _due(draft.due) == due
    assert draft.missing == missing
    assert (draft.amount_problem, draft.due_problem) == (amount_problem, due_problem)
    assert draft.daily_rate == (None if daily is None else Decimal(daily))
    assert draft.annual_rate == (None if annual is None else Decimal(annual))


def test_an_annual_rate_is_never_turned_into_a_daily_penalty_rate() -> None:
    draft = parse_debt("借呗欠款8000 年化18%", reference("SH"))
    assert draft is not None and draft.annual_rate == Decimal("0.18") and draft.daily_rate is None


@pytest.mark.parametrize(
    ("text", "daily", "annual", "unclear"),
    [
        ("花呗欠3000，逾期日利率万五，年化15%", "0.0005", "0.15", None),
        ("借呗欠5000，利率0.05%", None, None, "0.0005"),
        ("card 300 at 5% interest", None, None, "0.05"),
        ("card 300 at 18% APR, 0.05% a day if late", "0.0005", "0.18", None),
    ],
)
def test_rates_of_each_kind_and_the_unclear_one(text: str, daily: str | None, annual: str | None,
                                                unclear: str | None) -> None:
    draft = parse_debt(text, reference("SH"))
    assert draft is not None
    assert draft.daily_rate == (None if daily is None else Decimal(daily))
    assert draft.annual_rate == (None if annual is None else Decimal(annual))
    assert draft.unclear_rate == (None if unclear is None else Decimal(unclear))
