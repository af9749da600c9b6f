"""The phrase tables: every category of date, time, offset, period, recurrence and holiday, in three zones."""

from __future__ import annotations

import pytest
from dateutil.rrule import rrulestr

from bot.nlu import parse_time
from tests.core.nlu.phrases_en import EN_PHRASES
from tests.core.nlu.phrases_zh import ZH_PHRASES
from tests.core.nlu.references import REFERENCES, describe, reference


def _check(phrase: str, key: str, expected: str | None, lang: str) -> None:
    now = reference(key)
    parsed = parse_time(phrase, now, lang)
    if expected is None:
        assert parsed is None, f"{phrase!r} should not parse, got {parsed}"
        return
    assert parsed is not None, f"{phrase!r} did not parse"
    rule = parsed.recurrence.rrule() if parsed.recurrence else None
    assert describe(parsed.at, parsed.grain, rule) == expected
    assert parsed.at.tzinfo is now.tzinfo
    start, end = parsed.span
    assert 0 <= start < end <= len(phrase)


@pytest.mark.parametrize(("phrase", "key", "expected"), ZH_PHRASES)
def test_chinese_phrase(phrase: str, key: str, expected: str | None) -> None:
    _check(phrase, key, expected, "zh")


@pytest.mark.parametrize(("phrase", "key", "expected"), EN_PHRASES)
def test_english_phrase(phrase: str, key: str, expected: str | None) -> None:
    _check(phrase, key, expected, "en")


def test_tables_are_big_enough_and_span_zones() -> None:
    assert len(ZH_PHRASES) >= 400
    assert len(EN_PHRASES) >= 300
    zones = {REFERENCES[key][1] for _, key, _ in ZH_PHRASES + EN_PHRASES}
    assert {"Asia/Shanghai", "America/New_York", "Europe/London"} <= zones


def test_every_rule_in_the_tables_is_valid_rfc5545() -> None:
    for phrase, key, expected in ZH_PHRASES + EN_PHRASES:
        if expected is None or "FREQ=" not in expected:
            continue
        rule = expected.split(" ", 3)[3]
        if rule.startswith("RSCALE="):
            continue  # RFC 7529 calendar scales are beyond dateutil
        start = reference(key).replace(tzinfo=None)
        assert rrulestr(rule, dtstart=start)[0] is not None, phrase
