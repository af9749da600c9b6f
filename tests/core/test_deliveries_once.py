"""A platform may deliver one message twice (Telegram posts an update again until it gets its 200; a restarted
poller may fetch it again): the engine records the delivery in the turn's own transaction, so a payment is booked
once however often it arrives, and a turn that changed nothing leaves no record behind to swallow the retry."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address, Delivery, Inbound
from storage.models import Debt, Payment, User
from tests.builders import Chat
from tests.fakes import FrozenClock

TG = Address("tg", "4242")


def update(update_id: int, text: str) -> Inbound:
    return Inbound(sender=TG, text=text, language="zh",
                   delivery=Delivery("tg-update", str(update_id), timedelta(hours=24)))


def balance_and_payments(engine: Engine) -> tuple[str, int]:
    with Session(engine.database) as s:
        debt = s.exec(select(Debt)).one()
        return f"{debt.balance:.0f}", len(s.exec(select(Payment)).all())


def test_a_payment_delivered_twice_is_booked_once_and_the_repeat_gets_no_second_answer(engine: Engine) -> None:
    chat = Chat(engine, sender=TG).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，每月10号还")
    chat.press("确认")
    first = engine.handle(update(77, "还了500"))
    assert "已记录" in first[0].text
    assert engine.handle(update(77, "还了500")) == [], "the same update again: nothing said, nothing booked"
    assert balance_and_payments(engine) == ("2500", 1)
    again = engine.handle(update(78, "还了500"))
    assert "已记录" in again[0].text, "a new update with the same words is a new payment"
    assert balance_and_payments(engine) == ("2000", 2)


def test_a_delivery_that_changed_nothing_is_handled_when_it_comes_again(engine: Engine) -> None:
    chat = Chat(engine, sender=TG).start().without_digest_and_tips()
    chat.say("花呗欠了3000元，每月10号还")
    chat.press("确认")
    refused = engine.handle(update(90, "还了-500"))
    assert refused and refused[0].text, "bad input gets a clear answer"
    assert balance_and_payments(engine) == ("3000", 0)
    # The refusal rolled its transaction back, the record of update 90 with it: Telegram's next delivery of it
    # is answered again rather than swallowed.
    assert engine.handle(update(90, "还了-500")), "answered again, still changing nothing"
    assert balance_and_payments(engine) == ("3000", 0)


def test_the_time_of_a_users_last_message_is_kept_to_the_quarter_hour(engine: Engine, clock: FrozenClock) -> None:
    def last_seen() -> datetime | None:
        with Session(engine.database) as s:
            return s.exec(select(User)).one().last_inbound_at

    first = clock.now()
    engine.handle(Inbound(sender=TG, text="/start", language="zh"))
    assert last_seen() == first
    clock.advance(timedelta(minutes=10))
    engine.handle(Inbound(sender=TG, text="/list", language="zh"))
    assert last_seen() == first, "a message ten minutes later leaves it as it was"
    clock.advance(timedelta(minutes=10))
    engine.handle(Inbound(sender=TG, text="/list", language="zh"))
    assert last_seen() == clock.now(), "twenty minutes after it, it moves"
