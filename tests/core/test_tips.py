"""The tips catalogue (data checks) and the choice and rendering of tips."""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.core.tips import (
    SEED_ADVICE_TOPICS,
    Tip,
    choose_tip,
    load_tips,
    parse_tips,
    render_tip,
    tips_for_step,
    topics_to_skip,
)
from bot.texts import t

TODAY = date(2026, 11, 28)

# Fact ids of research/domain-facts.md with the grades it gives them (several facts carry two grades: the
# statute and a reprint, or a rule and its paraphrase). H7 is arithmetic on grade-C figures, so C.
FACT_GRADES: dict[str, set[str]] = {
    **{f"H{i}": {"C"} for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)},
    "H8": {"B"},
    "C1": {"B"}, "C2": {"B"}, "C3": {"B"}, "C4": {"B", "C"}, "C5": {"C"},
    "C6": {"A"}, "C7": {"A"}, "C8": {"A"}, "C9": {"C"},
    "J1": {"B"}, "J2": {"C"}, "J3": {"C"}, "J4": {"C"},
    "O1": {"B"}, "O2": {"B"}, "O3": {"A"}, "O4": {"A"},
    "P1": {"A"}, "P2": {"A", "B", "C"}, "P3": {"A"}, "P4": {"A"}, "P5": {"A"}, "P6": {"A"}, "P7": {"A"},
    "P8": {"A", "B"}, "P9": {"B"},
    "K1": {"A", "C"}, "K2": {"C"}, "K3": {"A", "C"}, "K4": {"A"}, "K5": {"C"}, "K6": {"C"},
    "M1": {"B"}, "M2": {"B"}, "M3": {"C"}, "M4": {"C"}, "M5": {"A"}, "M6": {"A"},
    "4a": {"B", "C"}, "4b": {"C"},
}

# Phrases that would suggest borrowing to repay; allowed only in a sentence that warns against it.
BORROW_ZH = ("借钱还", "借新还旧", "以贷养贷", "再借", "套现", "新的借款")
BORROW_EN = ("borrow to repay", "borrow more", "borrowing to repay", "new loan", "borrow again", "take a loan")
WARN_ZH = ("不要", "别", "禁止", "切勿", "骗")
WARN_EN = ("do not", "don't", "never", "avoid", "ban", "scam")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。！？；;!?]|\. |: ", text) if s.strip()]


def suggests_borrowing(text: str) -> bool:
    """Whether any sentence mentions borrowing to repay without warning against it."""
    for sentence in sentences(text):
        lower = sentence.lower()
        if any(p in sentence for p in BORROW_ZH) and not any(w in sentence for w in WARN_ZH):
            return True
        if any(p in lower for p in BORROW_EN) and not any(w in lower for w in WARN_EN):
            return True
    return False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手头紧可以先借钱还花呗。", True),
        ("You could take a new loan to clear the card.", True),
        ("不要以贷养贷，利息会越滚越多。", False),
        ("Do not take a new loan to pay an old one.", False),
        ("按时还款，保持良好记录。", False),
    ],
)
def test_borrowing_check_itself(text: str, expected: bool) -> None:
    assert suggests_borrowing(text) is expected


TIPS = load_tips()


def test_catalogue_has_enough_tips_for_every_step_and_seed_advice() -> None:
    assert len(TIPS) >= 30
    assert len({tip.id for tip in TIPS}) == len(TIPS)
    for step in (1, 2, 3, 4):
        assert len([tip for tip in TIPS if tip.step == step]) >= 4, step
    for topic in SEED_ADVICE_TOPICS:
        assert len([tip for tip in TIPS if topic in tip.topics]) >= 4, topic


