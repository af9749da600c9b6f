"""The bill reader's entry points, loaded on first use.

``bot.nlu.bill`` and its issuer tables compile a few hundred label, date and lender patterns, about a tenth of a
second; a process that never reads a pasted notice (the reminder worker, a web view) should not pay that at start.
These wrappers import it the first time a notice is read, as ``bot.nlu.dateparser_fallback`` does for dateparser.
"""

from __future__ import annotations

from datetime import datetime

from bot.nlu.results import BillNotice, OtherNotice


def parse_bill(text: str, *, now: datetime, lang: str | None = None) -> BillNotice | None:
    """Return what a bill or repayment-due notice says, or None when the text is not one."""
    from bot.nlu import bill

    return bill.parse_bill(text, now=now, lang=lang)


def parse_notice(text: str, *, now: datetime, lang: str | None = None) -> BillNotice | OtherNotice | None:
    """Return the bill, or what other kind of notice this is (purchase, repayment…), or None for a user's own words."""
    from bot.nlu import bill

    return bill.parse_notice(text, now=now, lang=lang)


def parse_notices(text: str, *, now: datetime, lang: str | None = None) -> tuple[BillNotice | OtherNotice | None, ...]:
    """Read every notice the text holds, each on its own; an unreadable one is None in its place."""
    from bot.nlu import bill

    return bill.parse_notices(text, now=now, lang=lang)


def has_notice_boilerplate(text: str) -> bool:
    """Tell whether the text carries a notice's boilerplate ("如已还款请忽略", "回复TD退订", "if paid, please ignore")."""
    from bot.nlu import bill

    return bill.has_notice_boilerplate(text)
