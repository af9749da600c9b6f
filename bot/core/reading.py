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
from functools import cached_property
from typing import TYPE_CHECKING

from bot import nlu
from bot.core.redact import mask_card_numbers
from bot.nlu.normalize import normalize
from bot.nlu.questions import Distress, detect_distress, is_question, names_hot_topic
from bot.nlu.results import BillNotice, DebtDraft, OtherNotice, PaymentDraft, ReminderDraft
from bot.nlu.typos import fix_typos

if TYPE_CHECKING:
    from bot.core.retrieval import Match


CRISIS_SCAN = 20_000  # distress is read over the whole message, however long: the words that matter may come last


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
    def notice(self) -> BillNotice | OtherNotice | None:
        return nlu.parse_notice(self.text, now=self.now)

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


class Readings(dict[str, Reading]):
    """The readings of every text one turn reads (the message, or text kept from an earlier one), by text: the
    first look-up of a text makes its ``Reading``, every later one is a plain dictionary look-up."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now

    def __missing__(self, text: str) -> Reading:
        reading = self[text] = Reading(text, self.now)
        return reading
