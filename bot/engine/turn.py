"""One unit of work for the engine: a user, their open transaction, and the instant it happens at."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.schedule import Policy, QuietHours, parse_lead_days
from bot.messages import Attachment
from bot.texts.values import Choice, Choices, Said, Text, Value
from storage import accounts
from storage.models import User

Buttons = Choices


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

    @property
    def state(self) -> dict[str, Any]:
        if not self.user.state:
            return {}
        try:
            loaded = json.loads(self.user.state)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def set_state(self, state: dict[str, Any] | None, *, keep_drafts: bool = True) -> None:
        """Remember (or, with None, forget) the conversation in progress.

        Debts the user described but has not confirmed yet (``drafts``) survive whatever else happens in
        between — a command, a payment, a reminder — unless ``keep_drafts`` is false (saved, or cancelled).
        """
        if keep_drafts and (state is None or "drafts" not in state) and self.user.state and '"drafts"' in self.user.state:
            drafts = self.state.get("drafts")
            if drafts:
                state = {**(state or {}), "drafts": drafts}
        value = None if not state else json.dumps(state, ensure_ascii=False)
        if value == self.user.state:
            return  # most commands forget a state there was none of: nothing to write
        # A plain UPDATE now rather than a dirty user flushed at commit: far cheaper, and the same in the end.
        accounts.write_fields(session=self.session, row=self.user, values={"state": value})
