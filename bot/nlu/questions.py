"""Is a message a question, or a cry for help? Decided before any amount or date is read out of it.

Money in a question ("交3000就能洗白吗") is not a debt, and a message of despair ("欠了十几万…不想活了") must never
get a form or an error: the router asks these two functions first. Both are pure and cheap (a few regexes over the
normalised text), so they can run on every message.
"""

from __future__ import annotations

from typing import Literal

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import normalize

Distress = Literal["crisis", "pressure"]

# Words about ending one's life or harming oneself, in both scripts (normalise maps the traditional forms it knows;
# the rest are listed here). A crisis outranks everything else in the message.
_CRISIS_ZH = lazy_compile(
    r"不想活|活不下去|活着没意思|活著沒意思|不如死|想死|去死|寻死|尋死|轻生|輕生|自杀|自殺|结束(?:自己的)?生命|結束(?:自己的)?生命"
    r"|跳楼|跳樓|跳河|割腕|吃安眠药|吃安眠藥|一了百了|了结自己|了結自己|死了算了|死了就好|不想再活|没法活|沒法活|活不了了"
    r"|想消失|想永远消失|想永遠消失|不想醒来|不想醒來|活着太累|活著太累|活着好累|活著好累|活得太累|活得好累|活够了|活夠了|不如死了|想不开|想不開|没有活路|沒有活路|没脸活|沒臉活|烧炭|燒炭|喝农药|喝農藥|自残|自殘|伤害自己|傷害自己"
)
_CRISIS_EN = lazy_compile(
    r"\b(?:kill(?:ing)? myself|suicid\w*|end (?:it all|my life)|don'?t want to (?:live|be alive|exist)"
    r"|want(?:ed)? to die|ending it all|ending my life|better off dead|no reason to live|self[- ]harm|hurt(?:ing)? myself|take my (?:own )?life"
    r"|can'?t go on living|not worth living|no point (?:in )?living|give up on life|end myself|kms"
    r"|want(?:ed)? to disappear(?: forever)?|don'?t want to wake up)\b"
)
# Quieter words of hopelessness people use for the same thing ("giving up on everything", "活着有什么意思"): short
# of naming death, too close to it to be answered with a form. The crisis answer is care and a hotline, never harm.
_HOPELESS_ZH = lazy_compile(
    r"放弃一切|放棄一切|活着有什么意思|活著有什麼意思"
    r"|活着干嘛|活著幹嘛|没有我(?:会|他们会|大家会)?更好|沒有我(?:會|他們會|大家會)?更好|一死了之|不如消失|撑不住了想死"
)
_HOPELESS_EN = lazy_compile(
    r"\b(?:giv(?:e|ing) up on (?:everything|it all)|can'?t go on(?:\s+(?:anymore|like this|any longer))?(?=\s*(?:$|[.!,;…]))|no reason to go on"
    r"|(?:wish|want) (?:i (?:was|were) dead|i wasn'?t (?:here|alive|born)|to not (?:exist|be here))"
    r"|(?:everyone|they|my family)(?:'d| would) be better off without me|what'?s the point (?:of|in) (?:living|going on|anything)"
    r"|i'?m done with (?:life|everything)|there'?s no point anymore|nothing to live for)\b"
)
# Giving up, said of the struggle rather than of life, and not knowing what to do: heavy pressure.
_GIVING_UP_ZH = lazy_compile(r"想放弃了|想放棄了|不想坚持了|不想堅持了|坚持不下去|堅持不下去|不想管了|摆烂|擺爛"
                             r"|不知道(?:该|該|要)?(?:怎么办|怎麼辦|咋办|咋辦)|怎么办才好|怎麼辦才好|该怎么办啊|該怎麼辦啊")
