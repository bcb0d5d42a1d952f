"""What agents do among themselves on the inbox: assign, internal notes, canned replies,
presence ("Rina is typing a reply"), live updates, bulk actions and the map.

Built on ticketing/internal.py (assign, add_note) and ticketing/actions.py; nothing here
reaches the citizen except a canned reply the agent then sends as their own reply."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from aduan.extensions import db, read_only
from aduan.inputs import parse_id
from inbox import presence, timeline
from inbox.units import filter_menus, unit_names
from inbox.views import agents, get_ticket
from ticketing import actions, canned, incident_actions, internal, outbox, unsent
from ticketing.models import OPEN_SQL, CannedReply, Ticket, User
from ticketing.queue import OPEN_TICKETS

bp = Blueprint("workspace", __name__)

BULK_MAX = 100
BULK_NAMED = 5  # tickets a bulk action names in its message (the cookie stays small)
# The field a bulk action cannot go without: asked for once, not refused per ticket.
BULK_NEEDS = {
    "route": ("opd", _l("Isi unit tujuan untuk meneruskan laporan.")),
    "merge": ("parent", _l("Isi nomor laporan induk untuk menggabungkan laporan.")),
}
MAP_MAX = 2000


def _holder(item: Ticket) -> str:
    """Who has the ticket now, in words (a refused assignment names them)."""
    holder = db.session.get(User, item.assignee_id) if item.assignee_id else None
    return (holder.name or holder.email) if holder else str(_("belum ditugaskan"))


def _done(number: str) -> Any:
    return redirect(url_for("inbox.ticket", number=number))


@bp.post("/tickets/<number>/assign")
@login_required
def assign(number: str) -> Any:
    """Assigns the ticket: to me ("me"), to an agent (their id) or to nobody ("")."""
    item = get_ticket(number)
    who = request.form.get("user", "me")
    ident = parse_id(who)
    user = current_user if who == "me" else (db.session.get(User, ident) if ident else None)
    if who not in ("", "me") and user is None:
        abort(400)
    seen = request.form.get("seen")  # the assignee the page showed when it was loaded
    if seen is not None and seen != str(item.assignee_id or ""):
        flash(
            _(
                "Penugasan sudah diubah rekan sejak halaman ini dibuka: kini %(name)s. "
                "Periksa lalu tugaskan lagi bila perlu.",
                name=_holder(item),
            ),
            "error",
        )
        return _done(number)
    try:
        internal.assign(item, actions.Actor.agent(current_user), user)
        db.session.commit()
        flash(_("Penugasan disimpan."), "ok")
    except actions.ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _done(number)


@bp.post("/tickets/<number>/note")
@login_required
def note(number: str) -> Any:
    """Adds an internal note (never sent to the citizen; optionally shown to the OPD)."""
    item = get_ticket(number)
    try:
        event = internal.add_note(
            item,
            actions.Actor.agent(current_user),
            request.form.get("text", ""),
            officer_visible=request.form.get("officer_visible") == "1",
        )
        db.session.commit()
        presence.mention(event.data.get("mentions") or [], item)
        flash(_("Catatan internal disimpan."), "ok")
    except actions.ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _done(number)


# What an agent decides about a message whose send failed or is unknown (ticketing/unsent.py).
UNSENT = {
    "resend": (unsent.resend, _l("Pesan dimasukkan lagi ke antrean kirim.")),
    "settle": (unsent.settle, _l("Pesan ditandai sudah diterima.")),
}


@bp.post("/tickets/<number>/outbound/<int:outbound_id>/<decision>")
@login_required
def decide_unsent(number: str, outbound_id: int, decision: str) -> Any:
    """Sends a failed or unknown message again, or records an unknown one as received."""
    if decision not in UNSENT:
        abort(404)
    item = get_ticket(number)
    do, done = UNSENT[decision]
    try:
        do(item, actions.Actor.agent(current_user), outbound_id)
        db.session.commit()
        flash(str(done), "ok")
    except actions.ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _done(number)


@bp.get("/tickets/<number>/canned")
@login_required
def canned_text(number: str) -> Any:
    """Returns the reply box filled with a canned reply for this ticket (htmx swap)."""
    item = get_ticket(number)
    reply_id = parse_id(request.args.get("canned"))
    reply = db.session.get(CannedReply, reply_id) if reply_id else None
    text = canned.render(reply, item) if reply is not None and reply.active else ""
    locale = item.contact.locale if item.contact else "id"  # the citizen's, for the hint
    room = outbox.reply_room(item, actions.MAX_TEXT)
    return render_template("_reply_box.html", text=text, reply_locale=locale, reply_max=room)


@bp.post("/tickets/<number>/presence")
@login_required
def here(number: str) -> Any:
    """Refreshes my presence on the ticket; returns the warning about the others."""
    item = get_ticket(number)
    presence.touch(item.id, current_user.id, typing=request.form.get("typing") == "1")
    return render_template(
        "_presence.html",
        others=presence.others(item.id, current_user.id),
        agents=agents(),
        changed=timeline.changed(
            request.form.get("seen"), timeline.version(item.id, current_user.id)
        ),
        number=item.number,
    )


@bp.get("/inbox/live")
@read_only
@login_required
def live() -> Any:
    """Returns the newest ticket id and the open emergencies that arrived after `since`
    (the inbox polls this to alert agents)."""
    since_id = parse_id(request.args.get("since")) or 0
    latest = db.session.execute(select(db.func.max(Ticket.id))).scalar() or 0
    stmt = (
        select(Ticket.number, Ticket.summary)
        .where(OPEN_TICKETS, Ticket.kind == "emergency", Ticket.id > since_id)
        .order_by(Ticket.id)
        .limit(10)
    )
    emergencies = [
        {"number": n, "summary": (s or "")[:120], "url": url_for("inbox.ticket", number=n)}
        for n, s in db.session.execute(stmt)
    ]
    return jsonify(latest=latest, emergencies=emergencies if since_id else [])


def _unit_code(typed: str) -> str:
    """Returns the code of the unit an agent typed in the bulk bar: "dlh" is DLH, and so
    are "DLH · Dinas Lingkungan Hidup" and "dinas lingkungan hidup" (a name two units
    share, as two kelurahan Wonorejo, stays unknown)."""
    typed = " ".join(typed.split())
    code = typed.split(" · ")[0].upper()
    names = unit_names()
    if code in names:
        return code
    found = [c for c, name in names.items() if name.lower() == typed.lower()]
    return found[0] if len(found) == 1 else code


def _bulk_one(item: Ticket, action: str, form: Any) -> None:
    actor = actions.Actor.agent(current_user)
    if action == "route":
        actions.route(item, actor, _unit_code(form.get("opd", "")))
    elif action == "resolve":
        actions.resolve(item, actor, form.get("note", ""))
    elif action == "merge":
        incident_actions.merge_incident(item, actor, form.get("parent", "").strip().upper())
    elif action == "assign":
        if item.assignee_id not in (None, current_user.id):  # never taken from a colleague
            raise actions.ActionError(_("Sudah ditangani %(name)s", name=_holder(item)))
        internal.assign(item, actor, current_user)
    else:
        abort(400)


@bp.post("/inbox/bulk")
@login_required
def bulk() -> Any:
    """Routes, resolves, merges or takes the chosen tickets, one transaction each; says
    how many went through and which did not (and why)."""
    numbers = list(dict.fromkeys(request.form.getlist("ticket")))[:BULK_MAX]
    action = request.form.get("action", "")
    if not numbers:
        flash(_("Pilih laporan terlebih dahulu."), "error")
        return redirect(request.referrer or url_for("inbox.tickets"))
    field, ask = BULK_NEEDS.get(action, ("", ""))
    if field and not request.form.get(field, "").strip():
        flash(str(ask), "error")
        return redirect(request.referrer or url_for("inbox.tickets"))
    done, failed = [], []
    for number in numbers:
        item = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
        if item is None:  # named briefly: the list is flashed, and so kept in the cookie
            failed.append(f"{number[:20]}: " + _("tidak ditemukan"))
            continue
        try:
            _bulk_one(item, action, request.form)
            db.session.commit()
            done.append(item.number)
        except actions.ActionError as exc:
            db.session.rollback()
            failed.append(f"{number}: {str(exc).rstrip('.')}")  # "; "-joined, no ".;"
    if done:  # none went through: only the refusals, no green "0"
        # Named (a few): after the "a" shortcut the agent sees which ticket they took.
        named = ", ".join(done[:BULK_NAMED])
        if len(done) > BULK_NAMED:
            named += " " + _("dan %(n)s lainnya", n=len(done) - BULK_NAMED)
        flash(
            ngettext(
                "%(num)d laporan diproses: %(list)s.",
                "%(num)d laporan diproses: %(list)s.",
                len(done),
                list=named,
            ),
            "ok",
        )
    if failed:
        flash(_("Tidak diproses: %(list)s", list="; ".join(failed)), "error")
    return redirect(request.referrer or url_for("inbox.tickets"))


@bp.get("/inbox/map")
@login_required
def ticket_map() -> Any:
    # The same unit menu as the inbox: kecamatan/kelurahan by name, "EXTERNAL" in words.
    opd_options, _channels = filter_menus(request.args.get("opd") or None, None)
    return render_template("map.html", opd_options=opd_options)


@bp.get("/inbox/map.json")
@login_required
def map_points() -> Any:
    """Returns the open tickets with a location (most urgent first, at most MAP_MAX)."""
    opd = request.args.get("opd") or None
    stmt = (
        select(Ticket.number, Ticket.latitude, Ticket.longitude, Ticket.summary, Ticket.kind)
        .where(db.text("tickets." + OPEN_SQL), Ticket.latitude.is_not(None))
        .order_by(Ticket.priority.desc(), Ticket.id.desc())
        .limit(MAP_MAX)
    )
    if opd:
        stmt = stmt.where(Ticket.opd_code == opd)
    points = [
        {
            "number": n,
            "lat": lat,
            "lng": lng,
            "summary": (s or _("(foto/lokasi)"))[:100],  # a location sent without words
            "emergency": k == "emergency",
            "url": url_for("inbox.ticket", number=n),
        }
        for n, lat, lng, s, k in db.session.execute(stmt)
    ]
    return jsonify(
        points=points,
        tiles=current_app.config.get("MAP_TILE_URL", ""),
        attribution=current_app.config.get("MAP_ATTRIBUTION", ""),
    )
