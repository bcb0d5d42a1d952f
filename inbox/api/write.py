"""Acting on tickets: the same functions, rules and audit trail as the inbox
(ticketing.actions, ticketing.internal), as the token's owner. A body that is not valid
is a 400; an action the ticket's state does not allow is a 409 with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, jsonify
from marshmallow import Schema
from sqlalchemy import func, select

from aduan.extensions import db
from inbox import presence
from inbox.api import common, read, schemas
from ticketing import actions, internal, kind_change, ppid
from ticketing.actions import ActionError, Actor
from ticketing.models import Ticket, User

Do = Callable[[Ticket, Actor, dict[str, Any]], object]


def _assignee(email: str | None) -> User | None:
    if email is None:
        return None
    user = db.session.execute(select(User).where(func.lower(User.email) == email.lower())).scalar()
    if user is None:
        abort(400, {"assignee": [f"No staff user {email}."]})
    return user


def _run(number: str, schema: Schema, do: Do) -> Any:
    ticket = common.ticket_or_404(number)
    body = common.load_body(schema)
    try:
        do(ticket, common.actor(), body)
        db.session.commit()  # the tabs' and the list's totals see it (audit.record)
    except ActionError as exc:
        db.session.rollback()
        abort(409, str(exc))
    db.session.refresh(ticket)
    return jsonify(read.ticket_summary(ticket))


def reply(number: str) -> Any:
    """Sends a reply to the citizen on their own channel (desk_replied_at; the OPD's
    first response still counts down)."""
    return _run(number, schemas.ReplyBody(), lambda t, a, b: actions.reply(t, a, b["text"]))


def note(number: str) -> Any:
    """Adds an internal note (never sent to the citizen); the @mentioned agents see it on
    their inbox."""
    noted: list[tuple[Ticket, list[int]]] = []

    def add(ticket: Ticket, actor: Actor, body: dict[str, Any]) -> None:
        text, visible = body["text"], body["officer_visible"]
        event = internal.add_note(ticket, actor, text, officer_visible=visible)
        noted.append((ticket, event.data.get("mentions") or []))

    response = _run(number, schemas.NoteBody(), add)  # aborts unless the note was saved
    ticket, mentions = noted[0]
    presence.mention(mentions, ticket)
    return response


def route(number: str) -> Any:
    """Routes (or re-routes) the ticket to an OPD; its officers and the citizen are told."""
    return _run(number, schemas.RouteBody(), lambda t, a, b: actions.route(t, a, b["opd"]))


def assign(number: str) -> Any:
    """Gives the ticket to an agent (or to nobody with null)."""
    return _run(
        number,
        schemas.AssignBody(),
        lambda t, a, b: internal.assign(t, a, _assignee(b["assignee"])),
    )


def change_kind(number: str) -> Any:
    """Corrects what the ticket is (complaint, info request, emergency, external, not a
    complaint); the correction is kept for retraining."""
    return _run(
        number,
        schemas.KindBody(),
        lambda t, a, b: kind_change.change_kind(t, a, b["kind"], b.get("body") or None),
    )


def ask(number: str) -> Any:
    """Asks the citizen for more information; the SLA clocks pause until they answer."""
    return _run(number, schemas.AskBody(), lambda t, a, b: actions.ask_citizen(t, a, b["question"]))


def extend(number: str) -> Any:
    """Extends a PPID request once, with the reason the requester receives."""
    return _run(number, schemas.ExtendBody(), lambda t, a, b: ppid.extend(t, a, b["reason"]))


def resolve(number: str) -> Any:
    """Marks the ticket resolved; the citizen is asked "Sudah beres?"."""
    return _run(number, schemas.ResolveBody(), lambda t, a, b: actions.resolve(t, a, b["note"]))


def reopen(number: str) -> Any:
    """Reopens a resolved or closed ticket; a complaint's handling clock restarts."""
    return _run(number, schemas.ReopenBody(), lambda t, a, b: actions.reopen(t, a, b["reason"]))
