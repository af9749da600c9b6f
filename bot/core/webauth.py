"""The web page's secrets, as pure functions: one-time tokens, their digests, CSRF tokens, Telegram Mini App data.

Telegram's rule for Mini App ``initData`` (core.telegram.org/bots/webapps, "Validating data received via the Mini
App"): sort every ``key=value`` pair except ``hash`` by key and join them with line feeds; the secret key is
HMAC-SHA256 of the bot token keyed with the constant "WebAppData"; the data is genuine when the hex HMAC-SHA256
of those lines under that key equals ``hash``. ``auth_date`` says when Telegram signed it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

INIT_DATA_MAX_AGE = timedelta(hours=24)
MAX_INIT_DATA = 4096  # Telegram's own is well under 1 KB; anything far larger is not from Telegram


def new_token() -> str:
    """A fresh random token for a URL or a cookie (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_for(session_token: str) -> str:
    """The CSRF token of a session: derived from the cookie's secret, so it needs no storage, differs for every
    session and cannot be computed by a page that cannot read the (HttpOnly) cookie."""
    return hmac.new(session_token.encode("utf-8"), b"repaybot-web-csrf", hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class MiniAppUser:
    """Who Telegram says opened the Mini App."""

    user_id: int
    language_code: str | None
    auth_date: datetime


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Return ``fields`` as Telegram would send them, with their ``hash`` (for tests and the screenshot script)."""
    from urllib.parse import urlencode

    return urlencode({**fields, "hash": _hash(fields, bot_token)})


def _hash(fields: dict[str, str], bot_token: str) -> str:
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret_key = hmac.new(b"WebAppData", bot_token.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(secret_key, check.encode("utf-8"), hashlib.sha256).hexdigest()


def check_init_data(init_data: str, bot_token: str, now: datetime) -> MiniAppUser | None:
    """Return the Mini App user when ``init_data`` is signed with ``bot_token`` and at most 24 hours old, else None."""
    if not init_data or len(init_data) > MAX_INIT_DATA:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        return None  # a key given twice: not something Telegram sends
    received = fields.pop("hash", "")
    if not received or not same(_hash(fields, bot_token), received.lower()):
        return None
    try:
        signed_at = datetime.fromtimestamp(int(fields.get("auth_date", "")), tz=UTC)
        user = json.loads(fields.get("user", ""))
        if not isinstance(user, dict):
            return None
        user_id = int(user["id"])
    except (ValueError, TypeError, KeyError, OverflowError, OSError):
        return None
    if not now - INIT_DATA_MAX_AGE <= signed_at <= now + timedelta(minutes=5):
        return None  # too old (or from the future beyond clock skew)
    language = user.get("language_code") if isinstance(user.get("language_code"), str) else None
    return MiniAppUser(user_id=user_id, language_code=language, auth_date=signed_at)
