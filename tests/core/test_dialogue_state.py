"""The conversation in progress as a typed value (``bot.core.dialogue.DialogueState``): what is stored reads back the
same; what an earlier version stored still reads, so nobody loses the debts they were adding when a new version
starts; whatever cannot be read is left out, never raised; drafts survive commands until saved or cancelled; and
only the turn (and the reminder that asks for a bill) writes the state."""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from bot.core.dialogue import (
    Asking,
    Awaiting,
    BillAmountStep,
    ConsentStep,
    DialogueState,
    EditStep,
    NoticeStep,
    PayAmountStep,
    PayChoiceStep,
    PayManyStep,
    PendingDebt,
    RegisterStep,
    RemindWhenStep,
    SettingStep,
    Step,
    TimeGuess,
)
from bot.engine.engine import Engine
from bot.nlu import BillNotice, OtherNotice
from storage.models import User
from tests.builders import Chat

ROOT = Path(__file__).resolve().parents[2]
HUABEI = PendingDebt(creditor="花呗", creditor_kind="huabei", amount=Decimal("3000.50"), due_date=date(2026, 12, 10),
                     daily_rate=Decimal("0.0005"))
CITI = PendingDebt(creditor="Citi", creditor_kind="credit_card", currency="USD")
PAID_AT = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)

STEPS: list[Step] = [
    ConsentStep(),
    ConsentStep(resume="花呗还了500"),
    ConsentStep(save=(HUABEI,)),
    RegisterStep(),
    RegisterStep(asking=Asking.AMOUNT, at=1),
    RegisterStep(fix="改成15号"),
    EditStep(7, "due"),
    PayChoiceStep(amount=Decimal("500"), paid_at=PAID_AT),
    PayChoiceStep(full=True),
    PayManyStep(items=((3, Decimal("500")), (4, Decimal("1000.25"))), paid_at=PAID_AT),
    PayAmountStep(3),
    BillAmountStep(4),
    NoticeStep(bill=BillNotice(creditor="招商银行", creditor_kind="credit_card", amount=Decimal("4321.09"),
                               minimum=Decimal("432.11"), due=date(2026, 12, 5), statement_date=date(2026, 11, 15),
                               card_last4="1234", currency="CNY", overdue_days=None)),
    NoticeStep(paid=Decimal("800")),
    NoticeStep(),
    # A message of four notices: the second shown, the third (a bill) and the fourth (a repayment) still to show.
    NoticeStep(paid=Decimal("2000.00"), place=2, count=4, rest=(
        (3, BillNotice(creditor=None, creditor_kind="credit_card", amount=Decimal("1999.00"), minimum=None,
                       due=date(2026, 12, 9), statement_date=None, card_last4="7001", currency="CNY",
                       overdue_days=None)),
        (4, OtherNotice(kind="repayment", creditor="工商银行信用卡", creditor_kind="credit_card",
                        amount=Decimal("2000.00"), currency="CNY", card_last4="5678")))),
    RemindWhenStep(task="交房租"),
    RemindWhenStep(task="", guess=TimeGuess(at=PAID_AT, timed=True, rule="FREQ=MONTHLY;BYMONTHDAY=5")),
    SettingStep("tz"),
    SettingStep("tz_confirm", zone="Europe/Berlin"),
]


# --- pure ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS, ids=lambda s: f"{s.KIND}")
@pytest.mark.parametrize("drafts", [(), (HUABEI, CITI)], ids=["no_drafts", "drafts"])
def test_every_step_reads_back_as_it_was_stored(step: Step, drafts: tuple[PendingDebt, ...]) -> None:
    state = DialogueState(drafts=drafts, step=step)
    stored = state.to_json()
    assert stored is not None
    assert DialogueState.from_json(stored) == state
    assert json.loads(stored)["flow"] == str(step.KIND), "the flow name is the one stored before the type existed"


def test_drafts_alone_read_back_and_nothing_in_progress_stores_nothing() -> None:
    only_drafts = DialogueState(drafts=(HUABEI,))
    assert DialogueState.from_json(only_drafts.to_json()) == only_drafts
    assert only_drafts.awaiting is None and not only_drafts.is_empty
    assert DialogueState().to_json() is None
    assert DialogueState.from_json(None) == DialogueState.from_json("") == DialogueState()


