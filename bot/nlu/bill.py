"""``parse_bill``: a pasted or forwarded bill notice (bank SMS, Huabei/Baitiao notice, e-mail statement, overdue SMS)
read into creditor, amount due, minimum, due date, statement date, card tail and days overdue.

Extraction is driven by labels, not by per-issuer templates: every notice, whoever sends it, puts its figures
behind words such as 本期应还 / 最低还款 / 到期还款日 / Total Due / Min Due / Due Date, or says "X月X日前还款" /
"3,000元的账单…到期". So the parser finds labels, money and dates, and ties each value to the label right before
it (or the verb right after it). A value no label claims is not used: a statement month, a purchase amount or a
statement date never becomes the due date or the amount due. When a field is ambiguous it is left None.

Notices that are not bills (purchases, repayment-success, refunds, income, limit increases, instalment offers,
loan marketing, verification codes) are told apart first; ``parse_notice`` says which kind they are, so the engine
can answer "这是一条消费通知，不是账单" and change nothing. Boilerplate such as "如已还款请忽略" is blanked out
before anything is read, so it can never count as a repayment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from bot.nlu.calendar_math import ensure_aware
from bot.nlu.formal_money import FORMAL_MONEY, parse_formal_amount
from bot.nlu.issuers import BANKS, BANKS_EN, PRODUCTS, find_issuer, home_dollar, kind_only
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import detect_language, normalize
from bot.nlu.numerals import alternation, parse_small_int
from bot.nlu.results import BillNotice, NoticeKind, OtherNotice

# E-mail statements run longer than a chat message; the engine refuses anything over 2,000 characters anyway.
LIMIT = 2000
ABSURD_ABOVE = Decimal(100_000_000)
MAX_DATES = 40

# --- boilerplate: blanked (same length, so offsets hold) before anything is read ------------------------------
_BOILERPLATE = lazy_compile(
    r"(?:如|若|如果|倘若|假如)(?:您|你)?(?:已经?|已于|已在|已按时|已全额)[^,.;!?，。；！？\n]{0,16}?(?:请忽略|忽略|勿理|无需理会|请勿理会|不必理会|请勿重复还款)"
    r"(?:此|本|该)?(?:短信|信息|消息|提醒|通知|邮件)?"
    r"|(?:已还款|已还清|已缴费|已经还款)(?:的)?(?:客户|用户)?(?:请|可)忽略(?:此|本)?(?:短信|信息|消息|提醒|通知)?"
    r"|(?:回复|回)\s?(?:td|t|n|0|退订)\s?(?:退订|拒收)?|退订回\s?(?:td|t|n)|拒收请回复\s?(?:td|r|n)"
    r"|if\s+(?:you\s+have|you've|you)\s+(?:already\s+)?(?:paid|made\s+(?:this|your|the)\s+payment|settled)[^.!\n]{0,40}?"
    r"(?:please\s+)?(?:ignore|disregard)(?:\s+this(?:\s+(?:message|reminder|notice|e-?mail|text))?)?"
    r"|(?:please\s+)?(?:ignore|disregard)\s+this\s+(?:message|reminder|notice|e-?mail|text)\s+if\s+(?:you\s+have|you've)\s+"
    r"(?:already\s+)?(?:paid|made\s+(?:this|your|the)\s+payment)"
    r"|\bif\s+(?:already\s+)?paid,?\s+(?:please\s+)?(?:ignore|disregard)(?:\s+this(?:\s+(?:message|reminder|notice|text))?)?"
    r"|(?:reply|text)\s+stop\s+to\s+(?:opt\s+out|unsubscribe|end)|(?:to\s+)?unsubscribe[^.\n]{0,30}"
)

# --- not bills -----------------------------------------------------------------------------------------------
_CODE = lazy_compile(r"验证码|校验码|动态码|动态密码|短信密码|verification\s+code|one[-\s]time\s+(?:pass(?:code|word)?|code)"
                   r"|\botp\b|security\s+code|登录码")
_REPAID = lazy_compile(
    r"还款成功|成功还款|已成功还款|还款已(?:成功)?(?:入账|到账|受理|完成)|(?:已|已经)?收到(?:您的?)?(?:一笔)?(?:的)?还款|还款.{0,12}已入账"
    r"|还款.{0,20}已入账|成功还清|(?:自动)?还款扣款(?:已)?成功|自动还款成功|(?:贷款|借款|月供|房贷|车贷).{0,20}(?:成功扣款|扣款成功|已扣款|已扣收)|已还清|已结清|已全部还清|已全额还款|已按时还款|已提前还款|提前还款成功|还款入账|本期(?:账单)?已还(?:清|款)|账单已还清"
    r"|(?:自动)?(?:还款|扣款)成功.{0,20}(?:账单|还款|借款|花呗|借呗|白条|月付)|(?:账单|借款|花呗|借呗|白条|月付|贷款).{0,20}(?:自动)?(?:扣款|还款)成功"
    r"|还款\s?(?:¥|rmb|人民币)?\s?[0-9][0-9,.]*\s?元?\s?[,，]?\s?(?:已|成功)"
    r"|payment\s+(?:of\s+[^\n]{0,24}?)?(?:has\s+been\s+|was\s+|is\s+)?(?:received|posted|credited|processed|applied|successful)"
    r"|thank\s+you\s+for\s+(?:your|the)\s+payment|you(?:'ve|\s+have)?\s+made\s+a\s+[^\n]{0,20}?payment|received\s+your\s+[^\n]{0,30}?payment|payment\s+confirmation"
    r"|paid\s+in\s+full|balance\s+(?:is\s+)?(?:now\s+)?paid\s+off|\byou(?:'ve|\s+have)?\s+paid\s+[$£€¥]?\s?\d"
    r"|autopay[^\n]{0,30}?(?:was\s+|is\s+)?(?:successful|processed|completed)|payment\s+(?:was\s+)?successful"
)
# "已还500元，剩余应还700元" in a reminder: part of the bill paid, the rest still due (a bill when a remaining sum
# is labelled); the strong wordings above say a repayment went through.
_PART_PAID = lazy_compile(r"已还\s?(?:款)?\s?(?:¥|rmb|人民币)?\s?[0-9][0-9,.]*\s?元?")
_NOTHING_LEFT = lazy_compile(r"(?:剩余|尚需|仍需|还需)(?:应还|待还|还款)?(?:金额)?[^\d\n]{0,6}(?<![\d.,])0(?:\.0{1,2})?\s?元?(?![\d.,]*[1-9])|当前无待还|暂无待还|已无待还"
                           r"|remaining\s+balance\s*(?:is\s+)?[:：]?\s*[$£€]?\s?0(?:\.00)?\b")
_SCHEDULED = lazy_compile(r"payment[^\n]{0,40}?(?:is|has\s+been)\s+scheduled|scheduled\s+(?:a\s+)?payment|预约还款(?:已)?(?:成功|设置)|已预约还款")
_INSTALMENT_DONE = lazy_compile(r"(?:还款|分期)计划已生成|分\s?\d{1,2}\s?期.{0,16}每期|(?:成功)?下单成功|已成功下单|分期(?:已)?(?:办理)?成功|成功(?:办理|申请).{0,8}分期|分期申请已|已为您办理.{0,6}分期|instal+ment\s+plan\s+(?:is\s+)?(?:set\s+up|confirmed|approved)")
_DISBURSED = lazy_compile(r"放款成功|已放款|已为您放款|(?:借款|贷款)[^,，。]{0,10}已发放|发放成功|(?:借款|贷款|提现|借钱).{0,12}(?:已|成功)?到账|loan\s+(?:has\s+been\s+)?disbursed|funds\s+(?:have\s+been\s+)?(?:sent|deposited)")
_KINDS: tuple[tuple[NoticeKind, re.Pattern[str]], ...] = (
    ("refund", lazy_compile(r"退款|退货|退回|退还|冲正|撤销交易|refund|reversal|returned\s+to\s+your")),
    ("limit", lazy_compile(r"额度.{0,8}(?:提升|提高|上调|调整|调高|增加|恢复|已提)|提额|临时额度|固定额度.{0,4}(?:调|提)|credit\s+limit\s+(?:increase|has\s+been|raised|is\s+now)|limit\s+increase|limit\s+(?:has\s+been\s+)?(?:increased|raised)")),
    ("offer", lazy_compile(r"可(?:申请|办理)?(?:账单)?分期|分期.{0,8}(?:享|低至|优惠|免息|折|手续费|费率)|申请分期|办理分期|分期还款.{0,6}(?:轻松|减轻)|split\s+(?:it|your\s+(?:bill|purchase))|pay\s+in\s+instal+ments|instal+ment\s+offer")),
    ("marketing", lazy_compile(r"最高可借|可借|借钱|点击提现|去提现|申请已通过|审批通过|领取额度|额度.{0,6}(?:待领取|已批|待激活|可用|已到)|预审批|立即(?:申请|借|领取|提现|激活)|日息|低至.{0,6}(?:利|息)|年化.{0,10}起|利率低至|优惠券|免息券|限时|抽奖|恭喜"
                            r"|pre-?approved|apply\s+now|you(?:'re|\s+are)\s+eligible|balance\s+transfer|low\s+rate|limited\s+time|special\s+offer")),
    ("purchase", lazy_compile(r"消费|支出|交易|刷卡|支付(?!宝)|扣款|扣费|取现|预授权|购买|网购|快捷付款|付款(?!日)|转出|purchase|spent|transaction|charged|\bspend|debited|was\s+used|used\s+(?:for|at)|authori[sz]ation|\bcharge\b|was\s+approved|declined")),
    ("income", lazy_compile(r"工资|收入|存入|转入|入账|到账|汇入|收款|奖金|利息结算|credited|deposit|received|salary|transfer\s+from")),
)
_STRONG_SIGNS = lazy_compile(r"【[^】]{2,16}】|^\s*\[[^\]]{2,16}\]|\[[^\]]{2,16}\]\s*$|尾号|(?:card|account)\s+ending|ending\s+(?:in\s+)?\d{4}")
_ASKED = lazy_compile(r"[?？]|吗|么|怎么|如何|能不能|can\s+i\b|should\s+i\b|what\s+(?:is|does|should)|how\s+(?:do|can|much)")
_NOTICE_SIGNS = lazy_compile(
    r"【[^】]{2,16}】|^\s*\[[^\]]{2,16}\]|\[[^\]]{2,16}\]\s*$|尊敬的|您(?!好)|尾号|客服|热线|详询|退订|dear\b|your\s+(?:[\w&'.-]+\s+){0,3}(?:card|account|payment|statement|bill|loan|instal+ment)\b"
    r"|ending\s+(?:in\s+)?\d{4}|card\s+ending|account\s+ending|\bpayment\s+due\b|total\s+due|min(?:imum)?\s+(?:payment\s+)?due|statement\s+balance"
)

# "Chase: …", "Capital One Alert: …": an English notice signs with the issuer's name before a colon.
_EN_SENDER = lazy_compile(rf"\s*(?:{alternation(BANKS_EN)}|klarna|affirm|afterpay|paypal)[\w &'.]{{0,24}}[:：]\s")

# What English money starts with ("£25.00", "US$35", "GBP 25"): a label word followed by it names that figure.
_EN_MONEY_START = r"[$£€¥₹]|[a-z]{1,2}\$|(?:usd|gbp|eur|hkd|sgd|aud|cad|inr)\s?\d"

# --- labels ----------------------------------------------------------------------------------------------------
# One alternation, longest names first within each group, with the role of each name. The regex engine takes the
# leftmost match, so "最低还款额" is read as the minimum, never as "还款" + an amount, and "本期账单日" as the
# statement date, never as "本期账单" (the amount).
_LABELS: tuple[tuple[str, str], ...] = (
    # statement date
    ("stmt", r"本期账单日|账单日期|账单日|出账日期?|记账日|账单周期|账单期间|statement\s+(?:closing\s+)?date|closing\s+date|statement\s+period|billing\s+(?:date|period|cycle)|cycle\s+date"),
    # minimum
    ("min", r"(?:payment\s+of\s+|pay\s+)?at\s+least|最低还款(?:额|金额)?|最低应还(?:款)?(?:额|金额)?|最低(?:应)?缴(?:款)?(?:额|金额)?|最低付款(?:额|金额)?|最低还|最低(?:额)?(?=\s?[:：]?\s?(?:[¥$]|rmb|人民币|\d))"
            r"|min(?:imum)?\.?\s+(?:re)?(?:payment|amount|pmt)\s*(?:due|required)?|min(?:imum)?\.?\s+due|min\.?\s+amt(?:\s+due)?"
            # "minimum £25.00", "min $35": the word alone, with the money right after it
            rf"|\bmin(?:imum)?\.?(?=\s?[:：]?\s?(?:{_EN_MONEY_START}))"),
    # due date
    ("due_date", r"到期还款日(?:期)?|最后还款日(?:期)?|最迟还款日(?:期)?|还款到期日|还款截止日(?:期)?|到期日(?:期)?|截止日期|截止还款日|应还日期|应还款日(?:期)?"
                 r"|还款日(?:期)?|还款期限|到期时间|还款截止时间|最后还款时间|(?:约定)?扣款日(?:期)?|payment\s+date|最后缴款日|缴款截止日|到期缴款日|缴款期限|payment\s+due\s+date|due\s+date|(?:payment\s+)?due\s+(?:on|by)|pay(?:ment)?\s+by|please\s+pay\s+by"),
    # remaining: after a partial payment this is what is really still due
    ("rest", r"剩余应还(?:款)?(?:金额|额)?|仍需还款(?:金额)?|尚需还款(?:金额)?|还需还款(?:金额)?|剩余待还(?:金额)?|尚欠(?:金额)?|remaining\s+balance"),
    # amount due
    ("amount", r"本期应还(?:款)?(?:金额|总额|额)?(?!日)|本月应还(?:款)?(?:金额|总额|额)?(?!日)|当期应还(?:款)?(?:金额|总额|额)?(?!日)|本期账单(?:金额|总额)?(?!日)"
               r"|本月账单(?:金额|总额)?(?!日)|(?:月结单|结单|本期)?结欠(?:金额)?|账单金额|账单总额|应还(?:款)?(?:金额|总额|额)(?!日)|应还总额|本期还款(?:总)?额|本期待还(?:款)?(?:金额)?|应缴总金额"
               r"|待还(?:款)?(?:金额|总额)?(?!日)|本期欠款(?:金额)?|应缴(?:金额|款额|总额)|本期应缴(?:款)?(?!款?(?:截止|日|期))|逾期(?:金额|本金|欠款|总额|应还(?:款)?(?:金额)?)"
               r"|欠款(?:金额|总额|本息)?|应还(?!日|款日|款期)|(?<!仅)(?<!只)需还(?:款)?(?:金额)?(?!日)|待还款(?:金额)?|月供|应付(?:金额|总额)"
               r"|new\s+balance|statement\s+balance|total\s+(?:amount\s+|amt\.?\s+)?due|emi(?:\s+amount)?(?=\s+(?:of\s+)?(?:rs|inr|₹|[$£€]))|total\s+payment\s+due|amount\s+due|balance\s+due"
               r"|total\s+(?:outstanding|balance)|outstanding\s+balance|overdue\s+amount|past\s+due\s+amount|amount\s+(?:owed|outstanding)"
               r"|closing\s+balance|bill\s+(?:is|of|amount)(?=\s*[:：]?\s*(?:[$£€¥₹]|[a-z]{1,2}\$|usd|gbp|eur|hkd|sgd|aud|cad|rs|inr|rm\b))"
               r"|amount\s+(?:to\s+pay|payable)|payment\s+due\s+of|(?:re)?payment\s+amount|(?<!current\s)(?<!available\s)balance(?=\s*(?:of\s+|is\s+)?[:：]?\s*(?:[$£€¥₹]|[a-z]{1,2}\$|usd|gbp|eur|hkd|sgd|aud|cad|rs|inr))"),
    # the word bill itself ("12月账单人民币5,020.00元", "花呗账单1,234.50元"): only when money follows at once
    ("plain", r"账单(?!日|周期|期间|分期|已|明细|查询|详情|中)|帐单(?!日)"),
    # weak: a verb with the amount after it ("请于…前还款3000元", "please pay $500")
    ("weak", r"还款|缴纳|需支付|请支付|请还|须还|please\s+pay|payment\s+of|repayment\s+of|pay(?=\s+(?:[$£€¥]|usd|gbp|eur|rs))"),
)
_LABEL_RE = lazy_compile("|".join(f"(?P<{role}>{names})" for role, names in _LABELS))
# Lower is preferred. "Your payment of £25.00 is due" names what to pay, but a statement balance in the same notice
# is the bill's amount (the payment is then its minimum); alone, it is the amount.
_ROLE_RANK = {"rest": 0, "amount": 1, "plain": 1, "payment_due": 1.5, "weak": 2}

# --- money ---------------------------------------------------------------------------------------------------
_CURRENCY_WORDS = {
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "元": "CNY", "块": "CNY", "$": "USD", "us$": "USD",
    "usd": "USD", "美元": "USD", "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "港元": "HKD", "€": "EUR", "eur": "EUR",
    "欧元": "EUR", "£": "GBP", "gbp": "GBP", "英镑": "GBP", "s$": "SGD", "sgd": "SGD", "a$": "AUD", "aud": "AUD",
    "c$": "CAD", "cad": "CAD", "jpy": "JPY", "日元": "JPY", "₹": "INR", "inr": "INR", "rs.": "INR", "rs": "INR",
    "nt$": "TWD", "twd": "TWD", "新台币": "TWD", "新臺幣": "TWD", "新台幣": "TWD", "台币": "TWD", "港幣": "HKD", "myr": "MYR", "php": "PHP", "₱": "PHP", "nzd": "NZD", "chf": "CHF",
}
_CUR_ALT = "|".join(re.escape(w) for w in sorted(_CURRENCY_WORDS, key=len, reverse=True) if w not in ("元", "块"))
_MONEY = lazy_compile(
    rf"(?P<pre>(?:{_CUR_ALT})(?![a-z]))?\s?[:：]?\s?(?P<sign>[-−])?\s?"
    # Not followed by more of a number: a digit, decimals, or a thousands group (a comma before "12月" is a comma).
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+,\d{2}|\d+(?:\.\d{1,2})?)(?!\d|\.\d|,\d{3}(?!\d))"
    rf"\s?(?P<suf>元|块|(?:{_CUR_ALT})(?![a-z]))?"
)
# 人民币叁仟伍佰元整: formal numerals are always yuan; the currency word before them belongs to the figure.
_FORMAL_PREFIX = lazy_compile(r"(?:人民币|rmb|cny|¥)\s?[:：]?\s?$")
# A number followed by these is a date, a time, a count or a rate, not money.
_NOT_MONEY_AFTER = lazy_compile(r"\s?(?:年|月|日|号|天|期|个|笔|次|%|％|:\d|/\d|-\d|点|时|分(?!期)|st\b|nd\b|rd\b|th\b|days?\b|months?\b)")

# --- dates -----------------------------------------------------------------------------------------------------
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = lazy_compile(
    r"(?<!\d)(?P<y>20\d{2})\s?[年./-]\s?(?P<m>\d{1,2})\s?[月./-]\s?(?P<d>\d{1,2})(?!\d)\s?[日号]?"
    r"|(?<!\d)(?P<y8>20\d{2})(?P<m8>[01]\d)(?P<d8>[0-3]\d)(?!\d)"
    r"|(?<![\d.])(?P<mz>\d{1,2})\s?月\s?(?P<dz>\d{1,2})\s?[日号]"
    # 十二月十八日: month and day in Chinese numerals
    r"|(?P<mc>十[一二]?|[一二三四五六七八九])\s?月\s?(?P<dc>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s?[日号]"
    # 115/12/18, 民国115年12月18日: a Taiwan (Minguo) year, read only where the notice is in New Taiwan dollars
    r"|(?:民国\s?)?(?<![\d.])(?P<roc>1[01]\d)\s?[/.年-]\s?(?P<rm>\d{1,2})\s?[/.月-]\s?(?P<rd>\d{1,2})(?![\d/])\s?[日号]?"
    r"|(?<![\d.,$¥£€])(?P<a>\d{1,2})[/-](?P<b>\d{1,2})(?:[/-](?P<c>\d{4}|\d{2}))?(?![\d/])"
    r"|(?<=[日期:：\s])(?P<am>1[0-2]|0?[1-9])\.(?P<bm>[0-3]?\d)(?![\d.元块%,])"
    rf"|\b{_MON}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>20\d{{2}}))?"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of\s+|[\s-])?{_MON.replace('mon>', 'mon2>')}(?:,?[\s-](?P<y2>20\d{{2}}))?"
    r"|(?P<rel>今天|今日|当天|明天|明日|后天|today|tomorrow)|\bin\s+(?P<indays>\d{1,2})\s+days?\b"
    r"|(?P<days>\d{1,2})\s?天(?:后|内)|还有\s?(?P<left>\d{1,2})\s?天(?=\s?(?:就|即将)?到期)"
    r"|(?P<which>本月|当月|下月|下个月|每月)\s?(?P<dm>\d{1,2})\s?[日号]"
    r"|(?<![\d月.])(?P<dd>\d{1,2})\s?[日号](?=\s?(?:前|之前|到期|为|是|,|，|。|\s|$))"
)
_DUE_AFTER = lazy_compile(r"\s?(?:\(.{0,6}\)|（.{0,6}）)?(?:\s?\d{1,2}[:：]\d{2}|\s?\d{1,2}\s?[点时])?\s?(?:之前|前|以前)?\s?(?:完成|按时|及时|足额)?"
                        r"(?:到期|前还款|还款|前还|请还款|前请还|应还|需还|待还|(?:有|还有)?(?:一|1)笔(?:应还|待还|需还|到期)|从[^,，。;；\n]{0,16}?(?:自动)?(?:扣款|划扣)|(?:是|为)[^,，。;；\d\n]{0,8}?还款(?:日|到期日|截止日)|截止|前缴|前归还|前偿还|前还清|前结清|前清偿|前处理|前足额|前将|前存入|前确保|(?:自动)?(?:扣款|划扣|扣收)|自动还款(?!成功))"
                        r"|(?:\s?\d{1,2}[:：]\d{2}|\s?\d{1,2}\s?[点时])?\s?(?:之前|以前|前)(?:\s|,|，)?(?:请|将|需|务必|记得)?\s?(?:还|缴|存|按时|及时|足额|确保|完成)")
_PREVIOUS = lazy_compile(r"(?:上期|上月|上个月|previous|last)\s?$")
_AS_OF = lazy_compile(r"(?:截至|截止|截止到|截止至|as\s+of|as\s+at)\s?(?:目前|今日)?\s?$")
_DUE_EN_BEFORE = lazy_compile(r"(?:\bdue(?:\s+(?:on\s+or\s+)?(?:by|on|before))?|\bpay(?:ment)?\s+(?:by|before)|\bpaid\s+by|\bdue\b[^;\n]{0,40}?\b(?:by|on)|(?:\d|\bpay|\bdue)[^;\n]{0,30}?\bby)\s*[:：]?\s*$")
_OVERDUE = lazy_compile(r"(?:已|已经)?逾期(?:了)?\s?(?P<n>\d{1,4})\s?天|逾期天数\s?[:：为]?\s?(?P<n2>\d{1,4})|(?P<n3>\d{1,4})\s?days?\s+(?:past\s+due|overdue|late)"
                      r"|(?:overdue|past\s+due)\s+(?:by|for)\s+(?P<n4>\d{1,4})\s+days?")
# Says the bill is overdue now (not "逾期将产生违约金", a warning every bill carries).
_IS_OVERDUE = lazy_compile(r"(?:已|已经|当前已|目前已)逾期|逾期未还|严重逾期|(?:is|are|now|account\s+is)\s+(?:\d+\s+days\s+)?(?:past\s+due|overdue)|past\s+due\s+amount")
_OVERDUE_WORD = lazy_compile(r"逾期|催收|欠款未还|未按时还款|overdue|past\s+due|missed\s+(?:your\s+)?payment|delinquen")
_CARD_TAIL = lazy_compile(r"(?:(?:尾号|末四位|后四位|卡号末|卡末)[^\d\n。，,;；]{0,20}?|ending\s+(?:in\s+|with\s+)?|ends\s+in\s+|[*x×]{2,}\s?|card\s+\.{2,}"
                        r"|acct\s+\.{2,}|account\s+\.{2,}|last\s+(?:4|four)(?:\s+digits)?\s*[:：]?\s*)"
                        r"(?:为|是|[:：])?\s?(?P<tail>\d{4})(?!\d)")
_BILL_CONTEXT = lazy_compile(r"账单|还款|应还|待还|到期|逾期|欠款|statement|bill\b|payment|due\b|balance|overdue")
_STATEMENT_READY = lazy_compile(r"账单已(?:出|生成|寄送|发送)|(?:已|正式)出账|statement\s+is\s+(?:now\s+)?(?:ready|available)|new\s+statement|电子账单")
_AMOUNT_BEFORE = lazy_compile(r"\s?(?:的)?[\u4e00-\u9fff]{0,4}?(?:本期|当期|本月)?(?:(?:账单|欠款|借款|待还款|应还款|款项|还款(?!成功)|需还)(?!的?额度)"
                            r"|bill\b|(?:,\s)?(?:将|将于|将在|于).{0,14}?(?:到期|扣款|还款)"
                            r"|(?:for\s+[^.\n]{0,30}?\s)?(?:is|was)\s+(?:past\s+)?due|is\s+overdue|due\b|payment\s+(?:is\s+)?due)")
_SENTENCE_END = lazy_compile(r"[。;；!！?？]|\.\s")
_EN_LINK = lazy_compile(r"\b(?:is|of|was|are)\s*[:：]?\s*$")
_MAX_GAP = 16
# A bill is due within about two months of its notice; a date read by convention that lands further away is doubted.
_NEAR_DAYS = 62
_DMY_CURRENCIES = {"GBP", "EUR", "AUD", "INR", "SGD", "HKD", "NZD", "MYR", "PHP", "CHF"}


@dataclass(frozen=True, slots=True)
class _Money:
    value: Decimal
    currency: str | None  # None when the notice wrote no currency next to it
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Date:
    day: date | None  # None when impossible or ambiguous
    span: tuple[int, int]
    has_year: bool
    relative: bool = False  # 今天, 3天后: counted from now
    order_by_convention: bool = False  # 05/12: month or day first decided by the currency's country, not by the figures


@dataclass(frozen=True, slots=True)
class _Label:
    role: str
    span: tuple[int, int]


def parse_bill(text: str, *, now: datetime, lang: str | None = None) -> BillNotice | None:
    """Return what a bill or repayment-due notice says (the first, when the text holds several), or None when the
    text is not one."""
    reading = parse_notice(text, now=now, lang=lang)
    return reading if isinstance(reading, BillNotice) else None


def parse_notice(text: str, *, now: datetime, lang: str | None = None) -> BillNotice | OtherNotice | None:
    """Return the bill, or what other kind of notice this is (purchase, repayment…), or None for a user's own words.
    When the text holds several notices, this is the first one read; ``parse_notices`` gives them all."""
    return next((found for found in parse_notices(text, now=now, lang=lang) if found is not None), None)


def parse_notices(text: str, *, now: datetime, lang: str | None = None) -> tuple[BillNotice | OtherNotice | None, ...]:
    """Read every notice the text holds, each on its own (two SMS copied together are two readings, never one
    issuer's name with another's amount); a notice that cannot be read is None in its place. One reading when the
    text is one notice. A line of the user's own before the notices ("帮我看看这两条") is left out."""
    aware = ensure_aware(now)
    parts = list(notice_texts(text, now=aware))
    if len(parts) == 1:
        return (_read(parts[0], aware, lang),)
    own = [_read(part, aware, lang) for part in parts]
    if all(found is None for found in own):
        return (None,)  # the user's own words over several lines, or a notice read nowhere: one unread text
    # A piece of a message that holds notices is read as one even without a sender ("你的花呗12月账单…").
    readings = [found or _read(part, aware, lang, pasted=True) for part, found in zip(parts, own, strict=True)]
    if len(parts) > MAX_NOTICES:
        readings[MAX_NOTICES] = None  # the notices after the twentieth, together: never read as one
    if readings[0] is None and not _looks_like_notice(parts[0]):
        readings = readings[1:]  # the user's words before what they pasted ("帮我看看这两条")
    return tuple(readings)


