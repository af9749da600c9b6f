"""The web page over real HTTP on 127.0.0.1: every route, the one-time links, sessions, CSRF, Telegram Mini App
data, and that one user never sees or changes another's rows."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import Debt, User, WebLink, WebSession
from tests.builders import Chat
from tests.fakes import FrozenClock
from tests.web.helpers import ALICE, BOB, BOT_TOKEN, new_link, page_client, sign_in, with_debts

HUABEI = "花呗欠3000，12月15号还"
CARD = "招行信用卡欠5000，每月10号还"


def debts_of(engine: Engine, address: Address) -> dict[str, Decimal]:
    with Session(engine.database) as s:
        user = s.exec(select(User).where(User.address == str(address))).one()
        return {d.creditor: d.balance for d in s.exec(select(Debt).where(Debt.user_id == user.id, Debt.status == "active"))}


def creditors(html: str) -> list[str]:
    """The creditors listed on a page."""
    return re.findall(r'class="creditor">([^<]*)<', html)


def debt_id(engine: Engine, address: Address, creditor: str) -> int:
    with Session(engine.database) as s:
        user = s.exec(select(User).where(User.address == str(address))).one()
        debt = s.exec(select(Debt).where(Debt.user_id == user.id, Debt.creditor == creditor)).one()
        assert debt.id is not None
        return debt.id


# --- /web and the one-time link ---------------------------------------------------------------------------


async def test_web_answers_a_one_time_link_that_signs_the_browser_in(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    chat.say("/web")
    assert "http://127.0.0.1:8088/app?t=" in chat.text() and "15" in chat.text()
    assert all(b.web_app is None for r in chat.last for b in r.all_buttons()), "no Mini App button off Telegram"
    token = re.search(r"t=([A-Za-z0-9_-]+)", chat.text()).group(1)  # type: ignore[union-attr]
    assert len(token) >= 43
    with Session(engine.database) as s:
        stored = s.exec(select(WebLink)).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
    async with page_client(engine) as client:
        response = await client.get(f"/app?t={token}")
        assert response.status == 200
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/app" in cookie
        assert "Secure" not in cookie, "plain http on 127.0.0.1: a Secure cookie would never come back"
        assert 'http-equiv="refresh"' in await response.text()
        page = await client.get("/app")
        html = await page.text()
        assert page.status == 200 and "花呗" in html and "¥3,000" in html
    with Session(engine.database) as s:
        session_row = s.exec(select(WebSession)).one()
        assert session_row.token_hash != cookie and len(session_row.token_hash) == 64


async def test_a_link_works_once(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    token = new_link(chat)
    async with page_client(engine) as first, page_client(engine) as second:
        assert (await first.get(f"/app?t={token}")).status == 200
        again = await second.get(f"/app?t={token}")
        html = await again.text()
        assert again.status == 403 and "链接已失效" in html
        assert "花呗" not in html and "Set-Cookie" not in again.headers
        assert (await second.get("/app")).status == 401


async def test_an_expired_or_forged_link_shows_a_page_with_no_data(engine: Engine, clock: FrozenClock) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    token = new_link(chat)
    clock.advance(timedelta(minutes=15, seconds=1))
    async with page_client(engine) as client:
        for bad in (token, "forged" + token[6:], "x", "%00%ff", "a" * 5000, ""):
            response = await client.get("/app", params={"t": bad})
            html = await response.text()
            assert response.status == 403, bad
            assert "花呗" not in html and "csrf" not in html
        assert (await client.get("/app")).status == 401


async def test_a_link_just_inside_fifteen_minutes_still_works(engine: Engine, clock: FrozenClock) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    token = new_link(chat)
    clock.advance(timedelta(minutes=14, seconds=59))
    async with page_client(engine) as client:
        assert (await client.get(f"/app?t={token}")).status == 200


async def test_the_cookie_is_secure_behind_https(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    async with page_client(engine, base_url="https://repay.example.com") as client:
        response = await client.get(f"/app?t={new_link(chat)}")
        assert "Secure" in response.headers["Set-Cookie"]


async def test_a_session_ends_after_twelve_hours(engine: Engine, clock: FrozenClock) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    async with page_client(engine) as client:
        await sign_in(client, chat)
        clock.advance(timedelta(hours=12, seconds=1))
        response = await client.get("/app")
        assert response.status == 401 and "花呗" not in await response.text()


async def test_without_a_session_every_route_says_how_to_open_the_page(engine: Engine) -> None:
    with_debts(engine, ALICE, HUABEI)
    async with page_client(engine) as client:
        for method, path in (("GET", "/app"), ("GET", "/app/plan?budget=1000"), ("GET", "/app/export"),
                             ("GET", "/app/delete"), ("POST", "/app/action"), ("POST", "/app/export"),
                             ("POST", "/app/delete"), ("POST", "/app/logout")):
            response = await client.request(method, path, data={"csrf": "x"} if method == "POST" else None)
            assert response.status == 401, path
            assert "/web" in await response.text()


# --- the page ---------------------------------------------------------------------------------------------


async def test_the_page_shows_debts_plan_and_recovery_with_strict_headers(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, CARD)
    with Session(engine.database) as s:
        card = s.exec(select(Debt).where(Debt.creditor == "招商银行信用卡")).one()
        card.minimum_payment = Decimal("500")
        s.add(card)
        s.commit()
    async with page_client(engine) as client:
        await sign_in(client, chat)
        response = await client.get("/app")
        html = await response.text()
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp and response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
    assert not re.search(r'(src|href)="https?://', html), "no third-party script, style or font"
    for expected in ("花呗", "¥3,000", "12月15日", "还剩 17 天", "招商银行信用卡", "¥5,000", "每月10日",
                     "最低还款：¥500", "下次提醒", "合计欠款：¥8,000", "<svg", "雪崩法", "雪球法",
                     "信用恢复四步", "下一步"):
        assert expected in html, expected


async def test_overdue_counts_from_overdue_since_and_the_record_drop_off_date_shows(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, "借呗欠2000，11月1号还")
    with Session(engine.database) as s:
        debt = s.exec(select(Debt).where(Debt.creditor == "花呗")).one()
        debt.overdue_since = date(2026, 10, 15)  # a recurring bill rolled on, the first miss still unpaid
        s.add(debt)
        jiebei = s.exec(select(Debt).where(Debt.creditor == "借呗")).one()
        jiebei.due_date = date(2026, 11, 1)
        jiebei.record_clears_on = date(2031, 11, 20)
        s.add(jiebei)
        s.commit()
    async with page_client(engine) as client:
        await sign_in(client, chat)
        html = await (await client.get("/app")).text()
    assert "自 10月15日" in html and "44 天" in html, "overdue since the first missed date"
    # 借呗 was registered on 28 Nov with a past due date (1 Nov): it is overdue since then, 27 days.
    assert "自 11月1日" in html and "27 天" in html, "借呗 due 1 Nov, today 28 Nov"
    assert "2031" in html and "P3" in html and "征信业管理条例" in html


async def test_the_page_follows_the_users_language(engine: Engine) -> None:
    chat = Chat(engine, sender=ALICE, language="en").start()
    chat.say("I owe Visa 1200 due Dec 20")
    chat.press("Save")
    async with page_client(engine) as client:
        await sign_in(client, chat)
        html = await (await client.get("/app")).text()
    assert 'lang="en"' in html and "My debts" in html and "Visa" in html and "Payoff plan" in html


async def test_the_plan_follows_the_budget_and_a_target_date(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, CARD)
    async with page_client(engine) as client:
        await sign_in(client, chat)
        small = await (await client.get("/app/plan?budget=1000")).text()
        large = await (await client.get("/app/plan?budget=4000")).text()
        assert "¥1,000" in small and "¥4,000" in large and small != large
        assert "<svg" in large and "雪崩法" in large
        months = [int(m) for m in re.findall(r"(\d+) 个月还清", large)]
        assert months and max(months) <= 2, "¥8,000 at ¥4,000 a month"
        short = await (await client.get("/app/plan?budget=100")).text()
        assert "协商" in short or "分期" in short, "below the minimums: ask the lender, as /plan says"
        assert "<svg" not in short
        by_date = await (await client.get("/app/plan?target=2027-06-30")).text()
        assert "2027" in by_date and "<svg" in by_date
        bad = await (await client.get("/app/plan?budget=abc")).text()
        assert "数字" in bad
        whole = await (await client.get("/app?budget=4000")).text()
        assert 'value="4000"' in whole


async def test_the_budget_nobody_typed_covers_the_minimums_to_the_cent(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, CARD)
    with Session(engine.database) as s:
        for debt in s.exec(select(Debt)):
            debt.minimum_payment = Decimal("300.20")  # minimums ¥600.40: a budget rounded to ¥600 fits no plan
            s.add(debt)
        s.commit()
    async with page_client(engine) as client:
        await sign_in(client, chat)
        html = await (await client.get("/app")).text()
    assert 'id="budget" inputmode="decimal" autocomplete="off" maxlength="16" value="601"' in html
    assert "<svg" in html and "低于各笔最低还款额之和" not in html


# --- actions ----------------------------------------------------------------------------------------------


async def test_a_payment_on_the_page_is_the_chats_payment_with_its_undo(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, CARD)
    huabei = debt_id(engine, ALICE, "花呗")
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)
        response = await client.post("/app/action", data={"csrf": csrf, "op": "pay", "debt": str(huabei),
                                                          "amount": "1000"}, allow_redirects=False)
        assert response.status == 303
        html = await (await client.get("/app")).text()
        assert "¥2,000" in html and "还款助手" in html, "the engine's answer is shown once"
        assert "role=\"status\"" not in await (await client.get("/app")).text()
    chat.say("/list")
    assert "花呗" in chat.text() and "¥2,000" in chat.text()
    chat.say("/undo")
    assert debts_of(engine, ALICE)["花呗"] == Decimal("3000")


async def test_a_bad_amount_changes_nothing_and_leaves_no_question_open(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    huabei = debt_id(engine, ALICE, "花呗")
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)
        await client.post("/app/action", data={"csrf": csrf, "op": "pay", "debt": str(huabei), "amount": "lots"})
    assert debts_of(engine, ALICE)["花呗"] == Decimal("3000")
    with Session(engine.database) as s:
        assert s.exec(select(User).where(User.address == str(ALICE))).one().state is None


async def test_mark_paid_snooze_stop_resume_and_edit_due_date(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI, CARD)
    huabei = debt_id(engine, ALICE, "花呗")
    card = debt_id(engine, ALICE, "招商银行信用卡")
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)

        async def act(op: str, debt: int, **extra: str) -> str:
            response = await client.post("/app/action", data={"csrf": csrf, "op": op, "debt": str(debt), **extra})
            return await response.text()  # after the redirect: the page, with the engine's answer on top

        assert "⏰ 好的" in await act("snooze_1h", huabei) and "「花呗」" in await act("snooze_tmr", huabei)
        html = await act("stop", huabei)
        assert "🔕 已停止提醒「花呗」" in html and "提醒已停止" in html
        html = await act("resume", huabei)
        assert "🔔 已恢复「花呗」的提醒" in html and "提醒已停止" not in html
        html = await act("due", huabei, due="2026-12-20")
        assert "已修改 ✅" in html and "12月20日" in html
        html = await act("paid", card)
        assert "「招商银行信用卡」这一期已还清" in html and "2027年1月10日" in html, "a monthly bill rolls on"
    with Session(engine.database) as s:
        hb = s.get(Debt, huabei)
        assert hb is not None and hb.due_date == date(2026, 12, 20) and not hb.reminders_muted
    chat.say("/undo")  # the chat's undo takes back the page's last change: this month's card bill paid
    with Session(engine.database) as s:
        bill = s.get(Debt, card)
        assert bill is not None and bill.due_date == date(2026, 12, 10) and bill.balance == Decimal("5000")


async def test_undo_on_the_page_puts_back_the_last_change(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    huabei = debt_id(engine, ALICE, "花呗")
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)
        await client.post("/app/action", data={"csrf": csrf, "op": "pay", "debt": str(huabei), "amount": "500"})
        assert debts_of(engine, ALICE)["花呗"] == Decimal("2500")
        await client.post("/app/action", data={"csrf": csrf, "op": "undo"})
    assert debts_of(engine, ALICE)["花呗"] == Decimal("3000")


async def test_actions_need_the_sessions_csrf_token(engine: Engine) -> None:
    alice = with_debts(engine, ALICE, HUABEI)
    bob = with_debts(engine, BOB, CARD)
    huabei = debt_id(engine, ALICE, "花呗")
    async with page_client(engine) as client, page_client(engine) as other:
        await sign_in(client, alice)
        bobs_csrf = await sign_in(other, bob)
        for data in ({}, {"csrf": ""}, {"csrf": "0" * 64}, {"csrf": bobs_csrf}):
            response = await client.post("/app/action", data={**data, "op": "paid", "debt": str(huabei)})
            assert response.status == 403
        for path in ("/app/export", "/app/delete", "/app/logout"):
            assert (await client.post(path, data={"csrf": bobs_csrf, "confirm": "yes"})).status == 403
    assert debts_of(engine, ALICE)["花呗"] == Decimal("3000")


async def test_one_user_never_sees_or_changes_anothers_rows(engine: Engine) -> None:
    alice = with_debts(engine, ALICE, HUABEI)
    bob = with_debts(engine, BOB, CARD)
    huabei = debt_id(engine, ALICE, "花呗")
    async with page_client(engine) as client:
        csrf = await sign_in(client, bob)
        html = await (await client.get("/app")).text()
        assert creditors(html) == ["招商银行信用卡"] and "¥3,000" not in html
        plan = await (await client.get("/app/plan?budget=2000")).text()
        assert "招商银行信用卡" in plan and "花呗" not in plan
        for op, extra in (("paid", {}), ("pay", {"amount": "100"}), ("stop", {}), ("due", {"due": "2027-01-01"}),
                          ("snooze_tmr", {})):
            answered = await client.post("/app/action", data={"csrf": csrf, "op": op, "debt": str(huabei), **extra})
            html = await answered.text()  # the redirect brings the page with the engine's answer
            assert creditors(html) == ["招商银行信用卡"] and "没找到这笔欠款" in html, op
        exported = await client.post("/app/export", data={"csrf": csrf, "format": "json"})
        assert "花呗" not in await exported.text()
    assert debts_of(engine, ALICE) == {"花呗": Decimal("3000")}
    alice.say("/list")
    assert "¥3,000" in alice.text()


async def test_export_and_delete_sit_behind_a_confirmation(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    with_debts(engine, BOB, CARD)
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)
        confirm = await (await client.get("/app/export")).text()
        assert "下载 JSON" in confirm and csrf in confirm
        exported = await client.post("/app/export", data={"csrf": csrf, "format": "json"})
        assert exported.headers["Content-Disposition"].startswith("attachment")
        document = json.loads(await exported.read())
        assert [d["creditor"] for d in document["tables"]["debt"]] == ["花呗"]
        csv = await client.post("/app/export", data={"csrf": csrf, "format": "csv"})
        assert "花呗" in (await csv.read()).decode("utf-8-sig")
        confirm = await (await client.get("/app/delete")).text()
        assert "删除全部数据" in confirm and not creditors(confirm)
        not_confirmed = await client.post("/app/delete", data={"csrf": csrf}, allow_redirects=False)
        assert not_confirmed.status == 303 and debts_of(engine, ALICE)
        deleted = await client.post("/app/delete", data={"csrf": csrf, "confirm": "yes"})
        assert deleted.status == 200 and "已删除" in await deleted.text()
        assert (await client.get("/app")).status == 401
    with Session(engine.database) as s:
        assert s.exec(select(User).where(User.address == str(ALICE))).first() is None
        assert s.exec(select(WebSession)).all() == [] and s.exec(select(WebLink)).all() == []
        assert len(s.exec(select(User)).all()) == 1, "Bob is untouched"


async def test_logout_ends_the_session(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    async with page_client(engine) as client:
        csrf = await sign_in(client, chat)
        assert (await client.post("/app/logout", data={"csrf": csrf})).status == 200
        assert (await client.get("/app")).status == 401


async def test_static_files_unknown_paths_and_oversized_forms(engine: Engine) -> None:
    chat = with_debts(engine, ALICE, HUABEI)
    async with page_client(engine) as client:
        js = await client.get("/app/static/app.js")
        assert js.status == 200 and js.headers["Content-Type"].startswith("text/javascript")
        css = await client.get("/app/static/app.css")
        assert css.status == 200 and "RepayBot Sans SC" in await css.text()
        font = await client.get("/app/static/RepayBotSansSC-Regular.otf")
        assert font.status == 200 and font.headers["Content-Type"] == "font/otf"
        for path in ("/app/static/../../etc/passwd", "/app/static/nope.js", "/nothing", "/app/zzz"):
            response = await client.get(path)
            assert response.status == 404 and "Content-Security-Policy" in response.headers
        csrf = await sign_in(client, chat)
        big = await client.post("/app/action", data={"csrf": csrf, "op": "pay", "amount": "1" * 20000})
        assert big.status == 413


# --- Telegram Mini App ------------------------------------------------------------------------------------


def signed(fields: dict[str, str], token: str = BOT_TOKEN) -> str:
    """initData as Telegram signs it, computed here independently of the code under test."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()})


