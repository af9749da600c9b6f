"""Tables. Every instant is an aware UTC ``UTCDateTime``; every amount is an exact ``ExactDecimal``.

Local calendar dates (a due date is a date in the user's zone, not an instant) are plain ``date`` columns.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import ExactDecimal, UTCDateTime


def _money(nullable: bool = False) -> Column[Decimal]:
    return Column(ExactDecimal(2), nullable=nullable)


def _rate() -> Column[Decimal]:
    return Column(ExactDecimal(8, precision=16), nullable=True)


def _instant(nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _owner() -> Column[int]:
    return Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)


class User(SQLModel, table=True):
    """One person on one channel, with their preferences and consent."""

    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=160, unique=True)  # "tg:123", "wx:oOPENID", "console:me"
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=128)
    name: str | None = Field(default=None, max_length=128)
    language: str = Field(default="zh", max_length=8)
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    reminder_minute: int = 10 * 60  # minutes after local midnight; 10:00 by default (F3)
    quiet_start_minute: int = 22 * 60  # quiet hours 22:00–08:00 (banking collection guideline 2026-01-30)
    quiet_end_minute: int = 8 * 60
    lead_days: str = Field(default="3,1,0", max_length=32)  # days before a due date to remind
    daily_cap: int = 3  # bot-initiated messages per local day
    tip_frequency: str = Field(default="weekly", max_length=16)  # weekly | daily | off
    digest_enabled: bool = True
    consent_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    paused_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))  # blocked the bot
    last_inbound_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    state: str | None = None  # JSON of the conversation in progress (dialogue state)
    created_at: datetime = Field(sa_column=_instant())


class DebtStatus(StrEnum):
    """``Debt.status``. A ``StrEnum`` so the column stays plain text and ``debt.status == "active"`` still holds."""

    ACTIVE = "active"
    SETTLED = "settled"


class ReminderStatus(StrEnum):
    """``Reminder.status``: pending → claimed → sent | failed | cancelled; held waits for the user's next message."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    HELD = "held"


class ReminderKind(StrEnum):
    """``Reminder.kind``: what a schedule row is for."""

    PRE_DUE = "pre_due"
    DUE = "due"
    OVERDUE = "overdue"
    CUSTOM = "custom"
    SNOOZE = "snooze"
    BILL = "bill"
    TIP = "tip"
    DIGEST = "digest"


class Debt(SQLModel, table=True):
    """Money owed to one creditor: a one-off due date or a recurring bill whose current cycle is ``due_date``."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    creditor: str = Field(max_length=80)
    creditor_kind: str = Field(default="other", max_length=24)
    currency: str = Field(default="CNY", max_length=3)
    original_amount: Decimal = Field(sa_column=_money())
    balance: Decimal = Field(sa_column=_money())
    due_date: date | None = None  # local date in the user's zone: the current cycle's due date
    rrule: str | None = Field(default=None, max_length=160)  # RFC 5545 rule for a recurring bill
    status: str = Field(default="active", max_length=16)  # active | settled
    daily_rate: Decimal | None = Field(default=None, sa_column=_rate())  # overdue (penalty) rate a day, if given
    annual_rate: Decimal | None = Field(default=None, sa_column=_rate())  # the normal rate a year (APR), if given
    minimum_payment: Decimal | None = Field(default=None, sa_column=_money(nullable=True))  # this cycle's minimum
    statement_day: int | None = None  # 账单日: the day of the month the bill is cut (not the due day)
    card_last4: str | None = Field(default=None, max_length=4)  # a card's last four digits, to match pasted bills
    instalment_amount: Decimal | None = Field(default=None, sa_column=_money(nullable=True))  # per period (分期)
    instalment_count: int | None = None  # periods left when the debt was registered
    instalment_end: date | None = None  # local date of the last period's due date; no reminders after it
    overdue_since: date | None = None  # the first due date missed and still unpaid (kept when a cycle rolls)
    carried_overdue: Decimal | None = Field(default=None, sa_column=_money(nullable=True))  # unpaid, from past cycles
    record_clears_on: date | None = None  # when the late record should leave the credit report (settled + 5 years)
    lead_days: str | None = Field(default=None, max_length=32)  # overrides the user's lead days
    reminders_muted: bool = False
    awaiting_bill: bool = False  # a recurring cycle opened and the new bill amount is not confirmed yet
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())
    settled_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class Payment(SQLModel, table=True):
    """A payment the user reported against one debt."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    debt_id: int = Field(sa_column=Column(Integer, ForeignKey("debt.id", ondelete="CASCADE"), nullable=False, index=True))
    amount: Decimal = Field(sa_column=_money())
    paid_at: datetime = Field(sa_column=_instant())
    cycle_due: date | None = None  # the due date this payment was for
    on_time: bool = True
    balance_after: Decimal = Field(sa_column=_money())


