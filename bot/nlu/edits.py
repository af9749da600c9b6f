"""A change to a debt asked for in words: "把借呗的还款日改成25号", "花呗金额改为3500", "change Chase's due date to
the 25th", "update amex balance to 1,200".

Read on the normalised, typo-fixed text (same offsets as the user's): who the debt is (as the user names it), which
field (the due date or the amount; None when only the new value says), and the words of the new value, which the
engine reads with the same parsers as a typed answer to "哪天要还？" or "欠了多少钱？". Nothing here knows which
debts the user has: the engine matches the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.nlu.lazy_re import lazy_compile

Field = Literal["due", "amount"]

_FIELD_ZH = r"(?P<field>还款日期|还款日|到期日|日期|时间|几号|金额|欠款|余额|数目|钱数)"
_CHANGE_ZH = r"(?:改成|改为|改到|改一下成|更正为|更新为|调成|调到|换成|应该是|其实是)"
_EDIT_ZH = lazy_compile(
    rf"^\s*(?:帮我)?(?:把|将)?(?P<who>[^\s,，。]{{1,12}}?)(?:的|那笔的?|这笔的?)?{_FIELD_ZH}?\s{{0,2}}{_CHANGE_ZH}\s{{0,2}}"
    r"(?P<value>(?:[^,，。!！?？]|,(?=[0-9])){1,24})[。.!！]?\s*$"
)
_FIELD_EN = r"(?P<field>due\s+date|due\s+day|payment\s+date|date|balance|amount|total)"
_EDIT_EN = lazy_compile(
    rf"^\s*(?:please\s+)?(?:change|update|set|edit|move|correct)\s+(?:the\s+|my\s+)?(?P<who>[a-z][a-z0-9 .&'-]{{0,30}}?)"
    rf"(?:'s|s')?(?:\s+{_FIELD_EN})?\s+to\s+(?P<value>(?:[^,!?]|,(?=[0-9])){{1,30}}?)[.!]?\s*$"
    rf"|^\s*(?:the\s+|my\s+)?(?P<who2>[a-z][a-z0-9 .&'-]{{0,30}}?)(?:'s|s')?\s+{_FIELD_EN.replace('field', 'field2')}"
    r"\s+(?:is\s+now|should\s+be|is\s+actually|is\s+really|changed\s+to)\s+(?P<value2>(?:[^,!?]|,(?=[0-9])){1,30}?)[.!]?\s*$"
)
# A new value is money or a day: "花呗应该是已经还清了" says how it stands, not what to change it to.
_VALUE = lazy_compile(r"[0-9一二两兩三四五六七八九十廿百千万萬]|下个?月|每个?月|月底|月初|明天|后天|周|星期|礼拜"
                      r"|\b(?:next|every|tomorrow|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)")
_DUE_WORDS = ("还款日期", "还款日", "到期日", "日期", "时间", "几号", "due date", "due day", "payment date", "date")


@dataclass(frozen=True)
class EditRequest:
    """A saved debt to change: who, which field (None: the new value decides), and the new value's words."""

    who: str
    field: Field | None
    value: str


def parse_edit(prepared: str) -> EditRequest | None:
    """The change asked for in ``prepared`` (normalised, typo-fixed text), or None."""
    match = _EDIT_ZH.match(prepared)
    groups = ("who", "field", "value")
    if match is None:
        match = _EDIT_EN.match(prepared)
        if match is not None and match.group("who2"):
            groups = ("who2", "field2", "value2")
    if match is None:
        return None
    who = match.group(groups[0]).strip(" 的")
    if not who or who in ("我", "它", "这", "那", "it", "this", "that", "mine"):
        return None
    said = match.group(groups[1])
    field: Field | None = None
    if said:
        field = "due" if said.strip() in _DUE_WORDS or said.replace(" ", "") in ("duedate", "dueday") else "amount"
    value = match.group(groups[2]).strip()
    if _VALUE.search(value) is None or value.startswith(("已", "还", "還")):
        return None
    return EditRequest(who=who, field=field, value=value)
