"""First contact: welcome, consent to store financial data (PIPL art. 28–29: separate consent), help, cancel."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.dialogue import ConsentStep
from bot.engine import schedule_status
from bot.engine.common import consent_buttons
from bot.engine.debts import save_confirmed
from bot.engine.digest import plan_digest, plan_tip
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError
from bot.messages import InboundEvent
from bot.nlu.normalize import detect_language
from bot.texts.values import Clock, Text


def start(turn: Turn, _args: str) -> None:
    """Greet the user; ask for consent once."""
    if turn.user.consent_at is not None:
        turn.say("onb.welcome_back", buttons=_menu(turn))
        return
    turn.expect(ConsentStep())
    turn.say("onb.welcome", buttons=consent_buttons(turn))


def consent_button(turn: Turn, parts: list[str], *, resume: Callable[[Turn, str], None] | None = None) -> None:
    """Record the answer to the consent question, then carry on with what the user was doing: the text they wrote
    before consenting is read by ``resume`` (the router's ``understand``, passed in so this module need not import
    the router that imports it)."""
    choice = parts[0]
    if choice not in ("yes", "no"):
        raise NotFoundError("err.stale_button")
    step = turn.dialogue.step if isinstance(turn.dialogue.step, ConsentStep) else ConsentStep()
    turn.end_step()
    if choice == "no":
        turn.say("onb.declined", edit=True)
        return
    if turn.user.consent_at is None:
        turn.user.consent_at = turn.now
        turn.session.add(turn.user)
        plan_digest(turn.session, turn.user, turn.now, turn.policy())
        plan_tip(turn.session, turn.user, turn.now, turn.policy())
    turn.say("onb.consented", edit=True)
    if step.save:
        save_confirmed(turn, step.save)
    elif step.resume and resume is not None:
        resume(turn, step.resume)
    else:
        turn.say("onb.examples", buttons=_menu(turn))
    written = step.resume or ""
    if turn.lang == "en" or (written and detect_language(written, None) == "en"):
        # The default zone is the deployment's (Shanghai, usually); someone writing English may well be elsewhere,
        # and every reminder time depends on it.
        turn.say("onb.ask_tz", zone=turn.user.timezone, time=Clock(turn.local_now),
                 buttons=((turn.button("btn.set_tz", "s:tz"),),))


def help_(turn: Turn, _args: str) -> None:
    """Explain what the bot does, with examples."""
    turn.say("onb.help", buttons=_menu(turn))


def privacy(turn: Turn, _args: str) -> None:
    """Say who runs the bot and how to reach them, what is stored, why, for how long, and how to take it away
    (PIPL arts. 17 and 19)."""
    if turn.operator:
        who = Text("onb.operator", operator=turn.operator,
                     contact=turn.operator_contact or Text("onb.operator_no_contact"))
    else:
        who = Text("onb.operator_unset")
    turn.say("onb.privacy", operator=who)


def cancel(turn: Turn, _args: str) -> None:
    """Drop the question in progress."""
    had = not turn.dialogue.is_empty
    turn.end_dialogue()
    turn.say("onb.cancelled" if had else "onb.nothing_to_cancel")


def event(turn: Turn, kind: InboundEvent) -> None:
    """React to platform events: blocked or unfollowed (pause), follow (welcome)."""
    if kind in ("blocked", "unsubscribe"):
        turn.user.paused_at = turn.now
        turn.session.add(turn.user)
        schedule_status.pause_schedule(turn.session, turn.owner_id)
        return
    if kind == "subscribe":
        start(turn, "")
    # unblocked / subscribe / notify_*: the turn itself already resumed the schedule where that applies


def _menu(turn: Turn) -> Buttons:
    return ((turn.button("btn.list", "list"), turn.button("btn.settings", "settings")),)
