"""Small helpers shared by the handlers: safe ids from button data, consent gate, debt lookups."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.dialogue import ConsentStep, PendingDebt
from bot.engine.turn import Buttons, Turn
from bot.errors import NotFoundError
from storage import accounts
from storage.models import Debt


def int_part(parts: list[str], index: int) -> int:
    """Read an id from button data; anything tampered reads as "not found"."""
    try:
        value = parts[index]
    except IndexError as err:
        raise NotFoundError("err.stale_button") from err
    # ASCII only: str.isdigit() also accepts "²" and "①", which int() then refuses with a ValueError.
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise NotFoundError("err.stale_button")
    return int(value)


def owned_debt(turn: Turn, debt_id: int, *, active_only: bool = False) -> Debt:
    """Return the user's debt or raise "not found" (also for someone else's debt: no hint that it exists)."""
    debt = accounts.get_debt(session=turn.session, owner_id=turn.owner_id, debt_id=debt_id)
    if debt is None or (active_only and debt.status != "active"):
        raise NotFoundError("err.debt_not_found")
    return debt


def has_consent(turn: Turn, resume_text: str | None = None, save: Sequence[PendingDebt] = ()) -> bool:
    """Tell whether the user agreed to storing financial data; if not, ask, remembering what to do after:
    handle ``resume_text`` again, or save the confirmed drafts ``save``."""
    if turn.user.consent_at is not None:
        return True
    # Kept until the user answers, so masked like everything stored; without the last four digits, which the
    # parser would take for an amount when the text is read again after consent.
    resume = turn.readings[resume_text].masked if resume_text else None
    turn.expect(ConsentStep(resume=resume, save=tuple(save)))
    turn.say("onb.consent_needed", buttons=consent_buttons(turn))
    return False


def consent_buttons(turn: Turn) -> Buttons:
    """The agree / decline buttons of the consent question."""
    return ((turn.button("btn.consent_yes", "c:yes"), turn.button("btn.consent_no", "c:no")),)
