"""Money amounts: 3000, 3,000.50, ¥3000, 3000元/块/块钱, 三千五, 1.2万, 两万, 5k, $5,200.

A number is money unless it is part of a date or time (12月10日, 10号, 3点), counts something else (3个月,
2期), is a phone number, or is a card-like run of 12 or more digits. Zero, negative and absurd amounts are
reported with ``problem`` rather than clamped or dropped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import normalize
from bot.nlu.numerals import (
    EN_WORD_AMOUNT,
    FORMAL_DIGITS,
    parse_en_number_words,
    parse_number,
    plain_chinese_digits,
)
from bot.nlu.rates import find_rates
from bot.nlu.results import AmountProblem, ParsedAmount
from bot.nlu.time_parser import time_token_spans

ABSURD_ABOVE = Decimal(100_000_000)
_PREFIX_CURRENCY = {"¥": "CNY", "rmb": "CNY", "cny": "CNY", "$": "USD", "us$": "USD", "usd": "USD",
                    "hk$": "HKD", "hkd": "HKD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP"}
_SUFFIX_CURRENCY = {
    "块钱": "CNY", "块": "CNY", "元": "CNY", "圆": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY",
    "美元": "USD", "美金": "USD", "刀": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD",
    "港币": "HKD", "港元": "HKD", "hkd": "HKD", "欧元": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "英镑": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "quid": "GBP",
    "蚊": "HKD",  # Cantonese for dollars: "八千蚊", "千五蚊"
}
_MULTIPLIERS = {"万": 10_000, "千": 1_000, "百": 100, "亿": 100_000_000, "k": 1_000, "w": 10_000,
                "thousand": 1_000, "million": 1_000_000, "m": 1_000_000, "grand": 1_000}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AMOUNT = lazy_compile(
    rf"(?P<sign>[-−](?=\s{{0,2}}[0-9¥$£€]|\s{{0,2}}(?:rmb|usd|cny))(?<!\s[-−](?=\s))|负|minus\s)?\s{{0,2}}(?P<pre>{_alternation(list(_PREFIX_CURRENCY))})?\s{{0,2}}"
    rf"(?P<num>(?:[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,10}}|[0-9]{{1,40}})(?:\.[0-9]{{1,12}})?(?:\s{{0,2}}[万千百亿](?:[0-9一二两三四五六七八九][千百]?)?)?"
    rf"|[零〇一二两三四五六七八九十百千万亿廿卅{FORMAL_DIGITS}]{{1,12}})"
    rf"(?:\s{{0,2}}(?P<mult>k\b|w\b|thousand\b|million\b|m\b|grand\b))?"
    rf"(?:\s{{0,2}}(?P<unit>{_alternation(list(_SUFFIX_CURRENCY))})(?![a-z])"
    # 三块五, 3块5: a digit right after 块/元 counts tenths (角).
    rf"(?:(?<=[块元])(?P<jiao>[1-9一二两三四五六七八九])(?![0-9一二两三四五六七八九十百千万亿]))?)?"
)
# What a number may not be followed by if it is money: dates, times, counts and percentages.
_NOT_MONEY_AFTER = lazy_compile(
    r"\s{0,2}(?:号|日(?!息|利)|月(?!息|利|供|付)|年(?!化|息|利)|点|时|分钟|秒|个|天|周|星期|礼拜|期(?!限)|次|岁|%|％|:|st\b|nd\b|rd\b|th\b|am\b|pm\b|a\.m|p\.m"
    r"|笔|家|张|\s(?:credit\s+)?cards?\b|\saccounts?\b|\sloans?\b|\sdebts?\b|\sbills?\b|\slenders?\b|\sapps?\b"
    r"|days?\b|weeks?\b|months?\b|years?\b|hours?\b|minutes?\b|mins?\b(?!\.?\s{0,2}(?:payment|pay|due|amount|is|of))|times\b|percent|/[0-9]|-[0-9]|\.[0-9])"
)
_NOT_MONEY_BEFORE = lazy_compile(
    r"(?:月|周|星期|礼拜|第|每|/|(?<=[0-9]):|#|no\.|尾号|卡号|手机|电话|编号|房间|\broom|\bflat|\bapt|\bpage|\bversion|\bv|\bline|\bnumber)\s{0,2}$"
)
_PHONE_OR_CARD = lazy_compile(r"(?<![0-9.])(?:1[3-9][0-9]{9}|[0-9](?:[ -]?[0-9]){11,60})(?![0-9])")
_CURRENCY_AROUND = lazy_compile(rf"\s{{0,2}}(?:{_alternation(list(_SUFFIX_CURRENCY))})")
_CURRENCY_BEFORE = lazy_compile(rf"(?:{_alternation(list(_PREFIX_CURRENCY))})\s{{0,2}}$")
_MAGNITUDE_CHARS = set("百千万亿")
_IDIOMS = frozenset({"万一", "千万", "万万", "百万"})
_VAGUE = set("几幾")  # "几千", "十几万": an unknown count of the magnitude


def parse_amount(text: str, lang: str | None = None) -> ParsedAmount | None:
    """Return the first money amount in the text, or None when there is none."""
    return find_amount(text, lang)


def find_amount(text: str, lang: str | None = None, skip: list[tuple[int, int]] | None = None,
                time_spans: list[tuple[int, int]] | None = None) -> ParsedAmount | None:
    """Return the first money amount outside the ``skip`` spans and outside any date or time expression
    (``time_spans``: ``time_token_spans(text, lang)``, when the caller has it already)."""
    prepared = normalize(text)
    if time_spans is None:
        time_spans = time_token_spans(text, lang)
    blocked = list(skip or []) + time_spans + list(find_rates(text).spans)
    blocked += [(m.start(), m.end()) for m in _PHONE_OR_CARD.finditer(prepared) if not _is_money_at(prepared, m)]
    covered = bytearray(len(prepared) + 1)
    for start, end in blocked:
        covered[start:end] = b"\x01" * (max(0, min(end, len(prepared)) - start))
    in_words = _amount_in_words(prepared, covered)
    for match in _AMOUNT.finditer(prepared):
        if in_words is not None and in_words.span[0] <= match.start():
            return in_words
        found = _amount_from(match, prepared, blocked, covered)
        if found is not None:
            return found if in_words is None or found.span[0] < in_words.span[0] else in_words
    return in_words


def _amount_in_words(prepared: str, covered: bytearray) -> ParsedAmount | None:
    """The first amount said in English words with a money word ("twelve hundred dollars", "two grand")."""
    if not _EN_NUMBER_WORD.search(prepared):
        return None  # the common case: no number words at all, no second scan
    for match in EN_WORD_AMOUNT.finditer(prepared):
        start, end = match.start("words"), match.end()
        if any(covered[start:end]):
            continue
        value = parse_en_number_words(match.group("words"))
        if value is None:
            continue
        unit = match.group("unit")
        if unit == "grand":
            value *= 1000
        currency = _SUFFIX_CURRENCY.get(unit, "USD") if unit != "grand" else "USD"
        problem = _problem(value, False)
        return ParsedAmount(None if problem else value, currency, (start, end), problem, explicit=unit != "grand")
    return None


_EN_NUMBER_WORD = lazy_compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
                               r"|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a)\s*(?:[a-z-]+\s+){0,6}?(?:grand|dollars?|bucks|pounds?|quid|euros?)\b")


def _is_money_at(text: str, match: re.Match[str]) -> bool:
    """Tell whether a long digit run is written as money (999999999999元), not a phone or card number."""
    return bool(_CURRENCY_AROUND.match(text, match.end()) or _CURRENCY_BEFORE.search(text, max(0, match.start() - 5), match.start()))


def _amount_from(
    match: re.Match[str], text: str, blocked: list[tuple[int, int]], covered: bytearray
) -> ParsedAmount | None:
    num = match.group("num")
    start, end = match.start("num"), match.end("num")
    if num.strip(",") == "" or any(covered[start:end]):
        return None
    pre, mult, unit = match.group("pre"), match.group("mult"), match.group("unit")
    explicit_money = bool(pre or unit)
    if not num[0].isdigit():
        if num in _IDIOMS and not explicit_money:
            return None  # 万一 ("in case"), 千万 ("by all means"): words, not sums
        if not (explicit_money or mult or _MAGNITUDE_CHARS & set(plain_chinese_digits(num))):
            return None  # 一个, 两周, 三天: Chinese numerals count money only with a unit or a magnitude
        if (start > 0 and text[start - 1] in _VAGUE) or set(plain_chinese_digits(num)) <= _MAGNITUDE_CHARS:
            return None  # 几千, 十几万, 好几万: some thousands, not a thousand; a magnitude alone is no amount
    if not pre and not unit and not mult and _NOT_MONEY_AFTER.match(text, end) and not _starts_expression(text, end, blocked):
        return None
    # A k/w multiplier makes it money even after a week or month word ("逾期一周 3k").
    if not pre and not (mult and mult.strip() in ("k", "w")) and _NOT_MONEY_BEFORE.search(text, max(0, start - 10), start):
        return None
    value = parse_number(num.replace(" ", ""))
    if value is None:
        return None
    if mult:
        value *= _MULTIPLIERS[mult.strip()]
    if match.group("jiao"):
        tenths = parse_number(match.group("jiao"))
        value += (tenths or Decimal(0)) / 10
    currency = _SUFFIX_CURRENCY.get(unit or "") or _PREFIX_CURRENCY.get((pre or "").strip()) or "CNY"
    span_start = match.start("sign") if match.group("sign") else match.start()
    span = (span_start, match.end())
    while span[0] < span[1] and text[span[0]] == " ":
        span = (span[0] + 1, span[1])
    problem = _problem(value, bool(match.group("sign")))
    if problem is not None:
        return ParsedAmount(None, currency, span, problem, explicit_money)
    return ParsedAmount(_tidy(value), currency, span, explicit=explicit_money)


def _starts_expression(text: str, end: int, blocked: list[tuple[int, int]]) -> bool:
    """Tell whether what follows the number is a date expression of its own ("2000 月底还"), not its unit."""
    position = end
    while position < len(text) and text[position] == " ":
        position += 1
    return position < len(text) and any(start == position for start, _ in blocked)


def _problem(value: Decimal, negative: bool) -> AmountProblem | None:
    if negative and value != 0:
        return "negative"
    if value == 0:
        return "zero"
    if value > ABSURD_ABOVE or -value.as_tuple().exponent > 2 and value != value.quantize(Decimal("0.01")):  # type: ignore[operator]
        return "absurd"
    return None


def _tidy(value: Decimal) -> Decimal:
    """Drop a multiplier's spurious decimals (1.2万 is 12000, not 12000.0) but keep typed cents (3000.50)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value