# What the version before the typed state wrote, key for key.
OLD_STATES = [
    ('{"flow": "register", "drafts": [{"creditor": "花呗", "creditor_kind": "huabei", "amount": "3000", '
     '"currency": "CNY", "due_date": null, "rule": null, "daily_rate": null, "annual_rate": null, '
     '"unclear_rate": null, "overdue_since": null, "past_alternative": null, "due_unsure": null, "minimum": null, '
     '"statement_day": null, "instalment_amount": null, "instalment_count": null}], "asking": "due", "at": 0}',
     DialogueState(drafts=(PendingDebt(creditor="花呗", creditor_kind="huabei", amount=Decimal("3000")),),
                   step=RegisterStep(asking=Asking.DUE, at=0))),
    # Older still: one draft under "debt", fewer fields.
    ('{"flow": "register", "debt": {"creditor": "借呗", "amount": "2000", "due_date": "2026-12-01"}, '
     '"asking": null, "at": null}',
     DialogueState(drafts=(PendingDebt(creditor="借呗", amount=Decimal("2000"), due_date=date(2026, 12, 1)),),
                   step=RegisterStep())),
    # A settings question asked while drafts waited (set_state merged the drafts in).
    ('{"flow": "settings", "field": "tz", "drafts": [{"creditor": "Citi", "creditor_kind": "credit_card", "currency": "USD"}]}',
     DialogueState(drafts=(CITI,), step=SettingStep("tz"))),
    ('{"drafts": [{"creditor": "Citi", "creditor_kind": "credit_card", "currency": "USD"}]}', DialogueState(drafts=(CITI,))),
    # Consent asked at the card's "confirm", with a single draft as it was once kept.
    ('{"flow": "consent", "save_debt": {"creditor": "借呗", "amount": "2000", "due_date": "2026-12-01"}}',
     DialogueState(step=ConsentStep(save=(PendingDebt(creditor="借呗", amount=Decimal("2000"),
                                                       due_date=date(2026, 12, 1)),)))),
    ('{"flow": "pay_choose", "amount": "500", "full": false, "paid_at": "2026-11-27T12:30:00+00:00"}',
     DialogueState(step=PayChoiceStep(amount=Decimal("500"), paid_at=PAID_AT))),
    ('{"flow": "pay_many", "items": [["3", "500"], ["4", "1000.25"]], "paid_at": "2026-11-27T12:30:00+00:00"}',
     DialogueState(step=PayManyStep(items=((3, Decimal("500")), (4, Decimal("1000.25"))), paid_at=PAID_AT))),
    ('{"flow": "paste", "paid": null}', DialogueState(step=NoticeStep())),
    ('{"flow": "remind_when", "task": "交房租", "guess": {"at": "2026-11-27T12:30:00+00:00", "timed": true, '
     '"rule": null}}', DialogueState(step=RemindWhenStep(task="交房租", guess=TimeGuess(at=PAID_AT, timed=True)))),
    ('{"flow": "bill", "debt_id": 4}', DialogueState(step=BillAmountStep(4))),
]


@pytest.mark.parametrize(("stored", "expected"), OLD_STATES)
def test_a_state_stored_by_the_earlier_version_still_reads(stored: str, expected: DialogueState) -> None:
    assert DialogueState.from_json(stored) == expected


@pytest.mark.parametrize("stored", [
    "not json", "[1, 2]", '"register"', "null", "{}", '{"flow": "no such flow"}', '{"flow": null}',
    '{"flow": "edit", "field": "due"}',  # no debt id: the question cannot be answered
    '{"flow": "pay_many", "items": [["x", "500"]]}',
    '{"flow": "pay_amount", "debt_id": "7"}',
    '{"flow": "settings"}',
])
def test_what_cannot_be_read_is_an_empty_state_never_an_error(stored: str) -> None:
    assert DialogueState.from_json(stored) == DialogueState()


def test_a_question_about_a_draft_is_typed_and_an_unknown_one_is_not_asked() -> None:
    stored = DialogueState(drafts=(CITI,), step=RegisterStep(asking=Asking.DUE_PAST, at=0)).to_json()
    assert stored is not None and json.loads(stored)["asking"] == "due_past"
    step = DialogueState.from_json(stored).step
    assert isinstance(step, RegisterStep) and step.asking is Asking.DUE_PAST
    odd = DialogueState.from_json('{"flow": "register", "asking": "shoe size", "at": 0, "drafts": [{"creditor": "Citi"}]}')
    assert odd.step == RegisterStep(asking=None, at=0) and len(odd.drafts) == 1


def test_an_unreadable_draft_costs_only_itself_and_an_unreadable_question_keeps_the_drafts() -> None:
    stored = json.dumps({"flow": "pay_choose", "amount": "5 hundred",
                         "drafts": [{"creditor": "坏的", "amount": "3千"}, {"creditor": "Citi", "creditor_kind": "credit_card", "currency": "USD"},
                                    {"creditor": "坏的", "due_date": "2026-13-45"}, "not a draft"]})
    assert DialogueState.from_json(stored) == DialogueState(drafts=(CITI,))


