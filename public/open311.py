"""Open311 GeoReport v2 under /open311/v2/ (wiki.open311.org/GeoReport_v2 is the
contract): discovery, services, service definitions, requests (GET, and POST with a
partner's api_key), one request, and tokens. Every GET answers in XML and JSON.

What a request shows comes from ticketing.publication (listed tickets only, redacted).
A POST stores a raw event like any webhook and answers with a token: the ticket, with
its MC number as service_request_id, exists once the pipeline has routed it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import RequestEntityTooLarge

from aduan.extensions import db, limiter
from aduan.security import accepts_uploads
from aduan.timefmt import zone
from public import formats
from public.forms import ReportError, report_fields
from public.intake import StorageUnavailable, UploadError, lookup, submit
from ticketing import open311_keys, publication, services, status
from ticketing.models import Ticket, utcnow

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
FMT = "<any(xml,json):fmt>"
SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-03T00:00:00Z"
WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
NOTICE = (
    "Laporan akan ditanggapi paling lambat 1x24 jam hari kerja. Nomor laporan (MC-...) "
    "tersedia lewat tokens/{token}."
)


class Open311Error(Exception):
    """An error answered in the spec's format."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


@bp.errorhandler(Open311Error)
def _open311_error(exc: Open311Error) -> Response:
    return formats.error((request.view_args or {}).get("fmt", "xml"), exc.status, exc.description)


@bp.errorhandler(RateLimitExceeded)
def _rate_limited(exc: RateLimitExceeded) -> Response:
    fmt = (request.view_args or {}).get("fmt", "xml")
    return formats.error(fmt, 429, f"Terlalu banyak permintaan ({exc.description}).")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc: RequestEntityTooLarge) -> Response:
    fmt = (request.view_args or {}).get("fmt", "xml")
    limit = current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024)
    return formats.error(fmt, 413, f"Kiriman terlalu besar (maksimal {limit} MB).")


def _jurisdiction() -> None:
    """Raises 404 for a jurisdiction_id that is not ours (it is optional: one city)."""
    given = (request.values.get("jurisdiction_id") or "").strip()
    if given and given != current_app.config["OPEN311_JURISDICTION"]:
        raise Open311Error(404, f"jurisdiction_id {given!r} not found")


def _read_limit() -> str:
    return current_app.config["PUBLIC_READ_LIMIT"]


def _post_limit() -> str:
    return current_app.config["OPEN311_POST_LIMIT"]


def _partner_scope() -> str:
    """Rate-limit key of a POST: a hash of the partner's key (the key itself is never
    stored, not even in the limiter's counters) when it is a partner's, else the client
    address: a made-up key per request must not open a fresh bucket each time."""
    key = request.form.get("api_key")
    if key and open311_keys.verify(key) is not None:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    return "addr:" + (request.remote_addr or "-")