# Overwhelmed, in plain words: "so behind on everything", "I'm drowning", "everything is maxed out".
_OVERWHELMED_EN = lazy_compile(
    r"\b(?:so\s+behind|behind\s+on\s+everything|falling\s+behind\s+on\s+everything|i'?m\s+drowning|in\s+over\s+my\s+head"
    r"|don'?t\s+know\s+what\s+to\s+do|no\s+idea\s+what\s+to\s+do|(?:all|every)\s+(?:my\s+)?cards?\s+(?:are\s+)?maxed)\b"
)
# Heavy pressure that is not (said to be) a wish to die: answered calmly and practically.
_PRESSURE_ZH = lazy_compile(
    r"撑不下去|撐不下去|扛不住|崩溃|崩潰|逼疯|逼瘋|逼死|绝望|絕望|走投无路|走投無路|压力(?:好|太|很|特别)?大|壓力(?:好|太|很|特別)?大"
    r"|睡不着|睡不著|好慌|好怕|害怕|焦虑|焦慮|怎么办啊|怎麼辦啊|咋办啊|咋辦啊|咋整啊|没办法了|沒辦法了|爆通讯录|爆通訊錄|天天催|被催收"
    r"|要疯了|要瘋了|快疯了|快瘋了|受不了了|喘不过气|喘不過氣|我完了|人生完了|没希望|沒希望|好累|心好累|抑郁|抑鬱"
)
_PRESSURE_EN = lazy_compile(
    r"\b(?:can'?t cope|can'?t take (?:it|this) anymore|hopeless|desperate|overwhelmed|panick?ing|so scared|terrified"
    r"|breaking down|at my wits'? end|harass(?:ed|ing|ment)|can'?t sleep|drowning in debt|can'?t do this anymore"
    r"|so stressed|stressed out|freaking out|losing my mind|depressed|no way out|anxious"
    # Slang for the same: "stressed af", "i'm cooked", "lowkey panicking", "in over my head", "can't breathe".
    r"|(?:stressed|scared|anxious|broke|panicked|terrified)\s+(?:af|asf|as\s+(?:f+\w*|hell|heck))|super\s+stressed|really\s+stressed"
    r"|i'?m\s+(?:so\s+|actually\s+|literally\s+)?(?:cooked|stressed|screwed|f[u*]cked|doomed)|cooked\s+fr"
    r"|in\s+over\s+my\s+head|can'?t\s+breathe|losing\s+sleep|mental\s+breakdown|spiral(?:l?ing)?)\b"
)


def detect_distress(text: str) -> Distress | None:
    """Return "crisis" for words of suicide or self-harm, "pressure" for despair or harassment, else None."""
    lowered = normalize(text)
    if _CRISIS_ZH.search(text) or _CRISIS_ZH.search(lowered) or _CRISIS_EN.search(lowered):
        return "crisis"
    if _HOPELESS_ZH.search(text) or _HOPELESS_ZH.search(lowered) or _HOPELESS_EN.search(lowered):
        return "crisis"
    if (_PRESSURE_ZH.search(text) or _PRESSURE_ZH.search(lowered) or _PRESSURE_EN.search(lowered)
            or _GIVING_UP_ZH.search(text) or _GIVING_UP_ZH.search(lowered) or _OVERWHELMED_EN.search(lowered)):
        return "pressure"
    return None


# Chinese question forms: a final particle, an A-not-A verb, or a question word. "吗" closes a yes/no question;
# question words may stand anywhere ("逾期多久会上征信").
_ZH_PARTICLE = lazy_compile(r"(?:[吗嗎呢么麼嘛]|[能会會要用算有是][^，,。]{0,12}不)[\s?？!！.。~～]*$")
_ZH_CHOICE = lazy_compile(r"先(?:还|還)[^，,。]{0,12}(?:还是|還是)|(?:还是|還是)[^，,。]{0,12}(?:好|划算|劃算|先(?:还|還))[\s?？!！.。~～]*$")
_ZH_WORDS = lazy_compile(
    r"怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为啥|為啥|干嘛|幹嘛|多久|多长时间|多長時間|多少钱|多少錢|几年|幾年|几天|幾天"
    r"|能不能|可不可以|可以不|会不会|會不會|是不是|有没有|有沒有|要不要|该不该|該不該|算不算|行不行|还能不能|還能不能"
    r"|哪个|哪個|哪些|哪里|哪裡|什么|什麼|啥时候|啥時候|咋办|咋辦|咋整|靠谱吗|靠譜嗎|是真的吗|是真的嗎|真的假的"
    r"|多少|几次|幾次|几号|幾號|为何|為何|咋|啥|怎办|怎辦|可否|能否|是否|有用没|有用沒|靠不靠谱|靠不靠譜|合不合法|算不算"
)
_EN_START = lazy_compile(
    r"^\s*(?:how|what|when|where|why|which|who|whom|whose|can|could|will|would|should|shall|is|are|am|was|were|do|does"
    r"|did|have|has|may|might|must|any(?:one|body)? know)\b"
)
_EN_INSIDE = lazy_compile(
    r"\b(?:how (?:long|much|many|do|does|can|to|often|soon)|is it (?:true|legal|safe|possible|real|ok|okay|a scam)"
    r"|what happens|what if|is there|are there|do i (?:have|need)|should i|can i|will i|am i|is that|what's|whats)\b"
)


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
    if lang != "en" and (_ZH_PARTICLE.search(stripped) or _ZH_WORDS.search(stripped) or _ZH_CHOICE.search(stripped)):
        return True
    if lang != "zh":
        lowered = normalize(stripped)
        if _EN_START.search(lowered) or _EN_INSIDE.search(lowered):
            return True
    return False