def test_drafts_survive_a_command_and_any_other_question_until_saved_or_cancelled() -> None:
    state = DialogueState(drafts=(HUABEI, CITI), step=RegisterStep(asking=Asking.DUE, at=1))
    after_list = state.on_command("list")
    assert after_list == DialogueState(drafts=(HUABEI, CITI))
    assert state.on_command("cancel") == state and state.on_command("start") == state, "these handle it themselves"
    asked = after_list.expecting(SettingStep("hour"))
    assert asked.drafts == (HUABEI, CITI) and asked.awaiting is Awaiting.SETTING
    assert asked.answered() == DialogueState(drafts=(HUABEI, CITI))
    assert asked.ended() == DialogueState() and asked.ended().is_empty
    assert state.with_drafts((CITI,), RegisterStep()) == DialogueState(drafts=(CITI,), step=RegisterStep())


# --- through the engine ----------------------------------------------------------------------------------------


def stored_state(engine: Engine) -> str | None:
    with Session(engine.database) as s:
        return s.exec(select(User)).one().state


def store_state(engine: Engine, raw: str) -> None:
    with Session(engine.database) as s:
        user = s.exec(select(User)).one()
        user.state = raw
        s.add(user)
        s.commit()


def test_a_user_mid_registration_when_the_new_version_starts_keeps_their_draft(engine: Engine) -> None:
    chat = Chat(engine).start()
    # Written by the earlier version: 借呗 2000 known, the due date asked for.
    store_state(engine, '{"flow": "register", "debt": {"creditor": "借呗", "creditor_kind": "jiebei", '
                        '"amount": "2000", "currency": "CNY"}, "asking": "due", "at": 0}')
    chat.say("12月10号")
    text = chat.text()
    assert "借呗" in text and "2,000" in text and "12月10日" in text and "确认保存吗" in text, text
    chat.press("reg:ok")
    assert "已保存：借呗" in chat.text(), chat.text()
    assert stored_state(engine) is None


def test_drafts_are_kept_across_a_command_and_come_back_with_one_tap(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")  # the due date is asked for
    before = DialogueState.from_json(stored_state(engine))
    assert before.awaiting is Awaiting.REGISTER and [d.creditor for d in before.drafts] == ["花呗"]
    chat.say("/settings")
    after = DialogueState.from_json(stored_state(engine))
    assert after == DialogueState(drafts=before.drafts), "the question is dropped, the draft kept"
    chat.say("/list")
    assert "还有 1 笔没确认保存" in chat.text()
    chat.press("reg:resume")
    assert "哪天要还" in chat.text(), chat.text()
    chat.say("/cancel")
    assert stored_state(engine) is None, "cancel forgets the drafts too"


def test_a_turn_refused_for_bad_input_leaves_the_stored_state_as_it_was(engine: Engine) -> None:
    chat = Chat(engine).start()
    chat.say("花呗欠了3000")
    stored = stored_state(engine)
    chat.say("/timezone")
    chat.say("Atlantis/Nowhere")  # refused: an unknown zone
    chat.say("/cancel")
    chat.say("花呗欠了3000")
    assert DialogueState.from_json(stored_state(engine)) == DialogueState.from_json(stored)


# --- one writer --------------------------------------------------------------------------------------------------


def test_only_the_turn_writes_the_dialogue_state() -> None:
    """``user.state`` is assigned nowhere in the program, and ``write_fields`` is given it only in ``turn.py``."""
    writers = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assigned = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AugAssign | ast.AnnAssign) else []
            if any(isinstance(t, ast.Attribute) and t.attr == "state" and not (
                    isinstance(t.value, ast.Name) and t.value.id == "self") for t in assigned):
                writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "state"
                                                  for k in node.keys):
                writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(writers) == 1 and writers[0].startswith("bot/engine/turn.py:"), writers


def state_writes(engine: Engine, chat: Chat, text: str) -> int:
    """How many statements write the user's dialogue state while the engine answers ``text``."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE") and "state" in statement:
            statements.append(statement)

    event.listen(engine.database, "before_cursor_execute", record)
    try:
        chat.say(text)
    finally:
        event.remove(engine.database, "before_cursor_execute", record)
    return len(statements)


def test_the_state_is_written_once_a_turn_and_not_at_all_when_nothing_changed(engine: Engine) -> None:
    chat = Chat(engine).start()
    assert state_writes(engine, chat, "/list") == 0, "nothing in progress, nothing written"
    assert state_writes(engine, chat, "花呗欠了3000") == 1
    assert state_writes(engine, chat, "逾期記錄會保留多久") == 0, "a question answered in passing keeps the draft"
    # The due date answered: the draft changes and the card is shown, one write for both.
    assert state_writes(engine, chat, "12月10号") == 1
    assert "确认保存吗" in chat.text()
