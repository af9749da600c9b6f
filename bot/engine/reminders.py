"""Reminders: what a user asks to be reminded of, and what the bot sends them (due reminders, overdue nudges, the
digest), rendered when the dispatcher claims them.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot import nlu
from bot.core import delivery
from bot.core.delivery import BOT_INITIATED, CANCEL, Action
from bot.core.dialogue import BillAmountStep, DialogueState, RemindWhenStep, TimeGuess
from bot.core.digest import DIGEST_WEEKDAY, TIP_WEEKDAY, compose_digest, digest_facts, next_weekday_slot
from bot.core.overdue import Standing, cycle_of, penalty_estimate, roll_unpaid, standing_of
from bot.core.redact import mask_card_numbers
from bot.core.schedule import (
    Policy,
    QuietHours,
    local_date,
    local_instant,
    next_repeat,
    parse_lead_days,
    snooze_until,
)
from bot.engine import planning
from bot.engine.companion import Progress, pick_tip
from bot.engine.debts import set_muted, write_cycle
from bot.engine.payments import apply_payment, ask_part_amount
from bot.engine.turn import Turn, has_consent, int_part, owned_debt, write_dialogue
from bot.errors import NotFoundError, UserInputError
from bot.messages import Address, Reply
from bot.nlu.results import ParsedTime, ReminderDraft
from bot.nlu.yes_no import is_no, is_yes
from bot.texts.render import Locale, render_reply
from bot.texts.values import (
    Choice,
    Choices,
    Day,
    Lines,
    LongDate,
    Money,
    Percent,
    Rule,
    Said,
    Text,
    Value,
    When,
    joined,
)
from storage import accounts, schedule
from storage.models import Debt, Reminder, User

# --- reminders the user asks for ---------------------------------------------------------------------------

TASK_MAX = 200
MAX_PENDING_CUSTOM = 100
MAX_AHEAD = timedelta(days=10 * 365)  # as far ahead as a debt's due date may be
SNOOZE_OPTIONS = {"1h": "1h", "ton": "tonight", "tmr": "tomorrow"}


def remind_command(turn: Turn, args: str) -> None:
    """``/remind <when> <what>``, or explain how."""
    if not args:
        turn.say("rem.how_to")
        return
    draft = nlu.parse_reminder(args, turn.local_now, None)
    if draft is None:
        when = nlu.parse_time(args, turn.local_now, None)
        task = args if when is None else (args[: when.span[0]] + args[when.span[1]:]).strip(" ,，。")
        draft = ReminderDraft(when=when, task=task)
    request(turn, draft, args)


def request_text(turn: Turn, text: str) -> None:
    """Set the reminder a message asks for (``Kind.REMINDER``), or ask when."""
    draft = turn.readings[text].reminder
    if draft is None:
        raise UserInputError("err.not_understood")  # the router sends only a message that asks for one
    request(turn, draft, text)


def request(turn: Turn, draft: ReminderDraft, text: str) -> None:
    """Set a reminder the user asked for, or ask when."""
    if not has_consent(turn, resume_text=text):
        return
    task = mask_card_numbers(" ".join(draft.task.split()))[:TASK_MAX]
    if draft.when is None:
        turn.expect(RemindWhenStep(task=task))
        turn.say("rem.ask_when", task=task or Text("rem.custom_untitled"),
                 buttons=((turn.button("btn.cancel", "x"),),))
        return
    _set(turn, draft.when, task)


def say_not_set(turn: Turn) -> None:
    """The question "when should I remind you?" is being dropped for a new request: say the reminder is not set."""
    step = turn.dialogue.step
    if isinstance(step, RemindWhenStep):
        turn.say("rem.not_set", task=step.task or Text("rem.custom_untitled"))


def answer_when(turn: Turn, text: str) -> bool:
    """Use a typed time for the reminder that was waiting for one (or a typed yes/no to the reading offered)."""
    step = turn.dialogue.step if isinstance(turn.dialogue.step, RemindWhenStep) else RemindWhenStep()
    task, guess = step.task, step.guess
    if guess is not None and is_yes(text):
        _confirm_guess(turn, guess, task)
        return True
    if guess is not None and is_no(text):
        _ask_again(turn, task)
        return True
    parsed = nlu.parse_time(text, turn.local_now, None)
    if parsed is None:
        raise UserInputError("rem.ask_when_again")
    turn.end_step()
    _set(turn, parsed, task)
    return True


def _ask_to_confirm(turn: Turn, when: ParsedTime, task: str) -> None:
    """An uncertain reading is offered, never saved: "我理解成 12月2日，对吗？'xx' 没看懂"."""
    guess = TimeGuess(at=when.at, timed=when.has_time_of_day,
                      rule=None if when.recurrence is None else str(when.recurrence))
    turn.expect(RemindWhenStep(task=task, guess=guess))
    shown = When(when.at) if when.has_time_of_day else Day(when.at.astimezone(turn.zone).date())
    turn.say("rem.unsure", when=shown, leftover=when.leftover, buttons=(
        (turn.button("btn.yes", "cr:ok"), turn.button("btn.no_retype", "cr:no")), (turn.button("btn.cancel", "x"),)))


def _confirm_guess(turn: Turn, guess: TimeGuess, task: str) -> None:
    turn.end_step()
    _save(turn, guess.at, guess.timed, guess.rule, (), task)


def _ask_again(turn: Turn, task: str) -> None:
    turn.expect(RemindWhenStep(task=task))
    turn.say("rem.ask_when", task=task or Text("rem.custom_untitled"), buttons=((turn.button("btn.cancel", "x"),),))


def _set(turn: Turn, when: ParsedTime, task: str) -> None:
    if not when.confident:
        _ask_to_confirm(turn, when, task)
        return
    rule = None if when.recurrence is None else str(when.recurrence)
    _save(turn, when.at, when.has_time_of_day, rule, when.alternatives, task)


def _save(turn: Turn, at: datetime, timed: bool, rule: str | None, alternatives: tuple[datetime, ...],
          task: str) -> None:
    if not timed and rule is None:
        # A day without a time ("明天提醒我还花呗"): the user's usual reminder time that day.
        at = local_instant(at.date(), turn.user.reminder_minute, turn.zone).astimezone(turn.zone)
    if at.astimezone(turn.zone) <= turn.local_now:
        raise UserInputError("rem.in_past", when=When(at))
    if at.astimezone(turn.zone) > turn.local_now + MAX_AHEAD:
        raise UserInputError("err.date_too_far")  # "9999天后" is a typo or a test, not a plan
    if schedule.count_pending_reminders(session=turn.session, owner_id=turn.owner_id, kind="custom") >= MAX_PENDING_CUSTOM:
        raise UserInputError("err.too_many_reminders", limit=MAX_PENDING_CUSTOM)
    root = uuid.uuid4().hex[:12]
    local_at = at.astimezone(turn.zone)
    row_id = planning.plan_custom(turn.session, user=turn.user, at=local_at, task=task, rule=rule, now=turn.now,
                                  root=root)
    if row_id is None:  # a new root makes a new key: this cannot happen, but never offer a button to nothing
        raise NotFoundError("err.reminder_not_found")
    key = "rem.set_repeat" if rule else "rem.set"
    buttons = [(turn.button("btn.cancel_reminder", f"cr:cancel:{row_id}"),)]
    extra: Value = ""
    if alternatives:
        alt = alternatives[0].astimezone(turn.zone)
        extra = Text("rem.alternative", when=When(alt))
        if alt > turn.local_now:
            buttons.insert(0, (turn.button("btn.use_alternative", f"cr:move:{row_id}:{int(alt.timestamp())}",
                                           when=When(alt)),))
    turn.say(key, when=When(local_at), task=task or Text("rem.custom_untitled"),
             repeat=Rule(rule), extra=extra, buttons=tuple(buttons))


def show_reminders(turn: Turn, _args: str) -> None:
    """``/reminders``: the user's upcoming free-form reminders, each with a cancel button."""
    rows = schedule.list_pending_reminders(session=turn.session, owner_id=turn.owner_id, kinds=("custom",))
    if not rows:
        turn.say("rem.none")
        return
    lines: list[Value] = []
    buttons: list[tuple[Choice, ...]] = []
    for n, row in enumerate(rows[:20], start=1):
        payload = json.loads(row.payload or "{}")
        task = payload.get("task") or Text("rem.custom_untitled")
        lines.append(joined(f"{n}. ", When(row.fire_at), " — ", task))
        buttons.append((turn.button("btn.cancel_numbered", f"cr:cancel:{row.id}", n=n),))
    turn.say("rem.list", lines=Lines(tuple(lines)), buttons=tuple(buttons))


