"""One writer for a reminder's status: every change after planning goes through ``bot/engine/schedule_status.py``
(driven by the verdicts of ``bot/core/delivery.py``). Claiming a row and returning a stale claim are the
schedule queue's own mechanics, in storage, and are not status decisions."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITER = ROOT / "bot" / "engine" / "schedule_status.py"
STATUS_WRITES = ("mark_reminders", "retry_reminder_later", "cancel_reminders", "hold_user_schedule",
                 "resume_user_schedule", "take_held_reminders")
# A Reminder's status set the ORM way (``row.status = "cancelled"``): the names the schedule's rows go by.
ORM_WRITE = re.compile(r"\b(?:row|pending|reminder|rem)\.status\s*=(?!=)")


def sources() -> list[Path]:
    return sorted(p for package in ("bot", "jobs") for p in (ROOT / package).rglob("*.py"))


def test_only_the_one_writer_calls_the_schedules_status_statements() -> None:
    wrong = [f"{path.relative_to(ROOT)}: {name}" for path in sources() if path != WRITER
             for name in STATUS_WRITES if re.search(rf"\b{name}\b", path.read_text(encoding="utf-8"))]
    assert not wrong, "\n".join(wrong)


def test_no_module_sets_a_reminders_status_the_orm_way() -> None:
    wrong = [str(path.relative_to(ROOT)) for path in sources() if ORM_WRITE.search(path.read_text(encoding="utf-8"))]
    assert not wrong, "\n".join(wrong)


def test_the_writer_is_driven_by_the_pure_verdicts() -> None:
    text = WRITER.read_text(encoding="utf-8")
    assert "from bot.core.delivery import" in text
    assert all(f"schedule.{name}(" in text for name in STATUS_WRITES)
