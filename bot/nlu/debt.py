"""``parse_debt`` and ``parse_debts``: debt statements ("花呗欠了3000，每月10号还") as drafts with what is missing.

``parse_debt`` reads the fields of one statement (it is also how the dialogue reads answers). ``parse_debts``
first decides whether the message states new debts at all (not a question, a payment, a worry, a purchase or
money owed to the user), then cuts it at each creditor and reads every debt it states.

Beyond creditor, amount and due date a statement may give: a minimum payment ("最低还款500"), a statement day
("账单日5号", distinct from the due day), instalments ("分12期每期500" → ¥6,000 over 12 periods) and a due date
already past ("11月28号到期的，已经逾期了" → overdue since 28 Nov, never moved to next year). A credit limit
(额度) or an account balance is never the amount owed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.nlu.amount import find_amount
from bot.nlu.calendar_math import clamp_day, ensure_aware, shift_month
from bot.nlu.creditor import creditor_starts, find_creditor, home_currency
from bot.nlu.hedges import alternative_between, approximately, doubted_value, hedge_near
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import detect_language, has_cjk, normalize
from bot.nlu.questions import detect_distress, is_question
from bot.nlu.rates import find_rates
from bot.nlu.recurrence import Recurrence
from bot.nlu.results import DebtDraft, ParsedAmount, ParsedTime
from bot.nlu.signals import (
    CREDIT_WORDS,
    DELETE,
    FEE_ASKED,
    HEARSAY,
    MUTE,
    NOT_OWED_FEE,
    OVERDUE,
    OWE_STATED,
    OWED_TO_ME,
    PAYOFF_PLAN,
    PLAN_EN,
    PURCHASE,
    RECORD_REQUEST,
    mentions_plan,
)
from bot.nlu.time_parser import TimeScan, scan_times_and_token_spans
from bot.nlu.typos import fix_typos

MAX_PER_MESSAGE = 10  # debts (or payments) read from one message; more is a paste, not a statement
RECENT_PAST_DAYS = 60  # a bare date this far back, for a debt, is a missed due date, not next year's
_DAY = r"([0-9]{1,2}|[一二三四五六七八九十]{1,3}|二十[一二三四五六七八九]?|三十一?)"
_STATEMENT_ZH = lazy_compile(rf"(?:账单日|出账日|账单日期)(?:是|为|在)?\s{{0,2}}(?:每月)?\s{{0,2}}{_DAY}\s{{0,2}}[号日]?")
_STATEMENT_EN = lazy_compile(r"\bstatement\s+(?:date|day|closes|cuts)(?:\s+(?:is|on))?\s+(?:the\s+)?([0-9]{1,2})(?:st|nd|rd|th)?\b")
_DUE_DAY_ZH = lazy_compile(rf"(?:还款日|最后还款日|到期日)(?:是|为|在)?\s{{0,2}}(?:每月)?\s{{0,2}}{_DAY}\s{{0,2}}[号日]")
_MINIMUM_ZH = lazy_compile(r"最低(?:还款|应还|应缴|还|缴)?(?:额|金额)?(?:是|为|要还|:)?\s{0,2}")
_MINIMUM_EN = lazy_compile(r"\bmin(?:imum)?(?:\s+(?:payment|due|amount|pmt))?(?:\s+(?:is|was|of|due))?[:\s]\s{0,2}")
# The label after the amount: "$640 minimum to bring it current", "35 min due".
# A sum of several debts: "一共", "加起来", "in total", "combined".
_TOTAL = lazy_compile(r"一共|总共|總共|加起来|加起來|合计|合計|总计|總計|加一起|\bin\s+total\b|\bcombined\b|\baltogether\b"
                      r"|\btotal\s+of\b|\bbetween\s+(?:them|the\s+two|both)\b")
_MINIMUM_AFTER_EN = lazy_compile(r"\bmin(?:imum|\.)?\b")
# Amounts that are not owed: a credit limit, what is available, an account balance, income.
_NOT_OWED_LEAD = lazy_compile(
    r"(?:卡里|账户里?|钱包里?|手上|手里|身上)(?:只|就|还)?(?:剩|有)下?\s{0,2}|提额(?:到|至|了)?\s{0,2}|额度(?:提|涨|升|调)(?:到|至|了)\s{0,2}|\bmaxed(?:\s+out)?\s+at\s{0,2}|(?:信用额度|可用额度|总额度|临时额度|额度|可用|账户余额|卡里余额|卡里有|余额|存款|工资|收入|月薪)(?:是|为|有|还有|只有|:)?\s{0,2}"
    r"|只能还\s{0,2}|只还得起\s{0,2}|\b(?:can|could)\s+(?:only\s+)?(?:pay|afford)\s{0,2}"  # what can be paid, not what is owed
    r"|\b(?:credit\s+limit|limit|available(?:\s+credit)?|savings|checking|income|salary|i\s+earn|i\s+make|i\s+have)"
    r"(?:\s+(?:is|of|was))?\s{0,2}"
)
_NOT_OWED_TAIL = lazy_compile(r"的?额度|的余额|\s(?:credit\s+)?limit\b|\savailable\b|\sin\s+(?:my\s+)?(?:bank|account|savings|checking)")
_PER_PERIOD_ZH = lazy_compile(r"(?:每期|每个月|每月|一期|一个月|月供)(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[号日])?(?:还款?|要还|是|为|:)?\s{0,2}")
_PER_PERIOD_EN = lazy_compile(
    r"(?:\ba|\bper|/|\beach)\s{0,2}(?:month|mo)\b|\bmonthly\b|\bpayments?\s+of\s+|\binstall?ments?\s+of\s+"
    r"|\b(?:payments?|install?ments?)\s+(?:left\s+|remaining\s+)?(?:at|of)\s+"
)
_COUNT_ZH = lazy_compile(r"(?:分了?|办了?|做了?|还剩|剩下?|剩余|还有|还差|共|一共|总共)?\s{0,2}([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s{0,2}期")
_MONTHS_LEFT_ZH = lazy_compile(r"(?:还剩|剩下?|剩余|还有|还要还|还得还)\s{0,2}([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s{0,2}个月")
_COUNT_EN = lazy_compile(
    r"\bfor\s+(?:another\s+)?([0-9]{1,3})\s+(?:more\s+)?months\b|\b([0-9]{1,3})\s+(?:more\s+)?(?:monthly\s+)?(?:payments|install?ments)\b"
    r"|\b([0-9]{1,3})\s+(?:more\s+months|months?\s+(?:left|remaining|to\s+go))\b"
)
# "…, 2 left" counts payments only beside words of instalments, and never a sum ("$75 left").
_LEFT_EN = lazy_compile(r"(?<![$£€¥.,0-9])\b([0-9]{1,3})\s+(?:more\s+)?(?:payments?\s+|install?ments?\s+)?(?:left|remaining|to\s+go)\b")
_INSTALMENT_WORDS_EN = lazy_compile(r"\b(?:payments?|install?ments?)\s+of\b")
# A rule needs an anchor (a day, a weekday): "每个月还" or "every two weeks" alone does not say which day.
_ANCHOR = lazy_compile(
    r"[0-9]{1,2}(?!\s{0,2}(?:weeks?|months?|days?|个?星期|个?礼拜|周|个月|天))|号|日|周[一二三四五六日天末]|星期|礼拜|月底|月末|月初|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:first|last|end)\b"
)
# How long it has been late, when no date is given: "逾期了三天", "逾期一周", "逾期两个月", "overdue by 10 days",
# "5 days late", "overdue 3 weeks", "2 months behind". The unit is read apart (``_late_for``).
_LATE_N = r"([0-9]{1,3}|[一二两三四五六七八九十半]{1,3})"
_LATE_UNIT_ZH = r"(天|个?星期|个?礼拜|周|个月)"
_LATE_UNIT_EN = r"(days?|weeks?|months?)"
_LATE_FOR = lazy_compile(
    rf"(?:逾期|超期|拖欠|晚了|拖了|过了|过期|overdue)了?\s{{0,2}}{_LATE_N}\s{{0,2}}{_LATE_UNIT_ZH}"
    rf"|{_LATE_N}\s{{0,2}}{_LATE_UNIT_ZH}(?:了)?(?:没还|逾期)"
    rf"|\b(?:overdue|late|past\s+due|behind)\s+(?:by\s+)?([0-9]{{1,3}}|an?|one|two|three|four|five|six)\s+{_LATE_UNIT_EN}\b"
    rf"|\b([0-9]{{1,3}}|an?|one|two|three|four|five|six)\s+{_LATE_UNIT_EN}\s+(?:overdue|late|past\s+due|behind)\b"
)
_EN_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_SEPARATORS = lazy_compile(r"[，;；。!！\n]|[,.](?![0-9])|\s+(?:and|plus|also)\s+|还有|另外|以及|和|跟")
_OWING = lazy_compile(r"欠|借了|贷款|逾期|账单|帐单|待还|要缴|应缴|需缴|须缴|卡费|\bowe|\bborrowed|\bloan\b|\boverdue|\bbill\b|\bdue\b|\bbalance\b")
_OWING_ANY = lazy_compile(r"欠|借|贷|逾期|账单|待还|应还|要还|得还|该还|还款|到期|分期|每个?月还|月供|一笔|/\s?mo(?:nth)?\b|\bper\s+month\b|\bowe|\bborrow|\bloan|\bdue\b|\bbill|\boverdue|\bpay")
# Before the Spring Festival ("过年前", "春节前", "年前") or New Year's Day ("元旦前"): a deadline said loosely,
# read as a day only to be asked.
_BEFORE_NEW_YEAR = lazy_compile(r"(?:过年|春节|农历新?年|中国新年|大年|元旦)(?:之|以)?前|(?<![0-9一二两三四五六七八九十今明后去前大每])年前")
_PART_OF_MONTH = lazy_compile(r"月初|月中|上旬|中旬|下旬|\bearly\b|\bmid\b|\bmid-")
_KIND_WORDS = frozenset({"网贷", "信用卡", "Credit card"})  # creditor names that only say what kind of debt
_RESPECTIVELY = lazy_compile(r"分别|各自|\brespectively\b")
# "两千来块" (northern speech: some two thousand) is about as much, too.
_APPROXIMATE = lazy_compile(r"\s{0,2}多(?!少)|\s{0,2}\+|\s{0,2}出头|\s{0,2}来(?=[块塊元钱錢]|$)|\s{0,2}-ish|\s+or\s+so\b")
# "两万多", "2000+", and two numbers run together as a range ("两三千", "七八万"): an amount said, not exactly.
_ROUGH_AMOUNT = lazy_compile(r"[0-9一二两三四五六七八九十百千万]\s{0,2}多(?!少)|[0-9]\s{0,2}\+"
                           r"|(?:一二|两三|二三|三四|四五|五六|六七|七八|八九)\s{0,2}[十百千万]")
_LOOKUP = lazy_compile(r"查|多少|几号|哪天|看看|\bhow\s+much\b|\bcheck\b")
_VAGUE_LATER = lazy_compile(r"\b(?:payday|later|soon|someday|when\s+i\s+(?:get\s+paid|can)|next\s+paycheck)\b")
_NOT_YET = lazy_compile(r"没还|还没|未还|haven'?t|have\s+not|not\s+yet|didn'?t|can'?t\s+pay")
_LIMIT_ONLY = lazy_compile(r"额度|余额|可用|\blimit\b|\bavailable\b|\bbalance\s+in\b|\bsavings\b|\bchecking\b")
_SHARED = lazy_compile(r"都是|都在|都|均|\bboth\b|\beach\b|\ball\b")
_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EXPLICIT_YEAR = lazy_compile(r"[0-9]{4}|年|\byear\b")
_NAMED_MONTH = lazy_compile(r"月|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_NUMERIC_DATE = lazy_compile(r"[0-9]{1,2}/[0-9]{1,2}")
# Saying a debt is not paid yet; unlike 逾期/overdue it does not make a bare day one gone by.
_STILL_UNPAID = lazy_compile(r"还没还|没还上|未还|没有还|\bhaven'?t\s+(?:yet\s+)?paid\b|\bstill\s+unpaid\b|\bunpaid\b")
# A payment set up to be made ("Your autopay of $35.00 is scheduled for 12/15") or credit only approved ("approved
# for a $5,000 loan", "放款成功"): nothing new is owed by what the message says.
_NOT_A_NEW_DEBT = lazy_compile(
    r"\b(?:autopay|automatic\s+payment|scheduled\s+payment)\b.{0,40}?\bscheduled\b|\bis\s+scheduled\s+for\b"
    r"|预约还款|\b(?:pre-?)?approved\s+for\b|放款成功|已放款"
)
# A count of cards, loans or lenders is not an amount: "6 cards maxed out", "三张卡", "5笔网贷".
_COUNT_OF_THINGS = lazy_compile(
    r"\b[0-9]{1,2}\s+(?:credit\s+)?(?:cards|loans|debts|accounts|lenders|people|apps)\b"
    r"|[0-9一二两三四五六七八九十]{1,3}\s{0,2}(?:张(?:信用)?卡|笔|个平台|家平台|个网贷)"
    r"|[0-9]{1,4}\s{0,2}多?\s{0,2}(?:天|个月|个星期|个礼拜)"  # "逾期100多天": how long, not how much
)
_ANOTHER_DEBT = lazy_compile(r"\banother\s+(?=[$£€¥]?[0-9])|(?:还有|另外|另)一笔(?=\s{0,2}[0-9¥$一二两三四五六七八九十])")
# Latin words beside Chinese ones: a date may be said in either language.
_MIXED = lazy_compile(r"[a-z]{3,}")
_CJK_CHAR = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# "next (one) due the 10th", "first one due Dec 9", "next one on the 10th": which instalment the date is of.
_NEXT_INSTALMENT = lazy_compile(r"\b(?:next|first)(?:\s+(?:one|payment|instal+ment))?\b(?=\s+(?:is\s+)?(?:due|on)\b)")
_WEEKDAY = lazy_compile(r"周[一二三四五六日天]|星期|礼拜|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_RELATIVE = lazy_compile(r"下|明|后|\bnext\b|\btomorrow\b|\bafter\b")


def parse_debts(text: str, *, now: datetime, lang: str | None = None, beside_worry: bool = False) -> list[DebtDraft]:
    """Return every new debt the message states, or ``[]`` when it states none (a payment, a question, distress,
    a purchase, money owed to the user, a credit limit alone).

    ``beside_worry``: the worry in the message ("催收天天打电话", "压力好大") has been answered already, so the debt
    said beside it is read too; words of crisis still give ``[]`` (a crisis is answered alone).
    """
    now = ensure_aware(now)
    lang = detect_language(text, lang)
    fixed = fix_typos(text)
    prepared = normalize(fixed)
    if not _states_a_debt(fixed, prepared, lang, beside_worry):
        return []
    if beside_worry and FEE_ASKED.search(prepared):
        return []  # "网上说交888能解除逾期", "律所说要先交3000": money asked for a service, not a debt
    drafts: list[DebtDraft] = []
    for start, end in _debt_segments(prepared)[:MAX_PER_MESSAGE]:
        draft = parse_debt(fixed[start:end], now, lang)
        if draft is not None and (draft.amount is not None or draft.amount_problem or draft.instalment_count):
            drafts.append(draft)
        elif draft is not None and drafts and draft.creditor is None:
            drafts[-1] = _fill(drafts[-1], draft)
        elif draft is not None and draft.creditor is not None:
            drafts.append(draft)
    drafts = [d for d in drafts if d.creditor is not None or d.amount_problem or _OWING_ANY.search(prepared)]
    if len(drafts) > 1 and any(d.amount is not None for d in drafts):
        # "网贷逾期被爆通讯录了，欠分期乐3000": a kind of debt named in passing, beside the lender that carries the
        # amount, is not a debt of its own.
        drafts = [d for d in drafts if not (d.creditor in _KIND_WORDS and d.amount is None and d.due is None
                                            and not d.amount_hedged and not d.instalment_count)]
    if len(drafts) > 1 and _RESPECTIVELY.search(prepared):
        drafts = _respectively(fixed, prepared, drafts, lang)
    if len(drafts) > 1 and _TOTAL.search(prepared) and sum(d.amount is not None for d in drafts) == 1:
        # "花呗和借呗一共欠了8000", "chase and amex 5k combined": one sum for all of them is no one debt's amount;
        # each card asks its own.
        drafts = [replace(d, amount=None, amount_hedged=d.amount is not None or d.amount_hedged,
                          missing=tuple(dict.fromkeys((*d.missing, "amount")))) for d in drafts]
    if len(drafts) > 1 and _SHARED.search(prepared):
        # "花呗3000借呗2000，都是10号还": a due date said once for all of them.
        due = next((d for d in reversed(drafts) if d.due is not None), None)
        if due is not None:
            drafts = [d if d.due is not None else _fill(d, due) for d in drafts]
    if len(drafts) == 1 and drafts[0].amount is None and not drafts[0].amount_problem and not drafts[0].instalment_count:
        # A creditor alone is a debt only when the message says something is owed ("欠花呗的钱", "I owe Tom");
        # "下周还花呗", "haven't paid Amex yet", a limit alone ("额度2万") are not new debts.
        # "两万多", "大概五千": an amount was said, only not exactly
        rough = _ROUGH_AMOUNT.search(prepared) is not None or drafts[0].amount_hedged
        if drafts[0].creditor in _KIND_WORDS and drafts[0].due is None and not drafts[0].overdue_since:
            return []  # "网贷…总共欠了七八万": a kind of debt and a rough total is an overview, not one debt to card
        if not rough and (_LIMIT_ONLY.search(prepared) or not _OWING.search(prepared) or mentions_plan(prepared)
                          or _NOT_YET.search(prepared) or _LOOKUP.search(prepared)):
            return []
    if beside_worry and not all(d.amount is not None or d.amount_hedged or d.instalment_count for d in drafts):
        return []  # "信用卡逾期了，银行天天打电话": the worry is answered; a card without an amount would only interrupt
    return drafts


def _states_a_debt(fixed: str, prepared: str, lang: str, beside_worry: bool = False) -> bool:
    distress = detect_distress(fixed)
    if distress == "crisis" or (distress is not None and not beside_worry):
        return False
    if is_question(fixed, lang) and not RECORD_REQUEST.search(prepared):
        return False
    if _NOT_A_NEW_DEBT.search(prepared):
        return False
    if OWED_TO_ME.search(prepared) or HEARSAY.search(prepared) or DELETE.search(prepared) or MUTE.search(prepared):
        return False
    if NOT_OWED_FEE.search(prepared):
        return False  # "请缴纳888元会员费激活额度", "pay $299 to unlock my loan": a fee asked, not a debt
    if PAYOFF_PLAN.search(prepared) and not OWE_STATED.search(prepared):
        return False  # "我下个月打算把花呗3000还清": a plan to pay (answered as a plan), not a new debt
    if PURCHASE.search(prepared) and find_creditor(fixed) is None and not CREDIT_WORDS.search(prepared):
        return False
    if lang == "en" and PLAN_EN.search(prepared) and _VAGUE_LATER.search(prepared) and not _OWING.search(prepared):
        return False  # "gonna pay visa 200 on payday": a plan, not a statement of what is owed
    from bot.nlu.payment import reports_payment  # the payment module reads debts' words too

    return not reports_payment(prepared)


def _debt_segments(prepared: str) -> list[tuple[int, int]]:
    """Cut the message where a second creditor starts: one piece per debt (a single piece for one debt)."""
    starts = creditor_starts(prepared)
    if starts:
        # "Chase $900 due the 15th, another 3k due mid jan", "还有一笔5000月底还": a debt of its own, creditor asked.
        starts = sorted(set(starts) | {m.start() for m in _ANOTHER_DEBT.finditer(prepared) if m.start() > starts[0]})
    if len(starts) < 2:
        return [(0, len(prepared))]
    cuts = [0]
    for position in starts[1:]:
        # Cut at the separator just before the creditor when there is one close by, else right at the creditor.
        window = prepared[max(cuts[-1], position - 4):position]
        found = list(_SEPARATORS.finditer(window))
        cut = position - len(window) + found[-1].start() if found else position
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(prepared))
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if prepared[a:b].strip(" ,，;；.。")]



def _respectively(text: str, prepared: str, drafts: list[DebtDraft], lang: str) -> list[DebtDraft]:
    """"花呗和借呗分别欠3000和5000": the amounts, in order, go to the creditors, in order (only when they pair up)."""
    from bot.nlu.time_parser import time_token_spans

    blocked = list(time_token_spans(text, lang))
    amounts = []
    for _ in range(len(drafts) + 1):
        found = find_amount(text, lang, skip=blocked)
        if found is None:
            break
        blocked.append(found.span)
        amounts.append(found)
    if len(amounts) != len(drafts) or any(a.value is None for a in amounts):
        return drafts
    amounts.sort(key=lambda a: a.span[0])
    return [replace(d, amount=a.value, currency=a.currency, missing=_missing(d.creditor, a.value, d.due))
            for d, a in zip(drafts, amounts, strict=True)]


def _fill(draft: DebtDraft, other: DebtDraft) -> DebtDraft:
    """Fill the draft's unknown fields from another piece of the same message."""
    values = {name: getattr(other, name) for name in ("due", "minimum", "statement_day", "overdue_since",
                                                      "past_alternative", "daily_rate", "annual_rate")
              if getattr(draft, name) is None and getattr(other, name) is not None}
    if draft.creditor is None and other.creditor is not None:
        values.update(creditor=other.creditor, creditor_kind=other.creditor_kind)
    merged = replace(draft, **values)
    return replace(merged, missing=_missing(merged.creditor, merged.amount, merged.due))


