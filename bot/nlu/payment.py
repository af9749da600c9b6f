"""``parse_payment`` / ``parse_payments``: reports of money paid back ("还了1000", "花呗还清了", "paid 500 on the card").

A payment needs a completed action: 还了/已还/刚还/还清/结清, paid/repaid/settled. Not payments: plans and worries
("12月10号要还", "明天就该还了", "下周还", "will pay tomorrow"), what is still owed ("还欠3000"), questions
("还了吗"), denials ("还没还", "haven't paid") and the boilerplate of bank notices ("如已还款请忽略", "if paid,
please ignore"). Several payments in one message ("花呗还了500，借呗还了1000") are read one by one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from bot.nlu.amount import find_amount
from bot.nlu.calendar_math import ensure_aware
from bot.nlu.creditor import creditor_starts, find_creditor
from bot.nlu.hedges import hedge_near
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import detect_language, normalize
from bot.nlu.questions import is_question
from bot.nlu.results import PaymentDraft
from bot.nlu.signals import NOTICE, is_notice_boilerplate, mentions_plan
from bot.nlu.time_parser import scan_times_and_token_spans
from bot.nlu.typos import fix_typos

_PAID_ZH = lazy_compile(
    r"(?:还|付|交|缴|转|打|存|充)(?:了|咗|过|完|清|上了|掉了|进去了)|成功还款|已成功(?:还|缴|付)|(?:已经?|刚刚?|刚才|昨天|前天|昨晚)\s{0,2}(?:还|付|交|转|打)(?:款|钱)?"
    # 清了 alone is "cleared", but 记不清了 / 说不清了 is "can't remember" (not paid at all).
    r"|还款了|已还款|结清|付清|(?<!不)(?<!不太)(?<!不大)(?<!不怎么)清了|还上|还光|还晒|还曬|找咗|找晒|找曬"
    r"|提前还款?(?=\s{0,2}[0-9¥$一二两三四五六七八九十])|(?:自动)?扣(?:款)?了|扣款成功|已扣款|还款.{0,10}?成功"
    r"|(?:还(?!是)|付)了?.{0,6}?[0-9]+(?:\.[0-9]+)?\s{0,2}(?:元|块钱|块)?了(?=$|[,，.。!！\s])"  # 还是 is "or"/"still"
)
# A payment said to be done: 已/刚 right before the verb, or a past day right before "…还了" ("上周五还了白条800").
_STRONG_ZH = lazy_compile(
    r"(?:已经?|刚刚?|刚才|终于)\s{0,3}(?:把.{0,10}?)?(?:全部|全额|都)?(?:还|付|交|扣|结|转|找咗)"
    # "信用卡最低还款还了520": the minimum was paid (the words of a bill, said as done).
    r"|最低(?:还款|的)?额?\s{0,2}(?:已经?)?还了"
    r"|(?:昨天|前天|昨晚|今天|今早|上周.?|上个?月.{0,4}?号?)\s{0,3}(?:把.{0,10}?)?(?:还|付|交|扣)(?:了|清|完|上)"
    r"|还清了|结清了|还完了|扣款成功|还款成功|成功还款|还了最低(?:还款)?(?:额)?\s{0,2}[0-9]"
)
_BOTH_PAID = lazy_compile(r"都还了")
# Not sure it was paid at all: "借呗好像还了2000", "I think I paid Amex 300" — the amount is asked, not booked.
_UNSURE_PAID = lazy_compile(r"(?:好像|好象|可能|应该|應該|大概|也许|也許|或许|或許|似乎|貌似)\s{0,2}(?:是\s{0,2})?(?:已经?|已經?)?\s{0,2}"
                          r"(?:还|還|付|交|扣)(?:了|过|過|清|完)"
                          r"|\bi\s+(?:think|guess|believe)\s+i\s+(?:already\s+)?paid\b|\b(?:maybe|probably)\s+(?:i\s+)?paid\b")
_NOT_FULL = lazy_compile(r"(?:没有?|沒有?|未|不)\s{0,2}(?:全部|全|都)?\s{0,2}(?:还清|還清|还完|還完|结清|結清|付清|还光|還光)"
                       r"|\bnot\s+(?:paid\s+)?(?:in\s+full|off|all\s+of\s+it)\b|\bhaven'?t\s+paid\s+(?:it\s+)?off\b"
                       # "paid off half my Amex": part of it, not all of it
                       r"|\bpaid\s+(?:off\s+)?(?:half|part|some|a\s+(?:bit|chunk|portion|third|quarter))\b(?:\s+of)?")
# Paid off still to come: "还差300就还清了", "再还300就清了", "下个月就能还清了", "will be paid off next month".
_FULL_TO_COME = lazy_compile(
    r"(?:还差|還差|再还|再還|就|才|便|能|可以|会|會|打算|准备|準備|计划|計劃|争取|爭取|希望|想)[^，,。;；]{0,10}?"
    r"(?:还清|還清|还完|還完|结清|結清|付清|清了|还光|還光)"
    r"|\b(?:will|going\s+to|gonna|should|hope\s+to|plan\s+to|almost|nearly)\s+(?:be\s+)?(?:paid\s+off|pay\s+(?:it\s+)?off|cleared|settled)\b"
)
_FULL_ZH = lazy_compile(r"还清|结清|还完|付清|全部还|全还了|都还了|一次性还|还光|还晒|还曬|(?<!不)(?<!不太)(?<!不大)(?<!不怎么)清了|全额")
# One period's bill paid while more is said to be left, not the debt: "花呗这期还清了，下期还有1200". Said alone
# ("花呗这个月的还完了") the bill named is paid in full.
_STILL_LEFT = lazy_compile(r"下期|下个?月|还剩|还欠|还差|还有\s{0,2}[0-9¥$一二两三四五六七八九十]|\bnext\s+month\b|\bleft\b|\bstill\s+owe\b")
_PERIOD_CLEARED = lazy_compile(r"(?:这|本|当|上)一?期(?:的)?(?:账单)?(?:已经?)?(?:还清|结清|还完|付清)"
                             r"|(?:这个?月|本月)(?:的)?(?:账单)?(?:已经?)?(?:还清|结清|还完|付清)"
                             r"|\b(?:this|last)\s+(?:month'?s?|statement'?s?)\s+(?:bill|statement|balance)\s+(?:is\s+)?paid\s+(?:off|in\s+full)\b")
_PAID_EN = lazy_compile(
    r"\b(?:paid|repaid|payed|paied|have\s+paid|i've\s+paid|made\s+a\s+payment|settled|cleared|put\s+[$£€]?[0-9])"
    r"|\bmade\s+(?:my|a|the|this\s+month's)\s+(?:[$£€]?[0-9][0-9,.]*\s+)?(?:[a-z]+\s+){0,2}payment\b"
    r"|\bpayment\s+(?:posted|received|went\s+through|sent|made|cleared)\b|\bwent\s+through\b"
    r"|\bsent\s+[$£€]?[0-9][0-9,.]*\s+(?:to|on)\b|\breceived\s+your\s+payment\b"
    r"|\bpayment\s+(?:of\s+[$£€]?[0-9][0-9,.]*\s+)?(?:has\s+been\s+|was\s+)?(?:received|posted)\b"
    r"|\bpayment\s+(?:of\s+[$£€]?[0-9][0-9,.]*\s+)?(?:has\s+been\s+|was\s+|is\s+)(?:successful|completed?|processed)\b"
    r"|\breceived\s+your\s+[$£€]?[0-9][0-9,.]*\s+payment\b"
    r"|\b(?:autopay|auto-pay|automatic\s+payment)\s+(?:took|pulled|debited|paid|went\s+through)\b"
    r"|\b(?:transferred|wired|venmo'?e?d|zelle'?d)\b|\bsent\s+(?:my\s+)?[a-z]+\s+(?:the\s+)?[$£€]?[0-9]"
)
_STRONG_EN = lazy_compile(r"\bmade\s+(?:my|a|the|this\s+month's)\b.{0,30}?\bpayment\b|\b(?:already|just|yesterday|last\s+(?:week|night|month)|this\s+morning|earlier|have\s+paid|i've\s+paid)\b")
_FULL_EN = lazy_compile(r"\b(?:paid\s+off|paid\s+it\s+off|in\s+full|all\s+of\s+it|the\s+whole\s+(?:thing|balance)|paid\s+it\s+all|paid\s+everything|settled|cleared|fully\s+paid|paid\s+in\s+full)\b")
_NOT_PAID = lazy_compile(
    r"没还(?!清|完|光)|未还(?!清|完)|还没|没有还|还不上|还不起|还不了|没付|未付|不还|吗|么|\?|？|如果|要是|假如|(?:就|早就|本来|又)?该还了|还欠|以为|其实没|原来没"
    r"|(?:还|付)(?:了|完|清).{0,8}?就|等(?:我|到|发|有钱)|本来要还|忘了还|应该还|失败"
    r"|haven't\s+paid|have\s+not\s+paid|didn't\s+pay|did\s+not\s+pay|not\s+paid|unpaid|can't\s+pay|cannot\s+pay|\bif\b"
    r"|\bnot\s+yet\b|\bwish\b|\bshould\s+have\b|\bsupposed\s+to\b|\bmeant\s+to\b|\bwas\s+going\s+to\b|\bforgot\b"
    r"|\bbalance\s+transfer|\btransferred\s+(?:my\s+|the\s+|a\s+)?balance|\bto\s+(?:my\s+)?(?:savings|checking|wallet)\b"
    r"|订单|訂單|实付|\b(?:your\s+)?order\b|\bpaid\s+me\b"  # a purchase; money paid to the user
    r"|\bif\s+only\b|\bfailed\b|\bdeclined\b|\bbounced\b|\b(?:to|must|should|will|needs?\s+to|has\s+to)\s+be\s+paid\b"
    # Being paid is receiving money (wages), not paying a debt: "paying her back when I get paid".
    r"|\b(?:get|gets|getting|got)\s+paid\b|\bpayday\b|\bpaycheck\b"
)
_SEPARATOR = lazy_compile(r"[，;；。!！\n]|[,.](?![0-9])|\s+(?:and|plus|also)\s+|还有|另外|以及")


def reports_payment(prepared: str) -> bool:
    """Tell whether the (normalised, typo-fixed) text reports a payment made: some clause says money was paid and
    that clause neither denies it, nor makes it a plan, a worry or a condition ("还了500，还有2500没还" is one)."""
    if is_notice_boilerplate(prepared):
        return False
    for clause in _CLAUSE.split(prepared):
        paid = _PAID_ZH.search(clause) or _PAID_EN.search(clause)
        # A question is judged clause by clause: "还了1000吗" asks, "花呗还了1000，还剩多少？" reports and then asks.
        if paid is None or _NOT_PAID.search(clause) or is_question(clause):
            continue
        strong = _STRONG_ZH.search(clause) or _STRONG_EN.search(clause)
        if strong is None and (mentions_plan(clause) or NOTICE.search(clause) or NOTICE.search(prepared)):
            continue  # "明天就该还了", "will pay tomorrow", a bill's "应还/amount due": nothing was paid
        return True
    return False


# "还了1000还剩多少": the question about what is left is a clause of its own, after the payment it follows.
_CLAUSE = lazy_compile(r"[，;；。!！\n]|,(?![0-9])|\.(?![0-9])|\s+but\s+|但是|可是|不过|(?=还剩多少|还欠多少|还差多少|还有多少|剩多少|剩下多少)")


def parse_payment(text: str, now: datetime, lang: str | None = None) -> PaymentDraft | None:
    """Return the reported payment (the first, when there are several), or None when the text reports none."""
    found = parse_payments(text, now, lang)
    return found[0] if found else None


def parse_payments(text: str, now: datetime, lang: str | None = None) -> list[PaymentDraft]:
    """Return every payment the message reports, in order ([] when it reports none)."""
    now = ensure_aware(now)
    lang = detect_language(text, lang)
    fixed = fix_typos(text)
    prepared = normalize(fixed)
    if not reports_payment(prepared):
        return []
    drafts: list[PaymentDraft] = []
    for pieces in (_pieces(prepared), _creditor_pieces(prepared)):
        pieces = pieces[:MAX_PER_MESSAGE]
        found = [_one(fixed[a:b], now, lang) for a, b in pieces] if len(pieces) > 1 else []
        found = _same_creditor_again(found, [prepared[a:b] for a, b in pieces]) if found else found
        drafts = [d for d in found if d is not None and d.creditor_hint and (d.amount is not None or d.full)]
        if len(drafts) > 1:
            break
    if len(drafts) < 2:
        # "白条已经还了，还有花呗3000下周五还": only the clause that reports the payment says what was paid.
        pieces = _pieces(prepared)
        paid = [(a, b) for a, b in pieces if reports_payment(prepared[a:b])]
        if len(pieces) > 1 and len(paid) == 1 and find_creditor(prepared[paid[0][0]:paid[0][1]]) is not None:
            single = _one(fixed[paid[0][0]:paid[0][1]], now, lang)
        else:
            single = _one(fixed, now, lang)
        cleared = _FULL_ZH.search(_BOTH_PAID.sub(" ", prepared)) or _FULL_EN.search(prepared)  # not "都还了" alone
        if single is not None and single.full and single.amount is None and cleared and _ALL_OF_THEM.search(prepared):
            # "白条和花呗都还清了", "paid off both Klarna and Affirm": each named creditor, in full.
            named = [find_creditor(prepared[start:]) for start in creditor_starts(prepared)]
            hints = [(c, fixed[start + c.span[0]:start + c.span[1]])
                     for c, start in zip(named, creditor_starts(prepared), strict=True) if c]
            if len(hints) > 1:
                return [replace(single, creditor_hint=hint, creditor_kind=c.kind) for c, hint in hints]
        return [single] if single is not None else []
    return drafts


_AGAIN = lazy_compile(r"又")  # past: 「又还了1000」 (再 is still to come: 「再还300就清了」)
_TOTAL_PAID = lazy_compile(r"一共|总共|總共|合计|合計|加起来|\btotal\b|\baltogether\b|\bin\s+all\b")


def _one_more(clause: str) -> bool:
    """A clause reporting one more payment of its own ("今天又还了1000", "and another 100 today")."""
    return (_AGAIN.search(clause) is not None and _TOTAL_PAID.search(clause) is None
            and re.search(r"[0-9]", clause) is not None and reports_payment(clause))


def _same_creditor_again(found: list[PaymentDraft | None], clauses: list[str]) -> list[PaymentDraft | None]:
    """「昨天还了招行2000，今天又还了1000」, "paid chase 200 and another 100 today": a later payment that names no
    creditor but says it is one more is to the creditor just named (it used to be dropped without a word). A total
    ("一共还了3000") is not one more."""
    out: list[PaymentDraft | None] = []
    last: PaymentDraft | None = None
    for draft, clause in zip(found, clauses, strict=True):
        if (draft is not None and not draft.creditor_hint and draft.amount is not None and last is not None
                and _AGAIN.search(clause) and not _TOTAL_PAID.search(clause)):
            draft = replace(draft, creditor_hint=last.creditor_hint, creditor_kind=last.creditor_kind)
        if draft is not None and draft.creditor_hint:
            last = draft
        out.append(draft)
    return out


_ALL_OF_THEM = lazy_compile(r"都|全都|全部|\bboth\b|\ball\s+(?:of\s+)?(?:them|my)\b")


def _pieces(prepared: str) -> list[tuple[int, int]]:
    """Cut the message into clauses that each name a creditor (a clause without one joins the one before)."""
    cuts = [0] + [m.end() for m in _SEPARATOR.finditer(prepared)] + [len(prepared)]
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if prepared[a:b].strip(" ,，;；.。")]
    pieces: list[tuple[int, int]] = []
    for start, end in clauses[:4 * MAX_PER_MESSAGE]:
        clause = prepared[start:end]
        if pieces and find_creditor(clause) is None and not _one_more(clause):
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return pieces


def _creditor_pieces(prepared: str) -> list[tuple[int, int]]:
    """Cut where each creditor after the first is named, with the verb just before it ("还了花呗500还了借呗300")."""

    starts = creditor_starts(prepared)
    cuts = [0]
    for start in starts[1:]:
        verb = _VERB_BEFORE.search(prepared, max(cuts[-1], start - 4), start)
        cut = verb.start() if verb is not None else start
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(prepared))
    return list(zip(cuts, cuts[1:], strict=False))


_VERB_BEFORE = lazy_compile(r"(?:还了|还|付了|paid\s+|repaid\s+)$")


# What is left or owed in a payment report is not the amount paid: "还了一部分，还剩1200", "paid 300, still owe 900".
MAX_PER_MESSAGE = 10  # payments read from one message (as for debts)
_LEFT_LEAD = lazy_compile(r"下期(?:还有|还要还|要还|还得还|还)?|还有(?=\s{0,2}[0-9¥$一二两三四五六七八九十])|应该还|應該還|本来要还|应还|要还|该还|得还|还剩|剩下?|剩余|还欠|欠|还差|余额|\bstill\s+owe\b|\bremaining\b|\bbalance(?:\s+is)?\b|\bof\s+the\b|\bout\s+of\b")
_LEFT_TAIL = lazy_compile(r"[0-9]\s{0,2}(?:元|块)?\s{0,2}(?:没还|未还)(?!清|完|光)|[0-9]\s+(?:left|remaining|to\s+go)\b")


def _number_start(prepared: str, end: int) -> int:
    """Where the number ending at ``end`` starts ("800 left" → the 8)."""
    start = end
    while start > 0 and (prepared[start - 1].isdigit() or prepared[start - 1] in ".,$¥£€"):
        start -= 1
    return start


def _amount_reach(prepared: str, start: int) -> int:
    """How far the amount right after a lead-in reaches (digits, separators, currency, units)."""
    match = re.match(r"\s{0,2}[$¥£€]?\s{0,2}[0-9一二两三四五六七八九十百千万.,k]+\s{0,2}(?:元|块钱|块|dollars?|bucks)?",
                     prepared[start:start + 24])
    return match.end() if match else 0


def _one(text: str, now: datetime, lang: str) -> PaymentDraft | None:
    prepared = normalize(text)
    unnegated = _NOT_FULL.sub(" ", prepared)  # "没还完，还了1000" is not paid in full
    unnegated = _FULL_TO_COME.sub(" ", unnegated)  # "还差300就还清了": cleared later, not now
    full = bool(_FULL_ZH.search(unnegated) or _FULL_EN.search(unnegated)) and not (
        _PERIOD_CLEARED.search(prepared) and _STILL_LEFT.search(prepared))
    creditor = find_creditor(text)
    times, token_spans = scan_times_and_token_spans(text, now, lang, prefer_past=True)
    skip = [s.parsed.span for s in times if s.parsed] + ([creditor.span] if creditor else [])
    skip += [(m.start(), m.end() + _amount_reach(prepared, m.end())) for m in _LEFT_LEAD.finditer(prepared)]
    skip += [(_number_start(prepared, m.start() + 1), m.end()) for m in _LEFT_TAIL.finditer(prepared)]
    amount = find_amount(text, lang, skip=skip, time_spans=token_spans)
    if _UNSURE_PAID.search(prepared):
        amount, full = None, False  # "花呗应该是已经还清了": not closed on a guess; the card asks how much
    if amount is not None and amount.value is not None and hedge_near(prepared, amount.span):
        amount = None  # "还了大概1000", "paid like 200", "1000还是2000忘了": how much is asked, not guessed
    if full and amount is not None and not _FULL_ZH.search(_BOTH_PAID.sub(" ", unnegated)) and not _FULL_EN.search(unnegated):
        full = False  # "两笔都还了：花呗800、白条400": both were paid, by the amounts said, not necessarily in full
    paid_at = next((s.parsed for s in times if s.parsed and s.parsed.recurrence is None), None)
    if paid_at is not None and paid_at.at > now:
        paid_at = None  # an explicit future time ("下个月…") is not when something was paid
    return PaymentDraft(
        amount=amount.value if amount else None,
        full=full,
        creditor_hint=creditor.hint if creditor else None,
        creditor_kind=creditor.kind if creditor else None,
        paid_at=paid_at,
        amount_problem=amount.problem if amount else None,
    )
