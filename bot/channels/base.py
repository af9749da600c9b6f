"""The port every channel implements to push messages (``Sender``) and the registry that routes by address prefix
(``Senders``) live in ``bot.runtime.senders``, beside the jobs that use them; channels import them from here."""

from bot.runtime.senders import Sender, Senders

__all__ = ["Sender", "Senders"]
