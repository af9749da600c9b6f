"""Pasting a notice into `python -m bot chat` (a real subprocess, driven through a pipe): a multi-line notice is one
message and is registered after one confirmation; a piped file of one-line messages stays one message a line; a
repayment-success notice with no debt on file registers nothing."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_console import ConsoleBot

pytestmark = pytest.mark.e2e
WEEKDAYS = "一二三四五六日"


def _day_label(day: date, today: date) -> str:
    label = f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"
    return label if day.year == today.year else f"{day.year}年{label}"


def _debts(workdir: Path) -> list[tuple[str, Decimal, str]]:
    with sqlite3.connect(workdir / "bot.db") as db:
        rows = db.execute("SELECT creditor, balance, due_date FROM debt ORDER BY id").fetchall()
    return [(creditor, Decimal(str(balance)), str(due)) for creditor, balance, due in rows]


def _payments(workdir: Path) -> int:
    with sqlite3.connect(workdir / "bot.db") as db:
        return int(db.execute("SELECT count(*) FROM payment").fetchone()[0])


def test_a_pasted_multi_line_statement_is_one_message_registered_after_one_confirmation(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    due = today + timedelta(days=12)
    statement = today - timedelta(days=8)
    notice = (f"招商银行信用卡电子账单\n"
              f"账单日 Statement Date: {statement:%Y/%m/%d}\n"
              f"到期还款日 Payment Due Date: {due:%Y/%m/%d}\n"
              f"本期应还金额 New Balance: RMB 7,654.32\n"
              f"最低还款额 Minimum Payment: RMB 765.43\n"
              f"卡号末四位 Card Last 4: 2468\n"
              f"如已还款请忽略本邮件。")
    bot = ConsoleBot(tmp_path, "chat")
    try:
        bot.expect("[1] ✅ 同意并开始")
        bot.send("1")
        bot.expect("已记下你的同意")
        bot.send(notice)  # one write: the lines arrive together, as a paste does
        bot.expect("这是一条账单通知")
        bot.expect("¥7,654.32")
        bot.expect("¥765.43")
        bot.expect(_day_label(due, today))
        bot.expect("2468")
        bot.expect("[1] ✅ 保存为新欠款")
        bot.send("1")
        bot.expect("已保存：招商银行信用卡 ¥7,654.32")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0 and "Traceback" not in stderr
    assert _debts(tmp_path) == [("招商银行信用卡", Decimal("7654.32"), due.isoformat())]
    assert _payments(tmp_path) == 0, "the notice's 如已还款请忽略 is not a payment"
    assert sum("这是一条账单通知" in line for line in bot.seen) == 1, "seven lines, one message"


def test_a_piped_file_of_one_line_messages_stays_one_message_a_line(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path, "chat")
    try:
        bot.expect("[1] ✅ 同意并开始")
        # The whole file in one write, as `printf 'msg1\nmsg2\n' | repaybot chat` delivers it.
        bot.send("1\n花呗欠了3000元，12月10号要还\n1\n招行信用卡5200，每月15号还\n1\n还了1000\n/list")
        bot.expect("已保存：花呗 ¥3,000")
        bot.expect("已保存：招商银行信用卡 ¥5,200")
        bot.expect("是哪一笔的还款")
        bot.expect("2 笔")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0 and "Traceback" not in stderr
    assert [(c, b) for c, b, _ in _debts(tmp_path)] == [("花呗", Decimal("3000")), ("招商银行信用卡", Decimal("5200"))]


def test_a_repayment_success_notice_with_no_debt_on_file_registers_nothing(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path, "chat")
    try:
        bot.expect("[1] ✅ 同意并开始")
        bot.send("1")
        bot.expect("已记下你的同意")
        bot.send("【招商银行】您尾号1234的信用卡收到还款人民币3,456.78元，本期账单已还清。如有疑问请致电客服。")
        bot.expect("这是一条还款成功通知，不是账单")
        bot.send("/list")
        bot.expect("还没有")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0 and "Traceback" not in stderr
    assert _debts(tmp_path) == [] and _payments(tmp_path) == 0


def test_several_sms_pasted_at_once_are_listed_and_each_bill_saved_with_its_own_figures(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    due_a, due_b = today + timedelta(days=10), today + timedelta(days=15)
    paste = (f"\x1b[200~【工商银行】您的牡丹信用卡(尾号5678)本期应还款额2,000.00元，最低还款额200.00元，"
             f"到期还款日{due_a:%Y年%m月%d日}。\n"
             f"【招商银行】您尾号1234的信用卡{today.month}月{today.day}日消费人民币58.00元。\n"
             f"【建设银行】您尾号8890的信用卡本期应还款额1,204.30元，到期还款日{due_b:%Y年%m月%d日}。\x1b[201~")
    bot = ConsoleBot(tmp_path, "chat")
    try:
        bot.expect("[1] ✅ 同意并开始")
        bot.send("1")
        bot.expect("已记下你的同意")
        bot.send(paste)  # a terminal's bracketed paste: three SMS, one message
        bot.expect("这条消息里有 3 条通知")
        bot.expect("2. 消费通知，不是账单，不做改动")
        bot.expect("【第 1 条，共 3 条】")
        bot.expect("[1] ✅ 保存为新欠款  [2] ⏭ 跳过这条")
        bot.send("1")
        bot.expect("已保存：工商银行信用卡 ¥2,000")
        bot.expect("【第 3 条，共 3 条】")
        bot.expect("[1] ✅ 保存为新欠款")
        bot.send("1")
        bot.expect("已保存：建设银行信用卡 ¥1,204.30")
    finally:
        stderr = bot.close()
    assert bot.process.returncode == 0 and "Traceback" not in stderr
    assert _debts(tmp_path) == [("工商银行信用卡", Decimal("2000.00"), due_a.isoformat()),
                                ("建设银行信用卡", Decimal("1204.30"), due_b.isoformat())]
    assert _payments(tmp_path) == 0
