"""Questions, distress and small talk in the conversation.

Three hooks in the router, in this order of precedence:

- ``answer_crisis`` runs on every text before anything else, whatever dialogue is open: words of suicide or
  self-harm get a human answer with the crisis lines, never a form or an error, and nothing else happens.
- ``interrupt`` runs while a dialogue is open (a debt being added, a setting being asked): heavy pressure, small
  talk and a question the catalogue answers with confidence are answered, and the dialogue stays where it was.
- ``answer_first`` runs before free text is read as a reminder, payment or debt; ``answer_fallback`` runs when
  nothing else understood the text. A question ("交3000就能洗白吗") is answered, never turned into a debt.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from functools import cache

from bot.core.answers import Answer, load_answers, render_answer
from bot.core.dialogue import Awaiting
from bot.core.retrieval import RELATED, load_index, names_concept
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError
from bot.nlu.signals import RECORD_REQUEST
from bot.texts.values import Choice, Lines, Money, Text, Value, joined
from storage import accounts

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
    ("hello", r"^(?:你好|您好|嗨|哈喽|哈囉|嘿|在吗|在嗎|在不在|早上好|早安|晚上好|下午好|hello|hi|hey|hiya|yo"
              r"|good (?:morning|afternoon|evening))(?: ?(?:呀|啊|哦|there|bot))?$"),
    ("help", r"^(?:你)?(?:能|会|會|可以)(?:做|干|幹)?(?:什么|什麼|啥|嘛)|怎么用|怎麼用|怎么使用|怎麼使用|有什么功能|有什麼功能"
             r"|^what can you do|^how (?:do i|does this|to) (?:use|work)"),
)


@cache
def _small_talk_patterns() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Compiled on first use: the patterns are long, and start-up should not pay for them."""
    return re.compile(_PUNCT), tuple((kind, re.compile(pattern)) for kind, pattern in _SMALL_TALK)


def answer_crisis(turn: Turn, text: str) -> bool:
    """Answer words of suicide or self-harm first and only; return whether the text was one."""
    # The whole message is read, however long: the words that matter may come last (bot.core.reading).
    if turn.readings[text].distress != "crisis":
        return False
    lang = reply_language(turn, text)
    _say_answer(turn, lang, _catalogue_answer(turn, "crisis"), buttons=((_button("btn.look_together", "list"),),))
    return True


def interrupt(turn: Turn, text: str) -> bool:
    """While a dialogue is open: answer pressure, small talk or a clear question and keep the dialogue."""
    lang = reply_language(turn, text)
    reading = turn.readings[text]
    if reading.distress == "pressure":
        _answer_pressure(turn, lang, text)
    elif (kind := _small_talk(text)) is not None:
        lang = _small_talk_reply(turn, lang, kind)
    elif reading.asked and (match := reading.answer) is not None:
        _say_intent(turn, lang, match.intent)
    else:
        return False
    if turn.dialogue.awaiting is Awaiting.REGISTER:
        _say(turn, lang, "qa.draft_kept")
    return True


def answer_first(turn: Turn, text: str) -> bool:
    """Before free text is read as a reminder, payment or debt: answer pressure, small talk and questions."""
    lang = reply_language(turn, text)
    reading = turn.readings[text]
    if reading.distress == "pressure":
        _answer_pressure(turn, lang, text)
        return True
    kind = _small_talk(text)
    if kind is not None:
        _small_talk_reply(turn, lang, kind)
        return True
    if not reading.asked or "提醒" in text or "remind" in text.lower():
        return False  # "明天提醒我还款好吗" is a reminder request, answered by its own handler
    match = reading.answer
    if match is not None:
        _say_intent(turn, lang, match.intent)
        return True
    if reading.payments:
        return False  # "还了1000，还剩多少？" reports a payment first
    if RECORD_REQUEST.search(text) and reading.debts:
        return False  # "能不能帮我记一下花呗3000" asks the bot to record a debt
    _suggest_or_explain(turn, lang, text)
    return True


def answer_fallback(turn: Turn, text: str) -> None:
    """Nothing else understood the text: answer it if the catalogue knows it, offer the closest questions if
    some are near, else explain what the bot understands."""
    lang = reply_language(turn, text)
    match = turn.readings[text].answer
    if match is not None:
        _say_intent(turn, lang, match.intent)
        return
    _suggest_or_explain(turn, lang, text)


def answer_button(turn: Turn, parts: list[str]) -> None:
    """``qa:<intent>``: one of the suggested questions was pressed."""
    if len(parts) != 1:
        raise NotFoundError("err.stale_button")
    answer = load_answers().answer(parts[0], turn.today)
    if answer is None or not answer.retrievable:
        raise NotFoundError("err.stale_button")
    _say_answer(turn, turn.lang, answer)


# --- helpers ---------------------------------------------------------------------------------------------


