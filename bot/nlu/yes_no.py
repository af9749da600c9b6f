"""A typed yes or no, as people answer "did I read that right?" (对/是的/嗯/ok … , 不对/不是/no …)."""

from __future__ import annotations

import re

_YES = re.compile(r"^(?:对|对的|是|是的|没错|嗯|嗯嗯|好|好的|确认|可以|行|yes|y|yep|yeah|ok|okay|correct|right|sure)[\s!.。！~]*$")
_NO = re.compile(r"^(?:不对|不是|错了|不|否|no|n|nope|wrong|not right)[\s!.。！~]*$")


def is_yes(text: str) -> bool:
    """Tell whether a typed answer to "did I read that right?" says yes."""
    return _YES.match(text.strip().lower()) is not None


def is_no(text: str) -> bool:
    """Tell whether a typed answer to "did I read that right?" says no."""
    return _NO.match(text.strip().lower()) is not None
