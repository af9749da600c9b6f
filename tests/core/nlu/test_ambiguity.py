"""Ambiguous expressions return the reading chosen and the other plausible readings, so the engine can ask."""

from __future__ import annotations

import pytest

from bot.nlu import parse_time
from tests.core.nlu.references import reference

# (phrase, reference, lang, chosen "YYYY-MM-DD HH:MM", alternatives)
AMBIGUOUS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("3:30", "SH", "zh", "2026-11-28 15:30", ("2026-11-29 03:30",)),
    ("3点", "SH", "zh", "2026-11-28 15:00", ("2026-11-29 03:00",)),
    ("3点", "SH_EARLY", "zh", "2026-11-28 03:00", ("2026-11-28 15:00",)),
    ("8点", "SH_MON", "zh", "2026-11-30 20:00", ("2026-12-01 08:00",)),
    ("9点半", "SH_MON", "zh", "2026-11-30 09:30", ("2026-11-30 21:30",)),
    ("明天3点", "SH", "zh", "2026-11-29 15:00", ("2026-11-29 03:00",)),
    ("明天8点", "SH", "zh", "2026-11-29 08:00", ("2026-11-29 20:00",)),
    ("明天12点", "SH", "zh", "2026-11-29 12:00", ("2026-11-29 00:00",)),
    ("周三", "SH_WED", "zh", "2026-12-09 00:00", ("2026-12-02 00:00",)),
    ("星期三", "SH_WED", "zh", "2026-12-09 00:00", ("2026-12-02 00:00",)),
    ("周三下午3点", "SH_WED", "zh", "2026-12-09 15:00", ("2026-12-02 15:00",)),
    ("周六", "SH", "zh", "2026-12-05 00:00", ("2026-11-28 00:00",)),
    ("八月十五", "SH", "zh", "2027-08-15 00:00", ("2027-09-15 00:00",)),
    ("at 3", "NY", "en", "2026-11-28 15:00", ("2026-11-29 03:00",)),
    ("9:30", "NY_WED", "en", "2026-12-02 21:30", ("2026-12-03 09:30",)),
    ("tomorrow at 3", "NY", "en", "2026-11-29 15:00", ("2026-11-29 03:00",)),
    ("Wednesday", "NY_WED", "en", "2026-12-09 00:00", ("2026-12-02 00:00",)),
    ("next Thursday", "NY_WED", "en", "2026-12-10 00:00", ("2026-12-03 00:00",)),
    ("next Friday", "NY_WED", "en", "2026-12-11 00:00", ("2026-12-04 00:00",)),
    ("12/10", "NY", "en", "2026-12-10 00:00", ("2027-10-12 00:00",)),
    ("12/10", "LDN_NOV", "en", "2027-10-12 00:00", ("2026-12-10 00:00",)),
    ("1/5/2027", "NY", "en", "2027-01-05 00:00", ("2027-05-01 00:00",)),
]

# Unambiguous readings carry no alternatives.
CLEAR: list[tuple[str, str, str]] = [
    ("下午3点", "SH", "zh"), ("15:30", "SH", "zh"), ("08:00", "SH", "zh"), ("今晚8点", "SH_NIGHT", "zh"),
    ("下周三", "SH_WED", "zh"), ("3pm", "NY", "en"), ("next Friday", "NY", "en"), ("13/10", "NY", "en"),
    ("12/12", "NY", "en"), ("this Wednesday", "NY_WED", "en"), ("2027-01-05", "NY", "en"), ("明天", "SH", "zh"),
]


@pytest.mark.parametrize(("phrase", "key", "lang", "chosen", "others"), AMBIGUOUS)
def test_ambiguous_reading_offers_the_alternative(phrase: str, key: str, lang: str, chosen: str, others: tuple[str, ...]) -> None:
    parsed = parse_time(phrase, reference(key), lang)
    assert parsed is not None
    assert f"{parsed.at:%Y-%m-%d %H:%M}" == chosen
    assert tuple(f"{a:%Y-%m-%d %H:%M}" for a in parsed.alternatives) == others
    assert all(a.tzinfo is parsed.at.tzinfo for a in parsed.alternatives)


@pytest.mark.parametrize(("phrase", "key", "lang"), CLEAR)
def test_clear_reading_has_no_alternative(phrase: str, key: str, lang: str) -> None:
    parsed = parse_time(phrase, reference(key), lang)
    assert parsed is not None
    assert parsed.alternatives == ()


def test_past_time_tonight_is_kept_so_the_engine_can_say_it_has_passed() -> None:
    now = reference("SH_NIGHT")
    parsed = parse_time("今晚8点", now, "zh")
    assert parsed is not None and parsed.at < now


def test_time_of_day_without_a_date_moves_to_tomorrow_once_passed() -> None:
    parsed = parse_time("下午3点", reference("SH_NIGHT"), "zh")
    assert parsed is not None and f"{parsed.at:%Y-%m-%d %H:%M}" == "2026-11-29 15:00"


SPANS: list[tuple[str, str, str]] = [
    ("花呗欠了3000，每月10号还", "SH", "每月10号"),
    ("提醒我明天10点给花呗客服打电话", "SH", "明天10点"),
    ("下週五 3pm 还招行", "SH", "下週五 3pm"),
    ("ＯＫ，１２月１０日下午３点", "SH", "１２月１０日下午３点"),
    ("remind me in 2 hours to call the bank", "NY", "in 2 hours"),
    ("Credit card 5,200 due on the 15th every month", "NY", "on the 15th every month"),
]


@pytest.mark.parametrize(("text", "key", "expected"), SPANS)
def test_span_is_the_expression_in_the_original_text(text: str, key: str, expected: str) -> None:
    parsed = parse_time(text, reference(key))
    assert parsed is not None
    assert text[parsed.span[0]:parsed.span[1]] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [("12.10", "zh", "2026-12-10"), ("12.10", None, None), ("明天", "en", "2026-11-29"), ("tomorrow", "zh", "2026-11-29")],
)
def test_lang_is_a_hint_and_the_script_decides(text: str, lang: str | None, expected: str | None) -> None:
    parsed = parse_time(text, reference("SH"), lang)
    assert (None if parsed is None else f"{parsed.at:%Y-%m-%d}") == expected
