"""The answer catalogue: every answer walked for its facts (known ids and grades, in force whenever it is shown,
grade C never stated as certain), both languages, dated wordings without gaps, and how an answer renders."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.core.answers import Answer, load_answers, parse_answers, render_answer
from tests.core.test_tips import FACT_GRADES as TIP_FACT_GRADES
from tests.core.test_tips import suggests_borrowing

TODAY = date(2026, 11, 28)
CATALOGUE = load_answers()
ANSWERS = CATALOGUE.answers

# Fact ids of research/domain-facts.md and the grades it gives them: those the tips use, plus the crisis lines
# (§10) and negotiation (§11).
FACT_GRADES: dict[str, set[str]] = {
    **TIP_FACT_GRADES,
    "X1": {"B"}, "X2": {"A"}, "X3": {"B"},
    "N1": {"C"}, "N2": {"B"}, "N3": {"B"}, "N4": {"B"},
}
# Time-sensitive facts (⏱) with the window the sheet gives them: an answer stating one must carry it.
DATED_FACTS = {("P8", "valid_until"): date(2026, 3, 31), ("M1", "valid_from"): date(2026, 1, 30),
               ("N3", "valid_from"): date(2026, 2, 6)}
# How a grade-C fact may be worded: as commonly cited, unverified, or with the contract/app deciding.
HEDGES_ZH = ("常见", "据说", "未经证实", "说法不一", "相互矛盾", "为准")
HEDGES_EN = ("commonly", "unverified", "decides", "conflict", "is said", "are said", "sources vary")
CJK = re.compile(r"[\u4e00-\u9fff]")


def ids(answer: Answer) -> str:
    return f"{answer.id}@{answer.valid_from}"


def test_catalogue_has_at_least_80_question_intents_across_every_family() -> None:
    intents = CATALOGUE.intents()
    assert len(intents) >= 80
    families = {CATALOGUE.wordings(i)[0].family for i in intents}
    assert families >= {"report", "overdue", "payment", "negotiate", "scam", "policy", "law", "collection",
                        "complain", "plan", "recovery"}
    assert CATALOGUE.answer("crisis", TODAY) is not None and CATALOGUE.answer("pressure", TODAY) is not None


def test_the_issue_topics_each_have_an_answer() -> None:
    for intent in ("report-error-dispute", "complain-credit-report", "complain-12378", "collect-threats",
                   "negotiate-can-i", "negotiate-stop-interest", "negotiate-agency", "negotiate-debt-optimization",
                   "scam-credit-repair", "law-sued", "law-jail", "collect-contacts", "min-is-overdue",
                   "overdue-card-fee", "plan-which-first", "borrow-to-repay", "policy-one-off"):
        assert CATALOGUE.answer(intent, TODAY) is not None, intent


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_answer_has_both_languages(answer: Answer) -> None:
    assert CJK.search(answer.zh) and CJK.search(answer.title_zh)
    assert not CJK.search(answer.en) and not CJK.search(answer.title_en)
    for ask in answer.asks_en:
        assert not CJK.search(ask)
    if answer.family != "crisis":  # the crisis and pressure answers list lines and steps, one per line
        assert len(answer.zh) <= 320 and len(answer.en) <= 720, "answers stay short"


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_every_fact_is_a_known_id_with_its_grade(answer: Answer) -> None:
    assert answer.facts, "an answer with no sourced fact"
    for fact in (*answer.facts, *answer.facts_en, *answer.history):
        assert fact.id in FACT_GRADES, f"unknown fact id {fact.id}"
        assert fact.grade in FACT_GRADES[fact.id], (fact.id, fact.grade)
        assert fact.source.strip() and fact.source_en.strip() and not CJK.search(fact.source_en)


def test_time_sensitive_facts_carry_their_window() -> None:
    for (fact_id, end), day in DATED_FACTS.items():
        keys = [f for f in CATALOGUE.facts.values() if f.id == fact_id]
        assert keys, fact_id
        for fact in keys:
            assert getattr(fact, end) == day, (fact.key, end)


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_no_answer_states_an_expired_fact_while_it_is_shown(answer: Answer) -> None:
    for fact in (*answer.facts, *answer.facts_en):
        assert fact.valid_from <= answer.valid_from or answer.valid_from < fact.valid_from <= TODAY
        assert answer.valid_until <= fact.valid_until, f"{answer.id} may show {fact.key} after it expired"
    # The wording shown today states nothing out of force today.
    shown = CATALOGUE.answer(answer.id, TODAY)
    assert shown is not None
    assert all(f.in_force(TODAY) for f in (*shown.facts, *shown.facts_en))


@pytest.mark.parametrize("answer", [a for a in ANSWERS if a.history], ids=ids)
def test_facts_cited_as_history_have_ended_and_the_answer_says_so(answer: Answer) -> None:
    for fact in answer.history:
        assert fact.valid_until < answer.valid_from
        assert fact.valid_until.strftime("%Y年%-m月%-d日") in answer.zh and "截止" in answer.zh
        assert "ended" in answer.en and "31 March 2026" in answer.en


@pytest.mark.parametrize("intent", CATALOGUE.intents() + ("crisis", "pressure"))
def test_each_intent_has_exactly_one_wording_on_every_day(intent: str) -> None:
    day = date(2026, 2, 6)  # from the newest dated fact a current answer cites
    while day <= date(2030, 12, 31):
        shown = [a for a in CATALOGUE.wordings(intent) if a.in_date(day)]
        assert len(shown) == 1, (intent, day, len(shown))
        day += timedelta(days=7)


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_grade_c_facts_are_never_stated_as_certain(answer: Answer) -> None:
    if answer.has_grade_c("zh"):
        assert any(h in answer.zh for h in HEDGES_ZH), answer.id
    if answer.has_grade_c("en"):
        assert any(h in answer.en.lower() for h in HEDGES_EN), answer.id


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_no_answer_suggests_borrowing_to_repay(answer: Answer) -> None:
    assert not suggests_borrowing(answer.zh)
    assert not suggests_borrowing(answer.en)


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_answers_about_credit_repair_say_paid_repair_is_a_scam(answer: Answer) -> None:
    if "修复" in answer.zh or "洗白" in answer.zh or "repair" in answer.en.lower():
        assert answer.credit_repair, "an answer about credit repair must carry credit_repair = true"
    if answer.credit_repair:
        assert "骗" in answer.zh and "scam" in answer.en.lower()


@pytest.mark.parametrize("answer", ANSWERS, ids=ids)
def test_answers_never_threaten_or_call_ordinary_late_payment_a_crime(answer: Answer) -> None:
    for phrase in ("会坐牢", "会被抓", "起诉你", "will go to jail", "will be arrested", "sue you"):
        assert phrase not in answer.zh and phrase not in answer.en.lower()


def test_the_one_off_policy_is_explained_before_its_deadline_and_said_to_have_ended_after() -> None:
    before = CATALOGUE.answer("policy-one-off", date(2026, 3, 31))
    after = CATALOGUE.answer("policy-one-off", date(2026, 4, 1))
    today = CATALOGUE.answer("policy-one-off", TODAY)
    assert before is not None and after is not None and today is after
    assert "免申即享" in before.zh and "P8" in {f.id for f in before.facts}
    assert "已于2026年3月31日截止" in after.zh and "ended on 31 March 2026" in after.en
    assert "P8" not in {f.id for f in after.facts}, "after the deadline P8 is cited only as history"
    assert CATALOGUE.answer("policy-deadline", TODAY) is not None
    assert "不能了" in (CATALOGUE.answer("policy-deadline", TODAY) or before).zh


def test_crisis_lines_are_in_the_users_language() -> None:
    crisis = CATALOGUE.answer("crisis", TODAY)
    assert crisis is not None
    assert "12356" in crisis.zh and "110" in crisis.zh and "120" in crisis.zh
    assert "988" in crisis.en and "116 123" in crisis.en and "12356" in crisis.en
    assert {f.id for f in crisis.facts_for("en")} == {"X1", "X2", "X3"}
    assert {f.id for f in crisis.facts_for("zh")} == {"X1", "X2"}


def test_render_names_sources_with_grades_and_the_caveat_for_grade_c() -> None:
    fee = CATALOGUE.answer("overdue-huabei-fee", TODAY)
    assert fee is not None
    zh = render_answer(fee, "zh")
    assert zh.startswith(fee.zh) and "C级：常见说法" in zh and "以合同/平台页面为准" in zh
    en = render_answer(fee, "en")
    assert "grade C" in en and "commonly cited" in en.lower()
    dispute = CATALOGUE.answer("report-error-dispute", TODAY)
    assert dispute is not None
    assert "以合同/平台页面为准" not in render_answer(dispute, "zh")
    assert "《征信业管理条例》第25条" in render_answer(dispute, "zh")


BASE = """
[fact.P3]
id = "P3"
grade = "A"
source = "s"
source_en = "s"
[fact.P8]
id = "P8"
grade = "A"
source = "s"
source_en = "s"
valid_until = 2026-03-31
"""


def answer_toml(**fields: str) -> str:
    base = {"id": '"x"', "family": '"report"', "title_zh": '"问"', "title_en": '"q"', "ask_zh": '["问"]',
            "ask_en": '["q"]', "zh": '"答"', "en": '"a"', "facts": '["P3"]'}
    base.update(fields)
    return BASE + "[[answer]]\n" + "\n".join(f"{k} = {v}" for k, v in base.items()) + "\n"


@pytest.mark.parametrize(("fields", "message"), [
    ({"facts": '["P99"]'}, "unknown fact"),
    ({"facts": "[]"}, "no sourced fact"),
    ({"family": '"gossip"'}, "unknown family"),
    ({"ask_en": "[]"}, "example questions"),
    ({"valid_from": "2027-01-01", "valid_until": "2026-01-01"}, "ends before"),
])
def test_malformed_answers_are_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_answers(answer_toml(**fields))


def test_overlapping_wordings_are_refused_and_a_wording_past_its_fact_is_never_shown() -> None:
    twice = answer_toml() + answer_toml().split("[[answer]]", 1)[1].join(["[[answer]]", ""])
    with pytest.raises(ValueError, match="overlap"):
        parse_answers(twice)
    stale = parse_answers(answer_toml(facts='["P8"]'))
    assert stale.answer("x", date(2026, 3, 31)) is not None
    assert stale.answer("x", date(2026, 4, 1)) is None
