"""The weekly digest in both languages."""

from datetime import date
from decimal import Decimal as D

import pytest

from bot.core.digest import DigestFacts, DueItem, OverdueItem, compose_digest
from bot.core.recovery import COMPLETED

TODAY = date(2026, 11, 28)  # a Saturday


def test_full_digest_zh() -> None:
    facts = DigestFacts(
        today=TODAY,
        total_owed=D("8200"),
        currency="CNY",
        on_time_streak=3,
        next_step=2,
        due_this_week=[DueItem("招行信用卡", date(2026, 12, 3), D("5200")), DueItem("花呗", date(2026, 12, 1), None)],
        overdue=[OverdueItem("借呗", 5, D("800"))],
        next_item_ids=["s2.dispute_errors_free", "s2.personal_statement", "s2.lower_debt_ratio"],
    )
    assert compose_digest(facts, "zh").splitlines() == [
        "📋 本周小结 · 11月28日（周六）",
        "当前共欠 ¥8,200",
        "本周到期：",
        "  • 花呗，12月1日（周二）（金额待确认）",
        "  • 招行信用卡 ¥5,200，12月3日（周四）",
        "逾期中：",
        "  • 借呗 ¥800，自11月23日（周一）起未还，已逾期 5 天",
        "先把逾期的还到正常，可以少付罚息；实在困难，可以联系平台申请还款安排（平台可以不同意）。",
        "已经连续 3 期按时还款 👍",
        "恢复计划：第2步「重建信用记录」",
        "  下一项：核对征信、免费异议",
        "  下一项：添加个人说明",
        "发送 /recovery 查看完整清单，/plan 查看还款方案。",
    ]


def test_quiet_week_en() -> None:
    facts = DigestFacts(today=TODAY, total_owed=D("0"), currency="CNY", on_time_streak=0, next_step=1)
    assert compose_digest(facts, "en").splitlines() == [
        "📋 Your week · Sat 28 Nov",
        "Nothing owed right now. Well done!",
        "Nothing falls due this week.",
        "Pay the next bill on time and a fresh good record starts to build.",
        "Recovery plan: step 1, Pay in full and keep proof",
        "Send /recovery for the full checklist, /plan for payoff plans.",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_completed_plan_and_next_year_dates(lang: str) -> None:
    facts = DigestFacts(
        today=date(2026, 12, 29),
        total_owed=D("100"),
        currency="CNY",
        on_time_streak=12,
        next_step=COMPLETED,
        due_this_week=[DueItem("Card", date(2027, 1, 2), D("100"))],
    )
    text = compose_digest(facts, lang)
    assert ("四步都已完成" in text) if lang == "zh" else ("All four recovery steps are done" in text)
    assert ("2027年1月2日（周六）" in text) if lang == "zh" else ("Sat 2 Jan 2027" in text)
