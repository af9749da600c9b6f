"""``parse_payment``: a report of money paid back ("还了1000", "花呗还清了", "paid 500 on the card").

A payment needs a completed action: 还了/已还/刚还/还清/结清, paid/repaid/settled. "12月10号要还" (will pay) and
"还欠3000" (still owe) are not payments; neither are questions ("还了吗") or denials ("还没还", "haven't paid").
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.nlu.amount import find_amount
from bot.nlu.calendar_math import ensure_aware
from bot.nlu.creditor import find_creditor
from bot.nlu.normalize import detect_language, normalize
from bot.nlu.results import PaymentDraft
from bot.nlu.time_parser import scan_times_and_token_spans

_PAID_ZH = re.compile(
    r"(?:还|付|交|转|打|存|充)(?:了|过|完|清|上了|掉了|进去了)|(?:已经?|刚刚?|刚才|今天|昨天|前天)\s{0,2}(?:还|付|交|转|打)(?:款|钱)?"
    r"|还款了|已还款|结清|付清|清了|还上|还光"
)
_FULL_ZH = re.compile(r"还清|结清|还完|付清|全部还|全还了|都还了|一次性还|还光|清了|全额")
_PAID_EN = re.compile(
    r"\b(?:paid|repaid|payed|have\s+paid|i've\s+paid|made\s+a\s+payment|payment\s+of|settled|cleared|put\s+[$£€]?[0-9])"
)
_FULL_EN = re.compile(r"\b(?:paid\s+off|paid\s+it\s+off|in\s+full|paid\s+it\s+all|paid\s+everything|settled|cleared|fully\s+paid|paid\s+in\s+full)\b")
_NOT_PAID = re.compile(
    r"没还|未还|还没|没有还|还不上|还不起|没付|未付|不还|吗|么|\?|？"
    r"|haven't\s+paid|have\s+not\s+paid|didn't\s+pay|did\s+not\s+pay|not\s+paid|unpaid|can't\s+pay|cannot\s+pay|\bif\b"
)


def parse_payment(text: str, now: datetime, lang: str | None = None) -> PaymentDraft | None:
    """Return the reported payment, or None when the text does not report one."""
    now = ensure_aware(now)
    prepared = normalize(text)
    lang = detect_language(text, lang)
    paid = _PAID_ZH.search(prepared) or _PAID_EN.search(prepared)
    if paid is None or _NOT_PAID.search(prepared):
        return None
    full = bool(_FULL_ZH.search(prepared) or _FULL_EN.search(prepared))
    creditor = find_creditor(text)
    times, token_spans = scan_times_and_token_spans(text, now, lang, prefer_past=True)
    skip = [s.parsed.span for s in times if s.parsed] + ([creditor.span] if creditor else [])
    amount = find_amount(text, lang, skip=skip, time_spans=token_spans)
    paid_at = next((s.parsed for s in times if s.parsed and s.parsed.recurrence is None), None)
    if paid_at is not None and paid_at.at > now:
        paid_at = None  # an explicit future time ("下个月…") is not when something was paid
    return PaymentDraft(
        amount=amount.value if amount else None,
        full=full,
        creditor_hint=creditor.hint if creditor else None,
        creditor_kind=creditor.kind if creditor else None,
        paid_at=paid_at,
        amount_problem=amount.problem if amount else None,
    )
