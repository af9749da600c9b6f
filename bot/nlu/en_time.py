"""English time tokens, reported as facts for ``time_spec`` to resolve (see ``zh_time`` for the idea).

Words that are also ordinary English ("may", "march", "sat", "sun", "wed", "the second") count as dates only
next to something that makes them one ("in May", "on Sat", "the second of next month").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.numerals import EN_CARDINALS, EN_ORDINALS, alternation
from bot.nlu.time_spec import compile_each, facts

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS_FULL = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAYS_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
WEEKDAYS = WEEKDAYS_FULL | WEEKDAYS_ABBR
HOLIDAYS = {
    "christmas eve": "christmas_eve", "christmas day": "christmas", "christmas": "christmas", "xmas": "christmas",
    "new year's eve": "new_years_eve", "new years eve": "new_years_eve", "new year's day": "new_year",
    "new years day": "new_year", "new year's": "new_year", "new year": "new_year", "valentine's day": "valentine",
    "valentines day": "valentine", "valentine's": "valentine", "halloween": "halloween",
    "thanksgiving day": "thanksgiving", "thanksgiving": "thanksgiving", "mother's day": "mothers_day",
    "mothers day": "mothers_day", "mothers' day": "mothers_day", "mothering sunday": "mothering_sunday",
    "father's day": "fathers_day", "fathers day": "fathers_day", "memorial day": "memorial_day",
    "labor day": "labor_day_us", "independence day": "independence_day", "fourth of july": "independence_day",
    "4th of july": "independence_day", "easter sunday": "easter", "easter monday": "easter_monday",
    "easter": "easter", "good friday": "good_friday", "boxing day": "boxing_day", "black friday": "black_friday",
    "chinese new year's eve": "chinese_new_years_eve", "chinese new year": "spring_festival",
    "lunar new year": "spring_festival", "spring festival": "spring_festival", "mid-autumn festival": "mid_autumn",
    "mid autumn festival": "mid_autumn", "moon festival": "mid_autumn", "dragon boat festival": "dragon_boat",
    "lantern festival": "lantern", "qingming festival": "qingming", "qingming": "qingming",
    "tomb-sweeping day": "qingming", "mlk day": "martin_luther_king_day", "martin luther king day": "martin_luther_king_day",
    "presidents day": "presidents_day", "presidents' day": "presidents_day", "president's day": "presidents_day",
    "national day": "national_day", "golden week": "national_day", "singles day": "double_eleven",
    "singles' day": "double_eleven", "new year's day eve": "new_years_eve", "nye": "new_years_eve",
    "thanksgiving eve": "thanksgiving_eve", "cyber monday": "cyber_monday", "april fools' day": "april_fools",
    "april fools day": "april_fools", "april fool's day": "april_fools", "april fools": "april_fools",
    "st. patrick's day": "st_patricks_day", "st patrick's day": "st_patricks_day", "st patricks day": "st_patricks_day",
    "saint patrick's day": "st_patricks_day", "veterans day": "veterans_day", "veterans' day": "veterans_day",
    "columbus day": "columbus_day", "xmas eve": "christmas_eve", "xmas day": "christmas", "new years": "new_year",
    "chinese new year's day": "spring_festival", "teachers' day": "teachers_day", "teachers day": "teachers_day",
    "mid-autumn": "mid_autumn", "double eleven": "double_eleven", "double 11": "double_eleven",
}
_SHIFT = {"next": 1, "this": 0, "last": -1, "the following": 1, "following": 1, "coming": 0, "current": 0, "the": 0}
_PART = {"end": "end", "last day": "end", "beginning": "start", "start": "start", "first day": "start",
         "middle": "mid", "early": "start", "mid": "mid", "late": "end"}

_MONTH = alternation(MONTHS)
_WD_FULL = alternation(WEEKDAYS_FULL)
_WD_ANY = alternation(WEEKDAYS)
# Number words are written as structure (tens, then an optional unit) rather than as every spelled-out
# number: the regex stays small, compiles fast, and matches the same words.
_UNIT_WORDS = alternation(k for k, v in EN_CARDINALS.items() if 1 <= v <= 9)
_ORD_UNIT_WORDS = alternation(k for k, v in EN_ORDINALS.items() if 1 <= v <= 9 and k.isalpha())
_ORD_WORD = (
    rf"(?:twenty|thirty)[- ]?(?:{_ORD_UNIT_WORDS})|twentieth|thirtieth"
    rf"|{alternation(k for k, v in EN_ORDINALS.items() if 1 <= v <= 19 and k.isalpha())}"
)
_ORD = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)|{_ORD_WORD})"
_CARD = (
    rf"(?:{alternation(k for k in EN_CARDINALS if k.isalpha() and EN_CARDINALS[k] % 10 == 0 and EN_CARDINALS[k] >= 20)})"
    rf"(?:[- ](?:{_UNIT_WORDS}))?|{alternation(k for k, v in EN_CARDINALS.items() if 1 <= v <= 19 and k.isalpha())}"
)
_HOUR_WORD = alternation(k for k, v in EN_CARDINALS.items() if 1 <= v <= 12 and " " not in k and "-" not in k)
_NUM = rf"(?:[0-9]{{1,4}}(?:\.[0-9]{{1,2}})?|{_CARD}|an?|a\s+couple(?:\s+of)?|couple\s+of|half\s+an?|one\s+and\s+a\s+half)"
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnights?|months?|mos?|years?|yrs?)"
_PART_UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnights?|months?|mos?|years?|yrs?"
    r"|business\s+days?|working\s+days?|weekdays)"
)
_QUARTER_HOUR = r"(?:three\s+quarters|an?\s+quarter|one\s+quarter|quarter)\s+(?:of\s+)?(?:an?\s+)?hour"
_OFFSET_PART = rf"(?:{_QUARTER_HOUR}|(?:{_NUM})\s{{0,2}}(?:and\s+a\s+half\s+)?{_PART_UNIT}(?:\s+and\s+a\s+half)?)"
_OFFSET_PARTS = rf"{_OFFSET_PART}(?:\s{{0,2}}(?:,\s{{0,2}}|and\s+|&\s{{0,2}})?{_OFFSET_PART}){{0,2}}"
_YEAR = r"(?:19|20|21)[0-9]{2}"
_WD_LIST = rf"(?:{_WD_ANY})s?(?:\s{{0,2}}(?:,\s{{0,2}}(?:and\s+)?|and\s+|&\s{{0,2}}|/\s{{0,2}}|or\s+)(?:{_WD_ANY})s?){{0,6}}"
_NTH = r"(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)"
_YEAR2 = r"(?:'[0-9]{2}|(?:19|20|21)[0-9]{2})"
_MONTH_FULL = r"(?:january|february|april|june|july|august|september|october|november|december|sept)"
_MIN_WORD = (
    r"(?:oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:[\s-]+(?:one|two|three|four|five|six"
    r"|seven|eight|nine))?)"
)


PATTERNS: list[tuple[str, str]] = [
    ("rec_nth", rf"\b(?:(?:every|each|the)\s+)?(?P<nth>{_NTH})\s+(?P<nth_wd>{_WD_ANY})\s+(?:of\s+)?(?:the|each|every)\s+month\b|\b(?:every|each)\s+(?P<nth2>{_NTH})\s+(?P<nth2_wd>{_WD_ANY})\b(?:\s+(?:of|in)\s+(?P<nth2_m>{_MONTH})\b)?"),
    ("nth_weekday", rf"\b(?:the\s+)?(?P<nw_n>{_NTH})\s+(?P<nw_wd>{_WD_ANY})\s+(?:of|in)\s+(?:(?:the\s+)?(?P<nw_rel>next|this|following|coming|current)\s+month|(?P<nw_m>{_MONTH})(?:,?\s+(?P<nw_y>{_YEAR}))?)\b"),
    ("week_of_month", rf"\b(?:the\s+)?(?P<wm_n>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+week\s+(?:of|in)\s+(?:(?:the\s+)?(?P<wm_rel>next|this|following)\s+month|(?P<wm_m>{_MONTH})(?:,?\s+(?P<wm_y>{_YEAR}))?)\b"),
    ("weekday_count", rf"\b(?P<wc_n>{_NUM})\s+(?P<wc_wd>{_WD_FULL})s\s+(?:from\s+(?:now|today)|later|out|away)\b|\b(?:the\s+)?(?P<wa_wd>{_WD_ANY})\s+after\s+next\b"),
    ("this_time", r"\b(?:this\s+time|same\s+time)\s+(?P<tt>tomorrow|next\s+week|next\s+month|next\s+year)\b|\b(?P<tt2>tomorrow|next\s+week)\s+(?:this|at\s+the\s+same)\s+time\b"),
    ("now", r"\b(?:right\s+now|just\s+now|this\s+(?:very\s+)?moment|immediately|right\s+away|now)\b(?!\s+(?:on|that|and|i|you|we|it|is|owe))"),
    ("cob", r"\b(?:the\s+)?(?:close\s+of\s+business|cob|eob|eod|end\s+of\s+(?:the\s+)?(?:business\s+|work\s+)?day|end\s+of\s+business)\b"),
    ("rec_month_end", r"\b(?:(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:every|each)\s+month|every\s+(?:month[- ]end|end\s+of\s+(?:the\s+)?month|last\s+day\s+of\s+(?:the\s+)?month))\b"),
    ("rec_ordinal", rf"\b(?:every|each)\s+(?P<ro>{_ORD})(?:\s+(?:day\s+)?of\s+(?:the|every|each)\s+month)?\b"),
    ("rec_weekdays", rf"\b(?:every|each)\s+(?P<ew_other>other\s+)?(?P<ew_days>{_WD_LIST})\b"),
    ("rec_every", r"\b(?:every|each)\s+(?:(?P<ev_n>other|second|third|[0-9]{1,2}|two|three|four|five|six)\s+)?(?P<ev_unit>business\s+day|working\s+day|weekday|weekend|day|morning|evening|night|week|fortnight|month|year)s?\b"),
    ("rec_adverb", r"\b(?P<ra>daily|nightly|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually)\b"),
    ("rec_of_every", r"\bof\s+(?:every|each)\s+month\b|\bevery\s+month\b"),
    ("rec_plural_wd", rf"\b(?:on\s+)?(?P<pw>(?:{_WD_FULL})s(?:\s{{0,2}}(?:,\s{{0,2}}(?:and\s+)?|and\s+|&\s{{0,2}}|/\s{{0,2}}|or\s+)(?:{_WD_FULL})s?){{0,6}})\b"),
    # One pattern for "in 3 days", "after 2 hours" and "3 days from now": the parts regex is large, and
    # compiling it once instead of three times is a third of the English compile time.
    ("offset", rf"\b(?:(?P<off_pre>in|within|after)\s+(?:another\s+|about\s+|around\s+|roughly\s+|like\s+|just\s+)?)?(?P<off_parts>{_OFFSET_PARTS})\b(?:\s+(?P<off_dir>from\s+now|from\s+today|from\s+tomorrow|from\s+this\s+moment|later|hence|ago|after\s+today|out)\b)?"),
    ("iso", rf"\b(?P<iso_y>{_YEAR})(?:[-/.·]|\s)(?P<iso_m>[0-9]{{1,2}})(?:[-/.·]|\s)(?P<iso_d>[0-9]{{1,2}})\b(?![:.][0-9])"),
    ("dashed", r"(?<![0-9./$-])(?P<ds_m>0[1-9]|1[0-2])(?P<ds_sep>-|·)(?P<ds_d>0[1-9]|[12][0-9]|3[01])(?![0-9]|[-/.][0-9])|(?<![0-9./$-])(?P<ds_m2>1[0-2]|[1-9])·(?P<ds_d2>3[01]|[12][0-9]|0?[1-9])(?![0-9])"),
    # Slashes make a date on their own (12/10); dots and dashes only with a year (12.10.2026), since 9.30 is a
    # time or a price and 3-4 a range.
    ("numeric", r"(?<![0-9./$-])(?P<nu_a>[0-9]{1,2})(?:(?P<nu_sep>/)(?P<nu_b>[0-9]{1,2})(?:/(?P<nu_y>[0-9]{4}|[0-9]{2}))?|(?P<nu_dsep>[.-])(?P<nu_db>[0-9]{1,2})(?P=nu_dsep)(?P<nu_dy>[0-9]{4}|[0-9]{2}))(?![0-9]|[./-][0-9]|\s{0,2}of\b)"),
    ("month_day", rf"\b(?P<md_m>{_MONTH})\.?\s{{0,2}}(?:the\s+)?(?P<md_d>[0-9]{{1,2}}(?:st|nd|rd|th)?|{_ORD_WORD})\b(?!\s{{0,2}}(?::|[ap]\.?m\b))(?:,?\s{{0,2}}(?P<md_y>{_YEAR2})\b)?"),
    ("day_month", rf"\b(?:(?:on|by|before|until|till|due)\s+)?(?:the\s+)?(?P<dm_d>[0-9]{{1,2}}(?:st|nd|rd|th)?|{_ORD_WORD})(?:\s+day)?\s+(?:of\s+)?(?P<dm_m>{_MONTH})\b\.?(?:,?\s{{0,2}}(?P<dm_y>{_YEAR2}|[0-9]{{2}}(?=\s{{0,2}}(?:$|[,.!?;])))\b)?"),
    ("day_of_month_bare", r"\b(?:the\s+)?(?P<db_d>[0-9]{1,2})\s+of\s+(?:the\s+)?(?P<db_of>this|next|following|current)\s+month\b"),
    ("month_part", r"\b(?:the\s+)?(?:(?P<mp_w>end|beginning|start|middle|last\s+day|first\s+day)\s+of\s+(?:the\s+)?(?P<mp_which>this|next|current|following)?\s*month|(?P<mp_x>early|mid|late)[- ]?(?P<mp_xw>next|this)\s+month|(?P<mp_end>month[- ]end|end\s+of\s+month|mid[- ]month))\b"),
    ("month_alone", rf"\b(?P<mo_pre>in|by|until|till|before|early|mid|late|end\s+of|the\s+end\s+of|(?:the\s+)?last\s+day\s+of|(?:the\s+)?first\s+day\s+of|beginning\s+of|the\s+beginning\s+of|start\s+of|the\s+start\s+of|middle\s+of|the\s+middle\s+of)[- ]\s{{0,2}}(?P<mo_m>{_MONTH})\b(?!\.?\s{{0,2}}[0-9]{{1,2}}(?:st|nd|rd|th)?\b)(?:\s+(?P<mo_y>{_YEAR})\b)?|\b(?P<mo_m2>{_MONTH})\s+(?P<mo_y2>{_YEAR2})\b|\b(?P<mo_m3>{_MONTH_FULL})\b(?!\s{{0,2}}[0-9]|\s+fool)"),
    ("ordinal", rf"\b(?P<od_on>(?:on|by|before|until|till|due)\s+)?(?P<od_the>the\s+)?(?P<od>{_ORD})\b(?:\s+(?:day\s+)?of\s+(?:the\s+)?(?P<od_of>this\s+month|next\s+month|following\s+month|current\s+month|month))?"),
    ("year_part", rf"\b(?:the\s+)?(?P<yp_w>end|beginning|start|middle)\s+of\s+(?:the\s+)?(?P<yp_which>this|next)?\s*(?:year|(?P<yp_y>{_YEAR}))\b|\b(?P<yp_end>year[- ]end)\b"),
    ("holiday", rf"\b(?P<h_every>(?:every|each)\s+)?(?:(?P<hp>the\s+day\s+before|the\s+day\s+after|day\s+before|day\s+after|before|after)\s+)?(?P<hn>{alternation(HOLIDAYS)})(?![a-z])"),
    ("rel", r"\b(?P<rl>the\s+day\s+after\s+tomorrow|day\s+after\s+tomorrow|the\s+day\s+before\s+yesterday|day\s+before\s+yesterday|today|tonight|tonite|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|tomorrw|tmrow|2morrow|2moro|yesterday)\b"),
    ("rec_weekdays_word", r"\b(?:on\s+|every\s+)?(?P<rw>weekdays|weekends|working\s+days|business\s+days)\b"),
    ("this_daypart", r"\bthis\s+(?P<tdp>morning|afternoon|evening)\b"),
    ("weekday", rf"\b(?:(?P<wd_pre>this\s+coming|next|this|coming|last|past)\s+)?(?P<wd>{_WD_ANY})\b\.?"),
    ("weekend", r"\b(?:(?P<we_pre>next|this|last|the)\s+)?weekend\b"),
    ("week", r"\b(?P<wk_pre>next|this|last|the\s+following|following)\s+week\b|\b(?P<wk_after>the\s+week\s+after\s+next)\b"),
    ("month_rel", r"\b(?P<mr_pre>next|this|last|the\s+following|following)\s+month\b|\b(?P<mr_after>the\s+month\s+after\s+next)\b"),
    ("year_rel", r"\b(?P<yr_pre>next|this|last)\s+year\b"),
    ("year_alone", rf"\b(?:in|by|during|until|till|before)\s+(?P<ya>{_YEAR})\b(?![/.:-][0-9])"),
    ("time_ampm", rf"\b(?P<ta_h>[0-9]{{1,2}}|{_HOUR_WORD})(?:[:.](?P<ta_m>[0-9]{{2}})(?::(?P<ta_s>[0-9]{{2}}))?|[\s-]+(?P<ta_mw>{_MIN_WORD}))?\s{{0,2}}(?P<ta_ap>a\.?m\.?|p\.?m\.?)(?![a-z])"),
    ("time_ap_short", r"\b(?P<ts_h>[0-9]{1,2})(?::(?P<ts_m>[0-9]{2}))?(?P<ts_ap>[ap])\b"),
    ("time_colon", r"(?<![0-9:.])(?P<tc_h>[0-9]{1,2}):(?P<tc_m>[0-9]{2})(?::(?P<tc_s>[0-9]{2}))?(?![0-9:])"),
    ("time_rel", rf"\b(?:a\s+)?(?P<tr_n>half|quarter|[0-9]{{1,2}}|twenty[\s-]five|twenty|{_HOUR_WORD})(?:\s+minutes?)?\s+(?P<tr_dir>past|after|to|till|til|before|of)\s+(?P<tr_base>[0-9]{{1,2}}|{_HOUR_WORD})(?:(?<=[0-9])(?![0-9])|\b)(?!\s{{0,2}}(?:days?|weeks?|months?|years?|st|nd|rd|th|of\b))(?:\s{{0,2}}(?P<tr_ap>a\.?m\.?|p\.?m\.?)(?![a-z]))?"),
    ("half_hour", rf"\bhalf\s+(?P<hs_h>[0-9]{{1,2}}|{_HOUR_WORD})\b(?!\s{{0,2}}(?:[:.][0-9]|days?|weeks?|months?|years?|hours?|mins?|minutes?|dollars?|bucks|%|percent|of\b|[ap]\.?m))"),
    ("time_daypart", rf"\b(?P<td_h>[0-9]{{1,2}}|{_HOUR_WORD})(?::(?P<td_m>[0-9]{{2}}))?\s+(?:in\s+the\s+(?P<td_w>morning|afternoon|evening)|at\s+(?P<td_night>night)|(?P<td_tonight>tonight))\b"),
    ("time_oclock", rf"\b(?:(?:at|around|about|by)\s+)?(?P<to_h>[0-9]{{1,2}}|{_HOUR_WORD})\s{{0,2}}o'?\s?clock\b"),
    ("time_at", rf"(?:\b(?:at|around|about|by)\s+|@\s{{0,2}})(?P<tat_h>[0-9]{{1,2}}|{_HOUR_WORD})(?:[.:](?P<tat_m>[0-9]{{2}})(?::(?P<tat_s>[0-9]{{2}}))?(?![0-9])|[\s-]+(?P<tat_mw>{_MIN_WORD})\b(?!\s{{0,2}}(?:days?|weeks?|months?|years?|hours?|mins?|minutes?|dollars?|bucks)))?\b(?![0-9:./%]|\s{{0,2}}(?:st|nd|rd|th|days?|weeks?|months?|years?|hours?|mins?|minutes?|dollars?|bucks|usd|k\b|%|percent))(?:\s{{0,2}}(?P<tat_ap>a\.?m\.?|p\.?m\.?)(?![a-z]))?"),
    ("time_word", r"\b(?:(?:12|twelve)(?::00)?\s{0,2}(?:o'?clock\s+)?)?(?P<tw>noon|midday|midnight)\b"),
    ("daypart", r"\b(?:in\s+the\s+|at\s+)?(?P<dp>morning|afternoon|evening|night)\b"),
    ("daypart_ampm", r"\b(?P<dap>am|pm|a\.m\.|p\.m\.)(?![a-z])"),
]

@cache
def compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every token pattern, compiled on first use (see ``time_spec.compile_each``)."""
    return compile_each(PATTERNS)
