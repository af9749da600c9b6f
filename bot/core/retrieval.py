"""Find the catalogue question a message asks: TF-IDF cosine over character n-grams, words and concepts.

Why not word segmentation and BM25 (jieba + rank_bm25)? Loading jieba's dictionary costs about a second and
``repaybot chat`` has to start fast; questions are short, and Chinese character bigrams plus a table of concepts
(征信 = 信用报告 = credit report = 证信, a common typo) match paraphrases as well, in both languages at once.
``bench/b6_answers.py`` measures both on held-out paraphrases. Traditional characters are folded to simplified
with OpenCC (loaded on first use, about 10 ms); English words are stemmed crudely and also indexed as character
trigrams, so a typo still shares most of its features with the right word.

The index is built from the catalogue's example questions on first use and kept; searching is pure.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from bot.core.answers import Catalogue, load_answers

# An answer is given outright at or above this score; below it the closest questions are offered as buttons
# (see docs/benchmarks.md, B6, for how it was chosen).
CONFIDENT = 0.25
# Below this nothing in the catalogue is close: the message is probably not a question we know.
RELATED = 0.12
# A message this close to an example is trusted even if it names no concept ("可以只还本金吗").
CLOSE = 0.6
SUGGESTIONS = 3
# How much of an intent's score is its closest example; the rest is the intent taken as one document.
EXAMPLE_SHARE = 0.3

# Concepts: ways people name the same thing, in both languages (and frequent typos). A message that names one
# gets the concept as a feature, shared by every example that names it in any wording.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "report": ("征信", "信用报告", "信用记录", "个人信用", "人行征信", "证信", "正信", "征新", "credit report",
               "credit record", "credit history", "credit file", "credit score", "my credit", "credit bureau",
               "my report", "my record", "on my report"),
    "overdue": ("逾期", "拖欠", "晚还", "迟还", "没按时还", "预期了", "过了还款日", "忘了还", "忘还", "没还上",
                "late", "overdue", "missed", "miss a payment", "behind on", "past due", "default", "delinquen"),
    "huabei": ("花呗", "花被", "花贝", "huabei", "hua bei"),
    "jiebei": ("借呗", "借贝", "jiebei", "jie bei"),
    "alipay": ("支付宝", "蚂蚁", "alipay", "ant "),
    "card": ("信用卡", "credit card", "card"),
    "loan": ("网贷", "贷款", "借款", "小贷", "口子", "loan", "lender", "lending"),
    "keep": ("多久", "几年", "多少年", "多长时间", "保留", "保存", "消除", "消失", "一辈子", "永久", "how long",
             "how many years", "forever", "disappear", "stay", "remain"),
    "wipe": ("洗白", "铲单", "删除", "解除", "抹掉", "清除", "删掉", "消掉", "wipe", "whitewash", "erase", "remove",
             "delete", "clean my", "clean up my"),
    "repair": ("修复", "repair", "fix my credit"),
    "scam": ("骗", "靠谱", "真的假的", "可信", "能信", "scam", "fraud", "legit", "trustworthy", "too good"),
    "fee": ("交钱", "花钱", "收费", "服务费", "手续费", "定金", "保证金", "要钱", "fee", "charge", "for money",
            "pay someone", "pay them"),
    "jail": ("坐牢", "判刑", "被抓", "抓我", "抓人", "拘留", "坐监", "监狱", "蹲局子", "进去", "犯罪", "刑事",
             "jail", "prison", "arrest", "crime", "criminal", "police will"),
    "sue": ("起诉", "告我", "打官司", "法院", "传票", "诉讼", "立案", "sue", "sued", "suing", "lawsuit", "court",
            "summons", "legal action"),
    "lawyer_letter": ("律师函", "律师信", "法院短信", "lawyer letter", "lawyer's letter", "legal letter"),
    "collect": ("催收", "催款", "催债", "要债", "讨债", "催我", "collector", "collection", "debt collector",
                "chasing me"),
    "third": ("家人", "父母", "爸妈", "老婆", "老公", "朋友", "同事", "亲戚", "通讯录", "联系人", "单位领导",
              "family", "parent", "relative", "friend", "contacts", "wife", "husband", "employer", "boss",
              "colleague", "mom", "dad"),
    "negotiate": ("协商", "商量", "谈判", "个性化分期", "negotiat", "payment plan", "hardship plan", "work out a plan",
                  "settlement plan"),
    "stop_interest": ("停息挂账", "停息", "挂账", "stop interest", "stop the interest", "freeze interest",
                      "freezing the debt", "stop my interest", "interest frozen"),
    "extension": ("延期", "展期", "缓一缓", "晚点还", "推迟", "往后推", "宽限几个月", "extension", "extend", "more time",
                  "delay", "postpone", "push back"),
    "agency": ("中介", "代理", "律所", "法务公司", "代办", "agency", "agent", "middleman", "third party", "firm",
               "company says", "someone offers", "someone says"),
    "minimum": ("最低还款", "最低额", "还最低", "最低", "minimum"),
    "instalment": ("分期", "账单分期", "instalment", "installment", "split the bill", "split my bill"),
    "complain": ("投诉", "举报", "维权", "complain", "complaint", "report them", "report a", "report an"),
    "night": ("半夜", "凌晨", "深夜", "晚上", "早上", "几点以后", "几点前", "夜里", "night", "midnight", "morning",
              "what hours"),
    "threat": ("威胁", "恐吓", "辱骂", "骂我", "侮辱", "社死", "曝光", "threat", "abusive", "insult", "shame",
               "intimidat"),
    "interest": ("利息", "罚息", "利率", "日息", "息", "interest", "rate"),
    "penalty": ("违约金", "滞纳金", "逾期费", "罚金", "罚息", "penalty", "late fee", "late charge"),
    "first": ("先还", "优先", "哪个先", "哪一笔", "哪张", "哪个", "first", "priority", "which debt", "which one"),
    "borrow": ("借钱还", "以贷养贷", "借新还旧", "套现", "拆东墙", "借网贷还", "borrow", "new loan", "cash out",
               "another loan", "take a loan"),
    "restore": ("恢复", "重新开通", "再开", "开通", "还能用", "能用", "解冻", "额度回来", "会回来", "再借",
                "restore", "come back", "get it back", "back again", "reopen", "unfreeze", "again"),
    "closed": ("关闭", "关了", "被关", "停用", "封卡", "停卡", "冻结", "降额", "额度没了", "收回", "closed",
               "frozen", "blocked", "suspended", "limit cut", "removed", "shut"),
    "policy": ("政策", "新政", "一次性", "不予展示", "不展示", "amnesty", "policy", "one-off", "one off",
               "one time"),
    "deadline": ("3月31", "三月31", "截止", "错过", "之后还清", "现在还清", "march 31", "31 march", "deadline",
                 "missed the", "after march"),
    "apply": ("申请", "办理", "找谁", "怎么办理", "apply", "sign up", "file for"),
    "dispute": ("异议", "错误", "有错", "不对", "不是我", "冒用", "有误", "dispute", "error", "mistake", "wrong",
                "not mine", "isn't mine", "never took"),
    "statement": ("说明", "声明", "解释", "statement", "explain", "explanation"),
    "check": ("查", "打印", "看征信", "check", "pull", "get my", "see my", "view my"),
    "free": ("免费", "要钱", "收费", "多少钱", "free", "cost", "how much does"),
    "grace": ("宽限", "容时", "容差", "grace"),
    "autopay": ("自动还款", "自动扣款", "扣款", "扣费", "没扣", "扣失败", "auto repay", "auto-repay", "autopay",
                "auto deduct", "automatic", "deduction"),
    "blacklist": ("黑户", "黑名单", "拉黑", "黑了", "blacklist"),
    "plan": ("还款计划", "计划", "预算", "多久能还清", "还完", "debt free", "debt-free", "plan", "budget"),
    "settle": ("结清", "还清", "还完", "全部还了", "pay off", "paid off", "paying off", "pay it off", "settle",
               "paid in full", "repay in full"),
    "certificate": ("证明", "凭证", "certificate", "proof", "paid-off letter", "receipt"),
    "new_credit": ("房贷", "车贷", "买房", "办信用卡", "办卡", "再贷款", "还能贷款", "mortgage", "car loan",
                   "new card", "get a loan", "borrow again", "apply for credit"),
    "limitation": ("时效", "过了三年", "几年就不用还", "不用还", "过期", "expire", "limitation", "time bar"),
    "visit": ("上门", "来家里", "家里", "到单位", "去我单位", "外访", "visit", "come to my", "my house", "my home",
              "workplace", "my office"),
    "usury": ("高利贷", "36%", "24%", "砍头息", "超过36", "超过24", "usury", "loan shark", "upfront", "up front"),
    "apr": ("年化", "日利率", "万五", "月利率", "apr", "annual rate", "annualised", "annualized", "daily rate",
            "per day", "a day"),
    "early": ("提前还", "提前还款", "提前还清", "early", "prepay", "ahead of time"),
    "partial": ("一部分", "先还一点", "部分还款", "一半", "还一点", "part of", "partial", "a little", "some of"),
    "notice": ("通知", "告知", "提前说", "告诉我", "notif", "warn", "tell me before", "told before", "without notice"),
    "update": ("更新", "显示结清", "变正常", "显示", "update", "show settled", "still shows", "still show"),
    "inquiry": ("查询记录", "查询次数", "征信花了", "查花了", "花了", "点多了", "没授权", "未授权", "inquir", "enquir",
                "hard pull", "without permission", "without my permission", "checked my credit"),
    "cap": ("最多", "上限", "封顶", "不超过", "超过本金", "比本金", "有没有头", "limit on", "cap", "more than the principal",
            "bigger than", "exceed"),
    "reported": ("上报", "报送", "报给", "上征信", "进征信", "接入", "报到", "reported", "report to", "reports to",
                 "go on my", "goes on my", "show on my", "show up on"),
    "online": ("网上", "在线", "手机上", "官网", "online", "website", "app"),
    "principal": ("本金", "principal"),
    "consequence": ("后果", "会怎样", "会怎么样", "有什么影响", "what happens", "consequence", "ignore", "don't pay",
                    "dont pay", "not pay", "never pay", "stop paying"),
    "debt": ("欠款", "欠钱", "债务", "欠债", "debt", "owe", "owing"),
    "illness": ("住院", "生病", "失业", "病了", "hospital", "illness", "sick", "lost my job"),
    "personal_info": ("身份证", "手机卡", "电话卡", "密码", "个人信息", "id card", "sim", "password",
                      "personal information", "my id"),
    "clearing": ("清零", "置换", "债务优化", "债务重组", "优化", "重组", "clearing", "swap", "optimis", "optimiz",
                 "restructur", "make my debts"),
    "impersonate": ("冒充", "自称", "个人账户", "私人账户", "impersonat", "personal account", "claiming to be",
                    "pretend"),
    "heimao": ("黑猫", "heimao"),
    "nifa": ("互金协会", "互联网金融协会", "nifa"),
    "regulator": ("12378", "监管局", "金融监管", "银保监", "监管总局", "nfra", "regulator", "cbirc"),
    "pboc": ("12363", "人民银行", "央行", "人行", "pboc", "central bank"),
    "unlicensed": ("无牌", "非法网贷", "高炮", "714", "黑网贷", "没有牌照", "unlicensed", "illegal lend",
                   "illegal loan", "loan app"),
    "cant_pay": ("还不上", "还不起", "没钱还", "不够还", "还不完", "还不了", "can't pay", "cannot pay",
                 "can't afford", "cannot afford", "unable to pay", "not enough"),
    "calls": ("电话", "打给", "打电话", "来电", "call", "phone", "ringing"),
    "many": ("几十个", "打个不停", "太多", "不停", "几次", "次数", "天天打电话", "一直打", "每天打", "how many", "times a day", "nonstop",
             "non-stop", "constantly"),
    "methods": ("雪崩", "雪球", "avalanche", "snowball"),
    "malicious": ("恶意透支", "恶意", "malicious"),
    "family_liable": ("替我还", "帮我还", "要还吗", "子女还", "liable", "have to pay my", "pay for me"),
    "due_day": ("还款日", "账单日", "几号还", "due date", "due day", "repayment day", "billing day"),
    "change": ("改", "调整", "换", "change", "move"),
    "after": ("之后", "以后", "后来", "after"),
    "proof": ("录音", "截图", "取证", "证据", "evidence", "record the call", "recording", "screenshot"),
    "fake_loan": ("下款", "包下款", "放款", "黑户也能贷", "先交手续费", "guaranteed", "approval", "bad credit"),
}

_STOP_EN = frozenset(
    "a an the i me my mine you your is are am was were be been do does did to of for it its in on at by with and or "
    "if so that this these those what how when where why which who can could will would should shall may might must "
    "have has had there their they them he she we us our not no yes any anyone anybody know about from as than "
    "just really still get got im i'm it's its dont don't".split()
)
_STOP_ZH = frozenset("的了吗呢吧啊呀嘛么我你他她它是在有就都也还会要能想说这那个怎么吗么")

# Feature weights: a concept says most, a Chinese bigram or an English word next, pieces of words least.
W_CONCEPT, W_BIGRAM, W_UNIGRAM, W_WORD, W_TRIGRAM = 1.5, 1.0, 0.3, 1.0, 0.35


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def _to_simplified() -> _Converter:
    import opencc  # imported on first question only: start-up stays fast

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


@dataclass(frozen=True, slots=True)
class _Tables:
    """What matching needs compiled, built on the first question (not at import: start-up stays fast)."""

    anywhere: tuple[tuple[str, str], ...]  # (variant, concept) found anywhere: Chinese, digits, symbols
    word_starts: tuple[tuple[str, str], ...]  # (" variant", concept): English, at a word start ("sue" ≠ "issue")
    cjk_run: re.Pattern[str]
    word: re.Pattern[str]
    not_word: re.Pattern[str]
    paid_sum: re.Pattern[str]
    latin: re.Pattern[str]


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@cache
def _tables() -> _Tables:
    anywhere: list[tuple[str, str]] = []
    words: list[tuple[str, str]] = []
    for concept, variants in CONCEPTS.items():
        for v in variants:
            if not v[0].isalpha() or _has_cjk(v):
                anywhere.append((v, concept))
            else:
                words.append((" " + v, concept))
    return _Tables(anywhere=tuple(anywhere), word_starts=tuple(words), cjk_run=re.compile(r"[\u3400-\u9fff]+"),
                   word=re.compile(r"[a-z]+(?:'[a-z]+)?|\d{2,}"), not_word=re.compile(r"[^a-z0-9'%\u3400-\u9fff-]+"),
                   paid_sum=re.compile(r"(?:交|花|付|pay|paid)\s*[¥$]?\s*\d"), latin=re.compile(r"[a-z]"))


def prepare(text: str) -> str:
    """Fold a message for matching: simplified characters, lower case, ASCII for full-width forms."""
    text = text[:500].lower()
    if _has_cjk(text):
        text = _to_simplified().convert(text)
    return text.translate(_FULL_WIDTH).replace("’", "'")


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def features(text: str) -> Counter[str]:
    """Return the weighted features of a message (or of a catalogue question)."""
    folded = prepare(text)
    tables = _tables()
    found: Counter[str] = Counter()
    # Plain substring tests in a flat loop: a few hundred of them take tens of microseconds.
    concepts = {concept for variant, concept in tables.anywhere if variant in folded}
    if tables.latin.search(folded):  # most Chinese questions have no English word to look for
        spaced = " " + tables.not_word.sub(" ", folded) + " "
        concepts.update(concept for variant, concept in tables.word_starts if variant in spaced)
    if tables.paid_sum.search(folded):
        concepts.add("fee")  # "交888能…", "pay 3000 to…": a sum handed over is a fee, whatever the amount
    for concept in concepts:
        found["c:" + concept] += 1
    for run in tables.cjk_run.findall(folded):
        for i, ch in enumerate(run):
            if ch not in _STOP_ZH:
                found["u:" + ch] += 1
            if i + 1 < len(run):
                found["b:" + run[i : i + 2]] += 1
    for word in tables.word.findall(folded):
        if word in _STOP_EN:
            continue
        stem = _stem(word)
        found["w:" + stem] += 1
        padded = f"<{word}>"
        for i in range(len(padded) - 2):
            found["t:" + padded[i : i + 3]] += 1
    return found


_WEIGHTS = {"c": W_CONCEPT, "b": W_BIGRAM, "u": W_UNIGRAM, "w": W_WORD, "t": W_TRIGRAM}


def names_concept(text: str) -> bool:
    """Tell whether the message names anything the catalogue is about (a concept): without one, a high score
    comes from filler words ("今天天气怎么样" shares "怎么样" with "逾期了会怎么样") and is not trusted."""
    return any(f.startswith("c:") for f in features(text))


def confident_match(text: str) -> Match | None:
    """Return the catalogue intent to answer ``text`` with outright, or None when the bot should not guess: the
    closest example is very close, or close enough and the message names something the catalogue is about."""
    matches = load_index().search(text)
    if matches and (matches[0].score >= CLOSE or (matches[0].score >= CONFIDENT and names_concept(text))):
        return matches[0]
    return None


@dataclass(frozen=True, slots=True)
class Match:
    """A catalogue intent and how close the message came to it (cosine, 0–1)."""

    intent: str
    score: float


class AnswerIndex:
    """An inverted index over the example questions of each intent."""

    def __init__(self, examples: Iterable[tuple[str, str]]) -> None:
        raw = [(intent, features(text)) for intent, text in examples]
        frequency: Counter[str] = Counter()
        for _, found in raw:
            frequency.update(found.keys())
        total = len(raw)
        self._idf = {f: math.log(1 + total / n) for f, n in frequency.items()}
        self._intents = [intent for intent, _ in raw]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        merged: dict[str, Counter[str]] = defaultdict(Counter)
        for doc, (intent, found) in enumerate(raw):
            merged[intent].update(found)
            for feature, weight in self._vector(found).items():
                self._postings[feature].append((doc, weight))
        # Each intent also as one document of all its examples: what its askers have in common outweighs any
        # one wording, which helps when a message echoes several examples a little and none closely.
        self._names = list(merged)
        self._whole: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, intent in enumerate(self._names):
            for feature, weight in self._vector(merged[intent]).items():
                self._whole[feature].append((number, weight))

    def _vector(self, found: Counter[str]) -> dict[str, float]:
        vector = {f: (1 + math.log(n)) * _WEIGHTS[f[0]] * self._idf.get(f, 0.0) for f, n in found.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {f: v / norm for f, v in vector.items() if v} if norm else {}

    def search(self, text: str, limit: int = SUGGESTIONS) -> list[Match]:
        """Return up to ``limit`` intents, closest first, each scored by its closest example."""
        query = self._vector(features(text))
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in query.items():
            for doc, doc_weight in self._postings.get(feature, ()):
                scores[doc] += weight * doc_weight
        best: dict[str, float] = {}
        for doc, score in scores.items():
            intent = self._intents[doc]
            if score > best.get(intent, 0.0):
                best[intent] = score
        whole: dict[int, float] = defaultdict(float)
        for feature, weight in query.items():
            for number, intent_weight in self._whole.get(feature, ()):
                whole[number] += weight * intent_weight
        for number, score in whole.items():
            intent = self._names[number]
            best[intent] = EXAMPLE_SHARE * best.get(intent, 0.0) + (1 - EXAMPLE_SHARE) * score
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        return [Match(intent, round(score, 4)) for intent, score in ranked]


def catalogue_examples(catalogue: Catalogue) -> list[tuple[str, str]]:
    """Return (intent, question) for every example question and title of the retrievable intents."""
    examples: list[tuple[str, str]] = []
    for intent in catalogue.intents():
        first = catalogue.wordings(intent)[0]
        for text in (first.title_zh, first.title_en, *first.asks_zh, *first.asks_en):
            examples.append((intent, text))
    return examples


@cache
def load_index() -> AnswerIndex:
    """Return the index of the packaged catalogue (built on first use, about 30 ms, then kept)."""
    return AnswerIndex(catalogue_examples(load_answers()))
