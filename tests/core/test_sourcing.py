"""Every sourced text the bot can show (the tips) is checked against the research: no expired fact, no grade-C
fact stated as certain, no fact without its source."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.tips import Fact, Tip, load_tips, render_tip, sourcing_problems
from tests.core.test_tips import FACT_GRADES

TIPS = load_tips()
# Facts of research/domain-facts.md that end (⏱): the last day they may be stated as current.
TIME_LIMITED = {"P8": date(2026, 3, 31)}
# Tips that state the extra free queries of 2026 (part of P2, ⏱ until 30 Jun 2026).
EXTRA_QUERIES = ("额外", "extra free")


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_every_tip_is_sourced_in_date_and_hedged(tip: Tip) -> None:
    assert sourcing_problems(tip.zh, tip.en, tip.facts, tip.valid_from, tip.valid_until) == []
    for fact in tip.facts:
        assert fact.grade in FACT_GRADES[fact.id], (fact.id, fact.grade)
        if fact.id in TIME_LIMITED:
            assert fact.valid_until == TIME_LIMITED[fact.id], "a time-limited fact must carry its end date"
    if any(word in tip.zh or word in tip.en for word in EXTRA_QUERIES):
        assert tip.valid_until is not None and tip.valid_until <= date(2026, 6, 30)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tip", [t for t in TIPS if t.has_grade_c], ids=lambda tip: tip.id)
def test_grade_c_tips_are_shown_as_commonly_cited(tip: Tip, lang: str) -> None:
    rendered = render_tip(tip, lang)
    assert ("常见说法" in rendered) if lang == "zh" else ("Commonly cited" in rendered)


@pytest.mark.parametrize(
    ("today", "shown"),
    [(date(2026, 3, 31), {"s2-one-off-policy-2026"}), (date(2026, 4, 1), {"s2-one-off-policy-ended"}),
     (date(2027, 1, 11), {"s2-one-off-policy-ended"})],
)
def test_the_one_off_policy_tip_hands_over_to_its_follow_up(today: date, shown: set[str]) -> None:
    about_policy = {t.id for t in TIPS if any(f.id == "P8" for f in t.facts) and t.in_date(today)}
    assert about_policy == shown


def test_the_follow_up_says_what_to_check_and_who_is_a_fraudster() -> None:
    [tip] = [t for t in TIPS if t.id == "s2-one-off-policy-ended"]
    assert "2026年3月31日" in tip.zh and "2026年产生的逾期从来不在范围内" in tip.zh and "骗子" in tip.zh
    assert "31 Mar 2026" in tip.en and "never covered" in tip.en and "fraudster" in tip.en


def test_dispute_and_complaint_paths_are_tips() -> None:
    by_id = {t.id: t for t in TIPS}
    dispute, complaint = by_id["rights-dispute-path"], by_id["rights-complaint-path"]
    assert {f.id for f in dispute.facts} == {"P6"} and "20日内" in dispute.zh and "online since January 2024" in dispute.en
    assert {f.id for f in complaint.facts} == {"P7", "K2", "K4"}
    assert all(s in complaint.zh for s in ("人民银行分支机构", "30日内", "12378", "110"))
    # A dispute is for errors: no tip invites disputing a late payment that really happened.
    for tip in TIPS:
        if any(f.id == "P6" for f in tip.facts):
            assert "属实" in tip.zh and "really happened" in tip.en, tip.id


_SOURCE = Fact(id="P8", grade="A", source="问答", source_en="Q&A", valid_until=date(2026, 3, 31))


@pytest.mark.parametrize(
    ("facts", "valid_from", "valid_until", "problem"),
    [
        ((), date(2021, 1, 1), None, "states no sourced fact"),
        ((Fact(id="P1", grade="A", source=" ", source_en="site"),), date(2021, 1, 1), None, "P1: missing source"),
        ((_SOURCE,), date(2025, 12, 22), None, "P8: shown after it expired on 2026-03-31"),
        ((_SOURCE,), date(2025, 12, 22), date(2026, 4, 30), "P8: shown after it expired on 2026-03-31"),
        ((Fact(id="P8", grade="A", source="问答", source_en="Q&A", valid_until=date(2026, 3, 31), about_past=True),),
         date(2026, 3, 1), None, "P8: spoken of as over before it ended"),
        ((Fact(id="H4", grade="C", source="网页", source_en="pages"),), date(2021, 1, 1), None,
         "grade-C fact stated as certain (zh)"),
    ],
)
def test_the_check_itself_finds_each_problem(facts: tuple[Fact, ...], valid_from: date, valid_until: date | None,
                                             problem: str) -> None:
    assert problem in sourcing_problems("花呗逾期费每天0.05%。", "Huabei charges 0.05% a day.", facts, valid_from,
                                        valid_until)
