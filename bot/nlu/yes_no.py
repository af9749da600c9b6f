"""A typed yes or no, as people answer "did I read that right?" (对/是的/嗯/ok … , 不对/不是/no …)."""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

_YES = lazy_compile(r"^(?:对|对的|是|是的|没错|嗯|嗯嗯|好|好的|确认|可以|行|yes|y|yep|yeah|ok|okay|correct|right|sure)[\s!.。！~]*$")
_NO = lazy_compile(r"^(?:不对|不是|错了|不|否|no|n|nope|wrong|not right)[\s!.。！~]*$")


def is_yes(text: str) -> bool:
    """Tell whether a typed answer to "did I read that right?" says yes."""
    return _YES.match(text.strip().lower()) is not None


def is_no(text: str) -> bool:
    """Tell whether a typed answer to "did I read that right?" says no."""
    return _NO.match(text.strip().lower()) is not None


# The consent question is answered with its buttons; where buttons are shown as numbered text (WeChat, the console)
# or simply not pressed, people type their answer. Only a plain, whole answer counts: consent must be explicit.
_AGREE = lazy_compile(r"^(?:我?同意(?:了|的|并开始|保存)?|我?接受|是|是的|对|可以|好|好的|行|确认|嗯|嗯嗯|ok|okay|yes|y|yep|yeah|sure"
                    r"|i\s+agree|agree(?:d)?|i\s+accept|accept)[\s!.。！~]*$")
_REFUSE = lazy_compile(r"^(?:我?不同意|我?拒绝|不要|不行|不可以|不|no|n|nope|decline|i\s+decline"
                     r"|i\s+(?:do\s+not|don'?t)\s+agree|disagree)[\s!.。！~]*$")


def consent_answer(text: str) -> str | None:
    """Return "yes" or "no" when ``text`` is a whole typed answer to the consent question, else None."""
    plain = text.strip().lower()
    if _REFUSE.match(plain):
        return "no"
    if _AGREE.match(plain):
        return "yes"
    return None
