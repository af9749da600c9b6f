"""The recovery-companion block of the catalogues: one contiguous block at the top, zh and en in step."""

import string

import pytest

from bot.core.recovery import ITEMS, STEPS
from bot.texts import en, zh
from tests.core.test_tips import suggests_borrowing

PREFIXES = ("recovery.", "tip.", "plan.", "chart.", "ics.", "digest.")


def ours(catalogue: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in catalogue.items() if k.startswith(PREFIXES)}


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_same_keys_and_placeholders_in_both_languages() -> None:
    assert ours(zh.TEXTS).keys() == ours(en.TEXTS).keys()
    for key, template in ours(zh.TEXTS).items():
        assert placeholders(template) == placeholders(en.TEXTS[key]), key


def test_every_text_the_modules_use_exists() -> None:
    for item in ITEMS:
        for kind in ("item", "short"):
            assert f"recovery.{kind}.{item.id}" in zh.TEXTS
    for step in STEPS:
        assert f"recovery.step.{step}" in zh.TEXTS
    for step in (*STEPS, 5):
        assert f"recovery.reached.{step}" in zh.TEXTS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_suggests_new_borrowing_or_threatens(lang: str) -> None:
    catalogue = ours(zh.TEXTS if lang == "zh" else en.TEXTS)
    for key, text in catalogue.items():
        assert not suggests_borrowing(text), key
        for word in ("黑名单", "坐牢", "起诉你", "blacklist", "jail", "sue you"):
            assert word not in text, (key, word)
