"""Answers to the questions people in debt ask: load the catalogue (``answers.toml``), choose the wording in date,
render it with its sources.

Every answer names the facts of the domain-facts research it states. An answer is shown only inside its own window
and the windows of all its facts (the one-off credit-repair policy ended on 2026-03-31: from then on its answer
says so instead). A grade-C fact gets the caveat "commonly cited; your contract or app page decides". Finding the
answer a message asks for is ``bot.core.retrieval``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from bot.texts import t

Grade = Literal["A", "B", "C"]
GRADES: tuple[Grade, ...] = ("A", "B", "C")
FAMILIES = frozenset({"report", "overdue", "payment", "negotiate", "scam", "policy", "law", "collection",
                      "complain", "plan", "recovery", "crisis"})
EARLIEST = date(2000, 1, 1)
LATEST = date(9999, 12, 31)


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact an answer states: its id and grade in the research, a short citation, and when it is true."""

    key: str
    id: str
    grade: Grade
    source: str
    source_en: str
    valid_from: date = EARLIEST
    valid_until: date = LATEST

    def in_force(self, day: date) -> bool:
        """Return whether the fact may be stated as current on ``day``."""
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True, slots=True)
class Answer:
    """One wording of the answer to one question intent, shown from ``valid_from`` to ``valid_until``."""

    id: str
    family: str
    title_zh: str
    title_en: str
    asks_zh: tuple[str, ...]
    asks_en: tuple[str, ...]
    zh: str
    en: str
    facts: tuple[Fact, ...]
    facts_en: tuple[Fact, ...]
    history: tuple[Fact, ...] = ()
    valid_from: date = EARLIEST
    valid_until: date = LATEST
    retrievable: bool = True
    credit_repair: bool = False

    def in_date(self, today: date) -> bool:
        """Return whether this wording may be shown on ``today``: its window and every fact it states."""
        return (self.valid_from <= today <= self.valid_until
                and all(f.in_force(today) for f in (*self.facts, *self.facts_en)))

    def text(self, lang: str) -> str:
        """Return the answer in ``lang`` (Chinese for anything but English)."""
        return self.en if lang == "en" else self.zh

    def title(self, lang: str) -> str:
        """Return the question as a button shows it."""
        return self.title_en if lang == "en" else self.title_zh

    def facts_for(self, lang: str) -> tuple[Fact, ...]:
        """Return the facts the ``lang`` wording states (English may cite more: the crisis lines abroad)."""
        return self.facts_en if lang == "en" else self.facts

    def has_grade_c(self, lang: str) -> bool:
        """Whether any fact stated in ``lang`` is only commonly cited, so the caveat must be shown."""
        return any(f.grade == "C" for f in self.facts_for(lang))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The answers, and the facts they may cite."""

    answers: tuple[Answer, ...]
    facts: dict[str, Fact]

    def intents(self) -> tuple[str, ...]:
        """Return the ids a question can be matched to, in catalogue order."""
        seen: dict[str, None] = {}
        for answer in self.answers:
            if answer.retrievable:
                seen.setdefault(answer.id, None)
        return tuple(seen)

    def wordings(self, intent: str) -> tuple[Answer, ...]:
        """Return every dated wording of ``intent``."""
        return tuple(a for a in self.answers if a.id == intent)

    def answer(self, intent: str, today: date) -> Answer | None:
        """Return the wording of ``intent`` to show on ``today`` (None: unknown or nothing in date)."""
        return next((a for a in self.answers if a.id == intent and a.in_date(today)), None)


def _date(raw: dict[str, Any], name: str, default: date, where: str) -> date:
    value = raw.get(name, default)
    if not isinstance(value, date):
        raise ValueError(f"{where}: {name} must be a date")
    return value


def _parse_fact(key: str, raw: dict[str, Any]) -> Fact:
    grade = raw["grade"]
    if grade not in GRADES:
        raise ValueError(f"fact {key}: bad grade {grade!r}")
    fact = Fact(key=key, id=str(raw["id"]), grade=grade, source=str(raw["source"]),
                source_en=str(raw["source_en"]), valid_from=_date(raw, "valid_from", EARLIEST, f"fact {key}"),
                valid_until=_date(raw, "valid_until", LATEST, f"fact {key}"))
    if fact.valid_until < fact.valid_from:
        raise ValueError(f"fact {key}: ends before it starts")
    return fact


def _facts(names: Any, facts: dict[str, Fact], where: str) -> tuple[Fact, ...]:
    found = []
    for name in names:
        if name not in facts:
            raise ValueError(f"{where}: unknown fact {name!r}")
        found.append(facts[name])
    return tuple(found)


def _strings(raw: dict[str, Any], name: str) -> tuple[str, ...]:
    return tuple(str(x).strip() for x in raw.get(name, ()))


def _parse_answer(raw: dict[str, Any], facts: dict[str, Fact], first: Answer | None) -> Answer:
    answer_id = str(raw["id"])
    where = f"answer {answer_id}"
    family = str(raw.get("family", first.family if first else ""))
    if family not in FAMILIES:
        raise ValueError(f"{where}: unknown family {family!r}")
    stated = _facts(raw.get("facts", ()), facts, where)
    if not stated:
        raise ValueError(f"{where}: states no sourced fact")
    answer = Answer(
        id=answer_id, family=family,
        title_zh=str(raw.get("title_zh", first.title_zh if first else "")).strip(),
        title_en=str(raw.get("title_en", first.title_en if first else "")).strip(),
        # Later wordings of an intent are asked the same way as the first one.
        asks_zh=_strings(raw, "ask_zh") or (first.asks_zh if first else ()),
        asks_en=_strings(raw, "ask_en") or (first.asks_en if first else ()),
        zh=str(raw["zh"]).strip(), en=str(raw["en"]).strip(), facts=stated,
        facts_en=_facts(raw["facts_en"], facts, where) if "facts_en" in raw else stated,
        history=_facts(raw.get("history", ()), facts, where),
        valid_from=_date(raw, "valid_from", EARLIEST, where), valid_until=_date(raw, "valid_until", LATEST, where),
        retrievable=bool(raw.get("retrievable", True)), credit_repair=bool(raw.get("credit_repair", False)),
    )
    if answer.valid_until < answer.valid_from:
        raise ValueError(f"{where}: ends before it starts")
    if not (answer.title_zh and answer.title_en):
        raise ValueError(f"{where}: needs a title in both languages")
    if answer.retrievable and not (answer.asks_zh and answer.asks_en):
        raise ValueError(f"{where}: needs example questions in both languages")
    return answer


def parse_answers(text: str) -> Catalogue:
    """Parse an answer catalogue in TOML; raise ``ValueError`` on a malformed answer or overlapping wordings."""
    data = tomllib.loads(text)
    facts = {key: _parse_fact(key, raw) for key, raw in data.get("fact", {}).items()}
    answers: list[Answer] = []
    firsts: dict[str, Answer] = {}
    for raw in data.get("answer", ()):
        answer = _parse_answer(raw, facts, firsts.get(str(raw["id"])))
        for other in answers:
            if other.id == answer.id and answer.valid_from <= other.valid_until and other.valid_from <= answer.valid_until:
                raise ValueError(f"answer {answer.id}: two wordings overlap in time")
        firsts.setdefault(answer.id, answer)
        answers.append(answer)
    return Catalogue(answers=tuple(answers), facts=facts)


@cache
def load_answers() -> Catalogue:
    """Return the packaged answer catalogue (read once)."""
    return parse_answers(resources.files("bot.core").joinpath("answers.toml").read_text(encoding="utf-8"))


def render_answer(answer: Answer, lang: str) -> str:
    """Render an answer with its source line (grades spelled out) and, for grade-C facts, the caveat."""
    seen: dict[tuple[str, str], None] = {}
    for f in answer.facts_for(lang):
        seen.setdefault((f.source_en if lang == "en" else f.source, f.grade), None)
    sources = t(lang, "tip.source_separator").join(
        t(lang, "tip.source_item", source=source, grade=t(lang, f"tip.grade.{grade}")) for source, grade in seen)
    lines = [answer.text(lang), t(lang, "tip.sources", sources=sources)]
    if answer.has_grade_c(lang):
        lines.append(t(lang, "tip.caveat_c"))
    return "\n".join(lines)
