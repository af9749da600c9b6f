"""Source files hold no control characters: a backspace typed for the regex word boundary ("\\b" written in a
plain string) silently turns a pattern into one that never matches."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_control_characters_in_the_sources() -> None:
    bad = []
    for folder in ("bot", "jobs", "storage", "bench", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if any(ch < " " and ch not in "\n\t\r" for ch in text):
                bad.append(str(path.relative_to(ROOT)))
    assert bad == []
