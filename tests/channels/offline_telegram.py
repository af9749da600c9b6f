"""A Bot API transport with no network, after PTB's own ``OfflineRequest``: it records every call and answers
from a script; a call nobody scripted fails the test."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram.ext import BaseRateLimiter, ExtBot
from telegram.request import BaseRequest, RequestData

TOKEN = "123456:TEST-token-for-the-fake-api-only-0000"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "RepayBot Test", "username": "repaybot_test_bot"}
_MESSAGE_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup")
_TRUE_METHODS = ("answerCallbackQuery", "setMyCommands", "sendChatAction", "deleteWebhook", "setChatMenuButton")


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def keyboard(self) -> list[list[tuple[str, str]]]:
        markup = self.params.get("reply_markup") or {}
        return [[(b["text"], b["callback_data"]) for b in row] for row in markup.get("inline_keyboard", [])]


class RecordingRequest(BaseRequest):
    """Records calls; answers send/edit calls with a plausible Message and queued failures first."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self._failures: dict[str, list[tuple[int, dict[str, Any]] | Exception]] = defaultdict(list)
        self._message_id = 100

    def fail(self, method: str, status: int, description: str, **parameters: Any) -> None:
        """Answer the next ``method`` call with an error response."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self._failures[method].append((status, body))

    def raise_on(self, method: str, error: Exception) -> None:
        """Raise ``error`` from the transport on the next ``method`` call (timeouts, network trouble)."""
        self._failures[method].append(error)

    def of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
                         pool_timeout: Any = None) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files = {k: (v[0] or "", v[1] if isinstance(v[1], bytes) else b"")
                 for k, v in ((request_data.multipart_data or {}) if request_data else {}).items()}
        self.calls.append(ApiCall(endpoint, params, files))
        if self._failures[endpoint]:
            failure = self._failures[endpoint].pop(0)
            if isinstance(failure, Exception):
                raise failure
            status, body = failure
            return status, json.dumps(body).encode()
        if endpoint == "getMe":
            return _ok(BOT_USER)
        if endpoint in _TRUE_METHODS:
            return _ok(True)
        if endpoint in _MESSAGE_METHODS:
            self._message_id += 1
            message_id = int(params.get("message_id") or self._message_id)
            chat_id = int(params["chat_id"])
            return _ok({"message_id": message_id, "date": 1_800_000_000, "from": BOT_USER,
                        "chat": {"id": chat_id, "type": "private"}, "text": params.get("text", "")})
        pytest.fail(f"RecordingRequest: unexpected Bot API call {endpoint} (network access is not allowed here)")


def _ok(result: Any) -> tuple[int, bytes]:
    return 200, json.dumps({"ok": True, "result": result}).encode()


def make_offline_bot(request: RecordingRequest, rate_limiter: BaseRateLimiter[str] | None = None) -> ExtBot[str]:
    """An ExtBot whose every request goes to ``request``."""
    return ExtBot(TOKEN, request=request, get_updates_request=request, rate_limiter=rate_limiter)