def debt_reminder_button(turn: Turn, parts: list[str]) -> None:
    """Buttons under a debt reminder: ``rm:paid|part|stop:<id>`` and ``rm:snz:<1h|ton|tmr>:<id>``."""
    action = parts[0]
    if action == "snz":
        option = SNOOZE_OPTIONS.get(parts[1] if len(parts) > 1 else "")
        debt = owned_debt(turn, int_part(parts, 2), active_only=True)
        if option is None:
            raise NotFoundError("err.stale_button")
        until = snooze_until(option, turn.now, turn.policy())
        planning.plan_snooze(turn.session, user=turn.user, debt=debt, until=until, now=turn.now,
                             payload={"due": debt.due_date.isoformat() if debt.due_date else None})
        turn.say("rem.snoozed", edit=True, creditor=debt.creditor, when=When(until))
        return
    debt = owned_debt(turn, int_part(parts, 1), active_only=True)
    if action == "paid":
        turn.end_step()
        apply_payment(turn, debt, debt.balance, turn.now, edit=True)
    elif action == "part":
        ask_part_amount(turn, debt, edit=True)
    elif action == "stop":
        set_muted(turn, debt, muted=True)
        turn.say("rem.stopped", edit=True, creditor=debt.creditor, buttons=(
            (turn.button("btn.unmute", f"d:{debt.id}:unmute"), turn.button("btn.undo", "undo")),))
    else:
        raise NotFoundError("err.stale_button")


