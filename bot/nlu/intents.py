"""What a message *is*, decided before any field is read: a reminder request, a payment made, new debts, a bill
notice, a question, a worry or plan, a correction, a request to delete or silence a debt, or small talk.

The engine's router reads fields only for the kind it was told: a bank notice's "如已还款请忽略" is never a
payment, "明天就该还了" is never a payment, "交3000就能洗白吗" is never a debt.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.nlu.creditor import find_creditor
from bot.nlu.debt import parse_debts
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import detect_language, normalize
from bot.nlu.payment import parse_payments
from bot.nlu.questions import detect_distress, is_question
from bot.nlu.reminder import parse_reminder
from bot.nlu.signals import DELETE, MUTE, NOTICE, is_notice_boilerplate, mentions_plan
from bot.nlu.typos import fix_typos

Intent = Literal["reminder", "payment", "debt"]
Kind = Literal["distress", "question", "manage", "reminder", "payment", "debt", "notice", "correction", "plan",
               "small_talk", "unknown"]

CORRECTION = lazy_compile(
    r"^\s*(?:不对|不是|错了|搞错了|改成|改为|改到|改一下|应该是|其实是|更正|修改)"
    r"|^\s*(?:no[,.]?\s|nope|actually|wait|correction|change\s+(?:it|that|the\s+\w+)\s+to|make\s+it|it'?s\s+actually|the\s+(?:creditor|lender|amount|due\s+date)\s+is)",
)
SMALL_TALK = lazy_compile(r"^\s*(?:你好|您好|嗨|哈喽|在吗|谢谢|多谢|好的|好|嗯|哦|ok|okay|thanks|thank\s+you|hi|hello|hey)[!！.。~]*\s*$")


def detect_intent(text: str, now: datetime, lang: str | None = None) -> Intent | None:
    """Return what the message asks for; a reminder request wins over a payment, a payment over a debt."""
    kind = classify(text, now, lang)
    if kind == "reminder" or kind == "payment" or kind == "debt":
        return kind
    return None


def classify(text: str, now: datetime, lang: str | None = None) -> Kind:
    """Return what kind of message this is, in the order the router must consider them."""
    lang = detect_language(text, lang)
    fixed = fix_typos(text)
    prepared = normalize(fixed)
    if detect_distress(fixed) is not None:
        return "distress"
    if DELETE.search(prepared) or MUTE.search(prepared):
        return "manage"
    if parse_reminder(fixed, now, lang) is not None:
        return "reminder"
    if parse_payments(fixed, now, lang):
        return "payment"
    if parse_debts(fixed, now=now, lang=lang):
        return "debt"
    if is_question(fixed, lang):
        return "question"
    if is_notice_boilerplate(prepared) or NOTICE.search(prepared):
        return "notice"
    if CORRECTION.search(prepared):
        return "correction"
    if SMALL_TALK.search(prepared):
        return "small_talk"
    if mentions_plan(prepared):
        return "plan"
    return "unknown"


def plan_to_pay(text: str, now: datetime, lang: str | None = None) -> str | None:
    """The creditor a plan or wish to pay names ("我想把白条一次性还清" → 京东白条, "going to pay off Chase next
    month" → Chase credit card), or None when the message is not such a plan. Nothing is paid yet: the answer offers
    to record the payment once it is made (catalogue text ``chat.plan_to_pay``), never a payment or a debt."""
    if classify(text, now, lang) != "plan":
        return None
    creditor = find_creditor(text)
    return creditor.name if creditor is not None else None
