"""The connection guard on a real server on 127.0.0.1, with short deadlines: a request line that never ends is cut,
a body that never comes gets 408, an idle connection is closed, and at the cap the oldest connection without a
request in hand makes room for a new one, while a request being handled is never cut for that."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web

from bot.channels.http_guard import ConnectionGuard, GuardedSite, guarded_app, read_body, runner_for


@dataclass
class Server:
    guard: ConnectionGuard
    port: int
    release: asyncio.Event
    handling: asyncio.Event  # a slow request is in hand


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    guard = ConnectionGuard("test", cap=3, header_timeout=0.3, idle_timeout=0.6, busy_timeout=5.0)
    release, handling = asyncio.Event(), asyncio.Event()

    async def echo(request: web.Request) -> web.Response:
        body = await read_body(request, within=0.3)
        if body == b"slow":
            handling.set()
            await release.wait()
        return web.Response(body=body)

    app = guarded_app(guard, client_max_size=1024)
    app.router.add_post("/", echo)
    runner = runner_for(app, shutdown_timeout=0.1)
    await runner.setup()
    site = GuardedSite(runner, "127.0.0.1", 0, guard=guard)
    await site.start()
    yield Server(guard, runner.addresses[0][1], release, handling)
    release.set()
    await runner.cleanup()


async def connect(server: Server, first: bytes = b"") -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    if first:
        writer.write(first)
        await writer.drain()
    return reader, writer


def request(body: bytes, *, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    return b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + str(size).encode() + b"\r\n\r\n" + body


async def closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection (fails if it does not within 3 s)."""
    return await asyncio.wait_for(reader.read(), 3)


async def test_half_a_request_line_is_cut_after_the_header_timeout(server: Server) -> None:
    reader, writer = await connect(server, b"POST /?signature=")
    started = asyncio.get_running_loop().time()
    assert await closed(reader) == b""
    assert 0.2 < asyncio.get_running_loop().time() - started < 2
    writer.close()


async def test_a_body_that_never_comes_gets_408(server: Server) -> None:
    reader, writer = await connect(server, request(b"abc", length=10))
    assert (await closed(reader)).startswith(b"HTTP/1.1 408")
    writer.close()


async def test_an_idle_connection_is_closed_and_a_busy_one_is_not(server: Server) -> None:
    idle_reader, idle = await connect(server)
    busy_reader, busy = await connect(server, request(b"slow"))
    assert await closed(idle_reader) == b"", "closed after the idle timeout (0.6 s, twice the header timeout)"
    assert not busy_reader.at_eof()
    server.release.set()
    answer = await asyncio.wait_for(busy_reader.readuntil(b"slow"), 3)
    assert answer.startswith(b"HTTP/1.1 200")
    idle.close()
    busy.close()


async def test_at_the_cap_the_oldest_idle_connection_makes_room_and_a_busy_one_stays(server: Server) -> None:
    busy_reader, busy = await connect(server, request(b"slow"))
    await asyncio.wait_for(server.handling.wait(), 3)
    stale = [await connect(server, b"POST /") for _ in range(2)]
    reader, writer = await connect(server, request(b"hello"))
    assert (await asyncio.wait_for(reader.readuntil(b"hello"), 3)).startswith(b"HTTP/1.1 200")
    assert await closed(stale[0][0]) == b"", "the oldest connection without a request made room"
    assert server.guard.open_connections <= 3 and server.guard.counts["evicted"] >= 1
    assert not busy_reader.at_eof()
    server.release.set()
    assert (await asyncio.wait_for(busy_reader.readuntil(b"slow"), 3)).startswith(b"HTTP/1.1 200")
    for _, w in stale:
        w.close()
    writer.close()
    busy.close()
