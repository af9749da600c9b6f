"""B6 understanding: what people's debt, payment and other messages mean, scored against a corpus of our own.

Run: ``.venv/bin/python -m bench.b6_understanding [--show-misses]``

Each message goes through what the engine's router does with free text — payments first (``parse_payments``),
then new debts (``parse_debts``) — and the outcome is compared with what the message means:
- accuracy: the share of messages understood exactly (kind, and every field the message states);
- confident-but-wrong: messages where a value would be saved or proposed that is wrong (a payment booked that was
  not made, a debt proposed from a question, a wrong amount, creditor or due date, a past date moved ahead). A
  field the bot asks about instead is a miss, not a confident error. This must be 0.

Beside it, the naive design: intent from keywords ("还了", "paid"), one debt per message, the first date as the
time parser reads it (a past date rolls into next year; "12月账单…10号" is the 1st).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.understanding_corpus import NOW, Case, corpus  # noqa: E402
from bench.understanding_heldout import HELD_OUT  # noqa: E402
from bench.understanding_heldout2 import HELD_OUT_2  # noqa: E402
from bench.understanding_heldout3 import HELD_OUT_3  # noqa: E402
from bench.understanding_heldout4 import HELD_OUT_4  # noqa: E402
from bench.understanding_heldout5 import HELD_OUT_5  # noqa: E402
from bot.nlu import parse_debts, parse_payments, parse_time  # noqa: E402
from bot.nlu.amount import find_amount  # noqa: E402
from bot.nlu.creditor import find_creditor  # noqa: E402
from bot.nlu.normalize import normalize  # noqa: E402
from bot.nlu.questions import detect_distress, is_question, names_hot_topic  # noqa: E402

LOCAL_NOW = NOW.astimezone(ZoneInfo("Asia/Shanghai"))


@dataclass
class Score:
    """Outcome of one message: understood exactly, and whether anything confident was wrong."""

    exact: bool = True
    confident_wrong: bool = False
    notes: list[str] = field(default_factory=list)

    def miss(self, note: str) -> None:
        self.exact = False
        self.notes.append("miss: " + note)

    def wrong(self, note: str) -> None:
        self.exact = False
        self.confident_wrong = True
        self.notes.append("WRONG: " + note)


def understand(text: str, lang: str, now: datetime) -> tuple[Any, ...]:
    """What the engine's router reads from free text: payments made, else new debts (also beside a worry, whose
    answer comes first), else nothing."""
    paid = parse_payments(text, now, lang)
    if paid:
        return ("payment", [(p.creditor_hint, p.amount, p.full) for p in paid])
    debts = parse_debts(text, now=now, lang=lang)
    if not debts and not is_question(text) and (detect_distress(text) or names_hot_topic(text)):
        debts = parse_debts(text, now=now, lang=lang, beside_worry=True)  # the worry is answered, then the card
    if debts:
        return ("debt", [_debt_fields(d) for d in debts])
    return ("none",)


def _debt_fields(d: Any) -> dict[str, Any]:
    due: Any = None
    if d.due is not None and not (d.due.grain in ("month", "week") and d.due.recurrence is None):
        due = d.due.at.date().isoformat()  # a month or a week alone is asked for its day by the engine
        if not d.due.confident:
            due = None  # the card asks whether that day is right ("due_unsure") instead of saving it
    if d.past_alternative is not None:
        due = "ask-past"
    return {"creditor": d.creditor, "amount": d.amount, "due": due,
            "overdue": d.overdue_since.isoformat() if d.overdue_since else None,
            "minimum": d.minimum, "statement": d.statement_day, "count": d.instalment_count, "each": d.instalment_amount}


_NAIVE_PAID = re.compile(r"还了|已还|还清|结清|\bpaid\b|\brepaid\b|\bsettled\b|\bcleared\b")
_NAIVE_NOT = re.compile(r"没还|还没|吗|\?|？|haven't|not paid")


def naive(text: str, lang: str, now: datetime) -> tuple[Any, ...]:
    """Keyword intent, one debt per message, the first date as parsed."""
    prepared = normalize(text)
    creditor = find_creditor(text)
    amount = find_amount(text, lang, skip=[creditor.span] if creditor else [])
    if _NAIVE_PAID.search(prepared) and not _NAIVE_NOT.search(prepared):
        return ("payment", [(creditor.hint if creditor else None, amount.value if amount else None,
                             bool(re.search(r"还清|结清|paid off|in full|cleared", prepared)))])
    if creditor is None and amount is None:
        return ("none",)
    when = parse_time(text, now, lang)
    return ("debt", [{"creditor": creditor.name if creditor else None, "amount": amount.value if amount else None,
                      "due": when.at.date().isoformat() if when else None, "overdue": None, "minimum": None,
                      "statement": None, "count": None, "each": None}])


def score(expected: tuple[Any, ...], got: tuple[Any, ...]) -> Score:
    result = Score()
    if expected[0] == "none":
        if got[0] != "none":
            result.wrong(f"{got[0]} read from a message that is neither")
        return result
    if got[0] == "none":
        result.miss(f"no {expected[0]} understood")
        return result
    if got[0] != expected[0]:
        result.wrong(f"{got[0]} instead of {expected[0]}")
        return result
    want, have = expected[1], got[1]
    if len(have) > len(want):
        result.wrong(f"{len(have)} read, {len(want)} stated")
    elif len(have) < len(want):
        result.miss(f"{len(have)} read, {len(want)} stated")
    for one_want, one_have in zip(want, have, strict=False):
        if expected[0] == "payment":
            _score_payment(result, one_want, one_have)
        else:
            _score_debt(result, one_want, one_have)
    return result


def _same_name(a: str | None, b: str | None) -> bool:
    """The same creditor: the same words, or words naming the same product or bank ("招行" and "招行信用卡")."""
    if _bare(a) == _bare(b):
        return True
    found_a, found_b = find_creditor(a or ""), find_creditor(b or "")
    return found_a is not None and found_b is not None and found_a.name == found_b.name


def _bare(name: str | None) -> str:
    """A name without a leading article: "the dentist" and "dentist" are the same creditor."""
    return re.sub(r"^(?:the|a|an)\s+", "", (name or "").casefold().strip())


def _score_payment(result: Score, want: tuple[Any, ...], have: tuple[Any, ...]) -> None:
    (w_creditor, w_amount, w_full), (h_creditor, h_amount, h_full) = want, have
    _field(result, "creditor", w_creditor, h_creditor, same=_same_name)
    if w_full != h_full:
        if h_full:
            result.wrong("read as paid in full")
        else:
            result.miss("paid in full not seen")
    if not w_full:
        _field(result, "amount", w_amount, h_amount)


def _score_debt(result: Score, want: dict[str, Any], have: dict[str, Any]) -> None:
    for name in ("creditor", "amount", "due", "minimum", "statement", "count", "each"):
        _field(result, name, want.get(name), have.get(name), same=_same_name if name == "creditor" else None)
    if want.get("due") == have.get("due") and have.get("overdue") not in (None, want.get("overdue")):
        result.wrong(f"overdue since {have.get('overdue')}, not {want.get('overdue')}")


def _field(result: Score, name: str, want: Any, have: Any, same: Any = None) -> None:
    equal = same(want, have) if same is not None else _equal(want, have)
    if equal:
        return
    if have is None or (have == "ask-past" and want != "ask-past"):
        result.miss(f"{name} not read (asked), expected {want}")
    elif want == "ask-past" or (want is None and name == "due"):
        result.wrong(f"{name} {have} taken where the bot must ask")
    else:
        result.wrong(f"{name} {have}, expected {want}")


def _equal(want: Any, have: Any) -> bool:
    if isinstance(want, Decimal) and isinstance(have, Decimal):
        return want == have
    return bool(want == have)


def run(cases: list[Case], reader: Any) -> tuple[list[Score], float]:
    started = time.perf_counter()
    scores = [score(expected, reader(text, lang, LOCAL_NOW)) for text, lang, expected in cases]
    return scores, time.perf_counter() - started


def report(name: str, cases: list[Case], scores: list[Score], seconds: float) -> None:
    total = len(cases)
    exact = sum(s.exact for s in scores)
    wrong = sum(s.confident_wrong for s in scores)
    print(f"{name}: accuracy {exact}/{total} = {exact / total:.1%}, confident-but-wrong {wrong} "
          f"({wrong / total:.1%}), {seconds * 1000 / total:.2f} ms a message")
    by: Counter[str] = Counter()
    ok: Counter[str] = Counter()
    bad: Counter[str] = Counter()
    for (_, lang, expected), s in zip(cases, scores, strict=True):
        key = f"{lang} {expected[0]}"
        by[key] += 1
        ok[key] += s.exact
        bad[key] += s.confident_wrong
    for key in sorted(by):
        print(f"    {key:12} {ok[key]:4}/{by[key]:<4} exact, {bad[key]:3} confident-but-wrong")


def main() -> None:
    cases = corpus()
    languages = Counter(lang for _, lang, _ in cases)
    print(f"B6 understanding: {len(cases)} messages ({languages['zh']} zh, {languages['en']} en), now = {LOCAL_NOW:%Y-%m-%d %H:%M %Z}")
    ours, seconds = run(cases, understand)
    report("ours ", cases, ours, seconds)
    theirs, naive_seconds = run(cases, naive)
    report("naive", cases, theirs, naive_seconds)
    held, held_seconds = run(HELD_OUT, understand)
    print(f"held-out set, written after tuning ({len(HELD_OUT)} messages):")
    report("ours ", HELD_OUT, held, held_seconds)
    report("naive", HELD_OUT, *run(HELD_OUT, naive))
    held_2, held_2_seconds = run(HELD_OUT_2, understand)
    print(f"second held-out set: hedges, worries with a debt, slang, SMS pastes ({len(HELD_OUT_2)} messages):")
    report("ours ", HELD_OUT_2, held_2, held_2_seconds)
    report("naive", HELD_OUT_2, *run(HELD_OUT_2, naive))
    held_3, held_3_seconds = run(HELD_OUT_3, understand)
    print(f"third held-out set: voice-to-text, 繁體 (TW/HK), US/UK English, lateness in weeks and months, people as "
          f"creditors ({len(HELD_OUT_3)} messages):")
    report("ours ", HELD_OUT_3, held_3, held_3_seconds)
    report("naive", HELD_OUT_3, *run(HELD_OUT_3, naive))
    held_4, held_4_seconds = run(HELD_OUT_4, understand)
    print(f"fourth held-out set: voice-to-text, dialect (粤语/台灣/东北), typos and homophones, partial and minimum "
          f"payments, hedged dates, cards by product name, not-mine money ({len(HELD_OUT_4)} messages):")
    report("ours ", HELD_OUT_4, held_4, held_4_seconds)
    report("naive", HELD_OUT_4, *run(HELD_OUT_4, naive))
    held_5, held_5_seconds = run(HELD_OUT_5, understand)
    print(f"fifth set, written after the fourth set's fixes to see how far they carry ({len(HELD_OUT_5)} messages):")
    report("ours ", HELD_OUT_5, held_5, held_5_seconds)
    report("naive", HELD_OUT_5, *run(HELD_OUT_5, naive))
    if "--show-misses" in sys.argv:
        for (text, lang, _), s in zip(cases + HELD_OUT + HELD_OUT_2 + HELD_OUT_3 + HELD_OUT_4 + HELD_OUT_5,
                                      ours + held + held_2 + held_3 + held_4 + held_5, strict=True):
            if not s.exact:
                print(f"  [{lang}] {text!r}: {'; '.join(s.notes)}")


if __name__ == "__main__":
    main()