def parse_debt(text: str, now: datetime, lang: str | None = None) -> DebtDraft | None:
    """Return what the text says about one debt, or None when it names neither an amount nor a creditor."""
    now = ensure_aware(now)
    lang = detect_language(text, lang)
    text = fix_typos(text)
    prepared = normalize(text)
    creditor = find_creditor(text)
    rates = find_rates(text)
    statement_day, statement_span = _statement_day(prepared)
    # Words inside a rate ("daily rate 0.05%", "月息") or a statement day are not a due date.
    scans, token_spans = scan_times_and_token_spans(text, now, lang)
    if not scans and _MIXED.search(prepared) and has_cjk(text):
        # "owe 花呗 2000 by end of the month", "Amex 账单 $2,340 the 21st": the date is in the other language.
        # Chinese characters become spaces (offsets stay the user's) so the English reader reads the rest.
        latin_only = _CJK_CHAR.sub(" ", text)
        scans, token_spans = scan_times_and_token_spans(latin_only, now, "en")
    blocked = list(rates.spans) + ([statement_span] if statement_span else [])
    times = anchor_rules(prepared, [t for t in scans if not _overlaps(t, tuple(blocked))])
    time_spans = [s.parsed.span for s in times if s.parsed] + [s.impossible_span for s in times if s.impossible_span]
    skip = time_spans + ([creditor.span] if creditor else []) + blocked
    minimum = _amount_after(text, prepared, (_MINIMUM_ZH, _MINIMUM_EN), skip, lang) or _amount_before(
        text, prepared, _MINIMUM_AFTER_EN, skip, lang)
    if minimum is not None:
        skip.append(minimum.span)
    per_period = _amount_after(text, prepared, (_PER_PERIOD_ZH,), skip, lang) or _per_period_en(
        text, prepared, skip, lang)
    count, count_span = _instalment_count(prepared)
    if per_period is not None and count is not None:
        skip.append(per_period.span)
    if count_span is not None:
        skip.append(count_span)
    skip += _not_owed_spans(text, prepared, lang)
    skip += [m.span() for m in _COUNT_OF_THINGS.finditer(prepared)]
    amount = find_amount(text, lang, skip=skip, time_spans=token_spans)
    approximate = amount is not None and amount.value is not None and bool(_APPROXIMATE.match(prepared, amount.span[1]))
    if approximate:
        amount = None  # "两万多", "三千出头": more than 20,000 is not 20,000; ask how much
    hedge = hedge_near(prepared, amount.span) if amount is not None and amount.value is not None else ""
    hedged = approximate or amount is not None and amount.value is not None and bool(
        hedge or "amount" in _doubted(prepared, amount.span, times))
    # "大概五千", "about $2,000": one value said roughly, offered back when the amount is asked ("6000还是7000",
    # "more than 2000" are not one value).
    said_roughly = amount.value if hedged and amount is not None and (not hedge or approximately(hedge)) else None
    if hedged:
        amount = None  # "大概五千", "6000还是7000", "about $2,000": not what is owed for sure; ask how much
    if amount is None and per_period is not None and count is None and not approximate:
        amount = per_period  # "每月还500" with no count: the amount said is what there is
        if per_period.value is not None and hedge_near(prepared, per_period.span):
            amount, hedged = None, True  # "每月还3000左右"
    if amount is None and creditor is None and not (per_period and count):
        return None
    due, due_problem = choose_due(times, now)
    if due is not None and due.grain == "year" and due.recurrence is None:
        due, due_problem = None, None  # "说好明年还": a year names no day; the day is asked
    late_for = None if due is not None else _late_for(prepared, now)
    due = _due_day_rule(prepared, late_for or due, now,
                        statement_day is not None or creditor is not None and creditor.kind == "credit_card")
    overdue_since, past_alternative = None, None
    if late_for is not None:
        overdue_since = late_for.at.date()  # "逾期了三天": late since that many days back, said outright
    elif due is not None and due_problem != "past":
        due, overdue_since, past_alternative = _past_reading(text, due, now, lang)
    elif due is not None and due_problem == "past" and due.grain == "day":
        overdue_since = due.at.date()
    instalment_amount, instalment_count, total = _instalments(per_period, count, amount)
    if due is not None and not due.confident:
        used = skip[len(time_spans):] + ([amount.span] if amount is not None else [])  # not the date's own span
        # "/month", "每月", "next (one) due": words of the instalments, not of the date
        used += [m.span() for m in _PER_PERIOD_EN.finditer(prepared)] + [m.span() for m in _PER_PERIOD_ZH.finditer(prepared)]
        used += [m.span() for m in _NEXT_INSTALMENT.finditer(prepared)]
        if _explained(prepared, normalize(due.leftover), used):
            due = replace(due, confident=True, leftover="")  # "for 24 months" is the instalments, not the date
    if due is not None:  # also when already unsure: the hedge says better than a bare leftover ("or") what is asked
        due = with_doubt(text, prepared, due, times, amount.span if amount is not None else None)
    if total is not None and due is not None and due.recurrence is None and instalment_count:
        due = _monthly(due)  # instalments fall due every month on the same day
    value = total if total is not None else (amount.value if amount else None)
    said = amount or per_period
    home = home_currency(creditor.name if creditor else None)
    if said is not None and (said.explicit or home is None):
        currency = said.currency
    else:
        currency = home or ("USD" if "$" in text else "CNY")  # "台新卡費15,800": NT$, not ¥
    currency_said = said.explicit if said else "$" in text
    return DebtDraft(
        creditor=creditor.name if creditor else None,
        creditor_kind=creditor.kind if creditor else None,
        amount=value,
        currency=currency,
        due=due,
        missing=_missing(creditor.name if creditor else None, value, due),
        amount_problem=amount.problem if amount and total is None else None,
        due_problem=due_problem,
        daily_rate=rates.daily,
        annual_rate=rates.annual,
        unclear_rate=rates.unclear,
        overdue_since=overdue_since,
        past_alternative=past_alternative,
        minimum=minimum.value if minimum and not hedge_near(prepared, minimum.span) else None,  # "最低大概800": asked
        statement_day=statement_day,
        instalment_amount=instalment_amount,
        instalment_count=instalment_count,
        currency_said=currency_said,
        amount_hedged=hedged and value is None,
        amount_said=said_roughly if value is None else None,
    )