def notice_texts(text: str, *, now: datetime) -> tuple[str, ...]:
    """Cut the text into the notices it holds (the text itself when it is one)."""
    raw = text[:LIMIT]
    return tuple(raw[start:end] for start, end in _split(raw, _prepare(raw), ensure_aware(now)))


def read_one(text: str, *, now: datetime, lang: str | None = None) -> BillNotice | OtherNotice | None:
    """Read the whole text as one notice, however many it holds (the design the benchmark sets beside
    ``parse_notices``; the bot never does this)."""
    return _read(text, ensure_aware(now), lang)


def _looks_like_notice(raw: str) -> bool:
    prepared = _prepare(raw)
    return _is_notice(prepared) or has_notice_boilerplate(raw)


def has_notice_boilerplate(text: str) -> bool:
    """Tell whether the text carries a notice's boilerplate ("如已还款请忽略", "回复TD退订", "if paid, please ignore")."""
    return _BOILERPLATE.search(normalize(text, limit=LIMIT)) is not None


_SEGMENT_END = lazy_compile(r"\n|[。！？；!?;]|\.\s")
_BRACKET_START = lazy_compile(r"【[^】\n]{2,16}】")


def _named_by_another(raw: str, named: tuple[int, int], amount: _Money, minimum: _Money | None, claimed: set[int],
                      money: list[_Money], labels: list[_Label]) -> bool:
    """Tell whether the lender is named in another line or sentence than the amount, one holding a bill figure of its
    own ("您本期账单应还2,260元…。您的花呗账单1,234.50元…"): that sentence is another notice's."""
    # Sentences and lines, and a sender's bracket run into the text ("…12月14日 【信用卡中心】 你的花呗账单…") starts one.
    ends = sorted({m.end() for m in _SEGMENT_END.finditer(raw)} | {m.start() for m in _BRACKET_START.finditer(raw, 1)})

    def line_of(at: int) -> tuple[int, int]:
        start = max((e for e in ends if e <= at), default=0)
        return start, min((e for e in ends if e > at), default=len(raw))

    line = line_of(named[0])
    if line == line_of(amount.span[0]):
        return False
    mine = {amount.span[0], minimum.span[0] if minimum else -1}
    for m in money:
        start = m.span[0]
        if not line[0] <= start < line[1] or start in mine or start not in claimed or named[0] <= start < named[1]:
            continue  # not on that line, this notice's own, not a bill figure, or part of the name ("360借条")
        if any(line[0] <= lab.span[0] < start and lab.role in ("amount", "rest", "min", "plain") for lab in labels):
            return True
    return False


