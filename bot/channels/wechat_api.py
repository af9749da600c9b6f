"""A small asynchronous client for the WeChat Official Account API: the access token, customer-service messages
and one-time subscribe messages.

Our own ~100 lines on aiohttp instead of wechatpy's client, which is synchronous (``requests``: it would need a
thread per call) and hard-codes the token URL, so neither the API base URL setting nor a test platform could
reach it. Network trouble becomes ``ChannelUnavailable``; a platform error code becomes ``ApiError`` for the
caller to map, because what 45015 means depends on what was being sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import aiohttp

from bot.errors import ChannelUnavailable

log = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40001, 40014, 42001})  # invalid, malformed, expired access token: refresh once, retry
OUT_OF_WINDOW = 45015  # no user message in the last 48 h (or the user unfollowed)
OUT_OF_QUOTA = 45047  # the window's customer-service messages are used up
NO_GRANT = 43101  # the user has no one-time subscribe grant for this template
NOT_FOLLOWING = 43004  # the user does not follow the account
INVALID_OPENID = 40003
TOO_FAST = 45009  # the account's daily or per-minute API quota


class ApiError(Exception):
    """The platform answered with a non-zero ``errcode``."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        self.errcode = errcode
        self.errmsg = errmsg
        super().__init__(f"WeChat API error {errcode}: {errmsg[:120]}")


class TokenStore(Protocol):
    """Where the app's access token is shared between processes (``bot.channels.wechat_token``)."""

    async def token(self, fetch: Callable[[], Awaitable[tuple[str, int]]], *,
                    refused: str | None = None) -> tuple[str, float]: ...


class WeChatApi:
    """Calls the API with one access token, fetched once and refreshed shortly before it expires.

    Concurrent callers share one fetch: the lock is taken only when the token is missing, near expiry, or was
    just refused by the platform, and the first caller through it refreshes for all. With ``tokens`` the token is
    shared with every other process of the app (one fetch for all of them); without, it is this process's own.
    """

    def __init__(self, base_url: str, app_id: str, app_secret: str, *, timeout: float = 10.0,
                 refresh_margin: float = 300.0, monotonic: Callable[[], float] = time.monotonic,
                 tokens: TokenStore | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self._secret = app_secret
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._margin = refresh_margin
        self._monotonic = monotonic
        self._session: aiohttp.ClientSession | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self._tokens = tokens
        self.token_fetches = 0

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send_text(self, openid: str, text: str) -> None:
        """Send a customer-service text message."""
        await self.call("/cgi-bin/message/custom/send",
                        {"touser": openid, "msgtype": "text", "text": {"content": text}})

    async def send_subscribe(self, openid: str, template_id: str, data: Mapping[str, str]) -> None:
        """Send a one-time subscribe message (订阅通知) with ``data`` filling the template's fields."""
        await self.call("/cgi-bin/message/subscribe/bizsend", {
            "touser": openid, "template_id": template_id,
            "data": {name: {"value": value} for name, value in data.items()}})

    async def call(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """POST ``payload`` to ``path`` with the access token; refresh the token once if the platform refuses it."""
        token = await self.access_token()
        answer = await self._post(path, token, payload)
        if _errcode(answer) in TOKEN_ERRORS:
            token = await self.access_token(refused=token)
            answer = await self._post(path, token, payload)
        code = _errcode(answer)
        if code != 0:
            raise ApiError(code, str(answer.get("errmsg", "")))
        return answer

    async def access_token(self, *, refused: str | None = None) -> str:
        """Return a valid access token; ``refused`` names one the platform just rejected, forcing a refresh."""
        if self._usable(refused):
            assert self._token is not None
            return self._token
        async with self._lock:
            if not self._usable(refused):  # unless another caller refreshed it while we waited
                if self._tokens is None:
                    self._keep(*await self._fetch_token())
                else:
                    self._keep(*await self._tokens.token(self._fetch_token, refused=refused))
            assert self._token is not None
            return self._token

    def _usable(self, refused: str | None) -> bool:
        return self._token is not None and self._token != refused and self._monotonic() < self._expires_at

    def _keep(self, token: str, seconds_left: float) -> None:
        self._token = token
        self._expires_at = self._monotonic() + seconds_left - min(self._margin, seconds_left / 10)

    async def _fetch_token(self) -> tuple[str, int]:
        """Ask the platform for a new token; return it with its lifetime in seconds."""
        self.token_fetches += 1
        answer = await self._request("GET", "/cgi-bin/token", params={
            "grant_type": "client_credential", "appid": self.app_id, "secret": self._secret})
        token, expires_in = answer.get("access_token"), answer.get("expires_in", 7200)
        if not isinstance(token, str) or not token or not isinstance(expires_in, int):
            code = _errcode(answer)
            # 40013 / 40125: wrong app id or secret; 40164: this server's IP is not on the account's whitelist.
            log.error("could not get a WeChat access token: errcode %s %s", code, str(answer.get("errmsg", ""))[:120])
            raise ChannelUnavailable(f"no access token (errcode {code})")
        return token, expires_in

    async def _post(self, path: str, token: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        # ensure_ascii=False: the platform shows \\uXXXX escapes literally instead of the characters.
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return await self._request("POST", path, params={"access_token": token}, data=body,
                                   headers={"Content-Type": "application/json; charset=utf-8"})

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.request(method, self.base_url + path, **kwargs) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as err:
            raise ChannelUnavailable(f"WeChat API unreachable: {type(err).__name__}") from err
        if status != 200:
            raise ChannelUnavailable(f"WeChat API answered HTTP {status}")
        try:
            answer = json.loads(raw)
        except ValueError as err:
            raise ChannelUnavailable("WeChat API answered something that is not JSON") from err
        if not isinstance(answer, dict):
            raise ChannelUnavailable("WeChat API answered something that is not a JSON object")
        return answer


def _errcode(answer: Mapping[str, Any]) -> int:
    code = answer.get("errcode", 0)
    return code if isinstance(code, int) else -1