def read_due(text: str, now: datetime, lang: str | None = None) -> tuple[ParsedTime | None, date | None, date | None, str | None]:
    """Read a due date typed on its own (the answer to "哪天要还？"): the date, the date it is overdue since,
    a past reading to ask about, and a problem ("impossible_date") — the same rules as in a full statement."""
    now = ensure_aware(now)
    lang = detect_language(text, lang)
    text = fix_typos(text)
    scans, _ = scan_times_and_token_spans(text, now, lang)
    times = anchor_rules(normalize(text), scans)
    due, problem = choose_due(times, now)
    if due is not None:
        due = with_doubt(text, normalize(text), due, times, None)  # "10号或者15号吧": ask which
    if due is None:
        late_for = _late_for(normalize(text), now)
        return (late_for, late_for.at.date(), None, None) if late_for is not None else (None, None, None, problem)
    if problem == "past":
        return due, due.at.date(), None, None
    due, since, alternative = _past_reading(text, due, now, lang)
    return due, since, alternative, None


def with_doubt(text: str, prepared: str, due: ParsedTime, times: list[TimeScan],
               amount_span: tuple[int, int] | None) -> ParsedTime:
    """The due date, marked unsure (with what made it so) when it was said with a hedge ("好像是18号", "maybe
    friday"), beside another date it may be instead ("10号还，或者15号", "the 12th or 13th"), or after "记不清" /
    "not sure": the card then asks whether that day is right instead of saving it."""
    doubt = ""
    for scan in times:
        other = scan.parsed
        if other is None or other.span == due.span or other.at.date() == due.at.date():
            continue
        word = alternative_between(prepared, due.span, other.span)
        if word:
            # Shown as the user wrote it, from the joining word: "或者15号", "or maybe the 15th".
            at = prepared.find(word, min(due.span[1], other.span[1]))
            doubt = text[at:other.span[1]].strip(" ，,") if due.span[0] < other.span[0] <= at + 24 else word
            break
    if not doubt:
        doubt = hedge_near(prepared, due.span)
    if not doubt and (vague := _PART_OF_MONTH.search(prepared, due.span[0], due.span[1])) is not None:
        doubt = vague.group(0)  # "下月初", "mid jan": a part of the month, not a day
    if not doubt and (season := _BEFORE_NEW_YEAR.search(prepared, due.span[0], due.span[1] + 2)) is not None:
        doubt = season.group(0)  # "过年前还她": any day before the Spring Festival, not its eve; asked
    if not doubt:
        spans = {"due": due.span} | ({"amount": amount_span} if amount_span is not None else {})
        doubt = doubted_value(prepared, spans).get("due", "")
    return replace(due, confident=False, leftover=doubt) if doubt else due


