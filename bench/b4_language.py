"""B4 language: ``parse_time`` speed against its budget, with plain dateparser measured beside it.

Run from the repository root: ``python -m bench.b4_language`` (or ``python bench/b4_language.py``).

Budgets (DESIGN §4 and issue 3): p50 ≤ 1 ms and p99 ≤ 3 ms per ``parse_time`` over a mixed zh/en phrase set,
first parse ≤ 150 ms in a fresh process with the imports it needs (one Chinese, one English phrase, each in its
own process), and no input of up to
10,000 characters slower than 50 ms. The phrase set is the test suite's zh/en tables (several hundred phrases,
with their reference instants), so the bench also reports how many of them plain dateparser gets right.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.nlu import parse_amount, parse_debt, parse_time  # noqa: E402
from tests.core.nlu.phrases_en import EN_PHRASES  # noqa: E402
from tests.core.nlu.phrases_zh import ZH_PHRASES  # noqa: E402
from tests.core.nlu.references import reference  # noqa: E402

ROUNDS = 5
P50_BUDGET_MS, P99_BUDGET_MS, FIRST_BUDGET_MS, LONG_BUDGET_MS = 1.0, 3.0, 150.0, 50.0
LONG_INPUTS = [
    "1" * 10_000, "1." * 5_000, "1:" * 5_000, "12月" * 2_500, "每" * 10_000, "3点" * 5_000, "下" * 10_000,
    "一二三" * 3_333, "every " * 1_666, "the 10th " * 1_111, "in 2 hours " * 909, "a" * 10_000, "9" * 9_999 + "元",
    "花呗欠了3000，每月10号还" * 666, "\U0001f600" * 10_000, "remind me " + "to " * 3_300, "2026年12月10日" * 909,
]
# One fresh process per language: the clock starts before ``import bot.nlu`` (the interpreter itself is not
# counted), so "first parse" is what a new worker pays, imports included.
FIRST_PARSE_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
started, cpu_started = time.perf_counter(), time.process_time()
from datetime import datetime
from zoneinfo import ZoneInfo
from bot.nlu import parse_time
imported = time.perf_counter()
now = datetime(2026, 11, 28, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
assert parse_time({phrase!r}, now) is not None
parsed = time.perf_counter()
cpu = time.process_time() - cpu_started
print(f"{{(imported - started) * 1000:.2f}} {{(parsed - imported) * 1000:.2f}} {{(parsed - started) * 1000:.2f}} {{cpu * 1000:.2f}}")
"""
DATEPARSER_FIRST_SCRIPT = """
import time
started = time.perf_counter()
import dateparser
imported = time.perf_counter()
dateparser.parse({phrase!r}, {languages}settings={{"PREFER_DATES_FROM": "future"}})
print(f"{{(imported - started) * 1000:.2f}} {{(time.perf_counter() - imported) * 1000:.2f}}")
"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time_calls(phrases: list[tuple[str, datetime]], parse: Callable[[str, datetime], object]) -> list[float]:
    timings = []
    for _ in range(ROUNDS):
        for text, now in phrases:
            started = time.perf_counter_ns()
            parse(text, now)
            timings.append((time.perf_counter_ns() - started) / 1e6)
    return timings


def _fresh(script: str) -> list[float]:
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        runs.append([float(x) for x in out.stdout.split()])
    return [statistics.median(column) for column in zip(*runs, strict=True)]


def _dateparser_parse(languages: list[str] | None) -> Callable[[str, datetime], object]:
    import dateparser

    def parse(text: str, now: datetime) -> object:
        settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}
        return dateparser.parse(text, languages=languages, settings=settings)  # type: ignore[arg-type]

    return parse


def _dateparser_correct(rows: list[tuple[str, str, str | None]], languages: list[str] | None) -> int:
    """Count rows where dateparser lands on the table's answer (same day; same minute when a time was said)."""
    parse = _dateparser_parse(languages)
    right = 0
    for text, key, expected in rows:
        now = reference(key)
        found = parse(text, now)
        if expected is None:
            right += found is None
            continue
        if not isinstance(found, datetime) or "FREQ=" in expected:
            continue
        wall, grain = expected[:16], expected.split(" ")[2]
        if grain in ("minute", "hour"):
            right += f"{found:%Y-%m-%d %H:%M}" == wall
        else:
            right += f"{found:%Y-%m-%d}" == wall[:10]
    return right


