"""A fifth, small set written after the fourth round's parser changes, to see how far they carry to wording they
were not fitted on: new lenders' nicknames, other dialect and slang, other SMS shapes, other partial payments and
other money that is not the user's debt. Its writer had read the parsers, so it is less independent than sets 1–4;
it was measured once and the parsers were not changed for it (docs/benchmarks.md, "B6 held-out set 4"). Same
format and clock as ``understanding_corpus`` (Wed 2 Dec 2026, 09:00 Shanghai); a field to be asked is None.
"""

from __future__ import annotations

from bench.understanding_corpus import Case, _debt, _pay

D = "debt"
P = "payment"
N = ("none",)

HELD_OUT_5: list[Case] = [
    # Chinese debts
    ("呗呗还欠一千二 这个月十五", "zh", (D, [_debt("花呗", "1200", "2026-12-15")])),
    ("我在分期乐上面还有两千多没还", "zh", (D, [_debt("分期乐", None, None)])),
    ("网商贷这期一千零八十，二十号扣款", "zh", (D, [_debt("网商贷", "1080", "2026-12-20")])),
    ("欠老王三千块 他说元旦前给他就行", "zh", (D, [_debt("老王", "3000", None)])),
    ("借呗8k，下下周一", "zh", (D, [_debt("借呗", "8000", "2026-12-14")])),
    ("京东白条逾期四天 待还326.5", "zh", (D, [_debt("京东白条", "326.5", "2026-11-28", "2026-11-28")])),
    ("微粒贷三笔加起来一万五 每月8号", "zh", (D, [_debt("微粒贷", "15000", "2026-12-08")])),
    ("度小满 ¥2,400 12/18到期", "zh", (D, [_debt("度小满", "2400", "2026-12-18")])),
    ("同事那500周五发工资还他", "zh", (D, [_debt("同事", "500", "2026-12-04")])),
    ("花呗6000 借呗1万2 信用卡两万 都月底前", "zh",
     (D, [_debt("花呗", "6000", "2026-12-31"), _debt("借呗", "12000", "2026-12-31"), _debt("信用卡", "20000", "2026-12-31")])),
    # Chinese payments
    ("花呗今天先还了1500，剩下的下个月", "zh", (P, [_pay("花呗", "1500")])),
    ("借呗自动扣款了2180", "zh", (P, [_pay("借呗", "2180")])),
    ("给老王转了1000，还差2000", "zh", (P, [_pay("老王", "1000")])),
    ("白条本月账单还清了", "zh", (P, [_pay("白条", None)])),
    ("【京东金融】您的白条已成功还款500.00元", "zh", (P, [_pay("白条", "500.00")])),
    # Chinese: not a debt of the user's
    ("对方说交2000工本费就能撤销逾期记录", "zh", N),
    ("表哥欠我两万说过年还", "zh", N),
    ("打算月底把白条一次还完", "zh", N),
    ("花呗额度被降到500了", "zh", N),
    ("信用卡逾期三天有影响吗", "zh", N),
    # 繁體 / 粤语
    ("信用卡簽帳金額NT$8,888 本期繳款截止日12/25", "zh", (D, [_debt("信用卡", "8888", "2026-12-25")])),
    ("DBS張卡欠成萬二，下禮拜五到期", "zh", (D, [_debt("星展银行信用卡", "12000", "2026-12-11")])),
    ("仲欠阿June五百蚊", "zh", (D, [_debt("阿June", "500", None)])),
    ("卡數琴日已經找咗三千", "zh", (P, [_pay("信用卡", "3000")])),
    ("我朋友問我借咗一千", "zh", N),
    # English
    ("owe amex like 2 grand, due the 20th", "en", (D, [_debt("Amex credit card", None, "2026-12-20")])),
    ("capital one venture $780 minimum $35 due 12/22", "en",
     (D, [_debt("Capital One credit card", "780", "2026-12-22", minimum="35")])),
    ("borrowed 300 from my aunt, pay her back by the 10th", "en", (D, [_debt("my aunt", "300", "2026-12-10")])),
    ("Affirm 4 payments of $62.50, first one due Dec 9", "en",
     (D, [_debt("Affirm", "250", "2026-12-09", count=4, each="62.50")])),
    ("discover is 45 days past due, owe $1,320", "en", (D, [_debt("Discover credit card", "1320", "2026-10-18", "2026-10-18")])),
    ("so anxious rn, klarna $90 due tomorrow", "en", (D, [_debt("Klarna", "90", "2026-12-03")])),
    ("paid citi 250 and discover 100 this morning", "en", (P, [_pay("citi", "250"), _pay("discover", "100")])),
    ("finally paid off my car loan!!", "en", (P, [_pay("car loan", None, True)])),
    ("autopay took $35 from my checking for chase", "en", (P, [_pay("chase", "35")])),
    ("made the minimum payment on my Apple Card", "en", (P, [_pay("Apple Card", None)])),
    ("thinking about paying chase $400 on friday", "en", N),
    ("my ex owes me $800", "en", N),
    ("Your Klarna purchase of $120 at Nike is confirmed", "en", N),
    ("is 600 too much to pay on a 2k balance?", "en", N),
    ("IRS says I need to pay in gift cards, is that normal", "en", N),
]
