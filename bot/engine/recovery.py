"""The recovery companion in the conversation: ``/recovery`` checklist, ``/tip``, and the step-reached tips."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.recovery import (
    ITEMS_BY_ID,
    auto_ticks,
    current_step,
    open_items,
    render_checklist,
    step_reached,
    tick,
    untick,
)
from bot.core.schedule import local_date
from bot.core.tips import NOT_AFTER_PAYING, choose_tip, load_tips, render_tip, tips_for_step, topics_to_skip
from bot.engine.progress import Progress, done_items
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError
from bot.texts.values import Choice, Lines, Text
from storage import accounts


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
