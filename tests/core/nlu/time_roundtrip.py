"""Round trip: random instants and rules, written in many surface forms, must parse back to themselves.

Each form renders an instant (or a repeating rule) the way people write it and computes, with plain date
arithmetic, what it means from the reference instant; nothing here asks the parser under test. The forms are
the breadth proof beside the hand-written corpus: 45 Chinese and 45 English ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.core.nlu.time_corpus import Case

ZH_ZONE, EN_ZONE = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")
CN = "零一二三四五六七八九十"
ZH_WD = "一二三四五六日"
EN_WD = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
EN_NUM = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
EN_ORD = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth",
          "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
Made = tuple[str, datetime, tuple[str, ...], str | None]
Form = Callable[[datetime, random.Random], Made | None]
DAY, TIME = ("day",), ("hour", "minute")


def cn(n: int) -> str:
    """Everyday Chinese numerals up to 99."""
    if n <= 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n - 10] if n % 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


def sfx(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def wall(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return wall(day, 0, 0, zone)


def same_clock(day: date, now: datetime) -> datetime:
    """That day at ``now``'s wall-clock time (a time skipped by a DST jump moves on by the jump)."""
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    return wall(day, now.hour, now.minute, zone).astimezone(UTC).astimezone(zone)


def later(now: datetime, **delta: float) -> datetime:
    return (now.astimezone(UTC) + timedelta(**delta)).astimezone(now.tzinfo)


def future_day(now: datetime, rnd: random.Random, most: int = 330) -> date:
    return now.date() + timedelta(days=rnd.randint(1, most))


def next_clock(now: datetime, hour: int, minute: int) -> datetime:
    """Today at that time if still ahead, else tomorrow."""
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    at = wall(now.date(), hour, minute, zone)
    return at if at > now else wall(now.date() + timedelta(days=1), hour, minute, zone)


def coming(now: datetime, weekday: int, today_counts: bool = False) -> date:
    ahead = (weekday - now.weekday()) % 7
    if ahead == 0 and not today_counts:
        ahead = 7
    return now.date() + timedelta(days=ahead)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError


