"""Chinese time tokens: each regex alternative recognises one thing people say, and reports it as facts.

The patterns only recognise; deciding which day is meant is left to ``time_spec``. Every quantifier is bounded
and no group repeats another group, so matching stays linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from bot.nlu.lazy_re import lazy_compile
from bot.nlu.numerals import alternation, parse_number, parse_small_int
from bot.nlu.time_spec import compile_each, facts

N_DAY = r"(?:[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3})"
N_SEC = r"(?:[0-9]{1,2}|[零〇一二三四五六七八九十]{1,4})"
N_NTH = r"(?:[一二三四五1-5])"
N_HOUR = r"(?:[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})"
N_MIN = r"(?:[0-9]{1,2}|[零〇一二三四五六七八九十]{1,4})"
N_MONTH = r"(?:[0-9]{1,2}|十[一二三四五六七八九]?|[一二三四五六七八九])"
N_COUNT = r"(?:[0-9]{1,4}(?:\.[0-9]{1,2})?|[零一二两三四五六七八九十百]{1,4})"
SHIFT = r"(?:这|本|下下|下|上上|上)"
WEEKDAY_CHAR = "[一二三四五六日天1-7]"
LUNAR_DAY = r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[0-9]{1,2}|[一二三四五六七八九])"
LUNAR_MONTH = r"(?:正|腊|冬|十一|十二|1[0-2]|[1-9]|[一二三四五六七八九十])"

SHIFTS = {"这": 0, "本": 0, "下": 1, "下下": 2, "上": -1, "上上": -2}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
            "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
REL_DAYS = {
    "大大后天": 4, "大后天": 3, "后天": 2, "明天": 1, "明日": 1, "明儿": 1, "今天": 0, "今日": 0, "今儿": 0,
    "昨天": -1, "昨日": -1, "昨儿": -1, "前天": -2, "大前天": -3, "次日": 1, "翌日": 1, "第二天": 1, "当天": 0,
    # Cantonese: 听日/聽日 (tomorrow), 琴日/寻日 (yesterday).
    "听日": 1, "聽日": 1, "琴日": -1, "寻日": -1, "尋日": -1,
    # English words in a Chinese sentence ("tomorrow 下午3点").
    "today": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1, "yesterday": -1,
}
# (day shift, meridiem, default hour) for words that name a day and a part of it at once.
REL_DAYPARTS = {
    "今早": (0, "am", 8), "今晨": (0, "am", 8), "明早": (1, "am", 8), "明晨": (1, "am", 8),
    "今晚": (0, "night", 20), "今夜": (0, "night", 22), "明晚": (1, "night", 20), "明夜": (1, "night", 22),
    "昨晚": (-1, "night", 20), "昨夜": (-1, "night", 22), "后天晚上": (2, "night", 20),
}
# (meridiem, default hour when no clock time is given; None = too vague to pick one)
DAYPARTS: dict[str, tuple[str, int | None]] = {
    "凌晨": ("early", None), "清晨": ("am", 7), "早上": ("am", 8), "早晨": ("am", 8), "一早": ("am", 8),
    "早": ("am", 8), "一大早": ("am", 7), "上午": ("am", 9), "中午": ("noon", 12), "午间": ("noon", 12), "午后": ("pm", 14),
    "下午": ("pm", 15), "傍晚": ("night", 18), "晚上": ("night", 20), "晚间": ("night", 20), "晚": ("night", 20),
    "夜里": ("night", 22), "夜间": ("night", 22), "深夜": ("night", 23), "半夜": ("night", 0), "午夜": ("night", 0),
}
# Standalone dayparts leave out 早/晚: on their own they mostly mean "early"/"late" (早点还, 晚了).
STANDALONE_DAYPARTS = [k for k in DAYPARTS if k not in ("早", "晚")]
HOLIDAY_NAMES = {
    "元旦节": "new_year", "元旦": "new_year", "春节": "spring_festival", "过年": "spring_festival",
    "大年初一": "spring_festival", "除夕": "chinese_new_years_eve", "大年三十": "chinese_new_years_eve",
    "年三十": "chinese_new_years_eve", "大年夜": "chinese_new_years_eve", "元宵节": "lantern", "元宵": "lantern",
    "清明节": "qingming", "清明": "qingming", "五一劳动节": "labour_day", "劳动节": "labour_day", "五一": "labour_day",
    "端午节": "dragon_boat", "端午": "dragon_boat", "七夕节": "qixi", "七夕": "qixi", "中秋节": "mid_autumn",
    "中秋": "mid_autumn", "国庆节": "national_day", "国庆": "national_day", "十一长假": "national_day",
    "十一假期": "national_day", "十一黄金周": "national_day", "重阳节": "double_ninth", "重阳": "double_ninth",
    "母亲节": "mothers_day", "父亲节": "fathers_day", "圣诞节": "christmas", "圣诞": "christmas",
    "平安夜": "christmas_eve", "情人节": "valentine", "妇女节": "womens_day", "三八节": "womens_day",
    "儿童节": "childrens_day", "六一儿童节": "childrens_day", "双十一": "double_eleven", "双11": "double_eleven",
    "双十二": "double_twelve", "双12": "double_twelve", "腊八节": "laba", "腊八": "laba", "小年": "little_new_year",
    "感恩节": "thanksgiving", "万圣节": "halloween", "复活节": "easter", "跨年夜": "new_years_eve",
    "新年": "new_year", "新年第一天": "new_year", "农历新年": "spring_festival", "中国新年": "spring_festival",
    "农历年": "spring_festival", "春节当天": "spring_festival", "除夕夜": "chinese_new_years_eve",
    "青年节": "youth_day", "五四青年节": "youth_day", "五四": "youth_day", "教师节": "teachers_day",
    "植树节": "arbor_day", "建党节": "party_day", "七一": "party_day", "建军节": "army_day", "八一": "army_day",
    "愚人节": "april_fools", "黑色星期五": "black_friday", "黑五": "black_friday", "十一国庆": "national_day",
    "平安夜当天": "christmas_eve", "圣诞夜": "christmas_eve", "六一": "childrens_day", "三八妇女节": "womens_day",
    "中秋节当天": "mid_autumn", "八月十五中秋": "mid_autumn", "重阳节当天": "double_ninth", "万圣夜": "halloween",
    "中元节": "zhongyuan", "鬼节": "zhongyuan", "立春": "lichun", "春分": "chunfen", "立夏": "lixia", "夏至": "xiazhi",
    "立秋": "liqiu", "秋分": "qiufen", "立冬": "lidong", "冬至": "dongzhi",
}
HOLIDAY_MODS = {
    "前一天": ("before", 1), "前夕": ("before", 1), "之前": ("before", None), "以前": ("before", None),
    "前": ("before", None), "后一天": ("after", 1), "之后": ("after", None), "以后": ("after", None),
    "过后": ("after", None), "后": ("after", None), "当天": (None, None), "那天": (None, None),
}
_DAYPART_RE = alternation(DAYPARTS)
_DP = _DAYPART_RE
# "日" is no unit of an offset: "15日前" is before the 15th, and people count days with 天.
_UNITS = "秒钟|秒|分钟|分|小时|钟头|刻钟|工作日|天|周|星期|礼拜|月|年"
# In a compound offset a month is "个月": "1年2个月后"; "12月15日前" is a date.
_MULTI_PART = rf"(?<![0-9]){N_COUNT}\s{{0,2}}(?:个\s{{0,2}}(?:月|小时|钟头|星期|礼拜|工作日)|秒钟|秒|分钟|小时|钟头|刻钟|天|周|星期|礼拜|年|工作日)"

PATTERNS: list[tuple[str, str]] = [
    ("rec_week", rf"每逢?(?P<rw_gap>隔)?(?P<rw_n>{N_COUNT})?个?(?:周|星期|礼拜)(?!末)(?P<rw_days>{WEEKDAY_CHAR}(?:[,和及与]?{WEEKDAY_CHAR}){{0,6}}(?![次遍回趟]))?"),
    ("rec", rf"每(?P<r_gap>隔)?(?P<r_n>{N_COUNT})?个?(?P<r_unit>工作日|周末|季度|天|日|晚上?|早上?|月|年)(?:(?<=月)(?P<r_part>上旬|中旬|下旬|初|中(?!秋)|底|末))?|天天"),
    # (?<![0-9]): "9999999999天后" must not be read as its last four digits, "9999天后".
    ("offset_multi", rf"(?:再过|过)?\s{{0,2}}(?P<om>(?:{_MULTI_PART}\s{{0,2}}(?:零|又)?\s{{0,2}}){{2,3}})(?P<om_dir>之后|以后|过后|后|之前|以前|前)"),
    ("offset", rf"(?:再过|过)?\s{{0,2}}(?<![0-9])(?P<o_n>{N_COUNT}|半)\s{{0,2}}(?P<o_half1>个半)?\s{{0,2}}个?\s{{0,2}}(?P<o_unit>{_UNITS})(?P<o_half2>半)?\s{{0,2}}(?P<o_dir>之后|以后|过后|后|之前|以前|前|以内|之内|内)"),
    ("offset_pass", rf"(?:再过|过)\s{{0,2}}(?<![0-9])(?P<op_n>{N_COUNT}|半)\s{{0,2}}(?P<op_half1>个半)?\s{{0,2}}个?\s{{0,2}}(?P<op_unit>{_UNITS})(?P<op_half2>半)?"),
    ("this_time", r"(?P<tt>明天|下周|下个?星期|下礼拜|下个?月|明年)(?:的)?(?:这个时候|这时候|这个点|同一时间)"),
    ("now", r"现在|此刻|此时此刻|当下|这会儿|立刻马上|立刻|立即|马上|即刻"),
    ("noon_word", r"正午|正中午|午夜十二点|午夜12点|午夜"),
    ("nth_weekday", rf"(?:第(?P<nw_n>{N_NTH})个?|(?P<nw_last>最后一个?|倒数第一个?))(?:周|星期|礼拜)(?P<nw_day>{WEEKDAY_CHAR})"),
    ("week_of_month", rf"(?:第(?P<wm_n>[一二三四1-4])|(?P<wm_last>最后一))个?(?:周|星期|礼拜)(?![{WEEKDAY_CHAR[1:-1]}])"),
    ("time_less", rf"(?P<tl_dp>{_DP})?\s{{0,2}}差\s{{0,2}}(?:(?P<tl_q>[一三13])刻|(?P<tl_m>{N_MIN})\s{{0,2}}分钟?)\s{{0,2}}(?P<tl_h>{N_HOUR})\s{{0,2}}(?:点钟|点|时)"),
    ("national_day_short", rf"(?<![0-9零〇一二两三四五六七八九十月第周期礼拜星初])十一(?P<nd_mod>{alternation(HOLIDAY_MODS)})?(?=前|后|之前|之后|以后|那天|当天|放假|期间|回来|过后|还|提醒|$|[,.!?;\s])"),
    ("dashed", r"(?<![0-9./-])(?P<ds_m>0[1-9]|1[0-2])-(?P<ds_d>0[1-9]|[12][0-9]|3[01])(?![0-9-])"),
    ("iso", r"(?<![0-9])(?P<iso_y>(?:19|20|21)[0-9]{2})(?:\s{0,2}[-/.·]\s{0,2}|\s)(?P<iso_m>[0-9]{1,2})(?:\s{0,2}[-/.·]\s{0,2}|\s)(?P<iso_d>[0-9]{1,2})(?![0-9])(?:\s{0,2}[日号])?"),
    ("lunar", rf"(?:农历|阴历)\s{{0,2}}(?P<lu_m>{LUNAR_MONTH})月(?P<lu_d>{LUNAR_DAY})?|(?P<lu_m2>正|腊|冬)月(?P<lu_d2>{LUNAR_DAY})?|(?P<lu_m3>{LUNAR_MONTH})月(?P<lu_d3>初[一二三四五六七八九十]|廿[一二三四五六七八九])|大年初(?P<lu_first>[一二三四五六七八九十])"),
    ("holiday", rf"(?P<h_pass>过完|过了)?(?P<h_name>{alternation(HOLIDAY_NAMES)})(?:假期|长假|假)?(?:结束)?(?:(?P<h_dir>前|后)(?P<h_n>{N_COUNT})天|(?P<h_mod>{alternation(HOLIDAY_MODS)}))?"),
    ("new_year_break", r"(?<![0-9零〇一二两三四五六七八九十今明后去前大每])(?:过完年|过了年|年前|年后)"),
    ("reldaypart", alternation(REL_DAYPARTS)),
    ("time", rf"(?P<t_dp>{_DAYPART_RE})?\s{{0,2}}(?:(?P<t_h>{N_HOUR})\s{{0,2}}(?P<t_unit>点钟|点|时)\s{{0,2}}(?:(?P<t_half>半)|(?P<t_q>[一三13])\s{{0,2}}刻钟?|(?P<t_m>{N_MIN})\s{{0,2}}分?(?:\s{{0,2}}(?P<t_s>{N_SEC})\s{{0,2}}秒)?|(?P<t_sharp>整)|差\s{{0,2}}(?:(?P<t_lq>[一三13])刻|(?P<t_lm>{N_MIN})\s{{0,2}}分钟?))?|(?P<t_hh>[0-9]{{1,2}})\s{{0,2}}[:：]\s{{0,2}}(?P<t_mm>[0-9]{{2}})(?:[:：](?P<t_ss>[0-9]{{2}}))?(?:\s{{0,2}}(?P<t_ap>[ap])\.?m(?![a-z])\.?)?|(?P<t_h12>[0-9]{{1,2}})\s{{0,2}}(?P<t_ap2>[ap])\.?m(?![a-z])\.?)"),
    ("rel", alternation(REL_DAYS)),
    ("weekday", rf"(?P<wd_shift>下下|上上|这|本|下|上)?个?(?:周|星期|礼拜)(?P<wd_day>{WEEKDAY_CHAR})(?![次遍回趟])"),
    ("weekend", r"(?P<we_shift>下下|这|本|下|上)?个?周末"),
    ("week", r"(?P<wk_shift>下下|上上|这|本|下|上)个?(?:周|星期|礼拜)"),
    ("month_rel", r"(?P<mr_shift>下下|上上|这|本|下|上)个?月份?(?P<mr_part>上旬|中旬|下旬|初|中(?!秋)|底|末|尾)?"),
    ("year_rel", r"(?P<yr_word>大后年|今年|明年|后年|去年|前年)(?P<yr_part>初|中(?!秋)|底|末|尾)?"),
    ("year", r"(?<![0-9])(?P<y_num>(?:19|20|21)[0-9]{2}|[0-9]{2}|[零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2})\s{0,2}年(?P<y_part>初|中(?!秋)|底|末|尾)?"),
    ("month", rf"(?<![0-9])(?P<m_num>{N_MONTH})\s{{0,2}}月份?(?P<m_part>上旬|中旬|下旬|初|中(?!秋)|底|末|尾)?(?:\s{{0,2}}(?P<m_day>{N_DAY})\s{{0,2}}(?:(?P<m_sfx>[日号])|(?![0-9])))?"),
    ("month_part", r"月初|月中(?!秋)|月底|月末|月尾|(?:月的?)?最后一天|(?:本月|这个月|月)?(?:上旬|中旬|下旬)"),
    ("year_part", r"年初|年中(?!秋)|年底|年末|年尾"),
    ("day", rf"(?<![0-9.])(?P<d_num>{N_DAY})\s{{0,2}}[日号](?!元|块)"),
    ("daypart", alternation(STANDALONE_DAYPARTS)),
    # "明天晚", "4号早": a lone 早/晚 right after a day is its evening or morning (alone it means early/late).
    ("daypart_short", r"(?<=[天日号儿])[早晚](?![\u4e00-\u9fff0-9])"),
    ("dotted", r"(?<![0-9.,¥$])(?P<dt_m>1[0-2]|0?[1-9])(?P<dt_sep>[./·])(?P<dt_d>3[01]|[12][0-9]|0?[1-9])(?![0-9%]|[.,][0-9]|\s{0,2}(?:元|块|万|千|k|w|%|美元|刀|rmb|usd))"),
]

@cache
def compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every token pattern, compiled on first use (see ``time_spec.compile_each``)."""
    return compile_each(PATTERNS)
