"""Admin pages for other systems: API tokens (issue, list, revoke) and partner webhook
endpoints (register, deliveries with the partner's last answers, enable, pause, rotate
the secret, send failed deliveries again). A secret is shown once, on the page that
created it, never in a flash message (the session cookie is signed, not encrypted)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from aduan.extensions import db
from aduan.inputs import parse_id
from inbox.api import tokens
from inbox.auth import role_required
from ticketing.models import (
    EVENT_TYPES,
    SCOPES,
    ApiCall,
    ApiToken,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from ticketing.partners import deliveries, endpoints

bp = Blueprint("admin_partners", __name__, url_prefix="/admin/api")


def _page(**extra: Any) -> Any:
    counts: dict[int, dict[str, int]] = {}
    stmt = select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count()).group_by(
        WebhookDelivery.endpoint_id, WebhookDelivery.status
    )
    for endpoint_id, status, n in db.session.execute(stmt):
        counts.setdefault(endpoint_id, {})[status] = n
    return render_template(
        "admin_partners.html",
        tokens=db.session.execute(select(ApiToken).order_by(ApiToken.id.desc())).scalars().all(),
        users=db.session.execute(select(User).where(User.active.is_(True)).order_by(User.email))
        .scalars()
        .all(),
        scopes=SCOPES,
        hooks=db.session.execute(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
        .scalars()
        .all(),
        counts=counts,
        event_types=EVENT_TYPES,
        calls=db.session.execute(select(ApiCall).order_by(ApiCall.id.desc()).limit(20))
        .scalars()
        .all(),
        **extra,
    )


@bp.get("/")
@role_required("admin")
def index() -> Any:
    return _page()


@bp.post("/tokens")
@role_required("admin")
def create_token() -> Any:
    owner = db.session.get(User, parse_id(request.form.get("owner_id")) or 0)
    if owner is None:
        flash(_("Pilih pemilik token."), "error")
        return redirect(url_for(".index"))
    try:
        token, secret = tokens.issue(
            owner, request.form.get("name", ""), request.form.getlist("scopes"), current_user
        )
    except tokens.TokenError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    return _page(new_secret=secret, new_label=token.name)


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke_token(token_id: int) -> Any:
    token = db.session.get(ApiToken, token_id) or abort(404)
    tokens.revoke(token)
    db.session.commit()
    flash(_("Token dicabut."), "ok")
    return redirect(url_for(".index"))


@bp.post("/webhooks")
@role_required("admin")
def create_webhook() -> Any:
    form = request.form
    try:
        endpoint, secret = endpoints.create(
            form.get("name", ""),
            form.get("url", ""),
            form.getlist("events"),
            bool(form.get("trusted")),
            current_user.id,
        )
    except endpoints.EndpointError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    return _page(new_secret=secret, new_label=endpoint.name)


@bp.get("/webhooks/<int:endpoint_id>")
@role_required("admin")
def webhook(endpoint_id: int, **extra: Any) -> Any:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id) or abort(404)
    status = request.args.get("status") or None
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    rows = db.session.execute(stmt.order_by(WebhookDelivery.id.desc()).limit(100)).scalars()
    return render_template(
        "admin_webhook.html", endpoint=endpoint, rows=rows.all(), status=status, **extra
    )


@bp.post("/webhooks/<int:endpoint_id>/<action>")
@role_required("admin")
def webhook_action(endpoint_id: int, action: str) -> Any:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id) or abort(404)
    now = utcnow()
    if action == "enable":
        released = deliveries.enable(endpoint, now)
        flash(
            ngettext(
                "Diaktifkan; %(n)s kiriman tertahan dikirim.",
                "Diaktifkan; %(n)s kiriman tertahan dikirim.",
                released,
                n=released,
            ),
            "ok",
        )
    elif action == "pause":
        endpoint.active = False
        flash(_("Dihentikan: kejadian baru tidak dicatat untuk alamat ini."), "ok")
    elif action == "resend_failed":
        failed = db.session.execute(
            select(WebhookDelivery).where(
                WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "failed"
            )
        ).scalars()
        count = 0
        for row in failed:
            deliveries.resend(row, now)
            count += 1
        flash(
            ngettext(
                "%(n)s kiriman gagal dijadwalkan ulang.",
                "%(n)s kiriman gagal dijadwalkan ulang.",
                count,
                n=count,
            ),
            "ok",
        )
    elif action == "rotate":
        secret = endpoints.rotate(endpoint)
        db.session.commit()
        return webhook(endpoint_id, new_secret=secret)
    else:
        abort(404)
    db.session.commit()
    return redirect(url_for(".webhook", endpoint_id=endpoint.id))


@bp.post("/deliveries/<int:delivery_id>/resend")
@role_required("admin")
def resend(delivery_id: int) -> Any:
    row = db.session.get(WebhookDelivery, delivery_id) or abort(404)
    try:
        deliveries.resend(row)
        db.session.commit()
        flash(_("Dijadwalkan ulang."), "ok")
    except ValueError:
        flash(_("Hanya kiriman gagal yang bisa dikirim ulang."), "error")
    return redirect(url_for(".webhook", endpoint_id=row.endpoint_id))
