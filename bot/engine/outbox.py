"""Turn claimed schedule rows into messages, deciding at send time what is still worth saying.

A row planned days ago may no longer fit: the debt was paid, muted or deleted; it is quiet hours now; the user
already had their daily share of messages. ``bot.core.delivery`` decides (send, defer, cap, cancel) and
``bot.engine.schedule_status`` writes the verdict; what is sent is written here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.core import delivery
from bot.core.delivery import BOT_INITIATED, Action
from bot.core.dialogue import BillAmountStep, DialogueState
from bot.core.overdue import Standing, penalty_estimate, roll_unpaid
from bot.core.schedule import Policy, QuietHours, next_repeat, parse_lead_days
from bot.engine import planning, schedule_status
from bot.engine.cycles import cycle_of, standing_of, write_cycle
from bot.engine.digest import digest_text, plan_digest, plan_tip
from bot.engine.recovery import pick_tip
from bot.engine.turn import write_dialogue
from bot.messages import Address, Reply
from bot.texts.render import Locale, render_reply
from bot.texts.values import (
    Choice,
    Choices,
    Day,
    Lines,
    LongDate,
    Money,
    Percent,
    Said,
    Text,
    Value,
    When,
    joined,
)
from storage import accounts
from storage.models import Debt, Reminder, User

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
            schedule_status.settle(session, _ids(user_rows), verdict, now)
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
            schedule_status.settle(session, [row.id or 0], verdict, now)
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


