"""Logging set-up with redaction: tokens, secrets and card numbers never reach a log line."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import quote, quote_plus

from bot.core.redact import mask_card_numbers

# Telegram bot tokens look like 123456789:AAH…, any bot's, not only ours. Not "\b": inside a Bot API URL the token
# follows "bot" (…/bot123456789:AAH…/sendMessage), where no word boundary is.
_TELEGRAM_TOKEN = re.compile(r"(?<![0-9])\d{5,16}(?::|%3[Aa])[A-Za-z0-9_-]{20,}")
# Whatever a Bot API path carries where the token goes (…/bot<token>/method, …/file/bot<token>/…), even a token
# of an odd shape.
_BOT_API_PATH = re.compile(r"(/bot)\d+(?::|%3[Aa])[^/\s?#\"'<>]+")
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
        text = _BOT_API_PATH.sub(r"\1***", text)
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
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class ThrottleFilter(logging.Filter):
    """Lets at most ``burst`` records of one kind (logger, level, message template) through per ``period``
    seconds; the next one through says how many were dropped. A flood of one failure (a client holding
    connections, "Too many open files" on every accept) then costs a few lines a minute, not gigabytes."""

    def __init__(self, burst: int = 10, period: float = 60.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.burst = burst
        self.period = period
        self.monotonic = monotonic
        self._windows: dict[tuple[str, int, str], tuple[float, int, int]] = {}  # kind -> (start, passed, dropped)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True  # what an operator turned on with LOG_LEVEL is theirs to have
        kind = (record.name, record.levelno, str(record.msg)[:120])
        now = self.monotonic()
        start, passed, dropped = self._windows.get(kind, (now, 0, 0))
        if now - start >= self.period:
            start, passed = now, 0
        if passed >= self.burst:
            self._windows[kind] = (start, passed, dropped + 1)
            return False
        if dropped:
            record.msg = f"{record.getMessage()} ({dropped} more like this were not logged)"
            record.args = None
        if len(self._windows) > 1000:  # kinds are few; this only bounds a pathological mix
            self._windows.clear()
        self._windows[kind] = (start, passed + 1, 0)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, process, and the traceback if any.

    It formats what the redacting filter left: the filter runs first and rewrites the message and traceback.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process or os.getpid(),
        }
        if record.exc_text:
            entry["exc"] = record.exc_text
        elif record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, secrets: Iterable[str] = (), stream: object = None,
                      fmt: str = "text") -> RedactingFilter:
    """Log to stderr at ``level`` through the redacting filter, as text or JSON lines; quiet chatty libraries."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redactor = RedactingFilter(secrets)
    handler.addFilter(ThrottleFilter())  # first: a dropped record costs no redaction
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return redactor