def test_load_tips_is_cached() -> None:
    assert load_tips() is TIPS


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_tip_has_both_languages(tip: Tip) -> None:
    assert re.search(r"[\u4e00-\u9fff]", tip.zh)
    assert not re.search(r"[\u4e00-\u9fff]", tip.en)
    assert tip.text("zh") == tip.zh and tip.text("en") == tip.en


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_tip_facts_exist_with_their_grades(tip: Tip) -> None:
    assert tip.facts
    for fact in tip.facts:
        assert fact.id in FACT_GRADES, fact.id
        assert fact.grade in FACT_GRADES[fact.id], (fact.id, fact.grade)
        assert fact.source.strip() and fact.source_en.strip()
        assert not re.search(r"[\u4e00-\u9fff]", fact.source_en)


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_no_tip_suggests_borrowing_to_repay(tip: Tip) -> None:
    assert not suggests_borrowing(tip.zh)
    assert not suggests_borrowing(tip.en)


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_credit_repair_tips_warn_that_paid_repair_is_a_scam(tip: Tip) -> None:
    mentions_repair = "修复" in tip.zh or "洗白" in tip.zh or "repair" in tip.en.lower()
    if mentions_repair:
        assert tip.credit_repair, "a tip about credit repair must carry credit_repair = true"
    if tip.credit_repair:
        assert "骗" in tip.zh
        assert "scam" in tip.en.lower()


@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_time_sensitive_tips_carry_an_end_date(tip: Tip) -> None:
    if "⏱" in tip.zh or "⏱" in tip.en:
        assert tip.valid_until is not None
    for fact in tip.facts:
        if fact.id != "P8":
            continue
        # The policy ended on 31 Mar 2026: a tip may state it only until then, or speak of it as over after.
        assert fact.valid_until == date(2026, 3, 31)
        if fact.about_past:
            assert tip.valid_from > date(2026, 3, 31)
        else:
            assert tip.valid_until is not None and tip.valid_until <= date(2026, 3, 31)


def test_the_one_off_policy_is_in_the_file_but_out_of_date_now() -> None:
    policy = next(tip for tip in TIPS if any(f.id == "P8" for f in tip.facts))
    assert policy.in_date(date(2026, 3, 31))
    assert not policy.in_date(date(2026, 4, 1))
    assert not policy.in_date(TODAY)


def walk(tips: tuple[Tip, ...], *, step: int, today: date, count: int) -> list[Tip]:
    shown: list[str] = []
    chosen: list[Tip] = []
    for _ in range(count):
        tip = choose_tip(tips, step=step, today=today, last_tip_id=shown[-1] if shown else None, shown_ids=shown)
        assert tip is not None
        chosen.append(tip)
        shown.append(tip.id)
    return chosen


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_expired_tips_are_never_chosen(step: int) -> None:
    chosen = walk(TIPS, step=step, today=TODAY, count=2 * len(TIPS))
    assert all(tip.in_date(TODAY) for tip in chosen)
    assert "s2-one-off-policy-2026" not in {tip.id for tip in chosen}
    assert "s1-extra-free-queries-2026" not in {tip.id for tip in chosen}


def test_the_one_off_policy_is_chosen_while_in_force() -> None:
    chosen = walk(TIPS, step=2, today=date(2026, 2, 1), count=len(TIPS))
    assert "s2-one-off-policy-2026" in {tip.id for tip in chosen}


def test_choice_cycles_through_unseen_first_and_never_repeats_in_a_row() -> None:
    in_date = [tip for tip in TIPS if tip.in_date(TODAY)]
    chosen = walk(TIPS, step=2, today=TODAY, count=3 * len(in_date))
    first_round = chosen[: len(in_date)]
    assert len({tip.id for tip in first_round}) == len(in_date)
    assert all(a.id != b.id for a, b in zip(chosen, chosen[1:], strict=False))


def test_choice_prefers_the_users_step_then_general_tips() -> None:
    step3 = [tip for tip in TIPS if tip.step == 3 and tip.in_date(TODAY)]
    chosen = walk(TIPS, step=3, today=TODAY, count=len(step3) + 1)
    assert [tip.id for tip in chosen[: len(step3)]] == [tip.id for tip in step3]
    assert chosen[len(step3)].step is None