def custom_reminder_button(turn: Turn, parts: list[str]) -> None:
    """Buttons under a free-form reminder: ``cr:done|cancel:<id>``, ``cr:snz:<opt>:<id>``, ``cr:move:<id>:<ts>``;
    and ``cr:ok``/``cr:no`` under "did I read that time right?"."""
    action = parts[0]
    if action in ("ok", "no"):
        step = turn.dialogue.step
        guess = step.guess if isinstance(step, RemindWhenStep) else None
        if guess is None:
            raise NotFoundError("err.stale_button")
        task = step.task if isinstance(step, RemindWhenStep) else ""
        if action == "ok":
            _confirm_guess(turn, guess, task)
        else:
            _ask_again(turn, task)
        return
    index = 2 if action == "snz" else 1
    row = schedule.get_reminder(session=turn.session, owner_id=turn.owner_id, reminder_id=int_part(parts, index))
    if row is None or row.kind != "custom":
        raise NotFoundError("err.reminder_not_found")
    payload = json.loads(row.payload or "{}")
    saved = str(payload.get("task") or "")
    named: Value = saved or Text("rem.custom_untitled")
    if action == "done":
        turn.say("rem.done", edit=True, task=named)
    elif action == "cancel":
        count = _cancel_series(turn, row, str(payload.get("root", "")))
        if count == 0:
            raise NotFoundError("err.reminder_not_found")
        turn.say("rem.cancelled", edit=True, task=named)
    elif action == "snz":
        option = SNOOZE_OPTIONS.get(parts[1])
        if option is None:
            raise NotFoundError("err.stale_button")
        until = snooze_until(option, turn.now, turn.policy())
        planning.plan_snooze(turn.session, user=turn.user, debt=None, until=until, now=turn.now,
                             payload={"task": saved, "root": f"{payload.get('root', row.id)}-s"})
        turn.say("rem.snoozed_custom", edit=True, task=named, when=When(until))
    elif action == "move" and row.status == "pending":
        target = int_part(parts, 2)
        if target > (turn.now + MAX_AHEAD).timestamp():
            # The bot never offers a time that far ahead: tampered data (and past year 9999 datetime overflows).
            raise NotFoundError("err.stale_button")
        moved = datetime.fromtimestamp(target, tz=turn.zone)
        if moved <= turn.local_now:
            raise UserInputError("rem.in_past", when=When(moved))
        planning.settle(turn.session, [row.id or 0], CANCEL, turn.now)
        planning.plan_custom(turn.session, user=turn.user, at=moved, task=str(payload.get("task", "")),
                             rule=payload.get("rule"), now=turn.now, root=f"{payload.get('root', row.id)}-m")
        turn.say("rem.moved", edit=True, task=named, when=When(moved))
    else:
        raise NotFoundError("err.stale_button")


