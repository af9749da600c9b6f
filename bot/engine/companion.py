"""The companion around the debts: answers to questions and to distress, the recovery path and its checklist, tips,
progress and streaks, /plan, the chart and the calendar.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import nlu
from bot.core import progress as core
from bot.core.answers import Answer, load_answers, render_answer
from bot.core.dialogue import Awaiting
from bot.core.finance import PlanDebt, months_until, payment_to_clear_by, plan_payoff, projection_points
from bot.core.overdue import standing_of
from bot.core.plan_text import compose_clear_by, compose_plan
from bot.core.progress import BalanceEvent, PaymentRow, balance_history, main_currency
from bot.core.recovery import (
    ITEMS_BY_ID,
    RecoveryFacts,
    auto_ticks,
    current_step,
    open_items,
    render_checklist,
    step_reached,
    tick,
    untick,
)
from bot.core.retrieval import RELATED, load_index, names_concept
from bot.core.schedule import local_date
from bot.core.tips import NOT_AFTER_PAYING, choose_tip, load_tips, render_tip, tips_for_step, topics_to_skip
from bot.engine import debts
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError, UserInputError
from bot.messages import Attachment
from bot.texts.values import Choice, Lines, Money, Text, Value, joined
from storage import accounts
from storage.models import Debt

# --- questions and distress --------------------------------------------------------------------------------

def answer_crisis(turn: Turn, text: str) -> None:
    """Words of suicide or self-harm: answered first and only, whatever else is open or however long the message
    (the whole message is read: the words that matter may come last, see ``bot.core.reading``)."""
    lang = reply_language(turn, text)
    _say_answer(turn, lang, _catalogue_answer(turn, "crisis"), buttons=((_button("btn.look_together", "list"),),))


def answer_words(turn: Turn, text: str) -> None:
    """Pressure, small talk or a question (``Kind.PRESSURE``, ``SMALL_TALK``, ``QUESTION``): answered before the
    text could be read as a reminder, payment or debt; a debt the worry also states is carded after the answer."""
    if _answer_words(turn, text) is None:
        _suggest_or_explain(turn, reply_language(turn, text), text)  # a question with no confident answer
    register_beside_worry(turn, text)


def answer_aside(turn: Turn, text: str) -> None:
    """While a question is open (``Reading.aside``): answer pressure, small talk or a question the catalogue knows,
    and keep the question; a worry that also states a debt ("信用卡欠了8000，催收说下周上门" while another card is
    open) gets that debt carded beside the open one."""
    lang = _answer_words(turn, text) or turn.lang
    if turn.dialogue.awaiting is Awaiting.REGISTER:
        _say(turn, lang, "qa.draft_kept")
    register_beside_worry(turn, text)


def _answer_words(turn: Turn, text: str) -> str | None:
    """Answer pressure, small talk or a question the catalogue knows; return the language the conversation goes on
    in, or None when there was nothing of these to answer."""
    reading = turn.readings[text]
    # "ok" is typed in every language: an acknowledgement is answered in the user's own.
    lang = turn.lang if reading.small_talk == "ack" else reply_language(turn, text)
    if reading.distress == "pressure":
        _answer_pressure(turn, lang, text)
    elif (kind := reading.small_talk) is not None:
        lang = _small_talk_reply(turn, lang, kind)
    elif (match := reading.answer) is not None:
        _say_intent(turn, lang, match.intent)
    else:
        return None
    return lang


def register_beside_worry(turn: Turn, text: str) -> None:
    """A worry answered first may also state a debt ("信用卡欠了8000，催收说下周上门", "so stressed, owe Chase $900
    due the 20th"): its card follows the caring answer, so the debt is not lost. A question is only answered; a
    crisis never gets here (it is answered alone, before anything else)."""
    reading = turn.readings[text]
    # Not a question, and distress or a topic people raise to ask about it (``asked`` is then the topic alone).
    if reading.is_question or not (reading.distress or reading.asked):
        return
    drafts = nlu.parse_debts(text, now=turn.local_now, beside_worry=True)
    if drafts:
        debts.register_many(turn, drafts)


def answer_other(turn: Turn, text: str) -> None:
    """Free text that is none of the other kinds (``Kind.OTHER``): a correction of a card still open, a plan to
    pay, or what the catalogue may answer; else what the bot can do. An open card comes back after the answer,
    one tap from saving."""
    pending = debts.drafts_of(turn)
    # "我想把白条一次性还清", "going to pay off Chase next month": nothing is paid yet, and it is no correction of a
    # card still open either (it names a creditor, which a correction would take for the draft's).
    planned = turn.readings[text].planned
    if planned is None and pending and debts.correct(turn, text, pending):
        return
    if planned is not None:
        turn.say("chat.plan_to_pay", creditor=planned, buttons=((turn.button("btn.list", "list"),),))
    else:
        _answer_fallback(turn, text)
    if pending:
        debts.show(turn, pending)


def _answer_fallback(turn: Turn, text: str) -> None:
    """Nothing else understood the text: answer it if the catalogue knows it, offer the closest questions if
    some are near, else explain what the bot understands."""
    lang = reply_language(turn, text)
    match = turn.readings[text].answer
    if match is not None:
        _say_intent(turn, lang, match.intent)
        return
    _suggest_or_explain(turn, lang, text)


def answer_button(turn: Turn, parts: list[str]) -> None:
    """``qa:<intent>``: one of the suggested questions was pressed."""
    if len(parts) != 1:
        raise NotFoundError("err.stale_button")
    answer = load_answers().answer(parts[0], turn.today)
    if answer is None or not answer.retrievable:
        raise NotFoundError("err.stale_button")
    _say_answer(turn, turn.lang, answer)


# --- helpers -----------------------------------------------------------------------------------------------


def reply_language(turn: Turn, text: str) -> str:
    """Answer in the language the message is written in (a question typed in English gets English even when the
    user's setting is Chinese, and the other way round); the setting decides when the text shows neither or
    both about equally ("someone offered 停息挂账 for a fee" is English with a Chinese term in it)."""
    english_words, chinese_chars = _script_counts(text)
    chinese_words = chinese_chars / 2  # a Chinese word is about two characters
    if chinese_words > english_words:
        return "zh"
    if english_words > chinese_words:
        return "en"
    return turn.lang


def follow_written_language(turn: Turn, text: str) -> None:
    """Someone new (no consent yet) whose language setting is only the deployment's or the client's default, and
    who plainly writes the other language ("owe capital one $1,850 due the 5th" on a Chinese deployment): their
    replies switch to the language they write, and they are told how to switch back. Mixed or short messages
    ("ok", "花呗 3000 due 10th") change nothing."""
    latin, cjk = _script_counts(text)
    written = "en" if latin >= 3 and cjk == 0 else "zh" if cjk >= 4 and latin <= 1 else None
    if written is None or written == turn.lang:
        return
    turn.user.language = written
    turn.session.add(turn.user)
    turn.say("set.lang_followed")


def _script_counts(text: str) -> tuple[int, int]:
    """How much of the text is in each script: (Latin words of two letters or more, Chinese characters), over its
    first 2,000 characters; which language to answer in is decided from these."""
    head = text[:2000]
    return len(re.findall(r"[A-Za-z]{2,}", head)), len(re.findall(r"[\u3400-\u9fff]", head))


def _say(turn: Turn, lang: str, text_id: str, buttons: Buttons = (), **params: Value) -> None:
    turn.reply(Text(text_id, **params), buttons=buttons, lang=lang)


def _button(text_id: str, data: str) -> Choice:
    return Choice(Text(text_id), data)


def _suggest_or_explain(turn: Turn, lang: str, text: str) -> None:
    related = [m for m in load_index().search(text) if m.score >= RELATED] if names_concept(text) else []
    catalogue = load_answers()
    rows: list[tuple[Choice, ...]] = []
    for match in related:
        answer = catalogue.answer(match.intent, turn.today)
        if answer is not None:
            rows.append((Choice(answer.title(lang), f"qa:{match.intent}"),))
    if rows:
        _say(turn, lang, "qa.suggest", buttons=tuple(rows))
    else:
        _say(turn, lang, "err.not_understood", buttons=((_button("btn.help", "help"),),))


def _catalogue_answer(turn: Turn, intent: str) -> Answer:
    answer = load_answers().answer(intent, turn.today)
    if answer is None:  # the catalogue test walks every intent and date, so this is a packaging error
        raise LookupError(f"no answer in date for {intent!r}")
    return answer


def _say_intent(turn: Turn, lang: str, intent: str, preface: Text | None = None) -> None:
    _say_answer(turn, lang, _catalogue_answer(turn, intent), preface=preface)


def _say_answer(turn: Turn, lang: str, answer: Answer, *, buttons: Buttons = (), preface: Text | None = None) -> None:
    # The catalogue answer is written by bot.core.answers, with its sources; only the words around it are ours.
    written = render_answer(answer, lang)
    text: Value = written if preface is None else joined(preface, "\n", written)
    links: list[tuple[Choice, ...]] = list(buttons)
    body = answer.text(lang)
    if "/recovery" in body:
        links.append((_button("btn.recovery", "recovery"),))
    if "/tip" in body:
        links.append((_button("btn.tip", "tip"),))
    turn.reply(text, buttons=tuple(links), lang=lang)


def _answer_pressure(turn: Turn, lang: str, text: str) -> None:
    """Pressure with a clear question gets that answer, gently; otherwise the calm, practical pressure answer
    (a cry like "被催收逼疯了" names collection, but asks for steadiness more than for one rule)."""
    reading = turn.readings[text]
    if reading.is_question and (match := reading.answer) is not None:
        _say_intent(turn, lang, match.intent, preface=Text("qa.pressure_preface"))
        return
    _say_answer(turn, lang, _catalogue_answer(turn, "pressure"), buttons=((_button("btn.look_together", "list"),),))


def _small_talk_reply(turn: Turn, lang: str, kind: str) -> str:
    """Answer small talk in ``lang``; return the language the conversation goes on in (a switch changes it)."""
    if kind in ("lang_zh", "lang_en"):
        lang = "zh" if kind == "lang_zh" else "en"
        turn.user.language = lang
        turn.session.add(turn.user)
        _say(turn, lang, "set.lang_saved")
    elif kind == "balance":
        _say_balance(turn, lang)
    elif kind == "help":
        _say(turn, lang, "onb.help", buttons=((_button("btn.list", "list"), _button("btn.settings", "settings")),))
    else:
        _say(turn, lang, f"chat.{kind}")
    return lang


def _say_balance(turn: Turn, lang: str) -> None:
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id) if d.balance > 0]
    if not debts:
        _say(turn, lang, "chat.balance_none")
        return
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for debt in debts:
        totals[debt.currency] += debt.balance
    text: Value = Text("chat.balance", count=len(debts), totals=Lines(tuple(
        Money(amount, currency) for currency, amount in sorted(totals.items(), key=lambda item: -item[1])),
        Text("chat.total_separator")))
    overdue = sum(1 for d in debts if d.due_date is not None and d.due_date < turn.today)
    if overdue:
        text = Lines((text, Text("chat.balance_overdue", overdue=overdue)))
    turn.reply(text, buttons=((_button("btn.list", "list"),),), lang=lang)


# --- progress ----------------------------------------------------------------------------------------------


@dataclass
class Progress:
    """What the checklist is computed from, read once: every debt (settled too), every payment, the user's ticks.

    A payment compares the done items before and after it. Both come from one read: the debts are the session's
    own objects, so they show the payment once it is applied, and the new payment is added with ``paid``.
    """

    debts: list[Debt]  # settled included, oldest first
    payments: list[PaymentRow]  # oldest first (paid_at, then id)
    ticks: frozenset[str]

    @classmethod
    def load(cls, session: Session, owner_id: int, debts: list[Debt] | None = None) -> Progress:
        """Read the user's progress (``debts``: every debt of the user, when the caller has them already)."""
        if debts is None:
            debts = accounts.list_debts(session=session, owner_id=owner_id, include_settled=True)
        return cls(debts=debts, payments=accounts.payment_history(session=session, owner_id=owner_id),
                   ticks=accounts.tick_ids(session=session, owner_id=owner_id))

    def paid(self, payment: PaymentRow) -> None:
        """Count a payment made in this turn."""
        self.payments.append(payment)
        self.payments.sort(key=lambda p: (p[2], p[0]))

    def streak(self) -> int:
        """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
        return core.on_time_streak(self.payments)

    def facts(self, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
        """The facts the recovery plan ticks items from."""
        return core.recovery_facts(self.debts, self.payments, local_date(now, zone))

    def done(self, now: datetime, zone: ZoneInfo) -> frozenset[str]:
        """Everything done: the user's ticks and what the bot ticks from the facts."""
        return self.ticks | auto_ticks(self.facts(now, zone))


def on_time_streak(session: Session, owner_id: int) -> int:
    """Count the most recent cycles paid on time, newest first, stopping at the first late one."""
    return core.on_time_streak(accounts.payment_history(session=session, owner_id=owner_id))


def recovery_facts(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> RecoveryFacts:
    """Gather the facts the recovery plan ticks items from."""
    return Progress.load(session, owner_id).facts(now, zone)


def user_ticks(session: Session, owner_id: int) -> frozenset[str]:
    """The checklist items the user ticked themselves."""
    return accounts.tick_ids(session=session, owner_id=owner_id)


def done_items(session: Session, owner_id: int, now: datetime, zone: ZoneInfo) -> frozenset[str]:
    """Everything done: the user's ticks and what the bot ticks from the facts."""
    return Progress.load(session, owner_id).done(now, zone)


# --- the recovery path -------------------------------------------------------------------------------------

def show(turn: Turn, _args: str) -> None:
    """``/recovery``: the four steps, progress, and tick buttons for the current step."""
    progress = Progress.load(turn.session, turn.owner_id)
    ticks, facts = progress.ticks, progress.facts(turn.now, turn.zone)
    done = ticks | auto_ticks(facts)
    step = current_step(done)
    buttons: list[tuple[Choice, ...]] = []
    for item_id in open_items(step, done) if step <= 4 else ():
        if not ITEMS_BY_ID[item_id].auto:
            buttons.append((turn.button("recovery.button.tick", f"rc:t:{item_id}",
                                        item=Text(f"recovery.short.{item_id}")),))
    for item_id in sorted(ticks):
        if ITEMS_BY_ID.get(item_id) is not None and ITEMS_BY_ID[item_id].step == step:
            buttons.append((turn.button("recovery.button.untick", f"rc:u:{item_id}",
                                        item=Text(f"recovery.short.{item_id}")),))
    buttons.append((turn.button("btn.tip", "tip"),))
    turn.say("recovery.body", body=render_checklist(ticks, facts, turn.lang), buttons=tuple(buttons))


def tick_button(turn: Turn, parts: list[str]) -> None:
    """``rc:t:<item>`` ticks, ``rc:u:<item>`` unticks an item of the checklist."""
    if len(parts) != 2 or parts[0] not in ("t", "u") or parts[1] not in ITEMS_BY_ID:
        raise NotFoundError("err.stale_button")
    item_id = parts[1]
    progress = Progress.load(turn.session, turn.owner_id)
    before, ticks = progress.done(turn.now, turn.zone), progress.ticks
    changed = tick(ticks, item_id) if parts[0] == "t" else untick(ticks, item_id)
    accounts.set_tick(session=turn.session, owner_id=turn.owner_id, item_id=item_id, done=item_id in changed,
                  source="user", now=turn.now)
    key = "recovery.ticked" if parts[0] == "t" else "recovery.unticked"
    turn.say(key, item=Text(f"recovery.short.{item_id}"), edit=True,
             buttons=((turn.button("btn.recovery", "recovery"),),))
    announce_progress(turn, before)


def announce_progress(turn: Turn, before: frozenset[str], after: frozenset[str] | None = None) -> None:
    """If what just happened moved the user into a new step, congratulate them and send that step's tips
    (``after``: the done items now, when the caller knows them)."""
    if after is None:
        after = done_items(turn.session, turn.owner_id, turn.now, turn.zone)
    step = step_reached(before, after)
    if step is None:
        return
    # Reached by paying (that is how step 1 is entered): what overdue costs no longer applies, and the tips say
    # to wait for the lender's next monthly report before spending a free query.
    tips = tips_for_step(load_tips(), min(step, 4), turn.today, exclude_topics=NOT_AFTER_PAYING) if step <= 4 else []
    parts: list[Text | str] = [Text(f"recovery.reached.{step}")]
    for found in tips:
        parts.append(render_tip(found, turn.lang))
        accounts.record_tip_shown(session=turn.session, owner_id=turn.owner_id, tip_id=found.id, now=turn.now)
    buttons: Buttons = ((turn.button("btn.recovery", "recovery"),),)
    turn.say("recovery.progress", body=Lines(tuple(parts), "\n\n"), buttons=buttons)


def tip_command(turn: Turn, _args: str) -> None:
    """``/tip``: the next tip that fits the user's step (never the same one twice in a row)."""
    text = next_tip_text(turn)
    if text is None:
        turn.say("tip.none")
        return
    turn.say("recovery.progress", body=text, buttons=((turn.button("btn.more_tip", "tip"),
                                                       turn.button("btn.recovery", "recovery")),))


def next_tip_text(turn: Turn) -> str | None:
    """Choose, record and render the next tip for this user, or None when none is in date."""
    return pick_tip(turn.session, turn.owner_id, turn.now, turn.zone, turn.lang)


def pick_tip(session: Session, owner_id: int, now: datetime, zone: ZoneInfo, lang: str) -> str | None:
    """Choose the next in-date tip for the user's step, remember it was shown, and render it with its sources."""
    shown = accounts.list_tips_shown(session=session, owner_id=owner_id)
    progress = Progress.load(session, owner_id)
    step = current_step(progress.done(now, zone))
    behind = progress.facts(now, zone).overdue_debts > 0
    chosen = choose_tip(load_tips(), step=step, today=local_date(now, zone),
                        last_tip_id=shown[0].tip_id if shown else None, shown_ids=[s.tip_id for s in shown],
                        exclude_topics=topics_to_skip(behind=behind))
    if chosen is None:
        return None
    accounts.record_tip_shown(session=session, owner_id=owner_id, tip_id=chosen.id, now=now)
    return render_tip(chosen, lang)


# --- /plan, the chart, the calendar ------------------------------------------------------------------------

if TYPE_CHECKING:
    from bot.core.calendar import CalendarItem


def _plan_debts(turn: Turn) -> tuple[list[PlanDebt], dict[str, str], str]:
    debts = accounts.list_debts(session=turn.session, owner_id=turn.owner_id)
    currency = main_currency(debts)
    chosen = [d for d in debts if d.currency == currency and d.balance > 0]
    # The normal rate is the annual one the user gave; an overdue (penalty) daily rate is not a normal rate and
    # is never turned into one. The minimum is the user's own when known; a one-off loan has none (it is due
    # whole on its date), and only a recurring bill without one gets the assumed 10 % the text labels.
    plan_debts = [PlanDebt(key=str(d.id), name=d.creditor, balance=d.balance, annual_rate=d.annual_rate,
                           minimum=_minimum(d), overdue=standing_of(d, turn.today).overdue) for d in chosen]
    return plan_debts, {str(d.id): d.creditor for d in chosen}, currency


def _overdue_notes(turn: Turn) -> tuple[tuple[str, date, int], ...]:
    notes = []
    for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        where = standing_of(d, turn.today)
        if where.overdue and where.overdue_since is not None:
            notes.append((d.creditor, where.overdue_since, where.overdue_days))
    return tuple(sorted(notes, key=lambda n: n[1]))


def _minimum(debt: Debt) -> Decimal | None:
    if debt.minimum_payment is not None:
        return debt.minimum_payment
    return Decimal(0) if not debt.rrule and debt.instalment_amount is None else debt.instalment_amount


def plan(turn: Turn, args: str) -> None:
    """``/plan 2000`` compares avalanche and snowball; ``/plan 2027-06-30`` says what clears it all by then."""
    debts, names, currency = _plan_debts(turn)
    if not debts:
        turn.say("plan.no_debts")
        return
    if not args:
        turn.say("plan.usage")
        return
    when = nlu.parse_time(args, turn.local_now, None)
    amount = nlu.parse_amount(args, None)
    if when is not None and (amount is None or when.span[0] <= amount.span[0] < when.span[1]):
        target = when.at.astimezone(turn.zone).date()
        months = months_until(turn.today, target)
        payment = payment_to_clear_by(debts, months, "avalanche") if months >= 1 else None
        turn.say("plan.body", body=compose_clear_by(payment, months=months, target=target, strategy="avalanche",
                                                    today=turn.today, lang=turn.lang, currency=currency))
        return
    if amount is None:
        raise UserInputError("plan.usage")
    if amount.problem or amount.value is None:
        raise UserInputError(f"err.amount_{amount.problem}")
    avalanche = plan_payoff(debts, amount.value, "avalanche")
    snowball = plan_payoff(debts, amount.value, "snowball")
    no_minimum = tuple(d.key for d in debts if d.minimum == 0)
    turn.say("plan.body", body=compose_plan(avalanche, snowball, names=names, today=turn.today, lang=turn.lang,
                                            currency=currency, no_minimum_keys=no_minimum,
                                            overdue=_overdue_notes(turn)))


def chart(turn: Turn, args: str) -> None:
    """``/chart [monthly budget]``: balances so far and the projected way down, as a picture."""
    debts, _, currency = _plan_debts(turn)
    history = _history(turn, currency)
    budget = _budget(turn, args, debts)
    projection = []
    if debts and budget is not None:
        avalanche = plan_payoff(debts, budget, "avalanche")
        if avalanche.feasible:
            projection = projection_points(avalanche, turn.today)
    from bot.core.chart import render_balance_chart

    png = render_balance_chart(history, projection, lang=turn.lang, currency=currency)
    stamp = turn.local_now.strftime("%Y%m%d")
    turn.say("chart.caption", attachments=(Attachment(f"repaybot-chart-{stamp}.png", png, "image/png", as_photo=True),))


def _budget(turn: Turn, args: str, debts: list[PlanDebt]) -> Decimal | None:
    """The monthly budget to project with: the one given, else what the user paid over the last 90 days."""
    if args:
        amount = nlu.parse_amount(args, None)
        if amount is None or amount.value is None:
            raise UserInputError("chart.usage")
        return amount.value
    since = turn.now - timedelta(days=90)
    paid = sum((p.amount for p in accounts.list_payments(session=turn.session, owner_id=turn.owner_id)
                if p.paid_at >= since), Decimal(0))
    monthly = (paid / 3).quantize(Decimal("1"))
    minimums = plan_payoff(debts, Decimal(0), "avalanche").sum_minimums if debts else Decimal(0)
    return max(monthly, minimums) if debts else None


def _history(turn: Turn, currency: str) -> list[tuple[date, Decimal]]:
    """The user's total balance after every change we recorded: registrations and payments."""
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id, include_settled=True)
             if d.currency == currency]
    events: list[BalanceEvent] = [(d.created_at, d.id or 0, d.original_amount) for d in debts]
    ids = {d.id for d in debts}
    events += [(p.paid_at, p.debt_id, p.balance_after)
               for p in accounts.list_payments(session=turn.session, owner_id=turn.owner_id) if p.debt_id in ids]
    return balance_history(events, {d.id or 0: d.balance for d in debts}, turn.zone, turn.today)


def ics(turn: Turn, _args: str) -> None:
    """``/ics``: every due date and recurring rule as a calendar file for the phone."""
    debts = [d for d in accounts.list_debts(session=turn.session, owner_id=turn.owner_id) if d.due_date is not None]
    if not debts:
        turn.say("ics.empty")
        return
    from bot.core.calendar import build_calendar

    items = [_calendar_item(d) for d in debts]
    minute = turn.user.reminder_minute
    data = build_calendar(items, tz=turn.user.timezone, now=turn.now, lang=turn.lang,
                          at=time(minute // 60, minute % 60))
    turn.say("ics.caption", attachments=(Attachment("repaybot-due-dates.ics", data, "text/calendar"),))


def _calendar_item(debt: Debt) -> CalendarItem:
    from bot.core.calendar import CalendarItem

    assert debt.due_date is not None
    # The cycle's own bill only: an overdue part carried from past cycles is not due on this date.
    return CalendarItem(key=f"debt-{debt.id}", creditor=debt.creditor, due=debt.due_date,
                        amount=None if debt.awaiting_bill else debt.balance - (debt.carried_overdue or 0),
                        currency=debt.currency, rrule=debt.rrule)
