"""The console's message boundaries: a pasted notice is one message however many lines it has; a piped file of
one-line messages stays one message a line; bracketed-paste marks make exactly one message."""

from __future__ import annotations

import asyncio

from bot.channels.console import PASTE_END, PASTE_START, _next_burst, messages_of

EMAIL = ["招商银行信用卡电子账单", "账单日 Statement Date: 2026/11/20", "到期还款日 Payment Due Date: 2026/12/08",
         "本期应还金额 New Balance: RMB 7,654.32", "最低还款额 Minimum Payment: RMB 765.43"]
CHASE = ["Chase: Your credit card statement is ready.", "Total Due: $1,234.56", "Min Due: $35.00",
         "Due Date: 12/15/2026", "Card ending 4321. If you have already paid, please ignore this message."]


def test_a_pasted_e_mail_statement_is_one_message() -> None:
    assert messages_of(EMAIL) == ["\n".join(EMAIL)]
    assert messages_of(CHASE) == ["\n".join(CHASE)]


def test_an_sms_wrapped_over_lines_is_one_message() -> None:
    lines = ["【交通银行】尊敬的客户，您尾号3344的信用卡本期应还款额", "6,789.00元，到期还款日12月14日。"]
    assert messages_of(lines) == ["\n".join(lines)]


def test_a_piped_file_of_one_line_messages_stays_one_message_a_line() -> None:
    lines = ["/start", "1", "花呗欠了3000元，12月10号要还", "1", "提醒我：明天10点还花呗", "还了1000", "/list", "账单",
             "还了500", "我的账单", "还了200", "提醒我明天10点还花呗", "paid 500 on the card", "花呗 3000 12月10号"]
    assert messages_of(lines) == lines


def test_an_app_template_with_a_title_line_is_one_message() -> None:
    lines = ["花呗账单", "本月应还 1,234.00", "到期时间 12-10", "去还款"]
    assert messages_of(lines) == ["\n".join(lines)]
    lines = ["Discover Card Account Ending 4567", "Statement Balance: $760.45", "Due Date: 12/18/2026"]
    assert messages_of(lines) == ["\n".join(lines)]


def test_after_a_notice_a_button_number_a_command_or_the_next_notice_are_their_own_messages() -> None:
    sms = "【招商银行】您尾号1234的信用卡本期账单金额3,456.78元，到期还款日12月08日。"
    repaid = "【招商银行】您尾号1234的信用卡收到还款3,456.78元。"
    assert messages_of([sms, "1", sms, "/list", sms, repaid]) == [sms, "1", sms, "/list", sms, repaid]
    assert messages_of([sms, "还了1000"]) == [sms, "还了1000"], "a finished SMS does not swallow the next line"
    chase = "Chase: Your credit card statement is ready. Total Due: $1,234.56, Due Date: 12/15/2026."
    assert messages_of([sms, chase, "3"]) == [sms, chase, "3"]


def test_bracketed_paste_marks_make_one_message() -> None:
    async def read() -> tuple[list[str], bool]:
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        for line in ["1\n", PASTE_START + "花呗欠了3000元\n", "还了1000\n", "/list" + PASTE_END + "\n", "2\n", None]:
            queue.put_nowait(line)
        return await _next_burst(queue)

    messages, ended = asyncio.run(read())
    assert messages == ["1", "花呗欠了3000元\n还了1000\n/list", "2"]
    assert ended