FILLER = lazy_compile(r"(?:[\s,@]|-|\bat\b|\bon\b|\bby\b|\baround\b|\babout\b|\bthe\b|\bof\b|\bin\b|\bfor\b|\bdue\b){0,12}")
_ENDS_PHRASE = lazy_compile(r"\s{0,2}(?:$|[,.!?;)]|please\b|pls\b|thanks\b|(?:at|@|by|for|in|before|after|around|about|from|till|until)\b|[0-9])")
_CONTEXT_BEFORE = lazy_compile(r"\b(?:on|by|until|till|before|after|every|next|this|last|due|from|starting)\s{1,2}$")
_AMBIGUOUS_WORDS = {"may", "march", "mar", "sat", "sun", "wed", "jan", "jun", "dec", "aug", "oct", "sept", "sep"}
_DAYPART_MERIDIEM = {"morning": ("am", 9), "afternoon": ("pm", 15), "evening": ("night", 19), "night": ("night", 21)}


def _number(text: str) -> Decimal | None:
    word = " ".join(text.split())
    if word in ("a", "an", "one"):
        return Decimal(1)
    if word in ("a couple of", "couple of", "a couple"):
        return Decimal(2)
    if word in ("half a", "half an"):
        return Decimal("0.5")
    if word == "one and a half":
        return Decimal("1.5")
    if word in EN_CARDINALS:
        return Decimal(EN_CARDINALS[word])
    try:
        return Decimal(word)
    except ArithmeticError:
        return None


