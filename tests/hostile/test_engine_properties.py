"""Anything at all, from several users in any interleaving: the engine's promises hold after every single step.

A hypothesis state machine drives the real engine (in-memory SQLite, frozen clock, flood limiting on) with four
users — Telegram in Chinese, Telegram in English, WeChat without a language hint, and the console. Each step one of
them types arbitrary Unicode (empty, 10,000 characters, emoji only, control and bidi-override characters, SQL and
HTML fragments, format strings, absurd numbers, impossible dates, card numbers), presses a button any user was
shown (so often someone else's), presses tampered or made-up button data, runs a command with junk arguments,
causes a platform event, or lets time pass (also backwards, as NTP does).

After every step (DESIGN §5):

* nothing raised, and every message (text or button) got a reply — platform events need none, and a message
  refused by the flood limit gets none after the one notice (the engine counts those);
* no reply carries exception text, a traceback, SQL, or the "something went wrong" apology (which means a bug was
  caught), and nothing was logged at ERROR;
* every button the bot offers fits Telegram's 64-byte callback data;
* no other user's rows changed (users, debts, payments, schedule, undo log, recovery ticks, tips seen);
* a button naming someone else's debt or reminder is answered "not found" and changes nothing at all;
* no stored text holds an unmasked card number, and nothing about debts is stored for a user who has not
  consented.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from bot.core.redact import mask_card_numbers
from bot.engine.engine import Engine, FloodPolicy
from bot.messages import Address, Inbound, Reply
from bot.texts import t
from storage.db import make_engine
from tests.fakes import FrozenClock

START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
USERS = [
    (Address("tg", "1"), "zh"),
    (Address("tg", "2"), "en-GB"),
    (Address("wx", "oWECHAT3"), None),
    (Address("console", "me"), "zh"),
]
CARD = "6225 8801 2345 6789"

REALISTIC = [
    "/start", "花呗欠了3000元，12月10号要还", "招行信用卡5200，每月31号还", "借呗欠了12000，下周五还",
    "credit card 5,200 due on the 15th every month", "I owe Tom 800, was due on 2026-11-20", "还了1000",
    "还了3000", "paid 500 on the card", "2分钟后提醒我给花呗客服打电话", "remind me in 2 hours to call the bank",
    "每天早上9点提醒我记账", "明天10点", "3000", "12月10日", "花呗", "/list", "/undo", "/settings", "/recovery",
    "/tip", "/plan 2000", "/plan 2027-06-30", "/export", "/delete", "/reminders", "/cancel", "取消", "设置", "9:00",
    "22:00-08:00", "3,1,0", "伦敦", "Europe/London", "默认", "/paid 500", "/add 花呗 3000 12月10日", "/help",
    f"招行信用卡{CARD}还了500", f"工行{CARD.replace(' ', '')}欠3000，12月10号还", f"提醒我明天给卡号{CARD}的银行打电话",
    f"欠{CARD.replace(' ', '-')} 5000 每月5号还",
]
COMPLETE_DEBTS = [
    "花呗欠了3000元，12月10号要还", "招行信用卡5200，每月31号还", "借呗欠了12000，下周五还",
    "credit card 5,200 due on the 15th every month", "I owe Tom 800, was due on 2026-11-20",
    f"工行{CARD.replace(' ', '')}欠3000，12月10号还", "白条欠了999.99，2026年11月1日到期",
]
FOLLOW_UPS = ["/list", "还了1000", "还了3000", "paid 500 on the card", "/paid", "/reminders", "/recovery", "/settings",
              "/undo", "/delete", "2分钟后提醒我给花呗客服打电话"]
AMOUNTS = ["500", "3000", "0", "-1", "99999999999", "全部", "all of it", "一千二", "abc", "12月10日"]
NASTY = [
    "", " ", "\n\n", "\t", "😀😀😀", "💸" * 500, "\u202eevil\u202c", "\u200b\u200b", "\u0000", "\x1b[31mred",
    "\ud800", "a\udfffb", "'; DROP TABLE debt; --", "' OR '1'='1", "<script>alert(1)</script>", "<b>&amp;</b>",
    "{creditor}", "{0}", "%s%s%n", "{{}}", "{amount:>99999}", "${jndi:ldap://x}", "../../../etc/passwd",
    "-5000元", "999999999999999999元", "欠花呗 0 元", "1e400", "NaN", "-0", "Infinity元", "2月30日", "13月45日",
    "1900年1月1日欠花呗3000", "欠花呗3000，1999年1月1日还", "9999999999天后提醒我", "/plan 99999999999999999999",
    "/plan -1", "/chart 1e308", "/timezone ../../etc", "/timezone +99", "/remind 1000000年后 x", "/nosuchcommand",
    "/" + "a" * 40, "/list@SomeBot", "/LIST", "x" * 2001, "a" * 10_000, "花呗欠了3000元，" * 1_000,
    "1" * 10_000, "\u202e" * 10_000, "提醒我" + " " * 9_990, "ℕ²①⑳", "٣٠٠٠元", "３０００元", "Ⅻ月",
]
COMMANDS = ["start", "help", "privacy", "list", "add", "paid", "remind", "reminders", "undo", "settings",
            "language", "timezone", "recovery", "tip", "plan", "chart", "ics", "export", "delete", "cancel", "foo"]
EVENTS = ["blocked", "unblocked", "subscribe", "unsubscribe", "notify_granted", "notify_rejected"]
PREFIXES = ["c", "reg", "d", "rm", "cr", "pay", "bill", "s", "del", "rc", "help", "list", "undo", "x", "tip"]
ID_BEARING = {"d": 0, "pay": 1, "bill": 1}  # prefix -> index of the debt id among the parts after it
FORBIDDEN = ("Traceback", "Error:", "Exception", "sqlalchemy", "sqlite3", "psycopg", "KeyError", "ValueError",
             "TypeError", "AttributeError", "NoneType", "File \"", "[SQL", "object has no attribute")
SORRY = {t("zh", "err.internal"), t("en", "err.internal")}
NOT_FOUND = {t(lang, key) for lang in ("zh", "en") for key in (
    "err.stale_button", "err.not_found", "err.debt_not_found", "err.reminder_not_found", "err.nothing_pending")}
MACHINE_MADE = {"idempotency_key", "claimed_by"}
SERIES_ID = re.compile(r'"root": "[^"]*"')
OWNED_TABLES = ("debt", "payment", "reminder", "change", "recovery_tick", "tip_shown")

texts = st.one_of(
    st.sampled_from(REALISTIC),
    st.sampled_from(NASTY),
    st.text(max_size=120),
    st.lists(st.sampled_from(REALISTIC + NASTY[:40]), min_size=2, max_size=4).map("".join),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So", "Nd", "No"]), max_size=60),
)
made_up_data = st.one_of(
    st.text(max_size=80),
    st.builds(lambda p, a, n: f"{p}:{a}:{n}", st.sampled_from(PREFIXES),
              st.sampled_from(["paid", "part", "stop", "snz", "done", "cancel", "move", "keep", "pick", "t", "u",
                               "yes", "no", "ok", "edit", "f", "all!", "lang", "tz", "1h", "x", ""]),
              st.one_of(st.integers(min_value=-5, max_value=40), st.integers(), st.sampled_from(["²", "١٢", "0x1"]))),
)


def referenced_debt(data: str) -> int | None:
    """The debt id a button names, if it names one."""
    parts = data.split(":")
    head, rest = parts[0], parts[1:]
    if head in ID_BEARING:
        index = ID_BEARING[head]
    elif head == "rm":
        index = 2 if rest[:1] == ["snz"] else 1
    else:
        return None
    value = rest[index] if len(rest) > index else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def referenced_reminder(data: str) -> int | None:
    parts = data.split(":")
    if parts[0] != "cr" or len(parts) < 3:
        return None
    value = parts[3] if parts[1] == "snz" and len(parts) > 3 else parts[2]
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.database = make_engine("sqlite://")
        SQLModel.metadata.create_all(self.database)
        self.clock = FrozenClock(START)
        self.engine = Engine(self.database, self.clock, flood=FloodPolicy())
        self.seen: list[str] = ["c:yes"]
        self.latest: dict[int, list[str]] = {}  # each user's buttons under their latest reply
        self.errors = ErrorLog()
        logging.getLogger().addHandler(self.errors)

    def teardown(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        self.database.dispose()

    # --- what the database holds, by owner ----------------------------------------------------------------

    def snapshot(self) -> dict[int, list[tuple[str, tuple[Any, ...]]]]:
        by_owner: dict[int, list[tuple[str, tuple[Any, ...]]]] = {}
        with self.database.connect() as conn:
            for row in conn.execute(text('SELECT * FROM "user" ORDER BY id')):
                by_owner.setdefault(row.id, []).append(("user", tuple(row)))
            for table in OWNED_TABLES:
                for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY id')):  # noqa: S608
                    by_owner.setdefault(row.user_id, []).append((table, tuple(row)))
        return by_owner

    def owner_of(self, table: str, row_id: int) -> int | None:
        with self.database.connect() as conn:
            found = conn.execute(text(f'SELECT user_id FROM "{table}" WHERE id = :i'), {"i": row_id}).first()
        return None if found is None else int(found[0])

    def user_id(self, address: Address) -> int | None:
        with self.database.connect() as conn:
            found = conn.execute(text('SELECT id FROM "user" WHERE address = :a'), {"a": str(address)}).first()
        return None if found is None else int(found[0])

    # --- one step -------------------------------------------------------------------------------------------

    def act(self, who: int, inbound: Inbound) -> list[Reply]:
        address = USERS[who][0]
        before = self.snapshot()
        me = self.user_id(address)
        limited = 0 if self.engine.flood is None else self.engine.flood.limited
        foreign = False
        if inbound.button is not None:
            debt, row = referenced_debt(inbound.button), referenced_reminder(inbound.button)
            owner = (self.owner_of("debt", debt) if debt is not None
                     else self.owner_of("reminder", row) if row is not None else None)
            foreign = owner is not None and owner != me
        replies = self.engine.handle(inbound)  # must not raise
        after = self.snapshot()
        me = self.user_id(address) if me is None else me
        refused = self.engine.flood is not None and self.engine.flood.limited > limited

        if inbound.event is None and not refused:
            assert replies, f"no reply to {inbound!r}"
        for reply in replies:
            self.check_reply(reply)
        assert not self.errors.records, self.errors.format(self.errors.records[0]) if self.errors.records else ""
        for owner in set(before) | set(after):
            if owner != me:
                assert before.get(owner) == after.get(owner), f"{address} changed user {owner}'s rows"
        if foreign:
            assert before == after, f"{inbound.button!r} (someone else's) changed something"
            assert [r.text for r in replies if r.text not in NOT_FOUND] == [], [r.text for r in replies]
        self.check_no_card_numbers_stored()
        if replies:
            self.latest[who] = [b.data for r in replies for b in r.all_buttons()]
        return replies

    def check_reply(self, reply: Reply) -> None:
        assert reply.text.strip(), "an empty reply"
        assert reply.text not in SORRY, "a bug was caught and apologised for"
        for marker in FORBIDDEN:
            assert marker not in reply.text, f"{marker!r} in a reply: {reply.text[:300]!r}"
        for button in reply.all_buttons():
            assert button.label.strip()
            assert len(button.data.encode("utf-8")) <= 64 and button.data.isprintable(), button.data
            self.seen.append(button.data)

    def check_no_card_numbers_stored(self) -> None:
        """Every text a user could have typed is masked. Ids the bot makes up are not typed: a random 12-hex-digit
        reminder series id can be all digits, so idempotency keys, claim owners and the payload's series id are
        left out of the scan."""
        with self.database.connect() as conn:
            for table in ("user",) + OWNED_TABLES:
                for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():  # noqa: S608
                    for column, value in row.items():
                        if not isinstance(value, str) or column in MACHINE_MADE:
                            continue
                        typed = SERIES_ID.sub("", value) if column == "payload" else value
                        assert mask_card_numbers(typed) == typed, f"card number in {table}.{column}: {value[:200]!r}"

    def inbound(self, who: int, **fields: Any) -> Inbound:
        address, language = USERS[who]
        return Inbound(sender=address, language=language, **fields)

    # --- rules --------------------------------------------------------------------------------------------

    @rule(who=st.integers(0, len(USERS) - 1), said=texts)
    def say(self, who: int, said: str) -> None:
        self.act(who, self.inbound(who, text=said))

    @rule(who=st.integers(0, len(USERS) - 1), pick=st.integers(min_value=0))
    def press_one_of_my_latest_buttons(self, who: int, pick: int) -> None:
        buttons = self.latest.get(who) or ["help"]
        self.act(who, self.inbound(who, button=buttons[pick % len(buttons)]))

    @rule(who=st.integers(0, len(USERS) - 1), said=st.sampled_from(COMPLETE_DEBTS))
    def register_a_debt_and_confirm(self, who: int, said: str) -> None:
        """The happy path, so that the other rules find debts, payments and schedules to poke at."""
        self.act(who, self.inbound(who, text=said))
        for step in ("reg:ok", "c:yes"):
            if step in self.latest.get(who, []):
                self.act(who, self.inbound(who, button=step))

    @rule(who=st.integers(0, len(USERS) - 1), said=st.sampled_from(FOLLOW_UPS),
          picks=st.lists(st.integers(min_value=0), min_size=1, max_size=3), amount=st.sampled_from(AMOUNTS))
    def follow_the_buttons(self, who: int, said: str, picks: list[int], amount: str) -> None:
        """Say something, then tap through the buttons it offers, answering any question with an amount."""
        self.act(who, self.inbound(who, text=said))
        for pick in picks:
            buttons = self.latest.get(who)
            if not buttons:
                self.act(who, self.inbound(who, text=amount))
                continue
            self.act(who, self.inbound(who, button=buttons[pick % len(buttons)]))

    @precondition(lambda self: bool(self.seen))
    @rule(who=st.integers(0, len(USERS) - 1), pick=st.integers(min_value=0))
    def press_a_button_someone_was_shown(self, who: int, pick: int) -> None:
        self.act(who, self.inbound(who, button=self.seen[-1 - pick % min(len(self.seen), 40)]))

    @precondition(lambda self: bool(self.seen))
    @rule(who=st.integers(0, len(USERS) - 1), pick=st.integers(min_value=0), number=st.integers(-2, 10**13),
          suffix=st.sampled_from(["", ":x", ":", "::", ":999", "!", " ", "\u202e"]))
    def press_a_tampered_button(self, who: int, pick: int, number: int, suffix: str) -> None:
        original = self.seen[-1 - pick % min(len(self.seen), 40)]
        parts = original.split(":")
        parts = [str(number) if p.isdigit() else p for p in parts]
        self.act(who, self.inbound(who, button=":".join(parts) + suffix))

    @rule(who=st.integers(0, len(USERS) - 1), data=made_up_data)
    def press_made_up_data(self, who: int, data: str) -> None:
        self.act(who, self.inbound(who, button=data))

    @rule(who=st.integers(0, len(USERS) - 1), command=st.sampled_from(COMMANDS),
          args=st.one_of(st.just(""), st.sampled_from(NASTY), st.text(max_size=40)))
    def command(self, who: int, command: str, args: str) -> None:
        self.act(who, self.inbound(who, text=f"/{command} {args}".strip()))

    @rule(who=st.integers(0, len(USERS) - 1), kind=st.sampled_from(EVENTS))
    def platform_event(self, who: int, kind: Any) -> None:
        self.act(who, self.inbound(who, event=kind))

    @rule(seconds=st.sampled_from([0, 0.2, 1, 5, 61, 3600, 86_400, 3 * 86_400, -3600]))
    def time_passes(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    @invariant()
    def nothing_is_stored_before_consent(self) -> None:
        with self.database.connect() as conn:
            found = conn.execute(text(
                'SELECT u.address, '
                '(SELECT count(*) FROM debt d WHERE d.user_id = u.id) + '
                '(SELECT count(*) FROM payment p WHERE p.user_id = u.id) + '
                '(SELECT count(*) FROM reminder r WHERE r.user_id = u.id) + '
                '(SELECT count(*) FROM change c WHERE c.user_id = u.id) '
                'FROM "user" u WHERE u.consent_at IS NULL')).all()
        assert [(address, n) for address, n in found if n] == []

    @invariant()
    def the_database_is_consistent(self) -> None:
        with self.database.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            tables = set(inspect(conn).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables


EngineMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no "explain": it traces, slowly
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
test_engine_keeps_its_promises_under_any_input = EngineMachine.TestCase
