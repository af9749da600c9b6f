"""``parse_debt``: a debt statement ("花呗欠了3000，每月10号还") as a draft with what is still missing."""

from __future__ import annotations

from datetime import datetime

from bot.nlu.amount import find_amount
from bot.nlu.calendar_math import ensure_aware
from bot.nlu.creditor import find_creditor
from bot.nlu.normalize import detect_language
from bot.nlu.rates import find_rates
from bot.nlu.results import DebtDraft, ParsedTime
from bot.nlu.time_parser import TimeScan, scan_times_and_token_spans


def parse_debt(text: str, now: datetime, lang: str | None = None) -> DebtDraft | None:
    """Return what the text says about a debt, or None when it names neither an amount nor a creditor."""
    now = ensure_aware(now)
    lang = detect_language(text, lang)
    creditor = find_creditor(text)
    rates = find_rates(text)
    # Words inside a rate ("daily rate 0.05%", "月息") are not a due date.
    scans, token_spans = scan_times_and_token_spans(text, now, lang)
    times = [t for t in scans if not _overlaps(t, rates.spans)]
    time_spans = [s.parsed.span for s in times if s.parsed] + [s.impossible_span for s in times if s.impossible_span]
    skip = time_spans + ([creditor.span] if creditor else []) + list(rates.spans)
    amount = find_amount(text, lang, skip=skip, time_spans=token_spans)
    if amount is None and creditor is None:
        return None
    due, due_problem = choose_due(times, now)
    missing = tuple(
        name for name, value in (("creditor", creditor), ("amount", amount and amount.value), ("due", due))
        if value is None
    )
    return DebtDraft(
        creditor=creditor.name if creditor else None,
        creditor_kind=creditor.kind if creditor else None,
        amount=amount.value if amount else None,
        currency=amount.currency if amount else ("USD" if lang == "en" and "$" in text else "CNY"),
        due=due,
        missing=missing,
        amount_problem=amount.problem if amount else None,
        due_problem=due_problem,
        daily_rate=rates.daily,
        annual_rate=rates.annual,
        unclear_rate=rates.unclear,
    )


def _overlaps(scan: TimeScan, spans: tuple[tuple[int, int], ...]) -> bool:
    span = scan.parsed.span if scan.parsed else scan.impossible_span
    return span is not None and any(start < span[1] and span[0] < end for start, end in spans)


def choose_due(times: list[TimeScan], now: datetime) -> tuple[ParsedTime | None, str | None]:
    """Pick the due date among the time expressions: a rule or a date still ahead wins over a past one."""
    if not times:
        return None, None
    for scan in times:
        if scan.parsed is not None and (scan.parsed.recurrence is not None or not is_past(scan.parsed, now)):
            return scan.parsed, None
    first = times[0]
    if first.impossible:
        return None, "impossible_date"
    return first.parsed, "past"


def is_past(parsed: ParsedTime, now: datetime) -> bool:
    """Tell whether a one-off time is already over: before today for dates, before now for clock times."""
    if parsed.recurrence is not None:
        return False
    if parsed.has_time_of_day:
        return parsed.at < now
    local = now.astimezone(parsed.at.tzinfo)
    if parsed.grain == "day":
        return parsed.at.date() < local.date()
    if parsed.grain == "week":
        return (local.date() - parsed.at.date()).days >= 7
    if parsed.grain == "month":
        return (parsed.at.year, parsed.at.month) < (local.year, local.month)
    return parsed.at.year < local.year
