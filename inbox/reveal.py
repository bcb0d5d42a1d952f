"""Revealing a citizen's phone number or channel address in the inbox: masked on every
page, shown on an explicit click, and each reveal logged (who, what, where, when) in the
privacy log and, from a ticket page, on the ticket's timeline. Pages use the macro in
`_reveal.html`: {{ reveal(contact, "phone", ticket) }} or "identity:<id>".

Reveals are limited per user (REVEAL_LIMIT): the log says afterwards who looked, the
limit keeps one account (a careless script, a stolen session) from reading every
citizen's number in a few minutes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from aduan.extensions import db, limiter
from ticketing import personal_data
from ticketing.models import Contact, Ticket, utcnow

bp = Blueprint("reveal", __name__, url_prefix="/reveal")


def _per_user() -> str:
    """The reveal limit's key: the signed-in user (a browser without one is refused by
    login_required after the check)."""
    return f"reveal:{getattr(current_user, 'id', None) or request.remote_addr}"


@bp.post("/contact/<int:contact_id>/<field>")
@limiter.limit(lambda: current_app.config["REVEAL_LIMIT"], key_func=_per_user)
@login_required
def contact_field(contact_id: int, field: str) -> Any:
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        abort(404)
    ticket = None
    if request.args.get("ticket"):
        stmt = select(Ticket).where(Ticket.number == request.args["ticket"])
        ticket = db.session.execute(stmt).scalar()
        if ticket is None or ticket.contact_id != contact.id:
            abort(404)
    try:
        value = personal_data.reveal(
            contact,
            field,
            actor_kind="agent",
            actor_id=current_user.id,
            actor_name=current_user.name or current_user.email,
            where=urlsplit(request.referrer or "").path[:120] or "inbox",  # the page it was on
            now=utcnow(),
            ticket=ticket,
        )
    except personal_data.UnknownField:
        abort(404)
    db.session.commit()
    page = "_revealed.html" if request.headers.get("HX-Request") else "revealed.html"
    return render_template(page, value=value, contact=contact, ticket=ticket)


def register(app: Flask) -> None:
    """Registers the blueprint and the `masked` filter."""
    app.register_blueprint(bp)
    app.add_template_filter(personal_data.mask, "masked")
