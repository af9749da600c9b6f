"""Amounts in formal numerals (大写金额), as banks and lenders write them beside or instead of digits:
壹万贰仟叁佰肆拾伍元陆角, 叁仟伍佰元整, 壹仟零贰拾元零伍分.

The grammar is strict on purpose. Formal writing names every unit (叁仟伍佰元, never 叁仟伍元) and marks a skipped
unit with 零 (贰万零伍佰元), so anything that does not follow it — 叁仟伍元, which everyday speech reads as 3,500
and the cheque rule as 3,005 — is not read at all: the amount stays unknown and the bot asks.
"""

from __future__ import annotations

from decimal import Decimal

from bot.nlu.lazy_re import lazy_compile

_DIGITS = {"壹": 1, "贰": 2, "貳": 2, "弍": 2, "叁": 3, "參": 3, "叄": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7,
           "捌": 8, "玖": 9}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
_DIGIT_CLASS = "".join(_DIGITS)
# A run of formal numerals ending in 元 (or 圆), then 整 or jiao and fen. 万/亿 may appear in their traditional
# forms in a text that was not normalised.
FORMAL_MONEY = lazy_compile(
    rf"(?P<int>[{_DIGIT_CLASS}拾佰仟零万萬亿億]+)[元圆圓]"
    rf"(?:[整正]|(?P<jiao>零?[{_DIGIT_CLASS}]角)?(?P<fen>零?[{_DIGIT_CLASS}]分)?)"
)


def parse_formal_amount(text: str) -> Decimal | None:
    """Return the value of a formal-numeral amount such as "壹万贰仟叁佰肆拾伍元陆角", or None when it is not
    written by the formal rules (then a reader cannot be sure what it means)."""
    match = FORMAL_MONEY.fullmatch(text.strip())
    if match is None:
        return None
    whole = _whole(match.group("int").replace("萬", "万").replace("億", "亿"))
    if whole is None:
        return None
    value = Decimal(whole)
    for group, scale in (("jiao", Decimal("0.1")), ("fen", Decimal("0.01"))):
        part = match.group(group)
        if part:
            value += _DIGITS[part.lstrip("零")[0]] * scale
    return value if value > 0 else None


def _whole(text: str) -> int | None:
    """亿, 万 and the rest as sections of up to four units each, the highest first."""
    total = 0
    rest = text
    sections: list[tuple[str, int]] = []
    for big, scale in (("亿", 100_000_000), ("万", 10_000)):
        if big in rest:
            head, _, rest = rest.partition(big)
            if not head or big in rest:
                return None
            sections.append((head, scale))
    sections.append((rest, 1))
    for index, (section, scale) in enumerate(sections):
        if not section:
            continue  # 伍万元: nothing below the ten thousands
        value = _section(section, first=index == 0)
        if value is None:
            return None
        total += value * scale
    return total


def _section(text: str, *, first: bool) -> int | None:
    """Read one section under 10,000: 叁仟零伍拾, 壹拾贰, 零伍佰. None when it breaks the formal rules."""
    value = 0
    last_unit = 10_000  # no unit read yet
    zero = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == "零":
            zero = True
            index += 1
            continue
        if char in _UNITS:
            if char == "拾" and first and index == 0:
                value, last_unit = 10, 10  # 拾贰万: ten-something, the 壹 left out
                index += 1
                continue
            return None
        digit = _DIGITS.get(char)
        if digit is None:
            return None
        unit = _UNITS.get(text[index + 1]) if index + 1 < len(text) else None
        if unit is not None:
            if unit >= last_unit:
                return None
            value += digit * unit
            last_unit, zero = unit, False
            index += 2
            continue
        if index + 1 != len(text):
            return None
        # The ones digit: straight after 拾, after 零, or alone (伍元) — never after 佰 or 仟 with no 零 between.
        if not (last_unit == 10 or zero or (last_unit == 10_000 and first)):
            return None
        value += digit
        index += 1
    return value
