"""Doubt around a value: "大概五千", "8000左右", "10号还，或者15号", "the 12th or 13th", "I think it's due the 18th".

A due date or an amount said with a hedge, or beside another value it may be instead, is not what the user knows:
saving it would be confident and wrong. The debt parser asks these functions and leaves such a field to be asked
(an amount is left out; a due date is kept but marked unsure, so the card asks "is it the 10th?").

Only words touching the value count (a hedge three clauses away is about something else), except the phrases that
say outright that the user does not remember ("记不清", "not sure"): those go to the value they introduce, else to
the one they follow, in their clause.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

# A hedge right before a value, with the little words that may sit between ("好像是18号", "probably the 20th").
_BEFORE_ZH = lazy_compile(
    r"(?:大概|大约|大約|约莫|約莫|差不多|好像|好象|可能|也许|也許|或许|或許|估计|估計|应该是|應該是|似乎|貌似|约|約|将近|將近|接近"
    r"|要么|要麼)\s{0,2}(?:是|有|欠了?|在|就)?\s{0,2}$"
)
_BEFORE_EN = lazy_compile(
    r"\b(?:about|around|roughly|approximately|approx\.?|like|maybe|probably|possibly|perhaps|nearly|almost|close\s+to"
    r"|(?:somewhere\s+)?between|somewhere\s+around"
    r"|something\s+like|i\s+think|i\s+guess|i\s+believe|either|or|over|under|more\s+than|less\s+than|at\s+least|up\s+to"
    r"|sometime|some\s+time|whenever)"
    r"\s{1,2}(?:(?:it'?s|is|on|the|by|around|owe|due)\s{1,2}){0,3}[$£€¥~]?\s{0,1}$"
    r"|~\s{0,1}$"
)
# A hedge or an alternative right after a value ("8000左右", "1500ish", "the 12th or 13th", "10号吧").
_AFTER = lazy_compile(
    r"\s{0,2}(?:左右|上下|前后|前後|出头|出頭|也可能|吧(?![^，,。.;；!！?？\s])"
    # 或/还是 join alternatives only before another value: "3000还是没还" is "still not paid".
    r"|(?:或者|或是|或|还是|還是)\s{0,2}(?:是\s{0,2})?(?=[0-9一二两兩三四五六七八九十]|下|这|這|本|明|后|後|周|週|星期|礼拜|禮拜|月)"
    # A range: "三千到四千", "3000-4000", "900 to 1000" (not "3000到10号还": up to a date is a deadline).
    r"|(?:到|至|~|～|-|—|\sto\s|\sand\s)\s{0,2}(?=[$¥£€]?\s{0,1}[0-9一二两兩三四五六七八九十])"
    r"(?![$¥£€]?\s{0,1}[0-9一二两兩三四五六七八九十百千万]+\s{0,2}(?:号|號|日|月|点|點|时|時|st\b|nd\b|rd\b|th\b|am\b|pm\b|[:：/]))"
    r"|-?ish\b|\s(?:or|maybe|ish|give\s+or\s+take)\b)"
)
# Saying outright that one does not remember or is not sure.
_NOT_SURE = lazy_compile(
    r"不确定|不確定|不太确定|不太確定|记不清|記不清|记不太清|記不太清|不记得|不記得|忘了是|忘记是|忘記是|拿不准|拿不準|说不准|說不準"
    r"|\bnot\s+(?:sure|certain)\b|\bunsure\b|\bcan'?t\s+(?:remember|recall)\b|\bdon'?t\s+(?:remember|recall)\b"
    r"|\bi\s+(?:think|guess|believe)\b|\biirc\b|\bif\s+i\s+remember\b"
)
# Words that join two alternatives ("10号还，或者15号", "也可能是下下周三", "the 5th or the 8th").
# Between two dates, a range joins them too ("10号到15号之间", "the 10th to the 15th"): no single day to save.
_ALTERNATIVE = lazy_compile(r"或者|或是|或|还是|還是|要么|要麼|也可能|也许|也許|可能|\bor\b|\beither\b|\bmaybe\b"
                          r"|到(?!期)|至|~|～|—|-|\bto\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b")
_CLAUSE_END = lazy_compile(r"[，,。;；!！?？\n]")


def hedge_near(prepared: str, span: tuple[int, int]) -> str:
    """The hedge touching the value at ``span`` (before or after it), or "" when it is said plainly."""
    start, end = span
    head = prepared[max(0, start - 24):start]
    found = _BEFORE_ZH.search(head) or _BEFORE_EN.search(head)
    if found is not None:
        return found.group(0).strip()
    after = _AFTER.match(prepared, end)
    if after is not None:
        word = after.group(0).strip()
        if _ALTERNATIVE.fullmatch(word):  # "or maybe the 15th": the alternative itself, up to the clause's end
            stop = _CLAUSE_END.search(prepared, after.end(), after.end() + 24)
            word = prepared[after.start():stop.start() if stop else min(len(prepared), after.end() + 24)].strip()
        return word
    return ""


# Bounds and choices: "more than 3000", "3000 or 4000", "三千到四千" leave no one amount to offer back.
_NO_SINGLE_VALUE = lazy_compile(r"\b(?:more\s+than|less\s+than|over|under|at\s+least|up\s+to|between)\b")


def approximately(hedge: str) -> bool:
    """Tell whether a hedge found by ``hedge_near`` says "about this value" ("大概", "左右", "about", "~"), so the
    value may be offered back to confirm; not an alternative, a range or a bound."""
    return bool(hedge) and _ALTERNATIVE.search(hedge) is None and _NO_SINGLE_VALUE.search(hedge) is None


def alternative_between(prepared: str, first: tuple[int, int], second: tuple[int, int]) -> str:
    """The word that makes the second value an alternative to the first ("或者", "or"), or ""."""
    start, end = (first[1], second[0]) if first[0] < second[0] else (second[1], first[0])
    if end - start > 24:
        return ""
    found = _ALTERNATIVE.search(prepared, start, end)
    return found.group(0) if found is not None else ""


def doubted_value(prepared: str, spans: dict[str, tuple[int, int]]) -> dict[str, str]:
    """For each "I'm not sure" phrase, the field (a key of ``spans``) it is about: the first value after it in its
    clause, else the last value before it in its clause. Returns the field names with the phrase as said."""
    doubted: dict[str, str] = {}
    for phrase in _NOT_SURE.finditer(prepared):
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(prepared, 0, phrase.start())), default=0)
        following = _CLAUSE_END.search(prepared, phrase.end())
        clause_end = following.start() if following is not None else len(prepared)
        after = [(s[0], name) for name, s in spans.items() if phrase.end() <= s[0] < clause_end]
        before = [(s[1], name) for name, s in spans.items() if clause_start <= s[1] <= phrase.start()]
        if after:
            doubted.setdefault(min(after)[1], phrase.group(0))
        elif before:
            doubted.setdefault(max(before)[1], phrase.group(0))
    return doubted
