"""Amounts as people type them, and the numbers that must never be taken for money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.nlu import parse_amount

# (text, (value, currency, problem) or None when the text holds no money amount)
AMOUNTS: list[tuple[str, tuple[str | None, str, str | None] | None]] = [
    ('3000', ('3000', 'CNY', None)),
    ('3,000.50', ('3000.50', 'CNY', None)),
    ('¥3000', ('3000', 'CNY', None)),
    ('￥3000', ('3000', 'CNY', None)),
    ('3000元', ('3000', 'CNY', None)),
    ('3000块', ('3000', 'CNY', None)),
    ('3000块钱', ('3000', 'CNY', None)),
    ('三千', ('3000', 'CNY', None)),
    ('三千五', ('3500', 'CNY', None)),
    ('1.2万', ('12000', 'CNY', None)),
    ('两万', ('20000', 'CNY', None)),
    ('5k', ('5000', 'CNY', None)),
    ('5K', ('5000', 'CNY', None)),
    ('$5,200', ('5200', 'USD', None)),
    ('$5,200.75', ('5200.75', 'USD', None)),
    ('US$300', ('300', 'USD', None)),
    ('HK$300', ('300', 'HKD', None)),
    ('300港币', ('300', 'HKD', None)),
    ('100欧元', ('100', 'EUR', None)),
    ('€100', ('100', 'EUR', None)),
    ('£50', ('50', 'GBP', None)),
    ('50 pounds', ('50', 'GBP', None)),
    ('50 dollars', ('50', 'USD', None)),
    ('500 bucks', ('500', 'USD', None)),
    ('20美元', ('20', 'USD', None)),
    ('1.5w', ('15000', 'CNY', None)),
    ('2万5', ('25000', 'CNY', None)),
    ('3千', ('3000', 'CNY', None)),
    ('一万二', ('12000', 'CNY', None)),
    ('十万', ('100000', 'CNY', None)),
    ('五百块', ('500', 'CNY', None)),
    ('三块五', ('3.5', 'CNY', None)),
    ('3 万', ('30000', 'CNY', None)),
    ('借了两千', ('2000', 'CNY', None)),
    ('欠了三千五', ('3500', 'CNY', None)),
    ('还了1000', ('1000', 'CNY', None)),
    ('花呗欠了3000，每月10号还', ('3000', 'CNY', None)),
    ('12月10日还5000', ('5000', 'CNY', None)),
    ('2026年12月10日还5000元', ('5000', 'CNY', None)),
    ('每月10号', None),
    ('12月10日', None),
    ('10号', None),
    ('3点', None),
    ('下午3点半', None),
    ('13812345678', None),
    ('手机13812345678', None),
    ('4111 1111 1111 1111', None),
    ('4111-1111-1111-1111', None),
    ('6222021234567890123', None),
    ('卡号6222 0212 3456 7890 123欠3000', ('3000', 'CNY', None)),
    ('-5000元', (None, 'CNY', 'negative')),
    ('负5000元', (None, 'CNY', 'negative')),
    ('-5000', (None, 'CNY', 'negative')),
    ('0元', (None, 'CNY', 'zero')),
    ('0', (None, 'CNY', 'zero')),
    ('零元', (None, 'CNY', 'zero')),
    ('999999999999999999元', (None, 'CNY', 'absurd')),
    ('200000000元', (None, 'CNY', 'absurd')),
    ('100000000元', ('100000000', 'CNY', None)),
    ('3.555元', (None, 'CNY', 'absurd')),
    ('3.5元', ('3.5', 'CNY', None)),
    ('12.10元', ('12.10', 'CNY', None)),
    ('还了12.10', ('12.10', 'CNY', None)),
    ('3个月', None),
    ('分3期', None),
    ('18%', None),
    ('年化18%', None),
    ('日息万五', None),
    ('一个', None),
    ('两天后', None),
    ('第3期', None),
    ('2026年', None),
    ('5 days', None),
    ('in 3 days', None),
    ('paid 500 on the card', ('500', 'CNY', None)),
    ('I owe Tom $200', ('200', 'USD', None)),
    ('credit card 5,200 due on the 15th', ('5200', 'CNY', None)),
    ('owe 1.5k', ('1500', 'CNY', None)),
    ('$0', (None, 'USD', 'zero')),
    ('-$50', (None, 'USD', 'negative')),
    ('2 million', ('2000000', 'CNY', None)),
    ('3 thousand dollars', ('3000', 'USD', None)),
    ('５０００元', ('5000', 'CNY', None)),
    ('1,000,000', ('1000000', 'CNY', None)),
    ('100,000,001元', (None, 'CNY', 'absurd')),
    ('0.5元', ('0.5', 'CNY', None)),
    ('0.001元', (None, 'CNY', 'absurd')),
    ('room 101', None),
    ('at 3pm', None),
    ('12/10', None),
    ('3000RMB', ('3000', 'CNY', None)),
    ('rmb 3000', ('3000', 'CNY', None)),
    ('3000 CNY', ('3000', 'CNY', None)),
    ('USD 200', ('200', 'USD', None)),
    ('你好', None),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_amount(text: str, expected: tuple[str | None, str, str | None] | None) -> None:
    found = parse_amount(text)
    if expected is None:
        assert found is None
        return
    assert found is not None
    value, currency, problem = expected
    assert (found.value, found.currency, found.problem) == (None if value is None else Decimal(value), currency, problem)
    assert found.value is None or isinstance(found.value, Decimal)
    start, end = found.span
    assert 0 <= start < end <= len(text)


def test_span_points_at_the_amount_in_the_original_text() -> None:
    text = "花呗欠了3000元，每月10号还"
    found = parse_amount(text)
    assert found is not None and text[found.span[0]:found.span[1]] == "3000元"


@pytest.mark.parametrize(("text", "value"), [
    ("壹仟伍佰元", "1500"), ("叁万", "30000"), ("欠招行叁万", "30000"), ("贰拾伍万元整", "250000"),
    ("伍佰块", "500"), ("人民币壹万贰仟元", "12000"), ("借款捌仟元", "8000"),
])
def test_formal_chinese_numerals_are_amounts(text: str, value: str) -> None:
    found = parse_amount(text, "zh")
    assert found is not None and found.value == Decimal(value)
