"""The citizens' pages: the report form (/lapor), the page a report's token opens
(/lapor/terkirim/<token>), the tracking page (/lacak/<MC-number>), the map and list
(/peta) and the scorecard (/kinerja). Bahasa Indonesia first (Flask-Babel), built for a
390 px phone, no third-party scripts: a honeypot and a rate limit instead of a CAPTCHA.

Everything shown comes from ticketing.publication: listed tickets, redacted."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import phonenumbers
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import or_

from aduan import timefmt
from aduan.extensions import db, limiter
from aduan.security import accepts_uploads
from public.forms import ReportError, report_fields
from public.intake import StorageUnavailable, UploadError, lookup, submit
from ticketing import (
    filetypes,
    places,
    publication,
    scorecard,
    sent_media,
    services,
    status,
    storage,
)
from ticketing.contacts import normalize_phone
from ticketing.models import OPEN_STATUSES, Attachment, Outbound, Ticket, utcnow
from ticketing.routing.external import reply_for as external_reply

bp = Blueprint(
    "public",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/publik/static",
)
RECENT = timedelta(days=30)
WINDOW = timedelta(days=90)
MAP_LIMIT = 500
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
HONEYPOT = "website"


def _lapor_limit() -> str:
    return current_app.config["LAPOR_LIMIT"]


def _lapor_phone_limit() -> str:
    return current_app.config["LAPOR_PHONE_LIMIT"]


def _phone_of_form() -> str | None:
    raw = (request.form.get("phone") or "").strip()
    return normalize_phone(raw) if raw else None


def _phone_scope() -> str:
    """Rate-limit key of a web report by the number it asks the desk to answer (hashed):
    nobody can make the desk text one number over and over from many addresses."""
    phone = _phone_of_form() or "-"
    return "phone:" + hashlib.sha256(phone.encode()).hexdigest()[:32]


def _counts(response: Any) -> bool:
    """A form sent back with a mistake to correct does not count against the limits; a
    refused photo does: the desk decoded it first, and free refusals let one address make
    it decode 10 MB pictures without end."""
    return response.status_code != 400 or g.get("photo_refused", False)


def _read_limit() -> str:
    return current_app.config["PUBLIC_READ_LIMIT"]


def _error_text(code: str) -> str:
    """The web form's words for a ReportError code."""
    return {
        "service": _("Pilih kategori laporan."),
        "location": _("Tandai lokasi di peta atau tuliskan patokan lokasinya."),
        "description": _("Ceritakan masalahnya (paling banyak 4000 huruf)."),
        "phone": _("Nomor HP tidak valid. Contoh: 0812 3456 7890."),
        "phone_abroad": _("Hanya nomor HP Indonesia (+62) yang bisa menerima kabar laporan."),
        "email": _("Alamat e-mail tidak valid."),
        "attribute": _("Lengkapi pertanyaan tambahan kategori ini."),
    }.get(code, _("Laporan belum lengkap."))


def _form_context(values: dict[str, Any] | None = None, error: str | None = None) -> dict:
    names = services.opd_names()
    groups: dict[str, list[services.Service]] = {}
    for service in services.public_services():
        if service.opd is None or service.code in services.BY_CODE:
            groups.setdefault(services.group_of(service, names), []).append(service)
    return {
        "groups": groups,
        "kecamatan": places.KECAMATAN,
        "values": values or {},
        "error": error,
        "honeypot": HONEYPOT,
        "attributes": {s.code: s.attributes for s in services.CATALOGUE if s.attributes},
    }


@bp.get("/lapor")
def lapor() -> str:
    return render_template("public/lapor.html", **_form_context())


def _too_many(_limit: Any) -> Response:
    """Over a report limit, the citizen gets the form back with what they wrote and
    why, not a bare 429 page that loses it."""
    text = _(
        "Terlalu banyak laporan terkirim dari sini dalam waktu singkat. Tunggu sebentar, "
        "lalu kirim lagi; isian Anda masih ada di bawah."
    )
    context = _form_context(request.form.to_dict(), text)
    photo = request.files.get("photo")
    context["photo_dropped"] = bool(photo and photo.filename)
    return Response(render_template("public/lapor.html", **context), 429)


