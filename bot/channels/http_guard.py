"""Keep a webhook server answering when clients hold connections open without finishing a request.

aiohttp on its own keeps a connection that sent half a request line for as long as its keep-alive allows (an
hour), and accepts connections until the process runs out of file descriptors; past that every accept fails,
legitimate requests included, and asyncio logs each failure. Here, each server:

- gives a connection ``header_timeout`` seconds from its first byte to deliver a request line and headers, and
  ``idle_timeout`` seconds between requests; ``read_body`` gives the body ``body_timeout`` (then 408);
- holds at most ``cap`` connections, fewer than the descriptors the process may open; a connection over the
  cap closes the oldest one that has no request being handled (a half-open one, typically), so a legitimate
  request that arrives complete is still answered, and the accept loop never meets "Too many open files";
- logs what it closed at most once a minute, as counts.

Public deployments still belong behind a reverse proxy with its own timeouts and per-address limits
(docs/security.md): this guard keeps one process alive, the proxy keeps one client from taking all of it.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections.abc import Awaitable, Callable
from typing import Literal

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to its last header
IDLE_TIMEOUT = 30.0  # seconds an open connection may wait for its next request (a proxy's keep-alive reconnects)
BODY_TIMEOUT = 10.0  # seconds to receive a body once its headers came
BUSY_TIMEOUT = 60.0  # a request being handled longer than this (a client that never reads the answer) is cut
MAX_CONNECTIONS = 512
FD_RESERVE = 96  # descriptors left for the database, outbound HTTP (Telegram's pool is 64), logs and files
# The listen backlog, which is also how many connections asyncio accepts in one go; a connection closed to make
# room gives its descriptor back only after that burst, so the cap leaves room for one whole burst.
BACKLOG = 64
REPORT_EVERY = 60.0  # seconds between log lines about closed connections

State = Literal["idle", "partial", "busy"]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class MalformedRequestFilter(logging.Filter):
    """aiohttp logs every request its HTTP parser refuses (bad bytes in the request line, a header too long) with a
    traceback, at ERROR: anyone on the network can write those. Keep one line without the traceback, at WARNING."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError) or (isinstance(error, OSError) and record.name == "asyncio"):
            what = "refused a malformed HTTP request" if isinstance(error, HttpProcessingError) else "accept failed"
            record.msg = f"{what} ({type(error).__name__}: {str(error)[:120]})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_MALFORMED = MalformedRequestFilter()


def quiet_malformed_requests() -> None:
    """Install ``MalformedRequestFilter`` on aiohttp's server logger (once)."""
    for name in ("aiohttp.server", "asyncio"):  # asyncio: "Too many open files" on accept, were it ever reached
        logger = logging.getLogger(name)
        if _MALFORMED not in logger.filters:
            logger.addFilter(_MALFORMED)


