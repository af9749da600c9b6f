"""One unit of work for the engine: a user, their open transaction, and the instant it happens at."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.schedule import Policy, QuietHours, parse_lead_days
from bot.messages import Button, Reply
from bot.texts import t
from bot.texts.format import day_text, when_text
from storage import accounts
from storage.models import User

Buttons = tuple[tuple[Button, ...], ...]


@dataclass
class Turn:
    """Everything a handler needs; handlers never read the clock or open sessions themselves."""

    session: Session
    user: User
    now: datetime  # aware UTC, read once for this message
    replies: list[Reply] = field(default_factory=list)
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

    def t(self, text_id: str, **params: Any) -> str:
        """Return a catalogue text in the user's language."""
        return t(self.lang, text_id, **params)

    def say(self, text_id: str, *, buttons: Buttons = (), edit: bool = False, topic: str | None = None,
            **params: Any) -> None:
        """Queue a reply built from a catalogue text (``topic``: see ``Reply``)."""
        self.replies.append(Reply(self.t(text_id, **params), buttons=buttons, edit=edit, topic=topic))

    def button(self, text_id: str, data: str, **params: Any) -> Button:
        """Build a button whose label comes from the catalogue."""
        return Button(self.t(text_id, **params), data)

    def day(self, day: date) -> str:
        """Format a local date for this user."""
        return day_text(day, self.lang, self.today)

    def when(self, instant: datetime) -> str:
        """Format an instant as the user's local date and time."""
        return when_text(instant.astimezone(self.zone), self.lang, self.today)

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
