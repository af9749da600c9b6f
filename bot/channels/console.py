"""The console chat: stdin lines in, replies and reminders out on stdout. Needs no token; also the e2e harness.

Buttons print as numbered options (``[1] ✅ 确认保存``); typing the number presses the button of the latest
message that had buttons. Files (a chart, an export) are saved next to the working directory and their path printed.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.messages import Address, Button, Inbound, Reply
from bot.texts import t

# An engine turn run off the event loop (``TurnRunner.handler``), so reminders keep firing while it waits.
Handle = Callable[[Inbound], Awaitable[list[Reply]]]


class ConsoleSender:
    """Prints reminders for the console user as they fire."""

    def __init__(self, view: ConsoleView) -> None:
        self.view = view

    async def send(self, to: Address, reply: Reply) -> None:
        self.view.show(reply, pushed=True)


class ConsoleView:
    """Renders replies as text and remembers the latest buttons, so a typed number can press one."""

    def __init__(self, out: TextIO, lang: str, files_dir: Path) -> None:
        self.out = out
        self.lang = lang
        self.files_dir = files_dir
        self.buttons: list[Button] = []

    def show(self, reply: Reply, *, pushed: bool = False) -> None:
        """Print one reply (``pushed`` marks a message the bot started, such as a reminder)."""
        prefix = t(self.lang, "console.pushed_prefix") if pushed else t(self.lang, "console.reply_prefix")
        lines = reply.text.splitlines() or [""]
        self.out.write(f"{prefix}{lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"    {line}\n")
        for attachment in reply.attachments:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / attachment.filename
            path.write_bytes(attachment.content)
            self.out.write("    " + t(self.lang, "console.file_saved", path=str(path)) + "\n")
        buttons = reply.all_buttons()
        if buttons:
            self.buttons = buttons
            options = "  ".join(f"[{n}] {b.label}" for n, b in enumerate(buttons, start=1))
            self.out.write(f"    {options}\n")
        self.out.flush()

    def to_inbound(self, line: str, sender: Address, lang: str) -> Inbound:
        """Read a typed line: a number presses that button, anything else is text."""
        stripped = line.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.buttons):
            return Inbound(sender=sender, button=self.buttons[int(stripped) - 1].data, language=lang)
        return Inbound(sender=sender, text=line.rstrip("\n"), language=lang)


def _read_lines(queue: asyncio.Queue[str | None], loop: asyncio.AbstractEventLoop, stream: TextIO) -> None:
    # A daemon thread: a blocking readline must not keep the process alive at exit.
    for line in stream:
        loop.call_soon_threadsafe(queue.put_nowait, line)
    loop.call_soon_threadsafe(queue.put_nowait, None)


async def run_console(handle: Handle, view: ConsoleView, sender: Address, *, lang: str,
                      stream: TextIO | None = None) -> None:
    """Chat until end of input: each line is one message."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    threading.Thread(target=_read_lines, args=(queue, loop, stream or sys.stdin), daemon=True).start()
    view.out.write(t(lang, "console.banner") + "\n")
    for reply in await handle(Inbound(sender=sender, text="/start", language=lang)):
        view.show(reply)
    while True:
        line = await queue.get()
        if line is None:
            break
        if not line.strip():
            continue
        for reply in await handle(view.to_inbound(line, sender, lang)):
            view.show(reply)
