"""Keep card numbers out of storage and logs: people paste them by mistake."""

from __future__ import annotations

import re

# 12–19 digits, optionally grouped by spaces (also no-break and ideographic ones, as Chinese keyboards type them)
# or dashes: the shape of a payment card number.
_CARD = re.compile(r"(?<!\d)(?:\d[ \u00a0\u3000-]?){11,18}\d(?!\d)")


def mask_card_numbers(text: str, *, keep_last: int = 4) -> str:
    """Replace each card-like digit run with ``**** 1234`` (its last four digits), or ``****`` with keep_last=0.

    Use keep_last=0 for text that will be parsed again later: the parser would read "**** 6789" as an amount.
    """

    def _mask(match: re.Match[str]) -> str:
        if keep_last <= 0:
            return "****"
        digits = re.sub(r"\D", "", match.group())
        return f"**** {digits[-keep_last:]}"

    return _CARD.sub(_mask, text)