def _doubted(prepared: str, amount_span: tuple[int, int], times: list[TimeScan]) -> dict[str, str]:
    """The fields a "记不清" / "not sure" phrase is about, among the amount and the dates said."""
    spans = {"amount": amount_span}
    for number, scan in enumerate(times):
        if scan.parsed is not None:
            spans[f"date{number}"] = scan.parsed.span
    return doubted_value(prepared, spans)


def _missing(creditor: str | None, amount: Decimal | None, due: ParsedTime | None) -> tuple[str, ...]:
    return tuple(name for name, value in (("creditor", creditor), ("amount", amount), ("due", due)) if value is None)


def _explained(prepared: str, leftover: str, used: list[tuple[int, int]]) -> bool:
    """Tell whether everything the time parser left unexplained was read as another field of the debt (an
    instalment count, an amount, a rate): then the due date's reading is not in doubt."""
    pieces = [leftover] if leftover in prepared else leftover.split()
    if not pieces:
        return False
    for piece in pieces:
        found = [m.start() for m in re.finditer(re.escape(piece), prepared)] if piece else []
        if not found or not all(any(a <= at and at + len(piece) <= b for a, b in used) for at in found):
            return False
    return True


def _overlaps(scan: TimeScan, spans: tuple[tuple[int, int], ...]) -> bool:
    span = scan.parsed.span if scan.parsed else scan.impossible_span
    return span is not None and any(start < span[1] and span[0] < end for start, end in spans)


