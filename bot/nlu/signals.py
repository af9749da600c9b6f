"""Words that decide what a message *is* before any amount or date is read from it.

A bank SMS ends "如已还款请忽略"; a worried user writes "明天就该还了"; a friend "欠我2000" owes the user. None of
these is a payment or a new debt, whatever amounts and dates they hold. Each check is a regex over the
normalised, typo-fixed text (same offsets as the user's own text).
"""

from __future__ import annotations

from bot.nlu.lazy_re import lazy_compile

# "删除花呗", "把借呗删了", "delete the Chase debt"; "花呗不用提醒了", "stop reminding me about Citi".
DELETE = lazy_compile(r"^\s*(?:请|帮我)?(?:[删刪]除|[删刪]掉|[删刪]了|去掉|移除)(?P<a>.{1,20}?)(?:这笔|那笔|的)?(?:欠款|债务|记录)?[.!。！]?\s*$"
                    r"|^\s*(?:把|将)?(?P<b>.{1,20}?)(?:那笔|这笔)?(?:[删刪]除|[删刪]掉|[删刪]了|去掉)(?:吧|了)?[.!。！]?\s*$"
                    r"|^\s*(?:please\s+)?(?:delete|remove)\s+(?:the\s+|my\s+)?(?P<c>.{1,30}?)(?:\s+debt|\s+loan)?[.!]?\s*$")
MUTE = lazy_compile(r"^\s*(?P<a>.{1,20}?)(?:的)?(?:不用|不要|别|无需|不需要)(?:再)?提醒(?:我)?(?:了)?[.!。！]?\s*$"
                  r"|^\s*(?:不用|不要|别|无需|不需要)(?:再)?提醒(?:我)?(?P<c>.{1,20}?)(?:的)?(?:了|啦)?[.!。！]?\s*$"
                  r"|^\s*(?:stop|don'?t|no\s+more)\s+remind(?:ing|ers?)?(?:\s+me)?\s+(?:about|for|of)\s+(?:the\s+|my\s+)?(?P<b>.{1,30}?)[.!]?\s*$")
