"""Any input at all: never an exception, and never slow (bounded regexes, bounded scan)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlu import parse_amount, parse_debt, parse_payment, parse_reminder, parse_time

NOW = datetime(2026, 11, 28, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NOW_NY = datetime(2027, 3, 13, 9, 0, tzinfo=ZoneInfo("America/New_York"))
PIECES = [
    "每", "月", "号", "日", "周", "下", "个", "点", "半", "后", "前", "年", "初", "底", "元", "万", "千", "三", "十", "两",
    "还", "了", "欠", "提醒我", "花呗", "招行", "信用卡", "春节", "国庆", "节后", "农历", "正月", "初五", "上午", "晚上",
    "0", "1", "9", "12", "31", ":", ".", "/", "-", ",", " ", "$", "¥", "%", "every", "the", "10th", "of", "next",
    "month", "at", "3pm", "in", "2", "hours", "days", "remind me", "paid", "owe", "card", "Friday", "Dec", "and",
    "a.m.", "o'clock", "quarter", "past", "Christmas", "day", "after", "before", "from", "now", "ago", "\x00", "\u200b",
    "\U0001f600", "\u0301", "İ", "ﬁ", "２", "月",
    # hostile: bidi overrides and isolates, escapes, SQL and HTML fragments, format strings, absurd numbers
    "\u202e", "\u2066", "\u200f", "\x1b[2J", "'", ";", "--", "<script>", "</b>", "DROP TABLE debt", "{0}", "%s",
    "9999999999", "1e400", "NaN", "-0", "٣", "²", "①",
]
_PARSERS: list[tuple[str, Callable[[str], object]]] = [
    ("parse_time", lambda t: parse_time(t, NOW)),
    ("parse_time_en", lambda t: parse_time(t, NOW_NY, "en")),
    ("parse_time_zh", lambda t: parse_time(t, NOW_NY, "zh")),
    ("parse_amount", parse_amount),
    ("parse_debt", lambda t: parse_debt(t, NOW)),
    ("parse_payment", lambda t: parse_payment(t, NOW)),
    ("parse_reminder", lambda t: parse_reminder(t, NOW_NY)),
]


def _run_all(text: str) -> None:
    for _, parse in _PARSERS:
        parse(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _run_all(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_near_miss_phrases_never_raise(text: str) -> None:
    _run_all(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map(lambda pieces: ("".join(pieces) * 10_000)[:10_000]))
def test_ten_thousand_character_soup_never_raises(text: str) -> None:
    _run_all(text)


ADVERSARIAL = [
    "1" * 10_000, "1 " * 5_000, "1," * 5_000, "1." * 5_000, "1-" * 5_000, "12月" * 2_500, "每" * 10_000, "每月" * 5_000,
    "3点" * 5_000, "下" * 10_000, "一二三" * 3_333, "十" * 10_000, "万" * 10_000, "号" * 10_000, " " * 10_000,
    "every " * 1_666, "the 10th " * 1_111, "in 2 hours " * 909, "a" * 10_000, "9" * 9_999 + "元", "$" * 10_000,
    "提醒我" + " " * 9_990 + "x", "remind me " + "to " * 3_300, "欠" * 10_000, "花呗欠了3000，每月10号还" * 666,
    "\U0001f600" * 10_000, "\x00" * 10_000, "1:" * 5_000, "12/" * 3_333, "at 3 " * 2_000, "周三" * 5_000,
    "paid " * 2_000, "owe tom " * 1_250, "2026年12月10日" * 909, "0" * 10_000, "-" * 10_000,
    "\u202e" * 10_000, "\u202e1\u202c" * 3_333, "<script>" * 1_250, "'; DROP TABLE debt; --" * 454,
    "{0}%s" * 2_500, "9" * 9_994 + "天后提醒我", "1e400" * 2_000, "每" + "9" * 9_998 + "月",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: f"{t[:12]!r}x{len(t)}")
@pytest.mark.parametrize(("name", "parse"), _PARSERS, ids=[name for name, _ in _PARSERS])
def test_ten_thousand_characters_take_under_50_ms(name: str, parse: Callable[[str], object], text: str) -> None:
    elapsed = []
    for _ in range(3):
        started = time.perf_counter()
        parse(text)
        elapsed.append(time.perf_counter() - started)
    assert min(elapsed) < 0.050, f"{name} took {min(elapsed) * 1000:.1f} ms"


@settings(max_examples=10, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_ten_thousand_random_code_points_take_under_50_ms(seed: int) -> None:
    """Not only pieces we thought of: 10,000 code points from every plane (no surrogates), each parser < 50 ms."""
    rng = random.Random(seed)
    points = [rng.choice((rng.randrange(0x20, 0x3000), rng.randrange(0x4E00, 0xA000), rng.randrange(0xE000, 0x110000)))
              for _ in range(10_000)]
    text = "".join(chr(p) for p in points if not 0xD800 <= p < 0xE000)
    for name, parse in _PARSERS:
        elapsed = []
        for _ in range(3):
            started = time.perf_counter()
            parse(text)
            elapsed.append(time.perf_counter() - started)
        assert min(elapsed) < 0.050, f"{name} took {min(elapsed) * 1000:.1f} ms"


@pytest.mark.parametrize("text", ["9999999999天后", "提醒我12345678901天后喝水", "99999天后", "过99999天"])
def test_an_absurd_count_is_not_silently_shortened(text: str) -> None:
    """"9999999999天后" is not "9999天后" with the leading digits dropped: it is no time at all."""
    assert parse_time(text, NOW) is None
