"""Numbers as people type them: 3000, 3,000.50, 三千五, 两万, 1.2万, 廿三, 二〇二六, five, twenty-one."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bot.nlu.lazy_re import lazy_compile

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_TENS = {"廿": 20, "卅": 30}
_TOKEN = lazy_compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿廿卅]")

# Formal numerals (大写), as written on cheques and loan contracts: 壹仟伍佰元, 贰拾日; traditional forms too.
FORMAL_DIGITS = "壹贰貳弍叁參叄肆伍陆陸柒捌玖拾佰仟萬億"
_FORMAL_TABLE = str.maketrans(FORMAL_DIGITS, "一二二二三三三四五六六七八九十百千万亿")
# Character class for regexes that accept a Chinese or Arabic number.
CN_NUMBER_CHARS = "0-9零〇一二两三四五六七八九十百千万亿廿卅" + FORMAL_DIGITS

EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}
_EN_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}


def _build_en_ordinals() -> dict[str, int]:
    ordinals = dict(_EN_ORDINAL_UNITS) | dict(_EN_ORDINAL_TENS)
    for tens_word, tens in (("twenty", 20), ("thirty", 30)):
        for unit_word, unit in _EN_ORDINAL_UNITS.items():
            if tens + unit <= 31 and unit < 10:
                for joiner in ("-", " ", ""):
                    ordinals[f"{tens_word}{joiner}{unit_word}"] = tens + unit
    return ordinals


EN_ORDINALS = _build_en_ordinals()


def _build_en_cardinals() -> dict[str, int]:
    cardinals = dict(EN_UNITS) | dict(EN_TENS)
    for tens_word, tens in EN_TENS.items():
        for unit_word, unit in EN_UNITS.items():
            if 1 <= unit <= 9:
                cardinals[f"{tens_word}-{unit_word}"] = tens + unit
                cardinals[f"{tens_word} {unit_word}"] = tens + unit
    return cardinals


EN_CARDINALS = _build_en_cardinals()


_EN_SCALE = {"hundred": 100, "thousand": 1000, "grand": 1000}
# A money amount said in English words, as voice typing writes it: "twelve hundred dollars", "five hundred bucks",
# "two grand", "one thousand two hundred fifty dollars". Only with a money word after it ("five" alone counts
# anything); "grand" is one.
EN_WORD_AMOUNT = lazy_compile(
    r"(?<![a-z$£€])(?P<words>(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
    r"|thousand)(?:[\s-]+(?:and[\s-]+)?)?){1,10}?)\s*(?P<unit>grand\b|dollars?\b|bucks\b|pounds?\b|quid\b|euros?\b)"
)


def parse_en_number_words(words: str) -> Decimal | None:
    """The value of a number said in English words ("twelve hundred" → 1200, "one thousand two hundred fifty")."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.strip()):
        if word in ("", "and"):
            continue
        if word == "a":
            current, seen = current or 1, True
        elif word in EN_UNITS or word in EN_TENS:
            current += EN_UNITS.get(word, 0) + EN_TENS.get(word, 0)
            seen = True
        elif word == "hundred":
            current, seen = (current or 1) * 100, True
        elif word in _EN_SCALE:
            total, current, seen = total + (current or 1) * _EN_SCALE[word], 0, True
        else:
            return None
    value = total + current
    return Decimal(value) if seen and value > 0 else None


def alternation(words: object) -> str:
    """Return a regex alternation of the words, longest first so that no word shadows a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


def parse_number(text: str) -> Decimal | None:
    """Return the value of an Arabic, Chinese or mixed number ("1.2万", "三千五"), or None if it is not one."""
    text = text.replace(",", "").strip().translate(_FORMAL_TABLE)
    if not text:
        return None
    if text.replace(".", "", 1).isdigit() and text.isascii():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text:
        return None
    if all(t in CN_DIGITS for t in tokens) and len(tokens) > 1:
        # A digit-by-digit reading such as a year: 二〇二六.
        return Decimal("".join(str(CN_DIGITS[t]) for t in tokens))
    return _parse_positional(tokens)


def _parse_positional(tokens: list[str]) -> Decimal | None:
    total = Decimal(0)
    section = Decimal(0)
    pending: Decimal | None = None
    last_unit: int | None = None
    after_unit = False  # the pending digit came straight after a unit: 三千五 reads as 3500
    largest_big = 0
    for token in tokens:
        if token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            section += (pending if pending is not None else Decimal(1)) * unit
            pending, last_unit, after_unit = None, unit, False
        elif token in _BIG_UNITS:
            big = _BIG_UNITS[token]
            if pending is None and section == 0 and total == 0:
                pending = Decimal(1)  # "萬二", "万五": a leading 万 is one 万 (12,000, 15,000), as "千五" is 1,500
            section += pending or 0
            if big > largest_big:
                total = (total + section) * big
                largest_big = big
            else:
                total += section * big
            section, pending, last_unit, after_unit = Decimal(0), None, big, False
        elif token in _TENS:
            section += _TENS[token]
            last_unit, after_unit = 10, False
        elif token == "零" or token == "〇":
            if pending is not None:
                return None
            last_unit, after_unit = None, False
        else:
            if pending is not None:
                return None
            value = Decimal(token) if token[0].isdigit() else Decimal(CN_DIGITS[token])
            after_unit = last_unit is not None
            pending = value
    if pending is not None:
        if after_unit and last_unit is not None and last_unit >= 100 and pending < 10:
            section += pending * (last_unit // 10)
        else:
            section += pending
    return total + section


def plain_chinese_digits(text: str) -> str:
    """Return the text with formal numerals (壹, 贰, 拾 …) written as everyday ones (一, 二, 十 …)."""
    return text.translate(_FORMAL_TABLE)


def parse_small_int(text: str) -> int | None:
    """Return a whole number written in digits or Chinese numerals, or an English number word."""
    word = text.strip().lower()
    if word in EN_CARDINALS:
        return EN_CARDINALS[word]
    if word in ("a", "an", "one"):
        return 1
    value = parse_number(word)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)