def _prepare(raw: str) -> str:
    return _blank(normalize(raw, limit=LIMIT).translate(_BILL_TRADITIONAL))


def _read(text: str, now: datetime, lang: str | None, *, pasted: bool = False) -> BillNotice | OtherNotice | None:
    """Read one notice (the text is already cut to one). ``pasted``: it was cut from a message of several notices,
    so it is a notice even when it does not look like one on its own ("你的花呗12月账单…" has no sender)."""
    raw = text[:LIMIT]
    prepared = _prepare(raw)
    lang = detect_language(raw, lang)
    labels = [_Label(m.lastgroup or "", m.span()) for m in _LABEL_RE.finditer(prepared)]
    issuer = find_issuer(prepared, raw)
    own_words = not (pasted or _is_notice(prepared))
    if own_words and not _CODE.search(prepared) and (issuer is None or not _has_bill_figure(labels)):
        # Most messages are the user's own words, and of those only a code, or a bill's labelled figure with its
        # lender, is read as a notice (the two refusals below): the rest is known not to be one before reading on.
        return None
    tail = _CARD_TAIL.search(prepared)
    card_last4 = tail.group("tail") if tail else None
    money = _all_money(prepared, labels)
    amount, minimum, claimed, firm = _amounts(prepared, labels, money)
    kind = _other_kind(prepared, labels, firm or minimum is not None)
    if kind is not None:
        if own_words and kind != "code":
            return None  # the user's own words ("我消费了200") are not a forwarded notice
        # The notice's figure is one written as money (¥58.00, 3,456.78元), never a bare number that may be a time.
        figure = next((m for m in money if m.currency is not None or "." in prepared[m.span[0]:m.span[1]]), None)
        return OtherNotice(kind=kind, creditor=issuer[0] if issuer else None, creditor_kind=issuer[1] if issuer else None,
                           amount=figure.value if figure else None,
                           currency=(figure.currency or _default_currency(prepared, lang)) if figure else None,
                           card_last4=card_last4)
    dates = _all_dates(prepared, now, lang, money)
    overdue = _OVERDUE.search(prepared)
    due, statement = _dates(prepared, labels, dates, claimed)
    if due is not None and due.relative and overdue is not None:
        due = None  # "已逾期3天…今日还款": today is when to act, not the date that was due
    overdue_days = None
    if overdue is not None:
        overdue_days = int(next(g for g in overdue.group("n", "n2", "n3", "n4") if g is not None))
    is_bill = (amount is not None or (due is not None and _BILL_CONTEXT.search(prepared) is not None)
               or ((overdue is not None or _OVERDUE_WORD.search(prepared) is not None)
                   and (issuer is not None or minimum is not None))
               or (_STATEMENT_READY.search(prepared) is not None and issuer is not None))
    if not is_bill:
        return None
    if own_words and not (firm and _has_bill_figure(labels) and issuer is not None and _ASKED.search(prepared) is None):
        # The user's own words ("I owe Chase 2000 due Dec 20") are a debt to register, not a pasted notice; only a
        # bill's own wording ("信用卡本期应还5000，12月8日到期") is read as one.
        return None
    if issuer is not None and amount is not None and _named_by_another(raw, issuer[2], amount, minimum, claimed, money,
                                                                       labels):
        # One notice's lender and another's figures, in a text that could not be cut: none of them is read.
        return OtherNotice(kind="tangled", creditor=None, creditor_kind=None, amount=None, currency=None, card_last4=None)
    currency = (amount.currency if amount else None) or _default_currency(prepared, lang)
    others = tuple(sorted({m.currency for m in money if m.currency and m.currency != currency and m.value > 0
                           and _is_labelled(m, labels, prepared)}))
    due_day = _resolve_due(due, statement, now) if due is not None else None
    if due is not None and due.order_by_convention and due_day is not None and abs((due_day - now.date()).days) > _NEAR_DAYS:
        due_day = None  # "$50 due 05/12" read as May 12, months away: the other order is as likely, so it is asked
    statement_day = _resolve_past(statement, now) if statement is not None else None
    spans: list[tuple[str, tuple[int, int]]] = []
    for name, found in (("amount", amount), ("minimum", minimum), ("due", due), ("statement_date", statement)):
        if found is not None:
            spans.append((name, found.span))
    if issuer is not None:
        spans.append(("creditor", issuer[2]))
    if tail is not None:
        spans.append(("card_last4", tail.span("tail")))
    if overdue is not None:
        spans.append(("overdue_days", overdue.span()))
    return BillNotice(
        creditor=issuer[0] if issuer else None, creditor_kind=issuer[1] if issuer else kind_only(prepared),
        amount=amount.value if amount else None,
        minimum=minimum.value if minimum and (amount is None or minimum.value <= amount.value) else None,
        due=due_day, statement_date=statement_day, card_last4=card_last4, currency=currency,
        overdue_days=overdue_days, overdue=overdue is not None or _IS_OVERDUE.search(prepared) is not None,
        other_currencies=others, spans=tuple(spans))