@bp.get(f"/discovery.{FMT}")
@limiter.limit(_read_limit)
def discovery(fmt: str) -> Response:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    body = {
        "changeset": CHANGESET,
        "contact": current_app.config["OPEN311_CONTACT"],
        "key_service": "API key untuk POST diberikan oleh admin Media Center "
        f"({current_app.config['OPEN311_CONTACT']}).",
        "endpoints": [
            {
                "specification": SPEC,
                "url": f"{base}/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return formats.render(fmt, "discovery", body)


def _service(service: services.Service, names: dict[str, str]) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": service.metadata,
        "type": "batch",  # a POST answers with a token (see the module docstring)
        "keywords": service.keywords,
        "group": services.group_of(service, names),
    }


@bp.get(f"/services.{FMT}")
@limiter.limit(_read_limit)
def service_list(fmt: str) -> Response:
    _jurisdiction()
    names = services.opd_names()
    return formats.render(fmt, "services", [_service(s, names) for s in services.public_services()])


def attribute_body(attribute: services.Attribute, order: int) -> dict[str, Any]:
    """Returns one attribute of a service definition in the spec's fields."""
    return {
        "variable": True,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description or None,
        "order": order,
        "description": attribute.description,
        "values": [{"key": c.key, "name": c.name} for c in attribute.values],
    }


@bp.get(f"/services/<code>.{FMT}")
@limiter.limit(_read_limit)
def service_definition(code: str, fmt: str) -> Response:
    _jurisdiction()
    service = services.find(code)
    if service is None:
        raise Open311Error(404, f"service_code {code!r} not found")
    attributes = [attribute_body(a, n) for n, a in enumerate(service.attributes, start=1)]
    body = {"service_code": service.code, "attributes": attributes}
    return formats.render(fmt, "service_definition", body)


def request_body(item: publication.PublicRequest) -> dict[str, Any]:
    """Returns one service request in the spec's element order."""
    return {
        "service_request_id": item.number,
        "status": item.status,
        "status_notes": item.status_notes,
        "service_name": item.service_name,
        "service_code": item.service_code,
        "description": item.description,
        "agency_responsible": item.agency,
        "service_notice": None,
        "requested_datetime": item.requested,
        "updated_datetime": item.updated,
        "expected_datetime": item.expected,
        "address": item.address,
        "address_id": None,
        "zipcode": None,
        "lat": item.lat,
        "long": item.long,
        "media_url": item.media_url,
    }


W3C_FIRST = datetime(1970, 1, 1, tzinfo=UTC)
W3C_LAST = datetime(9000, 1, 1, tzinfo=UTC)


def parse_w3c(name: str) -> datetime | None:
    """Returns the aware datetime of query parameter `name` (W3C: a date, or a time
    with "Z" or an offset; a bare date is midnight in the desk's zone), None when
    absent. Raises Open311Error 400 for anything else."""
    # An unencoded "+07:00" arrives as " 07:00".
    raw = (request.args.get(name) or "").strip().replace(" ", "+")
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise Open311Error(
            400, f"{name} must be a W3C datetime, e.g. 2026-01-01T00:00:00Z"
        ) from None
    if value.tzinfo is None:
        if "T" in raw:
            raise Open311Error(400, f"{name} needs a time zone (Z or +07:00)")
        value = value.replace(tzinfo=zone())
    if not W3C_FIRST <= value <= W3C_LAST:  # the window arithmetic would overflow (a 500)
        raise Open311Error(400, f"{name} must be a W3C datetime between 1970 and 9000")
    return value


def _window() -> tuple[datetime, datetime]:
    """The requested_datetime range: at most 90 days, the last 90 by default."""
    start, end = parse_w3c("start_date"), parse_w3c("end_date")
    if start is None and end is None:
        end = utcnow()
    if start is None:
        start = end - WINDOW  # type: ignore[operator]
    if end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end - start > WINDOW:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return start, end


def _list(values: str | None) -> list[str]:
    return [v.strip() for v in (values or "").split(",") if v.strip()]


@bp.get(f"/requests.{FMT}")
@limiter.limit(_read_limit)
def request_list(fmt: str) -> Response:
    _jurisdiction()
    query = publication.listed_query()
    ids = _list(request.args.get("service_request_id"))
    if ids:  # overrides every other filter
        numbers = [n for i in ids[:MAX_REQUESTS] for n in status.find_numbers(i)]
        query = query.where(Ticket.number.in_(numbers))
    else:
        start, end = _window()
        query = query.where(Ticket.created_at >= start, Ticket.created_at <= end)
        if codes := _list(request.args.get("service_code")):
            query = query.where(publication.service_clause(codes))
        wanted = _list(request.args.get("status"))
        if any(s not in ("open", "closed") for s in wanted):
            raise Open311Error(400, "status must be open, closed or both (comma separated)")
        if wanted and len(set(wanted)) == 1:
            open_statuses = ("new", "triage", "routed", "in_progress", "waiting")
            column = Ticket.status.in_(open_statuses)
            query = query.where(column if wanted[0] == "open" else ~column)
    query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_REQUESTS)
    tickets = list(db.session.execute(query).scalars())
    items = publication.views(tickets)
    return formats.render(fmt, "service_requests", [request_body(i) for i in items])


@bp.get(f"/requests/<request_id>.{FMT}")
@limiter.limit(_read_limit)
def request_one(request_id: str, fmt: str) -> Response:
    _jurisdiction()
    numbers = status.find_numbers(request_id)
    ticket = publication.find_listed(numbers[0]) if numbers else None
    if ticket is None:
        raise Open311Error(404, f"service_request_id {request_id!r} not found")
    item = publication.views([ticket])[0]
    return formats.render(fmt, "service_requests", [request_body(item)])


@bp.get(f"/tokens/<token>.{FMT}")
@limiter.limit(_read_limit)
def token_lookup(token: str, fmt: str) -> Response:
    _jurisdiction()
    known, ticket = lookup("open311", token)
    if not known:
        raise Open311Error(404, f"token {token!r} not found")
    if ticket is not None and not publication.is_listed(ticket):
        raise Open311Error(404, "the request is not public (it is handled privately)")
    number = ticket.number if ticket is not None else None
    return formats.render(fmt, "service_requests", [{"service_request_id": number, "token": token}])


@bp.post(f"/requests.{FMT}")
@accepts_uploads
@limiter.limit(_post_limit, key_func=_partner_scope)
def request_create(fmt: str) -> Response:
    partner = open311_keys.verify(request.form.get("api_key"))
    if partner is None:
        db.session.rollback()
        raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
    try:
        _jurisdiction()
    except Open311Error:
        db.session.rollback()  # the key's last use, as for every other refusal
        raise
    try:
        fields = report_fields(request.form, request.files.get("media"), open311=True)
    except ReportError as exc:
        db.session.rollback()
        raise Open311Error(exc.status, exc.description) from None
    except UploadError as exc:
        db.session.rollback()
        raise Open311Error(400, str(exc)) from None
    db.session.commit()  # the key's last use
    try:
        token = submit("open311", utcnow(), partner=partner.name, **fields)
    except StorageUnavailable:
        raise Open311Error(503, "Penyimpanan tidak tersedia, coba lagi.") from None
    body = [{"token": token, "service_notice": NOTICE.format(token=token), "account_id": None}]
    return formats.render(fmt, "service_requests", body)


@bp.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> Response:
    fmt = "json" if rest.endswith(".json") else "xml"
    return formats.error(fmt, 404, f"unknown resource {rest!r} (formats: .xml, .json)")
