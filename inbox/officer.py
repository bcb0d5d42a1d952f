"""Officers act on their tickets through signed links: no account, one ticket per link.
The ticket comes from the link only, so a link for ticket A can never reach ticket B."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from aduan.extensions import db, limiter
from aduan.security import accepts_uploads
from inbox import errors, form_keys, timeline
from sla import clocks, policies
from ticketing import (
    actions,
    evidence,
    filetypes,
    incidents,
    links,
    notify,
    personal_data,
    ppid,
    publication,
    storage,
)
from ticketing.models import Attachment, OfficerLink, Opd, Ticket, utcnow

bp = Blueprint("officer", __name__, url_prefix="/o")
ERRORS = {"invalid": 404, "moved": 410, "expired": 410, "revoked": 410, "closed": 410}


def mask_phone(phone: str | None) -> str:
    """Returns +62812****7890 style, or '-'."""
    if not phone:
        return "-"
    return phone[:6] + "*" * max(0, len(phone) - 10) + phone[-4:] if len(phone) > 10 else "****"


def _link(token: str) -> OfficerLink | Any:
    try:
        return links.resolve(token)
    except links.LinkError as exc:
        page = render_template(
            "officer_error.html", reason=exc.reason, token=token, merged_into=_merged_into(exc)
        )
        abort(ERRORS[exc.reason], response=current_app.make_response((page, ERRORS[exc.reason])))


def _merged_into(exc: links.LinkError) -> str | None:
    """Returns the number of the report a moved link's ticket was merged into (its
    incident's parent, now another unit's), else None."""
    ticket = exc.link.ticket if exc.reason == "moved" and exc.link is not None else None
    if ticket is None or not ticket.incident_confirmed or not ticket.incident_id:
        return None
    parent = db.session.get(Ticket, ticket.incident_id)
    return parent.number if parent is not None else None


# The desk's own business: who of the desk has the ticket, and what became of messages
# the officer does not see (a resend, a send settled, a first reply withheld).
DESK_EVENTS = frozenset({"assigned", "resent", "settled", "reply_withheld"})


def _for_officers(entry: timeline.Entry) -> bool:
    """Internal notes reach the officer only when the agent chose so; DESK_EVENTS never."""
    if entry.kind != "event":
        return True
    if entry.item.action == "note":
        return bool((entry.item.data or {}).get("officer_visible"))
    return entry.item.action not in DESK_EVENTS


def _can_accept(ticket: Any) -> bool:
    """A routed ticket can be taken; an emergency already in progress only while its 112
    acknowledgement still waits (accepting it again said "Tidak ada respons darurat yang
    menunggu")."""
    if ticket.status == "routed":
        return True
    if ticket.kind != "emergency" or ticket.status != "in_progress":
        return False
    ack = clocks.get(ticket, "emergency_ack")
    return ack is not None and ack.status not in ("met", "stopped")


def _render(link: OfficerLink, revealed: bool = False, kept: dict[str, str] | None = None) -> str:
    ticket = link.ticket
    entries = [e for e in timeline.build(ticket) if e.kind != "out" and _for_officers(e)]
    transfer_to = []
    own = db.session.get(Opd, link.officer.opd_code) if link.officer.opd_code else None
    if own is not None and own.transfer_allowed:
        stmt = select(Opd).where(Opd.active.is_(True), Opd.code != "EXTERNAL").order_by(Opd.code)
        transfer_to = [o for o in db.session.execute(stmt).scalars() if o.code != ticket.opd_code]
    # Which incident the ticket is part of (its handling follows the parent's), or how
    # many other citizens' reports follow this one.
    parent = db.session.get(Ticket, ticket.incident_id) if ticket.incident_confirmed else None
    return render_template(
        "officer.html",
        link=link,
        ticket=ticket,
        incident_parent=parent,
        incident_members=0 if parent else len(incidents.confirmed_members(ticket)),
        officer=link.officer,
        entries=entries,
        phone=ticket.contact.phone if revealed else mask_phone(ticket.contact.phone),
        revealed=revealed,
        transfer_to=transfer_to,
        can_accept=_can_accept(ticket) and not link.officer.watching,
        listed=publication.is_listed(ticket),  # the public-photo choice means something
        action_key=form_keys.new_key(),
        kept=kept,
        can_extend=(can_extend := clocks.extendable(ticket, utcnow())),
        ppid_clock=clocks.get(ticket, "ppid") if ticket.kind == "info_request" else None,
        objection_clock=_objection(ticket),
        extension_days=policies.current("ppid_extension").amount if can_extend else None,
    )


@bp.get("/<token>")
@limiter.limit("60 per minute")
def page(token: str) -> Any:
    link = _link(token)
    link.uses += 1
    link.last_used_at = utcnow()
    db.session.commit()
    return _render(link)


def _do(link: OfficerLink, action: str, form: Any) -> str:
    """Applies one officer action; returns the message to show."""
    ticket, actor = link.ticket, actions.Actor.officer(link.officer, link.id)
    photos = request.files.getlist("photos")
    if action == "accept":
        if ticket.kind == "emergency" and ticket.status != "routed":
            actions.acknowledge(ticket, actor)
        else:
            actions.accept(ticket, actor)
        return _("Laporan diterima. Warga sudah diberi tahu.")
    if action == "progress":
        _photos(photos, actions.progress(ticket, actor, form.get("text", "")), form)
        return _("Perkembangan dikirim ke warga.")
    if action == "ask":
        actions.ask_citizen(ticket, actor, form.get("question", ""))
        return _("Pertanyaan dikirim ke warga; batas waktu berhenti sampai warga menjawab.")
    if action == "resolve":
        _photos(photos, actions.resolve(ticket, actor, form.get("note", "")), form)
        return _("Laporan diselesaikan. Warga diminta konfirmasi.")
    if action == "reject":
        actions.reject(ticket, actor, form.get("reason", ""))
        return _("Laporan dikembalikan ke Media Center untuk dialihkan.")
    if action == "extend":
        if ticket.kind != "info_request":
            abort(404)  # only an information request has a PPID deadline to extend
        ppid.extend(ticket, actor, form.get("reason", ""))
        return _("Batas waktu diperpanjang. Pemohon diberi tahu tanggal baru dan alasannya.")
    if action == "transfer":
        actions.transfer(ticket, actor, form.get("opd", ""), form.get("reason", ""))
        return _("Laporan dipindahkan ke unit lain.")
    abort(404)


def _photos(photos: list[Any], event: Any, form: Any) -> None:
    """Keeps the photos sent with progress or a resolution as the event's evidence and
    passes them on to the citizen."""
    saved = evidence.save(photos, event, public=form.get("photos_public") == "1")
    evidence.send_to_citizen(event.ticket, saved)


@bp.post("/<token>/<action>")
@accepts_uploads
@limiter.limit("30 per minute")
def act(token: str, action: str) -> Any:
    link = _link(token)
    if link.officer.watching:  # the page offers no action; a crafted POST gets none
        abort(403, _("Tautan ini hanya untuk memantau laporan, bukan untuk menindaklanjuti."))
    key = request.form.get("action_key", "")
    if not form_keys.well_formed(key):  # a form of ours always has one: a made-up POST
        errors.refuse(errors.STALE_OFFICER_FORM)
    if action == "reveal":
        now, officer = utcnow(), link.officer
        # the privacy log, as a staff reveal (inbox/reveal.py); never the token
        personal_data.reveal(
            link.ticket.contact,
            "phone",
            actor_kind="officer",
            actor_id=officer.id,
            actor_name=officer.name,
            where=f"officer link {link.id}",
            now=now,
            ticket=link.ticket,
            on_timeline=False,
        )
        actions.log_action(
            link.ticket, actions.Actor.officer(officer, link.id), "phone_revealed", now
        )
        db.session.commit()
        return _render(link, revealed=True)
    if not form_keys.claim(key, link.id):
        flash(_("Tindakan ini sudah diproses sebelumnya."), "ok")
        return redirect(url_for("officer.page", token=token))
    try:
        message = _do(link, action, request.form)
        db.session.commit()
        flash(message, "ok")
    except (actions.ActionError, evidence.EvidenceError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        # The page again with what was written: a note typed on a phone was lost with a
        # photo of the wrong kind. Nothing was applied, so sending it again is safe.
        kept = {name: request.form.get(name, "") for name in ("text", "question", "note", "reason")}
        if any(kept.values()):
            return _render(link, kept={**kept, "action": action}), 422
    return redirect(url_for("officer.page", token=token))


@bp.get("/<token>/<action>")
def action_address(token: str, action: str) -> Any:
    """An action's address opened again (a reload or a restored tab after a refused form,
    or the fresh-link page) leads back to the ticket's page, which checks the link."""
    return redirect(url_for("officer.page", token=token), 303)


@bp.post("/<token>/refresh")
@limiter.limit("3 per hour")
def refresh(token: str) -> Any:
    """Sends a fresh link to the officer's own registered channel (never shown here) for an
    expired link. A link an admin revoked stays revoked."""
    try:
        links.resolve(token)
        link = None  # still valid: nothing to do
    except links.LinkError as exc:
        link = exc.link if exc.reason == "expired" else None
    if link is not None and link.officer.active and link.ticket.is_open and links.bound(link):
        notify.send_with_link(link.officer, link.ticket, "fresh_link", "fresh_link", utcnow())
        db.session.commit()
    return render_template("officer_error.html", reason="refreshed", token=None)


@bp.get("/<token>/media/<int:attachment_id>")
@limiter.limit("120 per minute")
def media(token: str, attachment_id: int) -> Any:
    link = _link(token)
    item = db.session.get(Attachment, attachment_id)
    owner = None
    if item is not None:
        owner = (
            item.message.ticket_id
            if item.message
            else (item_event.ticket_id if (item_event := _event_of(item)) else None)
        )
    if item is None or owner != link.ticket_id or item.status != "stored":
        abort(404)
    try:  # served by what its bytes are, never rendered as a page (ticketing/filetypes.py)
        return filetypes.serve(item.storage_path or "", f"lampiran-{item.id}", item.mime_type)
    except storage.NotFound:
        abort(404)


def _event_of(item: Attachment) -> Any:
    from ticketing.models import TicketEvent

    return db.session.get(TicketEvent, item.event_id) if item.event_id else None


def _objection(ticket: Ticket) -> Any:
    """Returns the running (or paused) objection clock of an information request: the
    superior answers a keberatan on it (UU 14/2008 Pasal 36), else None."""
    clock = clocks.get(ticket, "objection") if ticket.kind == "info_request" else None
    return clock if clock is not None and clock.status in ("running", "paused") else None