def mini_app_fields(user_id: int, at: datetime, language: str = "zh") -> dict[str, str]:
    return {"auth_date": str(int(at.timestamp())), "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
            "user": json.dumps({"id": user_id, "first_name": "小明", "language_code": language}, ensure_ascii=False)}


async def test_telegram_init_data_signs_in_the_telegram_user(engine: Engine, now: datetime) -> None:
    with_debts(engine, Address("tg", "4242"), HUABEI)
    with_debts(engine, ALICE, CARD)
    async with page_client(engine) as client:
        response = await client.post("/app/session/telegram",
                                     data={"init_data": signed(mini_app_fields(4242, now - timedelta(hours=23)))})
        assert response.status == 200
        assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Strict" in response.headers["Set-Cookie"]
        html = await (await client.get("/app")).text()
        assert creditors(html) == ["花呗"]


async def test_telegram_init_data_is_refused_when_anything_is_off(engine: Engine, now: datetime) -> None:
    with_debts(engine, Address("tg", "4242"), HUABEI)
    good = mini_app_fields(4242, now)
    tampered = signed(good).replace("4242", "4243")
    cases = {
        "old": signed(mini_app_fields(4242, now - timedelta(hours=24, seconds=1))),
        "future": signed(mini_app_fields(4242, now + timedelta(hours=1))),
        "other bot": signed(good, token="654321:another-bot"),
        "tampered": tampered,
        "no hash": urlencode(good),
        "bad hash": urlencode({**good, "hash": "0" * 64}),
        "junk": "%%%",
        "empty": "",
        "no user": signed({"auth_date": good["auth_date"]}),
        "bad date": signed({**good, "auth_date": "yesterday"}),
        "not ascii hash": urlencode({**good, "hash": "é" * 64}),
    }
    async with page_client(engine) as client:
        for name, data in cases.items():
            response = await client.post("/app/session/telegram", data={"init_data": data})
            assert response.status == 401, name
            assert "Set-Cookie" not in response.headers, name
        assert (await client.post("/app/session/telegram", data={})).status == 401
        assert (await client.get("/app")).status == 401
    async with page_client(engine, bot_token=None) as client:
        response = await client.post("/app/session/telegram", data={"init_data": signed(good)})
        assert response.status == 401, "no bot token configured: nothing can be checked"


async def test_a_new_telegram_user_gets_an_empty_page(engine: Engine, now: datetime) -> None:
    async with page_client(engine) as client:
        response = await client.post("/app/session/telegram", data={"init_data": signed(mini_app_fields(777, now))})
        assert response.status == 200
        html = await (await client.get("/app")).text()
        assert "还没有记录欠款" in html


def test_init_data_check_matches_telegrams_published_example_shape() -> None:
    from bot.core.webauth import check_init_data

    at = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    data = signed(mini_app_fields(99, at, language="en"))
    found = check_init_data(data, BOT_TOKEN, at + timedelta(minutes=1))
    assert found is not None and found.user_id == 99 and found.language_code == "en"
    assert check_init_data(data, BOT_TOKEN, at + timedelta(hours=24, minutes=1)) is None