def _day_number(raw: str) -> int | None:
    if raw.isdigit():
        value = int(raw)
    elif raw == "十":
        value = 10
    elif raw.startswith("十"):
        value = 10 + _ZH_NUM.get(raw[1:], 0)
    elif "十" in raw:
        tens, _, ones = raw.partition("十")
        value = _ZH_NUM.get(tens, 0) * 10 + (_ZH_NUM.get(ones, 0) if ones else 0)
    else:
        value = _ZH_NUM.get(raw, 0)
    return value if 1 <= value <= 31 else None


def _statement_day(prepared: str) -> tuple[int | None, tuple[int, int] | None]:
    match = _STATEMENT_ZH.search(prepared) or _STATEMENT_EN.search(prepared)
    if match is None:
        return None, None
    return _day_number(match.group(1)), match.span()


def _window_amount(text: str, start: int, end: int, lang: str | None) -> ParsedAmount | None:
    """The first amount in ``text[start:end]``, its span in the whole text (a window keeps long messages fast)."""
    start, end = max(0, start), min(len(text), end)
    found = find_amount(text[start:end], lang)
    if found is None:
        return None
    return replace(found, span=(found.span[0] + start, found.span[1] + start))


def _free(span: tuple[int, int], skip: list[tuple[int, int]]) -> bool:
    return not any(a < span[1] and span[0] < b for a, b in skip)