# Traditional characters of bill words and bank names that the shared normaliser leaves alone (Hong Kong and Taiwan
# notices), so labels match and a bank the tables do not know is still shown in one script (東亞銀行 → 东亚银行).
_BILL_TRADITIONAL = str.maketrans("應繳託滙豐結償訊總盡請於亞灣臺門聯財鄉長達眾寧蘇遠將創費證險幣戶閣", "应缴托汇丰结偿讯总尽请于亚湾台门联财乡长达众宁苏远将创费证险币户阁")


# A notice pasted beside another starts with its sender (a bracket, "Chase:", a bank's or a product's name and a
# colon: "恒生：", "花呗：") or, where the notices sign at their end, follows the other's closing bracket.
_SIGNATURE = lazy_compile(rf"【[^】]{{2,16}}】|\[[^\]]{{2,16}}\]|(?<![\w])(?:{alternation(BANKS_EN)}|klarna|affirm|afterpay|paypal)"
                        rf"[\w &'.]{{0,24}}[:：]\s|(?P<zh>[\u4e00-\u9fff]{{2,8}})[:：]")
_END_SIGNATURE = lazy_compile(r"【[^】]{2,16}】")
_PARAGRAPH = lazy_compile(r"\n[ \t\u3000]*\n\s*")
_LINE = lazy_compile(r"\n\s*")
_SENTENCE_CUT = lazy_compile(r"[。！？；!?;]\s*|\.\s+")
# "还款银行：招商银行" is a field of one notice, not a second sender.
_FIELD_WORDS = ("还款", "收款", "开户", "发卡", "所属", "扣款", "绑定", "您的", "你的", "贵")
_MIN_NOTICE = 8  # "…请按时还款。【浙商银行】" ends a notice; a signature with a notice after it starts one
MAX_NOTICES = 20  # more than a message of pasted SMS holds; what follows is one piece, left unread


