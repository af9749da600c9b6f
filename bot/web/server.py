"""``repaybot web``: the page over HTTP (aiohttp), its sign-in, and its actions through the engine.

Routes (all under ``/app``):

- ``GET /app?t=<token>``: a one-time link from ``/web`` becomes a session cookie; a used, expired or forged token
  gets a plain page with no data. ``GET /app``: the page, or how to open it.
- ``GET /app/plan``: the plan for another budget or date (the fragment the script swaps in).
- ``POST /app/action``: record a payment, mark paid, snooze, stop or resume reminders, change a due date, undo.
- ``GET|POST /app/export`` and ``GET|POST /app/delete``: behind a confirmation page. ``POST /app/logout``.
- ``POST /app/session/telegram``: a Telegram Mini App's ``initData`` becomes a session cookie (200) or 401.

Every POST that changes something carries the session's CSRF token. Every read is filtered by the session's user,
and every change is that user's own button press handled by the engine, which checks ownership as in chat.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from importlib import resources

from aiohttp import web
from sqlalchemy import Engine as Database
from sqlmodel import Session

from bot.clock import Clock
from bot.core.dialogue import DialogueState, EditStep, PayAmountStep, Step
from bot.core.webauth import check_init_data, csrf_for, digest, new_token, same
from bot.engine.engine import Engine
from bot.messages import Address, Inbound, Reply
from bot.texts import normalize_language, t
from bot.web import pages
from bot.web.view import load_page, load_plan
from storage import accounts
from storage import web as web_store
from storage.db import session_scope
from storage.models import User

log = logging.getLogger(__name__)

COOKIE = "repaybot_session"
SESSION_VALID = timedelta(hours=12)
MAX_FORM = 16 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self' https://web.telegram.org")
STATIC_TYPES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
FONT = "RepayBotSansSC-Regular.otf"
# Simple actions: one button press, as under a reminder or a debt card in the chat.
PRESSES = {"paid": "rm:paid:{id}", "snooze_1h": "rm:snz:1h:{id}", "snooze_tmr": "rm:snz:tmr:{id}",
           "stop": "rm:stop:{id}", "resume": "d:{id}:unmute"}
# Two-step actions: the press that asks, then the typed answer (form field), as in the chat.
# (the press, the form field holding the answer, the question the press leaves open for a debt id)
QUESTIONS: dict[str, tuple[str, str, Callable[[int], Step]]] = {
    "pay": ("pay:part:{id}", "amount", PayAmountStep),
    "due": ("d:{id}:e:due", "due", lambda debt_id: EditStep(debt_id, "due")),
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebPage:
    """The web page's server: database, engine and clock in; an aiohttp application out."""

    def __init__(self, database: Database, engine: Engine, clock: Clock, *, base_url: str,
                 bot_token: str | None = None, default_language: str = "zh") -> None:
        self.database = database
        self.engine = engine
        self.clock = clock
        self.secure = base_url.startswith("https://")
        self.bot_token = bot_token
        self.default_language = default_language
        self.font = resources.files("bot.core.fonts").joinpath(FONT).read_bytes()
        self.static = {name: resources.files("bot.web.static").joinpath(name).read_bytes() for name in STATIC_TYPES}

    def application(self) -> web.Application:
        """The aiohttp application with every route and the security headers."""
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_FORM)
        app.router.add_get("/app", self.page)
        app.router.add_get("/app/plan", self.plan)
        app.router.add_post("/app/action", self.action)
        app.router.add_get("/app/export", self.export_confirm)
        app.router.add_post("/app/export", self.export)
        app.router.add_get("/app/delete", self.delete_confirm)
        app.router.add_post("/app/delete", self.delete)
        app.router.add_post("/app/logout", self.logout)
        app.router.add_post("/app/session/telegram", self.telegram_session)
        app.router.add_get("/app/static/{name}", self.static_file)
        return app

    # --- plumbing ---------------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Security headers on every answer; a clear page, never a stack trace, for anything unexpected."""
        try:
            response = await handler(request)
        except web.HTTPException as err:
            if err.status == 404:
                response = self._html(pages.message_page(self._lang(request), "web.not_found.title",
                                                         "web.not_found.body", back=True), status=404)
            elif err.status == 413:
                response = self._html(pages.message_page(self._lang(request), "web.stale.title",
                                                         "web.stale.body", back=True), status=413)
            else:
                _secure_headers(err)  # a redirect: raised on, as aiohttp wants it
                raise
        except Exception:
            log.exception("the web page failed on %s %s", request.method, request.path)
            response = self._html(pages.message_page(self._lang(request), "web.error.title", "web.error.body",
                                                     back=True), status=500)
        _secure_headers(response)
        return response

    def _lang(self, request: web.Request) -> str:
        """For pages shown before we know who it is: the browser's language."""
        accepted = request.headers.get("Accept-Language", "")
        first = accepted.split(",")[0].strip() if accepted else None
        return normalize_language(first, self.default_language)

    @staticmethod
    def _html(text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    def _set_cookie(self, response: web.StreamResponse, token: str) -> None:
        response.set_cookie(COOKIE, token, max_age=int(SESSION_VALID.total_seconds()), path="/app", httponly=True,
                            secure=self.secure, samesite="Strict")

    def _start_session(self, owner_id: int) -> str:
        token = new_token()
        now = self.clock.now()
        with session_scope(self.database) as session:
            web_store.add_session(session=session, owner_id=owner_id, token_hash=digest(token),
                                  expires_at=now + SESSION_VALID, now=now)
        return token

    def _signed_in(self, request: web.Request) -> tuple[str, User, str | None] | None:
        """The session's token, its user, and the notice left for this page load (read once), or None."""
        with session_scope(self.database) as session:
            return self._who(session, request)

    def _who(self, session: Session, request: web.Request) -> tuple[str, User, str | None] | None:
        """``_signed_in`` inside the caller's transaction (a page reads its data in the same one)."""
        token = request.cookies.get(COOKIE, "")
        if not token or len(token) > 128:
            return None
        found = web_store.session_owner(session=session, token_hash=digest(token), now=self.clock.now())
        if found is None:
            return None
        user = accounts.get_user(session=session, user_id=found.user_id)
        if user is None:
            return None
        notice = found.notice
        if notice is not None:
            web_store.set_notice(session=session, token_hash=found.token_hash, notice=None)
        return token, user, notice

    def _signed_out(self, request: web.Request) -> web.Response:
        return self._html(pages.message_page(self._lang(request), "web.signed_out.title", "web.signed_out.body"),
                          status=401)

    async def _form(self, request: web.Request) -> tuple[tuple[str, User, str | None], dict[str, str]] | web.Response:
        """A POST's session and fields, after the CSRF check; else the answer to give instead."""
        who = self._signed_in(request)
        if who is None:
            return self._signed_out(request)
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if not same(fields.get("csrf", ""), csrf_for(who[0])):
            return self._html(pages.message_page(who[1].language, "web.stale.title", "web.stale.body", back=True),
                              status=403)
        return who, fields

    # --- pages ------------------------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The page; or, with ``?t=``, the one-time link turned into a session."""
        link = request.query.get("t")
        if link is not None:
            return self._use_link(request, link)
        with session_scope(self.database) as session:
            who = self._who(session, request)
            if who is None:
                return self._signed_out(request)
            token, user, notice = who
            # One transaction for the session check and every read of the page.
            view = load_page(session, user, self.clock.now(), budget=request.query.get("budget"),
                             target=request.query.get("target"))
        return self._html(pages.main_page(view, csrf=csrf_for(token), notice=notice))

    def _use_link(self, request: web.Request, link: str) -> web.Response:
        owner_id = None
        if 0 < len(link) <= 128:
            with session_scope(self.database) as session:
                now = self.clock.now()
                owner_id = web_store.take_link(session=session, token_hash=digest(link), now=now)
                if owner_id is not None:
                    web_store.purge_expired(session=session, now=now)  # sign-ins are rare: tidy up on each
        if owner_id is None:
            return self._html(pages.message_page(self._lang(request), "web.link_invalid.title",
                                                 "web.link_invalid.body"), status=403)
        with session_scope(self.database) as session:
            user = accounts.get_user(session=session, user_id=owner_id)
            lang = user.language if user is not None else self.default_language
        response = self._html(pages.signing_in_page(lang))
        self._set_cookie(response, self._start_session(owner_id))
        return response

    async def plan(self, request: web.Request) -> web.StreamResponse:
        """The plan for the budget or date in the query, as a fragment of the page."""
        with session_scope(self.database) as session:
            who = self._who(session, request)
            if who is None:
                return self._signed_out(request)
            _token, user, _notice = who
            plan = load_plan(session, user, self.clock.now(), budget=request.query.get("budget"),
                             target=request.query.get("target"))
        return self._html(pages.plan_fragment(plan, user.language))

    async def static_file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name == FONT:
            body, kind = self.font, "font/otf"
        elif name in self.static:
            body, kind = self.static[name], STATIC_TYPES[name]
        else:
            raise web.HTTPNotFound()
        response = web.Response(body=body, headers={"Content-Type": kind, "Cache-Control": "public, max-age=3600"})
        return response

    # --- actions ----------------------------------------------------------------------------------------

    async def action(self, request: web.Request) -> web.StreamResponse:
        """Do what a chat button does, as the session's user; the engine's answer is shown on the page."""
        checked = await self._form(request)
        if isinstance(checked, web.Response):
            return checked
        (token, user, _notice), fields = checked
        replies = self._act(user, fields)
        notice = "\n\n".join(r.text for r in replies if r.text) or None
        with session_scope(self.database) as session:
            web_store.set_notice(session=session, token_hash=digest(token), notice=notice)
        raise web.HTTPSeeOther("/app#debts" if fields.get("op") != "undo" else "/app")

    def _act(self, user: User, fields: dict[str, str]) -> list[Reply]:
        op = fields.get("op", "")
        raw_id = fields.get("debt", "")
        debt_id = raw_id if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 12 else "x"
        sender = Address.parse(user.address)
        if op == "undo":
            return self.engine.handle(Inbound(sender=sender, button="undo"))
        if op in PRESSES:
            return self.engine.handle(Inbound(sender=sender, button=PRESSES[op].format(id=debt_id)))
        if op in QUESTIONS:
            press, field, question_for = QUESTIONS[op]
            answer = fields.get(field, "").strip()[:40]
            asked = self.engine.handle(Inbound(sender=sender, button=press.format(id=debt_id)))
            question = question_for(int(debt_id)) if debt_id.isdigit() else None
            if not answer or question is None or not self._asking(user, question):
                return asked  # the press itself was refused (not your debt, settled…): say why
            replies = self.engine.handle(Inbound(sender=sender, text=answer))
            if self._asking(user, question):
                # The answer was refused (not an amount, not a date): drop the question, as Cancel would, so
                # the user's next chat message is not read as its answer.
                self.engine.handle(Inbound(sender=sender, button="x"))
            return replies
        return [Reply(t(user.language, "err.stale_button"))]

    def _asking(self, user: User, question: Step) -> bool:
        """Whether the user's conversation waits for the answer to this question about this debt (the one the
        page's press asked), and not for something else."""
        with session_scope(self.database) as session:
            fresh = accounts.get_user(session=session, user_id=user.id or 0)
            state_text = None if fresh is None else fresh.state
        return DialogueState.from_json(state_text).step == question

    async def export_confirm(self, request: web.Request) -> web.StreamResponse:
        who = self._signed_in(request)
        if who is None:
            return self._signed_out(request)
        return self._html(pages.export_page(who[1].language, csrf_for(who[0])))

    async def export(self, request: web.Request) -> web.StreamResponse:
        """The chat's ``/export``, as a download."""
        checked = await self._form(request)
        if isinstance(checked, web.Response):
            return checked
        (_token, user, _notice), fields = checked
        replies = self.engine.handle(Inbound(sender=Address.parse(user.address), text="/export"))
        wanted = "text/csv" if fields.get("format") == "csv" else "application/json"
        for reply in replies:
            for attachment in reply.attachments:
                if attachment.mime == wanted:
                    return web.Response(body=attachment.content, headers={
                        "Content-Type": f"{attachment.mime}; charset=utf-8",
                        "Content-Disposition": f'attachment; filename="{attachment.filename}"'})
        return self._html(pages.message_page(user.language, "web.error.title", "web.error.body", back=True),
                          status=500)

    async def delete_confirm(self, request: web.Request) -> web.StreamResponse:
        who = self._signed_in(request)
        if who is None:
            return self._signed_out(request)
        return self._html(pages.delete_page(who[1].language, csrf_for(who[0])))

    async def delete(self, request: web.Request) -> web.StreamResponse:
        """The chat's "delete everything" button, pressed after the confirmation page."""
        checked = await self._form(request)
        if isinstance(checked, web.Response):
            return checked
        (_token, user, _notice), fields = checked
        if fields.get("confirm") != "yes":
            raise web.HTTPSeeOther("/app/delete")
        replies = self.engine.handle(Inbound(sender=Address.parse(user.address), button="del:all!"))
        text = "\n\n".join(r.text for r in replies)
        response = self._html(pages.deleted_page(user.language, text))
        response.del_cookie(COOKIE, path="/app")
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        checked = await self._form(request)
        if isinstance(checked, web.Response):
            return checked
        (token, user, _notice), _fields = checked
        with session_scope(self.database) as session:
            web_store.end_session(session=session, token_hash=digest(token))
        response = self._html(pages.message_page(user.language, "web.signed_out_done.title",
                                                 "web.signed_out_done.body"))
        response.del_cookie(COOKIE, path="/app")
        return response

    # --- Telegram Mini App ------------------------------------------------------------------------------

    async def telegram_session(self, request: web.Request) -> web.StreamResponse:
        """``init_data`` signed by Telegram for this bot, at most 24 hours old → 200 and a session; else 401."""
        form = await request.post()
        init_data = form.get("init_data")
        found = None
        if self.bot_token is not None and isinstance(init_data, str):
            found = check_init_data(init_data, self.bot_token, self.clock.now())
        if found is None:
            return web.json_response({"ok": False}, status=401)
        address = Address("tg", str(found.user_id))
        with session_scope(self.database) as session:
            user = accounts.get_user_by_address(session=session, address=str(address))
            owner_id = None if user is None else user.id
        if owner_id is None:
            # Opened from the menu before ever writing: the engine makes the user as a first message would.
            self.engine.handle(Inbound(sender=address, event="unblocked", language=found.language_code))
            with session_scope(self.database) as session:
                user = accounts.get_user_by_address(session=session, address=str(address))
                owner_id = None if user is None else user.id
        if owner_id is None:
            return web.json_response({"ok": False}, status=401)
        response = web.json_response({"ok": True})
        self._set_cookie(response, self._start_session(owner_id))
        return response


def _secure_headers(response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")


async def start_page(page: WebPage, host: str, port: int) -> tuple[web.AppRunner, tuple[str, int]]:
    """Listen on ``host``:``port``; return the runner (the caller cleans it up) and the address bound."""
    runner = web.AppRunner(page.application(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = runner.addresses[0] if runner.addresses else (host, port)
    return runner, (str(bound[0]), int(bound[1]))
