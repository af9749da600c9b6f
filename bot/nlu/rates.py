"""Interest and penalty rates: 日息万五, 日利率0.05%, 年化18%, 月息1%, APR 18%, 0.05% a day.

A daily rate is the overdue (penalty) rate a day, returned as a fraction (万五 → 0.0005). An annual rate is the
normal rate a year (APR, which lenders must show, domain-facts O1); it is never turned into a daily penalty rate,
which the contract sets on its own terms. A monthly rate gives an annual one of 12 × monthly. A number with only
a generic word ("利率3%", "5% interest") is ``unclear``: the engine asks which kind it is rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import normalize
from bot.nlu.numerals import parse_number

_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{1,6})?"
_RATE = lazy_compile(
    rf"(?P<zh_kind>日息|日利率|日利息|日费率|罚息|年化利率|年化|年利率|年息|月息|月利率|利率|利息)\s{{0,2}}(?:是|为|:)?\s{{0,2}}"
    rf"(?:(?P<zh_wan>万|千)(?P<zh_wan_n>[0-9]{{1,2}}(?:\.[0-9])?|[一二两三四五六七八九]{{1,2}})|(?P<zh_pct>{_NUMBER})\s{{0,2}}[%％])"
    rf"|(?:\b(?P<en_kind>apr|annual\s+rate|interest\s+rate|interest|daily\s+rate|monthly\s+rate)\s{{0,2}}(?:of|is|:|at)?\s{{0,2}}(?P<en_pct>{_NUMBER})\s{{0,2}}%)"
    rf"|(?:(?P<en_pct2>{_NUMBER})\s{{0,2}}%\s{{0,2}}(?P<en_kind2>apr|annual|a\s+year|per\s+year|p\.a\.|interest|a\s+day|per\s+day|daily|a\s+month|per\s+month|monthly))"
)


@dataclass(frozen=True)
class Rates:
    """Rates stated in a message, with the spans they took."""

    daily: Decimal | None
    annual: Decimal | None
    spans: tuple[tuple[int, int], ...]
    unclear: Decimal | None = None  # a rate whose kind (a day or a year) the message does not say


def find_rates(text: str) -> Rates:
    """Return the rates stated: a daily (overdue) rate, an annual (normal) rate, each as a fraction, and a rate of
    unstated kind."""
    prepared = normalize(text)
    spans = tuple((m.start(), m.end()) for m in _RATE.finditer(prepared))
    daily: Decimal | None = None
    annual: Decimal | None = None
    unclear: Decimal | None = None
    for match in _RATE.finditer(prepared):
        rate = _rate_from(match)
        if rate is None:
            continue
        kind, value = rate
        if kind == "daily" and daily is None:
            daily = value
        elif kind in ("annual", "monthly") and annual is None:
            annual = value * 12 if kind == "monthly" else value
        elif kind == "unclear" and unclear is None:
            unclear = value
    return Rates(daily, annual, spans, unclear if daily is None and annual is None else None)


def _rate_from(match: re.Match[str]) -> tuple[str, Decimal] | None:
    if match.group("zh_kind"):
        word = match.group("zh_kind")
        kind = "unclear" if word in ("利率", "利息") else {"日": "daily", "罚": "daily", "月": "monthly"}.get(
            word[0], "annual")
        if match.group("zh_wan"):
            n = parse_number(match.group("zh_wan_n"))
            if n is None:
                return None
            scale = Decimal(10_000 if match.group("zh_wan") == "万" else 1_000)
            return kind, n / scale
        pct = Decimal(match.group("zh_pct"))
        return kind, pct / 100
    word = " ".join((match.group("en_kind") or match.group("en_kind2") or "").split())
    pct = Decimal(match.group("en_pct") or match.group("en_pct2"))
    if word in ("daily rate", "a day", "per day", "daily"):
        return "daily", pct / 100
    if word in ("monthly rate", "a month", "per month", "monthly"):
        return "monthly", pct / 100
    if word in ("interest", "interest rate"):
        return "unclear", pct / 100
    return "annual", pct / 100
