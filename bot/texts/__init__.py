"""User-facing text: one catalogue per language (``zh.py``, ``en.py``), looked up by id.

Handlers never contain user-facing literals; they name a text id and pass parameters, as typed values
(``bot.texts.values``) that ``bot.texts.render`` writes out once, in the user's language and zone.
"""

from __future__ import annotations

import string
from typing import Any

from bot.texts import en, zh

CATALOGUES: dict[str, dict[str, str]] = {"zh": zh.TEXTS, "en": en.TEXTS}
LANGUAGES = ("zh", "en")


def normalize_language(code: str | None, default: str = "zh") -> str:
    """Map a client language code (``zh-hans``, ``en-US``, ``zh_TW``…) to a catalogue we have."""
    if not code:
        return default
    head = code.strip().lower().replace("_", "-").split("-")[0]
    return head if head in CATALOGUES else default


class _PluralFormatter(string.Formatter):
    """``str.format`` plus one spec for counted words: ``{days:day|days}`` is "day" for 1 and "days" otherwise.

    English needs it ("1 day", "2 days"); Chinese never uses it. Any other spec is formatted as usual.
    """

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_FORMATTER = _PluralFormatter()


def t(lang: str, text_id: str, **params: Any) -> str:
    """Return the text ``text_id`` in ``lang`` with ``params`` filled in (falls back to zh, then the id)."""
    catalogue = CATALOGUES.get(lang, zh.TEXTS)
    template = catalogue.get(text_id) or zh.TEXTS.get(text_id)
    if template is None:
        return text_id
    return _FORMATTER.vformat(template, (), params) if params else template
