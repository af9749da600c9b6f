"""The recovery companion through the real engine: steps, tips, plan, chart, calendar, digest, export, delete."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select, text

from bot.core.tips import load_tips
from bot.engine.engine import Engine
from bot.messages import Address
from bot.runtime.limiter import NoLimiter
from bot.runtime.senders import Senders
from jobs.reminders import Dispatcher
from storage.models import Debt, TipShown
from tests.builders import Chat, run_dispatcher
from tests.fakes import FrozenClock, RecordingSender


def add(chat: Chat, text_: str) -> None:
    chat.say(text_)
    chat.press("确认" if chat.language.startswith("zh") else "Save")


def test_settling_a_debt_walks_the_user_into_step_one_with_sourced_tips(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    chat.say("还了3000")
    text_ = chat.text()
    assert "已还清" in text_
    assert "第1步" in text_ and "来源" in text_, "reaching a step sends its tips, each with its source"
    chat.say("/recovery")
    assert "✅ 逾期欠款已全额还清" in chat.text()


def test_on_time_cycles_show_step_two_progress(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start()
    add(chat, "招行信用卡5200，每月31号还")
    for _ in range(2):
        chat.say("还了5200")
        chat.press("沿用")
    chat.say("/recovery")
    assert "已连续 2/3 期" in chat.text() or "2/3" in chat.text()


def test_user_ticks_an_item_and_it_is_remembered(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    chat.say("/recovery")
    chat.press("rc:t:s1.keep_receipts")
    assert "已勾选" in chat.text()
    chat.say("/recovery")
    assert "☑️ 保存每一笔还款的截图或凭证" in chat.text()
    chat.press("rc:u:s1.keep_receipts")
    chat.say("/recovery")
    assert "⬜ 保存每一笔还款的截图或凭证" in chat.text()


def test_tips_are_in_date_sourced_and_never_twice_in_a_row(engine: Engine) -> None:
    chat = Chat(engine).start()
    seen: list[str] = []
    for _ in range(12):
        chat.say("/tip")
        assert "来源" in chat.text()
        seen.append(chat.text())
    assert all(a != b for a, b in zip(seen, seen[1:], strict=False))
    with Session(engine.database) as s:
        shown = {t.tip_id for t in s.exec(select(TipShown))}
    expired = {t.id for t in load_tips() if t.valid_until is not None and t.valid_until < date(2026, 11, 28)}
    assert expired and not (shown & expired), "the policy that ended 2026-03-31 is never shown"


def test_plan_compares_avalanche_and_snowball_in_both_languages(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    add(chat, "招行信用卡5200，每月31号还")
    chat.say("/plan 2000")
    assert "雪崩法" in chat.text() and "雪球法" in chat.text()
    en = Chat(engine, Address("tg", "7"), language="en").start()
    en.say("credit card 5,200 due on the 15th every month")
    en.press("Save")
    en.say("/plan 2000")
    assert "Avalanche" in en.text() and "Snowball" in en.text()


def test_a_budget_below_the_minimums_gets_advice_to_ask_the_lender_not_a_plan(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    add(chat, "招行信用卡5200，每月31号还")
    chat.say("/plan 100")
    assert "联系平台" in chat.text() and "不要借新还旧" in chat.text()


def test_chart_is_a_png_sent_as_a_photo(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    chat.say("还了1000")
    chat.say("/chart")
    [reply] = chat.last
    [picture] = reply.attachments
    assert picture.as_photo and picture.content.startswith(b"\x89PNG")


def test_ics_holds_every_due_date_and_rule_in_the_users_zone(engine: Engine) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    add(chat, "招行信用卡5200，每月31号还")
    chat.say("/ics")
    [reply] = chat.last
    [ics] = reply.attachments
    calendar = Calendar.from_ical(ics.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    starts = sorted(str(e.decoded("DTSTART").date()) for e in events)
    assert starts == ["2026-11-30", "2026-12-10"]
    assert any("RRULE" in e for e in events)
    assert all(str(e.decoded("DTSTART").tzinfo) == "Asia/Shanghai" for e in events)


def test_export_has_everything_about_the_user_and_nothing_about_others(engine: Engine) -> None:
    other = Chat(engine, Address("console", "other")).start()
    add(other, "借呗欠了9999元，12月20号要还")
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    chat.say("还了1000")
    chat.say("/export")
    [reply] = chat.last
    json_file, csv_file = reply.attachments
    data = json.loads(json_file.content)
    assert [d["creditor"] for d in data["tables"]["debt"]] == ["花呗"]
    assert [p["amount"] for p in data["tables"]["payment"]] == ["1000.00"]
    assert "借呗" not in json_file.content.decode() and "9999" not in json_file.content.decode()
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert rows[1][0] == "debt" and rows[1][3] == "花呗" and rows[2][0] == "payment"


def test_delete_removes_every_row_of_the_user_in_every_table(engine: Engine) -> None:
    other = Chat(engine, Address("console", "other")).start()
    add(other, "借呗欠了9999元，12月20号要还")
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月10号要还")
    chat.say("还了1000")
    chat.say("2分钟后提醒我给花呗客服打电话")
    chat.say("/delete")
    with Session(engine.database) as s:
        assert s.exec(select(Debt)).all() != []
    chat.press("del:all!")
    assert "已删除" in chat.text()
    with Session(engine.database) as s:
        tables = inspect(engine.database).get_table_names()
        for table in tables:
            columns = {c["name"] for c in inspect(engine.database).get_columns(table)}
            owner = "id" if table == "user" else "user_id" if "user_id" in columns else None
            if owner is None:
                continue
            rows = s.exec(text(f'SELECT {owner} FROM "{table}"')).all()  # type: ignore[call-overload]
            ids = {r[0] for r in rows}
            assert len(ids) <= 1, f"{table} still holds rows of the deleted user"
    assert set(SQLModel.metadata.tables) <= set(tables)


async def test_weekly_digest_sums_up_on_monday_at_the_reminder_time(engine: Engine, clock: FrozenClock) -> None:
    chat = Chat(engine).start()
    add(chat, "花呗欠了3000元，12月1号要还")
    sender = RecordingSender()
    dispatcher = Dispatcher(engine.database, engine, Senders({"console": sender}), clock, NoLimiter())
    await run_dispatcher(dispatcher, clock, datetime(2026, 11, 30, 3, tzinfo=UTC), timedelta(minutes=30))
    digests = [r.text for _, r in sender.sent if "本周小结" in r.text]
    assert len(digests) == 1
    assert "¥3,000" in digests[0] and "12月1日" in digests[0]