def business(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def month_day_ahead(now: datetime, day_of_month: int) -> date:
    """This month's day if not passed (today counts), else the next month that has it."""
    for ahead in range(0, 13):
        first = add_months(now.date().replace(day=1), ahead)
        try:
            found = first.replace(day=day_of_month)
        except ValueError:
            continue
        if found >= now.date():
            return found
    raise AssertionError


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    if nth < 0:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return found if found.month == month else None


def first_monthly(now: datetime, day_of_month: int, hour: int | None) -> datetime:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    found = month_day_ahead(now, day_of_month)
    at = wall(found, hour or 0, 0, zone)
    if hour is not None and at <= now:
        at = wall(month_day_ahead(now + timedelta(days=1), day_of_month), hour, 0, zone)
    return at


def first_weekly(now: datetime, weekday: int, hour: int | None) -> datetime:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    day = coming(now, weekday, today_counts=True)
    at = wall(day, hour or 0, 0, zone)
    if hour is not None and at <= now:
        at = wall(day + timedelta(days=7), hour, 0, zone)
    return at


def _zh_forms() -> list[Form]:
    z = ZH_ZONE

    def date_form(render: Callable[[date], str], most: int = 330) -> Form:
        return lambda now, rnd: (lambda d: (render(d), midnight(d, z), DAY, None))(future_day(now, rnd, most))

    def dated_clock(render: Callable[[date, int, int], str], hours: tuple[int, int], minutes: bool) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            d, h = future_day(now, rnd), rnd.randint(*hours)
            m = rnd.choice((5, 10, 15, 20, 25, 35, 40, 45, 50, 55)) if minutes else 0
            return render(d, h, m), wall(d, h, m, z), TIME, None
        return make

    def relative_clock(shift: int, render: Callable[[int, int], str], hours: tuple[int, int], minutes: bool) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            h = rnd.randint(*hours)
            m = rnd.choice((10, 15, 20, 25, 40, 50)) if minutes else 0
            return render(h, m), wall(now.date() + timedelta(days=shift), h, m, z), TIME, None
        return make

    def offset(render: Callable[[int], str], unit: str, low: int, high: int) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            n = rnd.randint(low, high)
            if unit == "min":
                return render(n), later(now, minutes=n), TIME, None
            if unit == "hour":
                return render(n), later(now, hours=n), TIME, None
            # Days, weeks and months on keep the time of day ("in 10 days" at 14:00 is 14:00 then).
            if unit == "month":
                return render(n), same_clock(add_months(now.date(), n), now), DAY, None
            if unit == "bday":
                return render(n), same_clock(business(now.date(), n), now), DAY, None
            days = n * (7 if unit == "week" else 1)
            return render(n), same_clock(now.date() + timedelta(days=days), now), DAY, None
        return make

    def weekday_next_week(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            wd = rnd.randint(0, 6)
            day = now.date() - timedelta(days=now.weekday()) + timedelta(days=7 + wd)
            at = wall(day, hour, 0, z) if hour is not None else midnight(day, z)
            return render(wd), at, TIME if hour is not None else DAY, None
        return make

    def monthly(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            d = rnd.randint(1, 28)
            rule = f"FREQ=MONTHLY;BYMONTHDAY={d}" + (f";BYHOUR={hour};BYMINUTE=0" if hour is not None else "")
            return render(d), first_monthly(now, d, hour), TIME if hour is not None else DAY, rule
        return make

    def weekly(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            wd = rnd.randint(0, 6)
            rule = f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[wd]}" + (f";BYHOUR={hour};BYMINUTE=0" if hour is not None else "")
            return render(wd), first_weekly(now, wd, hour), TIME if hour is not None else DAY, rule
        return make

    def nth_of_month(nth: int) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made | None:
            d = future_day(now, rnd, 300)
            wd = rnd.randint(0, 6)
            if d.month == now.month:
                return None
            found = nth_weekday(d.year, d.month, wd, nth)
            if found is None:
                return None
            which = "最后一个" if nth < 0 else f"第{cn(nth)}个"
            return f"{d.month}月{which}周{ZH_WD[wd]}", midnight(found, z), DAY, None
        return make

    def this_month_day(now: datetime, rnd: random.Random) -> Made:
        d = rnd.randint(1, 28)
        found = month_day_ahead(now, d)
        return f"{d}号", midnight(found, z), DAY, None

    def next_month_day(now: datetime, rnd: random.Random) -> Made:
        d = rnd.randint(1, 28)
        found = add_months(now.date().replace(day=1), 1).replace(day=d)
        return f"下个月{d}号", midnight(found, z), DAY, None

    return [
        date_form(lambda d: f"{d.month}月{d.day}日"),
        date_form(lambda d: f"{d.month}月{d.day}号"),
        date_form(lambda d: f"{cn(d.month)}月{cn(d.day)}号"),
        date_form(lambda d: f"{cn(d.month)}月{cn(d.day)}日"),
        date_form(lambda d: f"{d.year}年{d.month}月{d.day}日", 700),
        date_form(lambda d: f"{d.year}年{d.month}月{d.day}号", 700),
        date_form(lambda d: f"{d:%Y-%m-%d}", 700),
        date_form(lambda d: f"{d.year}/{d.month}/{d.day}", 700),
        date_form(lambda d: f"{d.year}.{d.month}.{d.day}", 700),
        date_form(lambda d: f"{d.year % 100}年{d.month}月{d.day}日", 700),
        date_form(lambda d: f"{d.month}/{d.day}"),
        date_form(lambda d: f"{d.month} 月 {d.day} 日"),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}日{h}点", (13, 22), False),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}号下午{h - 12}点", (13, 17), False),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}号下午{h - 12}点{m}分", (13, 17), True),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}日 {h:02d}:{m:02d}", (8, 22), True),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}号上午{h}点", (8, 11), False),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}日晚上{h - 12}点", (19, 22), False),
        dated_clock(lambda d, h, m: f"{d.year}年{d.month}月{d.day}日{h}点{m}分", (13, 22), True),
        dated_clock(lambda d, h, m: f"{d.month}月{d.day}号下午{cn(h - 12)}点{cn(m)}分", (13, 17), True),
        relative_clock(1, lambda h, m: f"明天下午{h - 12}点", (13, 17), False),
        relative_clock(1, lambda h, m: f"明天上午{cn(h)}点", (8, 11), False),
        relative_clock(1, lambda h, m: f"明天{h:02d}:{m:02d}", (8, 22), True),
        relative_clock(2, lambda h, m: f"后天晚上{h - 12}点", (19, 22), False),
        relative_clock(1, lambda h, m: f"明天下午{h - 12}点{m}分", (13, 17), True),
        relative_clock(1, lambda h, m: f"明早{h}点{cn(m)}分", (7, 9), True),
        relative_clock(1, lambda h, m: f"明晚{h - 12}点半", (19, 22), False) if False else
        relative_clock(1, lambda h, m: f"明晚{h - 12}点", (19, 22), False),
        relative_clock(3, lambda h, m: f"大后天下午{h - 12}点", (13, 17), False),
        weekday_next_week(lambda wd: f"下周{ZH_WD[wd]}", None),
        weekday_next_week(lambda wd: f"下星期{ZH_WD[wd]}", None),
        weekday_next_week(lambda wd: f"下周{ZH_WD[wd]}下午3点", 15),
        weekday_next_week(lambda wd: f"下礼拜{ZH_WD[wd]}上午10点", 10),
        offset(lambda n: f"{n}天后", "day", 1, 60),
        offset(lambda n: f"{cn(n)}天后", "day", 1, 30),
        offset(lambda n: f"{n}分钟后", "min", 1, 300),
        offset(lambda n: f"{n}个小时后", "hour", 1, 48),
        offset(lambda n: f"{cn(n)}个小时以后", "hour", 1, 24),
        offset(lambda n: f"{n}周后", "week", 1, 20),
        offset(lambda n: f"{n}个月后", "month", 1, 24),
        offset(lambda n: f"过{cn(n)}天", "day", 2, 9),
        offset(lambda n: f"{n}个工作日后", "bday", 1, 30),
        this_month_day,
        next_month_day,
        monthly(lambda d: f"每月{d}号", None),
        monthly(lambda d: f"每个月{d}号上午10点", 10),
        weekly(lambda wd: f"每周{ZH_WD[wd]}", None),
        weekly(lambda wd: f"每个星期{ZH_WD[wd]}晚上8点", 20),
        nth_of_month(2),
        nth_of_month(-1),
    ]


