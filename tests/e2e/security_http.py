"""Raw HTTP for attacking the bot's servers as a client would that does not play by the rules: bytes aiohttp's
client would not send (non-ASCII headers), half a request line left open."""

from __future__ import annotations

import asyncio


async def raw_request(host: str, port: int, request: bytes, within: float = 15.0) -> int:
    """Send ``request`` as it is and return the status of the answer (0 when the server closed without one)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), within)
    try:
        writer.write(request)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), within)
    finally:
        writer.close()
    parts = line.split()
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0


def post(path: str, body: bytes, headers: dict[str, str] | None = None, *, query: str = "") -> bytes:
    """A complete ``POST`` with ``body``, headers encoded as UTF-8 (which a real client would refuse to do)."""
    lines = [f"POST {path}{'?' + query if query else ''} HTTP/1.1", "Host: 127.0.0.1",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


async def hold_half_open(host: str, port: int, count: int, *, within: float = 30.0) -> list[asyncio.StreamWriter]:
    """Open up to ``count`` connections that each send half a request line and then nothing; return the writers of
    those that connected (the rest were refused or timed out, which is the server's right)."""
    writers: list[asyncio.StreamWriter] = []

    async def one() -> None:
        try:
            _reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
        except (OSError, TimeoutError):
            return
        try:
            writer.write(b"POST /wechat?signature=")
            await writer.drain()
        except OSError:
            writer.close()
            return
        writers.append(writer)

    loop = asyncio.get_running_loop()
    end = loop.time() + within
    for start in range(0, count, 100):  # in waves: the kernel's accept queue is finite
        if loop.time() > end:
            break
        await asyncio.gather(*(one() for _ in range(min(100, count - start))))
    return writers
