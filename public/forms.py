"""One reading of a public report, shared by the /lapor form and Open311 POST requests:
the chosen service, its attributes, the location, the description, optional contact
details and a photo. Returns the fields of the stored payload (ticketing.inbound.web)."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from werkzeug.datastructures import FileStorage, MultiDict

from public.intake import store_photo
from ticketing import places, services
from ticketing.contacts import normalize_phone

MAX_DESCRIPTION = 4000  # the spec's limit
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[a-z]{2,}$", re.IGNORECASE)


class ReportError(ValueError):
    """A report that cannot be accepted: HTTP `status`, a `code` naming the problem (the
    web form words it in Indonesian) and an English `description` (Open311)."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def _float(form: MultiDict[str, str], name: str, low: float, high: float) -> float | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ReportError(400, "location", f"{name} must be a number") from None
    if not low <= value <= high:
        raise ReportError(400, "location", f"{name} is out of range")
    return value


def _answers(service: services.Service, form: MultiDict[str, str]) -> list[tuple[str, str]]:
    answers = []
    for attribute in service.attributes:
        raw = form.getlist(f"attribute[{attribute.code}][]") or form.getlist(
            f"attribute[{attribute.code}]"
        )
        try:
            answer = attribute.answer(raw)
        except ValueError:
            raise ReportError(
                400, "attribute", f"attribute[{attribute.code}] has an invalid value"
            ) from None
        if answer is None and attribute.required:
            raise ReportError(400, "attribute", f"attribute[{attribute.code}] is required")
        if answer is not None:
            answers.append((attribute.description.rstrip("?"), answer))
    return answers


def report_fields(
    form: MultiDict[str, str], upload: FileStorage | None, *, open311: bool
) -> dict[str, Any]:
    """Returns the payload fields of one report. Raises ReportError (400 for a missing
    or bad field, 404 for an unknown service_code) or intake.UploadError for a photo
    that is not one. The photo is stored only once everything else is valid."""
    code = (form.get("service_code") or "").strip()
    if not code:
        raise ReportError(400, "service", "service_code is required")
    service = services.find(code)
    if service is None:
        raise ReportError(404, "service", f"service_code {code!r} not found")
    lat = _float(form, "lat", -90, 90)
    long = _float(form, "long", -180, 180)
    if (lat is None) != (long is None):
        raise ReportError(400, "location", "lat and long must be sent together")
    address = (form.get("address_string") or "").strip()[:300]
    address_id = (form.get("address_id") or "").strip()[:100]
    if lat is None and not address and not address_id:
        raise ReportError(400, "location", "a location is required: lat & long or address_string")
    description = (form.get("description") or "").replace("\r\n", "\n").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ReportError(400, "description", "description is longer than 4000 characters")
    if not description and not open311:
        raise ReportError(400, "description", "description is required")
    phone_raw = (form.get("phone") or "").strip()
    phone = normalize_phone(phone_raw) if phone_raw else None
    if phone and not phone.startswith("+62"):
        # The desk answers it by SMS: a number abroad costs the city per message (SMS
        # pumping through premium-rate ranges, one message per number).
        raise ReportError(400, "phone_abroad", "phone must be an Indonesian number (+62)")
    # A possible number is not yet one that can receive a text: "12345" passes as a
    # short landline; the desk would promise updates to a number that does not exist.
    if phone_raw and (phone is None or not phonenumbers.is_valid_number(phonenumbers.parse(phone))):
        raise ReportError(400, "phone", "phone is not a valid phone number")
    email = (form.get("email") or "").strip()
    if email and not _EMAIL.match(email):
        raise ReportError(400, "email", "email is not a valid address")
    name = " ".join(
        part.strip()
        for part in (form.get("first_name"), form.get("last_name"), form.get("name"))
        if part and part.strip()
    )[:120]
    media_url = (form.get("media_url") or "").strip() if open311 else ""
    if media_url and not re.match(r"^https?://\S{1,490}$", media_url):
        raise ReportError(400, "media", "media_url must be an http(s) URL")
    answers = _answers(service, form)
    fields: dict[str, Any] = {
        "service_code": service.code,
        "service_name": service.name,
        "opd": service.opd,
        "description": description,
        "answers": answers,
        "lat": lat,
        "long": long,
        "address": address or (f"address_id {address_id}" if address_id else ""),
        "kecamatan": places.normalize_kecamatan(form.get("kecamatan")),
        "phone": phone,
        "name": name,
        "email": email,
        "media_url": media_url,
    }
    photo = store_photo(upload)
    if photo is not None:
        photo["public"] = open311 or form.get("photo_public") == "1"
        fields["photo"] = photo
    return fields
