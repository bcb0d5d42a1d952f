"""Canned replies, managed by supervisors (ticketing/canned.py fills in the variables)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aduan.extensions import db
from aduan.inputs import parse_id
from inbox.auth import role_required
from ticketing import canned
from ticketing.actions import ActionError
from ticketing.models import CannedReply

bp = Blueprint("canned", __name__, url_prefix="/canned")


@bp.get("/")
@role_required("supervisor")
def index() -> Any:
    replies = db.session.execute(select(CannedReply).order_by(CannedReply.title)).scalars()
    return render_template(
        "canned.html",
        replies=list(replies),
        variables=canned.VARIABLES,
        max_body=canned.MAX_BODY,  # said by the boxes: a longer text was refused, then lost
    )


@bp.post("/")
@role_required("supervisor")
def save() -> Any:
    """Creates a canned reply, or updates the one named by `id`."""
    reply_id = request.form.get("id", "")
    reply = db.session.get(CannedReply, parse_id(reply_id) or 0) if reply_id else None
    if reply_id and reply is None:
        abort(404)
    try:
        canned.save(
            current_user,
            request.form.get("title", ""),
            request.form.get("body", ""),
            reply,
            active=request.form.get("active", "1") == "1",
        )
        db.session.commit()
        flash(_("Balasan cepat disimpan."), "ok")
        if unknown := canned.unknown_variables(request.form.get("body", "")):
            known = ", ".join(f"{{{name}}}" for name in canned.VARIABLES)
            text = _(
                "Perhatian: %(names)s bukan variabel dan akan terkirim apa adanya. "
                "Variabel yang diisi otomatis: %(known)s.",
                names=", ".join(unknown),
                known=known,
            )
            flash(text, "error")
    except ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("canned.index"))
