"""Your data (PIPL art. 45 and 47): ``/export`` everything stored about you as JSON and CSV; ``/delete`` it all."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.core.redact import mask_card_numbers
from bot.engine.turn import Turn
from bot.errors import NotFoundError
from bot.messages import Attachment
from bot.texts.values import Text
from storage import accounts

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
