"""Errors the product raises on purpose.

::

    BotError
    ├── UserInputError(text_id, **params)    bad input; the engine answers with the catalogue text
    │   └── NotFoundError(text_id)           a debt, reminder or button that is not (or no longer) the user's
    └── DeliveryError                        a channel could not deliver a message
        ├── RecipientBlocked                 the user blocked the bot: pause their schedule
        ├── RateLimited(retry_after)         the platform asked us to wait: retry the row after it
        ├── RecipientOutOfReach              the platform's window is closed: hold until the user writes
        └── ChannelUnavailable               network trouble: retry with backoff, then fail the row
"""

from __future__ import annotations

from typing import Any


class BotError(Exception):
    """Base of every error the product raises on purpose."""


class UserInputError(BotError):
    """Input the bot cannot act on; ``text_id`` names the catalogue text that explains why."""

    def __init__(self, text_id: str, **params: Any) -> None:
        self.text_id = text_id
        self.params = params
        super().__init__(f"{text_id} {params}" if params else text_id)


class NotFoundError(UserInputError):
    """Something the user referred to does not exist or is not theirs."""

    def __init__(self, text_id: str = "err.not_found", **params: Any) -> None:
        super().__init__(text_id, **params)


class DeliveryError(BotError):
    """A message could not be delivered."""


class RecipientBlocked(DeliveryError):
    """The recipient blocked the bot or deleted the chat."""


class RateLimited(DeliveryError):
    """The platform asked to wait ``retry_after`` seconds before sending again."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"rate limited; retry after {retry_after:g} s")


class RecipientOutOfReach(DeliveryError):
    """The platform does not allow pushing to this user right now; deliver with their next message."""


class ChannelUnavailable(DeliveryError):
    """A network or server error on the platform's side; worth retrying later."""


class StartupError(BotError):
    """A channel could not start (a token the platform rejects, an API out of reach); the message says which and
    never holds a secret. The composition root prints it and exits."""
