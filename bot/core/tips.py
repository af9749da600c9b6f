"""Credit-recovery tips: load the catalogue (``tips.toml``), choose the next one, render it with its sources.

Only tips in their validity window are ever chosen (``valid_from``/``valid_until``, both inclusive, in the
user's local dates). A grade-C fact gets the caveat "commonly cited; your contract or app page decides".
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from bot.texts import t

Grade = Literal["A", "B", "C"]
GRADES: tuple[Grade, ...] = ("A", "B", "C")
# "overdue_cost": what being late costs; it stops once nothing is overdue (sent after paying it only stings).
TOPICS = frozenset({"rational_spending", "on_time", "rights", "tools", "scam", "cost", "plan", "overdue_cost"})
SEED_ADVICE_TOPICS = ("rational_spending", "on_time", "rights", "tools")
# How many tips go out when the user reaches a step: enough to act on, few enough to read.
STEP_TIPS_ON_REACH = 3
# What overdue costs is for someone who is behind: once nothing is overdue (and right after paying) those tips stop.
NOT_AFTER_PAYING = ("overdue_cost",)


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact a tip states: its id and grade in the domain-facts research, and a short citation."""

    id: str
    grade: Grade
    source: str
    source_en: str
    valid_until: date | None = None  # a time-limited fact's last day
    about_past: bool = False  # the tip speaks of the fact as over: shown only after ``valid_until``


@dataclass(frozen=True, slots=True)
class Tip:
    """One tip. ``step`` None = fits any step; ``valid_until`` None = no end date."""

    id: str
    step: int | None
    topics: tuple[str, ...]
    zh: str
    en: str
    facts: tuple[Fact, ...]
    valid_from: date
    valid_until: date | None = None
    credit_repair: bool = False

    def in_date(self, today: date) -> bool:
        """Return whether the tip may be shown on ``today`` (a local date)."""
        return self.valid_from <= today and (self.valid_until is None or today <= self.valid_until)

    def text(self, lang: str) -> str:
        """Return the tip's text in ``lang`` (Chinese for anything but English)."""
        return self.en if lang == "en" else self.zh

    @property
    def has_grade_c(self) -> bool:
        """Whether any fact is only commonly cited (grade C), so the caveat must be shown."""
        return any(f.grade == "C" for f in self.facts)


def _parse_fact(raw: dict[str, Any], tip_id: str) -> Fact:
    grade = raw["grade"]
    if grade not in GRADES:
        raise ValueError(f"tip {tip_id}: bad grade {grade!r}")
    valid_until = raw.get("valid_until")
    if valid_until is not None and not isinstance(valid_until, date):
        raise ValueError(f"tip {tip_id}: fact validity must be a date")
    return Fact(id=str(raw["id"]), grade=grade, source=str(raw["source"]), source_en=str(raw["source_en"]),
                valid_until=valid_until, about_past=bool(raw.get("about_past", False)))


def _parse_tip(raw: dict[str, Any]) -> Tip:
    tip_id = str(raw["id"])
    step = raw.get("step")
    if step is not None and step not in (1, 2, 3, 4):
        raise ValueError(f"tip {tip_id}: bad step {step!r}")
    topics = tuple(str(x) for x in raw.get("topics", ()))
    if unknown := set(topics) - TOPICS:
        raise ValueError(f"tip {tip_id}: unknown topics {sorted(unknown)}")
    valid_from, valid_until = raw["valid_from"], raw.get("valid_until")
    if not isinstance(valid_from, date) or not (valid_until is None or isinstance(valid_until, date)):
        raise ValueError(f"tip {tip_id}: validity must be dates")
    if valid_until is not None and valid_until < valid_from:
        raise ValueError(f"tip {tip_id}: ends before it starts")
    facts = tuple(_parse_fact(f, tip_id) for f in raw.get("facts", ()))
    if not facts:
        raise ValueError(f"tip {tip_id}: states no sourced fact")
    return Tip(
        id=tip_id,
        step=step,
        topics=topics,
        zh=str(raw["zh"]).strip(),
        en=str(raw["en"]).strip(),
        facts=facts,
        valid_from=valid_from,
        valid_until=valid_until,
        credit_repair=bool(raw.get("credit_repair", False)),
    )


def parse_tips(text: str) -> tuple[Tip, ...]:
    """Parse a tips catalogue in TOML; raise ``ValueError`` on a malformed or duplicate tip."""
    tips = tuple(_parse_tip(raw) for raw in tomllib.loads(text).get("tip", ()))
    ids = [tip.id for tip in tips]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate tip ids")
    return tips


