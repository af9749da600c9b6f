"""One unit of work for the engine: a user, their open transaction, and the instant it happens at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.dialogue import DialogueState, PendingDebt, RegisterStep, Step
from bot.core.reading import Readings
from bot.core.schedule import Policy, QuietHours, parse_lead_days
from bot.messages import Attachment
from bot.texts.values import Choice, Choices, Said, Text, Value
from storage import accounts
from storage.models import User

Buttons = Choices
EMPTY = DialogueState()  # nothing in progress


@dataclass
class Turn:
    """Everything a handler needs; handlers never read the clock or open sessions themselves, nor write text:
    they say what they mean (``say``, ``reply``, ``button``, with ``bot.texts.values``) and the engine writes it
    once, when the turn ends."""

    session: Session
    user: User
    now: datetime  # aware UTC, read once for this message
    said: list[Said] = field(default_factory=list)  # what to answer, written out once when the turn ends
    operator: str = ""  # who runs the bot, for the privacy notice (a setting)
    operator_contact: str = ""
    web_base_url: str = "http://127.0.0.1:8088"  # where the web page is reached (WEB_BASE_URL)
    dialogue: DialogueState = field(init=False)  # the conversation in progress, as this turn leaves it
    loaded_dialogue: DialogueState = field(init=False)  # as the turn found it
    # The message read once (bot.core.reading): ``turn.readings[text].distress`` and so on, in every branch.
    readings: Readings = field(init=False, repr=False)

    @property
    def lang(self) -> str:
        return self.user.language

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    @property
    def owner_id(self) -> int:
        assert self.user.id is not None
        return self.user.id

    def policy(self, lead_days: str | None = None) -> Policy:
        """Return the user's reminder policy (a debt may override the lead days)."""
        return Policy(zone=self.zone, reminder_minute=self.user.reminder_minute,
                      lead_days=parse_lead_days(lead_days or self.user.lead_days),
                      quiet=QuietHours(self.user.quiet_start_minute, self.user.quiet_end_minute))

    def say(self, text_id: str, *, buttons: Buttons = (), attachments: tuple[Attachment, ...] = (),
            edit: bool = False, topic: str | None = None, **params: Value) -> None:
        """Queue a reply built from a catalogue text (``topic``: see ``Reply``)."""
        self.reply(Text(text_id, **params), buttons=buttons, attachments=attachments, edit=edit, topic=topic)

    def reply(self, text: Value, *, buttons: Buttons = (), attachments: tuple[Attachment, ...] = (),
              edit: bool = False, topic: str | None = None, lang: str | None = None) -> None:
        """Queue a reply made of any value (``lang``: another language than the user's, for this reply only)."""
        self.said.append(Said(text, buttons=buttons, attachments=attachments, edit=edit, topic=topic, lang=lang))

    def button(self, text_id: str, data: str, **params: Value) -> Choice:
        """A button whose label comes from the catalogue."""
        return Choice(Text(text_id, **params), data)

    # --- dialogue state ---------------------------------------------------------------------------------
    # Read from the user's row once when the turn opens, changed in memory by the handlers through the pure
    # transitions of ``DialogueState``, written once when the turn ends (``save_dialogue``, by the engine).

    def __post_init__(self) -> None:
        # Most users have nothing in progress: no parsing for them.
        self.dialogue = self.loaded_dialogue = DialogueState.from_json(self.user.state) if self.user.state else EMPTY
        # Dates in a text are read in the zone the turn starts in: only a button press changes the zone, and a
        # button has no text to read.
        self.readings = Readings(self.local_now)

    def expect(self, step: Step) -> None:
        """Wait for the answer to ``step`` (replacing any other question); drafts stay."""
        self.dialogue = self.dialogue.expecting(step)

    def end_step(self) -> None:
        """The question is over; debts described and not confirmed yet stay (see ``DialogueState``)."""
        self.dialogue = self.dialogue.answered()

    def end_dialogue(self) -> None:
        """Forget everything in progress, drafts too (they were saved, or cancelled)."""
        self.dialogue = self.dialogue.ended()

    def set_drafts(self, drafts: Sequence[PendingDebt], step: RegisterStep) -> None:
        self.dialogue = self.dialogue.with_drafts(tuple(drafts), step)

    def save_dialogue(self) -> None:
        """Write the dialogue state if the turn changed it (most turns do not: then nothing is written)."""
        if self.dialogue != self.loaded_dialogue:
            write_dialogue(self.session, self.user, self.dialogue)
            self.loaded_dialogue = self.dialogue


def write_dialogue(session: Session, user: User, state: DialogueState) -> None:
    """The one place the dialogue state is stored: at the end of a turn, or when a reminder asks a question."""
    # A plain UPDATE rather than a dirty user flushed at commit: far cheaper, and the same in the end.
    accounts.write_fields(session=session, row=user, values={"state": state.to_json()})
