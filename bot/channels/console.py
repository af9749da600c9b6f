"""The console chat: stdin lines in, replies and reminders out on stdout. Needs no token; also the e2e harness.

Buttons print as numbered options (``[1] ✅ 确认保存``); typing the number presses the button of the latest
message that had buttons. Files (a chart, an export) are saved next to the working directory and their path printed.

Each line is one message, except a pasted notice: a bank SMS or an e-mail statement pasted into the terminal is one
message however many lines it has. A terminal that supports bracketed paste marks the paste, and everything between
the marks is one message. Without marks (a pipe, a plain terminal), lines that arrive in the same burst are joined
only when they continue a notice: the burst's message starts like a notice (a 【sender】, a statement heading, a
greeting such as 尊敬的 / Dear), and either its sentence goes on (the line before did not end one) or the next line
is a short "label: value" field. So a piped file of one-line messages stays one message a line, and so does a
button number, a command or another SMS sent after a notice.
"""

from __future__ import annotations

import asyncio
import os
import re
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
            path = self.files_dir / attachment.filename
            save_private(path, attachment.content)
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
        # isdecimal, not isdigit: "²" is a digit to Python but not a number int() reads.
        if stripped.isdecimal() and len(stripped) <= 3 and 1 <= int(stripped) <= len(self.buttons):
            return Inbound(sender=sender, button=self.buttons[int(stripped) - 1].data, language=lang)
        return Inbound(sender=sender, text=line.rstrip("\n"), language=lang)


def save_private(path: Path, content: bytes) -> None:
    """Write a file only its owner can read (an export holds every debt): mode 0600, in a 0700 folder."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(descriptor, 0o600)  # a file that was there before keeps its mode through O_CREAT
        file.write(content)


BURST_SECONDS = 0.05  # lines that arrive within this of each other came in one read: a paste or a piped file
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # bracketed-paste marks (xterm and most terminals)
_NOTICE_HEAD = re.compile(r"^\s*(?:【[^】\n]{2,16}】|\[[^\]\n]{2,16}\])|电子账单|对账单|账单通知|账单提醒|还款提醒|尊敬的|\bdear\b|statement"
                          r"|^\s*(?:subject|from|主题|发件人)\s*[:：]"
                          # A title line on its own: "花呗账单", "京东白条 账单提醒", "Amex Payment Reminder",
                          # "Discover Card Account Ending 4567" (not the user's "我的账单" or "账单").
                          r"|^\s*(?![我你帮查看])\S[^\n。.!！?？]{1,16}(?:账单|提醒|通知)\s*$"
                          r"|^\s*[a-z][\w&' ]{1,40}(?:payment\s+reminder|bill|account\s+ending\s+\d{4})\s*$", re.IGNORECASE)
_NEW_NOTICE = re.compile(r"^\s*(?:【[^】\n]{2,16}】|(?:subject|from|主题|发件人)\s*[:：])", re.IGNORECASE)
_FIELD = re.compile(r"^\s*[^\s:：]{1,24}(?:[ \t][^\s:：]{1,24}){0,5}\s*[:：]\s*\S")
FIELD_MAX = 48  # a statement's field line ("最低还款额 Minimum Payment: RMB 765.43") is short
_SENTENCE_DONE = re.compile(r"[。.!！?？】\]]\s*$")


def messages_of(lines: list[str]) -> list[str]:
    """Group the lines of one burst into messages: a notice's lines together, every other line on its own."""
    messages: list[list[str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        current = messages[-1] if messages else None
        if current is not None and _continues(current, line):
            current.append(line)
        else:
            messages.append([line])
    return ["\n".join(m) for m in messages]


def _continues(message: list[str], line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("/") or stripped.isdigit() or _NEW_NOTICE.search(line):
        return False  # a command, a button number, or the next notice
    if not _NOTICE_HEAD.search(message[0]):
        return False
    if _SENTENCE_DONE.search(message[-1]) is None:
        return True  # the notice's sentence goes on
    # After a finished sentence only a short "label: value" field continues; a long line is a message of its own
    # ("Chase: Your statement is ready. Total Due …" after another SMS).
    return _FIELD.match(line) is not None and len(line.strip()) <= FIELD_MAX


def _pasted(lines: list[str]) -> str:
    """One bracketed paste as one message, without the marks."""
    return "\n".join(line.replace(PASTE_START, "").replace(PASTE_END, "").rstrip("\r\n") for line in lines).strip("\n")


async def _next_burst(queue: asyncio.Queue[str | None]) -> tuple[list[str], bool]:
    """Wait for input; return the messages it holds and whether input has ended."""
    first = await queue.get()
    if first is None:
        return [], True
    lines, ended = [first], False
    while True:
        in_paste = any(PASTE_START in line for line in lines) and not any(PASTE_END in line for line in lines)
        try:
            # Inside a marked paste, wait for its end however slowly it comes; otherwise only for the same burst.
            line = await (queue.get() if in_paste else asyncio.wait_for(queue.get(), BURST_SECONDS))
        except TimeoutError:
            break
        if line is None:
            ended = True
            break
        lines.append(line)
    messages: list[str] = []
    plain: list[str] = []
    pasting: list[str] | None = None
    for line in lines:
        if pasting is None and PASTE_START in line:
            messages.extend(messages_of(plain))
            plain, pasting = [], []
        if pasting is None:
            plain.append(line)
            continue
        pasting.append(line)
        if PASTE_END in line:
            messages.append(_pasted(pasting))
            pasting = None
    messages.extend(messages_of(plain) if pasting is None else [_pasted(pasting)])
    return [m for m in messages if m.strip()], ended


def _read_lines(queue: asyncio.Queue[str | None], loop: asyncio.AbstractEventLoop, stream: TextIO) -> None:
    # A daemon thread: a blocking readline must not keep the process alive at exit.
    for line in stream:
        loop.call_soon_threadsafe(queue.put_nowait, line)
    loop.call_soon_threadsafe(queue.put_nowait, None)


async def run_console(handle: Handle, view: ConsoleView, sender: Address, *, lang: str,
                      stream: TextIO | None = None,
                      after_greeting: Callable[[], Awaitable[None]] | None = None) -> None:
    """Chat until end of input: each line is one message. ``after_greeting`` runs once the first answer is on
    screen (the root starts the reminders there: the person sees the bot before its scheduler is loaded)."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    source = stream or sys.stdin
    threading.Thread(target=_read_lines, args=(queue, loop, source), daemon=True).start()
    marked = source.isatty() and view.out.isatty()
    if marked:
        view.out.write("\x1b[?2004h")  # ask the terminal to mark pastes
    view.out.write(t(lang, "console.banner") + "\n")
    for reply in await handle(Inbound(sender=sender, text="/start", language=lang)):
        view.show(reply)
    if after_greeting is not None:
        await after_greeting()
    try:
        ended = False
        while not ended:
            messages, ended = await _next_burst(queue)
            for message in messages:
                for reply in await handle(view.to_inbound(message, sender, lang)):
                    view.show(reply)
    finally:
        if marked:
            view.out.write("\x1b[?2004l")
            view.out.flush()
