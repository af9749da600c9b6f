"""Last resort for English: dateparser, restricted to English, on short date-looking messages only.

Our own rules run first. dateparser answers confidently for almost any string (a bare "5" becomes a date), so
it is only asked about short texts that hold a month name, a weekday or a digit date, and it is imported on
first use: its import and first call cost about 150 ms, which ``import bot.nlu`` should not pay.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from bot.nlu.calendar_math import at_wall_time
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import has_cjk
from bot.nlu.results import ParsedTime

_DATE_LOOKING = lazy_compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}[\s.,/-]{0,3}[0-9]|[0-9][\s.,/-]{0,3}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4}\b",
    re.IGNORECASE,
)
_MAX_LENGTH = 48


def parse_with_dateparser(text: str, now: datetime) -> ParsedTime | None:
    """Return dateparser's reading of a short English date, in ``now``'s zone, or None."""
    stripped = text.strip()
    if not 4 <= len(stripped) <= _MAX_LENGTH or has_cjk(stripped) or not _DATE_LOOKING.search(stripped):
        return None
    import dateparser  # deferred: see the module docstring

    base = now.replace(tzinfo=None, second=0, microsecond=0)
    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        found = dateparser.parse(stripped, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if not isinstance(found, datetime) or not 1900 <= found.year <= 2199:
        return None
    start = text.index(stripped)
    if found.time() in (base.time(), time(0, 0)):
        # dateparser fills a date-only answer with the base's clock time or midnight: no time of day was said.
        return ParsedTime(at_wall_time(found.date(), 0, 0, now.tzinfo), "day", None, (start, start + len(stripped)))
    at = at_wall_time(found.date(), found.hour, found.minute, now.tzinfo)
    return ParsedTime(at, "minute", None, (start, start + len(stripped)))
