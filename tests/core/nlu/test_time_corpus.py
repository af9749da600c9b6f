"""The time corpus and the round trip: almost every phrase read right, and never a confident wrong answer."""

from __future__ import annotations

import pytest

from tests.core.nlu.time_corpus import all_cases, ours, score, written_cases
from tests.core.nlu.time_roundtrip import FORMS, generate


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_corpus_is_read_right_and_never_confidently_wrong(lang: str) -> None:
    cases = all_cases(lang)
    accuracy, confident_right, confident_wrong, misses = score(cases, ours)
    wrong = [(c.phrase, found) for c, found in misses if found[0] is not None and found[3]]
    assert confident_wrong == 0, wrong[:10]
    assert confident_right >= 0.99, [(c.phrase, found) for c, found in misses[:20]]
    assert accuracy >= 0.99


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_of_random_instants_in_every_surface_form(lang: str) -> None:
    assert len(FORMS[lang]) >= 40
    cases = generate(lang, 2000, seed=7)
    accuracy, confident_right, confident_wrong, misses = score(cases, ours)
    assert confident_wrong == 0, [(c.phrase, c.now, found) for c, found in misses if found[3]][:10]
    assert confident_right >= 0.99, [(c.phrase, c.now, c.at, found) for c, found in misses[:20]]


def test_corpus_is_big_balanced_and_covers_no_time_at_all() -> None:
    zh, en = all_cases("zh"), all_cases("en")
    assert len(zh) + len(en) >= 2500 and min(len(zh), len(en)) >= 1250
    for lang in ("zh", "en"):
        written = written_cases(lang)
        assert any(c.at is None for c in written), "phrases without a time are part of the corpus"
        assert any(c.rrule for c in written), "recurrences are part of the corpus"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_held_out_ranges_zones_lunar_days_and_alternatives_are_asked_never_guessed(lang: str) -> None:
    # "3点到5点", "3 to 5pm" (read as 4:57 before), "3pm ET", "美东时间下午3点", "the 15th lunar", "10号或者15号":
    # no single instant in the user's zone to take, so the bot asks; a reminder is never set at a guessed time.
    cases = all_cases(lang, heldout=True)
    accuracy, confident_right, confident_wrong, misses = score(cases, ours)
    assert confident_wrong == 0, [(c.phrase, found) for c, found in misses if found[0] is not None and found[3]]
