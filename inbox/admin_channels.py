"""Admin pages: channel health and the dead-letter list of inbound events, and the
backlog alerts shown on the admin pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from aduan.extensions import db
from inbox.auth import role_required
from ticketing import backlog, health
from ticketing.inbound import events
from ticketing.models import INBOUND_MAX_ATTEMPTS, InboundEvent, utcnow

bp = Blueprint("admin_channels", __name__, url_prefix="/admin/channels")


def intake_alert() -> dict[str, Any]:
    """What the intake alert on the admin pages says: events waiting longer than
    INBOUND_ALERT_SECONDS, and events given up after their last attempt."""
    seconds = current_app.config["INBOUND_ALERT_SECONDS"]
    return {
        "late": backlog.late_events(utcnow(), seconds),
        "failed": backlog.failed_events(),
        "minutes": max(1, seconds // 60),
    }


def alerts() -> dict[str, Any]:
    """What the admin pages warn about: outbox rows unsent long after they were due, and
    rows whose delivery is unknown (templates/_backlog_alerts.html)."""
    limit = current_app.config["READY_OUTBOX_AGE_SECONDS"]
    late = backlog.late_outbox(utcnow(), limit)
    unknown, tickets = backlog.unknown_outbox()
    minutes = max(1, limit // 60)
    return {"late": late.count, "minutes": minutes, "unknown": unknown, "tickets": tickets}


@bp.get("/")
@role_required("admin")
def health_page() -> Any:
    return render_template(
        "admin_channels.html",
        rows=health.report(utcnow()),
        dead=health.dead_letters(),
        intake=intake_alert(),
        max_attempts=INBOUND_MAX_ATTEMPTS,
        alerts=alerts(),
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
