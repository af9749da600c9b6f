"""A corpus of debt, payment and other messages in people's own wording, with what each one means.

Half Chinese, half English: colloquial, with typos, traditional characters, several debts or payments in one
message, overdue dates, instalments, and the messages that must be neither a debt nor a payment (questions,
worries, plans, notice boilerplate, money owed to the user, credit limits, purchases, small talk).

The expected values are written from the slots the messages are built from, never from the parser. The clock is
fixed: Wednesday 2 December 2026, 09:00 in Shanghai (``NOW``).

Each case is ``(text, lang, expected)``; ``expected`` is:
- ``("none",)``: neither a payment nor a new debt;
- ``("payment", [(creditor or None, amount or None, full), ...])``;
- ``("debt", [{field: value}, ...])`` with fields ``creditor`` (display name, or None = must be asked), ``amount``,
  ``due`` (ISO date, None = must be asked, "ask-past" = the past reading must be asked about), ``overdue``
  (ISO date or None), and, when the message says them, ``minimum``, ``statement``, ``count``, ``each``.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, a Wednesday
TODAY = date(2026, 12, 2)

Case = tuple[str, str, tuple[Any, ...]]

# --- slots -----------------------------------------------------------------------------------------------------

ZH_CREDITORS = [("花呗", "花呗"), ("借呗", "借呗"), ("白条", "京东白条"), ("京东白条", "京东白条"), ("招行信用卡", "招商银行信用卡"),
                ("建行信用卡", "建设银行信用卡"), ("美团月付", "美团月付"), ("微粒贷", "微粒贷"), ("网商贷", "网商贷"),
                ("度小满", "度小满"), ("分期乐", "分期乐"), ("浦发信用卡", "浦发银行信用卡"), ("工行信用卡", "工商银行信用卡"),
                ("广发卡", "广发银行信用卡"), ("抖音月付", "抖音月付")]
ZH_AMOUNTS = [("3000", "3000"), ("3000元", "3000"), ("2380.5", "2380.5"), ("1.2万", "12000"), ("两万", "20000"),
              ("5千", "5000"), ("八百", "800"), ("¥4,500", "4500"), ("1500块", "1500"), ("6800", "6800"),
              ("三千五", "3500"), ("999", "999"), ("12000", "12000"), ("四千", "4000"), ("2万3", "23000")]
ZH_DUES = [("12月10号", "2026-12-10"), ("12月10日", "2026-12-10"), ("10号", "2026-12-10"), ("下月5号", "2027-01-05"),
           ("12月25号", "2026-12-25"), ("15号", "2026-12-15"), ("下个月3号", "2027-01-03"), ("1月8号", "2027-01-08"),
           ("12月31日", "2026-12-31"), ("这个月20号", "2026-12-20"), ("本月18号", "2026-12-18"), ("下周五", "2026-12-11")]
ZH_PAST = [("11月28号", "2026-11-28"), ("11月20号", "2026-11-20"), ("11月15日", "2026-11-15"), ("10月30号", "2026-10-30"),
           ("11月1号", "2026-11-01"), ("11月25日", "2026-11-25")]
ZH_FAR_PAST = [("9月15号", "2026-09-15"), ("8月20号", "2026-08-20"), ("7月1号", "2026-07-01"), ("9月30日", "2026-09-30")]
EN_CREDITORS = [("Chase", "Chase credit card"), ("Citi", "Citi credit card"), ("Amex", "Amex credit card"),
                ("Capital One", "Capital One credit card"), ("Discover", "Discover credit card"),
                ("my Visa", "Visa credit card"), ("Barclaycard", "Barclaycard credit card"), ("Klarna", "Klarna"),
                ("Afterpay", "Afterpay"), ("my car loan", "Car loan"), ("my student loan", "Student loan"),
                ("PayPal Credit", "PayPal Credit"), ("Wells Fargo", "Wells Fargo credit card"),
                ("the Chase card", "Chase credit card"), ("HSBC", "HSBC credit card")]
EN_AMOUNTS = [("$1,200", "1200"), ("$500", "500"), ("$2,380.50", "2380.50"), ("$3k", "3000"), ("$45", "45"),
              ("$980", "980"), ("$12,000", "12000"), ("$700", "700"), ("$1,050", "1050"), ("$260", "260"),
              ("$5,400", "5400"), ("$89.99", "89.99")]
EN_DUES = [("Dec 10", "2026-12-10"), ("December 10th", "2026-12-10"), ("the 10th", "2026-12-10"),
           ("Jan 5", "2027-01-05"), ("Dec 25", "2026-12-25"), ("the 15th", "2026-12-15"), ("next Friday", "2026-12-11"),
           ("12/20", "2026-12-20"), ("Dec 31", "2026-12-31"), ("January 8", "2027-01-08"), ("the 20th", "2026-12-20")]
EN_PAST = [("Nov 28", "2026-11-28"), ("November 20", "2026-11-20"), ("Nov 15", "2026-11-15"), ("Oct 30", "2026-10-30"),
           ("Nov 1", "2026-11-01"), ("November 25th", "2026-11-25")]
EN_FAR_PAST = [("Sep 15", "2026-09-15"), ("August 20", "2026-08-20"), ("July 1", "2026-07-01"), ("Sept 30", "2026-09-30")]


_DISTINCT_ZH = [c for c in ZH_CREDITORS[:10] if c[0] != "白条"]  # one name per creditor, for several in a message


def _debt(creditor: str | None, amount: str | None, due: str | None, overdue: str | None = None,
          **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"creditor": creditor, "amount": None if amount is None else Decimal(amount),
                              "due": due, "overdue": overdue}
    for key, value in extra.items():
        fields[key] = Decimal(value) if key in ("minimum", "each") else value
    return fields


def _pay(creditor: str | None, amount: str | None, full: bool = False) -> tuple[str | None, Decimal | None, bool]:
    return creditor, None if amount is None else Decimal(amount), full


def _to_traditional(text: str) -> str:
    return text.translate(str.maketrans("还号欠个账单钱块万两贷银现", "還號欠個賬單錢塊萬兩貸銀現"))


# --- Chinese --------------------------------------------------------------------------------------------------


def chinese(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    single = ["{c}欠了{a}，{d}要还", "{c}{a} {d}还", "我{c}还欠{a}，{d}前要还", "{c}账单{a}，{d}到期", "欠{c}{a}，{d}还款",
              "{c}待还{a}，最后还款日{d}", "{d}要还{c}{a}", "记一下：{c} {a}，{d}", "{c}这期{a}，{d}之前还",
              "帮我记下{c}欠款{a}，{d}还", "{c}还有{a}没还，{d}到期", "{c}要还{a}，{d}"]
    for n in range(110):
        (c, cn), (a, av), (d, dv) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS), rng.choice(ZH_DUES)
        text = single[n % len(single)].format(c=c, a=a, d=d)
        if n % 9 == 4 and d.endswith("号") and text.count(d) == 1 and (d + "还") in text:
            text = text.replace(d + "还", d[:-1] + "好还")  # input-method typo: 好 for 号
        if n % 7 == 3:
            text = _to_traditional(text)
        cases.append((text, "zh", ("debt", [_debt(cn, av, dv)])))
    overdue = ["{c}{a}，{p}到期的，已经逾期了", "{c}{a} {p}就该还了，逾期了", "{c}欠{a}，{p}到期，一直没还上", "{c} {a} 逾期了，{p}到期的",
               "{p}的{c}{a}还没还，已经过了还款日"]
    for n in range(30):
        (c, cn), (a, av), (p, pv) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS), rng.choice(ZH_PAST)
        cases.append((overdue[n % len(overdue)].format(c=c, a=a, p=p), "zh", ("debt", [_debt(cn, av, pv, pv)])))
    for n in range(10):
        (c, cn), (a, av), (p, pv) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS), rng.choice(ZH_PAST[:4])
        cases.append((f"{c}{a}，{p}到期" if n % 2 else f"{c} {p}到期 {a}", "zh", ("debt", [_debt(cn, av, pv, pv)])))
    for n in range(8):
        (c, cn), (a, av), (p, _) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS), rng.choice(ZH_FAR_PAST)
        cases.append((f"{c}{a} {p}到期" if n % 2 else f"{c}欠{a}，{p}还款", "zh", ("debt", [_debt(cn, av, "ask-past")])))
    for n in range(6):
        (c, cn), (a, av) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        late = date.fromordinal(TODAY.toordinal() - (n + 2)).isoformat()
        cases.append((f"{c}{a}已经逾期{n + 2}天了", "zh", ("debt", [_debt(cn, av, late, late)])))
    periods = [("{c}12月账单{a}，10号还", "2026-12-10"), ("本月{c}账单{a}，15号前还", "2026-12-15"),
               ("这个月{c}要还{a}，20号", "2026-12-20"), ("上个月的账单{a}，{c}，10号还款", "2026-12-10"),
               ("{c}这个月账单{a} 10好还", "2026-12-10"), ("{c}12月的账单{a}元，25号到期", "2026-12-25")]
    for n in range(18):
        (c, cn), (a, av) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        template, due = periods[n % len(periods)]
        cases.append((template.format(c=c, a=a), "zh", ("debt", [_debt(cn, av, due)])))
    for n in range(6):
        (c, cn), (a, av) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        cases.append(((f"{c}12月账单{a}", f"{c}下个月要还{a}")[n % 2], "zh", ("debt", [_debt(cn, av, None)])))
    cards = [("招行信用卡", "招商银行信用卡"), ("建行信用卡", "建设银行信用卡"), ("浦发信用卡", "浦发银行信用卡"), ("工行信用卡", "工商银行信用卡")]
    for n in range(12):
        (c, cn), s, d = rng.choice(cards), rng.choice([3, 5, 8, 12]), rng.choice([15, 20, 23, 28])
        a, m = rng.choice([("5000", "500"), ("8600", "860"), ("12000", "1200"), ("3200", "320")])
        text = (f"{c}账单{a}，最低还款{m}，账单日{s}号，还款日{d}号" if n % 2
                else f"{c}欠{a}，账单日每月{s}号，还款日{d}号，最低还{m}")
        cases.append((text, "zh", ("debt", [_debt(cn, a, f"2026-12-{d:02d}", minimum=m, statement=s)])))
    for n in range(16):
        (c, cn), count, each = rng.choice(ZH_CREDITORS[:12]), rng.choice([3, 6, 12, 24]), rng.choice(["500", "1050", "380"])
        total = str(Decimal(each) * count)
        if n % 3 == 0:
            cases.append((f"{c}分了{count}期，每期{each}，每月10号还", "zh",
                          ("debt", [_debt(cn, total, "2026-12-10", count=count, each=each)])))
        elif n % 3 == 1:
            cases.append((f"{c}还剩{count}期每期{each}", "zh", ("debt", [_debt(cn, total, None, count=count, each=each)])))
        else:
            cases.append((f"{c}办了{count}期分期，一期{each}，每月8号扣", "zh",
                          ("debt", [_debt(cn, total, "2026-12-08", count=count, each=each)])))
    for n in range(14):
        (c1, n1), (c2, n2) = rng.sample(_DISTINCT_ZH, 2)
        (a1, v1), (a2, v2), (d, dv) = rng.choice(ZH_AMOUNTS), rng.choice(ZH_AMOUNTS), rng.choice(ZH_DUES[:6])
        if n % 2:
            text = f"{c1}{a1}，{c2}{a2}，都是{d}还"
            expected = [_debt(n1, v1, dv), _debt(n2, v2, dv)]
        else:
            (d2, dv2) = rng.choice(ZH_DUES[:6])
            text = f"{c1}欠{a1} {d}还，{c2}欠{a2} {d2}还"
            expected = [_debt(n1, v1, dv), _debt(n2, v2, dv2)]
        cases.append((text, "zh", ("debt", expected)))
    for _n in range(4):
        a, b, c = rng.sample(_DISTINCT_ZH, 3)
        cases.append((f"{a[0]}3000，{b[0]}2000，{c[0]}500，都是15号还", "zh",
                      ("debt", [_debt(a[1], "3000", "2026-12-15"), _debt(b[1], "2000", "2026-12-15"),
                                _debt(c[1], "500", "2026-12-15")])))
    for n in range(8):
        (c, cn), (a, av) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        cases.append(((f"{c}欠了{a}", f"能不能帮我记一下{c}{a}")[n % 2], "zh", ("debt", [_debt(cn, av, None)])))
    for _n in range(4):
        (a, av), (d, dv) = rng.choice(ZH_AMOUNTS), rng.choice(ZH_DUES)
        cases.append((f"欠了{a}，{d}要还", "zh", ("debt", [_debt(None, av, dv)])))
    # Payments.
    paid = ["{c}还了{a}", "刚还了{c}{a}", "{c}已还{a}", "昨天{c}还了{a}", "{c}今天还了{a}", "还了{c}{a}", "{c}刚刚还上{a}",
            "{c}丐了{a}", "已经把{c}还了{a}"]
    for n in range(40):
        (c, cn), (a, av) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        text = paid[n % len(paid)].format(c=c, a=a)
        if n % 6 == 5:
            text = _to_traditional(text)
        cases.append((text, "zh", ("payment", [_pay(c, av)])))
    for n in range(10):
        (c, _) = rng.choice(ZH_CREDITORS)
        cases.append(((f"{c}还清了", f"今天把{c}全部还完了", f"{c}结清了")[n % 3], "zh", ("payment", [_pay(c, None, True)])))
    for _n in range(10):
        (c1, _), (c2, _) = rng.sample(_DISTINCT_ZH, 2)
        (a1, v1), (a2, v2) = rng.choice(ZH_AMOUNTS), rng.choice(ZH_AMOUNTS)
        cases.append((f"{c1}还了{a1}，{c2}还了{a2}", "zh", ("payment", [_pay(c1, v1), _pay(c2, v2)])))
    for n in range(6):
        (a, av) = rng.choice(ZH_AMOUNTS)
        cases.append(((f"还了{a}", f"刚还了{a}", f"今天还了{a}")[n % 3], "zh", ("payment", [_pay(None, av)])))
    # Neither a debt nor a payment.
    none = ["逾期{a}会上征信吗", "{c}逾期了怎么办", "交{a}就能洗白吗", "有公司说花{a}能帮我洗白征信", "{c}最低还款是多少",
            "{c}{a}，明天就该还了，好慌", "{c}明天就该还了", "下周还{c}", "发了工资就还{c}", "如已还款请忽略", "若您已还款，请忽略此短信",
            "小王欠我{a}", "借给朋友{a}", "{c}额度{a}", "买了个手机{a}", "今天花了{a}吃饭", "你好", "谢谢", "{c}还不上了怎么办",
            "{c}还没还", "我想下个月再还{c}", "{c}可以分期吗", "欠了{a}还不上，压力好大", "{c}额度两万，可用{a}", "工资{a}"]
    # A worry said with a debt is answered first and the debt's card follows: these two state a debt.
    worry_with_debt = {"{c}{a}，明天就该还了，好慌": "2026-12-03", "欠了{a}还不上，压力好大": None}
    for n in range(75):
        (c, c_name), (a, a_value) = rng.choice(ZH_CREDITORS), rng.choice(ZH_AMOUNTS)
        template = none[n % len(none)]
        text = template.format(c=c, a=a)
        if n % 8 == 7:
            text = _to_traditional(text)
        if template in worry_with_debt:
            creditor = c_name if "{c}" in template else None
            cases.append((text, "zh", ("debt", [_debt(creditor, a_value, worry_with_debt[template])])))
            continue
        cases.append((text, "zh", ("none",)))
    sms = [("【招商银行】您尾号1234的信用卡本期账单5230元，最低还款523元，还款日12月10日。如已还款请忽略。", "招商银行信用卡", "5230", "2026-12-10", "523"),
           ("【建设银行】尊敬的客户，您的信用卡本期应还3280.50元，最低还款328.05元，到期还款日12月18日，若已还款请忽略此短信。", "建设银行信用卡", "3280.50", "2026-12-18", "328.05")]
    for text, creditor, amount, due, minimum in sms:
        cases.append((text, "zh", ("debt", [_debt(creditor, amount, due, minimum=minimum)])))
    return cases


# --- English -------------------------------------------------------------------------------------------------------


def english(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    single = ["I owe {c} {a}, due {d}", "{c} {a} due {d}", "{c} bill is {a}, due {d}", "owe {c} {a} by {d}",
              "{c}: {a}, payment due {d}", "need to track {c}, {a}, due {d}", "got a {c} balance of {a} due {d}",
              "add {c} {a} due {d}", "{c} {a}, have to pay it by {d}", "{c} statement {a} due on {d}",
              "still owe {c} {a} due {d}", "{c} - {a} - due {d}"]
    for n in range(110):
        (c, cn), (a, av), (d, dv) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS), rng.choice(EN_DUES)
        text = single[n % len(single)].format(c=c, a=a, d=d)
        if n % 5 == 2:
            text = text.lower()
        cases.append((text, "en", ("debt", [_debt(cn, av, dv)])))
    overdue = ["{c} {a} due {p}, it's already overdue", "{c} {a} was due {p}, I missed it", "{c} {a}, {p}, now past due",
               "I'm late on {c}: {a} due {p}", "{c} {a} overdue since {p}"]
    for n in range(30):
        (c, cn), (a, av), (p, pv) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS), rng.choice(EN_PAST)
        cases.append((overdue[n % len(overdue)].format(c=c, a=a, p=p), "en", ("debt", [_debt(cn, av, pv, pv)])))
    for _n in range(10):
        (c, cn), (a, av), (p, pv) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS), rng.choice(EN_PAST[:4])
        cases.append((f"{c} {a} due {p}", "en", ("debt", [_debt(cn, av, pv, pv)])))
    for _n in range(8):
        (c, cn), (a, av), (p, _) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS), rng.choice(EN_FAR_PAST)
        cases.append((f"{c} {a} due {p}", "en", ("debt", [_debt(cn, av, "ask-past")])))
    for n in range(6):
        (c, cn), (a, av) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        late = date.fromordinal(TODAY.toordinal() - (n + 2)).isoformat()
        cases.append((f"{c} {a}, {n + 2} days overdue", "en", ("debt", [_debt(cn, av, late, late)])))
    periods = [("this month's {c} bill {a} due the 10th", "2026-12-10"), ("{c} December statement {a}, due the 15th", "2026-12-15"),
               ("{c} {a} by Dec 20", "2026-12-20"), ("{c} bill for this month is {a}, due on the 20th", "2026-12-20"),
               ("last month's {c} statement {a}, due the 10th", "2026-12-10"), ("{c} {a} due by December 18", "2026-12-18")]
    for n in range(18):
        (c, cn), (a, av) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        template, due = periods[n % len(periods)]
        cases.append((template.format(c=c, a=a), "en", ("debt", [_debt(cn, av, due)])))
    for n in range(6):
        (c, cn), (a, av) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        cases.append(((f"{c} {a} due in December", f"{c} December bill {a}")[n % 2], "en", ("debt", [_debt(cn, av, None)])))
    cards = [("Chase", "Chase credit card"), ("Citi", "Citi credit card"), ("Amex", "Amex credit card"), ("Discover", "Discover credit card")]
    for n in range(12):
        (c, cn), s, d = rng.choice(cards), rng.choice([3, 5, 8, 12]), rng.choice([15, 20, 23, 28])
        a, m = rng.choice([("$2,000", "40"), ("$860", "35"), ("$5,200", "104"), ("$1,300", "30")])
        amount = a.replace("$", "").replace(",", "")
        text = (f"{c} {a}, minimum payment ${m}, statement date the {s}th, due the {d}th" if n % 2
                else f"{c} balance {a}, min payment ${m}, due the {d}th, statement closes on the {s}th")
        cases.append((text, "en", ("debt", [_debt(cn, amount, f"2026-12-{d:02d}", minimum=m, statement=s)])))
    loans = [("my car loan", "Car loan"), ("Affirm", "Affirm"), ("my student loan", "Student loan"), ("Klarna", "Klarna")]
    for n in range(16):
        (c, cn), count, each = rng.choice(loans), rng.choice([3, 6, 12, 24]), rng.choice(["350", "120", "89"])
        total = str(Decimal(each) * count)
        if n % 3 == 0:
            text, due = f"{c} ${each} a month for {count} months, due the 5th", "2026-12-05"
        elif n % 3 == 1:
            text, due = f"{c}: {count} more payments of ${each}", None
        else:
            text, due = f"{c}, ${each}/month, {count} payments left, due the 12th", "2026-12-12"
        cases.append((text, "en", ("debt", [_debt(cn, total, due, count=count, each=each)])))
    for n in range(14):
        (c1, n1), (c2, n2) = rng.sample(EN_CREDITORS[:9], 2)
        (a1, v1), (a2, v2), (d, dv) = rng.choice(EN_AMOUNTS), rng.choice(EN_AMOUNTS), rng.choice(EN_DUES[:6])
        if n % 2:
            text = f"{c1} {a1} and {c2} {a2}, both due {d}"
            expected = [_debt(n1, v1, dv), _debt(n2, v2, dv)]
        else:
            (d2, dv2) = rng.choice(EN_DUES[:6])
            text = f"I owe {c1} {a1} due {d} and {c2} {a2} due {d2}"
            expected = [_debt(n1, v1, dv), _debt(n2, v2, dv2)]
        cases.append((text, "en", ("debt", expected)))
    for _n in range(4):
        a, b, c = rng.sample(EN_CREDITORS[:6], 3)
        cases.append((f"{a[0]} $300, {b[0]} $200, {c[0]} $50, all due the 15th", "en",
                      ("debt", [_debt(a[1], "300", "2026-12-15"), _debt(b[1], "200", "2026-12-15"),
                                _debt(c[1], "50", "2026-12-15")])))
    for n in range(8):
        (c, cn), (a, av) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        cases.append(((f"I owe {c} {a}", f"can you add {c} {a}?")[n % 2], "en", ("debt", [_debt(cn, av, None)])))
    for _n in range(4):
        (a, av), (d, dv) = rng.choice(EN_AMOUNTS), rng.choice(EN_DUES)
        cases.append((f"I owe {a}, due {d}", "en", ("debt", [_debt(None, av, dv)])))
    # Payments.
    paid = ["paid {a} on {c}", "just paid {c} {a}", "I paid {a} to {c} yesterday", "paid {c} {a} this morning",
            "made a payment of {a} on {c}", "already paid {a} toward {c}", "Paid {a} {c}", "sent {c} {a} today, paid",
            "repaid {a} on {c}"]
    for n in range(40):
        (c, _), (a, av) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        text = paid[n % len(paid)].format(c=c, a=a)
        said = c.replace("my ", "").replace("the ", "").replace(" card", "")
        cases.append((text, "en", ("payment", [_pay(said, av)])))
    for n in range(10):
        (c, _) = rng.choice(EN_CREDITORS)
        said = c.replace("my ", "").replace("the ", "").replace(" card", "")
        cases.append(((f"paid off {c}", f"I paid {c} in full", f"just cleared {c}")[n % 3], "en",
                      ("payment", [_pay(said, None, True)])))
    for _n in range(10):
        (c1, _), (c2, _) = rng.sample([("Chase", 0), ("Citi", 0), ("Amex", 0), ("Discover", 0), ("Klarna", 0)], 2)
        (a1, v1), (a2, v2) = rng.choice(EN_AMOUNTS), rng.choice(EN_AMOUNTS)
        cases.append((f"paid {a1} on {c1} and {a2} on {c2}", "en", ("payment", [_pay(c1, v1), _pay(c2, v2)])))
    for n in range(6):
        (a, av) = rng.choice(EN_AMOUNTS)
        cases.append(((f"paid {a}", f"just paid {a}", f"I paid {a} today")[n % 3], "en", ("payment", [_pay(None, av)])))
    none = ["will pay tomorrow", "I'll pay {c} next week", "need to pay {c} {a} tomorrow, so stressed, can't sleep",
            "If you have already paid, please ignore this message.", "if paid, please ignore", "haven't paid {c} yet",
            "how long does a late payment stay on my credit report?", "someone said they can clean up my credit for {a}",
            "can I pay {c} in instalments?", "what happens if I miss {c}?", "Tom owes me {a}", "I lent my brother {a}",
            "{c} credit limit is {a}", "spent {a} on groceries", "bought a new phone for {a}", "hi", "thanks",
            "I'm going to pay {c} on Friday", "gonna pay it off next month", "is it true a company can remove late payments for {a}?",
            "I have {a} in my checking account", "what's the minimum on {c}?", "I can't pay {c} this month", "hello",
            "should I pay {c} or {c} first?"]
    worry_with_debt = "need to pay {c} {a} tomorrow, so stressed, can't sleep"  # answered, then the debt's card
    for n in range(75):
        (c, c_name), (a, a_value) = rng.choice(EN_CREDITORS), rng.choice(EN_AMOUNTS)
        if none[n % len(none)] == worry_with_debt:
            cases.append((worry_with_debt.format(c=c, a=a), "en", ("debt", [_debt(c_name, a_value, "2026-12-03")])))
            continue
        cases.append((none[n % len(none)].format(c=c, a=a), "en", ("none",)))
    notices = [("Chase: your statement balance of $1,240.16 is due Dec 14. Minimum payment $35. If you've already paid, please disregard.",
                "Chase credit card", "1240.16", "2026-12-14", "35"),
               ("Citi: Payment of $420.00 is due on 12/18. If you have already paid, please ignore this message.",
                "Citi credit card", "420.00", "2026-12-18", None)]
    for text, creditor, amount, due, minimum in notices:
        extra = {"minimum": minimum} if minimum else {}
        cases.append((text, "en", ("debt", [_debt(creditor, amount, due, **extra)])))
    return cases


def corpus() -> list[Case]:
    """Every case, Chinese then English (deterministic)."""
    return chinese(random.Random(13)) + english(random.Random(31))