def _cancel_series(turn: Turn, row: Reminder, root: str) -> int:
    """Cancel a reminder and, for a repeating one, its later occurrences."""
    ids = [pending.id or 0 for pending in schedule.list_pending_reminders(session=turn.session, owner_id=turn.owner_id,
                                                                     kinds=("custom",))
           if pending.id == row.id or (root and json.loads(pending.payload or "{}").get("root") == root)]
    planning.settle(turn.session, ids, CANCEL, turn.now)
    return len(ids)


# --- the digest --------------------------------------------------------------------------------------------

def digest_text(session: Session, user: User, now: datetime, policy: Policy) -> str | None:
    """Write the user's weekly digest, or None when they have never had a debt (nothing to sum up)."""
    debts = accounts.list_debts(session=session, owner_id=user.id or 0, include_settled=True)
    if not debts:
        return None
    progress = Progress.load(session, user.id or 0, debts)
    facts = digest_facts(debts, progress.streak(), progress.done(now, policy.zone), local_date(now, policy.zone))
    return None if facts is None else compose_digest(facts, user.language)


def plan_digest(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next weekly digest (a no-op when it is already planned or switched off, or before consent)."""
    if not user.digest_enabled or user.consent_at is None:
        planning.cancel_planned(session, owner_id=user.id or 0, kinds=("digest",))
        return
    at = next_weekday_slot(now, policy, DIGEST_WEEKDAY)
    planning.plan_row(session, user=user, kind="digest", fire_at=at, now=now,
                      key=f"digest:{user.id}:{local_date(at, policy.zone)}")


def plan_tip(session: Session, user: User, now: datetime, policy: Policy) -> None:
    """Plan the next scheduled tip on the user's rhythm (weekly by default; none when switched off or before
    consent: changing a setting must not make the bot start writing to someone who never agreed)."""
    planning.cancel_planned(session, owner_id=user.id or 0, kinds=("tip",))
    if user.tip_frequency not in ("weekly", "daily") or user.consent_at is None:
        return
    at = next_weekday_slot(now, policy, TIP_WEEKDAY, daily=user.tip_frequency == "daily")
    planning.plan_row(session, user=user, kind="tip", fire_at=at, now=now,
                      key=f"tip:{user.id}:{local_date(at, policy.zone)}")


# --- what the dispatcher sends -----------------------------------------------------------------------------

LATE_AFTER = timedelta(minutes=15)
FOLD_ABOVE = 4  # more rows than this for one user in one batch: one summary instead of a list


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to send now, and the schedule rows it acknowledges once delivered."""

    to: Address
    reply: Reply
    row_ids: tuple[int, ...]
    user_id: int


def policy_of(user: User) -> Policy:
    """Return the reminder policy stored on a user."""
    return Policy(zone=ZoneInfo(user.timezone), reminder_minute=user.reminder_minute,
                  lead_days=parse_lead_days(user.lead_days),
                  quiet=QuietHours(user.quiet_start_minute, user.quiet_end_minute))


def prepare_due(session: Session, rows: list[Reminder], now: datetime) -> list[Outgoing]:
    """Return the messages for claimed rows; rows not worth sending are cancelled or moved within ``session``.

    Users and debts of the whole batch are loaded in one query each: the tick runs on the event loop and must
    stay short however many users a batch touches.
    """
    by_user: dict[int, list[Reminder]] = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(tuple(by_user))))}
    debt_ids = {r.debt_id for r in rows if r.debt_id is not None}
    # Loaded into the session's identity map (and kept referenced, which keeps them there), so the per-row
    # lookups below are served from memory; likewise what each user was sent today, for the daily cap.
    debts = list(session.exec(select(Debt).where(col(Debt.id).in_(tuple(debt_ids))))) if debt_ids else []
    sent = _sent_recently(session, [u for u, rs in by_user.items() if any(r.kind in BOT_INITIATED for r in rs)], now)
    out: list[Outgoing] = []
    for user_id, user_rows in by_user.items():
        user = users.get(user_id)
        verdict = delivery.for_user(known=user is not None, paused=user is not None and user.paused_at is not None)
        if user is None or verdict.action is not Action.SEND:
            planning.settle(session, _ids(user_rows), verdict, now)
            continue
        message = _prepare_user(session, user, user_rows, now, sent.get(user_id, set()))
        if message is not None:
            out.append(message)
    del debts
    return out


