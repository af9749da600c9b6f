"""Typos Chinese input methods make in this domain, fixed only where the reading is unambiguous.

Pinyin input puts a homophone in place of the intended character: "10好还" is "10号还" (hao), "丐了500" is
"还了500" (gai/huan on a shape-based keyboard). Every fix replaces one character by one character, so spans in
the fixed text are spans in the user's own text.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

# 好 right after a day number and before what follows a date ("10好还", "15好前", "下月10好") is 号.
_HAO = lazy_compile(r"(?<=[0-9一二三四五六七八九十])好(?=还|還|前|之前|到期|截止|要|得|该|該|那天|左右|[,，.。;；!！\s]|$)")
# 丐 outside 乞丐 is 还 (the only word people mean in a debt chat).
_GAI = lazy_compile(r"(?<!乞)丐")
# 花呗 / 借呗 typed with a homophone (bei): "花被欠了三千", "借贝还了500". Not 花被子 (a quilt) or 借背 in other words.
_BEI = lazy_compile(r"(?<=[花借])[被贝背](?![子套单面])")
# 日 typed as 曰 after a number.
_YUE = lazy_compile(r"(?<=[0-9])曰")


def fix_typos(text: str) -> str:
    """Return the text with unambiguous input-method typos fixed (same length as ``text``)."""
    fixed = _HAO.sub("号", text)
    fixed = _GAI.sub("还", fixed)
    fixed = _BEI.sub("呗", fixed)
    return _YUE.sub("日", fixed)
