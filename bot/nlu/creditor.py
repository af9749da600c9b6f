"""Who is owed: named products (花呗, 借呗, 白条…), banks' credit cards, English lenders, or the user's own words.

Known names come from tables; anything else is the noun phrase the user put where a creditor goes
("欠小王2000" → 小王, "I owe Tom $200" → Tom), cut before any amount or date word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import normalize
from bot.nlu.numerals import alternation


@dataclass(frozen=True)
class Creditor:
    """A creditor as the user would recognise it, its kind, and where it was named."""

    name: str
    kind: str
    span: tuple[int, int]
    hint: str  # the words the user used, for matching against their saved debts


# (display name, kind) for the products people owe money to, by every name they use.
PRODUCTS: dict[str, tuple[str, str]] = {
    "蚂蚁花呗": ("花呗", "huabei"), "花呗": ("花呗", "huabei"), "huabei": ("花呗", "huabei"),
    "蚂蚁借呗": ("借呗", "jiebei"), "借呗": ("借呗", "jiebei"), "jiebei": ("借呗", "jiebei"),
    "京东白条": ("京东白条", "baitiao"), "白条": ("京东白条", "baitiao"), "jd baitiao": ("京东白条", "baitiao"),
    "baitiao": ("京东白条", "baitiao"), "美团月付": ("美团月付", "meituan"), "美团": ("美团月付", "meituan"),
    "抖音月付": ("抖音月付", "douyin"), "抖音": ("抖音月付", "douyin"), "微粒贷": ("微粒贷", "weilidai"),
    "weilidai": ("微粒贷", "weilidai"), "京东金条": ("京东金条", "loan"), "金条": ("京东金条", "loan"),
    "网商贷": ("网商贷", "loan"), "度小满": ("度小满", "loan"), "360借条": ("360借条", "loan"),
    "分期乐": ("分期乐", "loan"), "招联好期贷": ("招联好期贷", "loan"), "招联金融": ("招联金融", "loan"),
    "安逸花": ("安逸花", "loan"), "房贷": ("房贷", "loan"), "车贷": ("车贷", "loan"), "网贷": ("网贷", "loan"),
    "助学贷款": ("助学贷款", "loan"), "消费贷": ("消费贷", "loan"), "平安普惠": ("平安普惠", "loan"),
    "student loans": ("Student loan", "loan"), "student loan": ("Student loan", "loan"),
    "car loan": ("Car loan", "loan"), "auto loan": ("Car loan", "loan"), "mortgage": ("Mortgage", "loan"),
    "personal loan": ("Personal loan", "loan"), "payday loan": ("Payday loan", "loan"),
    "klarna": ("Klarna", "other"), "afterpay": ("Afterpay", "other"), "paypal credit": ("PayPal Credit", "other"),
    # Lenders and pay-later products people name without a bank: each is the creditor itself.
    "拍拍贷": ("拍拍贷", "loan"), "洋钱罐": ("洋钱罐", "loan"), "省呗": ("省呗", "loan"), "还呗": ("还呗", "loan"),
    "苏宁任性付": ("苏宁任性付", "loan"), "任性付": ("苏宁任性付", "loan"), "小米贷款": ("小米贷款", "loan"),
    "小米随星借": ("小米随星借", "loan"), "好期贷": ("招联好期贷", "loan"),
    "招联": ("招联金融", "loan"), "有钱花": ("度小满", "loan"), "奇富借条": ("360借条", "loan"),
    "马上消费": ("马上消费金融", "loan"), "携程拿去花": ("携程拿去花", "loan"), "拿去花": ("携程拿去花", "loan"),
    "微信分付": ("微信分付", "fenfu"), "分付": ("微信分付", "fenfu"), "美团借钱": ("美团借钱", "loan"),
    "抖音放心借": ("抖音放心借", "loan"), "放心借": ("抖音放心借", "loan"), "信用飞": ("信用飞", "loan"),
    "唯品花": ("唯品花", "loan"), "捷信": ("捷信", "loan"), "宜人贷": ("宜人贷", "loan"),
    "affirm": ("Affirm", "other"), "paypal pay in 4": ("PayPal Pay in 4", "other"),
    "paypal pay later": ("PayPal Pay in 4", "other"), "sezzle": ("Sezzle", "other"), "zip pay": ("Zip", "other"),
    "upstart": ("Upstart", "loan"), "sofi": ("SoFi", "loan"), "lendingclub": ("LendingClub", "loan"),
    "sallie mae": ("Sallie Mae", "loan"), "navient": ("Navient", "loan"), "nelnet": ("Nelnet", "loan"),
    "mohela": ("MOHELA", "loan"), "apple card": ("Apple Card", "credit_card"), "vanquis": ("Vanquis", "credit_card"),
    "overdraft": ("Overdraft", "loan"), "clearpay": ("Clearpay", "other"), "council tax": ("Council tax", "other"),
    "car payment": ("Car loan", "loan"),
    "信贷": ("信贷", "loan"), "学贷": ("助学贷款", "loan"),  # Taiwan: 信貸 (a personal loan), 學貸 (student loan)
}
BANKS_ZH: dict[str, str] = {
    "招商银行": "招商银行", "招行": "招商银行", "招商": "招商银行", "建设银行": "建设银行", "建行": "建设银行", "工商银行": "工商银行",
    "工行": "工商银行", "农业银行": "农业银行", "农行": "农业银行", "中国银行": "中国银行", "中行": "中国银行",
    "交通银行": "交通银行", "交行": "交通银行", "浦发银行": "浦发银行", "浦发": "浦发银行", "中信银行": "中信银行",
    "中信": "中信银行", "光大银行": "光大银行", "光大": "光大银行", "民生银行": "民生银行", "民生": "民生银行",
    "广发银行": "广发银行", "广发": "广发银行", "平安银行": "平安银行", "平安": "平安银行", "兴业银行": "兴业银行",
    "兴业": "兴业银行", "华夏银行": "华夏银行", "华夏": "华夏银行", "邮储银行": "邮储银行",
    "邮政储蓄银行": "邮储银行", "邮储": "邮储银行", "北京银行": "北京银行", "上海银行": "上海银行",
    "宁波银行": "宁波银行", "江苏银行": "江苏银行",
    # Hong Kong and Taiwan banks, as people there name them (繁體 is folded to these by ``normalize``).
    "汇丰银行": "汇丰银行", "汇丰": "汇丰银行", "渣打银行": "渣打银行", "渣打": "渣打银行", "恒生银行": "恒生银行",
    "恒生": "恒生银行", "中银香港": "中银香港", "中银": "中银香港", "东亚银行": "东亚银行", "东亚": "东亚银行",
    "星展银行": "星展银行", "星展": "星展银行", "花旗银行": "花旗银行", "花旗": "花旗银行", "中国信托": "中国信托",
    "国泰世华": "国泰世华银行", "国泰": "国泰世华银行", "玉山银行": "玉山银行",
    "玉山": "玉山银行", "台新银行": "台新银行", "台新": "台新银行", "富邦": "台北富邦银行", "永丰": "永丰银行",
    "dbs": "星展银行",  # as Hong Kong writes 星展 on its cards
}
# Banks that lend in one place only: an amount owed to them with no currency written is in that place's money.
# (汇丰, 渣打, 花旗, 星展 also lend on the mainland: their currency is not known from the name.)
HOME_CURRENCY: dict[str, str] = {
    "中银香港": "HKD", "恒生银行": "HKD", "东亚银行": "HKD",
    "中国信托": "TWD", "国泰世华银行": "TWD", "玉山银行": "TWD", "台新银行": "TWD", "台北富邦银行": "TWD", "永丰银行": "TWD",
}


def home_currency(creditor: str | None) -> str | None:
    """The currency of a creditor that lends in one place only ("台新银行信用卡" → TWD), else None."""
    if not creditor:
        return None
    return next((currency for bank, currency in HOME_CURRENCY.items() if creditor.startswith(bank)), None)


BANKS_EN: dict[str, str] = {
    "chase": "Chase", "amex": "Amex", "american express": "American Express", "citi": "Citi", "citibank": "Citi",
    "capital one": "Capital One", "discover": "Discover", "wells fargo": "Wells Fargo",
    "bank of america": "Bank of America", "barclaycard": "Barclaycard", "barclays": "Barclays", "hsbc": "HSBC",
    "monzo": "Monzo", "lloyds": "Lloyds", "natwest": "NatWest", "santander": "Santander", "us bank": "US Bank",
    "synchrony": "Synchrony", "nationwide": "Nationwide", "visa": "Visa",
    "mastercard": "Mastercard", "aqua": "Aqua",
    # Misspellings people type for a bank's name.
    "capitol one": "Capital One", "cap one": "Capital One", "amex card": "Amex", "american expres": "American Express",
    # Cards named by product, without their bank: each belongs to one issuer.
    "sapphire": "Chase", "sapphire preferred": "Chase", "sapphire reserve": "Chase", "freedom unlimited": "Chase",
    "freedom flex": "Chase", "freedom card": "Chase", "chase freedom": "Chase", "quicksilver": "Capital One",
    "quicksilverone": "Capital One", "venture card": "Capital One", "venture x": "Capital One", "savorone": "Capital One",
    "double cash": "Citi", "custom cash": "Citi", "citi simplicity": "Citi", "blue cash": "Amex",
}
# A Latin name must not run into more letters ("sofia" is not SoFi); a Chinese one may ("借呗overdue").
_PRODUCT_RE = lazy_compile(rf"(?<![a-z])(?:{alternation(PRODUCTS)})(?:(?<=[\u4e00-\u9fff0-9])|(?![a-z]))")
_BANK_ZH_RE = lazy_compile(rf"(?P<bank>{alternation(BANKS_ZH)})(?P<what>信用卡|贷款|借款|的卡|卡)?")
# "Chase卡": a Chinese word right after the bank's name still ends it.
_BANK_EN_RE = lazy_compile(rf"(?<![a-z])(?P<bank>{alternation(BANKS_EN)})(?![a-z])(?:\s*(?P<what>credit\s+card|card|loan|overdraft|卡|信用卡))?")
# "overdraft fee $35 from wells fargo", "overdraft at barclays": the words between an overdraft and its bank.
_OVERDRAFT_OF = lazy_compile(r"\s*(?:fees?\s+)?(?:(?:of|is|was)\s+)?(?:[$£€]\s?[0-9][0-9,.]*k?\s+)?(?:fees?\s+)?"
                             r"(?:from|at|with|on|on\s+my|with\s+my|at\s+my)\s+(?:the\s+)?$")
# Rent, named as what is owed ("要繳房租兩萬", "rent is $1,450") — not when it only says what a sum owed to someone
# else is for ("欠房东2800房租", "owe my landlord $1,400 rent").
_RENT_RE = lazy_compile(r"(?<![0-9一二两三四五六七八九十百千万块元])房租|(?<![0-9a-z])(?<![0-9]\s)rent(?![a-z])(?=\s+(?:is|was|of|due|[$£€0-9]))")
_CONSUMER_FINANCE = lazy_compile(r"消费金融|消金|消费")
# Written in Taiwan (繳, 卡費, NT$): there 中信 is 中國信託, not the mainland's 中信银行.
_TAIWAN = lazy_compile(r"繳|卡費|NT\$|台幣|臺幣")
# 卡数, 张卡: how Hong Kong names a card; 卡费 (卡費), how Taiwan does.
_CARD_ZH_RE = lazy_compile(r"信用卡|卡数|卡费|(?<![0-9一二两三四五六七八九十])张卡")
_CARD_EN_RE = lazy_compile(r"\b(?:credit\s+card|card)s?\b")
_NAME_ZH = r"[\u4e00-\u9fffa-z]{1,8}?"
_STOP_ZH = r"(?:[0-9¥$]|[一二两三四五六七八九十几]{1,3}(?:个|笔|次|期|天|周|月|年)|[一二两三四五六七八九十百千万几]{1,6}(?:块|元|万|千|百)|[一二两三四五六七八九十]?[百千万]|的钱|钱|\s|,|$)"
_FREE_ZH = [
    lazy_compile(rf"欠(?:了|着|咗)?(?P<who>{_NAME_ZH})(?={_STOP_ZH})"),
    lazy_compile(rf"(?:向|跟|找|从|问)(?P<who>{_NAME_ZH})借(?:了)?"),
    lazy_compile(rf"借了?(?P<who>{_NAME_ZH})的"),
    lazy_compile(rf"借(?:了|咗)(?P<who>{_NAME_ZH})(?={_STOP_ZH})"),
    lazy_compile(rf"(?:还给|给)(?P<who>{_NAME_ZH})(?:还|转|打)"),
    lazy_compile(r"(?P<who>[\u4e00-\u9fffa-z]{1,6}?)(?:还)?欠(?:了|着|咗)?(?=[0-9¥$一二两三四五六七八九十])"),
    # "还了室友300", "还咗阿明两千": who was paid, right before the amount.
    lazy_compile(rf"还(?:了|咗)(?P<who>{_NAME_ZH})(?=\s{{0,2}}(?:[0-9¥$]|[一二两三四五六七八九十百千万]{{1,6}}(?:块|元|万|千|百)))"),
]
# The pattern above that reads who from the words *before* 欠: after a creditor already named, those words are
# still about it ("汇丰信用卡结欠", "中银卡数欠咗", "渣打张卡仲欠"), not a second creditor.
_SUBJECT_BEFORE_OWE = _FREE_ZH[-2]
# An amount said in words starts so: "owe my sister five hundred bucks", "owe my brother two grand".
_EN_AMOUNT_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
                   r"|sixty|seventy|eighty|ninety|a\s+(?:hundred|thousand|grand))\b")
_FREE_EN = [
    lazy_compile(r"\bowe\s+(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)\s+(?=[$£€0-9]|" + _EN_AMOUNT_WORD + ")"),
    lazy_compile(r"\bborrowed\s+(?:[$£€]?[0-9][0-9,.]*\s*(?:k\b|dollars?|bucks|pounds?|euros?)?\s+)?from\s+(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)"),
    lazy_compile(r"\bowe\s+[$£€]?[0-9][0-9,.]*\s*(?:k\b|dollars?|bucks|pounds?|euros?)?\s+to\s+(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)"),
    lazy_compile(r"\bloan\s+from\s+(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)"),
    lazy_compile(r"\b(?P<who>[a-z][a-z'.-]{0,20})\s+lent\s+me\b"),
    lazy_compile(r"\b(?:paid|repaid)\s+back\s+(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)\s*(?=$|[,.!]|\s+[$£€0-9])"),
    lazy_compile(r"\b(?:paid|repaid)\s+(?P<who>[a-z][a-z'.-]{0,20})\s+back\b"),
    lazy_compile(r"\b(?:paid|repaid|sent|gave|transferred|wired)\s+(?:back\s+)?[$£€]?[0-9][0-9,.]*\s*(?:k\b|dollars?|bucks|pounds?|quid)?\s+(?:back\s+)?to\s+(?!(?:my\s+|the\s+)?(?:savings|checking|account|wallet|bank)\b)(?P<who>[a-z][a-z'.-]{0,20}(?:\s+[a-z][a-z'.-]{0,20})?)"),
    # People the user owes, said as what is to be done: "pay back my roommate $60", "pay my coworker back 40".
    lazy_compile(r"\bpay\s+back\s+(?P<who>(?:my\s+)?[a-z][a-z'.-]{0,20})\s+(?=[$£€0-9])"),
    lazy_compile(r"\bpay\s+(?P<who>(?:my\s+)?[a-z][a-z'.-]{0,20})\s+back\b"),
    # "venmo'd my brother the $200", "zelled Sam 50": sent by an app, to a person.
    lazy_compile(r"\b(?:venmo'?e?d|zelle'?d|paypal'?e?d|sent)\s+(?P<who>(?:my\s+)?[a-z][a-z'.-]{0,20})\s+(?:the\s+)?(?=[$£€0-9])"),
]
_NOT_A_NAME = lazy_compile(
    r"^(?:我|我们|俺|咱|你|他|她|了|还|要|得|共|成|呗呗|总共|一共|但是|可是|不过|然后|现在|目前|还是|所以|其实|一直|总之|大概|大约|差不多|将近|快|还有|剩|剩下|本金|利息|钱|款|债|"
    r"i|me|you|him|her|them|it|about|around|roughly|nearly|almost|the|a|an|my|on|in|at|for|to|due|back|that|this|"
    r"still|just|total|only|over|off|it|this|that|最低|最低还款|最低还款额|一半|一部分|hk|nt|us|rmb|usd|hkd|twd|cny)$"
)
# Words of doubt or a copula are never part of who is owed: "记不清是欠6000" names no one.
_NOT_IN_NAME = lazy_compile(r"记不清|記不清|不确定|不確定|不记得|不記得|忘了|好像|可能|大概|应该|應該|是$"
                          r"|逾期|过期|超期|到期|个月|天了|周了"  # "逾期两个月了欠了四千": how late, not who
                          r"|^好$|几|幾|把块|^[万千百亿]")  # "欠了好几万", "欠了万把块": how much, vaguely, not who
_TRAILING_WORDS = lazy_compile(r"(?:\s+(?:about|around|roughly|nearly|almost|like|the|a|an|some|another|still|back|on|by|for|due|and|with))+$")
_ALL_NUMERALS = lazy_compile(r"[一二两三四五六七八九十百千万亿零〇几多]+")
_ZH_PREFIX = lazy_compile(r"^(?:我的|还|也|又|已经|共|总共)+")
_ZH_SUFFIX = lazy_compile(r"(?:那里|那儿|这里|的)+$")


def find_creditor(text: str, after_creditor: bool = False) -> Creditor | None:
    """Return the creditor named in the text, or None when no creditor is named. ``after_creditor``: the text
    follows a creditor already named (the words before a 欠 are then still about that one)."""
    prepared = normalize(text)
    product = _PRODUCT_RE.search(prepared)
    bank = _BANK_ZH_RE.search(prepared)
    bank_en = _BANK_EN_RE.search(prepared)
    candidates: list[Creditor] = []
    if product:
        name, kind = PRODUCTS[product.group(0)]
        candidates.append(Creditor(name, kind, product.span(), text[product.start():product.end()]))
    consumer_finance = _CONSUMER_FINANCE.match(prepared, bank.end("bank")) if bank else None
    if bank and consumer_finance and bank.group("bank") == "中银":
        # 中银消费金融 is a mainland lender, not 中银香港's card
        candidates.append(Creditor("中银消费金融", "loan", (bank.start(), consumer_finance.end()),
                                   text[bank.start():consumer_finance.end()]))
    elif bank:
        full = BANKS_ZH[bank.group("bank")]
        if bank.group("bank") == "中信" and _TAIWAN.search(text):
            full = "中国信托"
        what = bank.group("what") or ""
        card_nearby = what in ("信用卡", "卡", "的卡") or _CARD_ZH_RE.search(prepared) is not None
        loan = what in ("贷款", "借款") and not card_nearby
        candidates.append(Creditor(full + ("贷款" if loan else "信用卡"), "loan" if loan else "credit_card",
                                   bank.span(), text[bank.start():bank.end("bank")]))
    if bank_en:
        full = BANKS_EN[bank_en.group("bank")]
        what = bank_en.group("what") or ""
        if what == "overdraft" or (product is not None and product.group(0) == "overdraft"
                                   and _OVERDRAFT_OF.fullmatch(prepared, product.end(), bank_en.start()) is not None):
            # A bank's overdraft is that bank's debt, not a credit card at the bank and an overdraft beside it.
            # Its span is the bank's: an amount between the two ("overdraft fee $35 from…") is still the debt's.
            return Creditor(f"{full} overdraft", "loan", bank_en.span(), text[bank_en.start("bank"):bank_en.end("bank")])
        loan = what == "loan"
        candidates.append(Creditor(f"{full} {'loan' if loan else 'credit card'}", "loan" if loan else "credit_card",
                                   bank_en.span(), text[bank_en.start("bank"):bank_en.end("bank")]))
    if candidates:
        first = min(candidates, key=lambda c: c.span[0])
        if first.span[0] > 0:
            # "欠我妈5000，还有花呗1800": a person owed, named before the product, is the first creditor.
            person = _free_text_creditor(text, prepared, after_creditor)
            if person is not None and person.span[1] <= first.span[0]:
                return person
        return first
    rent = _RENT_RE.search(prepared)
    if rent:
        person = _free_text_creditor(text, prepared, after_creditor)
        if person is None or person.span[0] > rent.start():
            return Creditor(rent.group(0) if rent.group(0) == "房租" else "rent", "other", rent.span(),
                            text[rent.start():rent.end()])
    card = _CARD_ZH_RE.search(prepared)
    if card:
        return Creditor("信用卡", "credit_card", card.span(), "信用卡")
    card_en = _CARD_EN_RE.search(prepared)
    if card_en:
        return Creditor("Credit card", "credit_card", card_en.span(), text[card_en.start():card_en.end()])
    return _free_text_creditor(text, prepared, after_creditor)


def _free_text_creditor(text: str, prepared: str, after_creditor: bool = False) -> Creditor | None:
    for pattern in _FREE_ZH:
        if after_creditor and pattern is _SUBJECT_BEFORE_OWE:
            continue
        match = pattern.search(prepared)
        if match:
            found = _clean_zh(text, match)
            if found is not None:
                return found
    for number, pattern in enumerate(_FREE_EN):
        match = pattern.search(prepared)
        if match:
            words = _TRAILING_WORDS.sub("", match.group("who"))
            start = match.start("who")
            if words.startswith("the ") and len(words) > 4:
                words, start = words[4:], start + 4  # "owe the IRS" → IRS
            # "my brother" is a name as the user says it; "my" or "about" alone is not.
            first = words.split()[1] if words.startswith("my ") and " " in words else (words.split() or [""])[0]
            if not words or _NOT_A_NAME.match(first):
                continue
            original = text[start:start + len(words)]
            kind = "loan" if number == 3 else "other"
            return Creditor(original, kind, (start, start + len(words)), original)
    return None


def _clean_zh(text: str, match: re.Match[str]) -> Creditor | None:
    start, end = match.span("who")
    who = match.group("who")
    prefix = _ZH_PREFIX.match(who)
    if prefix:
        start += prefix.end()
    who = text[start:end]
    suffix = _ZH_SUFFIX.search(who)
    if suffix:
        end -= len(suffix.group(0))
        who = text[start:end]
    if not who or _NOT_A_NAME.match(who.lower()) or _NOT_IN_NAME.search(who) or re.search(r"[0-9]", who) or _ALL_NUMERALS.fullmatch(who):
        return None
    return Creditor(who, "other", (start, end), who)


# Names that only say what kind of loan it is: right after a lender's name they are that lender's loan.
_KIND_NAMES = frozenset({"Student loan", "Personal loan", "Car loan", "Mortgage", "Payday loan", "房贷", "车贷", "网贷",
                         "消费贷", "助学贷款"})


def creditor_starts(prepared: str, max_count: int = 10) -> list[int]:
    """Where each distinct creditor is named (in order)."""
    starts: list[int] = []
    names: list[str] = []
    generic_at: list[int] = []
    position = previous_end = 0
    for _ in range(3 * max_count):  # bounded: a message of 500 "花呗" is not 500 debts
        if position >= len(prepared) or len(starts) > max_count:
            break
        found = find_creditor(prepared[position:], after_creditor=bool(starts or generic_at))
        if found is None:
            break
        start = position + found.span[0]
        gap = prepared[previous_end:start].strip()
        if starts and (gap == "的" or found.name in _KIND_NAMES and gap in ("", "的")):
            # "SoFi personal loan", "navient student loan", "招联的好期贷": a product of the lender just named.
            position, previous_end = start + max(found.span[1] - found.span[0], 1), start + found.span[1] - found.span[0]
            continue
        previous_start, previous_end = (starts[-1] if starts else 0), start + found.span[1] - found.span[0]
        generic = found.name in ("信用卡", "Credit card")  # "招行…尾号1234信用卡", "2 cards: Chase…": not a creditor of its own
        if generic and starts and "信用卡" not in names and _sum_between(prepared, previous_start, start):
            # "房租两万跟卡费八千", "花呗6000 借呗1万2 信用卡两万": the creditor before has its sum; the card is a debt too
            names.append(found.name)
            starts.append(start)
        elif generic:
            generic_at.append(start)
        elif found.name not in names:
            names.append(found.name)
            starts.append(start)
        position = position + max(found.span[1], 1)
    if not starts:
        return generic_at[:1]
    return starts


def _sum_between(prepared: str, start: int, end: int) -> bool:
    """Tell whether a sum of money is said between two creditors (the first one's own amount)."""
    # Imported when needed: the amount reader brings the time parser, which reading a creditor alone does not need.
    from bot.nlu.amount import find_amount

    return find_amount(prepared[start:end]) is not None
