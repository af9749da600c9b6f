"""The time-expression corpus (``corpus/zh.txt``, ``corpus/en.txt``): loading, variants, expectations, scoring.

Each written phrase is also tried in the ways people dress it: traditional characters, full-width digits, inside
a reminder request, with a trailing word or mark; in English with capitals, inside "remind me …", with "please".
Expectations are written relative to the section's reference instant (``d+3 15:00``, ``now+90m``) and computed
here with plain date arithmetic, never with the parser under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
_TIME_GRAINS = ("hour", "minute")
_GRAIN_CODES = {"d": ("day",), "t": _TIME_GRAINS, "w": ("week",), "m": ("month",), "y": ("year",), "-": ()}
_TRADITIONAL = str.maketrans(
    "后周个点钟号时礼两节圣诞国庆劳动亲这过儿阳妇师军树党头间现双历", "後週個點鐘號時禮兩節聖誕國慶勞動親這過兒陽婦師軍樹黨頭間現雙曆"
)
_FULL_WIDTH = str.maketrans("0123456789:", "０１２３４５６７８９：")


@dataclass(frozen=True)
class Case:
    """One phrase with what it means: ``at`` None means "no time here"."""

    phrase: str
    lang: str
    now: datetime
    at: datetime | None
    grains: tuple[str, ...]
    rrule: str | None
    source: str  # the written line it came from


def _expected(when: str, now: datetime) -> datetime | None:
    if when == "NONE":
        return None
    if when.startswith("now"):
        if when == "now":
            return now
        amount, unit = int(when[4:-1]), when[-1]
        return now + timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours"}[unit]: amount})
    if when.startswith("d+"):
        days, _, clock = when[2:].partition(" ")
        day = now.date() + timedelta(days=int(days))
        when = day.isoformat() + (" " + clock if clock else "")
    formats = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
    for fmt in formats:
        try:
            return datetime.strptime(when, fmt).replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
    raise ValueError(f"bad expectation {when!r}")


def written_cases(lang: str, heldout: bool = False) -> list[Case]:
    """The corpus lines of one language, as written (``heldout``: the set written after the parser, kept apart so
    its first reading stays an honest estimate)."""
    cases: list[Case] = []
    now: datetime | None = None
    name = f"heldout_{lang}" if heldout else lang
    for line in (CORPUS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@ref "):
            _, day, clock, zone = line.split()
            now = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
            continue
        assert now is not None, "a corpus file starts with @ref"
        fields = [f.strip() for f in line.split(" | ")]
        phrase, when, grain = fields[:3]
        rrule = fields[3] if len(fields) > 3 else None
        cases.append(Case(phrase, lang, now, _expected(when, now), _GRAIN_CODES[grain], rrule, phrase))
    return cases


_ZH_WRAPPERS: list[Callable[[str], str]] = [
    lambda p: p.translate(_TRADITIONAL),
    lambda p: p.translate(_FULL_WIDTH),
    lambda p: f"提醒我{p}还款",
    lambda p: f"{p}还",
    lambda p: f"{p}。",
    lambda p: f"记得{p}提醒我",
]
_EN_WRAPPERS: list[Callable[[str], str]] = [
    lambda p: p.upper() if len(p) < 12 else p.title(),
    lambda p: f"remind me to pay rent {p}",
    lambda p: f"{p} please",
    lambda p: f"{p}!",
    lambda p: f"Remind me {p} to call the bank",
    lambda p: f"pay Visa {p}",
]


def all_cases(lang: str, heldout: bool = False) -> list[Case]:
    """The written cases and their variants (each variant once: wrappers that change nothing are dropped)."""
    wrappers = _ZH_WRAPPERS if lang == "zh" else _EN_WRAPPERS
    out: list[Case] = []
    for case in written_cases(lang, heldout):
        out.append(case)
        if case.at is None:
            continue  # "提醒我你好还款" is no sentence anyone writes
        seen = {case.phrase}
        for wrap in wrappers:
            phrase = wrap(case.phrase)
            if phrase not in seen:
                seen.add(phrase)
                out.append(Case(phrase, case.lang, case.now, case.at, case.grains, case.rrule, case.source))
    return out


@dataclass(frozen=True)
class Verdict:
    right: bool  # the instant (and rule) meant, whatever the confidence
    confident_right: bool
    confident_wrong: bool


def judge(case: Case, at: datetime | None, grain: str | None, rrule: str | None, confident: bool) -> Verdict:
    """Score one answer: an uncertain answer (the bot asks) is neither confident-right nor confident-wrong."""
    if case.at is None:
        right = at is None or not confident
        return Verdict(right, right and at is None, at is not None and confident)
    if at is None:
        return Verdict(False, False, False)
    same = at == case.at and grain in case.grains and rrule == case.rrule
    return Verdict(same, same and confident, confident and not same)


def score(cases: list[Case], answer: Callable[[Case], tuple[datetime | None, str | None, str | None, bool]]
          ) -> tuple[float, float, float, list[tuple[Case, tuple[object, ...]]]]:
    """Return accuracy, confident-and-right and confident-but-wrong rates, and the cases that were not right."""
    right = confident_right = confident_wrong = 0
    misses: list[tuple[Case, tuple[object, ...]]] = []
    for case in cases:
        found = answer(case)
        verdict = judge(case, *found)
        right += verdict.right
        confident_right += verdict.confident_right
        confident_wrong += verdict.confident_wrong
        if not verdict.confident_right:
            misses.append((case, found))
    n = max(1, len(cases))
    return right / n, confident_right / n, confident_wrong / n, misses


def ours(case: Case) -> tuple[datetime | None, str | None, str | None, bool]:
    """``bot.nlu.parse_time``'s answer for a case."""
    from bot.nlu import parse_time

    found = parse_time(case.phrase, case.now, case.lang)
    if found is None:
        return None, None, None, False
    rule = found.recurrence.rrule() if found.recurrence else None
    return found.at, found.grain, rule, found.confident


def iter_languages() -> Iterator[str]:
    yield from ("zh", "en")
