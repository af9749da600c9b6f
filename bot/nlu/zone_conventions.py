"""Conventions that depend on where the user lives, read from the IANA key of ``now``'s zone."""

from __future__ import annotations

from datetime import tzinfo

# Zones whose English speakers keep Mothering Sunday (three weeks before Easter) as Mother's Day.
_MOTHERING_SUNDAY_ZONES = ("Europe/London", "Europe/Dublin", "Europe/Belfast")
_MONTH_FIRST_PREFIXES = ("America/", "US/", "Pacific/Honolulu", "Pacific/Guam", "Pacific/Saipan")
# China, Taiwan, Japan and Korea write year-month-day, so a short 12/10 is month first there too.
_MONTH_FIRST_ZONES = ("Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Taipei", "Asia/Tokyo", "Asia/Seoul", "PRC")


def zone_key(zone: tzinfo | None) -> str:
    """Return the IANA key of a zone, or "" for fixed offsets and unknown zones."""
    return str(getattr(zone, "key", "") or "")


def month_first(zone: tzinfo | None) -> bool:
    """Tell whether numeric dates read month first (12/10 = 10 December) for people in this zone.

    The Americas and East Asia write month first; most of the rest of the world writes day first. Without a named zone the
    English default (month first, as dateparser assumes) applies. Either way the other reading is returned as an
    alternative whenever both make a date.
    """
    key = zone_key(zone)
    return not key or key.startswith(_MONTH_FIRST_PREFIXES) or key in _MONTH_FIRST_ZONES + ("UTC", "Etc/UTC", "GMT")


def mothers_day_key(zone: tzinfo | None) -> str:
    """Return the holiday meant by English "Mother's Day" in this zone."""
    return "mothering_sunday" if zone_key(zone) in _MOTHERING_SUNDAY_ZONES else "mothers_day"
