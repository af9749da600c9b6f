"""The API client and the reminder sender against the fake platform's API: one token for everyone, refreshed once;
customer-service message, then one-time subscribe message, then hold; error codes mapped without a failure loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine as Database

from bot.channels.wechat import WeChatBook, WeChatSender
from bot.channels.wechat_api import WeChatApi
from bot.errors import ChannelUnavailable, RecipientBlocked, RecipientOutOfReach
from bot.messages import Address, Button, Reply
from storage import accounts, wechat
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import User
from tests.conftest import NOW
from tests.fake_wechat import FakeWeChat
from tests.fakes import FrozenClock

TEMPLATE = "tmpl-1"
TO = Address("wx", "oUser1")
REMINDER = Reply("⏰ 还款提醒：「花呗」¥2,000 将在 12月10日（周四） 到期，还有 3 天。",
                 buttons=((Button("✅ 已还清", "rm:paid:1"), Button("💰 还了一部分", "rm:part:1")),))


@dataclass
class Rig:
    fake: FakeWeChat
    api: WeChatApi
    sender: WeChatSender
    book: WeChatBook
    clock: FrozenClock
    database: Database

    def user_writes(self) -> None:
        """What the webhook records when the user sends a message: both sides open the window."""
        self.fake.windows[TO.ident] = (self.fake.clock.now() + timedelta(hours=48), 5)
        with session_scope(self.database) as s:
            user = accounts.get_user_by_address(session=s, address=str(TO))
            assert user is not None and user.id is not None
            contact = wechat.wechat_contact(session=s, owner_id=user.id, now=self.clock.now())
            contact.window_until, contact.window_quota = self.clock.now() + timedelta(hours=48), 5
            s.add(contact)

    def grant(self) -> None:
        self.fake.grants[(TO.ident, TEMPLATE)] = self.fake.grants.get((TO.ident, TEMPLATE), 0) + 1
        with session_scope(self.database) as s:
            user = accounts.get_user_by_address(session=s, address=str(TO))
            assert user is not None and user.id is not None
            wechat.add_wechat_grant(session=s, owner_id=user.id, now=self.clock.now())

    def calls(self, path_end: str) -> list[int]:
        return [c.errcode for c in self.fake.calls if c.path.endswith(path_end)]


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    database = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(database)
    clock = FrozenClock(NOW)
    with session_scope(database) as s:
        accounts.create_user(session=s, user=User(address=str(TO), channel="wx", external_id=TO.ident, created_at=NOW))
    fake = await FakeWeChat(token="t", app_id="wxapp", app_secret="app-secret").start()
    api = WeChatApi(fake.api_url, "wxapp", "app-secret")
    book = WeChatBook(database, clock)
    yield Rig(fake, api, WeChatSender(api, book, template_id=TEMPLATE), book, clock, database)
    await api.close()
    await fake.stop()
    database.dispose()


async def test_the_token_is_fetched_once_for_many_concurrent_sends(rig: Rig) -> None:
    rig.fake.windows[TO.ident] = (rig.fake.clock.now() + timedelta(hours=1), 100)
    await asyncio.gather(*(rig.api.send_text(TO.ident, f"第{n}条") for n in range(20)))
    assert rig.fake.token_fetches == 1 and rig.api.token_fetches == 1
    assert len(rig.fake.delivered) == 20


async def test_a_refused_token_is_refreshed_once_however_many_sends_race(rig: Rig) -> None:
    rig.fake.windows[TO.ident] = (rig.fake.clock.now() + timedelta(hours=10), 100)
    await rig.api.send_text(TO.ident, "先拿一个令牌")
    rig.fake.expire_tokens()  # 40001 for the cached token
    await asyncio.gather(*(rig.api.send_text(TO.ident, f"第{n}条") for n in range(10)))
    assert rig.fake.token_fetches == 2
    rig.fake.clock.advance(timedelta(hours=3))  # 42001: expired by the platform's clock
    await rig.api.send_text(TO.ident, "过期之后")
    assert rig.fake.token_fetches == 3 and len(rig.fake.delivered) == 12


async def test_the_token_is_refreshed_shortly_before_it_expires(rig: Rig) -> None:
    now = [1000.0]
    api = WeChatApi(rig.fake.api_url, "wxapp", "app-secret", monotonic=lambda: now[0])
    first = await api.access_token()
    now[0] += 6000
    assert await api.access_token() == first
    now[0] += 1000  # 7000 s of 7200: inside the refresh margin
    assert await api.access_token() != first
    await api.close()


async def test_bad_credentials_or_an_unreachable_platform_are_channel_unavailable(rig: Rig) -> None:
    wrong = WeChatApi(rig.fake.api_url, "wxapp", "not-the-secret")
    with pytest.raises(ChannelUnavailable):
        await wrong.send_text(TO.ident, "x")
    await wrong.close()
    nowhere = WeChatApi("http://127.0.0.1:9", "wxapp", "app-secret", timeout=2)
    with pytest.raises(ChannelUnavailable):
        await nowhere.send_text(TO.ident, "x")
    await nowhere.close()


async def test_inside_the_window_a_reminder_goes_by_customer_service_message(rig: Rig) -> None:
    rig.user_writes()
    await rig.sender.send(TO, REMINDER)
    [delivery] = rig.fake.delivered
    assert delivery.kind == "custom" and delivery.text.endswith("回复 1 已还清\n回复 2 还了一部分")
    assert [b.data for b in rig.book.buttons(TO)] == ["rm:paid:1", "rm:part:1"]


async def test_after_48_hours_45015_leads_to_the_subscribe_message_then_to_holding_without_a_loop(rig: Rig) -> None:
    rig.user_writes()
    rig.grant()
    rig.fake.clock.advance(timedelta(hours=49))
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.calls("custom/send")[-1] == 45015
    [notice] = rig.fake.delivered
    assert notice.kind == "subscribe" and notice.data["thing1"].startswith("还款提醒：「花呗」¥2,000")
    assert notice.data["thing2"] == "回复任意消息查看详情"
    calls = len(rig.fake.calls)
    for _ in range(3):  # the dispatcher's next reminders: no doomed calls at all
        with pytest.raises(RecipientOutOfReach):
            await rig.sender.send(TO, REMINDER)
    assert len(rig.fake.calls) == calls
    assert rig.book.buttons(TO) == [], "options the user never saw cannot be pressed by number"


async def test_the_quota_of_five_is_counted_and_45047_falls_back_too(rig: Rig) -> None:
    rig.user_writes()
    for _ in range(5):
        await rig.sender.send(TO, REMINDER)
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.calls("custom/send") == [0] * 5, "the sixth was not even tried"
    rig.user_writes()
    rig.fake.injected["/cgi-bin/message/custom/send"] = [45047]
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.calls("custom/send")[5:] == [45047]


async def test_43101_forgets_our_grants_and_holds(rig: Rig) -> None:
    rig.grant()
    rig.fake.grants.clear()  # the platform disagrees
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.calls("bizsend") == [43101]
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.calls("bizsend") == [43101]


async def test_network_trouble_retries_later_without_losing_the_slot_or_the_grant(rig: Rig) -> None:
    rig.user_writes()
    rig.fake.injected["/cgi-bin/message/custom/send"] = [502]
    with pytest.raises(ChannelUnavailable):
        await rig.sender.send(TO, REMINDER)
    for _ in range(5):
        await rig.sender.send(TO, REMINDER)  # all five slots are still there
    rig.grant()
    rig.fake.injected["/cgi-bin/message/subscribe/bizsend"] = [503]
    with pytest.raises(ChannelUnavailable):
        await rig.sender.send(TO, REMINDER)
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(TO, REMINDER)
    assert rig.fake.delivered[-1].kind == "subscribe"


async def test_an_unfollowed_user_is_blocked(rig: Rig) -> None:
    rig.user_writes()
    rig.fake.injected["/cgi-bin/message/custom/send"] = [43004]
    with pytest.raises(RecipientBlocked):
        await rig.sender.send(TO, REMINDER)


async def test_an_unknown_or_deleted_user_is_out_of_reach(rig: Rig) -> None:
    with pytest.raises(RecipientOutOfReach):
        await rig.sender.send(Address("wx", "oNobody"), REMINDER)
    assert rig.fake.calls == []


async def test_a_slow_answer_that_cannot_be_pushed_waits_for_the_next_reply(rig: Rig) -> None:
    await rig.sender.push_text(TO, "慢慢的回答")
    assert rig.fake.calls == []
    rig.user_writes()
    await rig.sender.push_text(TO, "窗口内的回答")
    assert [d.text for d in rig.fake.delivered] == ["窗口内的回答"]
    with session_scope(rig.database) as s:
        user = accounts.get_user_by_address(session=s, address=str(TO))
        assert user is not None and user.id is not None
        assert wechat.wechat_contact(session=s, owner_id=user.id, now=NOW).carry == "慢慢的回答"


async def test_without_credentials_everything_is_held(rig: Rig) -> None:
    sender = WeChatSender(None, rig.book, template_id=TEMPLATE)
    rig.user_writes()
    with pytest.raises(RecipientOutOfReach):
        await sender.send(TO, REMINDER)
