"""Solar terms (节气) from the Sun's apparent longitude, so 清明 needs no per-year table.

Low-precision solar position after Meeus, *Astronomical Algorithms* ch. 25 (about 0.01 degree, a quarter of an
hour in time), evaluated at Beijing midnights, since the Chinese calendar dates terms in UTC+8.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

_J2000 = 2451545.0
_BEIJING_OFFSET_DAYS = 8 / 24


def _julian_day(day: date) -> float:
    """Julian day of 00:00 UTC on ``day``."""
    return day.toordinal() + 1721424.5


def apparent_solar_longitude(julian_day: float) -> float:
    """Return the Sun's apparent ecliptic longitude in degrees [0, 360) at a Julian day."""
    t = (julian_day - _J2000) / 36525
    mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    anomaly = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * anomaly)
        + 0.000289 * math.sin(3 * anomaly)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (mean_longitude + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360


def solar_term_date(year: int, longitude: float, near: date) -> date:
    """Return the Beijing date in ``year`` on which the Sun reaches ``longitude``, searching around ``near``."""
    start = near.replace(year=year) - timedelta(days=6)
    for offset in range(13):
        day = start + timedelta(days=offset)
        begin = _julian_day(day) - _BEIJING_OFFSET_DAYS
        before = (apparent_solar_longitude(begin) - longitude + 180) % 360 - 180
        after = (apparent_solar_longitude(begin + 1) - longitude + 180) % 360 - 180
        if before < 0 <= after:
            return day
    return near.replace(year=year)


def qingming(year: int) -> date:
    """Return the date of 清明 (solar longitude 15 degrees) in a year."""
    return solar_term_date(year, 15.0, date(year, 4, 5))