def test_choice_returns_none_rather_than_repeat() -> None:
    only = TIPS[:1]
    assert choose_tip(only, step=1, today=TODAY, last_tip_id=only[0].id, shown_ids=[only[0].id]) is None
    expired = (replace(TIPS[0], valid_until=TODAY - timedelta(days=1)),)
    assert choose_tip(expired, step=1, today=TODAY, last_tip_id=None, shown_ids=[]) is None


def test_tips_for_step_are_in_date_and_of_that_step() -> None:
    assert all(tip.step == 2 and tip.in_date(TODAY) for tip in tips_for_step(TIPS, 2, TODAY, limit=None))
    assert "s2-one-off-policy-2026" in {tip.id for tip in tips_for_step(TIPS, 2, date(2026, 3, 1), limit=None)}
    assert "s2-one-off-policy-2026" not in {tip.id for tip in tips_for_step(TIPS, 2, TODAY, limit=None)}


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (1, ["s1-settle-and-proof", "s1-check-report-settled", "s1-overdue-costs-daily"]),
        # reaching step 2 ("credit repair" in the seed) leads with the scam warning and the free dispute
        (2, ["s2-on-time-record", "s2-paid-repair-scam", "s2-dispute-errors-free"]),
        (3, ["s3-huabei-reevaluation", "s3-free-report-first", "s3-no-paid-agents"]),
        (4, ["s4-auto-repay", "s4-remind-three-days", "s4-spend-within-means"]),
    ],
)
def test_tips_sent_on_reaching_a_step(step: int, expected: list[str]) -> None:
    assert [tip.id for tip in tips_for_step(TIPS, step, TODAY)] == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tip", TIPS, ids=lambda tip: tip.id)
def test_render_tip_shows_sources_grades_and_caveat(tip: Tip, lang: str) -> None:
    text = render_tip(tip, lang)
    assert tip.text(lang) in text
    for fact in tip.facts:
        assert (fact.source_en if lang == "en" else fact.source) in text
        assert t(lang, f"tip.grade.{fact.grade}") in text
    assert (t(lang, "tip.caveat_c") in text) == any(f.grade == "C" for f in tip.facts)


def test_render_tip_example() -> None:
    tip = next(tip for tip in TIPS if tip.id == "s1-overdue-costs-daily")
    assert render_tip(tip, "zh").splitlines()[1:] == [
        "来源：多家网页转述的花呗逾期费算法（C级：常见说法）",
        "⚠️ 常见说法，以合同/平台页面为准。",
    ]
    assert render_tip(tip, "en").endswith("⚠️ Commonly cited; your contract or app page decides.")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[tip]]\nid="a"\nzh="中"\nen="e"\nvalid_from=2026-01-01\n', "no sourced fact"),
        (
            '[[tip]]\nid="a"\nzh="中"\nen="e"\nvalid_from=2026-01-01\n'
            '[[tip.facts]]\nid="P1"\ngrade="D"\nsource="s"\nsource_en="s"\n',
            "bad grade",
        ),
        (
            '[[tip]]\nid="a"\nstep=7\nzh="中"\nen="e"\nvalid_from=2026-01-01\n'
            '[[tip.facts]]\nid="P1"\ngrade="A"\nsource="s"\nsource_en="s"\n',
            "bad step",
        ),
        (
            '[[tip]]\nid="a"\nzh="中"\nen="e"\nvalid_from=2026-01-01\nvalid_until=2025-01-01\n'
            '[[tip.facts]]\nid="P1"\ngrade="A"\nsource="s"\nsource_en="s"\n',
            "ends before",
        ),
    ],
)
def test_parse_tips_rejects_malformed_tips(toml: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_tips(toml)


def test_parse_tips_rejects_duplicates() -> None:
    one = '[[tip]]\nid="a"\nzh="中"\nen="e"\nvalid_from=2026-01-01\n[[tip.facts]]\nid="P1"\ngrade="A"\nsource="s"\nsource_en="s"\n'
    with pytest.raises(ValueError, match="duplicate"):
        parse_tips(one + one)


def test_tips_about_what_overdue_costs_stop_once_nothing_is_overdue() -> None:
    assert "overdue_cost" in topics_to_skip(behind=False)
    assert topics_to_skip(behind=True) == ()