def connection_cap(wanted: int = MAX_CONNECTIONS) -> int:
    """The most connections one server may hold: ``wanted``, or fewer when the descriptor limit is low."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(8, min(wanted, (soft - FD_RESERVE - BACKLOG) // 2))


async def read_body(request: web.Request, *, within: float = BODY_TIMEOUT) -> bytes:
    """Read the request body, answering 408 (and closing) when it does not arrive ``within`` seconds."""
    if request.content.is_eof():
        return await request.read()  # all of it came with the headers (an update does): nothing to wait for
    try:
        return await asyncio.wait_for(request.read(), within)
    except TimeoutError:
        raise web.HTTPRequestTimeout(headers={"Connection": "close"}) from None


class _Connection(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection: forwards everything, keeps the connection's deadline."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self.state: State = "idle"
        self.since = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.started = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if not self.guard.admit(self):
            transport.abort()
            return
        self.started = True
        self.enter("idle")
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.state == "idle":
            self.enter("partial")
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.started else None

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard.forget(self)
        if self.timer is not None:
            self.timer.cancel()
        if self.started:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def enter(self, state: State) -> None:
        """Move to ``state`` and restart its clock."""
        loop = asyncio.get_running_loop()
        self.state, self.since = state, loop.time()
        if self.timer is not None:
            self.timer.cancel()
        limit = {"idle": self.guard.idle_timeout, "partial": self.guard.header_timeout,
                 "busy": self.guard.busy_timeout}[state]
        self.timer = loop.call_later(limit, self.expire)

    def expire(self) -> None:
        self.timer = None
        if self.transport is not None and not self.transport.is_closing():
            self.guard.note("timed_out" if self.state != "idle" else "idle")
            self.transport.abort()


class ConnectionGuard:
    """Per server: the connection cap, the deadlines, the eviction of the oldest idle connection at the cap."""

    def __init__(self, name: str, *, cap: int | None = None, header_timeout: float = HEADER_TIMEOUT,
                 idle_timeout: float = IDLE_TIMEOUT, busy_timeout: float = BUSY_TIMEOUT) -> None:
        quiet_malformed_requests()
        self.name = name
        self.cap = cap if cap is not None else connection_cap()
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
        self.busy_timeout = busy_timeout
        self._open: dict[asyncio.Transport, _Connection] = {}  # in the order they opened
        self.counts = {"timed_out": 0, "idle": 0, "evicted": 0, "refused": 0}
        self._reported = dict(self.counts)
        self._last_report = float("-inf")

    @property
    def open_connections(self) -> int:
        """How many connections the server holds now."""
        return len(self._open)

    def wrap(self, factory: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """Wrap aiohttp's protocol factory so that every connection goes through this guard."""
        return lambda: _Connection(self, factory())

    def admit(self, connection: _Connection) -> bool:
        """Take a new connection, closing the oldest one with no request in hand when at the cap."""
        if len(self._open) >= self.cap:
            oldest = next((c for c in self._open.values() if c.state != "busy"), None)
            if oldest is None:
                self.note("refused")
                return False
            self.note("evicted")
            self.forget(oldest)
            assert oldest.transport is not None
            oldest.transport.abort()
        assert connection.transport is not None
        self._open[connection.transport] = connection
        return True

    def forget(self, connection: _Connection) -> None:
        """Drop a closed (or closing) connection from the count."""
        if connection.transport is not None and self._open.get(connection.transport) is connection:
            del self._open[connection.transport]

    def note(self, what: str) -> None:
        """Count a closed connection; log the counts at most once every ``REPORT_EVERY`` seconds."""
        self.counts[what] += 1
        now = asyncio.get_running_loop().time()
        if now - self._last_report < REPORT_EVERY:
            return
        self._last_report = now
        new = {k: v - self._reported[k] for k, v in self.counts.items()}
        self._reported = dict(self.counts)
        log.warning("%s: closed %d connections with an unfinished request, %d idle ones and %d over the cap of "
                    "%d; refused %d (in the last minute)", self.name, new["timed_out"], new["idle"],
                    new["evicted"], self.cap, new["refused"])

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Mark the connection busy while its request is handled, so it is neither timed out nor evicted."""
        connection = self._open.get(request.transport) if request.transport is not None else None
        if connection is not None:
            connection.enter("busy")
        try:
            return await handler(request)
        finally:
            if connection is not None and connection.state == "busy":
                connection.enter("idle")


class GuardedSite(web.TCPSite):
    """A ``TCPSite`` whose connections go through a ``ConnectionGuard``."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, *, guard: ConnectionGuard) -> None:
        super().__init__(runner, host, port)
        self.guard = guard

    async def start(self) -> None:
        """Listen, with every accepted connection wrapped by the guard."""
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        self._server = await asyncio.get_running_loop().create_server(
            self.guard.wrap(server), self._host, self._port, backlog=BACKLOG)
        if self._server.sockets:
            self._bound_port = self._server.sockets[0].getsockname()[1]


def guarded_app(guard: ConnectionGuard, *, client_max_size: int) -> web.Application:
    """A web application whose handlers run inside the guard's middleware."""
    return web.Application(client_max_size=client_max_size, middlewares=[guard.middleware])


def runner_for(app: web.Application, *, shutdown_timeout: float) -> web.AppRunner:
    """An ``AppRunner`` whose keep-alive matches the guard's idle timeout."""
    return web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout, keepalive_timeout=IDLE_TIMEOUT)