# Words that make a message about the catalogue's worries even when it is not phrased as a question ("有公司说花
# 3000能帮我洗白征信"): paid credit repair and debt agencies, prison and lawsuits, abusive collection. A message
# naming one of these is answered, never read as a new debt, whatever amount it mentions.
_HOT_ZH = lazy_compile(
    r"洗白|征信修复|徵信修復|修复征信|修復徵信|信用修复|信用修復|铲单|鏟單|删除逾期|刪除逾期|删逾期|刪逾期|停息挂账|停息掛賬"
    r"|代理协商|代理協商|债务优化|債務優化|债务重组|債務重組|债务清零|債務清零|债务置换|債務置換|坐牢|判刑|被抓|蹲监狱|蹲監獄"
    r"|起诉|起訴|传票|傳票|律师函|律師函|暴力催收|爆通讯录|爆通訊錄|黑户|黑戶|黑名单|黑名單|12378|12363|高利贷|高利貸"
    r"|以贷养贷|以貸養貸|恶意透支|惡意透支|催收|催款|催债|催債|要债|要債|讨债|討債|骂我|罵我|骂人|罵人|辱骂|辱罵|威胁|威脅|恐吓|恐嚇"
    r"|天天打电话|天天打電話|每天打电话|每天打電話|一直打电话|一直打電話|打爆|律所|律师事务所|律師事務所|帮我协商|幫我協商|协商减免|協商減免"
    r"|解除逾期|消除逾期|消逾期|去除逾期|删除记录|刪除記錄|(?:交|花|付)\s*\d+\s*(?:元|块|塊)?[^，,。]{0,8}能"
    r"|还不上了|還不上了|还不起了|還不起了|还不完了|還不完了|没钱还了|沒錢還了|骚扰|騷擾|上门|上門|打(?:电话|電話)?给我(?:妈|媽|爸|家人|家里|家裡|父母|老婆|老公|朋友|同事|领导|領導|单位|單位|公司)"
)
_HOT_EN = lazy_compile(
    r"\b(?:credit repair|(?:repair|fix) (?:my|your) credit|credit fix|(?:remove|wipe|erase|delete|clean) (?:my|the|all my) "
    r"(?:default|record|late|negative|overdue|bad|credit|debt)|wipe (?:my|out my|your)|clean (?:up )?my (?:credit|record|report)"
    r"|jail|prison|arrest(?:ed)?|sue[ds]?|suing|lawsuit|blacklist(?:ed)?|loan shark|debt (?:clearing|relief|settlement) (?:company|agency|firm)"
    r"|collectors?|threaten(?:ed|ing|s)?|harass(?:ed|ing|ment)?|calling my (?:mom|mum|dad|family|parents|work|boss|friends)"
    r"|keeps? calling(?: me)?|won'?t stop calling|calling me (?:every ?day|all day|nonstop|non-stop|constantly|at work))\b"
)


def names_hot_topic(text: str) -> bool:
    """Tell whether the message names a worry the answer catalogue covers (scams, prison, lawsuits, abusive
    collection) strongly enough to be answered even when it is not phrased as a question."""
    return bool(_HOT_ZH.search(text) or _HOT_EN.search(normalize(text)))
