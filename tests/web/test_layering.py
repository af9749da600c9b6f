"""The page reads through storage and writes only its own sign-in rows; every change to a user's data is the
engine's, as in the chat. ``repaybot web`` is a sub-command with its settings checked like the others."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from bot.__main__ import build_parser, main
from bot.config import Settings
from bot.engine.engine import Engine
from storage.models import WebLink, WebSession
from tests.fakes import FrozenClock
from tests.web.helpers import ALICE, new_link, page_client, sign_in, with_debts

ROOT = Path(__file__).resolve().parents[2]
WRITES = ("session.add(", "session.delete(", "session.commit(", "write_fields(", "record_change(", "apply_payment(",
          "plan_debt(", "delete_user_everywhere(", "set_tick(")


def test_the_page_changes_user_data_only_through_the_engine() -> None:
    for path in sorted((ROOT / "bot" / "web").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not [w for w in WRITES if w in text], path
        tree = ast.parse(text)
        reached = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in reached if m.startswith(("bot.channels", "telegram", "bot.nlu"))}, path
        engine_parts = {m for m in reached if m.startswith("bot.engine.")}
        assert engine_parts <= {"bot.engine.engine", "bot.engine.companion"}, (path, engine_parts)


def test_the_web_sub_command_and_its_options() -> None:
    args = build_parser().parse_args(["web"])
    assert (args.command, args.host, args.port) == ("web", "127.0.0.1", 8088)
    args = build_parser().parse_args(["web", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)


def test_web_base_url_defaults_to_loopback_and_refuses_nonsense(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert Settings(_env_file=None).web_base_url == "http://127.0.0.1:8088"  # type: ignore[call-arg]
    assert Settings(_env_file=None, web_base_url="https://x.example/").web_base_url == "https://x.example"  # type: ignore[call-arg]
    for bad in ("repay.example.com", "ftp://x", "https://a b"):
        with pytest.raises(ValidationError):
            Settings(_env_file=None, web_base_url=bad)  # type: ignore[call-arg]
    monkeypatch.setenv("WEB_BASE_URL", "javascript:alert(1)")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    assert main(["web"]) == 2
    assert "WEB_BASE_URL" in capsys.readouterr().err


async def test_used_and_expired_sign_in_rows_are_tidied_away(engine: Engine, clock: FrozenClock) -> None:
    chat = with_debts(engine, ALICE, "花呗欠3000，12月15号还")
    new_link(chat)  # never opened
    async with page_client(engine) as client:
        await sign_in(client, chat)
        clock.advance(timedelta(hours=13))
        await sign_in(client, chat)
    with Session(engine.database) as s:
        assert len(s.exec(select(WebLink)).all()) == 1, "only the link used just now is left"
        assert len(s.exec(select(WebSession)).all()) == 1, "the first session expired and was removed"
