"""Honesty for ``parse_time``: find time-like material near an expression that the parse did not account for.

A result built from part of what the user wrote ("3月5号14" read as 5 March, "the 18th of next month" read as
the 18th of this one) is worse than none, so the parser reports such leftovers and the engine asks instead of
saving. Only the expression's own clause is looked at (a debt message also holds amounts and terms), and in it:

* strong time material anywhere: a number with a time unit (3点, 5号, 2个月, 10 days), a clock (9:30), am/pm,
  weekday and month names, ordinals (the 3rd), 星期/礼拜/周 with a day, parts of the day;
* weak material only right next to the expression: a bare number ("明天 9", "Friday 5"), and the little words
  that join time phrases ("of", "after", "from", "past", 后/以后/再/过 …). "Before"/"by"/"till"/之前 are not
  among them: "周五之前还" and "before Friday" name Friday as the deadline, which is what the parse reads.

Money is not time: a number with a currency or money unit, or right after a money verb, is left alone.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

_CLAUSE_END = lazy_compile(r"[;!?\n，。；！？]|[.,](?=\s{0,3}[\u4e00-\u9fff])|\.(?=\s+[a-z])|\.$")
_REACH = 40  # characters looked at on each side of the expression, within its clause

_CN_NUM = "0-9零〇一二两三四五六七八九十百廿卅壹贰貳叁參叄肆伍陆陸柒捌玖拾"
_ZH_STRONG = lazy_compile(
    rf"[{_CN_NUM}]+\s{{0,2}}(?:个|個)?\s{{0,2}}(?:点钟|点|時|时|分钟|分|秒钟?|刻钟?|号|日|月|周|星期|礼拜|天|年|小时|钟头|次)"
    r"|(?:星期|礼拜|周)[一二三四五六日天1-7]|[0-9]{1,2}\s{0,2}[:：]\s{0,2}[0-9]{2}"
    r"|上午|下午|中午|晚上|早上|凌晨|傍晚|半夜|午夜|夜里|[ap]\.?m\b|月底|月初|月中|年底|年初|周末|礼拜天"
    # Another zone's clock ("美东时间3点"): the instant would be off by hours.
    r"|(?:美东|美西|美国|纽约|伦敦|英国|日本|东京|悉尼|澳洲|当地|新加坡|韩国|欧洲|洛杉矶|美東|美國|紐約|倫敦|英國|東京|當地|韓國|歐洲|洛杉磯)(?:时间|時間)"
)
_ZH_WEAK = lazy_compile(rf"(?<![{_CN_NUM}.,])[{_CN_NUM}]{{1,2}}(?![{_CN_NUM}]|[.,][0-9])|之后|以后|后|过|再|半|整|刻|第|隔|逢|每|起|到|至|或|或者|还是|早(?![点些])|晚(?![点些])")
_EN_STRONG = lazy_compile(
    r"\b[0-9]{1,2}(?:st|nd|rd|th)\b|\b[0-9]{1,2}\s{0,2}[:.]\s{0,2}[0-9]{2}\b|\b[0-9]{1,2}\s{0,2}(?:a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|\b(?:a\.m\.|p\.m\.|pm)(?![a-z])"  # not a bare "am": "I am paying tomorrow"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays"
    r"|saturdays|sundays|tues|thurs|weds)\b"
    r"|\b(?:january|february|april|june|july|august|september|october|november|december|sept)\b"
    r"|\b(?:tomorrow|tonight|yesterday|today|noon|midnight|midday|o'?clock|fortnight|weekend|between)\b"
    # A time zone the reading ignored: the instant would be off by hours.
    r"|\b(?:[ecmpa][sd]t|gmt|utc|bst|cet|cest|ist|jst|hkt|sgt|aest|aedt|z|et|pt|ct|mt|hst|akst|akdt|kst|nzst|nzdt)\b"
    r"|\butc\s{0,2}[+-]\s{0,2}[0-9]{1,2}"
    r"|\b(?:local|london|uk|us|ny|nyc|new\s+york|la|eastern|pacific|central|mountain|tokyo|sydney|singapore|beijing"
    r"|china|hong\s+kong|hk|taipei|their|his|her)\s+time\b|\b(?:eastern|pacific|central|mountain)\b"
    r"|\blunar\b|\bchinese\s+calendar\b"
    # The other end of a range, or the hour of "ten to five" that the reading did not take.
    r"|\b(?:to|till|til|until)\s+(?:[0-9]{1,2}(?![0-9,.])|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|noon|midnight)\b"  # a lunar day read as a Gregorian one would be weeks off
    r"|\b[0-9]+\s{0,2}(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|seconds?|secs?)\b"
    r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b(?=\s+(?:of|day|week|monday"
    r"|tuesday|wednesday|thursday|friday|saturday|sunday|in)\b)"
)
_EN_WEAK = lazy_compile(
    r"(?<![0-9][,.])\b[0-9]{1,2}\b(?![,.][0-9])|\b(?:of|after|from|past|ago|later|hence|next|last|following|coming"
    r"|every|each|or|quarter|half|morning|afternoon|evening|night|week|month|year|day|days|eve|end|mid|early|late"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|fifteenth|twentieth|thirtieth"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|may|march)\b"
)
_MONEY_AFTER = lazy_compile(
    r"\s{0,2}(?:元|块|圆|万|千|百|k\b|w\b|%|％|美元|刀|rmb|usd|dollars?\b|bucks\b|pounds?\b|euros?\b|期|笔|次|个人|岁|percent\b)"
)
_MONEY_BEFORE = lazy_compile(
    r"(?:[¥$£€]|欠了?|借了?|还了?|付了?|给了?|转了?|共|合计|总共|金额|余额|额度|利息|尾号|"
    r"\bowe[sd]?|\bpaid|\bpay|\brepay|\blent|\bborrowed|\bsend|\bsent|\bgive|\bgave|\bgot|\bowing|\bno\.|#)"
    r"\s{0,2}(?:[a-z\u4e00-\u9fff]{1,8}\s{0,2})?$"
)
_DECIMAL_TAIL = lazy_compile(r"[.,][0-9]")
_FILLER_WORDS = lazy_compile(r"(?:\s|,|\b(?:at|on|by|the|in|around|about|due)\b|的|在|于|到)+")


def clause_bounds(original: str, start: int, end: int) -> tuple[int, int]:
    """Return the start and end of the clause holding ``[start, end)``, at most ``_REACH`` characters out."""
    left = max(0, start - _REACH)
    for match in _CLAUSE_END.finditer(original, left, start):
        left = match.end()
    right = min(len(original), end + _REACH)
    found = _CLAUSE_END.search(original, end, right)
    if found is not None:
        right = found.start()
    return left, right


def leftover(
    original: str, prepared: str, span: tuple[int, int], other_tokens: list[tuple[int, int]], zh: bool,
    covered: list[tuple[int, int]] | None = None,
) -> str:
    """Return the time-like material near ``span`` that no part of the expression explains ("" when none).

    ``other_tokens`` are recognised tokens that did not join the expression (they are leftovers when in its
    clause); material inside ``covered`` spans (other expressions read on their own) is not.
    """
    shield = covered or []
    original = original[: len(prepared)]  # the parsers read only the first SCAN_LIMIT characters
    start, end = span
    left, right = clause_bounds(original, start, end)
    pieces: list[tuple[int, int]] = [(s, e) for s, e in other_tokens if s < right and e > left and (e <= start or s >= end)]
    strong = _ZH_STRONG if zh else _EN_STRONG
    weak = _ZH_WEAK if zh else _EN_WEAK
    for region_start, region_end in ((left, start), (end, right)):
        for match in strong.finditer(prepared, region_start, region_end):
            if not _is_money(prepared, match.start(), match.end()) and not _inside(match.span(), shield):
                pieces.append(match.span())
    near_left = _neighbour_left(prepared, left, start)
    near_right = _neighbour_right(prepared, end, right)
    for region in (near_left, near_right):
        if region is None:
            continue
        word = weak.fullmatch(prepared, *region) or weak.match(prepared, *region)
        # A weak word must be whole ("of", not the start of "often"); digits before a Chinese character are.
        if word is not None and _DECIMAL_TAIL.match(prepared, word.end()):
            continue  # "0.05% a day", "1,200": the word looked at was only the start of a number
        if word is not None and (word.end() == region[1] or not prepared[word.end()].isascii()
                                 or not prepared[word.end()].isalnum()):
            if not _is_money(prepared, word.start(), word.end()) and not _inside(word.span(), shield):
                pieces.append(word.span())
    if not pieces:
        return ""
    pieces.sort()
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return " ".join(original[s:e].strip() for s, e in merged if original[s:e].strip())


def _neighbour_left(text: str, left: int, start: int) -> tuple[int, int] | None:
    """The word (or, in Chinese, the two characters) just before the expression, filler skipped."""
    position = start
    while position > left:
        filler = _ends_with_filler(text, left, position)
        if filler == position:
            break
        position = filler
    if position <= left:
        return None
    word_start = position
    while word_start > left and (text[word_start - 1].isalnum() or text[word_start - 1] in "'-"):
        if "\u4e00" <= text[word_start - 1] <= "\u9fff" and position - word_start >= 2:
            break
        word_start -= 1
    return (word_start, position) if word_start < position else None


def _ends_with_filler(text: str, left: int, position: int) -> int:
    for match in _FILLER_WORDS.finditer(text, max(left, position - 12), position):
        if match.end() == position:
            return match.start()
    return position


def _neighbour_right(text: str, end: int, right: int) -> tuple[int, int] | None:
    """The word (or the two characters) just after the expression, filler skipped."""
    filler = _FILLER_WORDS.match(text, end, right)
    position = filler.end() if filler else end
    if position >= right:
        return None
    word_end = position
    while word_end < right and (text[word_end].isalnum() or text[word_end] in "'-"):
        word_end += 1
        if "\u4e00" <= text[word_end - 1] <= "\u9fff" and word_end - position >= 2:
            break
    return (position, word_end) if word_end > position else None


def _inside(span: tuple[int, int], shield: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in shield)


def _is_money(text: str, start: int, end: int) -> bool:
    if _MONEY_AFTER.match(text, end):
        return True
    return _MONEY_BEFORE.search(text, max(0, start - 14), start) is not None and text[start:end].strip().isdigit()