def _offset_facts(n: Decimal | None, unit: str, sign: int, half: bool = False) -> dict[str, Any] | None:
    if n is None:
        return None
    if half:
        n += Decimal("0.5")
    if n <= 0 or n > 10_000:
        return None
    unit = unit.rstrip("s") if unit not in ("mos", "hrs", "yrs", "mins", "wks", "secs") else unit[:-1]
    if unit in ("business day", "working day", "weekday"):
        return None if n != int(n) else facts(offset_business_days=sign * int(n))
    if unit in ("second", "sec"):
        return facts(offset_seconds=sign * int(n))
    if unit in ("minute", "min"):
        if n != int(n):
            return facts(offset_seconds=sign * int(n * 60))
        return facts(offset_minutes=sign * int(n))
    if unit in ("hour", "hr", "h"):
        return facts(offset_minutes=sign * int(n * 60))
    days = {"day": 1, "week": 7, "wk": 7, "fortnight": 14}.get(unit)
    if days is not None:
        total = n * days
        if total != int(total):
            return facts(offset_minutes=sign * int(total * 1440))
        return facts(offset_days=sign * int(total))
    months = n * (12 if unit in ("year", "yr") else 1)
    return facts(offset_months=sign * int(months), offset_days=sign * int((months - int(months)) * 30))