def _split(raw: str, prepared: str, now: datetime) -> list[tuple[int, int]]:
    """The spans of the notices in the text: cut at senders' signatures, then, for notices that sign nowhere, at
    paragraphs or lines when each piece reads as a notice of its own."""
    cuts = _signature_cuts(raw, prepared)
    spans = [(start, end) for start, end in zip([0, *cuts], [*cuts, len(raw)], strict=True) if raw[start:end].strip()]
    result: list[tuple[int, int]] = []
    for start, end in spans:
        result.extend(_unsigned_cuts(raw, prepared, start, end, now))
    if len(result) > MAX_NOTICES:
        # The rest is kept as one piece that is never read (parse_notices gives None for it): read as one notice,
        # it would mix several.
        result = [*result[:MAX_NOTICES], (result[MAX_NOTICES][0], result[-1][1])]
    return result or [(0, len(raw))]


def _signature_cuts(raw: str, prepared: str) -> list[int]:
    """Where a notice signed by its sender begins. Notices sign at their start (【民生银行】…) unless the text ends with
    a sender's bracket (…请按时还款。【浙商银行】), and then each notice ends with its own."""
    stripped = prepared.rstrip()
    cuts: list[int] = []
    if stripped.endswith("】") and _END_SIGNATURE.search(stripped, max(0, len(stripped) - 18)) is not None:
        for found in _END_SIGNATURE.finditer(prepared):
            rest = prepared[found.end():]
            before = prepared[:found.start()].rstrip()
            # It closes a notice when a line ends with it or a sentence before it: "您的【京东白条】本期应还" names one.
            closes = raw[found.end():].lstrip(" \t\u3000").startswith("\n") or before.endswith((".", "!", "?", "！", "？"))
            if len(rest.strip()) >= _MIN_NOTICE and before and closes:
                cuts.append(found.end() + len(rest) - len(rest.lstrip()))
        return cuts
    for found in _SIGNATURE.finditer(prepared):
        if not prepared[:found.start()].strip():
            continue  # the first notice's own sender
        before = raw[:found.start()].rstrip(" \t\u3000")
        # A notice ends with a line break, a full stop, or its boilerplate ("…回复TD退订【招商银行】…", blanked).
        blanked = len(before) > 0 and prepared[len(before) - 1] == " " and not before[-1].isspace()
        at_boundary = before.endswith("\n") or blanked or prepared[:len(before)].endswith((".", "!", "?", "！", "？"))
        if _continued(prepared, found):
            continue  # the second part of one long SMS ("…(1/2)" then "【招商银行】(2/2)…"), not a second notice
        if at_boundary and _is_signature(found) and len(prepared[found.end():].strip()) >= _MIN_NOTICE:
            cuts.append(found.start())
    return cuts


