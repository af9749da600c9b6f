"""Free-form reminders ("2分钟后提醒我给花呗客服打电话") and the buttons under every reminder."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from bot.core.delivery import CANCEL
from bot.core.dialogue import RemindWhenStep, TimeGuess
from bot.core.redact import mask_card_numbers
from bot.core.schedule import local_instant, snooze_until
from bot.engine import planning, schedule_status
from bot.engine.common import has_consent, int_part, owned_debt
from bot.engine.debts import set_muted
from bot.engine.payments import apply_payment, ask_part_amount
from bot.engine.turn import Turn
from bot.errors import NotFoundError, UserInputError
from bot.nlu import ParsedTime, ReminderDraft, parse_reminder, parse_time
from bot.nlu.yes_no import is_no, is_yes
from bot.texts.values import Choice, Day, Lines, Rule, Text, Value, When, joined
from storage import schedule
from storage.models import Reminder

TASK_MAX = 200
MAX_PENDING_CUSTOM = 100
MAX_AHEAD = timedelta(days=10 * 365)  # as far ahead as a debt's due date may be
SNOOZE_OPTIONS = {"1h": "1h", "ton": "tonight", "tmr": "tomorrow"}


def remind_command(turn: Turn, args: str) -> None:
    """``/remind <when> <what>``, or explain how."""
    if not args:
        turn.say("rem.how_to")
        return
    draft = parse_reminder(args, turn.local_now, None)
    if draft is None:
        when = parse_time(args, turn.local_now, None)
        task = args if when is None else (args[: when.span[0]] + args[when.span[1]:]).strip(" ,，。")
        draft = ReminderDraft(when=when, task=task)
    request(turn, draft, args)


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
    parsed = parse_time(text, turn.local_now, None)
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
        schedule_status.settle(turn.session, [row.id or 0], CANCEL, turn.now)
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
    schedule_status.settle(turn.session, ids, CANCEL, turn.now)
    return len(ids)
