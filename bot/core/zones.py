"""Understand a time zone as people type it: an IANA name, a city (zh or en), or a UTC offset."""

from __future__ import annotations

import re
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from bot.nlu.lazy_re import lazy_compile

CITIES = {
    "北京": "Asia/Shanghai", "上海": "Asia/Shanghai", "中国": "Asia/Shanghai", "广州": "Asia/Shanghai",
    "深圳": "Asia/Shanghai", "杭州": "Asia/Shanghai", "成都": "Asia/Shanghai", "香港": "Asia/Hong_Kong",
    "澳门": "Asia/Macau", "台北": "Asia/Taipei", "台湾": "Asia/Taipei", "新加坡": "Asia/Singapore",
    "吉隆坡": "Asia/Kuala_Lumpur", "东京": "Asia/Tokyo", "日本": "Asia/Tokyo", "首尔": "Asia/Seoul",
    "韩国": "Asia/Seoul", "曼谷": "Asia/Bangkok", "悉尼": "Australia/Sydney", "墨尔本": "Australia/Melbourne",
    "伦敦": "Europe/London", "英国": "Europe/London", "巴黎": "Europe/Paris", "柏林": "Europe/Berlin",
    "纽约": "America/New_York", "洛杉矶": "America/Los_Angeles", "旧金山": "America/Los_Angeles",
    "西雅图": "America/Los_Angeles", "芝加哥": "America/Chicago", "多伦多": "America/Toronto",
    "温哥华": "America/Vancouver", "迪拜": "Asia/Dubai", "莫斯科": "Europe/Moscow",
    "beijing": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "china": "Asia/Shanghai", "hong kong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei", "singapore": "Asia/Singapore", "tokyo": "Asia/Tokyo", "seoul": "Asia/Seoul",
    "sydney": "Australia/Sydney", "london": "Europe/London", "uk": "Europe/London", "paris": "Europe/Paris",
    "berlin": "Europe/Berlin", "new york": "America/New_York", "nyc": "America/New_York",
    "los angeles": "America/Los_Angeles", "la": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "chicago": "America/Chicago", "toronto": "America/Toronto",
    "vancouver": "America/Vancouver", "dubai": "Asia/Dubai", "moscow": "Europe/Moscow", "utc": "UTC", "gmt": "UTC",
}

_OFFSET = lazy_compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _iana_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def resolve_zone(text: str) -> str | None:
    """Return the IANA zone meant by ``text``, or None when it names none."""
    cleaned = " ".join(text.strip().lower().replace("时区", "").replace("time zone", "").split())[:64]
    if not cleaned:
        return None
    if cleaned in CITIES:
        return CITIES[cleaned]
    exact = _iana_by_lower().get(cleaned.replace(" ", "_"))
    if exact is not None:
        return exact
    offset = _OFFSET.match(cleaned.replace("utc", "").replace("gmt", "") if cleaned[:3] in ("utc", "gmt") else cleaned)
    if offset is not None:
        hours = int(offset.group(2))
        if hours <= 14:
            # Etc/GMT signs are inverted by POSIX convention: UTC+8 is Etc/GMT-8.
            sign = "-" if offset.group(1) == "+" else "+"
            name = "UTC" if hours == 0 else f"Etc/GMT{sign}{hours}"
            ZoneInfo(name)
            return name
    for city, zone in CITIES.items():
        if len(city) >= 2 and city in cleaned:
            return zone
    return None
