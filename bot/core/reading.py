"""One message, read once: every pure reading the engine takes of a text (is it distress, a question, a pasted
notice, a payment, a reminder request, debts…), each computed the first time a handler asks and then kept.

A turn used to re-run the same readings in different branches — distress three times on the way from "a dialogue
is open" to "free text", the notice parser twice, payments and debts in the dialogue and again in free text. The
readings are lazy rather than all taken up front because most messages are answered after two or three of them,
and the expensive ones (notices, debts, the question index) would otherwise be paid by every message.

Pure: the local ``now`` is passed in; nothing here reads the clock or the database. A ``Reading`` never changes
what it returns, so handing the same one to every branch cannot change a reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from bot import nlu
from bot.core.redact import mask_card_numbers
from bot.nlu.edits import EditRequest, parse_edit
from bot.nlu.lead_days import parse_lead_request
from bot.nlu.normalize import normalize
from bot.nlu.questions import Distress, detect_distress, is_question, names_hot_topic
from bot.nlu.results import BillNotice, DebtDraft, OtherNotice, PaymentDraft, ReminderDraft
from bot.nlu.several import several_unnamed
from bot.nlu.signals import DELETE, MUTE, RECORD_REQUEST
from bot.nlu.small_talk import small_talk
from bot.nlu.typos import fix_typos

if TYPE_CHECKING:
    from bot.core.retrieval import Match


CRISIS_SCAN = 20_000  # distress is read over the whole message, however long: the words that matter may come last


class Kind(StrEnum):
    """What a message typed as free text *is*, decided before any field is read from it to act on. Each kind has
    one handler (the engine's ``FREE_TEXT``); the order of the checks in ``Reading.kind`` is the precedence."""

    CRISIS = "crisis"  # words of suicide or self-harm: answered first and alone
    NOTICE = "notice"  # a pasted bank or platform notice, or only its boilerplate ("如已还款请忽略")
    PRESSURE = "pressure"  # distress short of a crisis: collection calls, "撑不下去了"
    SMALL_TALK = "small_talk"  # hello, thanks, "speak English", "how much do I owe"
    QUESTION = "question"  # a question (or a topic raised to ask about it), not a request to act
    MANAGE = "manage"  # delete or silence a debt named in words ("删除花呗", "花呗不用提醒了")
    EDIT = "edit"  # change a debt named in words ("把借呗的还款日改成25号", "update amex balance to 1,200")
    LEAD = "lead"  # how long before a due date to remind ("提前三天提醒我还信用卡", "remind me the day before")
    REMINDER = "reminder"  # "明天下午3点提醒我…"
    PAYMENT = "payment"  # money paid, one or several payments
    SEVERAL = "several"  # several debts counted together, none named ("欠了4张信用卡一共12万", "owe 12k across 4 cards")
    DEBTS = "debts"  # one or several debts stated
    OTHER = "other"  # none of these: a correction of a card still open, a plan to pay, or something to explain


# Kinds that are a request of their own, never the answer to a question the bot is waiting on ("花呗欠3000" typed
# while the bot asks "when should I remind you?" is a new debt, not a failed time).
NEW_REQUESTS = frozenset({Kind.CRISIS, Kind.NOTICE, Kind.MANAGE, Kind.EDIT, Kind.LEAD, Kind.REMINDER, Kind.PAYMENT,
                          Kind.SEVERAL, Kind.DEBTS})

Manage = tuple[Literal["delete", "mute"], str]


@dataclass(frozen=True)
class Reading:
    """The readings of ``text`` as written at ``now`` (aware, in the user's zone)."""

    text: str
    now: datetime

    @cached_property
    def masked(self) -> str:
        """The text with card numbers masked entirely, for keeping it to read again later (the parser would take
        the last four digits for an amount)."""
        return mask_card_numbers(self.text, keep_last=0)

    @cached_property
    def fixed(self) -> str:
        """The text with common typos fixed ("10好" → "10号")."""
        return fix_typos(self.text)

    @cached_property
    def prepared(self) -> str:
        """Typo-fixed and normalised (full-width, case): what the word patterns are matched on."""
        return normalize(self.fixed)

    @cached_property
    def distress(self) -> Distress | None:
        return detect_distress(self.text[:CRISIS_SCAN])

    @cached_property
    def is_question(self) -> bool:
        return is_question(self.text)

    @cached_property
    def asked(self) -> bool:
        """A question, or a topic people only raise to ask about it ("停息挂账")."""
        return self.is_question or names_hot_topic(self.text)

    @cached_property
    def answer(self) -> Match | None:
        """The catalogue answer this text asks for, when the match is confident."""
        from bot.core.retrieval import (
            confident_match,  # the question index, loaded with the first question asked
        )

        return confident_match(self.text)

    @cached_property
    def notices(self) -> tuple[BillNotice | OtherNotice | None, ...]:
        """Every notice the text holds, each read on its own (one for a single notice); unreadable ones are None."""
        return nlu.parse_notices(self.text, now=self.now)

    @cached_property
    def notice(self) -> BillNotice | OtherNotice | None:
        """The notice the text is (the first read, when it holds several)."""
        return next((found for found in self.notices if found is not None), None)

    @cached_property
    def notice_boilerplate(self) -> bool:
        """Words only a notice has ("如已还款请忽略"), also in one the parser could not read."""
        return nlu.has_notice_boilerplate(self.text)

    @cached_property
    def reminder(self) -> ReminderDraft | None:
        return nlu.parse_reminder(self.text, self.now, None)

    @cached_property
    def payments(self) -> tuple[PaymentDraft, ...]:
        return tuple(nlu.parse_payments(self.text, self.now, None))

    @cached_property
    def planned(self) -> str | None:
        """The creditor a plan or wish to pay names ("我想把白条一次性还清"), or None: nothing is paid yet."""
        return nlu.plan_to_pay(self.text, self.now, None)

    @cached_property
    def debts(self) -> tuple[DebtDraft, ...]:
        return tuple(nlu.parse_debts(self.text, now=self.now))

    @cached_property
    def several(self) -> str | None:
        """The phrase that counts several debts none of which is named ("4张信用卡"), or None; debts the message
        names (two or more read) are not this (``bot.nlu.several``)."""
        return None if len(self.debts) > 1 else several_unnamed(self.prepared)

    @cached_property
    def small_talk(self) -> str | None:
        """The kind of small talk, or None (``bot.nlu.small_talk``)."""
        return small_talk(self.text)

    @cached_property
    def manage(self) -> Manage | None:
        """A debt to delete or silence, as the user named it ("删除花呗" → ("delete", "花呗")), or None."""
        delete = DELETE.search(self.prepared)
        match = delete or MUTE.search(self.prepared)
        if match is None:
            return None
        named = next((g for g in match.groups() if g), "").strip(" 的这那笔")
        if not named:
            return None
        return ("delete" if delete else "mute"), named

    @cached_property
    def edit(self) -> EditRequest | None:
        """A change to a debt the user names ("花呗金额改为3500"), or None (``bot.nlu.edits``)."""
        return parse_edit(self.prepared)

    @cached_property
    def lead(self) -> int | None:
        """Days before a due date the user asks to be reminded ("提前三天提醒我"), or None."""
        return parse_lead_request(self.prepared)

    @cached_property
    def is_notice(self) -> bool:
        """A pasted notice, read or not: it is read as one even in the middle of a question, which it never
        answers (a purchase notice is not "the new bill's amount")."""
        return self.notice is not None or self.notice_boilerplate

    @cached_property
    def aside(self) -> bool:
        """While the bot waits for an answer: words it answers without closing the question (pressure, small
        talk, a question it knows the answer to)."""
        # A bare "好" / "ok" is not one: mid-question it is the answer ("确认保存吗？" — "好").
        return (self.distress == "pressure" or self.small_talk not in (None, "ack")
                or (self.asked and self.answer is not None))

    @cached_property
    def kind(self) -> Kind:
        """What the text is, for free text (no question waiting, or not an answer to it). A notice is read before
        its words could pass for a question, a payment or a debt; pressure, small talk and questions are answered
        before the text is read as a request; a payment before a debt ("还了1000，还剩多少？" reports a payment)."""
        if self.distress == "crisis":
            return Kind.CRISIS
        if self.is_notice:
            return Kind.NOTICE
        if self.distress == "pressure":
            return Kind.PRESSURE
        if self.small_talk is not None:
            return Kind.SMALL_TALK
        if self._asks_only:
            return Kind.QUESTION
        if self.manage is not None:
            return Kind.MANAGE
        if self.edit is not None:
            return Kind.EDIT
        if self.lead is not None:
            return Kind.LEAD
        if self.reminder is not None:
            return Kind.REMINDER
        if self.payments:
            return Kind.PAYMENT
        if self.several is not None:
            return Kind.SEVERAL
        if self.debts:
            return Kind.DEBTS
        return Kind.OTHER

    @property
    def _asks_only(self) -> bool:
        """A question to answer rather than a request: not "明天提醒我还款好吗" (a reminder request), and, without a
        known answer, neither "还了1000，还剩多少？" (a payment) nor "能不能帮我记一下花呗3000" (a debt to record)."""
        lowered = self.text.lower()
        if not self.asked or "提醒" in self.text or "remind" in lowered:
            return False
        if self.answer is not None:
            return True
        return not self.payments and not (RECORD_REQUEST.search(self.text) and self.debts)


class Readings(dict[str, Reading]):
    """The readings of every text one turn reads (the message, or text kept from an earlier one), by text: the
    first look-up of a text makes its ``Reading``, every later one is a plain dictionary look-up."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now

    def __missing__(self, text: str) -> Reading:
        reading = self[text] = Reading(text, self.now)
        return reading
