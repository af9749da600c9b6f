"""``parse_time``: find the first time expression in a message and resolve it against ``now``.

Tokens that touch (only spaces, commas or 的/at/on between them) and fill different slots form one expression:
"下周五" + "下午3点", "next Friday" + "at 3pm". The first expression that resolves wins. The script of the text
picks the rules: Chinese rules for text with Chinese characters (they also read "3pm" and "15:30", for mixed
messages), English rules otherwise, and dateparser, restricted to English, only when our English rules found
nothing (its answer is then marked not confident). Every result says whether all the time-like material around
it was understood (see ``time_confidence``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.nlu import en_time, zh_time
from bot.nlu.calendar_math import ensure_aware
from bot.nlu.hedges import doubted_value, hedge_near
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import has_cjk, normalize
from bot.nlu.numerals import plain_chinese_digits
from bot.nlu.results import ParsedTime
from bot.nlu.time_confidence import leftover
from bot.nlu.time_spec import ImpossibleDate, Resolution, TimeSpec, resolve

# Phone numbers and card-like digit runs are blanked out before any rule looks at the text.
_PHONE_OR_CARD = lazy_compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|[0-9](?:[ -]?[0-9]){11,40})(?![0-9])")
_LETTERS = lazy_compile(r"[a-z]")

Handler = Callable[[re.Match[str], str], dict[str, Any] | None]


@dataclass(frozen=True)
class Recogniser:
    """One language's token regex, its handlers, and what may stand between two tokens."""

    patterns: Callable[[], tuple[tuple[str, re.Pattern[str]], ...]]
    handlers: dict[str, Handler]
    filler: re.Pattern[str]


ZH = Recogniser(zh_time.compiled, zh_time.HANDLERS, zh_time.FILLER)
EN = Recogniser(en_time.compiled, en_time.HANDLERS, en_time.FILLER)


@dataclass(frozen=True)
class TimeScan:
    """The outcome of scanning a message: a result, or the fact that it named a date that cannot exist."""

    parsed: ParsedTime | None
    impossible: bool = False
    impossible_span: tuple[int, int] | None = None


def prepare(text: str) -> str:
    """Return the normalised text with phone numbers and card numbers blanked (same length as the input)."""
    return _PHONE_OR_CARD.sub(lambda m: " " * len(m.group(0)), plain_chinese_digits(normalize(text)))


def scan_time(text: str, now: datetime, lang: str | None = None) -> TimeScan:
    """Find and resolve the first time expression; report impossible dates instead of dropping them silently."""
    now = ensure_aware(now)
    prepared = prepare(text)
    recognisers = []
    if has_cjk(prepared) or lang == "zh":
        recognisers.append(ZH)
    if _LETTERS.search(prepared) or not recognisers:
        recognisers.append(EN)
    for recogniser in recognisers:
        scan = _scan_with(recogniser, text, prepared, now)
        if scan.parsed is not None or scan.impossible:
            return scan
    if not has_cjk(prepared) and lang != "zh":
        fallback = _dateparser_fallback(text, now)
        if fallback is not None:
            # dateparser says nothing of what it skipped: its reading is offered, never taken as understood.
            return TimeScan(replace(fallback, confident=False, leftover=text.strip()))
    return TimeScan(None)


def _dateparser_fallback(text: str, now: datetime) -> ParsedTime | None:
    from bot.nlu.dateparser_fallback import parse_with_dateparser  # deferred: most parses never need it

    return parse_with_dateparser(text, now)


def parse_time(text: str, now: datetime, lang: str | None = None) -> ParsedTime | None:
    """Return the first time expression in ``text`` resolved against ``now``, or None when there is none.

    ``confident`` is False (and ``leftover`` says what) when time-like material around the expression was not
    understood, or when the expression itself reads two ways that the user must choose between (11/03/2027).
    """
    return with_hedge(text, scan_time(text, now, lang).parsed)


def with_hedge(text: str, parsed: ParsedTime | None) -> ParsedTime | None:
    """The reading marked unsure when a hedge touches it ("大概明天下午", "maybe tomorrow", "sometime friday") or
    "not sure" is said of it: offered and asked, never taken as said. A bare "吧" ("明天吧") only softens a reply."""
    if parsed is None or not parsed.confident:
        return parsed
    prepared = normalize(text)
    doubt = hedge_near(prepared, parsed.span) or doubted_value(prepared, {"when": parsed.span}).get("when", "")
    if not doubt or doubt == "吧":
        return parsed
    return replace(parsed, confident=False, leftover=doubt)


