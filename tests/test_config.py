"""Settings: every field is documented in .env.example, and the operators' settings fail fast on bad values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.__main__ import budget_name, make_limiter, shares_budget, turn_threads
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


def test_turns_get_eight_threads_on_postgresql_two_on_sqlite_or_what_the_operator_sets() -> None:
    sqlite = make_engine("sqlite://")
    postgres = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects here
    try:
        assert turn_threads(settings(), sqlite) == 2 and turn_threads(settings(), postgres) == 8
        assert turn_threads(settings(turn_threads=5), sqlite) == 5
        assert turn_threads(settings(turn_threads=3), postgres) == 3
    finally:
        sqlite.dispose()
        postgres.dispose()


def test_the_budget_is_named_by_the_bots_public_id_never_its_token() -> None:
    name = budget_name(settings(telegram_bot_token="7012345678:FAKE-token-for-the-log-tests-only_000"))
    assert name == "tg:7012345678"
    assert budget_name(settings(wechat_app_id="wx0123")) == "wx:wx0123"
    assert budget_name(settings()) == "bot"


# --- configuration errors are the settings' own, said once, before anything starts -------------------------------

def test_safe_mode_without_its_parts_is_refused_with_the_settings() -> None:
    key = "a" * 43
    with pytest.raises(ValidationError) as refused:
        settings(wechat_aes_key=key, wechat_app_id="wx00000000000000aa")
    assert "needs WECHAT_TOKEN and WECHAT_APP_ID" in str(refused.value)
    assert settings(wechat_aes_key=key, wechat_token="t0ken", wechat_app_id="wx00000000000000aa").wechat_aes_key


def test_each_command_names_what_it_lacks() -> None:
    bare = settings()
    assert bare.problems_for("chat") == [] and bare.problems_for("worker") == []
    assert bare.problems_for("wechat") == ["WECHAT_TOKEN is required for the wechat channel"]
    assert bare.problems_for("telegram") == ["TELEGRAM_BOT_TOKEN is not set"]


def test_the_program_stops_with_the_problem_and_exit_code_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("WECHAT_TOKEN", "WECHAT_AES_KEY", "WECHAT_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/never.db")
    assert main(["wechat"]) == 2
    assert "WECHAT_TOKEN is required" in capsys.readouterr().err
    assert not (tmp_path / "never.db").exists(), "nothing is opened before the settings are right"
