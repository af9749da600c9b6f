"""PTB's HTTP transport on aiohttp instead of httpx.

python-telegram-bot lets the HTTP library be swapped (``BaseRequest``). Measured against the fake Bot API on
loopback, a ``sendMessage`` with a keyboard costs about 2.1–2.7 ms of CPU through PTB's ``HTTPXRequest`` and
0.7 ms through this one: at the cap of ~30 messages a second that is the difference between meeting and missing
the budget of 0.1 core for a reminder burst (docs/benchmarks.md, B1). aiohttp is already a dependency.

PTB does everything above the transport (encoding, status codes → ``TelegramError``); this only moves bytes and
maps aiohttp's failures to ``TimedOut`` / ``NetworkError``, never putting the URL (which holds the token) into
an error text.
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp.helpers import basicauth_from_netrc, get_env_proxy_for_url, netrc_from_env
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, RequestData
from yarl import URL

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` over one aiohttp session; timeouts default like PTB's (5 s, pool 1 s)."""

    def __init__(self, connection_pool_size: int = 64, *, read_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0,
                 media_read_timeout: float | None = 20.0) -> None:
        self.connection_pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_read_timeout = media_read_timeout
        self._session: aiohttp.ClientSession | None = None
        self._json_timeout = aiohttp.ClientTimeout(total=None, connect=_sum(pool_timeout, connect_timeout),
                                                   sock_connect=connect_timeout, sock_read=read_timeout)
        self._routes: dict[tuple[str, str | None], dict[str, Any]] = {}  # per scheme and host, see ``_route``

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # HTTPS_PROXY / NO_PROXY (and ~/.netrc) are honoured as they are with httpx, read by ``_route``.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connection_pool_size),
                headers={"User-Agent": self.USER_AGENT})
            self._routes = {}

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else {}
        default_read = self._media_read_timeout if files else self._read_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_sum(_given(pool_timeout, self._pool_timeout), _given(connect_timeout, self._connect_timeout)),
            sock_connect=_given(connect_timeout, self._connect_timeout),
            sock_read=_given(read_timeout, default_read),
        )
        data: aiohttp.FormData | dict[str, str] = fields
        if files:
            form = aiohttp.FormData()
            for name, value in fields.items():
                form.add_field(name, value)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            data = form
        route = await self._route(url)
        try:
            async with self._session.request(method, url, data=data, timeout=timeout, **route) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut(f"aiohttp.{type(err).__name__}") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {_without(url, err)}") from err


    async def post_json(self, url: str, payload: dict[str, Any]) -> Any:
        """POST ``payload`` as one JSON body and return the call's ``result``; errors are PTB's, mapped as PTB maps
        them. The lean path for the calls that carry the traffic: PTB's typed parameters and its parse of the
        returned Message cost more CPU than the request itself."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        timeout = self._json_timeout
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        route = await self._route(url)
        try:
            async with self._session.post(url, data=body, headers=_JSON, timeout=timeout, **route) as response:
                status, answer = response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut(f"aiohttp.{type(err).__name__}") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {_without(url, err)}") from err
        if HTTPStatus.OK <= status <= 299:
            return self.parse_json_payload(answer).get("result")
        raise api_error(status, answer)


    async def _route(self, url: str) -> dict[str, Any]:
        """The proxy (HTTP_PROXY / HTTPS_PROXY unless NO_PROXY names the host) and the ~/.netrc credentials for
        ``url``'s host, read from the environment once per host.

        aiohttp's ``trust_env`` reads them afresh for every request, each time on a worker thread (the files may
        block): two thread hops per message, about a tenth of the CPU of answering one (bench/b3_inbound.py). A
        process's environment does not change while it runs; the Bot API is one host."""
        parsed = URL(url)
        key = (parsed.scheme, parsed.host)
        route = self._routes.get(key)
        if route is None:
            route = self._routes[key] = await asyncio.to_thread(_route_from_env, parsed)
        return route


def _route_from_env(url: URL) -> dict[str, Any]:
    """What aiohttp's ``trust_env`` adds to a request to ``url``: its proxy, and the host's ~/.netrc login."""
    route: dict[str, Any] = {}
    try:
        route["proxy"], route["proxy_auth"] = get_env_proxy_for_url(url)
    except LookupError:  # no proxy for this scheme, or NO_PROXY names the host
        pass
    if url.host is not None and url.user is None:
        try:
            route["auth"] = basicauth_from_netrc(netrc_from_env(), url.host)
        except LookupError:
            pass
    return route


def api_error(status: int, answer: bytes) -> TelegramError:
    """The error PTB raises for a failed call (``BaseRequest._request_wrapper``), so callers handle one kind."""
    try:
        message = f"{HTTPStatus(status).phrase} ({status})"
    except ValueError:
        message = f"Unknown HTTPError ({status})"
    try:
        data = json.loads(answer)
    except ValueError:
        data = None
    if isinstance(data, dict):
        message = str(data.get("description") or message)
        parameters = data.get("parameters") or {}
        if isinstance(parameters, dict):
            if parameters.get("migrate_to_chat_id"):
                return ChatMigrated(int(parameters["migrate_to_chat_id"]))
            if parameters.get("retry_after"):
                return RetryAfter(int(parameters["retry_after"]))
    if status == HTTPStatus.FORBIDDEN:
        return Forbidden(message)
    if status in (HTTPStatus.NOT_FOUND, HTTPStatus.UNAUTHORIZED):
        return InvalidToken(message)
    if status == HTTPStatus.BAD_REQUEST:
        return BadRequest(message)
    if status == HTTPStatus.CONFLICT:
        return Conflict(message)
    return NetworkError(message)


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _without(url: str, err: Exception) -> str:
    """The error's text with the request URL (``…/bot<token>/method``) taken out."""
    return str(err).replace(url, "<Bot API URL>")
