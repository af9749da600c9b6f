"""Keep card numbers out of storage and logs: people paste them by mistake."""

from __future__ import annotations

import re

# 12–19 digits, optionally grouped by spaces or dashes: the shape of a payment card number.
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")


def mask_card_numbers(text: str) -> str:
    """Replace each card-like digit run with its last four digits: ``**** 1234``."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return f"**** {digits[-4:]}"

    return _CARD.sub(_mask, text)
