"""The dependency rule of the house style, checked on the import graph."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_core_is_pure() -> None:
    forbidden = ("telegram", "wechatpy", "apscheduler.schedulers", "sqlmodel", "sqlalchemy", "storage",
                 "bot.channels", "bot.engine", "aiohttp", "httpx")
    for path in modules("bot/core") + modules("bot/nlu"):
        bad = {m for m in imports_of(path) if m.startswith(forbidden)}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
        assert "datetime.now(" not in path.read_text(encoding="utf-8"), path


def test_storage_knows_nothing_about_the_bot() -> None:
    for path in modules("storage"):
        assert not {m for m in imports_of(path) if m.startswith("bot")}, path


# WeChat's push window, quota and one-time grants are state about the channel that must survive restarts and be
# shared by processes; that bookkeeping (and nothing else) lives in its own module and may use storage.
CHANNEL_STATE = {"wechat_book.py", "seen_requests.py"}


def test_channels_only_translate() -> None:
    for path in modules("bot/channels"):
        reach = ("bot.core", "bot.nlu") if path.name in CHANNEL_STATE else ("storage", "bot.core", "bot.nlu")
        bad = {m for m in imports_of(path) if m.startswith(reach)}
        assert not bad, f"{path.relative_to(ROOT)} reaches past the engine: {bad}"


def test_only_the_composition_root_reads_settings() -> None:
    for path in modules("bot") + modules("jobs") + modules("storage"):
        if path.name in ("__main__.py", "config.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "load_settings(" not in text, path
