"""A message that is only a notice's boilerplate ("if paid, please ignore") changes nothing and says so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.engine.engine import Engine
from tests.builders import Chat
from tests.core.test_understanding import debts_of


@pytest.mark.parametrize(("text", "lang"), [("if paid, please ignore", "en"), ("如已还款请忽略", "zh")])
def test_bare_boilerplate_is_never_a_payment(engine: Engine, text: str, lang: str) -> None:
    chat = Chat(engine, language=lang).start()
    chat.say("花呗欠了3000元，12月10号要还" if lang == "zh" else "visa 3000 due Dec 10")
    chat.press_data("reg:ok")
    chat.say(text)
    [debt] = debts_of(engine)
    assert debt.balance == Decimal("3000") and debt.status == "active"
    assert "¥" not in chat.text() and "$" not in chat.text()
    assert "改动" in chat.text() or "changed anything" in chat.text()
