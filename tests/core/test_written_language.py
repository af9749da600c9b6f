"""Someone new whose language setting is only a default (the deployment's, or a client that says nothing) and who
plainly writes the other language is answered in the language they write, and told how to switch; a consented
user's setting is theirs and never changes behind them, and short or mixed messages change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.engine.engine import Engine
from bot.messages import Address
from storage.models import User
from tests.builders import Chat


def language_of(engine: Engine, ident: str) -> str:
    with Session(engine.database) as s:
        return s.exec(select(User).where(User.external_id == ident)).one().language


def test_a_new_user_writing_english_on_a_chinese_default_gets_english(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "new"), language="zh")
    chat.say("/start")
    chat.say("owe capital one $1,850 due the 5th")
    assert language_of(engine, "new") == "en"
    assert "/language" in chat.text() and "Save it?" in chat.text()


def test_a_new_user_writing_chinese_on_an_english_default_gets_chinese(engine: Engine) -> None:
    chat = Chat(engine, sender=Address("console", "zh-writer"), language="en")
    chat.say("/start")
    chat.say("花呗欠了3000，每月10号还")
    assert language_of(engine, "zh-writer") == "zh"
    assert "确认保存" in chat.text()


@pytest.mark.parametrize("text", ["ok", "花呗 3000 due 10th", "chase 900", "hi there"])
def test_short_or_mixed_messages_change_nothing(engine: Engine, text: str) -> None:
    chat = Chat(engine, sender=Address("console", "mixed"), language="zh")
    chat.say("/start")
    chat.say(text)
    assert language_of(engine, "mixed") == "zh"


def test_a_consented_users_setting_is_theirs(engine: Engine) -> None:
    chat = Chat(engine).start()  # Chinese, consented
    chat.say("owe capital one $1,850 due the 5th")
    assert language_of(engine, "me") == "zh"
