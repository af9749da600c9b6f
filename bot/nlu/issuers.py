"""Who sent a bill notice: the lenders and card issuers people get notices from, by every name they sign with.

A notice names its sender in a bracket (【招商银行】, [花呗]), in its text (您的京东白条…), or in an English
prefix ("Chase: …", "your Citi card"). These tables turn any of those into the one name the user sees and the
bot matches saved debts on. An issuer not in the tables is still read from the bracket or the English
"your X card" phrase, so a city bank or a new lender is named as it signs.
"""

from __future__ import annotations

import re

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.numerals import alternation

# Products and lenders that are not card issuers: (display name, kind). The product wins over the bank or
# platform that sends the notice (微粒贷 comes from 微众银行, 花呗 from 支付宝).
PRODUCTS: dict[str, tuple[str, str]] = {
    "蚂蚁花呗": ("花呗", "huabei"), "花呗": ("花呗", "huabei"), "huabei": ("花呗", "huabei"),
    "蚂蚁借呗": ("借呗", "jiebei"), "借呗": ("借呗", "jiebei"), "jiebei": ("借呗", "jiebei"),
    "京东白条": ("京东白条", "baitiao"), "白条": ("京东白条", "baitiao"), "京东金条": ("京东金条", "loan"),
    "金条": ("京东金条", "loan"), "美团月付": ("美团月付", "meituan"), "美团借钱": ("美团借钱", "loan"),
    "美团生活费": ("美团借钱", "loan"), "抖音月付": ("抖音月付", "douyin"), "放心借": ("抖音放心借", "loan"),
    "美团": ("美团月付", "meituan"), "抖音": ("抖音月付", "douyin"), "京东": ("京东白条", "baitiao"),
    "微粒贷": ("微粒贷", "weilidai"), "微业贷": ("微业贷", "loan"), "招联好期贷": ("招联金融", "loan"),
    "好期贷": ("招联金融", "loan"), "招联消费金融": ("招联金融", "loan"), "招联金融": ("招联金融", "loan"),
    "招联": ("招联金融", "loan"), "网商贷": ("网商贷", "loan"), "度小满": ("度小满", "loan"),
    "有钱花": ("度小满", "loan"), "360借条": ("360借条", "loan"), "奇富借条": ("360借条", "loan"),
    "分期乐": ("分期乐", "loan"), "安逸花": ("安逸花", "loan"), "马上消费": ("马上消费金融", "loan"),
    "平安普惠": ("平安普惠", "loan"), "任性付": ("苏宁任性付", "loan"), "拿去花": ("携程拿去花", "loan"),
    "唯品花": ("唯品花", "loan"), "小米随星借": ("小米随星借", "loan"), "云闪付": ("云闪付", "other"),
    "还呗": ("还呗", "loan"), "拍拍贷": ("拍拍贷", "loan"), "信用飞": ("信用飞", "loan"), "你我贷": ("你我贷", "loan"),
    "宜人贷": ("宜人贷", "loan"), "捷信": ("捷信", "loan"), "借呗分期": ("借呗", "jiebei"),
    "建行快贷": ("建设银行快贷", "loan"), "快贷": ("建设银行快贷", "loan"), "融e借": ("工商银行融e借", "loan"),
    "闪电贷": ("招商银行闪电贷", "loan"), "网捷贷": ("农业银行网捷贷", "loan"), "新一贷": ("平安银行新一贷", "loan"),
    "微信分付": ("微信分付", "fenfu"), "分付": ("微信分付", "fenfu"),
    "klarna": ("Klarna", "other"), "afterpay": ("Afterpay", "other"), "affirm": ("Affirm", "other"),
    "paypal credit": ("PayPal Credit", "other"),
}
# Short names and full names of Chinese banks → the name people know the bank by.
BANKS: dict[str, str] = {
    "招商银行": "招商银行", "招行": "招商银行", "掌上生活": "招商银行", "中国工商银行": "工商银行", "工商银行": "工商银行",
    "工行": "工商银行", "中国建设银行": "建设银行", "建设银行": "建设银行", "建行": "建设银行", "中国农业银行": "农业银行",
    "农业银行": "农业银行", "农行": "农业银行", "中国银行": "中国银行", "中行": "中国银行", "交通银行": "交通银行",
    "交行": "交通银行", "买单吧": "交通银行", "中国邮政储蓄银行": "邮储银行", "邮政储蓄银行": "邮储银行", "邮储银行": "邮储银行",
    "邮储": "邮储银行", "中信银行": "中信银行", "中信": "中信银行", "动卡空间": "中信银行", "中国光大银行": "光大银行",
    "光大银行": "光大银行", "光大": "光大银行", "中国民生银行": "民生银行", "民生银行": "民生银行", "民生": "民生银行",
    "上海浦东发展银行": "浦发银行", "浦发银行": "浦发银行", "浦发": "浦发银行", "兴业银行": "兴业银行", "兴业": "兴业银行",
    "广发银行": "广发银行", "广发": "广发银行", "发现精彩": "广发银行", "平安银行": "平安银行", "华夏银行": "华夏银行",
    "华夏": "华夏银行", "北京银行": "北京银行", "上海银行": "上海银行", "浙商银行": "浙商银行", "渤海银行": "渤海银行",
    "恒丰银行": "恒丰银行", "微众银行": "微众银行", "网商银行": "网商银行", "百信银行": "百信银行",
    "汇丰银行": "汇丰银行", "汇丰": "汇丰银行", "渣打银行": "渣打银行", "渣打": "渣打银行", "花旗银行": "花旗银行",
    "花旗": "花旗银行", "东亚银行": "东亚银行", "恒生银行": "恒生银行", "星展银行": "星展银行", "中银香港": "中银香港",
    "中国信托": "中国信托", "国泰世华": "国泰世华银行", "玉山银行": "玉山银行", "台新银行": "台新银行",
}
_BANK_RE = lazy_compile(alternation(BANKS))
# Any other bank by its own name: 宁波银行, 重庆农村商业银行, 长沙银行 … (2–8 characters before 银行).
_CITY_BANK_RE = lazy_compile(r"([\u4e00-\u9fff]{2,10}?(?:农村商业银行|农商银行|农商行|村镇银行|银行))")
_LEADING_WORDS = lazy_compile(r"^(?:尊敬的|您的|您在|您于|您|贵|的|在|自|向|于|请|本|通过|使用)+")
_PRODUCT_RE = lazy_compile(rf"(?<![a-z])(?:{alternation(PRODUCTS)})(?![a-z])")
_FINANCE_CO_RE = lazy_compile(r"([\u4e00-\u9fff]{2,8}?(?:消费金融|金融|小额贷款|小贷))(?:有限)?(?:股份)?(?:公司)?")
_BRACKET_RE = lazy_compile(r"[【\[](?P<name>[^】\]\n]{2,16})[】\]]")