def _scan_with(recogniser: Recogniser, original: str, prepared: str, now: datetime) -> TimeScan:
    tokens = list(_each_token(recogniser, prepared))
    # "现在"/"now" alone is a time ("remind me now"), but beside another expression it is only a word
    # ("现在欠3000，下周五还"): it is kept as the answer only when nothing else resolves.
    present: TimeScan | None = None
    for spec, start, end, used in _specs_with_tokens(recogniser, prepared, tokens):
        if spec.is_empty():
            continue
        try:
            resolution = resolve(spec, now)
        except ImpossibleDate:
            return TimeScan(None, impossible=True, impossible_span=(start, end))
        if resolution is None:
            continue
        if spec.now:
            if present is None:
                present = TimeScan(_parsed(resolution, spec, original, prepared, (start, end), [], used, recogniser))
            continue
        return TimeScan(_parsed(resolution, spec, original, prepared, (start, end), tokens, used, recogniser))
    return present or TimeScan(None)


def _parsed(
    resolution: Resolution, spec: TimeSpec, original: str, prepared: str, span: tuple[int, int],
    tokens: list[Token], used: range, recogniser: Recogniser,
) -> ParsedTime:
    """Wrap a resolution, judging whether everything time-like around it was understood."""
    others = [(s, e) for i, (s, e, found) in enumerate(tokens) if i not in used and not _only_vague(found)]
    rest = leftover(original, prepared, span, others, recogniser is ZH)
    doubtful = spec.two_readings or bool(resolution.doubt)
    confident = not rest and not doubtful
    if doubtful and not rest:
        rest = original[span[0]:span[1]]
    return ParsedTime(resolution.at, resolution.grain, resolution.recurrence, span, resolution.alternatives,
                      confident, rest)


def _only_vague(found: dict[str, Any]) -> bool:
    """A part of the day alone ("morning"), a weak "一点" or "now" is no time expression: never a leftover."""
    probe = TimeSpec()
    probe.add(found)
    return probe.is_empty() or probe.now  # "现在下午3点": "now" beside a time is a word, not a second time


def _expressions(recogniser: Recogniser, prepared: str) -> Iterator[tuple[TimeSpec, int, int]]:
    """Yield each run of touching, compatible tokens as one spec with its span."""
    return _specs(recogniser, prepared, _each_token(recogniser, prepared))


Token = tuple[int, int, dict[str, Any]]  # start, end, and the facts the token's handler read from it


def _each_token(recogniser: Recogniser, prepared: str) -> Iterator[Token]:
    """Yield every token the recogniser finds, in order, with its facts (lazily: a first match may be enough)."""
    for name, match in _matches(recogniser.patterns(), prepared):
        found = recogniser.handlers[name](match, prepared)
        if found is not None:
            yield match.start(), match.end(), found