def _ordinal_value(text: str) -> int | None:
    word = " ".join(text.split())
    if word in EN_ORDINALS:
        return EN_ORDINALS[word]
    digits = word.rstrip("stndrh")
    return int(digits) if digits.isdigit() else None


def _nth_value(word: str) -> int:
    return {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
            "5th": 5}.get(word, -1)


def _rec_nth(m: re.Match[str], text: str) -> dict[str, Any] | None:
    nth = m.group("nth") or m.group("nth2")
    weekday = m.group("nth_wd") or m.group("nth2_wd")
    if m.group("nth2_m"):
        # "every 3rd Monday in May": once a year.
        return facts(rec_freq="YEARLY", rec_nth=_nth_value(nth), weekday=WEEKDAYS[weekday], month=MONTHS[m.group("nth2_m")])
    if m.group("nth2") in ("second", "2nd"):
        # Without "of the month", "every second Friday" is said for every other Friday.
        return facts(rec_freq="WEEKLY", rec_interval=2, rec_weekdays=(WEEKDAYS[weekday],))
    return facts(rec_freq="MONTHLY", rec_nth=_nth_value(nth), weekday=WEEKDAYS[weekday])


def _nth_weekday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(nth_weekday=_nth_value(m.group("nw_n")), weekday=WEEKDAYS[m.group("nw_wd")])
    if m.group("nw_rel"):
        found["month_shift"] = _SHIFT[m.group("nw_rel")]
    else:
        found.update(month=MONTHS[m.group("nw_m")], year=_year_value(m.group("nw_y")))
    return found