BANKS_EN: dict[str, str] = {
    "chase": "Chase", "american express": "American Express", "amex": "American Express", "citibank": "Citi",
    "citi": "Citi", "capital one": "Capital One", "discover": "Discover", "wells fargo": "Wells Fargo",
    "bank of america": "Bank of America", "barclaycard": "Barclaycard", "barclays": "Barclays", "hsbc": "HSBC",
    "monzo": "Monzo", "lloyds": "Lloyds", "natwest": "NatWest", "santander": "Santander", "u.s. bank": "US Bank",
    "us bank": "US Bank", "synchrony": "Synchrony", "apple card": "Apple Card", "nationwide": "Nationwide",
    "dbs": "DBS", "posb": "POSB", "ocbc": "OCBC", "uob": "UOB", "standard chartered": "Standard Chartered",
    "hang seng": "Hang Seng", "anz": "ANZ", "westpac": "Westpac", "commbank": "CommBank",
    "commonwealth bank": "CommBank", "nab": "NAB", "rbc": "RBC", "td bank": "TD", "scotiabank": "Scotiabank",
    "bmo": "BMO", "cibc": "CIBC", "icici": "ICICI Bank", "hdfc": "HDFC Bank", "sbi card": "SBI Card",
    "axis bank": "Axis Bank", "kotak": "Kotak", "revolut": "Revolut", "marcus": "Marcus", "pnc": "PNC",
    "citizens": "Citizens", "navy federal": "Navy Federal", "halifax": "Halifax", "mbna": "MBNA",
    "tesco bank": "Tesco Bank", "virgin money": "Virgin Money", "credit one": "Credit One", "mission lane": "Mission Lane",
    "bilt": "Bilt", "bank of china": "Bank of China", "icbc": "ICBC", "china merchants bank": "China Merchants Bank",
    "cmb": "China Merchants Bank", "maybank": "Maybank", "cimb": "CIMB", "bpi": "BPI", "bdo": "BDO",
}
# Banks of one dollar country: their "$" is that country's dollar (CommBank's $50 is A$50). Banks present in several
# dollar countries (TD, BMO, HSBC, Citi…) are not listed: their "$" stays unsettled by the sender.
_HOME_DOLLAR = {"ANZ": "AUD", "Westpac": "AUD", "CommBank": "AUD", "NAB": "AUD", "RBC": "CAD", "Scotiabank": "CAD",
                "CIBC": "CAD", "DBS": "SGD", "POSB": "SGD", "OCBC": "SGD", "UOB": "SGD"}