# Gaps allowed between the tokens of one expression: spaces, commas, 的, 在/于 ("下周五 在下午3点").
FILLER = lazy_compile(r"(?:[\s,的在于到(\[【]|at\b|on\b){0,4}")
# Money words just before "12.10": then it is an amount, not a date.
_MONEY_BEFORE = lazy_compile(r"(?:欠|还了?|借了?|付了?|共|合计|总共|金额|余额|额度|利息|¥|\$)\s{0,2}$")
_MERIDIEM_AP = {"a": "am", "p": "pm"}
_PART = {"初": "start", "中": "mid", "底": "end", "末": "end", "尾": "end", "上旬": "start", "中旬": "mid",
         "下旬": "late"}
_LUNAR_MONTHS = {"正": 1, "腊": 12, "冬": 11}


def _lunar_day(text: str) -> int | None:
    if text.startswith("初"):
        return parse_small_int(text[1:])
    return parse_small_int(text)


def _count(text: str | None) -> Decimal | None:
    if text is None:
        return None
    if text == "半":
        return Decimal("0.5")
    return parse_number(text)


def _offset_facts(n: Decimal, unit: str, sign: int) -> dict[str, Any] | None:
    if n <= 0 or n > 100_000:
        return None
    if unit in ("秒钟", "秒"):
        return facts(offset_seconds=sign * int(n))
    if unit in ("分钟", "分"):
        if n != int(n):
            return facts(offset_seconds=sign * int(n * 60))
        return facts(offset_minutes=sign * int(n))
    if unit in ("刻钟", "刻"):
        return facts(offset_minutes=sign * int(n * 15))
    if unit == "工作日":
        return None if n != int(n) else facts(offset_business_days=sign * int(n))
    if unit in ("小时", "钟头"):
        return facts(offset_minutes=sign * int(n * 60))
    days = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7}.get(unit)
    if days is not None:
        total = n * days
        if total != int(total):
            return facts(offset_minutes=sign * int(total * 1440))
        return facts(offset_days=sign * int(total))
    months = n * (12 if unit == "年" else 1)
    whole = int(months)
    extra_days = int((months - whole) * 30)
    return facts(offset_months=sign * whole, offset_days=sign * extra_days)