class Reminder(SQLModel, table=True):
    """One planned message: the schedule. The database is its only source of truth.

    status: pending → claimed → sent | failed | cancelled; ``held`` waits for the user's next message
    (a channel that may not push right now). ``idempotency_key`` makes planning twice a no-op.
    """

    __table_args__ = (
        # The due-scan reads only pending rows in fire_at order; a partial index keeps it small and fast. Their
        # PostgreSQL form is added by ``partial_indexes_for_postgresql`` when a PostgreSQL database is opened:
        # naming ``postgresql_where`` here would load SQLAlchemy's PostgreSQL dialect, with its drivers' modules
        # (~40 ms), in every process, a console on SQLite included.
        Index("ix_reminder_pending_fire_at", "fire_at", sqlite_where=text("status = 'pending'")),
        Index("ix_reminder_claimed_at", "claimed_at", sqlite_where=text("status = 'claimed'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    debt_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("debt.id", ondelete="CASCADE"), nullable=True, index=True))
    kind: str = Field(max_length=16)  # pre_due | due | overdue | custom | snooze | bill | tip | digest
    fire_at: datetime = Field(sa_column=_instant())
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    idempotency_key: str = Field(max_length=160, unique=True)
    payload: str = "{}"  # JSON: what the message is about (task text, cycle due date, lead days…)
    respect_quiet: bool = True  # False only for times the user chose explicitly
    claimed_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=_instant())


class Change(SQLModel, table=True):
    """What the user's last changes undid, so ``/undo`` can put things back."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    action: str = Field(max_length=24)  # add_debt | edit_debt | delete_debt | payment | mute
    snapshot: str  # JSON needed to revert
    created_at: datetime = Field(sa_column=_instant())


class RecoveryTick(SQLModel, table=True):
    """A recovery-plan checklist item that is done, ticked by the user or by the bot."""

    __tablename__ = "recovery_tick"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    item_id: str = Field(max_length=48)
    source: str = Field(default="user", max_length=8)  # user | bot
    done_at: datetime = Field(sa_column=_instant())


class TipShown(SQLModel, table=True):
    """A tip the user has seen, so the next one is different."""

    __tablename__ = "tip_shown"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    tip_id: str = Field(max_length=48)
    shown_at: datetime = Field(sa_column=_instant())


class WeChatContact(SQLModel, table=True):
    """What the WeChat channel must remember about one user to reach them: the platform's push rules are per user.

    The customer-service window opens when the user writes (48 h, 5 messages) and closes early when the platform
    says so (45015/45047); one-time subscribe grants are counted as the user accepts them and used one per message.
    ``buttons`` holds the latest numbered options, so a number typed hours later (or after a restart, or into
    another process than the one that pushed the reminder) still presses the right button.
    """

    __tablename__ = "wechat_contact"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False,
                                          unique=True))
    window_until: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    window_quota: int = 0  # customer-service messages left in the open window
    notify_grants: int = 0  # one-time subscribe messages the user allowed and we have not used
    buttons: str | None = None  # JSON [[label, data], …] of the latest message that had buttons
    carry: str | None = None  # text that could not be pushed; goes out with the next passive reply
    updated_at: datetime = Field(sa_column=_instant())


class SendBudget(SQLModel, table=True):
    """A platform's send rate shared by every process that sends as one bot (see ``jobs.limiter.SharedLimiter``).

    ``next_slot`` is the first instant, in the database server's clock (seconds since the epoch), not yet handed
    out. Processes lease evenly spaced slots by moving it forward in one atomic ``UPDATE … RETURNING``, so all of
    them together never send faster than the budget allows, wherever they run.
    """

    __tablename__ = "send_budget"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)  # "tg:<bot id>": the bot's public id, never its token
    next_slot: float = 0.0


class SeenKey(SQLModel, table=True):
    """A request the webhooks already took, kept until ``expires_at`` so that a replay of it is refused.

    ``kind`` says what the key is: a WeChat signature's (timestamp, nonce), a WeChat message (sender, MsgId), a
    Telegram ``update_id``, a notice already given to a group. Rows are useless once expired and are deleted then,
    so the table holds only the last few minutes (a day for Telegram updates) of traffic.
    """

    __tablename__ = "seen_key"
    __table_args__ = (UniqueConstraint("kind", "sender", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    sender: str = Field(max_length=128)  # "" when the key alone is unique
    key: str = Field(max_length=160)
    value: str = Field(default="", max_length=64)  # what came with the key (a body's digest), to tell a retry
    expires_at: datetime = Field(sa_column=_instant(index=True))


class WeChatAccessToken(SQLModel, table=True):
    """The one access token of a WeChat app, shared by every process that calls the platform as that app.

    Fetching a token invalidates the one before it, so processes that each fetched their own would keep
    invalidating each other's. The process that finds the token missing or near expiry takes the lease
    (``lease_until``) and fetches; the others wait for its result instead of fetching too.
    """

    __tablename__ = "wechat_access_token"

    id: int | None = Field(default=None, primary_key=True)
    app_id: str = Field(max_length=64, unique=True)
    token: str | None = Field(default=None, max_length=512)
    expires_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    lease_holder: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class WebLink(SQLModel, table=True):
    """A one-time link to the web page, sent in chat by ``/web``. Only the token's SHA-256 is kept: a leaked
    database holds no link anyone could open."""

    __tablename__ = "web_link"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=_instant())
    used_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    created_at: datetime = Field(sa_column=_instant())


class WebSession(SQLModel, table=True):
    """A browser signed in to the web page (by a one-time link or Telegram Mini App data): the cookie's SHA-256.

    ``notice`` is what the last action answered, shown once on the next page load (post, redirect, get).
    """

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_owner())
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=_instant())
    notice: str | None = None
    created_at: datetime = Field(sa_column=_instant())


def partial_indexes_for_postgresql() -> None:
    """Give the schedule's partial indexes their PostgreSQL condition (the same as SQLite's); idempotent."""
    table = Reminder.__table__  # type: ignore[attr-defined]
    for index in table.indexes:
        where = index.dialect_options["sqlite"]["where"]
        if where is not None and index.dialect_options["postgresql"]["where"] is None:
            index.dialect_options["postgresql"]["where"] = where