def _prepare_user(session: Session, user: User, rows: list[Reminder], now: datetime,
                  sent: set[datetime]) -> Outgoing | None:
    policy = policy_of(user)
    sections: list[_Section] = []
    budget = delivery.daily_budget(user.daily_cap, sent, now, policy.zone)
    for row in rows:
        # What there is still to say is looked at first: with nothing left, the row is cancelled and what comes
        # after it (tomorrow's nudge, the bill's next cycle) is planned all the same.
        section = _section_for(session, user, row, now, policy)
        verdict = delivery.for_row(has_content=section is not None, kind=row.kind, respect_quiet=row.respect_quiet,
                                   budget_left=budget, now=now, policy=policy)
        if verdict.action is not Action.SEND:
            planning.settle(session, [row.id or 0], verdict, now)
            if verdict.action is Action.CANCEL:
                _plan_follow_up(session, user, row, now, policy)
            continue
        assert section is not None
        sections.append(section)
        _plan_follow_up(session, user, row, now, policy)
    if not sections:
        return None
    # Written out once, in the user's language and zone, when the whole message is known.
    reply = render_reply(_compose(sections, now, policy), Locale.at(user.language, policy.zone, now))
    return Outgoing(Address.parse(user.address), reply, tuple(s.row.id or 0 for s in sections), user.id or 0)


def _sent_recently(session: Session, user_ids: list[int], now: datetime) -> dict[int, set[datetime]]:
    """When each user got bot-initiated messages in the last 26 hours (any local day starts within them)."""
    if not user_ids:
        return {}
    sent: dict[int, set[datetime]] = defaultdict(set)
    for user_id, sent_at in session.exec(select(Reminder.user_id, Reminder.sent_at).where(
            col(Reminder.user_id).in_(user_ids), col(Reminder.status) == "sent",
            col(Reminder.sent_at) >= now - timedelta(hours=26), col(Reminder.kind).in_(BOT_INITIATED))):
        if sent_at is not None:
            sent[user_id].add(sent_at)
    return sent


@dataclass(frozen=True, slots=True)
class _Section:
    row: Reminder
    text: Value
    buttons: Choices
    debt: Debt | None