# A long SMS arrives in parts, each signed: "…最低还款345.68元，(1/2)" and "【招商银行】(2/2)到期还款日…" are one notice.
_PART_MARK = r"[(\[（【]\s?(?P<k>\d)\s?/\s?(?P<n>\d)\s?[)\]）】]"
_PART_BEFORE = lazy_compile(_PART_MARK + r"\s*$")
_PART_AFTER = lazy_compile(r"\s*" + _PART_MARK)


def _continued(prepared: str, found: re.Match[str]) -> bool:
    before = _PART_BEFORE.search(prepared, max(0, found.start() - 12), found.start())
    if before is not None and int(before.group("k")) < int(before.group("n")):
        return True
    after = _PART_AFTER.match(prepared, found.end())
    return after is not None and 1 < int(after.group("k")) <= int(after.group("n"))


def _is_signature(found: re.Match[str]) -> bool:
    """A Chinese name before a colon signs a notice only when it is a bank's or a product's ("恒生：", "花呗：",
    "永豐銀行："), not a field's ("温馨提示：", "还款银行：")."""
    name = found.group("zh")
    if name is None:
        return True
    if name in BANKS or name + "银行" in BANKS or name in PRODUCTS:
        return True
    return name.endswith("银行") and len(name) >= 4 and not name.startswith(_FIELD_WORDS)


def _unsigned_cuts(raw: str, prepared: str, start: int, end: int, now: datetime) -> list[tuple[int, int]]:
    """Notices not cut by a signature at a boundary: cut at blank lines, else at line breaks, else before a bracket
    run into the text ("…到期还款日12月08日【建设银行】您尾号…"), else at sentence ends ("你的花呗12月账单…到期。您的白条
    本期应还…"), only when every piece is a notice of its own naming its
    issuer and its figure, and not all the same issuer — a statement's lines (balance, minimum, due date) are one
    notice, and "您的【京东白条】本期应还…" one sentence."""
    # The line breaks are in the text as received: normalising makes every space one.
    candidates = ([m.end() for m in _PARAGRAPH.finditer(raw, start, end)], [m.end() for m in _LINE.finditer(raw, start, end)],
                  [m.start() for m in _SIGNATURE.finditer(prepared, start, end) if _is_signature(m)],
                  [m.end() for m in _SENTENCE_CUT.finditer(raw, start, end)])
    for found in candidates:
        cuts = [cut for cut in found if prepared[start:cut].strip() and prepared[cut:end].strip()]
        if not cuts:
            continue
        pieces = list(zip([start, *cuts], [*cuts, end], strict=True))
        if len(pieces) <= MAX_NOTICES and _each_its_own(raw, pieces, now):
            return pieces
    return [(start, end)]


def _each_its_own(raw: str, pieces: list[tuple[int, int]], now: datetime) -> bool:
    """Every piece is a notice naming its own lender (a bill also its amount), and they are not all one lender's:
    "Citi: Payment received. Thank you for your payment of $2,200.00." is one notice in two sentences. One piece may
    name no lender when it is a card centre's notice on its own ("尊敬的持卡人，您的信用卡本期应还2,260元…"); a
    sentence such as "Statement balance $1,432.90." after "Capital One: Your payment of $25.00 is due" is not, so
    that notice stays whole."""
    # Who each piece names, first: cheap, and most statements' lines or sentences stop here.
    named: list[tuple[str, str | None] | None] = []
    for start, end in pieces:
        prepared = _prepare(raw[start:end])
        issuer, tail = find_issuer(prepared, raw[start:end]), _CARD_TAIL.search(prepared)
        named.append(None if issuer is None else (issuer[0], tail.group("tail") if tail else None))
    if named.count(None) > 1 or len(set(named)) < 2:
        return False
    own = [_read(raw[start:end], now, None) for start, end in pieces]
    if all(found is None for found in own):
        return False  # no piece is a notice: the user's own words over several lines
    names: set[tuple[str | None, str | None]] = set()
    for (start, end), alone in zip(pieces, own, strict=True):
        found = alone or _read(raw[start:end], now, None, pasted=True)
        if found is None or isinstance(found, BillNotice) and found.amount is None:
            return False
        if found.creditor is None and not (isinstance(alone, BillNotice) and kind_only(_prepare(raw[start:end]))):
            return False  # a piece without a lender must be a card centre's bill by itself
        names.add((found.creditor, found.card_last4))
    return len(names) > 1


def _blank(prepared: str) -> str:
    """Replace boilerplate with spaces: it says nothing about this bill, and "如已还款" must not read as paid."""
    return _BOILERPLATE.sub(lambda m: " " * len(m.group(0)), prepared)


def _has_bill_figure(labels: list[_Label]) -> bool:
    """Whether a bill's own label for its figure is there ("本期应还", "剩余应还", "statement balance")."""
    return any(lab.role in ("amount", "rest") for lab in labels)