def _rec_week(m: re.Match[str], text: str) -> dict[str, Any] | None:
    interval = _interval(m.group("rw_gap"), m.group("rw_n"))
    days = tuple(WEEKDAYS[c] for c in (m.group("rw_days") or "") if c in WEEKDAYS)
    if interval is None:
        return None
    return facts(rec_freq="WEEKLY", rec_interval=interval, rec_weekdays=days)


def _interval(gap: str | None, count: str | None) -> int | None:
    n = parse_small_int(count) if count else 1
    if n is None or n < 1 or n > 99:
        return None
    # 每隔一天 is every other day; 每隔两周 is, as people use it, every two weeks.
    return 2 if gap and n == 1 else n


def _rec(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group(0) == "天天":
        return facts(rec_freq="DAILY")
    interval = _interval(m.group("r_gap"), m.group("r_n"))
    if interval is None:
        return None
    unit, part = m.group("r_unit"), m.group("r_part")
    if unit in ("天", "日"):
        return facts(rec_freq="DAILY", rec_interval=interval)
    if unit.startswith("晚"):
        return facts(rec_freq="DAILY", rec_interval=interval, meridiem="night", daypart_hour=20)
    if unit.startswith("早"):
        return facts(rec_freq="DAILY", rec_interval=interval, meridiem="am", daypart_hour=8)
    if unit == "工作日":
        return facts(rec_freq="WEEKLY", rec_weekdays=(0, 1, 2, 3, 4))
    if unit == "周末":
        return facts(rec_freq="WEEKLY", rec_weekdays=(5, 6))
    if unit == "季度":
        return facts(rec_freq="MONTHLY", rec_interval=3 * interval)
    if unit == "月":
        found = facts(rec_freq="MONTHLY", rec_interval=interval)
        if part:
            found["month_part"] = _PART[part]
        return found
    return facts(rec_freq="YEARLY", rec_interval=interval)


def _offset(m: re.Match[str], text: str) -> dict[str, Any] | None:
    n = _count(m.group("o_n"))
    if n is None:
        return None
    if m.group("o_half1") or m.group("o_half2"):
        n += Decimal("0.5")
    sign = -1 if m.group("o_dir") in ("前", "之前", "以前") else 1
    return _offset_facts(n, m.group("o_unit"), sign)


def _offset_pass(m: re.Match[str], text: str) -> dict[str, Any] | None:
    n = _count(m.group("op_n"))
    if n is None:
        return None
    if m.group("op_half1") or m.group("op_half2"):
        n += Decimal("0.5")
    return _offset_facts(n, m.group("op_unit"), 1)


_OFFSET_PART = lazy_compile(rf"(?P<n>{N_COUNT})\s{{0,2}}个?\s{{0,2}}(?P<unit>{_UNITS})")


def _offset_multi(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"1年2个月后", "3小时10分钟后", "两天零三小时后": the parts add up."""
    sign = -1 if m.group("om_dir") in ("前", "之前", "以前") else 1
    total: dict[str, int] = {}
    seen: set[str] = set()
    for part in _OFFSET_PART.finditer(m.group("om")):
        n = _count(part.group("n"))
        found = None if n is None else _offset_facts(n, part.group("unit"), sign)
        if found is None or part.group("unit") in seen:
            return None
        seen.add(part.group("unit"))
        for key, value in found.items():
            total[key] = total.get(key, 0) + value
    return facts(**total) if total else None


def _now(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(now=True)


def _this_time(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"明天这个时候": the same clock time, a day (week, month, year) on."""
    which = m.group("tt")
    if which == "明天":
        return facts(offset_days=1, offset_minutes=0, offset_seconds=0)
    if which.endswith("月"):
        return facts(offset_months=1, offset_minutes=0, offset_seconds=0)
    if which == "明年":
        return facts(offset_months=12, offset_minutes=0, offset_seconds=0)
    return facts(offset_days=7, offset_minutes=0, offset_seconds=0)


def _noon_word(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group(0).startswith("午夜"):
        return facts(hour=12, minute=0, meridiem="night")
    return facts(hour=12, minute=0, meridiem="noon")


def _nth_weekday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    nth = -1 if m.group("nw_last") else parse_small_int(m.group("nw_n"))
    if nth is None:
        return None
    return facts(nth_weekday=nth, weekday=WEEKDAYS[m.group("nw_day")])


def _week_of_month(m: re.Match[str], text: str) -> dict[str, Any] | None:
    n = 5 if m.group("wm_last") else parse_small_int(m.group("wm_n"))
    return None if n is None else facts(week_of_month=n)


def _time_less(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """"差一刻9点", "差5分10点": that many minutes before the hour."""
    hour = parse_small_int(m.group("tl_h"))
    less = 15 * (1 if m.group("tl_q") in ("一", "1") else 3) if m.group("tl_q") else parse_small_int(m.group("tl_m") or "")
    if hour is None or less is None or not 1 <= less <= 59 or not 1 <= hour <= 24:
        return None
    daypart = m.group("tl_dp")
    meridiem = DAYPARTS[daypart][0] if daypart else None
    before = hour - 1 if hour > 1 else 12
    return facts(hour=before, minute=60 - less, meridiem=meridiem, clock24=before > 12)


def _national_day_short(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(holiday="national_day")
    if m.group("nd_mod"):
        modifier, days = HOLIDAY_MODS[m.group("nd_mod")]
        found.update(holiday_mod=modifier, holiday_days=days)
    return found


def _dashed(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(month=int(m.group("ds_m")), day=int(m.group("ds_d")))


def _iso(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return _ymd(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))


def _ymd(year: int, month: int, day: int) -> dict[str, Any] | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return facts(year=year, month=month, day=day)


def _lunar(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if m.group("lu_first"):
        day = parse_small_int(m.group("lu_first"))
        return None if day is None else facts(lunar_month=1, lunar_day=day)
    month_text = m.group("lu_m") or m.group("lu_m2") or m.group("lu_m3")
    day_text = m.group("lu_d") or m.group("lu_d2") or m.group("lu_d3")
    month = _LUNAR_MONTHS.get(month_text) or parse_small_int(month_text)
    day = _lunar_day(day_text) if day_text else 1
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    return facts(lunar_month=month, lunar_day=day)


def _holiday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(holiday=HOLIDAY_NAMES[m.group("h_name")])
    if m.group("h_dir"):
        n = parse_small_int(m.group("h_n"))
        if n is None or n > 366:
            return None
        found.update(holiday_mod="before" if m.group("h_dir") == "前" else "after", holiday_days=n)
    elif m.group("h_mod"):
        modifier, days = HOLIDAY_MODS[m.group("h_mod")]
        found.update(holiday_mod=modifier, holiday_days=days)
    elif m.group("h_pass"):
        found["holiday_mod"] = "after"  # 过完春节: once the holiday is over
    return found


def _new_year_break(m: re.Match[str], text: str) -> dict[str, Any] | None:
    before = m.group(0) == "年前"
    return facts(holiday="spring_festival", holiday_mod="before" if before else "after")


def _reldaypart(m: re.Match[str], text: str) -> dict[str, Any] | None:
    shift, meridiem, hour = REL_DAYPARTS[m.group(0)]
    return facts(day_shift=shift, pinned_day=shift == 0, meridiem=meridiem, daypart_hour=hour)


def _time(m: re.Match[str], text: str) -> dict[str, Any] | None:
    daypart = m.group("t_dp")
    meridiem = DAYPARTS[daypart][0] if daypart else None
    if m.group("t_hh") is not None:
        hour, minute = int(m.group("t_hh")), int(m.group("t_mm"))
        ap = m.group("t_ap")
        if ap:
            if not 1 <= hour <= 12:
                return None
            meridiem = _MERIDIEM_AP[ap]
        second = int(m.group("t_ss")) if m.group("t_ss") else None
        if second is not None and second > 59:
            return None
        # 15:30 and 08:00 are 24-hour clock readings; 3:30 is not.
        return facts(hour=hour, minute=minute, second=second, meridiem=meridiem,
                     clock24=hour == 0 or hour > 12 or m.group("t_hh").startswith("0"))
    if m.group("t_h12") is not None:
        hour = int(m.group("t_h12"))
        if not 1 <= hour <= 12:
            return None
        return facts(hour=hour, meridiem=_MERIDIEM_AP[m.group("t_ap2")])
    hour_text = m.group("t_h")
    clock_hour = parse_small_int(hour_text)
    if clock_hour is None:
        return None
    clock_minute: int | None = None
    clock_second: int | None = None
    less = 15 * (1 if m.group("t_lq") in ("一", "1") else 3) if m.group("t_lq") else None
    if m.group("t_lm"):
        less = parse_small_int(m.group("t_lm"))
    if less is not None:
        # "9点差一刻", "10点差5分": before the hour.
        if not 1 <= less <= 59 or clock_hour < 1:
            return None
        clock_hour, clock_minute = clock_hour - 1, 60 - less
        return facts(hour=clock_hour or 12, minute=clock_minute, meridiem=meridiem, clock24=clock_hour > 12)
    if m.group("t_half"):
        clock_minute = 30
    elif m.group("t_q"):
        clock_minute = 15 if m.group("t_q") in ("一", "1") else 45
    elif m.group("t_m"):
        clock_minute = parse_small_int(m.group("t_m"))
        if clock_minute is None or clock_minute > 59:
            return None
        if m.group("t_s"):
            clock_second = parse_small_int(m.group("t_s"))
            if clock_second is None or clock_second > 59:
                return None
    elif m.group("t_sharp"):
        clock_minute = 0
    # "一点" without anything around it is usually "a little" (早一点还), not one o'clock.
    weak = hour_text == "一" and clock_minute is None and daypart in (None, "早", "晚") and m.group("t_unit") == "点"
    return facts(
        hour=clock_hour, minute=clock_minute, second=clock_second, meridiem=meridiem, weak_time=weak,
        clock24=clock_hour == 0 or clock_hour > 12 or (hour_text.startswith("0") and len(hour_text) == 2),
    )


def _rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    shift = REL_DAYS[m.group(0)]
    return facts(day_shift=shift, pinned_day=shift == 0)


def _weekday(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(weekday=WEEKDAYS[m.group("wd_day")])
    if m.group("wd_shift"):
        found["week_shift"] = SHIFTS[m.group("wd_shift")]
    return found


def _weekend(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(weekend=True)
    if m.group("we_shift"):
        found["week_shift"] = SHIFTS[m.group("we_shift")]
    return found


def _week(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(week_shift=SHIFTS[m.group("wk_shift")])


def _month_rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    found = facts(month_shift=SHIFTS[m.group("mr_shift")])
    if m.group("mr_part"):
        found["month_part"] = _PART[m.group("mr_part")]
    return found


def _year_rel(m: re.Match[str], text: str) -> dict[str, Any] | None:
    shift = {"今年": 0, "明年": 1, "后年": 2, "大后年": 3, "去年": -1, "前年": -2}[m.group("yr_word")]
    found = facts(year_shift=shift)
    if m.group("yr_part"):
        found["year_part"] = _PART[m.group("yr_part")]
    return found


def _year(m: re.Match[str], text: str) -> dict[str, Any] | None:
    year = parse_number(m.group("y_num"))
    if year is None:
        return None
    value = int(year)
    if value < 100:
        value += 2000
    if not 1900 <= value <= 2199:
        return None
    found = facts(year=value)
    if m.group("y_part"):
        found["year_part"] = _PART[m.group("y_part")]
    return found


def _month(m: re.Match[str], text: str) -> dict[str, Any] | None:
    month = parse_small_int(m.group("m_num"))
    if month is None or month < 1:
        return None
    if month > 12:
        # "13月1日" names a date that cannot exist; a bare "13月" is just not a month.
        return facts(impossible=True) if m.group("m_sfx") else None
    found = facts(month=month)
    if m.group("m_part") and m.group("m_day"):
        return None  # "12月初8" is a lunar date or a typo: not read rather than read as the 1st
    if m.group("m_part"):
        found["month_part"] = _PART[m.group("m_part")]
    elif m.group("m_day"):
        day = parse_small_int(m.group("m_day"))
        if day is None or day < 1:
            return None
        if day > 31:
            return facts(month=month, impossible=True) if m.group("m_sfx") else found
        found["day"] = day
        if not m.group("m_sfx") and not m.group("m_num")[0].isdigit() and not m.group("m_day")[0].isdigit():
            # 八月十五 without 日/号 is how lunar dates are written: offer the lunar reading too.
            found["lunar_alternative"] = True
    return found


def _month_part(m: re.Match[str], text: str) -> dict[str, Any] | None:
    word = m.group(0)
    if word.endswith("旬"):
        found = facts(month_part=_PART[word[-2:]])
        if word.startswith(("本月", "这个月")):
            found["month_shift"] = 0
        return found
    return facts(month_part="end" if word.endswith("最后一天") else _PART[word[1]])


def _year_part(m: re.Match[str], text: str) -> dict[str, Any] | None:
    return facts(year_part=_PART[m.group(0)[1]])


def _day(m: re.Match[str], text: str) -> dict[str, Any] | None:
    day = parse_small_int(m.group("d_num"))
    if day is None or day < 1:
        return None
    if day > 31:
        return None
    return facts(day=day)


def _daypart(m: re.Match[str], text: str) -> dict[str, Any] | None:
    meridiem, hour = DAYPARTS[m.group(0)]
    return None if hour is None else facts(meridiem=meridiem, daypart_hour=hour)


def _daypart_short(m: re.Match[str], text: str) -> dict[str, Any] | None:
    meridiem, hour = DAYPARTS[m.group(0)]
    return facts(meridiem=meridiem, daypart_hour=hour)


def _dotted(m: re.Match[str], text: str) -> dict[str, Any] | None:
    if _MONEY_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return None
    return facts(month=int(m.group("dt_m")), day=int(m.group("dt_d")))


HANDLERS: dict[str, Callable[[re.Match[str], str], dict[str, Any] | None]] = {
    "rec_week": _rec_week, "rec": _rec, "offset": _offset, "offset_pass": _offset_pass, "iso": _iso,
    "offset_multi": _offset_multi, "now": _now, "this_time": _this_time, "noon_word": _noon_word, "nth_weekday": _nth_weekday,
    "week_of_month": _week_of_month, "time_less": _time_less, "national_day_short": _national_day_short,
    "dashed": _dashed, "daypart_short": _daypart_short,
    "lunar": _lunar, "holiday": _holiday, "new_year_break": _new_year_break, "reldaypart": _reldaypart,
    "time": _time, "rel": _rel, "weekday": _weekday, "weekend": _weekend, "week": _week,
    "month_rel": _month_rel, "year_rel": _year_rel, "year": _year, "month": _month,
    "month_part": _month_part, "year_part": _year_part, "day": _day, "daypart": _daypart, "dotted": _dotted,
}