@cache
def load_tips() -> tuple[Tip, ...]:
    """Return the packaged tips catalogue (read once)."""
    return parse_tips(resources.files("bot.core").joinpath("tips.toml").read_text(encoding="utf-8"))


def topics_to_skip(*, behind: bool) -> tuple[str, ...]:
    """The topics left out of the next tip: those about what overdue costs, unless something is overdue."""
    return () if behind else NOT_AFTER_PAYING


def tips_for_step(tips: Iterable[Tip], step: int, today: date, *, limit: int | None = STEP_TIPS_ON_REACH,
                  exclude_topics: Iterable[str] = ()) -> list[Tip]:
    """Return the first ``limit`` in-date tips written for ``step`` (what to send when the user reaches it).

    The catalogue lists each step's most important tips first; ``limit=None`` returns them all. Tips with any of
    ``exclude_topics`` are left out (what overdue costs means nothing to someone who has just paid).
    """
    excluded = set(exclude_topics)
    found = [tip for tip in tips if tip.step == step and tip.in_date(today) and not excluded & set(tip.topics)]
    return found if limit is None else found[:limit]


def choose_tip(
    tips: Sequence[Tip], *, step: int, today: date, last_tip_id: str | None, shown_ids: Iterable[str],
    exclude_topics: Iterable[str] = (),
) -> Tip | None:
    """Choose the next tip: in date, never ``last_tip_id`` again, unseen ones first, the user's step first.

    Preference within the unseen ones (and, once all have been seen, within all of them as a new round):
    tips for the user's step, then general tips, then earlier steps, then later steps; catalogue order breaks
    ties. ``step`` past 4 (all steps done) counts as step 4. None when nothing else is in date.
    """
    step = min(max(step, 1), 4)
    excluded = set(exclude_topics)
    candidates = [tip for tip in tips if tip.in_date(today) and tip.id != last_tip_id
                  and not excluded & set(tip.topics)]
    if not candidates:
        return None
    seen = set(shown_ids)
    pool = [tip for tip in candidates if tip.id not in seen] or candidates

    def rank(tip: Tip) -> int:
        if tip.step == step:
            return 0
        if tip.step is None:
            return 1
        return 2 if tip.step < step else 3

    return min(pool, key=rank)


def render_tip(tip: Tip, lang: str) -> str:
    """Render a tip with its source line (grades spelled out) and, for grade-C facts, the caveat."""
    sources = t(lang, "tip.source_separator").join(
        t(lang, "tip.source_item", source=f.source_en if lang == "en" else f.source, grade=t(lang, f"tip.grade.{f.grade}"))
        for f in tip.facts
    )
    lines = [t(lang, "tip.body", text=tip.text(lang)), t(lang, "tip.sources", sources=sources)]
    if tip.has_grade_c:
        lines.append(t(lang, "tip.caveat_c"))
    return "\n".join(lines)


# Words that show a figure is only commonly cited or that the contract decides (a grade-C fact must carry one).
HEDGES_ZH = ("常见", "说法", "据说", "为准", "未经证实")
HEDGES_EN = ("commonly", "said", "decides", "claims", "unconfirmed", "conflict")


def sourcing_problems(text_zh: str, text_en: str, facts: Sequence[Fact], valid_from: date,
                      valid_until: date | None) -> list[str]:
    """Say what is wrong with a sourced text (a tip or an answer): no source, a fact shown after it expired, or a
    grade-C fact stated as certain. An empty list means it may be shown."""
    problems: list[str] = []
    if not facts:
        problems.append("states no sourced fact")
    for fact in facts:
        if not fact.source.strip() or not fact.source_en.strip():
            problems.append(f"{fact.id}: missing source")
        if fact.valid_until is None:
            continue
        if fact.about_past:
            if valid_from <= fact.valid_until:
                problems.append(f"{fact.id}: spoken of as over before it ended")
        elif valid_until is None or valid_until > fact.valid_until:
            problems.append(f"{fact.id}: shown after it expired on {fact.valid_until}")
    if any(f.grade == "C" for f in facts):
        if not any(h in text_zh for h in HEDGES_ZH):
            problems.append("grade-C fact stated as certain (zh)")
        if not any(h in text_en.lower() for h in HEDGES_EN):
            problems.append("grade-C fact stated as certain (en)")
    return problems