def main() -> int:
    """Run B4 and print the figures with pass/fail against the budgets."""
    rows = [(t, k, e) for t, k, e in ZH_PHRASES] + [(t, k, e) for t, k, e in EN_PHRASES]
    phrases = [(text, reference(key)) for text, key, _ in rows]
    en_phrases = [(text, reference(key)) for text, key, _ in EN_PHRASES]
    zh_phrases = [(text, reference(key)) for text, key, _ in ZH_PHRASES]
    for text, now in phrases:  # warm-up, as a running bot would be
        parse_time(text, now)

    ours = _time_calls(phrases, parse_time)
    p50, p99, worst = _percentile(ours, 0.50), _percentile(ours, 0.99), max(ours)
    zh_import_ms, first_zh_ms, total_zh_ms, cpu_zh_ms = _fresh(FIRST_PARSE_SCRIPT.format(root=str(ROOT), phrase="下周五下午3点"))
    en_import_ms, first_en_ms, total_en_ms, cpu_en_ms = _fresh(FIRST_PARSE_SCRIPT.format(root=str(ROOT), phrase="next friday 9am"))

    long_worst = 0.0
    for text in LONG_INPUTS:
        for parse in (lambda t: parse_time(t, phrases[0][1]), parse_amount, lambda t: parse_debt(t, phrases[0][1])):
            best = min(_timed(parse, text) for _ in range(3))
            long_worst = max(long_worst, best)

    dp_en = _time_calls(en_phrases, _dateparser_parse(["en"]))
    dp_all_sample = zh_phrases[::5] + en_phrases[::5]
    dp_all = _time_calls(dp_all_sample, _dateparser_parse(None))
    dp_first_en = _fresh(DATEPARSER_FIRST_SCRIPT.format(phrase="next friday 9am", languages='languages=["en"], '))
    dp_first_all = _fresh(DATEPARSER_FIRST_SCRIPT.format(phrase="下周五上午9点", languages=""))
    ours_right = sum(1 for t, k, e in rows if _ours_matches(t, k, e))
    dp_en_right = _dateparser_correct(EN_PHRASES, ["en"])
    dp_zh_right = _dateparser_correct(ZH_PHRASES, None)

    print(f"B4 language — Python {sys.version.split()[0]}, {len(rows)} phrases "
          f"({len(ZH_PHRASES)} zh, {len(EN_PHRASES)} en) × {ROUNDS} rounds")
    print(f"  bot.nlu.parse_time      p50 {p50:.3f} ms   p99 {p99:.3f} ms   max {worst:.3f} ms")
    print(f"  dateparser en-only      p50 {_percentile(dp_en, .5):.3f} ms   p99 {_percentile(dp_en, .99):.3f} ms"
          f"   (English phrases only)   ratio p50 {_percentile(dp_en, .5) / p50:.1f}×")
    print(f"  dateparser any language p50 {_percentile(dp_all, .5):.3f} ms   p99 {_percentile(dp_all, .99):.3f} ms"
          f"   (every 5th phrase, zh+en) ratio p50 {_percentile(dp_all, .5) / p50:.1f}×")
    print(f"  first parse in a fresh process, imports included (median of 5): zh {total_zh_ms:.1f} ms "
          f"(import {zh_import_ms:.1f} + parse {first_zh_ms:.1f}), en {total_en_ms:.1f} ms "
          f"(import {en_import_ms:.1f} + parse {first_en_ms:.1f}); CPU time zh {cpu_zh_ms:.1f} ms, en {cpu_en_ms:.1f} ms"
          f" (wall time includes waiting for the CPU on a loaded machine: load average {os.getloadavg()[0]:.1f})")
    print(f"  dateparser first call (fresh process): en-only import {dp_first_en[0]:.1f} ms + call {dp_first_en[1]:.1f} ms; "
          f"any language, Chinese phrase: import {dp_first_all[0]:.1f} ms + call {dp_first_all[1]:.1f} ms")
    print(f"  slowest 10,000-character input (parse_time/parse_amount/parse_debt, best of 3): {long_worst:.2f} ms")
    print(f"  right answers on the tables: bot.nlu {ours_right}/{len(rows)}; dateparser en-only "
          f"{dp_en_right}/{len(EN_PHRASES)} English; dateparser any language {dp_zh_right}/{len(ZH_PHRASES)} Chinese")
    checks = [
        ("p50 ≤ 1 ms", p50 <= P50_BUDGET_MS), ("p99 ≤ 3 ms", p99 <= P99_BUDGET_MS),
        ("first parse, imports included, ≤ 150 ms", max(total_zh_ms, total_en_ms) <= FIRST_BUDGET_MS),
        ("10,000 chars ≤ 50 ms", long_worst <= LONG_BUDGET_MS),
    ]
    for name, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in checks) else 1


def _timed(parse: Callable[[str], object], text: str) -> float:
    started = time.perf_counter_ns()
    parse(text)
    return (time.perf_counter_ns() - started) / 1e6


def _ours_matches(text: str, key: str, expected: str | None) -> bool:
    lang = "zh" if (text, key, expected) in ZH_SET else "en"
    found = parse_time(text, reference(key), lang)
    if expected is None:
        return found is None
    if found is None:
        return False
    rule = found.recurrence.rrule() if found.recurrence else None
    text_found = f"{found.at:%Y-%m-%d %H:%M%z} {found.grain}" + (f" {rule}" if rule else "")
    return text_found == expected


ZH_SET = set(ZH_PHRASES)

if __name__ == "__main__":
    sys.exit(main())