def _matches(patterns: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Yield the matches that ``re.finditer`` of all the patterns joined as one alternation would, in order.

    At each step the leftmost match wins, and among matches starting at the same place the pattern listed
    first; the scan then goes on after it. Each pattern's next match is searched only when the scan has
    passed where its last one started.
    """
    upcoming: list[re.Match[str] | None] = [pattern.search(text) for _, pattern in patterns]
    position = 0
    while True:
        best = -1
        for index, match in enumerate(upcoming):
            if match is not None and (best < 0 or match.start() < upcoming[best].start()):  # type: ignore[union-attr]
                best = index
        if best < 0:
            return
        chosen = upcoming[best]
        assert chosen is not None
        yield patterns[best][0], chosen
        position = chosen.end() if chosen.end() > chosen.start() else chosen.start() + 1
        for index, match in enumerate(upcoming):
            if match is not None and match.start() < position:
                upcoming[index] = patterns[index][1].search(text, position)


def _specs(recogniser: Recogniser, prepared: str, tokens: Iterable[Token]) -> Iterator[tuple[TimeSpec, int, int]]:
    """Join runs of touching, compatible tokens into specs, each with its span."""
    for spec, start, end, _ in _specs_with_tokens(recogniser, prepared, tokens):
        yield spec, start, end


def _specs_with_tokens(
    recogniser: Recogniser, prepared: str, tokens: Iterable[Token]
) -> Iterator[tuple[TimeSpec, int, int, range]]:
    """Join runs of touching, compatible tokens into specs, each with its span and the indexes of its tokens."""
    spec: TimeSpec | None = None
    start = end = 0
    first = 0
    index = -1
    for index, (token_start, token_end, found) in enumerate(tokens):
        touching = spec is not None and recogniser.filler.fullmatch(prepared, end, token_start) is not None
        if spec is not None and touching and spec.accepts(found):
            spec.add(found)
            end = token_end
            continue
        if spec is not None:
            yield spec, start, end, range(first, index)
        spec = TimeSpec()
        spec.add(found)
        first = index
        start, end = token_start, token_end
        while start < end and prepared[start] == " ":
            start += 1
    if spec is not None:
        yield spec, start, end, range(first, index + 1)


def scan_all_times(
    text: str, now: datetime, lang: str | None = None, limit: int = 8, prefer_past: bool = False
) -> list[TimeScan]:
    """Return every time expression in the text (at most ``limit``), in order, impossible ones included.

    With ``prefer_past`` a date without a year, a weekday or a clock time means the latest such moment up to
    now, as in a report of something done ("周一还了500", "paid on the 1st").
    """
    now = ensure_aware(now)
    prepared = prepare(text)
    recogniser = ZH if has_cjk(prepared) or lang == "zh" else EN
    return _resolve_all(_expressions(recogniser, prepared), now, limit, prefer_past)


def scan_times_and_token_spans(
    text: str, now: datetime, lang: str | None = None, limit: int = 8, prefer_past: bool = False
) -> tuple[list[TimeScan], list[tuple[int, int]]]:
    """Return ``scan_all_times(text, …)`` and ``time_token_spans(text, lang)`` together, from one pass of each
    recogniser: a debt or a payment needs both, and the pass over the text is the costly part."""
    now = ensure_aware(now)
    prepared = prepare(text)
    main = ZH if has_cjk(prepared) or lang == "zh" else EN
    tokens = list(_each_token(main, prepared))
    token_spans = [(s, e) for s, e, _ in tokens]

    def judge(spec: TimeSpec, resolution: Resolution, start: int, end: int) -> tuple[bool, str]:
        # The tokens of other expressions are not leftovers here: a debt message may name two dates on purpose.
        rest = leftover(text, prepared, (start, end), [], main is ZH, covered=token_spans)
        doubtful = spec.two_readings or bool(resolution.doubt)
        return not rest and not doubtful, rest or (text[start:end] if doubtful else "")

    found = _resolve_all(_specs(main, prepared, tokens), now, limit, prefer_past, judge)
    spans = []
    for recogniser in _span_recognisers(prepared, lang):
        spans += [(start, end) for start, end, _ in (tokens if recogniser is main else _each_token(recogniser, prepared))]
    return found, spans


def _resolve_all(
    specs: Iterator[tuple[TimeSpec, int, int]], now: datetime, limit: int, prefer_past: bool,
    judge: Callable[[TimeSpec, Resolution, int, int], tuple[bool, str]] | None = None,
) -> list[TimeScan]:
    found: list[TimeScan] = []
    for spec, start, end in specs:
        if spec.is_empty() or spec.now:
            continue  # "now" in a debt or payment message is a word, not a due date
        spec.prefer_past = prefer_past
        try:
            resolution = resolve(spec, now)
        except ImpossibleDate:
            found.append(TimeScan(None, impossible=True, impossible_span=(start, end)))
            continue
        if resolution is not None:
            confident, rest = judge(spec, resolution, start, end) if judge is not None else (True, "")
            found.append(TimeScan(ParsedTime(
                resolution.at, resolution.grain, resolution.recurrence, (start, end), resolution.alternatives,
                confident, rest,
            )))
        if len(found) >= limit:
            break
    return found


def time_token_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Return the spans of every date or time token, so that amount parsing can leave them alone."""
    prepared = prepare(text)
    return [(start, end) for recogniser in _span_recognisers(prepared, lang)
            for start, end, _ in _each_token(recogniser, prepared)]


def _span_recognisers(prepared: str, lang: str | None) -> list[Recogniser]:
    """The recognisers whose tokens amount parsing leaves alone: Chinese for Chinese text, English for any
    letters (or when there is nothing else)."""
    recognisers = [ZH] if has_cjk(prepared) or lang == "zh" else []
    if _LETTERS.search(prepared) or not recognisers:
        recognisers.append(EN)
    return recognisers