def _payload(row: Reminder) -> dict[str, Any]:
    try:
        data = json.loads(row.payload or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _section_for(session: Session, user: User, row: Reminder, now: datetime, policy: Policy) -> _Section | None:
    lang = user.language
    payload = _payload(row)
    late = row.fire_at < now - LATE_AFTER
    late_note: Value = Text("rem.late", when=When(row.fire_at, year=True)) if late else ""
    if row.kind == "custom":
        text = joined(Text("rem.custom", task=payload.get("task") or Text("rem.custom_untitled")), late_note)
        return _Section(row, text, custom_buttons(row.id or 0), None)
    if row.kind == "tip":
        # Tips and the digest are written by bot.core with their sources, in the user's language.
        tip = pick_tip(session, user.id or 0, now, policy.zone, lang) if user.tip_frequency != "off" else None
        if tip is None:
            return None
        return _Section(row, joined(tip, late_note), ((Choice(Text("btn.more_tip"), "tip"),
                                                       Choice(Text("btn.recovery"), "recovery")),), None)
    if row.kind == "digest":
        digest = digest_text(session, user, now, policy) if user.digest_enabled else None
        if digest is None:
            return None
        return _Section(row, digest, ((Choice(Text("btn.list"), "list"),
                                       Choice(Text("btn.recovery"), "recovery")),), None)
    if row.debt_id is None:
        return None
    if row.kind == "bill":
        return _bill_section(session, user, row, now, policy)
    if row.kind == "record":
        return _record_section(session, user, row, now, policy)
    debt = session.get(Debt, row.debt_id)  # loaded with the batch
    if debt is not None and debt.user_id != user.id:
        debt = None
    if not delivery.debt_reminder_applies(debt, kind=row.kind, planned_due=payload.get("due")):
        return None  # paid, muted, deleted, or planned for a cycle that is over
    assert debt is not None and debt.due_date is not None
    text = joined(debt_status_text(debt, now.astimezone(policy.zone).date()), late_note)
    return _Section(row, text, debt_buttons(debt), debt)


def _bill_section(session: Session, user: User, row: Reminder, now: datetime, policy: Policy) -> _Section | None:
    """Ask for the amount of a recurring bill's new cycle (the answer goes to the "bill" dialogue)."""
    debt = accounts.get_debt(session=session, owner_id=user.id or 0, debt_id=row.debt_id or 0)
    if not delivery.bill_question_applies(debt):
        return None
    assert debt is not None and debt.due_date is not None and debt.id is not None
    # The answer goes to the "bill" question; debts the user was registering stay, as after any other message.
    write_dialogue(session, user, DialogueState.from_json(user.state).expecting(BillAmountStep(debt.id)))
    amount = Money(debt.original_amount, debt.currency)
    text: Value = Text("bill.ask", creditor=debt.creditor, due=Day(debt.due_date), amount=amount)
    since = debt.overdue_since
    buttons: Choices = ((Choice(Text("btn.keep_bill", amount=amount), f"bill:keep:{debt.id}"),),)
    if debt.carried_overdue and since is not None:
        text = joined(text, Text("bill.carried_note", amount=Money(debt.carried_overdue, debt.currency),
                                 since=Day(since)))
        buttons += ((Choice(Text("btn.no_new_bill"), f"bill:none:{debt.id}"),),)
    return _Section(row, text, buttons, debt)


def _record_section(session: Session, user: User, row: Reminder, now: datetime, policy: Policy) -> _Section | None:
    """The day a settled late record should have left the credit report: suggest checking it (free twice a year)."""
    debt = accounts.get_debt(session=session, owner_id=user.id or 0, debt_id=row.debt_id or 0)
    if not delivery.record_check_applies(debt, planned_clears=_payload(row).get("clears")):
        return None
    assert debt is not None and debt.record_clears_on is not None
    text = Text("rem.record_check", creditor=debt.creditor, day=LongDate(debt.record_clears_on))
    return _Section(row, text, (), None)


def debt_status_text(debt: Debt, today: date) -> Value:
    """Say where a debt stands today: due in N days, due today, or overdue since its first missed due date (with
    the carried overdue part kept apart from the current cycle, and a labelled penalty estimate)."""
    assert debt.due_date is not None
    where = standing_of(debt, today)
    if not where.overdue:
        amount = Money(debt.balance, debt.currency)
        left = (debt.due_date - today).days
        if left > 0:
            return Text("rem.pre_due", creditor=debt.creditor, amount=amount, due=Day(debt.due_date), days=left)
        return Text("rem.due_today", creditor=debt.creditor, amount=amount)
    assert where.overdue_since is not None
    parts: list[Value] = [Text("rem.overdue", creditor=debt.creditor, amount=Money(where.overdue_amount, debt.currency),
                               days=where.overdue_days, due=Day(where.overdue_since)),
                          current_part_text(debt, where)]
    if debt.daily_rate:
        penalty = penalty_estimate(where, debt.daily_rate, today)
        parts.append(Text("rem.penalty_estimate", rate=Percent(debt.daily_rate),
                          penalty=Money(penalty, debt.currency)))
    return joined(*parts, Text("rem.overdue_hint"))


def current_part_text(debt: Debt, where: Standing) -> Value:
    """The current cycle beside a carried overdue part: its own amount and due date, never merged with it."""
    if where.carried_amount <= 0 or where.current_due is None:
        return ""
    due = Day(where.current_due)
    if where.current_amount is None:
        return Text("rem.current_awaiting", due=due)
    if where.current_amount <= 0:
        return ""
    amount = Money(where.current_amount, debt.currency)
    carried = Money(where.carried_amount, debt.currency)
    if where.current_past_due:
        return Text("rem.current_past_due", amount=amount, due=due, carried=carried)
    if where.days_left is not None and where.days_left > 0:
        return Text("rem.current_due_in", amount=amount, due=due, days=where.days_left, carried=carried)
    return Text("rem.current_due_today", amount=amount, carried=carried)


def debt_buttons(debt: Debt) -> Choices:
    """The actions offered under a debt reminder: paid, paid part, snooze, stop."""
    i = debt.id
    return (
        (Choice(Text("btn.paid_full"), f"rm:paid:{i}"), Choice(Text("btn.paid_part"), f"rm:part:{i}")),
        (Choice(Text("btn.snooze_1h"), f"rm:snz:1h:{i}"), Choice(Text("btn.snooze_tonight"), f"rm:snz:ton:{i}"),
         Choice(Text("btn.snooze_tomorrow"), f"rm:snz:tmr:{i}")),
        (Choice(Text("btn.stop_debt"), f"rm:stop:{i}"),),
    )


def custom_buttons(row_id: int) -> Choices:
    """The actions offered under a free-form reminder: done, or snooze."""
    return (
        (Choice(Text("btn.done"), f"cr:done:{row_id}"),),
        (Choice(Text("btn.snooze_1h"), f"cr:snz:1h:{row_id}"),
         Choice(Text("btn.snooze_tonight"), f"cr:snz:ton:{row_id}"),
         Choice(Text("btn.snooze_tomorrow"), f"cr:snz:tmr:{row_id}")),
    )


def _plan_follow_up(session: Session, user: User, row: Reminder, now: datetime, policy: Policy) -> None:
    """Plan what comes after this message: tomorrow's overdue nudge, or the next time of a repeating reminder."""
    if row.kind in ("overdue", "due", "snooze") and row.debt_id is not None:
        debt = accounts.get_debt(session=session, owner_id=user.id or 0, debt_id=row.debt_id)
        if debt is not None and debt.status == "active" and not debt.reminders_muted:
            if not _roll_unpaid_cycle(session, user, debt, now, policy):
                planning.plan_next_overdue(session, user=user, debt=debt, policy=policy, now=now)
    if row.kind == "tip":
        plan_tip(session, user, now, policy)
    if row.kind == "digest":
        plan_digest(session, user, now, policy)
    if row.kind == "custom":
        payload = _payload(row)
        following = next_repeat(payload.get("rule"), payload.get("local"), policy.zone, now)
        if following is not None:
            planning.plan_custom(session, user=user, at=following, task=payload.get("task", ""),
                                 rule=payload.get("rule"), now=now, root=str(payload.get("root", row.id)))


def _roll_unpaid_cycle(session: Session, user: User, debt: Debt, now: datetime, policy: Policy) -> bool:
    """A recurring bill whose next due date has come while the last cycle is unpaid moves to the new cycle.

    The unpaid amount is kept as its own overdue part with its first missed due date (bot.core.overdue), and
    the bot asks for the new cycle's bill. Returns True when it rolled.
    """
    rolled = roll_unpaid(cycle_of(debt), debt.rrule, now.astimezone(policy.zone).date())
    if rolled is None or rolled.due_date is None:
        return False
    write_cycle(session, debt, rolled, now)
    planning.plan_debt(session, user=user, debt=debt, policy=policy, now=now)
    planning.plan_row(session, user=user, debt=debt, kind="bill", fire_at=now, now=now,
                      key=f"bill:{debt.id}:{rolled.due_date}", payload={"due": rolled.due_date.isoformat()})
    return True


def _compose(sections: list[_Section], now: datetime, policy: Policy) -> Said:
    if len(sections) == 1:
        only = sections[0]
        return Said(only.text, buttons=only.buttons)
    if len(sections) > FOLD_ABOVE:
        today = now.astimezone(policy.zone).date()
        debts = {s.debt.id: s.debt for s in sections if s.debt is not None}
        lines = [debt_status_text(d, today) for d in debts.values()]
        lines += [s.text for s in sections if s.debt is None]
        rows = tuple((Choice(Text("btn.paid_named", creditor=d.creditor), f"rm:paid:{d.id}"),
                      Choice(Text("btn.paid_part"), f"rm:part:{d.id}")) for d in list(debts.values())[:5])
        return Said(Lines((Text("rem.folded", count=len(sections)), *lines), "\n\n"),
                    buttons=rows + ((Choice(Text("btn.list"), "list"),),))
    text = Lines((Text("rem.several", count=len(sections)),
                  *(joined(f"{n}. ", s.text) for n, s in enumerate(sections, start=1))), "\n\n")
    buttons: list[tuple[Choice, ...]] = []
    for s in sections:
        if s.debt is not None:
            buttons.append((Choice(Text("btn.paid_named", creditor=s.debt.creditor), f"rm:paid:{s.debt.id}"),
                            Choice(Text("btn.paid_part"), f"rm:part:{s.debt.id}"),
                            Choice(Text("btn.snooze_tomorrow"), f"rm:snz:tmr:{s.debt.id}")))
        elif s.row.kind == "custom":
            buttons.append((Choice(Text("btn.done_named", n=sections.index(s) + 1), f"cr:done:{s.row.id}"),))
        else:
            buttons.extend(row for row in s.buttons[:1] if row not in buttons)
    return Said(text, buttons=tuple(buttons))


def _ids(rows: list[Reminder]) -> list[int]:
    return [r.id for r in rows if r.id is not None]
