"""The user's account: the first hello and consent, help and privacy, settings (language, zone, reminder hour,
quiet hours), their data (export, delete everything) and the sign-in link to the web page.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot import nlu
from bot.core.dialogue import ConsentStep, SettingStep
from bot.core.redact import mask_card_numbers
from bot.core.schedule import DEFAULT_LEAD_DAYS, QuietHours, format_lead_days, parse_lead_days
from bot.core.webauth import digest, new_token
from bot.core.zones import resolve_zone
from bot.engine import planning
from bot.engine.debts import (
    debt_snapshot,
    lead_text,
    one_named,
    parse_lead_days_text,
    save_confirmed,
    save_edit,
)
from bot.engine.reminders import plan_digest, plan_tip
from bot.engine.turn import Buttons, Turn, consent_buttons
from bot.errors import NotFoundError, UserInputError
from bot.messages import Attachment, InboundEvent
from bot.nlu.creditor import find_creditor
from bot.nlu.lazy_re import lazy_compile
from bot.nlu.normalize import detect_language
from bot.texts import LANGUAGES
from bot.texts.values import Choice, Clock, Day, Lines, Text, TimeOfDay, Value, joined
from storage import accounts, schedule
from storage import web as web_store

# --- first contact -----------------------------------------------------------------------------------------

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
        planning.pause_schedule(turn.session, turn.owner_id)
        return
    if kind == "subscribe":
        start(turn, "")
    # unblocked / subscribe / notify_*: the turn itself already resumed the schedule where that applies


def _menu(turn: Turn) -> Buttons:
    return ((turn.button("btn.list", "list"), turn.button("btn.settings", "settings")),)


# --- settings ----------------------------------------------------------------------------------------------

_RANGE = lazy_compile(r"^\s*(\d{1,2})(?:[:：](\d{2}))?\s*(?:-|~|到|至|—|to)\s*(\d{1,2})(?:[:：](\d{2}))?\s*$")
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
    parsed = nlu.parse_time(text, turn.local_now, None)
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


def lead_by_words(turn: Turn, text: str) -> None:
    """"提前三天提醒我还信用卡", "remind me the day before": reminders also that many days before the due date — of
    the debt named, or of every debt (the setting) when none is. The reminders already set stay."""
    reading = turn.readings[text]
    days = reading.lead
    if days is None:
        raise UserInputError("err.not_understood")  # the router sends only a message that asks for it
    named = find_creditor(reading.fixed)
    if named is None:
        turn.user.lead_days = format_lead_days((*parse_lead_days(turn.user.lead_days), days))
        turn.session.add(turn.user)
        replan_all(turn)
        turn.say("set.lead_saved", lead=_lead_text(turn))
        return
    debt = one_named(turn, named.name, "e:lead")
    if debt is None:
        return
    snapshot = debt_snapshot(debt)
    debt.lead_days = format_lead_days((*parse_lead_days(debt.lead_days or turn.user.lead_days), days))
    save_edit(turn, debt, snapshot)
    turn.say("set.lead_saved_debt", creditor=debt.creditor, lead=lead_text(parse_lead_days(debt.lead_days)),
             buttons=((turn.button("btn.undo", "undo"),),))


def replan_all(turn: Turn) -> None:
    """Re-plan every active debt, the digest and the tips after a change of zone, time, quiet hours or lead days."""
    for debt in accounts.list_debts(session=turn.session, owner_id=turn.owner_id):
        planning.plan_debt(turn.session, user=turn.user, debt=debt, policy=turn.policy(debt.lead_days), now=turn.now)
    planning.cancel_planned(turn.session, owner_id=turn.owner_id, kinds=("digest",))
    plan_digest(turn.session, turn.user, turn.now, turn.policy())
    plan_tip(turn.session, turn.user, turn.now, turn.policy())


def _quiet_text(turn: Turn) -> Value:
    u = turn.user
    if u.quiet_start_minute == u.quiet_end_minute:
        return Text("set.quiet_off")
    return joined(TimeOfDay(u.quiet_start_minute), "–", TimeOfDay(u.quiet_end_minute))


def _lead_text(turn: Turn) -> Lines:
    return lead_text(parse_lead_days(turn.user.lead_days))


# --- the user's data ---------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export(turn: Turn, _args: str) -> None:
    """Send every row stored about the user: one JSON file, and one CSV of debts and payments."""
    rows = accounts.rows_of_user(session=turn.session, owner_id=turn.owner_id)
    document = json.dumps({"exported_at": turn.now.isoformat(), "tables": rows}, ensure_ascii=False, indent=2,
                          default=_json_default).encode("utf-8")
    stamp = turn.local_now.strftime("%Y%m%d")
    turn.reply(Text("data.export_ready", debts=len(rows.get("debt", [])), payments=len(rows.get("payment", []))),
               attachments=(Attachment(f"repaybot-export-{stamp}.json", document, "application/json"),
                            Attachment(f"repaybot-export-{stamp}.csv", _csv(rows), "text/csv")))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _csv(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """A flat CSV: one line per debt and per payment, readable in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record", "id", "debt_id", "creditor", "amount", "balance", "currency", "due_date", "rule",
                     "status", "when"])
    debts = {d["id"]: d for d in rows.get("debt", [])}
    for d in debts.values():
        writer.writerow(_cells(["debt", d["id"], d["id"], d["creditor"], d["original_amount"], d["balance"],
                                d["currency"], d["due_date"] or "", d["rrule"] or "", d["status"],
                                d["created_at"].isoformat()]))
    for p in rows.get("payment", []):
        debt = debts.get(p["debt_id"], {})
        writer.writerow(_cells(["payment", p["id"], p["debt_id"], debt.get("creditor", ""), p["amount"],
                                p["balance_after"], debt.get("currency", ""), p["cycle_due"] or "", "",
                                "on_time" if p["on_time"] else "late", p["paid_at"].isoformat()]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheet apps then read Chinese correctly


def _cells(values: list[Any]) -> list[str]:
    """Cells a spreadsheet shows as typed: one starting with = + - @ (or a tab or carriage return) would run as a
    formula, so it gets a leading apostrophe (OWASP's CSV-injection advice); card numbers masked once more, for
    rows stored before masking caught every shape."""
    out = []
    for value in values:
        cell = mask_card_numbers(str(value))
        out.append("'" + cell if cell[:1] in _FORMULA_START else cell)
    return out


def delete_all(turn: Turn, _args: str) -> None:
    """Ask before deleting everything."""
    turn.say("data.delete_confirm", buttons=(
        (turn.button("btn.delete_everything", "del:all!"), turn.button("btn.cancel", "x")),))


def delete_button(turn: Turn, parts: list[str]) -> None:
    """``del:all!`` deletes every row of the user in every table, schedule included."""
    if parts != ["all!"]:
        raise NotFoundError("err.stale_button")
    accounts.delete_user_everywhere(session=turn.session, user_id=turn.owner_id)
    turn.session.expunge(turn.user)
    turn.say("data.deleted", edit=True)


# --- the web page link -------------------------------------------------------------------------------------

LINK_VALID = timedelta(minutes=15)


def link(turn: Turn, _args: str) -> None:
    """Answer a fresh link, valid 15 minutes and only once; it signs this browser in as this user."""
    token = new_token()
    web_store.add_link(session=turn.session, owner_id=turn.owner_id, token_hash=digest(token),
                       expires_at=turn.now + LINK_VALID, now=turn.now)
    url = f"{turn.web_base_url}/app?t={token}"
    buttons: Buttons = ()
    if turn.user.channel == "tg" and turn.web_base_url.startswith("https://"):
        # Telegram opens only https pages as Mini Apps; there the page signs in with Telegram's own data.
        buttons = ((Choice(Text("web.open_in_telegram"), "", web_app=f"{turn.web_base_url}/app"),),)
    turn.say("web.link", url=url, minutes=int(LINK_VALID.total_seconds() // 60), buttons=buttons)