def _amount_after(text: str, prepared: str, patterns: tuple[re.Pattern[str], ...], skip: list[tuple[int, int]],
                  lang: str | None) -> ParsedAmount | None:
    """The amount right after one of the lead-in patterns ("最低还款500", "每期500")."""
    for pattern in patterns:
        for number, lead in enumerate(pattern.finditer(prepared)):
            if number >= 3:
                break
            found = _window_amount(text, lead.end(), lead.end() + 24, lang)
            if found is not None and found.value is not None and found.span[0] - lead.end() <= 2 and _free(found.span, skip):
                return found
    return None


def _amount_before(text: str, prepared: str, label: re.Pattern[str], skip: list[tuple[int, int]],
                   lang: str | None) -> ParsedAmount | None:
    """The amount right before a label that names it ("$640 minimum", "amex $1200, $40 min"): the last amount in
    the words before the label, with only spaces between them. In "owe $2,340, min was $85" the comma ends the
    balance, and no amount stands right before "min"."""
    for number, found in enumerate(label.finditer(prepared)):
        if number >= 3:
            break
        start = max(0, found.start() - 24)
        for _ in range(4):  # the amounts in the window, one after the other, up to the label
            amount = _window_amount(text, start, found.start(), lang)
            if amount is None or amount.value is None:
                break
            gap = prepared[amount.span[1]:found.start()]
            if len(gap) <= 2 and not gap.strip():
                return amount if _free(amount.span, skip) else None
            start = amount.span[1]
    return None


