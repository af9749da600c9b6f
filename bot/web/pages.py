"""The page's HTML, written out by hand: every value escaped, no inline script or style (the CSP forbids both).

The only script is ``/app/static/app.js``, and the page works without it: forms post and reload.
"""

from __future__ import annotations

from html import escape

from bot.texts import t
from bot.web.svg import balance_chart
from bot.web.view import DebtView, PageView, PlanView, RecoveryView

STATIC = "/app/static"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _lines(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def document(lang: str, body: str, *, signed_in: bool, title: str | None = None) -> str:
    """A whole page around ``body``."""
    return (
        "<!doctype html>"
        f'<html lang="{_e(t(lang, "web.lang"))}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title or t(lang, 'web.title'))}</title>"
        f'<link rel="stylesheet" href="{STATIC}/app.css">'
        f'<script src="{STATIC}/app.js" defer></script>'
        f'</head><body data-signed-in="{1 if signed_in else 0}">{body}</body></html>'
    )


def message_page(lang: str, title_id: str, body_id: str, *, back: bool = False, extra: str = "") -> str:
    """A page that only says something (a dead link, signed out, an error): no data of anyone."""
    link = f'<p><a class="button" href="/app">{_e(t(lang, "web.back"))}</a></p>' if back else ""
    body = (f'<main class="message"><h1>{_e(t(lang, title_id))}</h1><p>{_e(t(lang, body_id))}</p>'
            f'{extra}{link}</main>')
    return document(lang, body, signed_in=False, title=t(lang, title_id))


def signing_in_page(lang: str) -> str:
    """After a good link: the cookie is set; a same-site navigation (meta refresh) then brings the page, so a
    SameSite=Strict cookie is sent with it even though the link was opened from another site."""
    body = (f'<main class="message"><h1>{_e(t(lang, "web.signing_in"))}</h1>'
            f'<p><a class="button" href="/app" id="continue">{_e(t(lang, "web.continue"))}</a></p></main>')
    page = document(lang, body, signed_in=True)
    return page.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/app">', 1)


def main_page(view: PageView, *, csrf: str, notice: str | None) -> str:
    """The whole view: debts, plan, recovery steps, and the data section."""
    lang = view.lang
    nav = "".join(f'<a href="#{k}">{_e(t(lang, f"web.nav.{k}"))}</a>' for k in ("debts", "plan", "recovery", "data"))
    parts = [f'<header><h1>{_e(t(lang, "web.title"))}</h1><nav>{nav}</nav></header><main>']
    if notice:
        parts.append(f'<div class="notice" role="status" id="notice"><strong>{_e(t(lang, "web.notice"))}</strong>'
                     f"<p>{_lines(notice)}</p></div>")
    parts.append(_debts(view, csrf))
    parts.append(_plan_section(view, lang))
    if view.recovery is not None:
        parts.append(_recovery(view.recovery, lang))
    parts.append(_data(lang, csrf))
    parts.append("</main>")
    return document(lang, "".join(parts), signed_in=True)


def _hidden(csrf: str, **values: object) -> str:
    # The CSRF token is hex (nothing to escape) and repeated in every form: written as is.
    head = f'<input type="hidden" name="csrf" value="{csrf if csrf.isalnum() else _e(csrf)}">'
    return head + "".join(f'<input type="hidden" name="{k}" value="{_e(v)}">' for k, v in values.items())


def _action(csrf: str, op: str, label: str, debt_id: int | None = None, *, css: str = "") -> str:
    extra = {} if debt_id is None else {"debt": debt_id}
    return (f'<form method="post" action="/app/action" class="inline">{_hidden(csrf, op=op, **extra)}'
            f'<button type="submit" class="{css}">{_e(label)}</button></form>')


def _debts(view: PageView, csrf: str) -> str:
    lang = view.lang
    out = [f'<section id="debts"><h2>{_e(t(lang, "web.debts.title"))}</h2>']
    if not view.debts:
        out.append(f'<p class="empty">{_e(t(lang, "web.debts.empty"))}</p>')
    else:
        out.append(f'<p class="total">{_e(t(lang, "web.debts.total", total=view.total))}</p><ul class="debts">')
        out.extend(_debt(d, lang, csrf) for d in view.debts)
        out.append("</ul>")
    out.append(_action(csrf, "undo", t(lang, "web.act.undo"), css="secondary"))
    out.append("</section>")
    return "".join(out)


def _debt(d: DebtView, lang: str, csrf: str) -> str:
    facts = [f'<span class="due">{_e(d.due)}</span>']
    if d.status:
        facts.append(f'<span class="status{" overdue" if d.overdue else ""}">{_e(d.status)}</span>')
    details = [x for x in (d.repeat, d.minimum, d.next_reminder) if x]
    mute = (_action(csrf, "resume", t(lang, "web.act.resume"), d.id, css="secondary") if d.muted
            else _action(csrf, "stop", t(lang, "web.act.stop"), d.id, css="secondary"))
    actions = (
        f'<form method="post" action="/app/action" class="pay">{_hidden(csrf, op="pay", debt=d.id)}'
        f'<label>{_e(t(lang, "web.act.amount"))} <input name="amount" inputmode="decimal" autocomplete="off" '
        f'maxlength="20" required></label><button type="submit">{_e(t(lang, "web.act.pay"))}</button></form>'
        + _action(csrf, "paid", t(lang, "web.act.paid_full"), d.id)
        + _action(csrf, "snooze_1h", t(lang, "web.act.snooze_1h"), d.id, css="secondary")
        + _action(csrf, "snooze_tmr", t(lang, "web.act.snooze_tmr"), d.id, css="secondary")
        + mute
        + f'<form method="post" action="/app/action" class="due-form">{_hidden(csrf, op="due", debt=d.id)}'
        f'<label>{_e(t(lang, "web.act.due"))} <input type="date" name="due" value="{_e(d.due_iso)}" required></label>'
        f'<button type="submit" class="secondary">{_e(t(lang, "web.act.save_due"))}</button></form>'
    )
    return (f'<li class="debt{" is-overdue" if d.overdue else ""}" data-debt-id="{d.id}">'
            f'<div class="head"><span class="creditor">{_e(d.creditor)}</span>'
            f'<span class="balance">{_e(d.balance)}</span></div>'
            f'<div class="facts">{"".join(facts)}</div>'
            + "".join(f'<div class="detail">{_e(x)}</div>' for x in details)
            + f'<details><summary>{_e(t(lang, "web.act.more"))}</summary>{actions}</details></li>')


def _plan_section(view: PageView, lang: str) -> str:
    plan = view.plan
    budget = "" if plan is None else plan.budget_text
    target = "" if plan is None else plan.target
    form = (f'<form method="get" action="/app#plan" id="plan-form" class="plan-form">'
            f'<label>{_e(t(lang, "web.plan.budget"))} <input name="budget" id="budget" inputmode="decimal" '
            f'autocomplete="off" maxlength="16" value="{_e(budget if not target else "")}"></label>'
            f'<label>{_e(t(lang, "web.plan.target"))} <input type="date" name="target" id="target" '
            f'value="{_e(target)}"></label>'
            f'<button type="submit">{_e(t(lang, "web.plan.show"))}</button></form>')
    body = "" if plan is None else plan_fragment(plan, lang)
    return (f'<section id="plan"><h2>{_e(t(lang, "web.plan.title"))}</h2>{form}'
            f'<div id="plan-body" aria-live="polite">{body}</div></section>')


def plan_fragment(plan: PlanView, lang: str) -> str:
    """The part of the plan that changes with the budget (the script swaps it in without a reload)."""
    out = []
    if plan.message:
        out.append(f'<p class="plan-message">{_lines(plan.message)}</p>')
    if plan.strategies:
        out.append('<div class="strategies">')
        for s in plan.strategies:
            out.append(f'<div class="strategy"><h3>{_e(s.name)}</h3><p class="months">{_e(s.months)}</p>'
                       f"<p>{_e(s.interest)}</p><p>{_e(s.order)}</p></div>")
        out.append("</div>")
    if plan.series:
        out.append(balance_chart(plan.series, title=t(lang, "web.plan.chart_title"), currency=plan.currency,
                                 lang=lang))
    return "".join(out)


def _recovery(rec: RecoveryView, lang: str) -> str:
    out = [f'<section id="recovery"><h2>{_e(t(lang, "web.recovery.title"))}</h2>']
    if rec.completed:
        out.append(f'<p class="next">{_e(t(lang, "web.recovery.completed"))}</p>')
    elif rec.next_item:
        out.append(f'<p class="next">{_e(t(lang, "web.recovery.next", item=rec.next_item))}</p>')
    out.append('<ol class="steps">')
    for step in rec.steps:
        items = "".join(f'<li class="item {state}"><span class="mark">{_e(t(lang, f"web.recovery.item.{state}"))}'
                        f"</span> {_e(text)}</li>" for text, state in step.items)
        out.append(f'<li class="step {step.state}"><div class="step-head"><span class="step-name">{step.number}. '
                   f'{_e(step.name)}</span><span class="badge">{_e(t(lang, f"web.recovery.state.{step.state}"))}'
                   f'</span></div><ul class="items">{items}</ul></li>')
    out.append("</ol>")
    if rec.clears:
        out.append(f'<h3>{_e(t(lang, "web.recovery.clears_title"))}</h3><ul class="clears">')
        out.extend(f"<li>{_e(line)}</li>" for line in rec.clears)
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _data(lang: str, csrf: str) -> str:
    return (f'<section id="data"><h2>{_e(t(lang, "web.data.title"))}</h2><p>{_e(t(lang, "web.data.body"))}</p>'
            f'<p><a class="button secondary" href="/app/export">{_e(t(lang, "web.data.export"))}</a> '
            f'<a class="button danger" href="/app/delete">{_e(t(lang, "web.data.delete"))}</a></p>'
            f'<form method="post" action="/app/logout">{_hidden(csrf)}'
            f'<button type="submit" class="link">{_e(t(lang, "web.data.sign_out"))}</button></form></section>')


def export_page(lang: str, csrf: str) -> str:
    """The confirmation before a download of everything."""
    body = (f'<main class="message"><h1>{_e(t(lang, "web.confirm.export.title"))}</h1>'
            f'<p>{_e(t(lang, "web.confirm.export.body"))}</p>'
            f'<form method="post" action="/app/export">{_hidden(csrf, format="json")}'
            f'<button type="submit">{_e(t(lang, "web.confirm.export.json"))}</button></form>'
            f'<form method="post" action="/app/export">{_hidden(csrf, format="csv")}'
            f'<button type="submit" class="secondary">{_e(t(lang, "web.confirm.export.csv"))}</button></form>'
            f'<p><a href="/app">{_e(t(lang, "web.back"))}</a></p></main>')
    return document(lang, body, signed_in=True, title=t(lang, "web.confirm.export.title"))


def delete_page(lang: str, csrf: str) -> str:
    """The confirmation before everything is deleted."""
    body = (f'<main class="message"><h1>{_e(t(lang, "web.confirm.delete.title"))}</h1>'
            f'<p>{_e(t(lang, "web.confirm.delete.body"))}</p>'
            f'<form method="post" action="/app/delete">{_hidden(csrf, confirm="yes")}'
            f'<button type="submit" class="danger">{_e(t(lang, "web.confirm.delete.yes"))}</button></form>'
            f'<p><a href="/app">{_e(t(lang, "web.back"))}</a></p></main>')
    return document(lang, body, signed_in=True, title=t(lang, "web.confirm.delete.title"))


def deleted_page(lang: str, text: str) -> str:
    body = f'<main class="message"><h1>{_e(t(lang, "web.deleted.title"))}</h1><p>{_lines(text)}</p></main>'
    return document(lang, body, signed_in=False, title=t(lang, "web.deleted.title"))