@bp.post("/lapor")
@accepts_uploads
@limiter.limit(_lapor_limit, deduct_when=_counts, on_breach=_too_many)
@limiter.limit(
    _lapor_phone_limit,
    key_func=_phone_scope,
    exempt_when=lambda: not _phone_of_form(),
    deduct_when=_counts,
    on_breach=_too_many,
)
def lapor_submit() -> Any:
    if request.form.get(HONEYPOT):  # only robots fill the hidden field
        return render_template("public/terkirim.html", ticket=None, pending=False, token=None)
    try:
        fields = report_fields(request.form, request.files.get("photo"), open311=False)
    except ReportError as exc:
        context = _form_context(request.form.to_dict(), _error_text(exc.code))
        # a browser never fills a file box again: say so, or the report goes without it
        photo = request.files.get("photo")
        context["photo_dropped"] = bool(photo and photo.filename)
        return render_template("public/lapor.html", **context), 400
    except UploadError as exc:
        g.photo_refused = True
        context = _form_context(request.form.to_dict(), str(exc))
        return render_template("public/lapor.html", **context), 400
    try:
        token = submit("web", utcnow(), **fields)
    except StorageUnavailable:
        context = _form_context(request.form.to_dict(), _("Sistem sedang sibuk, coba lagi."))
        return render_template("public/lapor.html", **context), 503
    return redirect(url_for("public.terkirim", token=token), code=303)


@bp.get("/lapor/terkirim/<token>")
def terkirim(token: str) -> Any:
    known, ticket = lookup("web", token)
    if not known:
        abort(404)
    listed = ticket is not None and publication.is_listed(ticket)
    outside = None  # who handles a matter outside the city's remit, as a chat is told
    if ticket is not None and ticket.kind == "external":
        from aduan.i18n import locale

        outside = external_reply(ticket.external_body, locale())
    return render_template(
        "public/terkirim.html",
        ticket=ticket,
        pending=ticket is None,
        token=token,
        listed=listed,
        key=publication.tracking_key(ticket.number) if ticket is not None else None,
        outside=outside,
        whatsapp=whatsapp_contact(),
    )


