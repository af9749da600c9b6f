"""B13 render once: what describing a reply with values and writing it at the end of the turn costs.

Handlers used to format as they went (``t(lang, …)``, ``money(…)``, ``day_text(…)`` at every call site); now they
describe the reply (``Text``, ``Money``, ``Day`` …) and ``bot.texts.render`` writes it once. The naive design is
the old one, formatting inline: both are timed here on the same replies, and the texts are checked to be equal.

Three typical replies: ``/list`` with five debts (one overdue with a carried part, one muted with instalments),
a payment's confirmation with its buttons, and a reminder message folding three debts. Each figure is the fastest
of ``--repeat`` runs of ``--number`` replies, in microseconds per reply (the least disturbed by other work).

    python -m bench.b13_render
    python -m bench.b13_render --number 5000 --repeat 25
"""

from __future__ import annotations

import argparse
import sys
import timeit
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.messages import Button, Reply
from bot.texts import t
from bot.texts.format import day_text, money, rule_text
from bot.texts.render import Locale, render_replies
from bot.texts.values import Choice, Day, Lines, Money, Rule, Said, Text, Value, joined

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = NOW.astimezone(ZONE).date()
DEBTS = [  # creditor, balance, due, rule, days left (negative: overdue)
    ("花呗", Decimal("3000"), date(2026, 12, 10), "FREQ=MONTHLY;BYMONTHDAY=10", 8),
    ("招商银行信用卡", Decimal("5210.50"), date(2026, 11, 15), None, -17),
    ("借呗", Decimal("12000"), date(2027, 1, 5), "FREQ=MONTHLY;BYMONTHDAY=5", 34),
    ("京东白条", Decimal("860"), date(2026, 12, 2), None, 0),
    ("Citi", Decimal("450"), date(2026, 12, 20), "FREQ=MONTHLY;BYMONTHDAY=20", 18),
]


# --- the new design: describe, then write once ------------------------------------------------------------------


def _status(days: int) -> Value:
    if days < 0:
        return joined(Text("list.overdue", days=-days), Text("list.current_awaiting", due=Day(date(2026, 12, 15))))
    return Text("list.due_in", days=days) if days else Text("list.due_today")


def described_list() -> list[Said]:
    lines = tuple(joined(f"{n}. ", Text("list.line", creditor=c, amount=Money(b), due=Day(d), status=_status(left),
                                        repeat=Text("list.repeat", repeat=Rule(r)) if r else "",
                                        muted=Text("list.muted") if n == 3 else ""))
                  for n, (c, b, d, r, left) in enumerate(DEBTS, start=1))
    total = Lines((Money(sum((b for _, b, *_ in DEBTS), Decimal(0))),), " + ")
    buttons = tuple((Choice(f"{n}. {c}", f"d:{n}"),) for n, (c, *_) in enumerate(DEBTS, start=1))
    return [Said(Text("list.header", count=len(DEBTS), total=total, lines=Lines(lines)), buttons=buttons)]


def described_payment() -> list[Said]:
    return [Said(Text("pay.partial", creditor="花呗", amount=Money(Decimal("500")), balance=Money(Decimal("2500"))),
                 buttons=((Choice(Text("btn.undo"), "undo"),),))]


def described_reminder() -> list[Said]:
    parts = tuple(joined(f"{n}. ", Text("rem.pre_due", creditor=c, amount=Money(b), due=Day(d), days=max(left, 1)))
                  for n, (c, b, d, _, left) in enumerate(DEBTS[:3], start=1))
    buttons = tuple((Choice(Text("btn.paid_named", creditor=c), f"rm:paid:{n}"),
                     Choice(Text("btn.paid_part"), f"rm:part:{n}")) for n, (c, *_) in enumerate(DEBTS[:3], start=1))
    return [Said(Lines((Text("rem.several", count=3), *parts), "\n\n"), buttons=buttons)]


# --- the naive design: format at every call site ------------------------------------------------------------------


def _status_inline(lang: str, days: int) -> str:
    if days < 0:
        return t(lang, "list.overdue", days=-days) + t(lang, "list.current_awaiting",
                                                       due=day_text(date(2026, 12, 15), lang, TODAY))
    return t(lang, "list.due_in", days=days) if days else t(lang, "list.due_today")


def inline_list(lang: str) -> list[Reply]:
    lines = [f"{n}. " + t(lang, "list.line", creditor=c, amount=money(b), due=day_text(d, lang, TODAY),
                          status=_status_inline(lang, left),
                          repeat=t(lang, "list.repeat", repeat=rule_text(r, lang)) if r else "",
                          muted=t(lang, "list.muted") if n == 3 else "")
             for n, (c, b, d, r, left) in enumerate(DEBTS, start=1)]
    total = " + ".join([money(sum((b for _, b, *_ in DEBTS), Decimal(0)))])
    buttons = tuple((Button(f"{n}. {c}", f"d:{n}"),) for n, (c, *_) in enumerate(DEBTS, start=1))
    return [Reply(t(lang, "list.header", count=len(DEBTS), total=total, lines="\n".join(lines)), buttons=buttons)]


def inline_payment(lang: str) -> list[Reply]:
    return [Reply(t(lang, "pay.partial", creditor="花呗", amount=money(Decimal("500")), balance=money(Decimal("2500"))),
                  buttons=((Button(t(lang, "btn.undo"), "undo"),),))]


def inline_reminder(lang: str) -> list[Reply]:
    parts = [f"{n}. " + t(lang, "rem.pre_due", creditor=c, amount=money(b), due=day_text(d, lang, TODAY),
                          days=max(left, 1)) for n, (c, b, d, _, left) in enumerate(DEBTS[:3], start=1)]
    buttons = tuple((Button(t(lang, "btn.paid_named", creditor=c), f"rm:paid:{n}"),
                     Button(t(lang, "btn.paid_part"), f"rm:part:{n}")) for n, (c, *_) in enumerate(DEBTS[:3], start=1))
    return [Reply(t(lang, "rem.several", count=3) + "\n\n" + "\n\n".join(parts), buttons=buttons)]


CASES: list[tuple[str, Callable[[], list[Said]], Callable[[str], list[Reply]]]] = [
    ("/list, 5 debts", described_list, inline_list),
    ("payment confirmation", described_payment, inline_payment),
    ("reminder, 3 debts", described_reminder, inline_reminder),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    print(f"B13 render once: fastest of {args.repeat} × {args.number}, µs per reply, Python {sys.version.split()[0]}")
    print(f"{'reply':<22} {'lang':<4} {'describe':>9} {'write':>8} {'together':>9} {'inline (naive)':>15}")
    for name, describe, inline in CASES:
        for lang in ("zh", "en"):
            locale = Locale.at(lang, ZONE, NOW)
            said = describe()
            assert render_replies(said, locale) == inline(lang), f"{name} ({lang}) is written differently"

            def best(run: Callable[[], object]) -> float:
                number: int = args.number
                return min(timeit.repeat(run, number=number, repeat=args.repeat)) / number * 1e6

            described = best(describe)
            written = best(lambda: render_replies(said, locale))  # noqa: B023 - timed at once, in this iteration
            naive = best(lambda: inline(lang))  # noqa: B023
            print(f"{name:<22} {lang:<4} {described:>9.1f} {written:>8.1f} {described + written:>9.1f} {naive:>15.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