def _is_notice(prepared: str) -> bool:
    """Tell whether the text is written as a notice (a sender, 您, a card tail…), not in the user's own words.

    A question without a sender or a card tail is the user's ("您好，信用卡逾期了怎么办？"), however politely put."""
    if _STRONG_SIGNS.search(prepared) is not None or _EN_SENDER.match(prepared) is not None:
        return True
    return _NOTICE_SIGNS.search(prepared) is not None and _ASKED.search(prepared) is None


def _other_kind(prepared: str, labels: list[_Label], has_amount: bool) -> NoticeKind | None:
    """Tell which kind of non-bill notice this is, or None when it may be a bill (``has_amount``: a bill label
    holds a figure)."""
    if _CODE.search(prepared):
        return "code"
    strong = has_amount
    remaining = any(lab.role == "rest" for lab in labels) and not _NOTHING_LEFT.search(prepared)
    if _REPAID.search(prepared) or _PART_PAID.search(prepared) and not (remaining or strong) or _NOTHING_LEFT.search(prepared):
        return "repayment"
    if _INSTALMENT_DONE.search(prepared):
        return "instalment"
    if _SCHEDULED.search(prepared):
        return "scheduled"
    if _DISBURSED.search(prepared):
        return "income"
    dated = any(lab.role == "due_date" for lab in labels)
    for kind, pattern in _KINDS:
        if pattern.search(prepared) and not strong and not (dated and kind in ("offer", "marketing")):
            return kind
    return None


def _all_money(prepared: str, labels: list[_Label]) -> list[_Money]:
    found = []
    dollar = home_dollar(prepared)
    tails = [m.span("tail") for m in _CARD_TAIL.finditer(prepared)]
    for match in _MONEY.finditer(prepared):
        start, end = match.start("num"), match.end("num")
        if any(t_start <= start < t_end for t_start, t_end in tails):
            continue  # 尾号1234, ending 1234: a card, not money
        pre, suf = match.group("pre"), match.group("suf")
        if not suf and _NOT_MONEY_AFTER.match(prepared, end):
            continue
        if start >= 2 and prepared[start - 1] in "/-" and prepared[start - 2].isdigit():
            continue
        number = match.group("num")
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{2}", number):
            number = number.replace(".", "").replace(",", ".")  # 1.234,56 (European)
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            continue
        if match.group("sign") or value > ABSURD_ABOVE:
            continue
        currency = _CURRENCY_WORDS.get((pre or "").strip()) or _CURRENCY_WORDS.get((suf or "").strip())
        if currency == "USD" and (pre or suf or "").strip() == "$":
            currency = dollar or currency  # CommBank's "$": Australian dollars
        span = (match.start("pre") if pre else start, match.end("suf") if suf else end)
        found.append(_Money(value, currency, span))
    for match in FORMAL_MONEY.finditer(prepared):
        formal = parse_formal_amount(match.group(0))
        if formal is None or formal > ABSURD_ABOVE:
            continue  # not written by the formal rules: not read, so the amount is asked
        prefix = _FORMAL_PREFIX.search(prepared, max(0, match.start() - 6), match.start())
        found.append(_Money(formal, "CNY", (prefix.start() if prefix else match.start(), match.end())))
    return sorted(found, key=lambda m: m.span[0])


def _all_dates(prepared: str, now: datetime, lang: str, money: list[_Money]) -> list[_Date]:
    today = now.date()
    hint = next((m.currency for m in money if m.currency), None)
    found: list[_Date] = []
    for match in _DATE.finditer(prepared):
        if len(found) >= MAX_DATES:
            break  # no notice has more; a wall of dates is not read to its end
        groups = match.groupdict()
        try:
            has_year = bool(groups["y"] or groups["y8"] or groups["c"] or groups["y1"] or groups["y2"])
            relative = bool(groups["rel"] or groups["days"] or groups["left"] or groups["indays"])
            found.append(_Date(_date_of(groups, today, lang, hint), match.span(), has_year, relative,
                               _order_by_convention(groups, lang, hint)))
        except ValueError:
            found.append(_Date(None, match.span(), False))
    return found


def _order_by_convention(g: dict[str, str | None], lang: str, hint: str | None) -> bool:
    """Tell whether a numeric date's order (05/12) was taken from the currency's country rather than the figures.
    The mainland writes month first without exception; "$" is also the Australian, Canadian and Singapore dollar."""
    if not g["a"] or not g["b"]:
        return False
    first, second = int(g["a"]), int(g["b"])
    return first <= 12 and second <= 12 and first != second and (lang != "zh" or hint == "HKD")


