"""Seed many users with one due reminder each, straight into the database (for multi-process and load tests)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Engine as Database
from sqlalchemy import insert, select

from storage.models import Reminder, User


def seed_due_reminders(database: Database, count: int, *, now: datetime, channel: str = "tg",
                       first_id: int = 1000, task: str = "task") -> dict[int, str]:
    """Create ``count`` users on ``channel`` with one custom reminder each, due a minute ago.

    Quiet hours are off for them, so the test does not depend on the hour it runs at. Returns
    ``{external id: the reminder's task}``; the message text contains the task.
    """
    users = [{"address": f"{channel}:{first_id + i}", "channel": channel, "external_id": str(first_id + i),
              "language": "zh", "timezone": "Asia/Shanghai", "reminder_minute": 600, "quiet_start_minute": 0,
              "quiet_end_minute": 0, "lead_days": "3,1,0", "daily_cap": 100, "tip_frequency": "off",
              "digest_enabled": False, "consent_at": now, "created_at": now} for i in range(count)]
    tasks = {first_id + i: f"{task} {first_id + i}" for i in range(count)}
    with database.begin() as conn:
        conn.execute(insert(User), users)
        ids = dict(conn.execute(select(User.external_id, User.id).where(  # type: ignore[call-overload]
            User.channel == channel)).all())
        conn.execute(insert(Reminder), [
            {"user_id": ids[str(ext)], "debt_id": None, "kind": "custom",
             "fire_at": now - timedelta(minutes=1), "status": "pending", "attempts": 0,
             "idempotency_key": f"seed:{channel}:{ext}", "payload": json.dumps({"task": text}, ensure_ascii=False),
             "respect_quiet": False, "created_at": now} for ext, text in tasks.items()])
    return tasks
