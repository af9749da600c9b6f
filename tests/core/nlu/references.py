"""Reference instants the phrase tables are resolved against, in several zones (two with daylight saving)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

# key: (local wall time, IANA zone, why it is here)
REFERENCES: dict[str, tuple[str, str, str]] = {
    "SH": ("2026-11-28 14:00", "Asia/Shanghai", "a Saturday afternoon"),
    "SH_MON": ("2026-11-30 09:00", "Asia/Shanghai", "a Monday morning"),
    "SH_WED": ("2026-12-02 10:00", "Asia/Shanghai", "a Wednesday: 周三 is ambiguous"),
    "SH_DEC10": ("2026-12-10 16:00", "Asia/Shanghai", "on 12月10日 itself, after 15:00"),
    "SH_JAN31": ("2027-01-31 08:00", "Asia/Shanghai", "a 31st before a short month"),
    "SH_OCT5": ("2026-10-05 12:00", "Asia/Shanghai", "inside the National Day break"),
    "SH_NIGHT": ("2026-11-28 21:00", "Asia/Shanghai", "Saturday night, 今晚8点 has passed"),
    "SH_EARLY": ("2026-11-28 01:30", "Asia/Shanghai", "small hours"),
    "NY": ("2026-11-28 14:00", "America/New_York", "a Saturday afternoon"),
    "NY_WED": ("2026-12-02 10:00", "America/New_York", "a Wednesday"),
    "NY_SPRING": ("2027-03-13 09:00", "America/New_York", "the day before DST starts (2027-03-14 02:00)"),
    "NY_FALL": ("2026-10-31 22:00", "America/New_York", "the evening before DST ends (2026-11-01 02:00)"),
    "LDN": ("2026-03-28 20:00", "Europe/London", "the evening before BST starts (2026-03-29 01:00)"),
    "LDN_NOV": ("2026-11-28 14:00", "Europe/London", "a Saturday afternoon"),
    "LDN_OCT": ("2026-10-24 12:00", "Europe/London", "the Saturday before BST ends (2026-10-25 02:00)"),
}


def reference(key: str) -> datetime:
    """Return the aware reference instant for a key."""
    wall, zone, _ = REFERENCES[key]
    return datetime.strptime(wall, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))


def describe(parsed_at: datetime, grain: str, rrule: str | None) -> str:
    """Render a result the way the tables write expectations: local wall time, UTC offset, grain, rule."""
    text = f"{parsed_at:%Y-%m-%d %H:%M%z} {grain}"
    return f"{text} {rrule}" if rrule else text
