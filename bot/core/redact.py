"""Keep card numbers out of storage and logs: people paste them by mistake."""

from __future__ import annotations

import re

from bot.nlu.lazy_re import lazy_compile

# 12–19 digits, optionally grouped by spaces (also no-break and ideographic ones, as Chinese keyboards type them)
# or dashes: the shape of a payment card number.
_CARD = lazy_compile(r"(?<!\d)(?:\d[ \u00a0\u3000-]?){11,18}\d(?!\d)")
# Groups of digits joined less tidily: dots, slashes, underscores, several spaces, " - " (and their full-width
# forms). Read as a card number only when 13–19 digits pass the Luhn check every card number passes, so that
# "2024.12.10" or a list of amounts stays as typed.
_SPACE = "[ \u00a0\u3000\t]"
_JOIN = f"(?:{_SPACE}{{1,3}}|{_SPACE}{{0,2}}[-./_·‐–—－．／＿]{_SPACE}{{0,2}})"
_GROUPED = lazy_compile(rf"(?<!\d)\d{{3,8}}(?:{_JOIN}\d{{3,8}})*{_JOIN}\d{{1,8}}(?!\d)")


def luhn_valid(digits: str) -> bool:
    """Tell whether a digit string passes the Luhn check (the last digit of every payment card number)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask_card_numbers(text: str, *, keep_last: int = 4) -> str:
    """Replace each card-like digit run with ``**** 1234`` (its last four digits), or ``****`` with keep_last=0.

    Use keep_last=0 for text that will be parsed again later: the parser would read "**** 6789" as an amount.
    """

    def _mask(match: re.Match[str]) -> str:
        if keep_last <= 0:
            return "****"
        digits = re.sub(r"\D", "", match.group())
        return f"**** {digits[-keep_last:]}"

    def _mask_grouped(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and digits.isascii() and luhn_valid(digits):
            return _mask(match)
        return match.group()

    return _CARD.sub(_mask, _GROUPED.sub(_mask_grouped, text))