def whatsapp_contact() -> tuple[str, str] | None:
    """Returns the desk's WhatsApp number as shown ("+62 811-3000-0000") and as wa.me
    wants it (digits), or None when DESK_WHATSAPP is not set."""
    number = current_app.config.get("DESK_WHATSAPP") or ""
    if not number:
        return None
    shown = phonenumbers.format_number(
        phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return shown, number.lstrip("+")


@bp.get("/lacak")
def lacak_form() -> Any:
    numbers = status.find_numbers(request.args.get("nomor", ""))
    if numbers:
        return redirect(url_for("public.lacak", number=numbers[0]))
    return render_template("public/lacak_cari.html", asked=bool(request.args.get("nomor")))


@bp.get("/lacak/<number>")
@limiter.limit(_read_limit)
def lacak(number: str) -> Any:
    numbers = status.find_numbers(number)
    ticket = publication.find_listed(numbers[0]) if numbers else None
    if ticket is None:  # the reporter's own link (their acknowledgement's) says its state
        own = publication.find_own(numbers[0], request.args.get("k", "")) if numbers else None
        if own is not None:
            state = publication.own_state(own)
            return render_template("public/lacak_own.html", number=own.number, state=state)
        return render_template("public/lacak_none.html", number=number[:30]), 404
    item = publication.views([ticket])[0]
    return render_template(
        "public/lacak.html",
        item=item,
        promises=publication.promises(ticket, utcnow()),
        resolved=not ticket.is_open,
    )


@bp.get("/lacak/<number>/foto/<int:attachment_id>")
@limiter.limit(_read_limit)
def foto(number: str, attachment_id: int) -> Any:
    ticket = publication.find_listed(number)
    item = publication.public_photo(ticket, attachment_id) if ticket is not None else None
    if item is None or not item.storage_path or item.mime_type not in PHOTO_TYPES:
        abort(404)
    try:  # served by what its bytes are (ticketing/filetypes.py)
        return filetypes.serve(item.storage_path, f"foto-{item.id}", item.mime_type, 3600)
    except storage.NotFound:
        abort(404)


@bp.get("/kiriman/<token>")
@limiter.limit(_read_limit)
def kiriman(token: str) -> Any:
    """A photo sent to a citizen, fetched by their provider from the signed URL the
    send made (ticketing/sent_media.py); re-encoded without its metadata."""
    found = sent_media.read(token)
    row = db.session.get(Outbound, found[0]) if found else None
    if found is None or row is None or found[1] not in (row.media or ()):
        abort(404)
    item = db.session.get(Attachment, found[1])
    if item is None or not item.storage_path or item.mime_type not in PHOTO_TYPES:
        abort(404)
    try:
        with storage.open_media(item.storage_path) as source:
            content = filetypes.clean_photo(source.read())
    except (storage.NotFound, filetypes.PhotoError):
        abort(404)
    response = Response(content, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = filetypes.MEDIA_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _map_query(code: str, kecamatan: str, show: str) -> Any:
    now = utcnow()
    query = publication.listed_query().where(Ticket.created_at >= now - WINDOW)
    open_clause = Ticket.status.in_(OPEN_STATUSES)
    recent = (~open_clause) & (Ticket.resolved_at >= now - RECENT)
    if show == "open":
        query = query.where(open_clause)
    elif show == "resolved":
        query = query.where(recent)
    else:
        query = query.where(or_(open_clause, recent))
    if code:
        query = query.where(publication.service_clause([code]))
    if kecamatan:
        query = query.where(Ticket.kecamatan == kecamatan)
    return query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAP_LIMIT)


@bp.get("/peta")
@limiter.limit(_read_limit)
def peta() -> Any:
    code = request.args.get("kategori", "")
    kecamatan = places.normalize_kecamatan(request.args.get("kecamatan")) or ""
    show = request.args.get("status", "")
    tickets = list(db.session.execute(_map_query(code, kecamatan, show)).scalars())
    items = publication.views(tickets)
    names = services.opd_names()
    points = [
        {
            "n": i.number,
            "lat": i.lat,
            "long": i.long,
            "status": i.status,
            "service": i.shown_name,
            "url": url_for("public.lacak", number=i.number),
        }
        for i in items
        if i.lat is not None
    ]
    return render_template(
        "public/peta.html",
        items=items,
        points=points,
        categories=[
            (s.code, services.shown_name(s, names)) for s in services.public_services() if s.opd
        ],
        kecamatan_list=places.KECAMATAN,
        chosen={"kategori": code, "kecamatan": kecamatan, "status": show},
    )


@bp.get("/kinerja")
@limiter.limit(_read_limit)
def kinerja() -> Any:
    days = request.args.get("hari", type=int) or 90
    days = days if days in (30, 90, 365) else 90
    now = utcnow()
    scores = scorecard.scorecard(now - timedelta(days=days), now, now)
    return render_template(
        "public/kinerja.html", scores=scores, names=services.opd_names(), days=days
    )


@bp.app_template_filter("waktu")
def waktu(value: Any) -> str:
    """A time on the public pages, in the page's language (e.g. "Senin, 30 Nov 2026
    15:00 WIB")."""
    from aduan.i18n import locale

    return timefmt.human(value, locale())


@bp.app_template_filter("angka")
def angka(value: float) -> str:
    """A figure with one decimal in the page's language: "66,7" in Indonesian, "66.7"
    in English."""
    from babel.numbers import format_decimal

    from aduan.i18n import locale

    return format_decimal(value, format="#,##0.0", locale=locale())