def _date_of(g: dict[str, str | None], today: date, lang: str, hint: str | None) -> date | None:
    """Read one date match; a date without a year gets year 1 (resolved later against now and the statement)."""
    if g["y"]:
        return date(int(g["y"]), int(g["m"] or 0), int(g["d"] or 0))
    if g["y8"]:
        return date(int(g["y8"]), int(g["m8"] or 0), int(g["d8"] or 0))
    if g["mz"]:
        return date(1, int(g["mz"]), int(g["dz"] or 0))
    if g["mc"]:
        month, day = parse_small_int(g["mc"]), parse_small_int(g["dc"] or "")
        return None if month is None or day is None else date(1, month, day)
    if g["roc"]:
        # 115 is 2026 only in Taiwan's calendar; elsewhere the figure is not a year anyone writes, so it is asked.
        return date(int(g["roc"]) + 1911, int(g["rm"] or 0), int(g["rd"] or 0)) if hint == "TWD" else None
    if g["am"]:
        return date(1, int(g["am"]), int(g["bm"] or 0))
    if g["a"]:
        return _slash_date(int(g["a"]), int(g["b"] or 0), g["c"], lang, hint)
    if g["mon"]:
        return date(int(g["y1"] or 1), _MONTHS[g["mon"][:3]], int(g["d1"] or 0))
    if g["mon2"]:
        return date(int(g["y2"] or 1), _MONTHS[g["mon2"][:3]], int(g["d2"] or 0))
    if g["rel"]:
        offset = {"今天": 0, "今日": 0, "当天": 0, "today": 0, "明天": 1, "明日": 1, "tomorrow": 1, "后天": 2}[g["rel"]]
        return today + timedelta(days=offset)
    if g["days"] or g["left"] or g["indays"]:
        return today + timedelta(days=int(g["days"] or g["left"] or g["indays"] or 0))
    if g["which"]:
        day = int(g["dm"] or 0)
        if g["which"] in ("下月", "下个月"):
            return _month_day(today.year + today.month // 12, today.month % 12 + 1, day)
        if g["which"] == "每月":
            return _next_month_day(today, day)
        return _month_day(today.year, today.month, day)
    if g["dd"]:
        return _next_month_day(today, int(g["dd"]))
    return None


def _month_day(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def _next_month_day(today: date, day: int) -> date:
    """A bare day of the month ("15日前"): this month's if not yet past, else next month's."""
    if day >= today.day:
        return date(today.year, today.month, day)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, day)


def _slash_date(a: int, b: int, c: str | None, lang: str, hint: str | None) -> date | None:
    """12/15, 15/12/2026, 2026-12-15 handled elsewhere: month first in Chinese and for dollars, day first for
    pounds, euros and the like; None when both readings are possible and nothing says which."""
    year = 1 if c is None else (int(c) + 2000 if len(c) == 2 else int(c))
    if a > 12 >= b:
        return date(year, b, a)  # 18/12/2026: the day can only come first
    if lang == "zh":
        # Hong Kong writes the day first (15/12/2026, with HK$); the mainland and Taiwan write the month first.
        return date(year, b, a) if hint == "HKD" and a != b else date(year, a, b)
    if b > 12:
        return date(year, a, b)
    if a == b:
        return date(year, a, b)
    if hint in _DMY_CURRENCIES:
        return date(year, b, a)
    if hint in ("USD", "CAD", None):
        return date(year, a, b) if hint else None
    return None


def _amounts(prepared: str, labels: list[_Label], money: list[_Money]) -> tuple[_Money | None, _Money | None, set[int], bool]:
    """Tie money to the label right before it; return (amount due, minimum, claimed money starts, whether the amount
    has a bill label rather than a mere verb such as 还款)."""
    by_start = {m.span[0]: m for m in money}
    starts = sorted(by_start)
    candidates: list[tuple[float, int, _Money]] = []
    minimum: _Money | None = None
    claimed: set[int] = set()
    for n, label in enumerate(labels):
        if label.role not in ("amount", "rest", "min", "weak", "plain"):
            continue
        if _PREVIOUS.search(prepared, max(0, label.span[0] - 3), label.span[0]):
            continue  # 上期账单金额: last period's figure, not this one's
        next_label = labels[n + 1].span[0] if n + 1 < len(labels) else len(prepared)
        found = _value_after(prepared, label.span[1], next_label, starts, by_start, tight=label.role == "plain")
        if found is None:
            continue
        claimed.add(found.span[0])
        if label.role == "min":
            minimum = minimum or found
        else:
            candidates.append((_ROLE_RANK[label.role], found.span[0], found))
    # "您有一笔3,000.00元的账单将于…到期", "your payment of £45.00 is due": the amount comes before the words
    # that make it due (and a figure after a mere verb, "payment of", is then as good as labelled).
    weak = {start for rank, start, _ in candidates if rank == _ROLE_RANK["weak"]}
    for m in money:
        written_as_money = m.currency is not None or "." in prepared[m.span[0]:m.span[1]]
        if (m.span[0] not in claimed or m.span[0] in weak) and written_as_money and _AMOUNT_BEFORE.match(prepared, m.span[1]):
            candidates.append((_ROLE_RANK["payment_due"] if m.span[0] in weak else 1, m.span[0], m))
            claimed.add(m.span[0])
    if not candidates:
        return None, minimum, claimed, False
    best_rank = min(rank for rank, _, _ in candidates)
    best = [m for rank, _, m in candidates if rank == best_rank and m.value > 0]
    if not best:
        return None, minimum, claimed, False
    # A statement in two currencies: the amount in yuan is the one to track; the other is mentioned.
    cny = [m for m in best if (m.currency or "CNY") == "CNY"] if any(m.currency not in (None, "CNY") for m in best) else best
    chosen = min(cny or best, key=lambda m: m.span[0])
    return chosen, minimum, claimed, best_rank < _ROLE_RANK["weak"]


def _value_after(prepared: str, end: int, limit: int, starts: list[int], by_start: dict[int, _Money], *,
                 tight: bool = False) -> _Money | None:
    """The money right after a label: a few filler words between ("为人民币", ": "), no other figure, no sentence
    end. English may put a phrase between ("Total amount due on your card XX1234 is Rs.25,000.00")."""
    for start in starts:
        if start < end:
            continue
        if start > min(limit, end + _MAX_GAP * 3):
            return None
        gap = _CARD_TAIL.sub("", prepared[end:start])
        if any(ch.isdigit() for ch in gap) or _SENTENCE_END.search(gap):
            return None
        if tight and (len(gap.strip()) > 3 or by_start[start].currency is None and "." not in prepared[start:by_start[start].span[1]]):
            return None
        if len(gap.strip()) > _MAX_GAP and not _EN_LINK.search(gap):
            return None
        return by_start[start]
    return None


def _dates(prepared: str, labels: list[_Label], dates: list[_Date], claimed: set[int]) -> tuple[_Date | None, _Date | None]:
    """Tie dates to labels: (due date, statement date). A date after 账单日 is never the due date."""
    due: _Date | None = None
    statement: _Date | None = None
    used: set[int] = set()
    for n, label in enumerate(labels):
        if label.role not in ("due_date", "stmt"):
            continue
        next_label = labels[n + 1].span[0] if n + 1 < len(labels) else len(prepared)
        found = _date_after(prepared, label.span[1], next_label, dates)
        if found is None:
            continue
        used.add(found.span[0])
        if label.role == "due_date" and due is None:
            due = found
        elif label.role == "stmt" and statement is None:
            statement = found
    if due is None:
        for found in dates:
            if found.span[0] in used:
                continue
            if _AS_OF.search(prepared, max(0, found.span[0] - 6), found.span[0]):
                continue  # 截至11月27日应还…: the day the figure was counted, not the due date
            if _DUE_AFTER.match(prepared, found.span[1]) or _DUE_EN_BEFORE.search(prepared[max(0, found.span[0] - 60):found.span[0]]):
                due = found
                break
    return due, statement


def _date_after(prepared: str, end: int, limit: int, dates: list[_Date]) -> _Date | None:
    for found in dates:
        start = found.span[0]
        if start < end:
            continue
        if start > min(limit, end + _MAX_GAP):
            return None
        gap = prepared[end:start]
        if any(ch.isdigit() for ch in gap) or _SENTENCE_END.search(gap):
            return None
        return found
    return None


def _resolve_due(due: _Date, statement: _Date | None, now: datetime) -> date | None:
    """Give a year to a due date written without one: after the statement date when there is one (12月账单 →
    1月还), else the occurrence nearest to today, preferring the coming one (an overdue notice may be past)."""
    if due.day is None:
        return None
    if due.has_year or due.day.year != 1:
        return due.day
    today = now.date()
    if statement is not None and statement.day is not None and statement.day.year != 1:
        for year in (statement.day.year, statement.day.year + 1):
            candidate = _with_year(due.day, year)
            if candidate is not None and candidate >= statement.day:
                return candidate
    options = [d for d in (_with_year(due.day, today.year + k) for k in (-1, 0, 1)) if d is not None]
    return min(options, key=lambda d: (d - today).days if d >= today else 4 * (today - d).days, default=None)


def _resolve_past(found: _Date, now: datetime) -> date | None:
    """A statement date is in the past (or today): give it the latest such year."""
    if found.day is None:
        return None
    if found.day.year != 1:
        return found.day
    today = now.date()
    for year in (today.year, today.year - 1):
        candidate = _with_year(found.day, year)
        if candidate is not None and candidate <= today + timedelta(days=3):
            return candidate
    return None


def _with_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None  # 2月29日 in a year without one


def _is_labelled(money: _Money, labels: list[_Label], prepared: str) -> bool:
    """Tell whether a figure is one of the bill's (after a label within a line), not a purchase in passing."""
    line_start = prepared.rfind("\n", 0, money.span[0]) + 1
    return any(line_start <= lab.span[0] < money.span[0] and lab.role in ("amount", "rest", "min")
               for lab in labels) or prepared.rfind("应还", max(0, money.span[0] - 30), money.span[0]) >= 0


def _default_currency(prepared: str, lang: str) -> str:
    for word, code in (("人民币", "CNY"), ("rmb", "CNY"), ("¥", "CNY"), ("元", "CNY"), ("£", "GBP"), ("€", "EUR"),
                       ("hk$", "HKD"), ("s$", "SGD"), ("a$", "AUD"), ("c$", "CAD"), ("₹", "INR"), ("rs.", "INR"),
                       ("nt$", "TWD"), ("us$", "USD"), ("$", "USD")):
        if word in prepared:
            return home_dollar(prepared) or code if word == "$" else code
    return "CNY" if lang == "zh" else home_dollar(prepared) or "USD"
