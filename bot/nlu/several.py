"""Several debts described together, none of them named: "欠了4张信用卡一共12万", "好几个网贷", "owe 12k across 4
cards". Read as one debt, that is a card of ¥120,000 on "信用卡" with one due date, or a creditor called "张卡每张":
a confident misreading. The bot asks for them one at a time instead, so each gets its own due date and reminders.

Only the phrase that counts them is read (it is echoed back); debts the message names ("招行和中信两张卡") are the
debt parser's, which reads each of them.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.numerals import parse_number

_ZH = lazy_compile(
    r"(?<![第0-9])(?P<n>[0-9]{1,2}|[一两二三四五六七八九十]{1,3}|好几|十几|几)\s{0,2}(?:张|個|个|笔|筆|家)\s{0,2}"
    r"(?:不同的?)?\s{0,2}(?:信用卡|卡|网贷|網貸|贷款|貸款|借款|平台|口子|分期)"
)
_EN = lazy_compile(
    r"\b(?P<n>[0-9]{1,2}|two|three|four|five|six|seven|eight|nine|ten|several|multiple|a\s+few|a\s+couple\s+(?:of\s+)?)"
    r"\s+(?:different\s+|separate\s+|credit\s+card\s+)?"
    r"(?:credit\s+cards|cards|loans|payday\s+loans|personal\s+loans|lenders|bnpl\s+apps|loan\s+apps|apps)\b"
)


def several_unnamed(prepared: str) -> str | None:
    """The phrase in ``prepared`` (normalised text) that counts several debts together ("4张信用卡", "four cards"),
    or None. One ("一张卡", "1 card") is not several."""
    for pattern in (_ZH, _EN):
        for match in pattern.finditer(prepared):
            said = match.group("n").strip()
            # 几, 好几, several…: more than one by their meaning; a number must say at least two.
            value = parse_number(said) if said[0] in "0123456789一两二三四五六七八九十" and "几" not in said else 2
            if value is not None and value >= 2:
                return match.group(0).strip()
    return None