def _per_period_en(text: str, prepared: str, skip: list[tuple[int, int]], lang: str | None) -> ParsedAmount | None:
    """"$350 a month", "12 payments of $200": the amount touching a per-month phrase."""
    for number, lead in enumerate(_PER_PERIOD_EN.finditer(prepared)):
        if number >= 3:
            break
        if lead.group(0).strip().endswith(("of", "at")):
            found = _window_amount(text, lead.end(), lead.end() + 24, lang)
            if found is not None and found.span[0] - lead.end() <= 2 and _free(found.span, skip):
                return found
            continue
        window_start = max(0, lead.start() - 20)
        head = text[window_start:lead.start()]
        for offset in range(len(head)):
            candidate = find_amount(head[offset:], lang)
            if candidate is None:
                break
            span = (candidate.span[0] + window_start + offset, candidate.span[1] + window_start + offset)
            if lead.start() - span[1] <= 2:
                return replace(candidate, span=span) if _free(span, skip) else None
            offset = candidate.span[1]
    return None


def _instalment_count(prepared: str) -> tuple[int | None, tuple[int, int] | None]:
    """The number of periods ("分12期", "还剩6期", "for 24 months") and where it was said."""
    match = _COUNT_ZH.search(prepared) or _MONTHS_LEFT_ZH.search(prepared)
    if match is not None:
        count = _day_number(match.group(1)) if not match.group(1).isdigit() else int(match.group(1))
        return (count, match.span()) if count and 1 < count <= 360 else (None, None)
    left = _LEFT_EN.search(prepared)
    if left is not None and 1 < int(left.group(1)) <= 360 and _INSTALMENT_WORDS_EN.search(prepared):
        return int(left.group(1)), left.span()  # "4 payments of $25, 2 left": two are still owed
    english = _COUNT_EN.search(prepared)
    if english is not None:
        count = int(english.group(1) or english.group(2) or english.group(3))
        return (count, english.span()) if 1 < count <= 360 else (None, None)
    return None, None


