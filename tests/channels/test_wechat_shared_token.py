"""The app's one access token, shared through the database: a second process (here a second API client on the
same database) uses the token the first fetched; the token is refreshed five minutes before it expires, once for
all; a token the platform refused is replaced once, and a failed fetch leaves the next caller free to try."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine as Database

from bot.channels.wechat_api import WeChatApi
from bot.channels.wechat_token import SharedAccessToken
from bot.errors import ChannelUnavailable
from tests.conftest import NOW
from tests.fake_wechat import FakeWeChat
from tests.fakes import FrozenClock

APP_ID, SECRET = "wxapp", "app-secret"


@pytest.fixture
async def fake() -> AsyncIterator[FakeWeChat]:
    platform = await FakeWeChat(token="tok", app_id=APP_ID, app_secret=SECRET).start()
    yield platform
    await platform.stop()


def client(fake: FakeWeChat, database: Database, clock: FrozenClock, secret: str = SECRET) -> WeChatApi:
    """One process's API client; ``monotonic`` follows the frozen clock, so its own cache ages with it."""
    return WeChatApi(fake.api_url, APP_ID, secret, monotonic=lambda: clock.now().timestamp(),
                     tokens=SharedAccessToken(database, clock, APP_ID, poll=0.01))


async def test_a_second_process_uses_the_token_the_first_fetched_and_both_refresh_once(
        fake: FakeWeChat, database: Database) -> None:
    clock = FrozenClock(NOW)
    first, second = client(fake, database, clock), client(fake, database, clock)
    token = await first.access_token()
    assert await second.access_token() == token and fake.token_fetches == 1
    clock.advance(timedelta(seconds=7200 - 400))
    assert await second.access_token() == token, "still good for more than five minutes"
    clock.advance(timedelta(seconds=200))  # 200 s left: inside the refresh margin
    renewed = await second.access_token()
    assert renewed != token and await first.access_token() == renewed
    assert fake.token_fetches == 2
    await first.close()
    await second.close()


async def test_a_refused_token_is_replaced_once_for_every_process(fake: FakeWeChat, database: Database) -> None:
    clock = FrozenClock(NOW)
    first, second = client(fake, database, clock), client(fake, database, clock)
    token = await first.access_token()
    await second.access_token()
    fake.expire_tokens()  # the platform forgot it (40001 from now on)
    replaced = await first.access_token(refused=token)
    assert await second.access_token(refused=token) == replaced, "the second process takes the new one"
    assert fake.token_fetches == 2
    await first.close()
    await second.close()


async def test_a_failed_fetch_gives_the_lease_back(fake: FakeWeChat, database: Database) -> None:
    clock = FrozenClock(NOW)
    wrong = client(fake, database, clock, secret="not-the-secret")
    with pytest.raises(ChannelUnavailable):
        await wrong.access_token()
    right = client(fake, database, clock)
    assert await right.access_token(), "the lease of the failed fetch does not hold the next process back"
    await wrong.close()
    await right.close()
