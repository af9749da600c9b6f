"""Regenerate the web page's screenshots in docs/ (headless Chromium, phone viewport, a made-up user).

    .venv/bin/python docs/screenshots.py

Needs Debian's chromium and chromium-driver (as the browser tests do). Starts ``repaybot web`` on a free loopback
port with a throw-away SQLite database, fills it through the engine as a chat would, and photographs the debts,
the plan and the recovery steps, in Chinese, and the debts in English.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlmodel import Session, select  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.engine.engine import Engine  # noqa: E402
from bot.messages import Address  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.models import Debt, User  # noqa: E402
from tests.builders import Chat  # noqa: E402
from tests.web.browser import chromium, missing_browser, web_process  # noqa: E402
from tests.web.helpers import new_link  # noqa: E402

DOCS = REPO / "docs"
ZH = Address("console", "xiaoming")
EN = Address("console", "sam")


def seed(engine: Engine) -> None:
    chat = Chat(engine, sender=ZH).start()
    for text in ("花呗欠3200，12月15号还", "招行信用卡欠8600，每月10号还", "借呗欠12000，每月20号还",
                 "网商贷欠4000，1月5号还"):
        chat.say(text)
        chat.press("确认")
    chat.say("还了花呗3200")
    english = Chat(engine, sender=EN, language="en").start()
    for text in ("I owe Visa 2400 due on the 12th every month", "I owe Mum 800 due 31 January"):
        english.say(text)
        english.press("Save")
    with Session(engine.database) as session:
        user = session.exec(select(User).where(User.address == str(ZH))).one()
        today = engine.clock.now().date()
        for debt in session.exec(select(Debt).where(Debt.user_id == user.id)):
            if debt.creditor == "网商贷":  # an overdue loan, late for three weeks
                debt.due_date = today - timedelta(days=21)
                debt.overdue_since = debt.due_date
                debt.daily_rate = Decimal("0.0005")
            if debt.creditor.startswith("招商"):
                debt.minimum_payment = Decimal("860")
                debt.annual_rate = Decimal("0.18")
            if debt.creditor == "借呗":
                debt.annual_rate = Decimal("0.0876")
            if debt.creditor == "花呗":  # settled just now: its late record's drop-off date is known
                debt.record_clears_on = today.replace(year=today.year + 5)
            session.add(debt)
        session.commit()


def shoot(driver: object, path: Path, anchor: str | None = None) -> None:
    if anchor:
        driver.execute_script(  # type: ignore[attr-defined]
            "var el = document.getElementById(arguments[0]); window.scrollTo(0, el.offsetTop - 96);", anchor)
    time.sleep(0.4)  # let the scroll and the web font settle before the picture (a script, not a test)
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    sys.stdout.write(f"wrote {path.relative_to(REPO)}\n")


def main() -> int:
    reason = missing_browser()
    if reason:
        sys.stderr.write(f"cannot take screenshots: {reason}\n")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/screens.db"
        with web_process(url) as base:
            database = make_engine(url)
            engine = Engine(database, SystemClock(), web_base_url=base)
            seed(engine)
            with chromium(pixel_ratio=2) as driver:
                driver.get(f"{base}/app?t={new_link(Chat(engine, sender=ZH))}")
                time.sleep(1.0)
                shoot(driver, DOCS / "web-debts.png")
                budget = driver.find_element("id", "budget")
                budget.clear()
                budget.send_keys("5000")
                time.sleep(1.0)
                shoot(driver, DOCS / "web-plan.png", "plan")
                shoot(driver, DOCS / "web-recovery.png", "recovery")
                budget.clear()
                budget.send_keys("1000")
                time.sleep(1.0)
                shoot(driver, DOCS / "web-plan-negotiate.png", "plan")
            with chromium(pixel_ratio=2) as driver:
                driver.get(f"{base}/app?t={new_link(Chat(engine, sender=EN, language='en'))}")
                time.sleep(1.0)
                shoot(driver, DOCS / "web-debts-en.png")
            database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
