"""Settings: every field is documented in .env.example, and the operators' settings fail fast on bad values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.__main__ import budget_name, make_limiter, shares_budget
from bot.config import Settings
from bot.runtime.limiter import SharedLimiter, SmoothLimiter
from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[1]


def settings(**overrides: Any) -> Settings:
    return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]


def test_every_setting_is_in_env_example() -> None:
    listed = {line.split("=", 1)[0].lstrip("# ").strip() for line in
              (ROOT / ".env.example").read_text(encoding="utf-8").splitlines() if "=" in line}
    missing = {name.upper() for name in Settings.model_fields} - listed
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_operator_defaults_are_quiet_and_safe() -> None:
    s = settings()
    assert (s.log_format, s.send_budget, s.claim_lease_seconds, s.metrics_port) == ("text", "auto", 60.0, 0)


@pytest.mark.parametrize(("field", "value"), [
    ("log_format", "xml"), ("send_budget", "everywhere"), ("claim_lease_seconds", 0), ("metrics_port", 70000)])
def test_bad_operator_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        settings(**{field: value})


def test_the_budget_is_shared_on_postgresql_and_local_on_sqlite() -> None:
    sqlite = make_engine("sqlite://")
    postgres = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects here
    try:
        assert not shares_budget(settings(), sqlite) and shares_budget(settings(), postgres)
        assert shares_budget(settings(send_budget="shared"), sqlite)
        assert not shares_budget(settings(send_budget="local"), postgres)
        assert isinstance(make_limiter(settings(), sqlite), SmoothLimiter)
        assert isinstance(make_limiter(settings(), postgres), SharedLimiter)
    finally:
        sqlite.dispose()
        postgres.dispose()


def test_the_budget_is_named_by_the_bots_public_id_never_its_token() -> None:
    name = budget_name(settings(telegram_bot_token="7012345678:FAKE-token-for-the-log-tests-only_000"))
    assert name == "tg:7012345678"
    assert budget_name(settings(wechat_app_id="wx0123")) == "wx:wx0123"
    assert budget_name(settings()) == "bot"
