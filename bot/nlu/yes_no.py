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


# Words that agree to the consent question itself, not a mere "ok" (see the engine's ``_answer_card``).
_AGREE_WORDS = r"我?同意(?:了|的|并开始|保存)?|我?接受|i\s+agree|agreed?|i\s+accept|accept"
_END = r"[\s!.。！~]*$"
_EXPLICIT = lazy_compile(rf"^(?:{_AGREE_WORDS}){_END}")
# The consent question is answered with its buttons; where buttons are shown as numbered text (WeChat, the console)
# or simply not pressed, people type their answer. Only a plain, whole answer counts: consent must be explicit.
_AGREE = lazy_compile(rf"^(?:{_AGREE_WORDS}|是|是的|对|可以|好|好的|行|确认|嗯|嗯嗯|ok|okay|yes|y|yep|yeah|sure){_END}")
_REFUSE = lazy_compile(r"^(?:我?不同意|我?拒绝|不要|不行|不可以|不|no|n|nope|decline|i\s+decline"
                     rf"|i\s+(?:do\s+not|don'?t)\s+agree|disagree){_END}")
# "Save it" typed at a card that asks "确认保存吗？" / "Save this?".
_SAVE = lazy_compile(r"^(?:(?:确认|全部|都)?保存(?:吧|一下|吧谢谢)?|存(?:吧|上|起来)|记(?:下来?|上)(?:吧)?|没问题"
                   rf"|save(?:\s+(?:it|them|all|both))?(?:\s+please)?|confirm(?:ed)?|looks?\s+(?:good|right)|all\s+good){_END}")


def explicit_consent(text: str) -> bool:
    """Tell whether ``text`` is 「同意」, "I agree" or the like: consent in its own words, not a bare yes."""
    return _EXPLICIT.match(text.strip().lower()) is not None


def confirms(text: str) -> bool:
    """Tell whether a typed answer to a card's "save this?" says yes (a yes, an agreement, or "save it")."""
    plain = text.strip().lower()
    return is_yes(plain) or _EXPLICIT.match(plain) is not None or _SAVE.match(plain) is not None


def consent_answer(text: str) -> str | None:
    """Return "yes" or "no" when ``text`` is a whole typed answer to the consent question, else None."""
    plain = text.strip().lower()
    if _REFUSE.match(plain):
        return "no"
    if _AGREE.match(plain):
        return "yes"
    return None
