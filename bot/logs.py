"""Logging set-up with redaction: tokens, secrets and card numbers never reach a log line."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from bot.core.redact import mask_card_numbers

# Telegram bot tokens look like 123456789:AAH…; they also appear inside Bot API URLs.
_TELEGRAM_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b")
_QUERY_SECRETS = re.compile(r"(?i)\b(access_token|secret|appsecret|signature|msg_signature)=([^&\s\"']+)")


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with every known secret, token-shaped string and card number masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        known = {s for s in secrets if s and len(s) >= 4}
        # Also as they appear inside URLs (a token's ":" becomes "%3A"; base64 keys carry "+", "/", "=").
        known |= {quote(s, safe="") for s in known} | {quote_plus(s, safe="") for s in known}
        self.secrets = sorted(known, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Return ``text`` with secrets masked."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        text = _TELEGRAM_TOKEN.sub("***", text)
        text = _QUERY_SECRETS.sub(lambda m: f"{m.group(1)}=***", text)
        return mask_card_numbers(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record must not take logging down
            message = str(record.msg)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging(level: str, secrets: Iterable[str] = (), stream: object = None) -> RedactingFilter:
    """Log to stderr at ``level`` through the redacting filter; quiet the chattiest libraries."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactingFilter(secrets)
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return redactor
