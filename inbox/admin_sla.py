"""Admin pages for SLA policies (edited as new versions) and calendar overrides."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from aduan.extensions import db
from inbox import form_keys, labels
from inbox.auth import role_required
from inbox.units import unit_words
from sla import calendars, policies
from sla.models import CalendarOverride, SlaPolicy
from ticketing.models import Opd

bp = Blueprint("admin_sla", __name__, url_prefix="/admin/sla")


@bp.get("/")
@role_required("admin")
def policies_page() -> Any:
    policies.seed_policies()
    db.session.commit()
    rows = (
        db.session.execute(
            select(SlaPolicy).order_by(SlaPolicy.key, SlaPolicy.opd_code, SlaPolicy.version.desc())
        )
        .scalars()
        .all()
    )
    latest: dict[tuple[str, str | None], SlaPolicy] = {}
    for row in rows:
        latest.setdefault((row.key, row.opd_code), row)
    overrides = (
        db.session.execute(select(CalendarOverride).order_by(CalendarOverride.day.desc()))
        .scalars()
        .all()
    )
    # A kecamatan or kelurahan by its name, not its Kemendagri number ("KEC-357805").
    words = unit_words()
    opds = [
        (code, words.get(code, code))
        for code in db.session.execute(select(Opd.code).order_by(Opd.code)).scalars()
    ]
    return render_template(
        "admin_sla.html",
        latest=latest.values(),
        history=rows,
        overrides=overrides,
        opds=opds,
        unit_names=dict(opds),
        actions=policies.ACTIONS,
        new_key=form_keys.new_key,
    )


bp.add_url_rule("/policies", "policies", policies_page)


def _ladder(form: Any) -> list[dict[str, Any]]:
    steps = []
    for at, action in zip(form.getlist("at"), form.getlist("action"), strict=False):
        if action and not at.strip():  # a step chosen without its percent: not dropped unsaid
            raise ValueError(f"step {action} without a percent")
        if at.strip() and action:
            steps.append({"at": float(at) / 100.0, "action": action})
    return steps


@bp.post("/policies")
@role_required("admin")
def save_policy() -> Any:
    form = request.form
    opd_code = form.get("opd_code") or None
    known_opd = opd_code is None or db.session.get(Opd, opd_code) is not None
    if form.get("key") not in policies.DEFAULTS or not known_opd:
        # a policy no clock follows (and on PostgreSQL a key past its column was a 500)
        flash(_("Tidak tersimpan: jenis batas waktu atau unit tidak dikenal."), "error")
        return redirect(url_for("admin_sla.policies"))
    key = form.get("action_key", "")
    if not form_keys.well_formed(key):
        flash(
            _("Tidak tersimpan: formulir tidak lengkap. Muat ulang halaman, lalu coba lagi."),
            "error",
        )
        return redirect(url_for("admin_sla.policies"))
    if not form_keys.claim(key):  # a double click or a form sent again: one version
        flash(_("Kebijakan ini sudah tersimpan; tidak ada versi baru."), "ok")
        return redirect(url_for("admin_sla.policies"))
    try:
        policy = policies.new_version(
            form["key"],
            amount=int(form["amount"]),
            unit=form["unit"],
            calendar=form["calendar"],
            ladder=_ladder(form),
            opd_code=opd_code,
            user_id=current_user.id,
        )
        db.session.commit()
        name, version = labels.policy_name(policy), policy.version
        if opd_code:  # one unit's own target, not the city-wide policy of the same name
            unit = unit_words().get(opd_code, opd_code)
            text = _(
                "Kebijakan %(key)s untuk %(unit)s versi %(version)s berlaku untuk laporan "
                "baru unit itu.",
                key=name,
                unit=unit,
                version=version,
            )
        else:
            text = _(
                "Kebijakan %(key)s versi %(version)s berlaku untuk laporan baru.",
                key=name,
                version=version,
            )
        flash(text, "ok")
    except (KeyError, ValueError):
        db.session.rollback()
        text = _(
            "Tidak tersimpan: jumlah harus bilangan bulat positif (paling lama setahun), "
            "dengan satuan, kalender dan langkah eskalasi dari daftar (langkah 1-100 persen)."
        )
        flash(text, "error")
    return redirect(url_for("admin_sla.policies"))


@bp.post("/calendar")
@role_required("admin")
def save_override() -> Any:
    form = request.form
    try:
        day = date.fromisoformat(form.get("day", ""))
    except ValueError:
        flash(_("Tanggal tidak valid."), "error")
        return redirect(url_for("admin_sla.policies"))
    if form.get("kind") == "delete":
        row = db.session.get(CalendarOverride, day)
        if row is not None:
            db.session.delete(row)
    else:
        kind = "open" if form.get("kind") == "open" else "closed"
        row = db.session.get(CalendarOverride, day) or CalendarOverride(day=day)
        row.kind, row.reason, row.created_by = kind, form.get("reason", "").strip(), current_user.id
        db.session.add(row)
    db.session.commit()
    calendars.forget()
    flash(_("Kalender diperbarui; berlaku untuk jam SLA yang dimulai setelah ini."), "ok")
    return redirect(url_for("admin_sla.policies"))
