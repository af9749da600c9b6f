"""Small talk: a greeting, thanks, "speak English", "are you a human", "how much do I still owe", "what can you
do". Recognised only in short messages, on the words alone; the engine decides what to answer.
"""

from __future__ import annotations

import re
from functools import cache

# Small talk is recognised only in short messages: a long one that starts with "你好" is about something else.
SMALL_TALK_LIMIT = 40
_PUNCT = r"[\s,，.。!！?？~～…、:：;；'\"“”‘’()（）\[\]【】]+|[\U0001F000-\U0001FAFF\u2600-\u27BF]"
_SMALL_TALK: tuple[tuple[str, str], ...] = (
    ("lang_zh", r"^(?:请|請)?(?:说|說|讲|講|用|切换|切換|换成|換成)?(?:中文|汉语|漢語|普通话|普通話)(?:吧|呀|啊|好吗|好嗎|可以吗|可以嗎)?$"
                r"|^(?:(?:please |can you |could you )?(?:speak|talk|write|reply|answer)(?: in)? chinese(?: please)?"
                r"|chinese(?: please)?)$"),
    ("lang_en", r"^(?:请|請)?(?:说|說|讲|講|用|切换|切換|换成|換成)?(?:英文|英语|英語)(?:吧|呀|啊|好吗|好嗎|可以吗|可以嗎)?$"
                r"|^(?:(?:please |can you |could you )?(?:speak|talk|write|reply|answer)(?: in)? english(?: please)?"
                r"|english(?: please)?"
                r"|in english(?: please)?|english pls|do you speak english)$"),
    ("human", r"转人工|轉人工|人工客服|真人客服|找人工|要人工|人工服务|人工服務|^人工$|^客服$|你是真人吗|你是真人嗎|你是机器人吗"
              r"|你是機器人嗎|^(?:a |an )?(?:human|real person|agent|operator|live agent|customer service)(?: please)?$"
              r"|talk to (?:a )?(?:human|person|real person|someone real)|are you (?:a )?(?:human|bot|robot|real)"
              r"|(?:want|need) (?:a |an |to talk to (?:a |an )?)?(?:real person|human|agent|operator|someone real)"),
    ("balance", r"(?:还|還)(?:剩|欠|差)多少|(?:一共|总共|總共|总的|總的|現在|现在)?欠(?:了)?多少|(?:还有|還有)多少(?:没|沒)(?:还|還)"
                r"|(?:我的)?(?:余额|餘額)(?:是多少)?$"
                r"|what'?s my balance|how much do i (?:still )?owe|my (?:total )?balance|how much (?:is )?left|total debt"),
    ("thanks", r"^(?:谢谢|謝謝|多谢|多謝|感谢|感謝|谢啦|謝啦|谢了|謝了|辛苦了|好的谢谢|好的謝謝)(?:你|您|啦|了)?$"
               r"|^(?:thanks?(?: you)?(?: so much| very much| a lot)?|thx|ty|cheers|ok thanks?)$"),
    # A bare acknowledgement after the bot's answer ("好的", "收到", "ok"). Never taken mid-question: there the
    # same word answers the question (``Reading.aside`` leaves it out).
    ("ack", r"^(?:好|好的|好滴|好嘞|好吧|好哒|行|行吧|嗯|嗯嗯|哦|哦哦|噢|收到|明白|明白了|知道了|了解|懂了|ok|okay|okk|k|kk"
            r"|got it|cool|alright|noted|fine|sounds good|ok cool"
            # "Save" / "confirm" with no card open (it was saved already): an echo, not the topic "how long records
            # are kept" that 保存 would otherwise match.
            r"|保存|保存吧|确认|确定|save|save it|confirm)$"),
    ("hello", r"^(?:你好|您好|嗨|哈喽|哈囉|嘿|在吗|在嗎|在不在|早上好|早安|晚上好|下午好|hello|hi|hey|hiya|yo"
              r"|good (?:morning|afternoon|evening))(?: ?(?:呀|啊|哦|there|bot))?$"),
    ("help", r"^(?:你)?(?:能|会|會|可以)(?:做|干|幹)?(?:什么|什麼|啥|嘛)|怎么用|怎麼用|怎么使用|怎麼使用|有什么功能|有什麼功能"
             r"|^what can you do|^how (?:do i|does this|to) (?:use|work)"),
)


@cache
def _patterns() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Compiled on first use: the patterns are long, and start-up should not pay for them."""
    return re.compile(_PUNCT), tuple((kind, re.compile(pattern)) for kind, pattern in _SMALL_TALK)


def small_talk(text: str) -> str | None:
    """The kind of small talk ``text`` is (``hello``, ``thanks``, ``ack``, ``balance``, ``help``, ``human``,
    ``lang_zh``, ``lang_en``), or None."""
    if len(text) > SMALL_TALK_LIMIT:
        return None
    punct, patterns = _patterns()
    folded = punct.sub(" ", text.lower()).strip()
    compact = folded.replace(" ", "") if re.search(r"[\u3400-\u9fff]", folded) else re.sub(r"\s+", " ", folded)
    if not compact:
        return None
    for kind, pattern in patterns:
        if pattern.search(compact):
            if kind == "balance" and re.search(r"\d", compact):
                return None  # "还了1000还剩多少" reports a payment
            return kind
    return None