_BANK_EN_RE = lazy_compile(rf"(?<![a-z])(?:{alternation(BANKS_EN)})(?![a-z])")
# "Your Acme Rewards Card statement", "ACME BANK: payment due" — read from the original casing.
_EN_YOUR_RE = lazy_compile(r"\b[Yy]our\s+(?P<name>[A-Z][\w&'.]*(?:\s+[A-Z][\w&'.]*){0,3}?)\s+(?:[Cc]redit\s+)?(?:[Cc]ard|[Aa]ccount|[Ll]oan|[Ss]tatement)\b")
_EN_PREFIX_RE = lazy_compile(r"^\s*(?P<name>[A-Z][\w&'.]*(?:\s+[A-Z][\w&'.]*){0,3})\s*[:：-]\s")
_EN_NOT_NAMES = {"Your", "Dear", "Reminder", "Alert", "Payment", "Statement", "Credit", "Card", "Account", "Total",
                 "Due", "The", "This", "Hi", "Hello", "Notice", "Important", "Minimum", "New", "Urgent", "Final",
                 "Subject", "From", "Re", "Fwd", "Fw", "Balance", "Amount", "Autopay", "Bill", "Monthly"}
# "From: Zilch <hello@zilch.com>": a forwarded e-mail names its sender before the address.
_EN_FROM_RE = lazy_compile(r"^\s*[Ff](?:rom|ROM)\s*[:：]\s*(?P<name>[A-Z][\w&'.]*(?:\s+[A-Z][\w&'.]*){0,3}?)\s*<")
# A bank by its short name where it signs or names its card: "恒生：閣下…", "您的平安信用卡" (平安 alone is also an
# insurer and a lender, so it is taken as the bank only in these two places, and only when 平安银行 is a bank we know).
_ZH_SIGNATURE_RE = lazy_compile(r"^\s*(?P<name>[\u4e00-\u9fff]{2,6}?)(?:银行|銀行)?(?:提示|提醒|通知)?\s?[:：]")
_ZH_CARD_OF_RE = lazy_compile(r"(?:您|你|阁下|閣下)(?:的|之)?(?P<name>[\u4e00-\u9fff]{2,4}?)(?:银行|銀行)?信用卡")
_LOAN_WORDS = lazy_compile(r"贷款|借款|月供|房贷|车贷|[\u4e00-\u9fffa-z]{1,3}贷(?!记)|loan|mortgage|\bemi\b")


