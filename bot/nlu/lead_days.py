"""How long before a due date to be reminded, asked in words: "提前三天提醒我还信用卡", "到期前5天提醒我",
"remind me 3 days before Chase is due", "remind me the day before".

Only the number of days is read here (1 to 30); which debt it is for is the creditor the message names, if any
(the engine matches it). "明天提醒我" is a reminder at a time, not this.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.numerals import parse_number

_ZH = lazy_compile(
    r"(?:提前|到期前|还款日前|還款日前|到期日前|前)\s{0,2}(?P<n>[0-9]{1,2}|[一二两兩三四五六七八九十]{1,3})\s{0,2}(?:天|日)"
    r"(?:的时候|時)?\s{0,2}(?:就)?\s{0,2}(?:提醒|通知|叫)"
    r"|(?P<n2>[0-9]{1,2}|[一二两兩三四五六七八九十]{1,3})\s{0,2}天前\s{0,2}(?:就)?\s{0,2}(?:提醒|通知|叫)"
)
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_EN = lazy_compile(
    r"\bremind\s+me\s+(?:(?P<n>[0-9]{1,2}|a|one|two|three|four|five|six|seven|ten)\s+days?|(?P<week>a\s+week)|(?P<one>the\s+day))"
    r"\s+(?:before|ahead|early|in\s+advance)\b"
)


def parse_lead_request(prepared: str) -> int | None:
    """Days before a due date to be reminded, asked in ``prepared`` (normalised text), or None."""
    match = _ZH.search(prepared)
    if match is not None:
        said = match.group("n") or match.group("n2")
        value = parse_number(said)
        days = int(value) if value is not None else None
    else:
        match = _EN.search(prepared)
        if match is None:
            return None
        if match.group("week"):
            days = 7
        elif match.group("one"):
            days = 1
        else:
            said = match.group("n")
            days = int(said) if said.isdigit() else _WORDS.get(said)
    return days if days is not None and 1 <= days <= 30 else None
