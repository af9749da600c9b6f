"""``parse_reminder``: "提醒我明天10点给花呗客服打电话", "remind me in 2 hours to call the bank"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from bot.nlu.calendar_math import ensure_aware
from bot.nlu.hedges import doubted_value, hedge_near
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import SCAN_LIMIT, detect_language, normalize
from bot.nlu.results import ReminderDraft
from bot.nlu.time_parser import scan_time

_TRIGGER = lazy_compile(
    r"(?:记得|到时候?|到时|请|麻烦)?提醒(?:一下|下|一声)?我?(?:一下|一声)?|叫我|别让我忘了|喊我"
    r"|\b(?:please\s+)?(?:set\s+(?:a|an|me\s+a)\s+reminder|remind\s+me|reminder|don't\s+let\s+me\s+forget)\b"
)
_LEAD_ZH = lazy_compile(r"^(?:[\s,.:!，。：！、]|在|于|记得|一下|一声|的时候|时)+")
_TRAIL_ZH = lazy_compile(r"(?:[\s,.:!~，。！？?、]|的时候|时|吧|哦|啊|呀|哈)+$")
# A piece left between the trigger and the time that is only a preposition ("remind me *on* Friday to…").
_ONLY_FILLER = lazy_compile(
    r"(?:on|at|by|for|in|around|about|from|until|till|due|the|在|于|到|的|,|，|请|麻烦你?|帮我|能不能|可以"
    r"|(?:hey|hi|ok|okay|please|pls|(?:can|could|would|will)\s+you(?:\s+please)?)[\s,]*)?"
)
_LEAD_EN = lazy_compile(r"^(?:[\s,.:!-]|to\b|about\b|that\b|of\b|me\b|please\b|i\s+need\s+to\b|i\s+have\s+to\b|i\s+should\b)+")
_TRAIL_EN = lazy_compile(r"(?:[\s,.:!?-]|please\b|thanks\b|thank\s+you\b|at\b|on\b|by\b)+$")


def parse_reminder(text: str, now: datetime, lang: str | None = None) -> ReminderDraft | None:
    """Return the reminder asked for, or None when the text does not ask for one."""
    now = ensure_aware(now)
    text = text[:SCAN_LIMIT]
    prepared = normalize(text)
    trigger = _TRIGGER.search(prepared)
    if trigger is None:
        return None
    lang = detect_language(text, lang)
    when = scan_time(text, now, lang).parsed
    hedge_span: tuple[int, int] | None = None
    if when is not None and when.confident:
        # "大概明天提醒我", "remind me sometime tomorrow", "maybe friday": a time said with doubt is offered, not set.
        doubt = hedge_near(prepared, when.span) or doubted_value(prepared, {"when": when.span}).get("when", "")
        if doubt:
            when = replace(when, confident=False, leftover=doubt)
            hedge_span = _span_of(prepared, doubt, when.span)
    cut = [trigger.span()] + ([when.span] if when else []) + ([hedge_span] if hedge_span else [])
    pieces = []
    position = 0
    for start, end in sorted(cut):
        pieces.append(text[position:start] if start > position else "")
        position = max(position, end)
    pieces.append(text[position:])
    kept = [p.strip() for p in pieces if p.strip() and not _ONLY_FILLER.fullmatch(p.strip().lower())]
    return ReminderDraft(when=when, task=_clean_task(" ".join(kept), lang))


def _span_of(prepared: str, word: str, near: tuple[int, int]) -> tuple[int, int] | None:
    """Where the hedge ``word`` touching the time at ``near`` was said, so it is not kept in the task."""
    before = prepared.rfind(word.lower(), max(0, near[0] - 30), near[0])
    if before >= 0:
        return before, before + len(word)
    after = prepared.find(word.lower(), near[1], near[1] + 30)
    return (after, after + len(word)) if after >= 0 else None


def _clean_task(task: str, lang: str) -> str:
    if lang == "zh":
        task = _TRAIL_ZH.sub("", _LEAD_ZH.sub("", task))
        # Chinese joins words without spaces; the cut may have left one where two pieces met.
        task = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", task)
    lowered = task.lower()
    lead = _LEAD_EN.match(lowered)
    if lead:
        task = task[lead.end():]
    trail = _TRAIL_EN.search(task.lower())
    if trail:
        task = task[:trail.start()]
    return " ".join(task.split())
