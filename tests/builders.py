"""Builders for test inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.messages import Address, Inbound

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    from jobs.reminders import Dispatcher
    from tests.fakes import FrozenClock

ME = Address("console", "me")


def make_inbound(text: str = "", **overrides: Any) -> Inbound:
    """An inbound text message from the console user ``me`` (override any field)."""
    fields: dict[str, Any] = {"sender": ME, "text": text, "language": "zh"}
    fields.update(overrides)
    return Inbound(**fields)


class Chat:
    """A conversation with the real engine, read as ``chat.say("…")`` / ``chat.press("确认")``."""

    def __init__(self, engine: Any, sender: Address = ME, language: str = "zh") -> None:
        self.engine = engine
        self.sender = sender
        self.language = language
        self.last: list[Any] = []

    def say(self, text: str) -> list[Any]:
        """Send text; return the replies."""
        self.last = self.engine.handle(make_inbound(text, sender=self.sender, language=self.language))
        return self.last

    def press(self, label_or_data: str) -> list[Any]:
        """Press a button of the latest replies, found by label substring or exact data."""
        for reply in reversed(self.last):
            for button in reply.all_buttons():
                if button.data == label_or_data or label_or_data in button.label:
                    return self.press_data(button.data)
        raise AssertionError(f"no button {label_or_data!r} in {[b.label for r in self.last for b in r.all_buttons()]}")

    def press_data(self, data: str) -> list[Any]:
        """Send raw button data (also tampered or foreign data)."""
        self.last = self.engine.handle(make_inbound("", sender=self.sender, button=data, language=self.language))
        return self.last

    def text(self) -> str:
        """All reply texts of the latest turn, joined."""
        return "\n".join(r.text for r in self.last)

    def start(self) -> Chat:
        """/start and agree to the consent question."""
        self.say("/start")
        self.press("c:yes")
        return self

    def without_digest_and_tips(self) -> Chat:
        """Switch off the weekly digest and scheduled tips (for tests about debt reminders alone)."""
        self.say("/settings")
        self.press("s:digest:off")
        self.press_data("s:tips:off")
        return self


async def run_dispatcher(dispatcher: Dispatcher, clock: FrozenClock, until: datetime, step: timedelta) -> None:
    """Move the frozen clock by ``step`` up to ``until``, ticking the dispatcher and draining its sends each time."""
    dispatcher.start()
    while clock.now() < until:
        clock.advance(step)
        await dispatcher.tick()
        await dispatcher.drain()
    await dispatcher.stop()
