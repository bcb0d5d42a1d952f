"""The agents' inbox: open tickets by due time, the ticket page and its actions."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import nulls_last, select

from aduan.extensions import db
from inbox import timeline
from sla.clocks import clocks_of
from ticketing import actions, incidents, storage
from ticketing.models import OPEN_STATUSES, Attachment, Opd, Ticket, utcnow
from ticketing.routing import EXTERNAL_BODIES

bp = Blueprint("inbox", __name__)

VIEWS = {
    "open": OPEN_STATUSES,
    "triage": ("triage",),
    "waiting": ("waiting",),
    "resolved": ("resolved",),
    "closed": ("closed",),
}
PAGE_SIZE = 50


def ticket_query(view: str, opd: str | None, channel: str | None) -> Any:
    """Returns the select for the inbox list, most urgent first."""
    stmt = select(Ticket).where(Ticket.status.in_(VIEWS.get(view, OPEN_STATUSES)))
    if view == "emergency":
        stmt = select(Ticket).where(Ticket.kind == "emergency")
    if opd:
        stmt = stmt.where(Ticket.opd_code == opd)
    if channel:
        stmt = stmt.where(Ticket.channel == channel)
    return stmt.order_by(
        Ticket.priority.desc(), nulls_last(Ticket.first_response_due_at.asc()), Ticket.id
    )


def opds() -> list[Opd]:
    return list(db.session.execute(select(Opd).where(Opd.active).order_by(Opd.code)).scalars())


@bp.get("/inbox")
@login_required
def tickets() -> Any:
    view = request.args.get("view", "open")
    opd, channel = request.args.get("opd") or None, request.args.get("channel") or None
    rows = db.session.execute(ticket_query(view, opd, channel).limit(PAGE_SIZE)).scalars().all()
    template = "_rows.html" if request.headers.get("HX-Request") else "inbox.html"
    return render_template(template, tickets=rows, view=view, opd=opd, channel=channel, opds=opds())


def get_ticket(number: str) -> Ticket:
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
    if ticket is None:
        abort(404)
    return ticket


@bp.get("/tickets/<number>")
@login_required
def ticket(number: str) -> Any:
    item = get_ticket(number)
    parent = db.session.get(Ticket, item.incident_id) if item.incident_id else None
    duplicates = [] if parent or not item.is_open else incidents.similar(item, utcnow())[:5]
    return render_template(
        "ticket.html",
        ticket=item,
        entries=timeline.build(item),
        opds=opds(),
        loose=timeline.contact_messages(item),
        clocks=clocks_of(item),
        external_bodies=EXTERNAL_BODIES,
        parent=parent,
        members=incidents.members(item),
        duplicates=duplicates,
    )


AGENT_ACTIONS = {
    "reply": (
        lambda t, a, f: actions.reply(t, a, f.get("text", "")),
        "Balasan masuk antrean kirim.",
    ),
    "route": (lambda t, a, f: actions.route(t, a, f.get("opd", "")), "Laporan diteruskan."),
    "resolve": (
        lambda t, a, f: actions.resolve(t, a, f.get("note", "")),
        "Laporan ditandai selesai.",
    ),
    "ask": (
        lambda t, a, f: actions.ask_citizen(t, a, f.get("question", "")),
        "Pertanyaan dikirim; jam SLA berhenti sampai warga menjawab.",
    ),
    "extend": (
        lambda t, a, f: actions.extend_ppid(t, a, f.get("reason", "")),
        "Batas waktu PPID diperpanjang dan pemohon diberi tahu.",
    ),
    "kind": (
        lambda t, a, f: actions.change_kind(t, a, f.get("kind", ""), f.get("body") or None),
        "Jenis laporan diubah.",
    ),
    "merge": (
        lambda t, a, f: actions.merge_incident(t, a, f.get("parent", "").strip().upper()),
        "Digabung sebagai kejadian yang sama.",
    ),
    "unlink": (lambda t, a, f: actions.unlink_incident(t, a), "Dilepas dari kejadian."),
    "acknowledge": (
        lambda t, a, f: actions.acknowledge(t, a),
        "Darurat ditandai sudah diterima petugas.",
    ),
    "private": (
        lambda t, a, f: actions.set_private(t, a, f.get("private") == "1"),
        "Tampilan publik laporan diperbarui.",
    ),
}


@bp.post("/tickets/<number>/<action>")
@login_required
def act(number: str, action: str) -> Any:
    if action not in AGENT_ACTIONS:
        abort(404)
    item = get_ticket(number)
    do, done = AGENT_ACTIONS[action]
    try:
        do(item, actions.Actor.agent(current_user), request.form)
        db.session.commit()
        flash(done, "ok")
    except actions.ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("inbox.ticket", number=number))


@bp.get("/media/<int:attachment_id>")
@login_required
def media(attachment_id: int) -> Any:
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.status != "stored" or not item.storage_path:
        abort(404)
    try:  # local disk or the shared bucket (ticketing/storage.py)
        content = storage.open_media(item.storage_path)
    except storage.NotFound:
        abort(404)
    return send_file(content, mimetype=item.mime_type or "application/octet-stream", max_age=3600)
