"""The house rules, checked on the import graph and the source: layers import downwards only, no module imports
itself back through others, only the composition root (``bot/__main__.py``) reads settings, builds the concrete
things and owns the process's signals and event loop. docs/architecture.md draws the same layout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "jobs", "storage")


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, also inside functions (an import at call time is still a dependency)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


OURS = {module_name(p): p for package in PACKAGES for p in modules(package)}


def our_imports(path: Path) -> set[str]:
    """The project modules ``path`` depends on: ``from bot.nlu import zh_time`` names ``bot.nlu.zh_time`` (a
    submodule), ``from bot.nlu import parse_time`` names the package ``bot.nlu``."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                named.add(submodule if submodule in OURS else node.module)
    deps: set[str] = set()
    for name in named:
        while name and name not in OURS:
            name = name.rpartition(".")[0]
        if name:
            deps.add(name)
    deps.discard(module_name(path))
    return deps


# --- layers ----------------------------------------------------------------------------------------------------

# Lowest first. A module may import its own layer and the layers listed for it, nothing else.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("bot.errors", "bot.messages", "bot.clock", "bot.texts"),
    "pure": ("bot.nlu", "bot.core", "bot.logs"),
    "storage": ("storage",),
    "engine": ("bot.engine",),
    "runtime": ("bot.runtime",),
    "channels": ("bot.channels",),
    "web": ("bot.web",),
    "jobs": ("jobs",),
    "operators": ("bot.monitoring",),
    "config": ("bot.config",),
    "root": ("bot.__main__",),
}
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "pure": {"base"},
    "storage": set(),
    "engine": {"base", "pure", "storage"},
    "runtime": {"base", "storage"},
    # Channels translate: engine turns reach them as a callable, the send budget and the turn threads from the
    # runtime. Never the jobs, the settings or the root.
    "channels": {"base", "runtime", "storage"},
    # The web page shows a user's whole picture (read through storage and the pure core) and changes it only
    # through the engine's own turns, so the rules and /undo are the chat's.
    "web": {"base", "pure", "storage", "engine", "runtime"},
    "jobs": {"base", "storage", "engine", "runtime"},
    "operators": {"base", "storage", "runtime", "jobs"},
    "config": set(),
    "root": {"base", "pure", "storage", "engine", "runtime", "channels", "web", "jobs", "operators", "config"},
}


def layer_of(module: str) -> str:
    if module in ("bot", "jobs", "storage") and not (ROOT / module / "__init__.py").read_text(encoding="utf-8").count(
            "import"):
        return "base"  # an empty package marker
    best = ""
    found = ""
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, found = prefix, layer
    assert found, f"{module} belongs to no layer: add it to LAYERS"
    return found


def test_every_module_imports_only_its_own_and_lower_layers() -> None:
    wrong = []
    for name, path in OURS.items():
        layer = layer_of(name)
        for dep in our_imports(path):
            other = layer_of(dep)
            if other != layer and other not in MAY_IMPORT[layer]:
                wrong.append(f"{name} ({layer}) imports {dep} ({other})")
    assert not wrong, "\n".join(wrong)


def test_there_are_no_import_circles() -> None:
    graph = {name: our_imports(path) for name, path in OURS.items()}
    circles = _strongly_connected(graph)
    assert not circles, f"import circles: {circles}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: every group of modules that reach each other through imports (more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_circle_check_finds_a_circle() -> None:
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# --- purity -------------------------------------------------------------------------------------------------------

def test_core_is_pure() -> None:
    forbidden = ("telegram", "wechatpy", "apscheduler.schedulers", "sqlmodel", "sqlalchemy", "storage",
                 "bot.channels", "bot.engine", "aiohttp", "httpx")
    for path in modules("bot/core") + modules("bot/nlu"):
        bad = {m for m in imports_of(path) if m.startswith(forbidden)}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
        assert "datetime.now(" not in path.read_text(encoding="utf-8"), path