def find_issuer(prepared: str, original: str) -> tuple[str, str, tuple[int, int]] | None:
    """Return (display name, kind, span) of who the notice is from or about, or None when no one is named.

    ``prepared`` is the normalised text, ``original`` the text as received (English names keep their case).
    """
    bracket = _BRACKET_RE.search(prepared)
    products = list(_PRODUCT_RE.finditer(prepared))
    # The sender's bracket names the company (【马上消费金融】); the text names the product owed (安逸花).
    outside = [p for p in products if bracket is None or not bracket.start() <= p.start() < bracket.end()]
    product = outside[0] if outside else products[0] if products else None
    bank = _BANK_RE.search(prepared)
    if product is not None and product.group(0) in _PLATFORMS and (bank is not None or len(products) > 1):
        # 美团, 抖音, 京东 alone name a platform: a bank's card or a named product in the same notice is meant.
        named = [p for p in products if p.group(0) not in _PLATFORMS]
        product = named[0] if named else None
    sender_finance = _FINANCE_CO_RE.search(bracket.group("name")) if bracket else None
    if bracket is not None and sender_finance is not None and "消费金融" in sender_finance.group(1) and not products:
        start = bracket.start("name") + sender_finance.start(1)
        return sender_finance.group(1), "loan", (start, start + len(sender_finance.group(1)))
    # A card notice a bank signs (【招商银行】…信用卡…) is the bank's card, whatever product a later line names ("花呗还有
    # 2000没还" typed under it); a lender's bracket (【花呗】…从招商银行信用卡扣款) keeps its product.
    signed_by_bank = bracket is not None and bank is not None and bracket.start() <= bank.start() < bracket.end()
    card_of_bank = bank is not None and "信用卡" in prepared and (product is None or product.group(0) in _BANKISH
                                                                or signed_by_bank and product.start() > bank.start())
    if product is not None and not card_of_bank:
        name, kind = PRODUCTS[product.group(0)]
        return name, kind, product.span()
    if bank is not None:
        return _bank_name(BANKS[bank.group(0)], prepared), _bank_kind(prepared), bank.span()
    short = _short_bank(prepared)
    if short is not None:
        return _bank_name(short[0], prepared), _bank_kind(prepared), short[1]
    city = _CITY_BANK_RE.search(bracket.group("name")) if bracket else None
    if bracket is not None and city is not None:
        start = bracket.start("name") + city.start(1)
        return _bank_name(city.group(1), prepared), _bank_kind(prepared), (start, start + len(city.group(1)))
    finance = _FINANCE_CO_RE.search(bracket.group("name")) if bracket else None
    if bracket is not None and finance is not None:
        start = bracket.start("name") + finance.start(1)
        return finance.group(1), "loan", (start, start + len(finance.group(1)))
    in_text = _CITY_BANK_RE.search(prepared)
    if in_text is not None:
        lead = _LEADING_WORDS.match(in_text.group(1))
        name = in_text.group(1)[lead.end() if lead else 0:]
        if len(name) >= 4:
            start = in_text.end(1) - len(name)
            return _bank_name(name, prepared), _bank_kind(prepared), (start, in_text.end(1))
    finance = _FINANCE_CO_RE.search(prepared)
    if finance is not None and not finance.group(1).startswith(("您", "请", "本")):
        return finance.group(1), "loan", finance.span(1)
    english = _BANK_EN_RE.search(prepared)
    if english is not None:
        return _english_name(BANKS_EN[english.group(0)], prepared), _bank_kind(prepared), english.span()
    if bracket is not None and not _is_generic_bracket(bracket.group("name")):
        return bracket.group("name").strip(), "other", bracket.span("name")
    for pattern in (_EN_FROM_RE, _EN_PREFIX_RE, _EN_YOUR_RE):
        found = pattern.search(original[:len(prepared)])
        if found is not None and found.group("name").split()[0] not in _EN_NOT_NAMES:
            name, kind = _unknown_english_name(found.group("name").strip(), prepared)
            return name, kind, found.span("name")
    # "信用卡" alone (a notice signed only "信用卡中心") names a kind, not a lender: no name is made up, and the bot
    # asks which bank (``kind_only``).
    return None


