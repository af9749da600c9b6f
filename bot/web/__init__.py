"""The web page (``repaybot web``): debts, the payoff plan and the way back, in a browser or a Telegram Mini App.

Like a channel, it translates: reads come straight from storage into a view, and every change goes through the
engine as the press of a chat button, so the rules and ``/undo`` are the chat's own.
"""