def _week_of_month(m: re.Match[str], text: str) -> dict[str, Any] | None:
    n = _nth_value(m.group("wm_n"))
    found = facts(week_of_month=5 if n == -1 else n)
    if m.group("wm_rel"):
        found["month_shift"] = _SHIFT[m.group("wm_rel")]
    else:
        found.update(month=MONTHS[m.group("wm_m")], year=_year_value(m.group("wm_y")))
    return found


def _weekday_count(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("wa_wd"):
        return facts(offset_weekday_count=2, weekday=WEEKDAYS[m.group("wa_wd")])
    n = _number(m.group("wc_n"))
    if n is None or n != int(n) or not 1 <= n <= 52:
        return None
    return facts(offset_weekday_count=int(n), weekday=WEEKDAYS[m.group("wc_wd")])


def _now(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(now=True)


def _this_time(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"This time tomorrow": the same clock time, a day (week, month, year) on."""
    which = " ".join((m.group("tt") or m.group("tt2")).split())
    if which == "tomorrow":
        return facts(offset_days=1, offset_minutes=0, offset_seconds=0)
    if which == "next week":
        return facts(offset_days=7, offset_minutes=0, offset_seconds=0)
    return facts(offset_months=12 if which == "next year" else 1, offset_minutes=0, offset_seconds=0)


def _cob(m: re.Match[str], text: str) -> dict[str, Any] | None:
    # Close of business: 5 p.m., the end of the working day.
    return facts(hour=5, minute=0, meridiem="pm")


def _rec_weekdays_word(m: re.Match[str], text: str) -> dict[str, Any] | None:
    weekend = m.group("rw") == "weekends"
    return facts(rec_freq="WEEKLY", rec_weekdays=(5, 6) if weekend else (0, 1, 2, 3, 4))


def _rec_month_end(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(rec_freq="MONTHLY", month_part="end")


def _rec_ordinal(m: re.Match[str], text: str) -> dict[str, Any] | None:
    day = _ordinal_value(m.group("ro"))
    if day is None or not 1 <= day <= 31:
        return None
    return facts(rec_freq="MONTHLY", day=day)


def _weekday_list(text: str) -> tuple[int, ...]:
    names = re.findall(rf"{_WD_ANY}", text)
    return tuple(WEEKDAYS[n] for n in names)


def _rec_weekdays(m: re.Match[str], text: str) -> dict[str, Any] | None:
    days = _weekday_list(m.group("ew_days"))
    return facts(rec_freq="WEEKLY", rec_weekdays=days, rec_interval=2 if m.group("ew_other") else 1)


def _rec_every(m: re.Match[str], text: str) -> dict[str, Any] | None:
    n_text = m.group("ev_n")
    interval = {"other": 2, "second": 2, "third": 3, None: 1}.get(n_text)
    if interval is None:
        assert n_text is not None
        value = _number(n_text)
        if value is None or not 1 <= value <= 99:
            return None
        interval = int(value)
    unit = " ".join(m.group("ev_unit").split())
    if unit in ("day", "morning", "evening", "night"):
        found = facts(rec_freq="DAILY", rec_interval=interval)
        if unit != "day":
            meridiem, hour = _DAYPART_MERIDIEM[unit]
            found.update(meridiem=meridiem, daypart_hour=hour)
        return found
    if unit in ("weekday", "business day", "working day"):
        return facts(rec_freq="WEEKLY", rec_weekdays=(0, 1, 2, 3, 4))
    if unit == "weekend":
        return facts(rec_freq="WEEKLY", rec_weekdays=(5, 6))
    if unit == "week":
        return facts(rec_freq="WEEKLY", rec_interval=interval)
    if unit == "fortnight":
        return facts(rec_freq="WEEKLY", rec_interval=2 * interval)
    if unit == "month":
        return facts(rec_freq="MONTHLY", rec_interval=interval)
    return facts(rec_freq="YEARLY", rec_interval=interval)


def _rec_adverb(m: re.Match[str], text: str) -> dict[str, Any] | None:
    word = m.group("ra")
    freq, interval = {
        "daily": ("DAILY", 1), "nightly": ("DAILY", 1), "weekly": ("WEEKLY", 1), "biweekly": ("WEEKLY", 2),
        "fortnightly": ("WEEKLY", 2), "monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1),
    }[word]
    found = facts(rec_freq=freq, rec_interval=interval)
    if word == "nightly":
        found.update(meridiem="night", daypart_hour=21)
    return found


def _rec_of_every(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(rec_freq="MONTHLY")


def _rec_plural_wd(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(rec_freq="WEEKLY", rec_weekdays=_weekday_list(m.group("pw")))


@cache
def _part_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<quarter>{_QUARTER_HOUR})|(?P<n>{_NUM})\s{{0,2}}(?P<half1>and\s+a\s+half\s+)?(?P<unit>{_PART_UNIT})"
        r"(?P<half2>\s+and\s+a\s+half)?"
    )


def _offset_parts(text: str, sign: int) -> dict[str, Any] | None:
    """"1 year 2 months", "3 hours and 10 minutes", "three quarters of an hour": the parts add up."""
    total: dict[str, int] = {}
    units: set[str] = set()
    for part in _part_re().finditer(text):
        found: dict[str, Any] | None
        if part.group("quarter"):
            quarters = 3 if part.group("quarter").startswith("three") else 1
            found = facts(offset_minutes=sign * 15 * quarters)
            unit = "quarter"
        else:
            unit = " ".join(part.group("unit").split())
            found = _offset_facts(_number(part.group("n")), unit, sign, bool(part.group("half1") or part.group("half2")))
        if found is None or unit in units:
            return None
        units.add(unit)
        for key, value in found.items():
            total[key] = total.get(key, 0) + value
    return facts(**total) if total else None


def _offset(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("off_dir") is None:
        # "in 3 days", "after 2 hours"; "3 days" alone is a length, not a moment.
        return _offset_parts(m.group("off_parts"), 1) if m.group("off_pre") else None
    direction = " ".join(m.group("off_dir").split())
    found = _offset_parts(m.group("off_parts"), -1 if direction == "ago" else 1)
    if found is not None and direction == "from tomorrow":
        if "offset_minutes" in found or "offset_seconds" in found:
            return None
        found["offset_days"] = (found.get("offset_days") or 0) + 1
    return found


def _dashed(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """03-21 and 7·15: month first, as ISO dates and Chinese writing put it."""
    month = int(m.group("ds_m") or m.group("ds_m2"))
    day = int(m.group("ds_d") or m.group("ds_d2"))
    return facts(month=month, day=day)


def _day_of_month_bare(m: re.Match[str], text: str) -> dict[str, Any] | None:
    day = int(m.group("db_d"))
    if not 1 <= day <= 31:
        return None
    return facts(day=day, month_shift=_SHIFT[m.group("db_of")])


def _iso(m: re.Match[str], text: str) -> dict[str, Any] | None:
    month, day = int(m.group("iso_m")), int(m.group("iso_d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return facts(year=int(m.group("iso_y")), month=month, day=day)


def _year_value(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text.lstrip("'"))
    return value + 2000 if value < 100 else value


def _numeric(m: re.Match[str], text: str) -> dict[str, Any] | None:
    sep = m.group("nu_sep") or m.group("nu_dsep")
    year = _year_value(m.group("nu_y") or m.group("nu_dy"))
    a, b = int(m.group("nu_a")), int(m.group("nu_b") or m.group("nu_db"))
    if not any(1 <= x <= 12 and 1 <= y <= 31 for x, y in ((a, b), (b, a))):
        return None
    # Which number is the month depends on the user's zone; ``time_spec`` decides and keeps the other reading.
    return facts(numeric_date=(a, b, sep == "."), year=year)


def _month_day(m: re.Match[str], text: str) -> dict[str, Any] | None:
    day = _ordinal_value(m.group("md_d"))
    if day is None or not 1 <= day <= 31:
        return None
    month = MONTHS[m.group("md_m")]
    if m.group("md_m") == "may" and not m.group("md_y") and _CONTEXT_BEFORE.search(text, 0, m.start()) is None:
        if re.match(r"\s{0,2}[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:dollars?|bucks|usd|%)", text[m.end("md_m"):]):
            return None
    return facts(month=month, day=day, year=_year_value(m.group("md_y")))


def _day_month(m: re.Match[str], text: str) -> dict[str, Any] | None:
    day = _ordinal_value(m.group("dm_d"))
    if day is None or not 1 <= day <= 31:
        return None
    if m.group("dm_m") in ("may", "mar", "march") and not m.group("dm_d")[-1:].isalpha() and not m.group("dm_y"):
        if not _ENDS_PHRASE.match(text, m.end()):
            return None  # "5 may be…" is no date; "23 March" at the end of a phrase is
    return facts(month=MONTHS[m.group("dm_m")], day=day, year=_year_value(m.group("dm_y")))


def _month_part(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("mp_end"):
        word = m.group("mp_end")
        return facts(month_part="mid" if word.startswith("mid") else "end")
    if m.group("mp_x"):
        return facts(month_part=_PART[m.group("mp_x")], month_shift=_SHIFT[m.group("mp_xw")])
    found = facts(month_part=_PART[" ".join(m.group("mp_w").split())])
    which = m.group("mp_which")
    if which:
        found["month_shift"] = _SHIFT[which]
    return found


def _month_alone(m: re.Match[str], text: str) -> dict[str, Any] | None:
    name = m.group("mo_m") or m.group("mo_m2") or m.group("mo_m3")
    year = _year_value(m.group("mo_y") or m.group("mo_y2"))
    found = facts(month=MONTHS[name], year=year)
    prefix = " ".join((m.group("mo_pre") or "").split()).removeprefix("the ")
    part = {"early": "start", "mid": "mid", "late": "end", "end of": "end", "beginning of": "start",
            "start of": "start", "middle of": "mid", "last day of": "end", "first day of": "start"}.get(prefix)
    if part:
        found["month_part"] = part
    return found


def _ordinal(m: re.Match[str], text: str) -> dict[str, Any] | None:
    word = " ".join(m.group("od").split())
    day = _ordinal_value(word)
    if day is None or not 1 <= day <= 31:
        return None
    of = " ".join((m.group("od_of") or "").split())
    alone = _ENDS_PHRASE.match(text, m.end()) is not None
    if not word[0].isdigit() and not of and not ((m.group("od_on") or alone) and m.group("od_the")):
        return None  # "the second payment" is not a date; "the fifth" on its own, or "on the fifth", is
    found = facts(day=day)
    if of and of != "month":
        found["month_shift"] = _SHIFT[of.split()[0]]
    return found


def _year_part(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("yp_end"):
        return facts(year_part="end")
    found = facts(year_part=_PART[m.group("yp_w")])
    if m.group("yp_y"):
        found["year"] = int(m.group("yp_y"))
    elif m.group("yp_which"):
        found["year_shift"] = _SHIFT[m.group("yp_which")]
    return found


def _holiday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    key = HOLIDAYS[" ".join(m.group("hn").split())]
    # English "Mother's Day" depends on where the speaker lives; ``time_spec`` picks the rule from the zone.
    found = facts(holiday="mothers_day_en" if key == "mothers_day" else key)
    if m.group("h_every"):
        found["rec_freq"] = "YEARLY"
    prefix = " ".join((m.group("hp") or "").split()).removeprefix("the ")
    if prefix:
        found.update(holiday_mod="before" if prefix.endswith("before") else "after",
                     holiday_days=1 if prefix.startswith("day") else None)
    return found


def _rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    word = " ".join(m.group("rl").split()).removeprefix("the ")
    if word in ("tonight", "tonite"):
        return facts(day_shift=0, pinned_day=True, meridiem="night", daypart_hour=20)
    shift = {"day after tomorrow": 2, "day before yesterday": -2, "today": 0, "yesterday": -1}.get(word, 1)
    return facts(day_shift=shift, pinned_day=shift == 0)


def _this_daypart(m: re.Match[str], text: str) -> dict[str, Any] | None:
    meridiem, hour = _DAYPART_MERIDIEM[m.group("tdp")]
    return facts(day_shift=0, pinned_day=True, meridiem=meridiem, daypart_hour=hour)


def _weekday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    name, prefix = m.group("wd"), " ".join((m.group("wd_pre") or "").split())
    if name in WEEKDAYS_ABBR and not prefix and _CONTEXT_BEFORE.search(text, 0, m.start()) is None:
        # "sat 10am" is a day; "I sat down" is not: a bare abbreviation needs a time or a date after it.
        follows = (rf"\.?,?\s{{0,2}}(?:[0-9]|(?:{_MONTH})\b|(?:at|@)\s{{0,2}}[0-9])" if name in _AMBIGUOUS_WORDS
                   else rf"\.?\s{{0,2}}(?:[0-9]|at\b|,|$|[!?.;]|please\b|pls\b|thanks\b|(?:{_MONTH})\b)")
        if not re.match(follows, text[m.end("wd"):]):
            return None
    found = facts(weekday=WEEKDAYS[name])
    if prefix == "next":
        found.update(week_shift=1, alt_coming_weekday=True)
    elif prefix in ("this", "coming", "this coming"):
        found["weekday_today_counts"] = True
    elif prefix in ("last", "past"):
        found["weekday_last"] = True
    return found


def _weekend(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(weekend=True)
    if m.group("we_pre") in ("next", "last"):
        found["week_shift"] = _SHIFT[m.group("we_pre")]
    return found


def _week(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("wk_after"):
        return facts(week_shift=2)
    return facts(week_shift=_SHIFT[" ".join(m.group("wk_pre").split())])


def _month_rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("mr_after"):
        return facts(month_shift=2)
    return facts(month_shift=_SHIFT[" ".join(m.group("mr_pre").split())])


def _year_alone(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(year=int(m.group("ya")))


def _year_rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(year_shift=_SHIFT[m.group("yr_pre")])


def _hour_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return EN_CARDINALS.get(text)


def _minute_word(text: str | None) -> int | None:
    if text is None:
        return None
    words = " ".join(text.replace("-", " ").split())
    if words.startswith("oh "):
        return EN_CARDINALS.get(words[3:])
    return EN_CARDINALS.get(words)


def _clock_parts(minute_text: str | None, second_text: str | None, word: str | None) -> tuple[int | None, int | None] | None:
    """Minutes and seconds from "30", "05" and "09", or from "fifteen"/"oh five"; None when impossible."""
    minute = int(minute_text) if minute_text else _minute_word(word)
    if word and minute is None:
        return None
    second = int(second_text) if second_text else None
    if (minute is not None and minute > 59) or (second is not None and second > 59):
        return None
    return minute, second


def _time_ampm(m: re.Match[str], text: str) -> dict[str, Any] | None:
    hour = _hour_value(m.group("ta_h"))
    parts = _clock_parts(m.group("ta_m"), m.group("ta_s"), m.group("ta_mw"))
    if hour is None or parts is None or not 1 <= hour <= 12:
        return None
    return facts(hour=hour, minute=parts[0], second=parts[1], meridiem="am" if m.group("ta_ap")[0] == "a" else "pm")


def _time_colon(m: re.Match[str], text: str) -> dict[str, Any] | None:
    hour, minute = int(m.group("tc_h")), int(m.group("tc_m"))
    second = int(m.group("tc_s")) if m.group("tc_s") else None
    if hour > 24 or minute > 59 or (second is not None and second > 59):
        return None
    return facts(hour=hour, minute=minute, second=second,
                 clock24=hour == 0 or hour > 12 or m.group("tc_h").startswith("0"))


def _time_ap_short(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"10:30p", "9a": am/pm cut to one letter, as typed on phones."""
    hour = int(m.group("ts_h"))
    minute = int(m.group("ts_m")) if m.group("ts_m") else None
    if not 1 <= hour <= 12 or (minute is not None and minute > 59):
        return None
    return facts(hour=hour, minute=minute, meridiem="am" if m.group("ts_ap") == "a" else "pm")


def _half_hour(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """British "half six": half past six."""
    hour = _hour_value(m.group("hs_h"))
    if hour is None or not 1 <= hour <= 12:
        return None
    return facts(hour=hour, minute=30)


def _time_rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    base = _hour_value(m.group("tr_base"))
    n_text = " ".join(m.group("tr_n").replace("-", " ").split())
    minutes = {"half": 30, "quarter": 15, "twenty": 20, "twenty five": 25}.get(n_text)
    if minutes is None:
        minutes = _hour_value(n_text)
    if base is None or minutes is None or not 1 <= base <= 12 or not 1 <= minutes <= 59:
        return None
    if (m.group("tr_dir") in ("to", "till", "til") and n_text.isdigit() and "minute" not in m.group(0).lower()
            and (minutes % 5 or minutes < base)):
        # "3 to 5pm", "9 to 5": a range, not 4:57 or 4:51 (the idiom counts in fives and down: "10 to 6");
        # the range is asked about, not guessed
        return None
    if m.group("tr_dir") in ("to", "till", "til", "before", "of"):
        base, minutes = (base - 1) % 12 or 12, 60 - minutes
    ap = m.group("tr_ap")
    meridiem = None if ap is None else ("am" if ap[0] == "a" else "pm")
    return facts(hour=base, minute=minutes, meridiem=meridiem)


def _time_oclock(m: re.Match[str], text: str) -> dict[str, Any] | None:
    hour = _hour_value(m.group("to_h"))
    return None if hour is None or not 0 <= hour <= 23 else facts(hour=hour, clock24=hour == 0 or hour > 12)


def _time_daypart(m: re.Match[str], text: str) -> dict[str, Any] | None:
    hour = _hour_value(m.group("td_h"))
    minute = int(m.group("td_m")) if m.group("td_m") else None
    if hour is None or not 1 <= hour <= 12 or (minute is not None and minute > 59):
        return None
    word = m.group("td_w") or "night"
    found = facts(hour=hour, minute=minute, meridiem=_DAYPART_MERIDIEM[word][0])
    if m.group("td_tonight"):
        found.update(day_shift=0, pinned_day=True)
    return found


def _time_at(m: re.Match[str], text: str) -> dict[str, Any] | None:
    hour = _hour_value(m.group("tat_h"))
    parts = _clock_parts(m.group("tat_m"), m.group("tat_s"), m.group("tat_mw"))
    if hour is None or parts is None or not 0 <= hour <= 23:
        return None
    ap = m.group("tat_ap")
    if ap is not None:
        if not 1 <= hour <= 12:
            return None
        return facts(hour=hour, minute=parts[0], second=parts[1], meridiem="am" if ap[0] == "a" else "pm")
    return facts(hour=hour, minute=parts[0], second=parts[1], clock24=hour == 0 or hour > 12)


def _time_word(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("tw") == "midnight":
        return facts(hour=12, meridiem="night")
    return facts(hour=12, meridiem="noon")


_DAY_WORD_BEFORE = lazy_compile(
    r"(?:day|tomorrow|tmrw|tmr|[0-9](?:st|nd|rd|th)|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun))\s{1,2}$"
)


def _daypart_ampm(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"Monday am", "tomorrow pm": the morning or the afternoon of that day (only right after a day)."""
    if _DAY_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start()) is None:
        return None
    if m.group("dap")[0] == "a":
        return facts(meridiem="am", daypart_hour=9)
    return facts(meridiem="pm", daypart_hour=15)


def _daypart(m: re.Match[str], text: str) -> dict[str, Any] | None:
    meridiem, hour = _DAYPART_MERIDIEM[m.group("dp")]
    return facts(meridiem=meridiem, daypart_hour=hour)


HANDLERS: dict[str, Callable[[re.Match[str], str], dict[str, Any] | None]] = {
    "rec_nth": _rec_nth, "rec_month_end": _rec_month_end, "rec_ordinal": _rec_ordinal,
    "rec_weekdays": _rec_weekdays, "rec_every": _rec_every, "rec_weekdays_word": _rec_weekdays_word,
    "rec_adverb": _rec_adverb, "rec_of_every": _rec_of_every, "rec_plural_wd": _rec_plural_wd,
    "offset": _offset, "iso": _iso,
    "numeric": _numeric, "month_day": _month_day, "day_month": _day_month, "month_part": _month_part,
    "month_alone": _month_alone, "ordinal": _ordinal, "year_part": _year_part, "holiday": _holiday, "rel": _rel,
    "this_daypart": _this_daypart, "weekday": _weekday, "weekend": _weekend, "week": _week,
    "month_rel": _month_rel, "year_rel": _year_rel, "time_ampm": _time_ampm, "time_colon": _time_colon,
    "time_rel": _time_rel, "time_daypart": _time_daypart, "time_oclock": _time_oclock, "time_at": _time_at, "time_word": _time_word,
    "daypart": _daypart, "nth_weekday": _nth_weekday, "week_of_month": _week_of_month,
    "weekday_count": _weekday_count, "now": _now, "year_alone": _year_alone, "this_time": _this_time, "cob": _cob, "dashed": _dashed,
    "day_of_month_bare": _day_of_month_bare, "half_hour": _half_hour,
    "time_ap_short": _time_ap_short, "daypart_ampm": _daypart_ampm,
}
