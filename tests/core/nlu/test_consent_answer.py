"""A typed answer to the consent question: only a plain, whole yes or no counts."""

from __future__ import annotations

import pytest

from bot.nlu.yes_no import consent_answer


@pytest.mark.parametrize("text", ["同意", "我同意", "同意。", "同意并开始", "好的", "可以", "是的", "ok", "I agree", "Agree!",
                                  "yes"])
def test_agreeing(text: str) -> None:
    assert consent_answer(text) == "yes"


@pytest.mark.parametrize("text", ["不同意", "我不同意", "拒绝", "不要", "no", "I don't agree", "I do not agree",
                                  "decline"])
def test_refusing(text: str) -> None:
    assert consent_answer(text) == "no"


@pytest.mark.parametrize("text", ["花呗欠了3000", "同意什么？", "我同意还款", "what do you store?", "", "好像不对"])
def test_anything_else_is_no_answer(text: str) -> None:
    assert consent_answer(text) is None
