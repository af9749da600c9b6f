"""``/settings``: language, time zone (confirmed by asking the local time), reminder time, quiet hours, lead days,
tip frequency. Changing the zone keeps every reminder at the same local time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.core.dialogue import SettingStep
from bot.core.schedule import DEFAULT_LEAD_DAYS, QuietHours, format_lead_days, parse_lead_days
from bot.core.zones import resolve_zone
from bot.engine import planning, schedule_status
from bot.engine.debts import lead_text, parse_lead_days_text
from bot.engine.digest import plan_digest, plan_tip
from bot.engine.turn import Turn
from bot.errors import NotFoundError, UserInputError
from bot.nlu import parse_time
from bot.texts import LANGUAGES
from bot.texts.values import Choice, Clock, Day, Lines, Text, TimeOfDay, Value, joined
from storage import accounts, schedule

_RANGE = re.compile(r"^\s*(\d{1,2})(?:[:：](\d{2}))?\s*(?:-|~|到|至|—|to)\s*(\d{1,2})(?:[:：](\d{2}))?\s*$")
_OFF_WORDS = {"关闭", "关", "不要", "off", "none", "no"}
TIP_CHOICES = ("weekly", "daily", "off")


def show(turn: Turn, _args: str) -> None:
    """Show the current settings with a button for each."""
    u = turn.user
    turn.say("set.summary", language=Text(f"set.lang_name.{u.language}"), zone=u.timezone,
             local=Clock(turn.local_now), hour=TimeOfDay(u.reminder_minute),
             quiet=_quiet_text(turn), lead=_lead_text(turn), tips=Text(f"set.tips.{u.tip_frequency}"),
             digest=Text("set.digest.on" if u.digest_enabled else "set.digest.off"),
             buttons=((turn.button("btn.set_lang", "s:lang"), turn.button("btn.set_tz", "s:tz")),
                      (turn.button("btn.set_hour", "s:hour"), turn.button("btn.set_quiet", "s:quiet")),
                      (turn.button("btn.set_lead", "s:lead"), turn.button("btn.set_tips", "s:tips")),
                      (turn.button("btn.set_digest_off" if u.digest_enabled else "btn.set_digest_on",
                                   "s:digest:off" if u.digest_enabled else "s:digest:on"),)))


def language_command(turn: Turn, args: str) -> None:
    """``/language en``."""
    if args.strip().lower() in LANGUAGES:
        _set_language(turn, args.strip().lower())
    else:
        button(turn, ["lang"])


def timezone_command(turn: Turn, args: str) -> None:
    """``/timezone Europe/London``."""
    if args:
        _propose_zone(turn, args)
    else:
        button(turn, ["tz"])


def button(turn: Turn, parts: list[str]) -> None:
    """``s:<setting>[:<value>]``."""
    what = parts[0]
    value = parts[1] if len(parts) > 1 else None
    if what == "lang":
        if value is None:
            turn.say("set.ask_lang", buttons=((Choice("中文", "s:lang:zh"), Choice("English", "s:lang:en")),))
        elif value in LANGUAGES:
            _set_language(turn, value)
        else:
            raise NotFoundError("err.stale_button")
    elif what == "tz":
        if value is None:
            turn.expect(SettingStep("tz"))
            turn.say("set.ask_tz", buttons=((turn.button("btn.cancel", "x"),),))
        elif value == "ok" and isinstance(turn.dialogue.step, SettingStep) and turn.dialogue.step.field == "tz_confirm":
            _apply_zone(turn, str(turn.dialogue.step.zone))
        elif value == "no":
            turn.expect(SettingStep("tz"))
            turn.say("set.ask_tz_again", edit=True)
        else:
            raise NotFoundError("err.nothing_pending")
    elif what in ("hour", "quiet", "lead") and value is None:
        turn.expect(SettingStep(what))
        turn.say(f"set.ask_{what}", buttons=((turn.button("btn.cancel", "x"),),))
    elif what == "digest":
        if value not in ("on", "off"):
            raise NotFoundError("err.stale_button")
        turn.user.digest_enabled = value == "on"
        turn.session.add(turn.user)
        plan_digest(turn.session, turn.user, turn.now, turn.policy())
        turn.say("set.digest_saved", edit=True, digest=Text(f"set.digest.{value}"))
    elif what == "tips":
        if value is None:
            turn.say("set.ask_tips", buttons=(tuple(turn.button(f"set.tips.{c}", f"s:tips:{c}") for c in TIP_CHOICES),))
        elif value in TIP_CHOICES:
            turn.user.tip_frequency = value
            turn.session.add(turn.user)
            plan_tip(turn.session, turn.user, turn.now, turn.policy())
            turn.say("set.tips_saved", edit=True, tips=Text(f"set.tips.{value}"))
        else:
            raise NotFoundError("err.stale_button")
    else:
        raise NotFoundError("err.stale_button")


def answer(turn: Turn, text: str) -> bool:
    """Use a typed value for the setting the bot asked about."""
    field = turn.dialogue.step.field if isinstance(turn.dialogue.step, SettingStep) else None
    if field in ("tz", "tz_confirm"):
        _propose_zone(turn, text)
    elif field == "hour":
        _set_hour(turn, text)
    elif field == "quiet":
        _set_quiet(turn, text)
    elif field == "lead":
        _set_lead(turn, text)
    else:
        turn.end_step()
        return False
    return True


def _set_language(turn: Turn, lang: str) -> None:
    turn.user.language = lang
    turn.session.add(turn.user)
    turn.say("set.lang_saved", edit=True)


def _propose_zone(turn: Turn, text: str) -> None:
    zone = resolve_zone(text)
    if zone is None:
        turn.expect(SettingStep("tz"))
        raise UserInputError("set.tz_unknown")
    local = turn.now.astimezone(ZoneInfo(zone))
    turn.expect(SettingStep("tz_confirm", zone=zone))
    turn.say("set.tz_confirm", zone=zone, time=Clock(local), date=Day(local.date(), year=True),
             buttons=((turn.button("btn.yes", "s:tz:ok"), turn.button("btn.no", "s:tz:no")),))


def _apply_zone(turn: Turn, zone: str) -> None:
    old = turn.zone
    turn.user.timezone = zone
    turn.session.add(turn.user)
    turn.end_step()
    _keep_custom_local_times(turn, old, ZoneInfo(zone))
    replan_all(turn)
    turn.say("set.tz_saved", edit=True, zone=zone, time=Clock(turn.local_now))


def _keep_custom_local_times(turn: Turn, old: ZoneInfo, new: ZoneInfo) -> None:
    """A reminder set for "10:00" stays at 10:00 on the wall clock of the new zone."""
    for row in schedule.list_pending_reminders(session=turn.session, owner_id=turn.owner_id, kinds=("custom",)):
        payload = json.loads(row.payload or "{}")
        wall = row.fire_at.astimezone(old).replace(tzinfo=None)
        moved = wall.replace(tzinfo=new)
        payload["local"] = moved.isoformat()
        row.fire_at = moved
        row.payload = json.dumps(payload, ensure_ascii=False)
        turn.session.add(row)


def _set_hour(turn: Turn, text: str) -> None:
    minute = _minute_of_day(turn, text)
    quiet = QuietHours(turn.user.quiet_start_minute, turn.user.quiet_end_minute)
    probe = datetime(2000, 1, 1, minute // 60, minute % 60, tzinfo=UTC)
    if quiet.contains(probe):
        raise UserInputError("set.hour_in_quiet", quiet=_quiet_text(turn))
    turn.user.reminder_minute = minute
    turn.session.add(turn.user)
    turn.end_step()
    replan_all(turn)
    turn.say("set.hour_saved", hour=TimeOfDay(minute))


def _minute_of_day(turn: Turn, text: str) -> int:
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:：](\d{2}))?\s*", text)
    if match is not None and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return int(match.group(1)) * 60 + int(match.group(2) or 0)
    parsed = parse_time(text, turn.local_now, None)
    if parsed is None or not parsed.has_time_of_day or not parsed.confident:
        raise UserInputError("set.hour_unknown")
    return parsed.at.hour * 60 + parsed.at.minute


def _set_quiet(turn: Turn, text: str) -> None:
    if text.strip().lower() in _OFF_WORDS:
        start = end = 0
    else:
        match = _RANGE.match(text)
        if match is None:
            raise UserInputError("set.quiet_unknown")
        sh, sm, eh, em = (int(match.group(i) or 0) for i in range(1, 5))
        if sh > 23 or eh > 23 or sm > 59 or em > 59:
            raise UserInputError("set.quiet_unknown")
        start, end = sh * 60 + sm, eh * 60 + em
    turn.user.quiet_start_minute, turn.user.quiet_end_minute = start, end
    turn.session.add(turn.user)
    turn.end_step()
    replan_all(turn)
    turn.say("set.quiet_saved", quiet=_quiet_text(turn))


def _set_lead(turn: Turn, text: str) -> None:
    turn.user.lead_days = parse_lead_days_text(text) or format_lead_days(DEFAULT_LEAD_DAYS)
    turn.session.add(turn.user)
    turn.end_step()
    replan_all(turn)
    turn.say("set.lead_saved", lead=_lead_text(turn))


def replan_all(turn: Turn) -> None:
    """Re-plan every active debt, the digest and the tips after a change of zone, time, quiet hours or lead days."""
    for debt in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    schedule_status.cancel_planned(turn.session, owner_id=turn.owner_id, kinds=("digest",))
    plan_digest(turn.session, turn.user, turn.now, turn.policy())
    plan_tip(turn.session, turn.user, turn.now, turn.policy())


def _quiet_text(turn: Turn) -> Value:
    u = turn.user
    if u.quiet_start_minute == u.quiet_end_minute:
        return Text("set.quiet_off")
    return joined(TimeOfDay(u.quiet_start_minute), "–", TimeOfDay(u.quiet_end_minute))


def _lead_text(turn: Turn) -> Lines:
    return lead_text(parse_lead_days(turn.user.lead_days))