def kind_only(prepared: str) -> str | None:
    """The kind of debt a notice that names no issuer is about ("信用卡中心": a credit card of some bank), or None."""
    return "credit_card" if "信用卡" in prepared or re.search(r"credit\s*card", prepared) else None


# Products whose name a bank's own card notice may mention in passing ("可用京东白条还款" is rare; these are
# the bank-run loan products, which a card bill from the same bank does name).
_PLATFORMS = {"美团", "抖音", "京东"}
_BANKISH = {"快贷", "融e借", "闪电贷", "网捷贷", "新易贷", "建行快贷"}
# Brackets that name a kind of message or a department, not who sent it: 【信用卡中心】 could be any bank's.
_GENERIC_BRACKETS = lazy_compile(r"^(?:温馨提示|重要提示|提醒|通知|账单提醒|还款提醒|逾期提醒|催收|提示|公告|服务通知|系统通知"
                               r"|信用卡|信用卡中心|信用卡客服|信用卡服务|客服|客服中心|银行|账单|账单通知|还款通知|借款提醒)$")


def _short_bank(prepared: str) -> tuple[str, tuple[int, int]] | None:
    """A bank named by its short name at the notice's start ("恒生：") or before 信用卡 ("您的平安信用卡"), when the
    short name plus 银行 is a bank in the table; a name we do not know there is not guessed at."""
    for pattern in (_ZH_SIGNATURE_RE, _ZH_CARD_OF_RE):
        found = pattern.search(prepared)
        if found is None:
            continue
        name = found.group("name")
        bank = BANKS.get(name) or BANKS.get(name + "银行")
        # "平安：" may sign for 平安银行 or for 平安普惠: a short name that begins a lender's name too is the bank only
        # before 信用卡, which only the bank issues.
        shared = any(p.startswith(name) and p != name for p in PRODUCTS)
        if bank is not None and (pattern is _ZH_CARD_OF_RE or not shared):
            return bank, found.span("name")
    return None


def home_dollar(prepared: str) -> str | None:
    """The dollar a bare "$" means in a notice from a bank of one dollar country, or None."""
    english = _BANK_EN_RE.search(prepared)
    return _HOME_DOLLAR.get(BANKS_EN[english.group(0)]) if english is not None else None


def _is_generic_bracket(name: str) -> bool:
    """A kind of message, a department, or no name at all ("[1/2]", a long SMS's part number)."""
    return _GENERIC_BRACKETS.match(name.strip()) is not None or re.search(r"[a-z\u4e00-\u9fff]", name) is None


def _bank_kind(prepared: str) -> str:
    return "loan" if _LOAN_WORDS.search(prepared) and "信用卡" not in prepared else "credit_card"


def _bank_name(bank: str, prepared: str) -> str:
    """A bank's notice is about its credit card unless it speaks of a loan."""
    if _bank_kind(prepared) == "loan":
        return bank + "贷款"
    return bank + "信用卡"


def _unknown_english_name(name: str, prepared: str) -> tuple[str, str]:
    """A sender not in the tables is named as it signs; it is called a card only when the notice speaks of a card or
    a statement (a pay-later instalment is neither), a loan only when it speaks of one."""
    if re.search(r"\bcard\b|statement", prepared):
        return f"{name} credit card", "credit_card"
    if _LOAN_WORDS.search(prepared):
        return f"{name} loan", "loan"
    return name, "other"


def _english_name(bank: str, prepared: str) -> str:
    if _LOAN_WORDS.search(prepared) and not re.search(r"credit\s*card|\bcard\b", prepared):
        return f"{bank} loan"
    return f"{bank} credit card"
