"""B4 corpus: how often ``parse_time`` reads the time corpus right, and how often it is confidently wrong,
beside plain dateparser on the same cases.

Run from the repository root: ``python -m bench.b4_time_corpus`` (add ``--misses`` to list what was not read).

For each language it prints three rates over the written corpus (tests/core/nlu/corpus, with its variants) and
over the round trip (random instants written in 40+ surface forms):
  accuracy            the instant (and rule) meant, whatever the confidence;
  confident-right     right and said with confidence (an uncertain answer makes the bot ask: not counted);
  confident-wrong     said with confidence and wrong — the figure that must be 0.
dateparser has no notion of doubt, so every answer it gives counts as confident; it cannot express a
repeating rule, so recurrences are wrong for it, as they would be for a bot built on it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.core.nlu.time_corpus import Case, all_cases, ours, score  # noqa: E402
from tests.core.nlu.time_roundtrip import FORMS, generate  # noqa: E402

ROUND_TRIP = 2000
DATEPARSER_ROUND_TRIP = 600  # dateparser takes milliseconds a phrase; a sample keeps the run short


def _dateparser_answer(case: Case) -> tuple[datetime | None, str | None, str | None, bool]:
    import dateparser

    settings: dict[str, Any] = {"RELATIVE_BASE": case.now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}
    try:
        found = dateparser.parse(case.phrase, languages=[case.lang], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        found = None
    if not isinstance(found, datetime):
        return None, None, None, False
    at = found.replace(tzinfo=case.now.tzinfo)
    if case.at is not None and case.grains[0] not in ("hour", "minute"):
        # A date was meant: dateparser fills in a clock time of its own; only its day is judged.
        same_day = at.date() == case.at.date()
        return (case.at if same_day else at), case.grains[0], None, True
    return at, "minute", None, True


def main() -> int:
    show_misses = "--misses" in sys.argv
    ok = True
    print("B4 corpus — bot.nlu.parse_time vs dateparser, same cases")
    for lang in ("zh", "en"):
        corpus = all_cases(lang)
        trip = generate(lang, ROUND_TRIP)
        for name, cases, sample in (("corpus", corpus, corpus), ("round trip", trip, trip[:DATEPARSER_ROUND_TRIP])):
            acc, right, wrong, misses = score(cases, ours)
            dp_acc, dp_right, dp_wrong, _ = score(sample, _dateparser_answer)
            label = f"{lang} {name} ({len(cases)} cases" + (f", {len(FORMS[lang])} forms" if name == "round trip" else "") + ")"
            print(f"  {label}")
            print(f"    bot.nlu     accuracy {acc:.4f}   confident-right {right:.4f}   confident-wrong {wrong:.4f}")
            print(f"    dateparser  accuracy {dp_acc:.4f}   confident-right {dp_right:.4f}   confident-wrong {dp_wrong:.4f}"
                  f"   ({len(sample)} cases)")
            ok = ok and wrong == 0 and right >= 0.99
            if show_misses:
                for case, found in misses:
                    print(f"      miss {case.phrase!r} at {case.now:%Y-%m-%d %H:%M} → {found}")
    # The held-out phrases (ranges, other zones, lunar days, quarters, alternatives) mostly have no instant to
    # take: the bot must ask, so only confident-wrong is held to a bar there.
    for lang in ("zh", "en"):
        held = all_cases(lang, heldout=True)
        acc, right, wrong, misses = score(held, ours)
        print(f"  {lang} held-out ({len(held)} cases, mostly must-ask)")
        print(f"    bot.nlu     accuracy {acc:.4f}   confident-right {right:.4f}   confident-wrong {wrong:.4f}")
        ok = ok and wrong == 0
        if show_misses:
            for case, found in misses:
                print(f"      miss {case.phrase!r} at {case.now:%Y-%m-%d %H:%M} → {found}")
    print(f"  {'PASS' if ok else 'FAIL'}  confident-wrong = 0 (corpus and held-out) and confident-right ≥ 0.99 in both languages")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
