"""B3 channel: what the Telegram webhook path costs per update without the engine — the same traffic as
``bench/b3_inbound.py`` into the bot's own webhook, its update handler, the turn threads and the answers (returned
in the answers to the posts, which the poster makes at the fake Bot API as Telegram would), with a turn that
answers every update at once with one fixed reply (a text and one button, like a payment's confirmation). The
update-id record is part of the engine's turn, so it is not counted here. B3's budget (≥ 400 updates/s on one core) is 2.5 ms per update for the
whole path; this says how much of it the channel takes, so the rest is what the engine turn may cost.

    PYTHONPATH=. python bench/b3_channel.py                # 4,000 updates from 1,000 chats
    PYTHONPATH=. python bench/b3_channel.py --chats 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import b3_inbound  # noqa: E402
from bench.harness import TOKEN, FakeBotApi, child_env, machine  # noqa: E402

THIS_FILE = Path(__file__).resolve()
REPLY_TEXT = "已记录：「花呗」还了 ¥200 💪 还剩 ¥2,800。"


async def stub_bot(port: int) -> None:
    """The webhook process of ``repaybot telegram --webhook-url``, with a turn that only answers."""
    from bot.__main__ import settle_memory, turn_threads
    from bot.channels import telegram
    from bot.channels.seen_requests import SeenRequests
    from bot.channels.telegram_webhook import TelegramWebhook
    from bot.clock import SystemClock
    from bot.config import Settings
    from bot.messages import Button, Inbound, Reply
    from bot.runtime.limiter import SmoothLimiter
    from bot.runtime.turns import TurnRunner
    from storage.db import make_engine
    from storage.migrate import upgrade

    settings = Settings()
    database = make_engine(settings.database_url)
    upgrade(database)
    runner = TurnRunner(turn_threads(settings, database))
    reply = [Reply(REPLY_TEXT, buttons=((Button("撤销", "undo"),),))]

    def handle(_inbound: Inbound) -> list[Reply]:
        return reply

    seen = SeenRequests(database, SystemClock())
    assert settings.telegram_bot_token is not None and settings.telegram_webhook_secret is not None
    handler = telegram.UpdateHandler(runner.handler(handle), seen=seen)
    app = telegram.make_application(token=settings.telegram_bot_token.get_secret_value(),
                                    api_url=settings.telegram_api_url, handle=handler,
                                    limiter=SmoothLimiter(settings.send_rate_per_second * 0.99),
                                    cap=int(settings.send_rate_per_second))
    await app.initialize()
    await app.start()
    webhook = TelegramWebhook(telegram.WebhookSink(app, handler), settings.telegram_webhook_secret.get_secret_value(),
                              "/tg", seen=seen)
    settle_memory()  # as the real process does before its steady state
    await webhook.start("127.0.0.1", port)
    await asyncio.Event().wait()


async def main_async(args: argparse.Namespace) -> None:
    chats = [b3_inbound.CHAT_BASE + i for i in range(args.chats)]
    warm_chats = [b3_inbound.CHAT_BASE - 1 - i for i in range(8)]
    warmup = [dict(u, update_id=u["update_id"] + 10_000_000) for u in b3_inbound.traffic(warm_chats, 4)]
    updates = b3_inbound.traffic(chats, 4)
    print(f"B3 channel: {len(updates):,} updates from {len(chats):,} chats, a turn that only answers; {machine()}")
    fake = FakeBotApi.start(cap=1_000_000, keep_calls=False)
    try:
        with tempfile.TemporaryDirectory(prefix="b3c-") as tmp:
            port = b3_inbound.free_port()
            env = child_env(DATABASE_URL=f"sqlite:///{Path(tmp) / 'channel.db'}", TELEGRAM_BOT_TOKEN=TOKEN,
                            TELEGRAM_API_URL=fake.api_url, TELEGRAM_WEBHOOK_SECRET=b3_inbound.SECRET,
                            SEND_RATE_PER_SECOND="1000", LOG_LEVEL="WARNING")
            result = await b3_inbound.run("channel only", [sys.executable, str(THIS_FILE), "--stub-bot", str(port)],
                                          env, port, "tg", fake, warmup, updates, None, Path(tmp))
    finally:
        fake.stop()
    b3_inbound.print_result(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n", 1)[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--stub-bot", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stub_bot:
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        asyncio.run(stub_bot(args.stub_bot))
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
