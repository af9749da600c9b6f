"""Is a message a question, or a cry for help? Decided before any amount or date is read out of it.

Money in a question ("交3000就能洗白吗") is not a debt, and a message of despair ("欠了十几万…不想活了") must never
get a form or an error: the router asks these two functions first. Both are pure and cheap (a few regexes over the
normalised text), so they can run on every message.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.nlu.normalize import normalize

Distress = Literal["crisis", "pressure"]

# Words about ending one's life or harming oneself, in both scripts (normalise maps the traditional forms it knows;
# the rest are listed here). A crisis outranks everything else in the message.
_CRISIS_ZH = re.compile(
    r"不想活|活不下去|活着没意思|活著沒意思|不如死|想死|去死|寻死|尋死|轻生|輕生|自杀|自殺|结束(?:自己的)?生命|結束(?:自己的)?生命"
    r"|跳楼|跳樓|跳河|割腕|吃安眠药|吃安眠藥|一了百了|了结自己|了結自己|死了算了|死了就好|不想再活|没法活|沒法活|活不了了"
)
_CRISIS_EN = re.compile(
    r"\b(?:kill(?:ing)? myself|suicid\w*|end (?:it all|my life)|don'?t want to (?:live|be alive|exist)"
    r"|want(?:ed)? to die|ending it all|ending my life|better off dead|no reason to live|self[- ]harm|hurt(?:ing)? myself|take my (?:own )?life"
    r"|can'?t go on living|not worth living)\b"
)
# Heavy pressure that is not (said to be) a wish to die: answered calmly and practically.
_PRESSURE_ZH = re.compile(
    r"撑不下去|撐不下去|扛不住|崩溃|崩潰|逼疯|逼瘋|逼死|绝望|絕望|走投无路|走投無路|压力(?:好|太|很|特别)?大|壓力(?:好|太|很|特別)?大"
    r"|睡不着|睡不著|好慌|好怕|害怕|焦虑|焦慮|怎么办啊|怎麼辦啊|没办法了|沒辦法了|爆通讯录|爆通訊錄|天天催|被催收"
)
_PRESSURE_EN = re.compile(
    r"\b(?:can'?t cope|can'?t take (?:it|this) anymore|hopeless|desperate|overwhelmed|panick?ing|so scared|terrified"
    r"|breaking down|at my wits'? end|harass(?:ed|ing|ment)|can'?t sleep|drowning in debt)\b"
)


def detect_distress(text: str) -> Distress | None:
    """Return "crisis" for words of suicide or self-harm, "pressure" for despair or harassment, else None."""
    lowered = normalize(text)
    if _CRISIS_ZH.search(text) or _CRISIS_ZH.search(lowered) or _CRISIS_EN.search(lowered):
        return "crisis"
    if _PRESSURE_ZH.search(text) or _PRESSURE_ZH.search(lowered) or _PRESSURE_EN.search(lowered):
        return "pressure"
    return None


# Chinese question forms: a final particle, an A-not-A verb, or a question word. "吗" closes a yes/no question;
# question words may stand anywhere ("逾期多久会上征信").
_ZH_PARTICLE = re.compile(r"[吗嗎呢么麼][\s?？!！.。~～]*$")
_ZH_WORDS = re.compile(
    r"怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为啥|為啥|干嘛|幹嘛|多久|多长时间|多長時間|多少钱|多少錢|几年|幾年|几天|幾天"
    r"|能不能|可不可以|可以不|会不会|會不會|是不是|有没有|有沒有|要不要|该不该|該不該|算不算|行不行|还能不能|還能不能"
    r"|哪个|哪個|哪些|哪里|哪裡|什么|什麼|啥时候|啥時候|咋办|咋辦|咋整|靠谱吗|靠譜嗎|是真的吗|是真的嗎|真的假的"
)
_EN_START = re.compile(
    r"^\s*(?:how|what|when|where|why|which|who|whom|whose|can|could|will|would|should|shall|is|are|am|was|were|do|does"
    r"|did|have|has|may|might|must|any(?:one|body)? know)\b"
)
_EN_INSIDE = re.compile(r"\b(?:how (?:long|much|many|do|does|can|to)|is it (?:true|legal|safe|possible)|what happens)\b")


def is_question(text: str, lang: str | None = None) -> bool:
    """Tell whether the message asks something rather than states it.

    A question mark anywhere counts; so do Chinese particles and question words and English question openers.
    Statements that merely contain "什么" in a fixed phrase are rare in this domain and asking back is harmless.
    """
    stripped = text.strip()
    if not stripped:
        return False
    if "?" in stripped or "？" in stripped:
        return True
    if lang != "en" and (_ZH_PARTICLE.search(stripped) or _ZH_WORDS.search(stripped)):
        return True
    if lang != "zh":
        lowered = normalize(stripped)
        if _EN_START.search(lowered) or _EN_INSIDE.search(lowered):
            return True
    return False