def reply_language(turn: Turn, text: str) -> str:
    """Answer in the language the message is written in (a question typed in English gets English even when the
    user's setting is Chinese, and the other way round); the setting decides when the text shows neither or
    both about equally ("someone offered 停息挂账 for a fee" is English with a Chinese term in it)."""
    chinese_words = len(re.findall(r"[\u3400-\u9fff]", text[:2000])) / 2  # a Chinese word is about two characters
    english_words = len(re.findall(r"[A-Za-z]{2,}", text[:2000]))
    if chinese_words > english_words:
        return "zh"
    if english_words > chinese_words:
        return "en"
    return turn.lang


def _say(turn: Turn, lang: str, text_id: str, buttons: Buttons = (), **params: Value) -> None:
    turn.reply(Text(text_id, **params), buttons=buttons, lang=lang)


def _button(text_id: str, data: str) -> Choice:
    return Choice(Text(text_id), data)


def _suggest_or_explain(turn: Turn, lang: str, text: str) -> None:
    related = [m for m in load_index().search(text) if m.score >= RELATED] if names_concept(text) else []
    catalogue = load_answers()
    rows: list[tuple[Choice, ...]] = []
    for match in related:
        answer = catalogue.answer(match.intent, turn.today)
        if answer is not None:
            rows.append((Choice(answer.title(lang), f"qa:{match.intent}"),))
    if rows:
        _say(turn, lang, "qa.suggest", buttons=tuple(rows))
    else:
        _say(turn, lang, "err.not_understood", buttons=((_button("btn.help", "help"),),))


def _catalogue_answer(turn: Turn, intent: str) -> Answer:
    answer = load_answers().answer(intent, turn.today)
    if answer is None:  # the catalogue test walks every intent and date, so this is a packaging error
        raise LookupError(f"no answer in date for {intent!r}")
    return answer


def _say_intent(turn: Turn, lang: str, intent: str, preface: Text | None = None) -> None:
    _say_answer(turn, lang, _catalogue_answer(turn, intent), preface=preface)


def _say_answer(turn: Turn, lang: str, answer: Answer, *, buttons: Buttons = (), preface: Text | None = None) -> None:
    # The catalogue answer is written by bot.core.answers, with its sources; only the words around it are ours.
    written = render_answer(answer, lang)
    text: Value = written if preface is None else joined(preface, "\n", written)
    links: list[tuple[Choice, ...]] = list(buttons)
    body = answer.text(lang)
    if "/recovery" in body:
        links.append((_button("btn.recovery", "recovery"),))
    if "/tip" in body:
        links.append((_button("btn.tip", "tip"),))
    turn.reply(text, buttons=tuple(links), lang=lang)


def _answer_pressure(turn: Turn, lang: str, text: str) -> None:
    """Pressure with a clear question gets that answer, gently; otherwise the calm, practical pressure answer
    (a cry like "被催收逼疯了" names collection, but asks for steadiness more than for one rule)."""
    reading = turn.readings[text]
    if reading.is_question and (match := reading.answer) is not None:
        _say_intent(turn, lang, match.intent, preface=Text("qa.pressure_preface"))
        return
    _say_answer(turn, lang, _catalogue_answer(turn, "pressure"), buttons=((_button("btn.look_together", "list"),),))


def _small_talk(text: str) -> str | None:
    if len(text) > SMALL_TALK_LIMIT:
        return None
    punct, patterns = _small_talk_patterns()
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


def _small_talk_reply(turn: Turn, lang: str, kind: str) -> str:
    """Answer small talk in ``lang``; return the language the conversation goes on in (a switch changes it)."""
    if kind in ("lang_zh", "lang_en"):
        lang = "zh" if kind == "lang_zh" else "en"
        turn.user.language = lang
        turn.session.add(turn.user)
        _say(turn, lang, "set.lang_saved")
    elif kind == "balance":
        _say_balance(turn, lang)
    elif kind == "help":
        _say(turn, lang, "onb.help", buttons=((_button("btn.list", "list"), _button("btn.settings", "settings")),))
    else:
        _say(turn, lang, f"chat.{kind}")
    return lang


def _say_balance(turn: Turn, lang: str) -> None:
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id) if d.balance > 0]
    if not debts:
        _say(turn, lang, "chat.balance_none")
        return
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for debt in debts:
        totals[debt.currency] += debt.balance
    text: Value = Text("chat.balance", count=len(debts), totals=Lines(tuple(
        Money(amount, currency) for currency, amount in sorted(totals.items(), key=lambda item: -item[1])),
        Text("chat.total_separator")))
    overdue = sum(1 for d in debts if d.due_date is not None and d.due_date < turn.today)
    if overdue:
        text = Lines((text, Text("chat.balance_overdue", overdue=overdue)))
    turn.reply(text, buttons=((_button("btn.list", "list"),),), lang=lang)
