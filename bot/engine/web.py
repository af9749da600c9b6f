"""``/web``: a one-time link to the web page (debts, plan, recovery), and on Telegram the page as a Mini App."""

from __future__ import annotations

from datetime import timedelta

from bot.core.webauth import digest, new_token
from bot.engine.turn import Buttons, Turn
from bot.texts.values import Choice, Text
from storage import web as web_store

LINK_VALID = timedelta(minutes=15)


def link(turn: Turn, _args: str) -> None:
    """Answer a fresh link, valid 15 minutes and only once; it signs this browser in as this user."""
    token = new_token()
    web_store.add_link(session=turn.session, owner_id=turn.owner_id, token_hash=digest(token),
                       expires_at=turn.now + LINK_VALID, now=turn.now)
    url = f"{turn.web_base_url}/app?t={token}"
    buttons: Buttons = ()
    if turn.user.channel == "tg" and turn.web_base_url.startswith("https://"):
        # Telegram opens only https pages as Mini Apps; there the page signs in with Telegram's own data.
        buttons = ((Choice(Text("web.open_in_telegram"), "", web_app=f"{turn.web_base_url}/app"),),)
    turn.say("web.link", url=url, minutes=int(LINK_VALID.total_seconds() // 60), buttons=buttons)
