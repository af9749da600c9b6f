"""The catalogues: same keys and placeholders in zh and en, and every text the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.texts import en, zh

ROOT = Path(__file__).resolve().parents[2]
# Date formats legitimately use different fields (Chinese numbers the month, English names it).
# Monthly rules too: English says "the 10th", Chinese "10日".
DIFFERENT_FIELDS = {"fmt.date", "fmt.date_year", "fmt.date_long", "fmt.rule.monthly", "fmt.rule.monthly_clamped"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(zh.TEXTS) == set(en.TEXTS)


def test_both_languages_use_the_same_placeholders() -> None:
    for key in set(zh.TEXTS) - DIFFERENT_FIELDS:
        assert fields(zh.TEXTS[key]) == fields(en.TEXTS[key]), key


def test_every_literal_text_id_in_the_code_exists() -> None:
    pattern = re.compile(r"""(?:\bt\(\s*(?:lang|self\.lang|user\.language|[a-z_.]+),\s*|say\(\s*|\.t\(\s*|button\(\s*|"""
                         r"""UserInputError\(\s*|NotFoundError\(\s*)"([a-z_]+\.[a-z0-9_.]+)\"""")
    used: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found nothing: the pattern is broken"
    missing = sorted(k for k in used if k not in zh.TEXTS)
    assert missing == []


def test_no_text_threatens_or_suggests_borrowing_to_repay() -> None:
    threats = ("黑名单", "起诉你", "上门", "坐牢", "blacklist", "sue you", "jail")
    borrowing = ("借钱还", "以贷养贷", "borrow to repay", "take out a loan to pay")
    for catalogue in (zh.TEXTS, en.TEXTS):
        for key, template in catalogue.items():
            lowered = template.lower()
            assert not any(w in lowered for w in threats), key
            for phrase in borrowing:
                assert phrase not in lowered or "不要" in template or "not" in lowered, key