# Hearsay and offers about money, not a debt of the user's: "有公司说花3000能帮我洗白征信".
HEARSAY = lazy_compile(
    r"有(?:公司|人|中介|机构|平台)(?:说|讲|打电话)|(?:有个|一个|自称|冒充)?客服(?:说|讲|让我|要我|打电话)|听说|据说|洗白|修复征信|征信修复|代还|包下款|内部渠道"
    r"|\b(?:someone|a\s+company|an?\s+agency|they|(?:a\s+)?(?:guy|man|woman|lady|caller|person|agent)(?:\s+on\s+the\s+phone)?)"
    r"\s+(?:said|says|told\s+me|offered|claims?)\b|\bclean\s+(?:up\s+)?my\s+credit\b|\bcredit\s+repair\b"
)
# Money asked for a service or said by others ("网上说交888能解除逾期", "律所说要先交3000", "they want a $500 fee"):
# not a debt of the user's, even beside a worry.
FEE_ASKED = lazy_compile(
    r"(?:交|付|转|打)\s{0,2}(?:[0-9一二两三四五六七八九十百千万]|¥)|先交|要交|手续费|服务费|保证金|会员费|解冻费"
    r"|(?:网上|有人|他们|对方|律所|律师)(?:说|讲)|\bfees?\b|\bupfront\b|\bdeposit\b"
)
# Boilerplate of bank and platform notices: "如已还款请忽略", "若您已还款，请忽略此短信", "if paid, please ignore".
BOILERPLATE = lazy_compile(
    r"(?:如|若|如果|假如|倘若)(?:您|你)?(?:已经?|已)?(?:还款|还清|还|付款|缴款|缴|入账|全额还款)"
    r"|请忽略|忽略(?:本|此)(?:短信|信息|消息|通知|提醒)|敬请留意|温馨提示|退订回|回t退订|拒收请回"
    r"|\bif\s+(?:you\s+have\s+|you've\s+)?(?:already\s+)?(?:paid|made\s+(?:a|your|the)\s+payment)"
    r"|\b(?:please\s+)?(?:ignore|disregard)\s+(?:this|if)|\breply\s+stop\b|\bthank\s+you\s+for\s+banking"
)
# Notice wording: amounts due, minimums and due dates stated by the lender, not a report of money paid.
NOTICE = lazy_compile(
    r"本期(?:账单|应还)|应还(?:款)?(?:金额|总额)?|最低还款|到期还款日|最后还款日|账单金额|还款提醒|待还|【"
    r"|\bamount\s+due\b|\bminimum\s+(?:payment|due)\b|\bstatement\s+balance\b|\bpayment\s+(?:is\s+)?due\b|\bdue\s+date\b"
)
# A plan, an obligation or a worry about paying, not a payment done: "明天就该还了", "下周还", "will pay tomorrow".
PLAN_ZH = lazy_compile(
    r"(?:该|應|应|要|得|需|需要|必须|準備|准备|打算|计划|想|会|快|就要|快要|马上|待会|一会儿?|回头|等)\s{0,2}(?:去|再|就|提前|先)?\s{0,2}(?:还|付|交|转)"
    # "我想把白条一次性还清", "打算把借呗提前还了": what is to be paid, named between 把 and the verb.
    r"|(?:想|要|打算|准备|準備|计划|計劃|希望|争取|爭取)[^，,。.;；!！把将將]{0,6}?(?:把|将|將)[^，,。.;；!！]{0,14}?(?:还|付|结|交|缴)"
)
FUTURE_ZH = lazy_compile(r"明天|明儿|明日|后天|大后天|这周末|这个周末|下周|下星期|下礼拜|下个?月|月底|过几天|过两天|改天|回头|等发工资|发了工资|工资到|发工资后|发工资那天|发工资的时候|领工资|出粮|出糧|年底|下次")
PLAN_EN = lazy_compile(
    r"\bthinking\s+(?:about|of)\s+(?:paying|putting|sending|clearing)\b"
    r"|\b(?:will|'ll|going\s+to|gonna|plan(?:ning)?\s+to|need\s+to|have\s+to|has\s+to|must|should|want\s+to|hope\s+to|"
    r"try(?:ing)?\s+to|about\s+to|intend\s+to|can|could|supposed\s+to)\s+(?:\w+\s+)?(?:pay|repay|settle|clear|put|send|throw)"
    r"|\bpay(?:ing)?\s+(?:it\s+|this\s+|that\s+)?(?:off\s+)?(?:tomorrow|next|on\s+friday|later|soon|by\b)|\bdue\s+(?:tomorrow|today|soon)\b"
)
FUTURE_EN = lazy_compile(r"\b(?:tomorrow|next\s+(?:week|month|friday|monday|tuesday|wednesday|thursday|saturday|sunday)|later|soon|payday)\b")
# A plan to pay a debt off, with or without its amount: "我下个月打算把花呗3000还清", "准备提前还款5000给安逸花",
# "planning to put $500 toward my Amex". Said without 欠/owe, the amount is what will be paid, not a debt to card.
PAYOFF_PLAN = lazy_compile(
    r"(?:打算|准备|準備|计划|計劃|想|争取|爭取|希望|预计|預計|决定|決定)[^，,。.;；!！欠]{0,10}?(?:把|将|將)[^，,。.;；!！]{0,14}?"
    r"(?:还|付|缴|繳|结)(?:清|完|掉|了|上)"
    r"|(?:打算|准备|準備|计划|計劃|想|争取|爭取|希望|预计|預計|决定|決定)[^，,。.;；!！欠]{0,6}?(?:提前|先)?(?:还款|还清|还完|还掉)"
    r"|\b(?:(?:plan(?:ning)?|going|gonna|want(?:ing)?|hope|hoping|trying|intend(?:ing)?)\s+(?:to\s+)?(?:pay|put|send|throw|clear)"
    r"|thinking\s+(?:about|of)\s+(?:paying|putting|sending|clearing))\b"
    r"[^.!?]{0,30}?\b(?:off|toward|towards|on)\b"
)
OWE_STATED = lazy_compile(r"欠|\bowe\b|\bowing\b")
# Money a scammer or a shop asks for, or a parcel's fee: not a debt of the user's, whatever it says (会员费, 解冻费,
# "pay $299 to unlock my loan", "a $3.99 redelivery fee", an order's price).
NOT_OWED_FEE = lazy_compile(
    r"会员费|會員費|解冻费|解凍費|保证金|保證金|激活额度|激活額度|验证金|驗證金|工本费|刷流水|安全账户|安全賬戶|审批通过|審批通過"
    r"|\bto\s+(?:unlock|release|activate|unfreeze)\s+(?:my|the|your)\s+(?:loan|account|funds|money)\b|\bredelivery\b"
    r"|\bgift\s+cards?\b|\bprocessing\s+fee\b|\b(?:your\s+)?(?:package|parcel)\b"
    # A shop's purchase confirmation ("Your Klarna purchase of $120 at Nike is confirmed"): asked, never carded.
    r"|\bpurchase\s+of\s+[$£€]?[0-9][0-9,.]*\b.{0,40}?\b(?:is\s+|was\s+|has\s+been\s+)?(?:confirmed|complete|approved)\b"
)
# Money owed *to* the user: "小王欠我2000", "I lent Tom $200", "he owes me 50".
OWED_TO_ME = lazy_compile(
    r"欠(?:了)?我(?=[0-9一二两三四五六七八九十几¥$]|的?钱|块|\s|$|[,，.。])|(?:问|問|向|跟|找)我借|借给|借了?.{1,6}给(?:他|她|他们|朋友|人)|借给了|还我|还给我|该还我"
    r"|\bowes\s+me\b|\bowe\s+me\b|\bi\s+lent\b|\blent\s+(?:him|her|them|my)\b|\bpay\s+me\s+back\b"
)
# A purchase paid in cash or by debit, not a debt: "买了个手机3000", "spent $40 on groceries".
PURCHASE = lazy_compile(r"买了|花了|消费了|购买|网购|\bspent\b|\bbought\b|\bpurchased\b")
CREDIT_WORDS = lazy_compile(
    r"欠|借|贷|分期|信用卡|花呗|白条|账单|还款|月付|透支|逾期|\bowe|\bloan|\bcredit|\bcard\b|\bdebt|\bbill|\bborrow|"
    r"\bdue\b|\boverdue|\binstal|\binstall"
)
# A request to record something, phrased as a question: "能不能帮我记一下花呗3000", "can you add my Visa $500?".
RECORD_REQUEST = lazy_compile(
    r"(?:帮我|给我|替我|帮忙)?(?:记|录|登记|添加|加|存|保存)(?:一下|下|上|个|一笔)"
    r"|\b(?:add|record|log|track|save|note|remember)\s+(?:this|that|my|a|an|the|it)\b|\bput\s+(?:in|down)\b"
    r"|\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:add|record|log|track|save|note|remember)\b"
)
# The debt is already late: "已经逾期了", "过了还款日", "overdue", "missed the payment".
OVERDUE = lazy_compile(
    r"逾期|过期|超期|已经过了|已过|过了还款日|还没还|没还上|未还|拖了|拖欠|已经到期|早就到期|到期没还|延期了|晚了|忘了还"
    r"|\boverdue\b|\bpast\s+due\b|\blate\b|\bmissed\b|\bbehind\b|\bwas\s+due\b|\bdefault|\bhaven'?t\s+paid|\bunpaid\b"
)


def mentions_plan(prepared: str) -> bool:
    """Tell whether the text talks of paying later (a plan, an obligation, a worry) rather than of a payment made."""
    return bool(PLAN_ZH.search(prepared) or FUTURE_ZH.search(prepared) or PLAN_EN.search(prepared)
                or FUTURE_EN.search(prepared))


def is_notice_boilerplate(prepared: str) -> bool:
    """Tell whether the text carries the boilerplate of a bank or platform notice."""
    return BOILERPLATE.search(prepared) is not None
