"""What the WeChat channel remembers per user, in the database: the push window, one-time grants, the latest
buttons, and text that could not be pushed.

This is the one channel module that touches storage, on purpose: the platform's rules (a 48-hour window with a
quota, one-time grants) are state about the channel, not about debts, and must survive restarts and be shared by
every process. It holds no domain logic; it counts what WeChat allows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import Clock
from bot.messages import Address, Button, Inbound, Reply
from bot.texts import t
from storage import accounts, wechat
from storage.db import session_scope
from storage.models import WeChatContact

MESSAGE_WINDOW = (timedelta(hours=48), 5)  # a user message: 5 customer-service messages within 48 h
EVENT_WINDOW = (timedelta(minutes=1), 3)  # a follow or menu click: 3 within 1 minute

Window = Literal["message", "event", "close"]


@dataclass(frozen=True, slots=True)
class Translation:
    """What one push means: the engine's input (if any), how it changes the push window, grants it brings."""

    inbound: Inbound | None
    window: Window | None = None
    grants: int = 0
    unsupported: bool = False


class WeChatBook:
    """What the channel remembers per user: the push window, one-time grants, the latest buttons, carried text."""

    def __init__(self, database: Database, clock: Clock, *, default_language: str = "zh") -> None:
        self.database = database
        self.clock = clock
        self.default_language = default_language

    def _contact(self, session: Session, address: Address) -> tuple[WeChatContact, str] | None:
        user = accounts.get_user_by_address(session=session, address=str(address))
        if user is None or user.id is None:
            return None
        return wechat.wechat_contact(session=session, owner_id=user.id, now=self.clock.now()), user.language

    def _owner(self, session: Session, address: Address) -> int | None:
        user = accounts.get_user_by_address(session=session, address=str(address))
        return None if user is None else user.id

    def buttons(self, address: Address) -> list[Button]:
        """Return the buttons of the latest message to ``address`` that had any."""
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is None or not found[0].buttons:
                return []
            try:
                pairs = json.loads(found[0].buttons)
                return [Button(str(label), str(data)) for label, data in pairs]
            except (ValueError, TypeError):
                return []

    def language(self, address: Address) -> str:
        """Return the user's language, or the default for someone unknown."""
        with session_scope(self.database) as session:
            user = accounts.get_user_by_address(session=session, address=str(address))
            return self.default_language if user is None else user.language

    def settle_turn(self, address: Address, translation: Translation, replies: list[Reply], *,
                    template_id: str | None, subscribe_url: str | None) -> tuple[str, list[Reply], str]:
        """Record what an inbound push changed and finish the answer to it.

        Returns ``(language, replies, carried)``: the replies with the WeChat-only additions (the grant request
        after a saved debt, thanks for a grant) and any text that could not be pushed earlier.
        """
        now = self.clock.now()
        out = list(replies)
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is None:  # never met, or just deleted with /delete
                if translation.unsupported:
                    out.append(Reply(t(self.default_language, "wx.unsupported")))
                return self.default_language, out, ""
            contact, lang = found
            if translation.window == "message":
                contact.window_until, contact.window_quota = now + MESSAGE_WINDOW[0], MESSAGE_WINDOW[1]
            elif translation.window == "event":
                still_open = contact.window_until is not None and contact.window_until > now + EVENT_WINDOW[0]
                if not still_open or contact.window_quota <= 0:
                    contact.window_until, contact.window_quota = now + EVENT_WINDOW[0], EVENT_WINDOW[1]
            elif translation.window == "close":
                contact.window_until, contact.window_quota = now, 0
            contact.notify_grants += translation.grants
            carried = ""
            if translation.window != "close":  # an unfollowed user would not see it: keep it for their return
                carried, contact.carry = contact.carry or "", None
            contact.updated_at = now
            session.add(contact)
            if translation.unsupported:
                out.append(Reply(t(lang, "wx.unsupported")))
            if translation.grants and not out:
                out.append(Reply(t(lang, "wx.notify_granted")))
            if template_id and contact.notify_grants <= 0 and any(r.topic == "debt_saved" for r in out):
                ask = (t(lang, "wx.ask_notify_link", url=subscribe_url) if subscribe_url
                       else t(lang, "wx.ask_notify"))
                out.append(Reply(ask))
            return lang, out, carried

    def remember_buttons(self, address: Address, buttons: Sequence[Button]) -> str | None:
        """Keep the numbered options shown to ``address`` so a typed number can press one; return the ones before."""
        if not buttons:
            return None
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is None:
                return None
            previous = found[0].buttons
            found[0].buttons = _buttons_json(buttons)
            session.add(found[0])
            return previous

    def forget_buttons(self, address: Address, buttons: Sequence[Button], previous: str | None) -> None:
        """Put back the options from before ``buttons``, whose message did not go out (unless newer ones came)."""
        if not buttons:
            return
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is not None and found[0].buttons == _buttons_json(buttons):
                found[0].buttons = previous
                session.add(found[0])

    def carry(self, address: Address, text: str) -> None:
        """Keep text that could not be pushed for the user's next passive reply."""
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is not None:
                contact = found[0]
                contact.carry = f"{contact.carry}\n\n{text}" if contact.carry else text
                session.add(contact)

    def reserve_push(self, address: Address) -> bool:
        """Take one customer-service message from the user's window; False when it is closed or used up."""
        with session_scope(self.database) as session:
            owner = self._owner(session, address)
            return owner is not None and wechat.reserve_wechat_push(session=session, owner_id=owner,
                                                                  now=self.clock.now())

    def release_push(self, address: Address) -> None:
        """Give a reserved slot back: the message did not go out for a reason that says nothing of the window."""
        with session_scope(self.database) as session:
            owner = self._owner(session, address)
            if owner is not None:
                wechat.release_wechat_push(session=session, owner_id=owner, now=self.clock.now())

    def close_window(self, address: Address) -> None:
        """The platform refused a customer-service message (45015/45047): stop trying until the user writes."""
        with session_scope(self.database) as session:
            found = self._contact(session, address)
            if found is not None:
                found[0].window_until, found[0].window_quota = self.clock.now(), 0
                session.add(found[0])

    def take_grant(self, address: Address) -> bool:
        """Use one one-time subscribe grant; False when the user has none."""
        with session_scope(self.database) as session:
            owner = self._owner(session, address)
            return owner is not None and wechat.take_wechat_grant(session=session, owner_id=owner,
                                                                now=self.clock.now())

    def give_back_grant(self, address: Address) -> None:
        """Return a grant whose message did not go out for a transient reason."""
        with session_scope(self.database) as session:
            owner = self._owner(session, address)
            if owner is not None:
                wechat.add_wechat_grant(session=session, owner_id=owner, now=self.clock.now())

    def drop_grants(self, address: Address) -> None:
        """The platform says the user has no grant (43101): forget ours."""
        with session_scope(self.database) as session:
            owner = self._owner(session, address)
            if owner is not None:
                wechat.drop_wechat_grants(session=session, owner_id=owner, now=self.clock.now())


def _buttons_json(buttons: Sequence[Button]) -> str:
    return json.dumps([[b.label, b.data] for b in buttons], ensure_ascii=False)


# --- outbound -------------------------------------------------------------------------------------------------------


