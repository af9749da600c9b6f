"""Settings from the environment or ``.env``. Built only by the composition root (``bot.__main__``)."""

from __future__ import annotations

import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# What Telegram accepts as a webhook secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

Command = Literal["chat", "telegram", "wechat", "worker", "web"]


class Settings(BaseSettings):
    """Every setting the program reads; names match ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # core
    bot_timezone: str = "Asia/Shanghai"
    bot_language: str = "zh"
    log_level: str = "INFO"
    log_format: str = "text"  # text | json (one JSON object a line, for log collectors)
    # Who runs this bot and how to reach them: the privacy notice must say so (PIPL art. 17).
    bot_operator: str = ""
    bot_operator_contact: str = ""

    # db
    database_url: str = "sqlite:///repaybot.db"

    # telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_secret: SecretStr | None = None

    # wechat
    wechat_token: SecretStr | None = None
    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None
    wechat_api_url: str = "https://api.weixin.qq.com"
    wechat_subscribe_template_id: str | None = None
    wechat_subscribe_url: str | None = None  # a page with WeChat's subscribe button for that template, if any

    # delivery: Telegram allows about 30 messages a second per bot token
    send_rate_per_second: float = Field(default=30.0, gt=0, le=1000)
    # Where that budget is kept: "local" (in this process), "shared" (in the database, for several processes
    # sending as one bot), or "auto": shared on PostgreSQL, local on SQLite (which means a single process).
    send_budget: str = "auto"
    # How long a claimed reminder stays with a dispatcher that stopped renewing it (it died) before another
    # dispatcher takes it back.
    claim_lease_seconds: float = Field(default=60.0, gt=0, le=3600)

    # Threads that run engine turns off the event loop, shared by every channel of the process. Turns wait on
    # the database, so more threads than the connection pool holds would only queue on the pool. Unset: 8 on
    # PostgreSQL, 2 on SQLite (``bot.__main__.turn_threads``).
    turn_threads: int | None = Field(default=None, ge=1, le=64)
    # web page (`repaybot web`): the address users reach it at, behind a proxy in production; https for Telegram
    web_base_url: str = "http://127.0.0.1:8088"

    # operators: /healthz and /metrics on this port (0 = off); console chat never serves them
    metrics_port: int = Field(default=0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"

    @field_validator("bot_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"BOT_TIMEZONE must be an IANA zone such as Asia/Shanghai, not {value!r}") from err
        return value

    @field_validator("web_base_url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or any(ch.isspace() for ch in value):
            raise ValueError("WEB_BASE_URL must be an http:// or https:// address such as https://repay.example.com")
        return value.rstrip("/")

    @field_validator("bot_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("BOT_LANGUAGE must be zh or en")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError("LOG_FORMAT must be text or json")
        return value.lower()

    @field_validator("send_budget")
    @classmethod
    def _known_budget(cls, value: str) -> str:
        if value.lower() not in ("auto", "local", "shared"):
            raise ValueError("SEND_BUDGET must be auto, local or shared")
        return value.lower()

    @field_validator("wechat_aes_key")
    @classmethod
    def _aes_key_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            key = value.get_secret_value()
            if len(key) != 43 or not all(ch.isascii() and (ch.isalnum() or ch in "+/") for ch in key):
                raise ValueError("WECHAT_AES_KEY must be the account's 43-character EncodingAESKey")
        return value

    @field_validator("wechat_token")
    @classmethod
    def _wechat_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            token = value.get_secret_value().strip()
            if token.startswith("change-me"):
                raise ValueError("WECHAT_TOKEN is still the placeholder from .env.example; set the Token you entered "
                                 "in the account's server settings (3-32 letters or digits, not guessable)")
            if not 3 <= len(token) <= 32:
                raise ValueError("WECHAT_TOKEN must be 3-32 characters, as the account's server settings require")
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET may only hold letters, digits, _ and - (1-256 characters); "
                             "Telegram rejects anything else")
        return value

    @model_validator(mode="after")
    def _safe_mode_has_its_parts(self) -> Settings:
        if self.wechat_aes_key is not None and (self.wechat_token is None or not self.wechat_app_id):
            raise ValueError("safe mode (WECHAT_AES_KEY) needs WECHAT_TOKEN and WECHAT_APP_ID")
        return self

    def problems_for(self, command: Command, *, webhook: bool = False) -> list[str]:
        """What keeps ``command`` from running with these settings, each said so an operator can fix it."""
        problems: list[str] = []
        if command == "telegram" and self.telegram_bot_token is None:
            problems.append("TELEGRAM_BOT_TOKEN is not set")
        if command == "telegram" and webhook:
            secret = self.telegram_webhook_secret.get_secret_value() if self.telegram_webhook_secret else ""
            if not secret:
                problems.append("webhook mode needs TELEGRAM_WEBHOOK_SECRET: Telegram sends it with every update, "
                                "and requests without it are refused. Use 1-256 letters, digits, _ or -.")
            elif secret.startswith("change-me"):
                problems.append("TELEGRAM_WEBHOOK_SECRET is still the placeholder from .env.example; "
                                "set a long random value.")
        if command == "wechat" and self.wechat_token is None:
            problems.append("WECHAT_TOKEN is required for the wechat channel")
        return problems

    @field_validator("wechat_subscribe_template_id", "wechat_subscribe_url", "wechat_app_id", mode="before")
    @classmethod
    def _blank_text_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_bot_token", "telegram_webhook_secret", "wechat_token", "wechat_app_secret", "wechat_aes_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def load_settings() -> Settings:
    """Read the settings from the environment and ``.env``; raise ``pydantic.ValidationError`` on bad values."""
    return Settings()
