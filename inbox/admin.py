"""Admin pages: the OPD directory and its officers, alert groups, history, links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import and_, func, or_, select

from aduan.extensions import db
from inbox.admin_channels import alerts, intake_alert
from inbox.auth import role_required
from ticketing import directory, links
from ticketing.models import GROUPS, DirectoryChange, Officer, Opd, Ticket, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@role_required("admin")
def directory_page() -> Any:
    opds = db.session.execute(select(Opd).order_by(Opd.code)).scalars().all()
    counts = dict(
        db.session.execute(
            select(Officer.opd_code, func.count())
            .where(Officer.active.is_(True))
            .group_by(Officer.opd_code)
        ).all()
    )
    groups = {
        code: db.session.execute(
            select(Officer).where(Officer.group_code == code).order_by(Officer.name)
        )
        .scalars()
        .all()
        for code in GROUPS
    }
    return render_template(
        "admin_directory.html",
        opds=opds,
        counts=counts,
        groups=groups,
        intake=intake_alert(),
        alerts=alerts(),
    )


bp.add_url_rule("/directory", "directory", directory_page)


@bp.route("/opd/<code>", methods=["GET", "POST"])
@role_required("admin")
def opd(code: str) -> Any:
    item = db.session.get(Opd, code) or abort(404)
    if request.method == "POST":
        form = request.form
        values = {
            "name": form.get("name", "").strip(),
            "remit": form.get("remit", "").strip(),
            "keywords": form.get("keywords", "").strip(),
            "active": "active" in form,
            "transfer_allowed": "transfer_allowed" in form,
        }
        try:
            changed = directory.update_opd(item, values, current_user.id)
            db.session.commit()
            flash(_("Tersimpan.") if changed else _("Tidak ada perubahan."), "ok")
        except directory.DirectoryError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        return redirect(url_for("admin.opd", code=code))
    officers = (
        db.session.execute(
            select(Officer).where(Officer.opd_code == code).order_by(Officer.role, Officer.name)
        )
        .scalars()
        .all()
    )
    # The unit's own edits and those of its officers (an officer added here was in the
    # directory's history while this page said "Belum ada perubahan").
    mine = [str(o.id) for o in officers]
    history = (
        db.session.execute(
            select(DirectoryChange)
            .where(
                or_(
                    and_(DirectoryChange.entity == "opd", DirectoryChange.entity_key == code),
                    and_(DirectoryChange.entity == "officer", DirectoryChange.entity_key.in_(mine)),
                )
            )
            .order_by(DirectoryChange.id.desc())
            .limit(50)
        )
        .scalars()
        .all()
    )
    return render_template(
        "admin_opd.html", opd=item, officers=officers, history=history, **_history_names(history)
    )


@bp.post("/officers")
@bp.post("/officers/<int:officer_id>")
@role_required("admin")
def officer(officer_id: int | None = None) -> Any:
    item = db.session.get(Officer, officer_id) if officer_id else None
    if officer_id and item is None:
        abort(404)
    form = request.form
    values = {
        "name": form.get("name", "").strip(),
        "role": form.get("role", "officer"),
        "channel": form.get("channel", ""),
        "address": form.get("address", ""),
        "active": "active" in form or item is None,
        "opd_code": form.get("opd_code") or None,
        "group_code": form.get("group_code") or None,
    }
    if values["opd_code"] and db.session.get(Opd, values["opd_code"]) is None:
        abort(400, "unknown OPD")
    if values["group_code"] and values["group_code"] not in GROUPS:
        abort(400, "unknown group")
    try:
        directory.save_officer(item, values, current_user.id)
        db.session.commit()
        flash(_("Petugas tersimpan."), "ok")
    except directory.DirectoryError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    target = (
        url_for("admin.opd", code=values["opd_code"])
        if values["opd_code"]
        else url_for("admin.directory")
    )
    return redirect(target)


@bp.post("/officers/<int:officer_id>/revoke")
@role_required("admin")
def revoke_officer_links(officer_id: int) -> Any:
    item = db.session.get(Officer, officer_id) or abort(404)
    count = links.revoke_all(officer_id=item.id)
    db.session.commit()
    flash(
        ngettext(
            "%(num)s tautan milik %(name)s dicabut.",
            "%(num)s tautan milik %(name)s dicabut.",
            count,
            name=item.name,
        ),
        "ok",
    )
    return redirect(request.referrer or url_for("admin.directory"))


@bp.post("/tickets/<number>/revoke")
@role_required("admin")
def revoke_ticket_links(number: str) -> Any:
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar() or abort(
        404
    )
    count = links.revoke_all(ticket_id=ticket.id)
    db.session.commit()
    flash(
        ngettext(
            "%(num)s tautan petugas untuk %(number)s dicabut.",
            "%(num)s tautan petugas untuk %(number)s dicabut.",
            count,
            number=number,
        ),
        "ok",
    )
    return redirect(url_for("inbox.ticket", number=number))


@bp.get("/history")
@role_required("admin")
def history() -> Any:
    rows = (
        db.session.execute(select(DirectoryChange).order_by(DirectoryChange.id.desc()).limit(200))
        .scalars()
        .all()
    )
    return render_template("admin_history.html", rows=rows, **_history_names(rows))


def _history_names(rows: list[DirectoryChange]) -> dict[str, dict[Any, str]]:
    """Who made each change and which officer it touched, by name: the history read
    "#3 · officer 62", ids an admin cannot look up anywhere."""
    user_ids = {row.user_id for row in rows if row.user_id}
    officer_ids = {
        int(r.entity_key) for r in rows if r.entity == "officer" and r.entity_key.isdigit()
    }
    users = db.session.execute(select(User.id, User.name, User.email).where(User.id.in_(user_ids)))
    officers = db.session.execute(
        select(Officer.id, Officer.name).where(Officer.id.in_(officer_ids))
    )
    return {
        "user_names": {uid: name or email for uid, name, email in users},
        "officer_names": {str(oid): name for oid, name in officers},
    }