# The engine describes its replies with typed values (bot.texts.values); they are written out in the user's
# language and zone once, where replies leave the engine: at the end of a turn and when a reminder is composed.
REPLY_WRITERS = {"engine.py", "reminders.py"}


def test_engine_modules_describe_replies_and_only_where_they_leave_are_they_written() -> None:
    for path in modules("bot/engine"):
        found = imports_of(path)
        formatting = {m for m in found if m.startswith("bot.texts.format") or m == "bot.texts.t"}
        assert not formatting, f"{path.relative_to(ROOT)} formats text itself: {formatting}"
        if path.name not in REPLY_WRITERS:
            writing = {m for m in found if m.startswith("bot.texts.render")}
            assert not writing, f"{path.relative_to(ROOT)} writes replies itself: {writing}"


def test_storage_knows_nothing_about_the_bot() -> None:
    for path in modules("storage"):
        assert not {m for m in imports_of(path) if m.startswith(("bot", "jobs"))}, path


# WeChat's push window, quota and one-time grants, the app's shared access token, and the requests already seen
# (replays refused across restarts) are state about the channel that must survive restarts and be shared by
# processes; that bookkeeping (and nothing else) may use storage.
CHANNEL_STATE = {"wechat_book.py", "wechat_token.py", "seen_requests.py"}


def test_channels_only_translate() -> None:
    for path in modules("bot/channels"):
        reach = ("bot.core", "bot.nlu", "bot.engine") if path.name in CHANNEL_STATE else (
            "storage", "bot.core", "bot.nlu", "bot.engine")
        bad = {m for m in imports_of(path) if m.startswith(reach)}
        assert not bad, f"{path.relative_to(ROOT)} reaches past the engine: {bad}"


def test_channels_and_jobs_do_not_import_each_other_nor_the_root_or_settings() -> None:
    for path in modules("bot/channels"):
        bad = {m for m in imports_of(path) if m.startswith(("jobs", "bot.__main__", "bot.config"))}
        bad |= {m for m in imports_of(path) if m == "bot" or m == "bot.__main__"}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
    for path in modules("jobs"):
        bad = {m for m in imports_of(path) if m.startswith(("bot.channels", "bot.__main__", "bot.config"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


# --- one composition root ---------------------------------------------------------------------------------------

def _outside_root() -> list[Path]:
    return [p for package in PACKAGES for p in modules(package) if p != ROOT / "bot" / "__main__.py"]


def test_only_the_composition_root_reads_settings() -> None:
    for path in _outside_root():
        if path.name == "config.py" and path.parent.name == "bot":
            continue
        assert "load_settings(" not in path.read_text(encoding="utf-8"), path
        assert not {m for m in imports_of(path) if m.startswith("bot.config")}, f"{path} imports the settings"


# The concrete things of a process: built by the root and handed down. Their own modules define them, tests
# build them; no other product module does.
BUILT_BY_THE_ROOT = ("SystemClock", "Engine", "TurnRunner", "Dispatcher", "SmoothLimiter", "SharedLimiter",
                     "Monitor", "WeChatApi", "WeChatSender", "WeChatWebhook", "TelegramWebhook",
                     "SharedAccessToken", "make_engine", "make_application", "make_scheduler")


def test_only_the_composition_root_builds_the_concrete_things() -> None:
    calls = re.compile(r"(?<![\w.])(" + "|".join(BUILT_BY_THE_ROOT) + r")\(")
    wrong = []
    for path in _outside_root():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else None
                if name and calls.fullmatch(name + "(") and name not in defined:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} builds {name}")
    assert not wrong, "\n".join(wrong)


def test_only_the_composition_root_owns_the_event_loop_signals_and_exit() -> None:
    owned = ("asyncio.run(", "add_signal_handler(", "SystemExit", "sys.exit(")
    for path in _outside_root():
        text = path.read_text(encoding="utf-8")
        assert not [o for o in owned if o in text], f"{path.relative_to(ROOT)} uses {[o for o in owned if o in text]}"
