"""Admin pages: channel health and the dead-letter list of inbound events."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from aduan.extensions import db
from inbox.auth import role_required
from ticketing import health
from ticketing.inbound import events
from ticketing.models import InboundEvent, utcnow

bp = Blueprint("admin_channels", __name__, url_prefix="/admin/channels")


@bp.get("/")
@role_required("admin")
def health_page() -> Any:
    return render_template(
        "admin_channels.html", rows=health.report(utcnow()), dead=health.dead_letters()
    )


bp.add_url_rule("/health", "health", health_page)


@bp.post("/events/<int:event_id>/replay")
@role_required("admin")
def replay(event_id: int) -> Any:
    event = db.session.get(InboundEvent, event_id)
    if event is None:
        flash(_("Event tidak ditemukan."), "error")
    else:
        event.processed_at, event.attempts, event.last_error = None, 0, None
        event.claim_token, event.claimed_until = None, None
        db.session.commit()
        events.wake()
        flash(_("Event %(id)s diproses ulang.", id=event.id), "ok")
    return redirect(url_for("admin_channels.health"))
