"""Character-for-character normalisation, so that offsets in the normalised text are offsets in the original.

Full-width forms become ASCII, ASCII letters become lower case, traditional characters that matter to the
parsers become simplified, and every kind of space becomes a plain space. No character is ever added or
removed, which is what keeps the spans we return true for the user's own text.
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

# Only characters the parsers look at; the rest of a traditional-Chinese message passes through unchanged.
_TRADITIONAL = "週個後號點時鐘禮兩萬億塊錢還節國慶陽誕勞動親臘過內開給電話務東為這結貸銀設農華廣發興業郵儲浦單帳賬額條團唄貝幾隔晝夠當後裡裏從與們會鬧記憶訂閱別讓聖師婦兒黨軍樹曆陰間現雙復頭鍾準遲繳費數滙匯豐恆託臺轉應該債總樂確實剛筆張車學約"
_SIMPLIFIED = "周个后号点时钟礼两万亿块钱还节国庆阳诞劳动亲腊过内开给电话务东为这结贷银设农华广发兴业邮储浦单账账额条团呗贝几隔昼够当后里里从与们会闹记忆订阅别让圣师妇儿党军树历阴间现双复头钟准迟缴费数汇汇丰恒托台转应该债总乐确实刚笔张车学约"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(ord("Ａ"), ord("Ｚ") + 1):
        table[code] = chr(code - 0xFEE0 + 32)
    for trad, simp in zip(_TRADITIONAL, _SIMPLIFIED, strict=True):
        table[ord(trad)] = simp
    for space in "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\t\r\n\x0b\x0c":
        table[ord(space)] = " "
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63":
        table[ord(dash)] = "-"
    table.update({ord("。"): ".", ord("、"): ",", ord("’"): "'", ord("‘"): "'", ord("￥"): "¥", ord("〜"): "~"})
    return table


_TABLE = _build_table()
_CJK = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Messages longer than this are only read up to here: a debt statement or a reminder is a sentence, and
# bounding the scan is what keeps a 10,000-character message as fast as a short one.
SCAN_LIMIT = 1000


def normalize(text: str, limit: int = SCAN_LIMIT) -> str:
    """Return ``text`` normalised for matching, cut to ``limit`` characters (a pasted bill may be longer)."""
    return text[:limit].translate(_TABLE)


def has_cjk(text: str) -> bool:
    """Tell whether the text holds Chinese characters."""
    return _CJK.search(text[:SCAN_LIMIT]) is not None


def detect_language(text: str, lang: str | None) -> str:
    """Return "zh" or "en": the caller's choice when given, else zh when the text holds Chinese characters."""
    if lang in ("zh", "en"):
        return lang
    return "zh" if has_cjk(text) else "en"
