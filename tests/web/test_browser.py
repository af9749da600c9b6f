"""The page in a real headless Chromium on a phone-sized viewport, against the real ``repaybot web`` process:
it shows the user's debts and chart, the plan follows the budget typed, a payment made on the page is in /list in
the chat, and another user's browser can neither see nor change it."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from bot.clock import SystemClock
from bot.core.webauth import sign_init_data
from bot.engine.engine import Engine
from bot.messages import Address
from storage.db import make_engine
from tests.builders import Chat
from tests.web.browser import chromium, missing_browser, web_process
from tests.web.helpers import ALICE, BOB, BOT_TOKEN, new_link, with_debts

TG_USER = Address("tg", "5151")
REASON = missing_browser()
if REASON is not None and os.environ.get("CI"):
    pytest.fail(f"browser tests must run in CI: {REASON}", pytrace=False)
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.skipif(REASON is not None, reason=REASON or "")]


@dataclass
class Site:
    base: str
    engine: Engine

    def chat(self, who: Address) -> Chat:
        return Chat(self.engine, sender=who)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    path: Path = tmp_path_factory.mktemp("web") / "repaybot.db"
    url = f"sqlite:///{path}"
    with web_process(url, bot_token=BOT_TOKEN) as base:
        database = make_engine(url)
        engine = Engine(database, SystemClock(), web_base_url=base)
        with_debts(engine, ALICE, "花呗欠3000，12月25号还", "招行信用卡欠5000，每月10号还", "借呗欠8000，每月20号还")
        with_debts(engine, BOB, "京东白条欠1200，12月28号还")
        with_debts(engine, TG_USER, "微粒贷欠6000，12月18号还")
        yield Site(base, engine)
        database.dispose()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def open_page(driver: Any, site: Site, who: Address) -> None:
    """Open a fresh /web link as ``who`` would, from the chat."""
    chat = site.chat(who)
    driver.get(f"{site.base}/app?t={new_link(chat)}")
    wait_for(driver, lambda d: d.find_elements("css selector", "#debts"))
    assert "?t=" not in driver.current_url, "the one-time token does not stay in the address bar"


def wait_for(driver: Any, condition: Any, timeout: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def creditors(driver: Any) -> list[str]:
    return [e.text for e in driver.find_elements("css selector", "li.debt .creditor")]


def csp_violations(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_the_page_shows_the_users_debts_and_chart_on_a_phone(site: Site, browser: Any) -> None:
    open_page(browser, site, ALICE)
    assert creditors(browser) == ["花呗", "招商银行信用卡", "借呗"]
    total = browser.find_element("css selector", ".total").text
    assert "¥16,000" in total
    chart = browser.find_element("css selector", "#plan-body svg.chart")
    assert chart.is_displayed() and chart.size["width"] > 300
    assert len(chart.find_elements("css selector", "path.series")) == 2
    assert "剩余欠款" in chart.find_element("css selector", "text").text, "CJK labels in the chart"
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, "nothing wider than the phone"
    steps = browser.find_elements("css selector", "#recovery li.step")
    assert len(steps) == 4
    assert csp_violations(browser) == []


def test_the_plan_follows_the_budget_typed(site: Site, browser: Any) -> None:
    open_page(browser, site, ALICE)
    budget = browser.find_element("id", "budget")
    budget.clear()
    budget.send_keys("8000")
    wait_for(browser, lambda d: "按每月 ¥8,000 计算" in d.find_element("id", "plan-body").text)
    fast = [int(m) for m in re.findall(r"(\d+) 个月还清", browser.find_element("id", "plan-body").text)]
    budget.clear()
    budget.send_keys("2000")
    wait_for(browser, lambda d: "按每月 ¥2,000 计算" in d.find_element("id", "plan-body").text)
    slow = [int(m) for m in re.findall(r"(\d+) 个月还清", browser.find_element("id", "plan-body").text)]
    assert fast == [2, 2] and slow == [8, 8], "¥16,000 at ¥8,000 and at ¥2,000 a month"
    assert browser.find_elements("css selector", "#plan-body svg.chart path.series")
    budget.clear()
    budget.send_keys("50")
    wait_for(browser, lambda d: "¥50" in d.find_element("id", "plan-body").text
             and not d.find_elements("css selector", "#plan-body svg"))
    text = browser.find_element("id", "plan-body").text
    assert "协商" in text or "分期" in text, "below the minimums: ask the lender, as /plan says"
    assert "?t=" not in browser.current_url and csp_violations(browser) == []


def test_a_payment_made_on_the_page_is_in_the_chats_list(site: Site, browser: Any) -> None:
    open_page(browser, site, ALICE)
    card = browser.find_element("css selector", "li.debt:nth-child(1)")
    card.find_element("css selector", "summary").click()
    amount = card.find_element("css selector", "form.pay input[name=amount]")
    amount.send_keys("1000")
    card.find_element("css selector", "form.pay button").click()
    wait_for(browser, lambda d: d.find_elements("id", "notice"))
    assert "¥2,000" in browser.find_element("id", "notice").text
    assert "¥2,000" in browser.find_element("css selector", "li.debt:nth-child(1) .balance").text
    chat = site.chat(ALICE)
    chat.say("/list")
    assert re.search(r"花呗.*¥2,000", chat.text()), chat.text()


def test_another_users_browser_can_neither_see_nor_change_it(site: Site) -> None:
    with chromium() as alice, chromium() as bob:
        open_page(alice, site, ALICE)
        open_page(bob, site, BOB)
        assert creditors(bob) == ["京东白条"]
        assert "花呗" not in bob.find_element("id", "debts").text
        huabei = alice.find_element("css selector", "li.debt:nth-child(1)").get_attribute("data-debt-id")
        before = alice.find_element("css selector", "li.debt:nth-child(1) .balance").text
        # Bob's browser posts Alice's debt id with his own (valid) CSRF token: the engine refuses it.
        bob.execute_script(
            "var f = document.querySelector('form.pay');"
            "f.querySelector('input[name=debt]').value = arguments[0];"
            "f.querySelector('input[name=amount]').value = '999';"
            "f.submit();", huabei)
        wait_for(bob, lambda d: d.find_elements("id", "notice"))
        assert "没找到这笔欠款" in bob.find_element("id", "notice").text
        assert creditors(bob) == ["京东白条"]
        alice.refresh()
        wait_for(alice, lambda d: d.find_elements("css selector", "li.debt"))
        assert alice.find_element("css selector", "li.debt:nth-child(1) .balance").text == before
        # A link Alice already used shows Bob nothing.
        chat = site.chat(ALICE)
        token = new_link(chat)
        alice.get(f"{site.base}/app?t={token}")
        wait_for(alice, lambda d: d.find_elements("css selector", "#debts"))
        bob.get(f"{site.base}/app?t={token}")
        assert "链接已失效" in bob.find_element("tag name", "h1").text
        assert "花呗" not in bob.page_source


def test_inside_telegram_the_page_signs_in_with_the_mini_app_data(site: Site, browser: Any) -> None:
    init_data = sign_init_data({"auth_date": str(int(time.time())), "query_id": "AAE1",
                                "user": json.dumps({"id": 5151, "first_name": "Li", "language_code": "zh"})},
                               BOT_TOKEN)
    # Where Telegram's clients put the launch data: the fragment of the Mini App's URL.
    browser.get(f"{site.base}/app#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=7.0")
    wait_for(browser, lambda d: d.find_elements("css selector", "li.debt"))
    assert creditors(browser) == ["微粒贷"]
    forged = init_data.replace("5151", "5152")
    with chromium() as other:
        other.get(f"{site.base}/app#tgWebAppData={quote(forged, safe='')}&tgWebAppVersion=7.0")
        wait_for(other, lambda d: d.find_element("tag name", "body").get_attribute("data-telegram") == "refused")
        assert not other.find_elements("css selector", "li.debt")