def _en_forms() -> list[Form]:
    z = EN_ZONE

    def date_form(render: Callable[[date], str | None], most: int = 330) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made | None:
            d = future_day(now, rnd, most)
            text = render(d)
            return None if text is None else (text, midnight(d, z), DAY, None)
        return make

    def dated_clock(render: Callable[[date, int, int], str], hours: tuple[int, int], minutes: bool) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            d, h = future_day(now, rnd), rnd.randint(*hours)
            m = rnd.choice((5, 10, 15, 20, 25, 35, 40, 45, 50, 55)) if minutes else 0
            return render(d, h, m), wall(d, h, m, z), TIME, None
        return make

    def clock(render: Callable[[int, int], str], hours: tuple[int, int], minutes: tuple[int, ...] = (0,),
              shift: int | None = None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            h, m = rnd.randint(*hours), rnd.choice(minutes)
            at = next_clock(now, h, m) if shift is None else wall(now.date() + timedelta(days=shift), h, m, z)
            return render(h, m), at, TIME, None
        return make

    def offset(render: Callable[[int], str], unit: str, low: int, high: int) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            n = rnd.randint(low, high)
            if unit == "min":
                return render(n), later(now, minutes=n), TIME, None
            if unit == "hour":
                return render(n), later(now, hours=n), TIME, None
            if unit == "bday":
                return render(n), same_clock(business(now.date(), n), now), DAY, None
            days = n * (7 if unit == "week" else 1)
            return render(n), same_clock(now.date() + timedelta(days=days), now), DAY, None
        return make

    def weekday_coming(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            wd = rnd.randint(0, 6)
            day = coming(now, wd)
            at = wall(day, hour, 0, z) if hour is not None else midnight(day, z)
            return render(wd), at, TIME if hour is not None else DAY, None
        return make

    def monthly(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            d = rnd.randint(1, 28)
            rule = f"FREQ=MONTHLY;BYMONTHDAY={d}" + (f";BYHOUR={hour};BYMINUTE=0" if hour is not None else "")
            return render(d), first_monthly(now, d, hour), TIME if hour is not None else DAY, rule
        return make

    def weekly(render: Callable[[int], str], hour: int | None) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            wd = rnd.randint(0, 6)
            rule = f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[wd]}" + (f";BYHOUR={hour};BYMINUTE=0" if hour is not None else "")
            return render(wd), first_weekly(now, wd, hour), TIME if hour is not None else DAY, rule
        return make

    def nth_of_month(nth: int) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made | None:
            d = future_day(now, rnd, 300)
            wd = rnd.randint(0, 6)
            if d.month == now.month:
                return None
            found = nth_weekday(d.year, d.month, wd, nth)
            if found is None:
                return None
            which = "last" if nth < 0 else EN_ORD[nth]
            return f"the {which} {EN_WD[wd]} of {EN_MONTHS[d.month - 1]}", midnight(found, z), DAY, None
        return make

    def day_of_month(render: Callable[[int], str]) -> Form:
        def make(now: datetime, rnd: random.Random) -> Made:
            d = rnd.randint(1, 28)
            return render(d), midnight(month_day_ahead(now, d), z), DAY, None
        return make

    def ap(h: int) -> str:
        return f"{h % 12 or 12}{'am' if h < 12 else 'pm'}"

    def unambiguous_slash(d: date) -> str | None:
        return f"{d.month}/{d.day}/{d.year}" if d.day > 12 or d.day == d.month else None

    return [
        date_form(lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}"),
        date_form(lambda d: f"{EN_MONTHS[d.month - 1][:3]} {d.day}"),
        date_form(lambda d: f"{d.day} {EN_MONTHS[d.month - 1]}"),
        date_form(lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}{sfx(d.day)}"),
        date_form(lambda d: f"the {d.day}{sfx(d.day)} of {EN_MONTHS[d.month - 1]}"),
        date_form(lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}", 700),
        date_form(lambda d: f"{d:%Y-%m-%d}", 700),
        date_form(unambiguous_slash, 700),
        date_form(lambda d: f"{EN_MONTHS[d.month - 1]} {EN_ORD[d.day]}"),
        date_form(lambda d: f"{EN_WD[d.weekday()]}, {EN_MONTHS[d.month - 1]} {d.day}"),
        date_form(lambda d: f"{EN_WD[d.weekday()][:3]}, {EN_MONTHS[d.month - 1][:3]} {d.day}"),
        date_form(lambda d: f"on {d.day} {EN_MONTHS[d.month - 1][:3]} {d.year}", 700),
        dated_clock(lambda d, h, m: f"{EN_MONTHS[d.month - 1]} {d.day} at {ap(h)}", (8, 22), False),
        dated_clock(lambda d, h, m: f"{h % 12 or 12}:{m:02d} {'AM' if h < 12 else 'PM'} on {EN_MONTHS[d.month - 1][:3]} {d.day}", (8, 22), True),
        dated_clock(lambda d, h, m: f"{EN_MONTHS[d.month - 1]} {d.day} at {h:02d}:{m:02d}", (13, 22), True),
        dated_clock(lambda d, h, m: f"{ap(h)} on the {d.day}{sfx(d.day)} of {EN_MONTHS[d.month - 1]}", (8, 22), False),
        dated_clock(lambda d, h, m: f"{EN_MONTHS[d.month - 1]} {d.day} {d.year} {ap(h)}", (8, 22), False),
        clock(lambda h, m: f"tomorrow at {ap(h)}", (8, 22), shift=1),
        clock(lambda h, m: f"tomorrow at {h % 12 or 12}:{m:02d} {'am' if h < 12 else 'pm'}", (8, 22), (10, 25, 40, 55), 1),
        clock(lambda h, m: f"tomorrow {ap(h)}", (8, 22), shift=1),
        clock(lambda h, m: f"at {ap(h)}", (8, 22)),
        clock(lambda h, m: f"{h % 12 or 12}:{m:02d}{'am' if h < 12 else 'pm'}", (8, 22), (5, 20, 35, 50)),
        clock(lambda h, m: f"quarter past {h % 12 or 12} {'am' if h < 12 else 'pm'}", (8, 22), (15,)),
        clock(lambda h, m: f"half past {h % 12 or 12} {'am' if h < 12 else 'pm'}", (8, 22), (30,)),
        clock(lambda h, m: f"{EN_NUM[h % 12 or 12]} {'am' if h < 12 else 'pm'}", (8, 22)),
        clock(lambda h, m: f"tomorrow at {h:02d}:{m:02d}", (13, 22), (0, 30), 1),
        weekday_coming(lambda wd: f"on {EN_WD[wd]}", None),
        weekday_coming(lambda wd: f"{EN_WD[wd]} at {ap(15)}", 15),
        weekday_coming(lambda wd: f"{EN_WD[wd][:3]} at {ap(9)}", 9),
        offset(lambda n: f"in {n} days", "day", 1, 60),
        offset(lambda n: f"in {EN_NUM[n]} days", "day", 2, 12),
        offset(lambda n: f"{n} days from now", "day", 1, 60),
        offset(lambda n: f"in {n} hours", "hour", 1, 48),
        offset(lambda n: f"in {n} minutes", "min", 1, 300),
        offset(lambda n: f"{n} hours from now", "hour", 1, 24),
        offset(lambda n: f"in {n} weeks", "week", 2, 10),
        offset(lambda n: f"in {n} business days", "bday", 1, 20),
        day_of_month(lambda d: f"on the {d}{sfx(d)}"),
        day_of_month(lambda d: f"the {EN_ORD[d]}"),
        monthly(lambda d: f"every month on the {d}{sfx(d)}", None),
        monthly(lambda d: f"on the {d}{sfx(d)} of every month", None),
        monthly(lambda d: f"on the {d}{sfx(d)} of every month at 9am", 9),
        weekly(lambda wd: f"every {EN_WD[wd]}", None),
        weekly(lambda wd: f"every {EN_WD[wd]} at 6pm", 18),
        nth_of_month(2),
        nth_of_month(-1),
    ]


FORMS = {"zh": _zh_forms(), "en": _en_forms()}


def generate(lang: str, count: int, seed: int = 12) -> list[Case]:
    """``count`` random cases for a language, spread over every form and over reference instants."""
    rnd = random.Random(seed)
    zone = ZH_ZONE if lang == "zh" else EN_ZONE
    forms = FORMS[lang]
    cases: list[Case] = []
    attempts = 0
    while len(cases) < count and attempts < count * 5:
        form = forms[attempts % len(forms)]
        attempts += 1
        start = date(2026, 1, 1) + timedelta(days=rnd.randint(0, 900))
        now = wall(start, rnd.randint(6, 23), rnd.choice((0, 10, 30, 45)), zone)
        made = form(now, rnd)
        if made is None:
            continue
        phrase, at, grains, rule = made
        cases.append(Case(phrase, lang, now, at, grains, rule, f"form {forms.index(form)}"))
    return cases