def _instalments(per_period: ParsedAmount | None, count: int | None,
                 amount: ParsedAmount | None) -> tuple[Decimal | None, int | None, Decimal | None]:
    """Per-period amount, number of periods and the total owed; the total said wins over per × count."""
    if count is None:
        return None, None, None
    if per_period is not None and per_period.value is not None:
        total = amount.value if amount is not None and amount.value is not None and amount.value > per_period.value \
            else per_period.value * count
        return per_period.value, count, total
    if amount is not None and amount.value is not None:
        per = (amount.value / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return per, count, amount.value
    return None, None, None


def _not_owed_spans(text: str, prepared: str, lang: str | None) -> list[tuple[int, int]]:
    """Spans of amounts that are limits, available credit or account balances ("额度2万", "$3 in my checking")."""
    spans = []
    for number, lead in enumerate(_NOT_OWED_LEAD.finditer(prepared)):
        if number >= 4:
            break
        found = _window_amount(text, lead.end(), lead.end() + 20, lang)
        if found is not None and found.span[0] - lead.end() <= 3:
            spans.append(found.span)
    for number, tail in enumerate(_NOT_OWED_TAIL.finditer(prepared)):
        if number >= 4:
            break
        window_start = max(0, tail.start() - 14)
        found = _window_amount(text, window_start, tail.start(), lang)
        while found is not None and prepared[found.span[1]:tail.start()].strip(" 的"):
            found = _window_amount(text, found.span[1], tail.start(), lang)
        if found is not None:
            spans.append(found.span)
    return spans


def choose_due(times: list[TimeScan], now: datetime) -> tuple[ParsedTime | None, str | None]:
    """Pick the due date among the time expressions: a rule or a date still ahead wins over a past one, and a
    day wins over a month that only names the bill's period ("12月账单10号还", "this month's bill … the 10th")."""
    if not times:
        return None, None
    parsed = [s.parsed for s in times if s.parsed is not None]
    days = [p for p in parsed if p.grain != "month" or p.recurrence is not None]
    # A bare clock reading for today ("I owe about 5 people…" read as 5pm) loses to a date said beside it.
    days.sort(key=lambda p: p.has_time_of_day and p.at.date() == now.astimezone(p.at.tzinfo).date())
    for candidate in days or parsed:
        if candidate.recurrence is not None or not is_past(candidate, now):
            return candidate, None
    first = times[0]
    if first.impossible:
        return None, "impossible_date"
    if days:
        return days[0], "past"
    return first.parsed, "past"


def anchor_rules(prepared: str, times: list[TimeScan]) -> list[TimeScan]:
    """A rule without a day ("每个月还4500，15号扣款", "每月2300，每月12号") takes its day from a date said beside it, or
    is dropped (the day is asked) — never today's day by default."""
    result: list[TimeScan] = []
    for scan in times:
        parsed = scan.parsed
        if parsed is None or parsed.recurrence is None or _ANCHOR.search(prepared[parsed.span[0]:parsed.span[1]]):
            result.append(scan)
            continue
        if parsed.recurrence.freq != "MONTHLY":
            continue
        day = next((t.parsed for t in times if t.parsed is not None and t.parsed.grain == "day"
                    and t.parsed.recurrence is None and _ANCHOR.search(prepared[t.parsed.span[0]:t.parsed.span[1]])), None)
        if day is not None and all(t.parsed is not day for t in result):
            result.append(TimeScan(_monthly(day)))
    # The date that anchored a rule is now the rule: drop its one-off copy.
    rule_days = {(t.parsed.span) for t in result if t.parsed is not None and t.parsed.recurrence is not None}
    return [t for t in result if t.parsed is None or t.parsed.recurrence is not None or t.parsed.span not in rule_days]


def _late_for(prepared: str, now: datetime) -> ParsedTime | None:
    """"逾期了三天", "逾期一周", "overdue 3 weeks", "2 months behind": the due date that long back (a month back is
    the same day of that month). "逾期半个月" is not a day count: nothing is read, and the due date is asked."""
    match = _LATE_FOR.search(prepared)
    if match is None:
        return None
    groups = [g for g in match.groups() if g]
    raw, unit = groups[0], groups[1]
    count = int(raw) if raw.isdigit() else _EN_SMALL.get(raw) or _day_number(raw)
    if not count:
        return None
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if "月" in unit or unit.startswith("month"):
        if count > 36:
            return None
        year, month = shift_month(today.year, today.month, -count)
        back = clamp_day(year, month, today.day)
        local = today.replace(year=back.year, month=back.month, day=back.day)
    else:
        days = count * (1 if unit in ("天",) or unit.startswith("day") else 7)
        if days > 3 * 365:
            return None
        local = today - timedelta(days=days)
    return ParsedTime(local, "day", None, match.span())


def _due_day_rule(prepared: str, due: ParsedTime | None, now: datetime, card: bool) -> ParsedTime | None:
    """"还款日23号" on a card is a monthly due day: the rule, not a one-off date."""
    if due is None or due.recurrence is not None or due.grain != "day" or not card:
        return due
    match = _DUE_DAY_ZH.search(prepared)
    if match is None or not (match.start() <= due.span[0] < match.end() + 1):
        return due
    return _monthly(due)


def _monthly(due: ParsedTime) -> ParsedTime:
    local = due.at
    return replace(due, recurrence=Recurrence("MONTHLY", by_month_day=local.day))


def _past_reading(text: str, due: ParsedTime, now: datetime,
                  lang: str) -> tuple[ParsedTime, date | None, date | None]:
    """A date without a year that the parser moved ahead may have been meant in the past (a missed due date).

    Returns the due date to use, the date it is overdue since (when sure), and a past date to ask about (when not).
    With 逾期/overdue said, the latest such date up to today is meant. Without, a named month and day a few weeks
    back ("11月28号") is past; one months back is asked about; a bare day ("10号") or a numeric date ("12/10",
    which reads differently by country) is the coming one.
    """
    if due.recurrence is not None or due.grain != "day":
        return due, None, None
    prepared = normalize(text)
    span_text = prepared[due.span[0]:due.span[1]]
    if _EXPLICIT_YEAR.search(span_text) or _RELATIVE.search(span_text):
        return due, None, None
    local_today = now.date()
    ahead = due.at.date()
    named_month = _NAMED_MONTH.search(span_text) is not None
    if named_month or _NUMERIC_DATE.search(span_text):
        previous = clamp_day(ahead.year - 1, ahead.month, ahead.day)
    elif _WEEKDAY.search(span_text):
        previous = ahead - timedelta(days=7)  # "missed it, it was due Monday": last Monday, not the 7th of last month
    else:
        year, month = shift_month(ahead.year, ahead.month, -1)
        previous = clamp_day(year, month, ahead.day)
    if previous >= local_today:
        return due, None, None
    late = (local_today - previous).days
    past = replace(due, at=due.at.replace(year=previous.year, month=previous.month, day=previous.day))
    if OVERDUE.search(prepared) is not None and late <= 3 * 365:
        if named_month or OVERDUE.search(_STILL_UNPAID.sub(" ", prepared)) is not None:
            return past, previous, None
        # "还没还，10号到期", "haven't paid … due the 15th": not paid yet says nothing about which 10th; ask.
        return due, None, previous
    if not named_month:
        numeric = _NUMERIC_DATE.search(span_text) is not None
        return (due, None, previous) if numeric and late <= 120 else (due, None, None)
    if late <= RECENT_PAST_DAYS:
        return past, previous, None
    if late <= 120 or late < (ahead - local_today).days:
        return due, None, previous  # a few months late or many months ahead: ask which

    return due, None, None


def is_past(parsed: ParsedTime, now: datetime) -> bool:
    """Tell whether a one-off time is already over: before today for dates, before now for clock times."""
    if parsed.recurrence is not None:
        return False
    if parsed.has_time_of_day:
        return parsed.at < now
    local = now.astimezone(parsed.at.tzinfo)
    if parsed.grain == "day":
        return parsed.at.date() < local.date()
    if parsed.grain == "week":
        return (local.date() - parsed.at.date()).days >= 7
    if parsed.grain == "month":
        return (parsed.at.year, parsed.at.month) < (local.year, local.month)
    return parsed.at.year < local.year

