"""``repaybot worker`` as a real process: health and metrics on METRICS_PORT, JSON logs, a clean SIGTERM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.worker_process import ProcessUnderTest, metric

pytestmark = pytest.mark.e2e


async def test_worker_serves_health_and_metrics_and_logs_json_lines(tmp_path: Path) -> None:
    worker = ProcessUnderTest(tmp_path, "worker", {
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db", "LOG_FORMAT": "json",
        "WECHAT_APP_SECRET": "wx-app-secret-never-logged"})
    await worker.start()
    try:
        status, health = await worker.healthz()
        assert status == 200, health
        assert health["status"] == "ok" and health["process"] == "worker"
        assert health["database"] == {"reachable": True} and health["oldest_pending_lag_seconds"] == 0.0
        text = await worker.metrics()
        assert metric(text, "repaybot_database_up") == 1
        assert metric(text, "repaybot_reminders_sent_total") == 0
        assert metric(text, "repaybot_due_scan_ticks_total") >= 1
    finally:
        assert await worker.stop() == 0
    lines = [json.loads(line) for line in worker.log().splitlines() if line.strip()]
    assert lines and all({"ts", "level", "logger", "message"} <= set(entry) for entry in lines)
    assert any("health and metrics" in entry["message"] for entry in lines)
    assert "wx-app-secret-never-logged" not in worker.log()
