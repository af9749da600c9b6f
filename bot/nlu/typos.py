"""Typos Chinese input methods make in this domain, fixed only where the reading is unambiguous.

Pinyin input puts a homophone in place of the intended character: "10好还" is "10号还" (hao), "丐了500" is
"还了500" (gai/huan on a shape-based keyboard), "花被" is "花呗". Every fix replaces one character by one
character, so spans in the fixed text are spans in the user's own text.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

# 好 right after a day number and before what follows a date ("10好还", "15好前", "下月10好") is 号.
_HAO = lazy_compile(r"(?<=[0-9一二三四五六七八九十])好(?=还|還|前|之前|到期|截止|要|得|该|該|那天|左右|[,，.。;；!！\s]|$)")
# 丐 outside 乞丐 is 还 (the only word people mean in a debt chat).
_GAI = lazy_compile(r"(?<!乞)丐")
# 日 typed as 曰 after a number.
_YUE = lazy_compile(r"(?<=[0-9])曰")
# Names of the products people owe, typed with a homophone or a look-alike: 花被/借贝 (bei) for 花呗/借呗 ("花被欠了
# 三千", "借贝还了500"), 百条 (bai) for 白条, 信用咔 (ka) for 信用卡, 余期 (yu) for 逾期. Only where the slip cannot be
# another word: 花被子 is a quilt, 借被拒 a refused loan, 三百条 a count.
_BEI = lazy_compile(r"(?<=[花借])[被贝貝唄背](?![子套罩单褥面拒骗催起盗冻])")
_BAI = lazy_compile(r"(?<![0-9一二两三四五六七八九十几百千万])百(?=条(?![件款路]))")
_KA = lazy_compile(r"(?<=信用)[咔咖]")
_YU = lazy_compile(r"余(?=期(?:了|[0-9一二两三四五六七八九十半]))")
# 换了 (huan) for 还了 right after what is owed and before a sum: "白条换了800" (not "换了手机").
_HUAN = lazy_compile(r"(?<=[呗唄条條贷貸卡付])换(?=了\s{0,2}[0-9一二两三四五六七八九十])")


def fix_typos(text: str) -> str:
    """Return the text with unambiguous input-method typos fixed (same length as ``text``)."""
    fixed = _HAO.sub("号", text)
    fixed = _GAI.sub("还", fixed)
    fixed = _BEI.sub("呗", fixed)
    fixed = _BAI.sub("白", fixed)
    fixed = _KA.sub("卡", fixed)
    fixed = _YU.sub("逾", fixed)
    fixed = _HUAN.sub("还", fixed)
    return _YUE.sub("日", fixed)
