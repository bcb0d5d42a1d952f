"""Reports from the public side: the /lapor web form (route "web") and Open311 partners
(route "open311"). Both store one JSON payload (public/intake.py) that becomes one
InboundMessage on the citizen's own channel, then the same ingest() as a chat message.

Every submission opens its own ticket (command "baru"). The citizen's chosen category
travels in meta["opd"] (ticketing.classifier.decide routes by it unless the text is an
emergency or an information request); after ingest, `then` records the category, the
district and the photo's publication on the ticket."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from aduan.extensions import db
from channels.base import Attachment, InboundMessage, Location
from ticketing import categories, places
from ticketing.inbound.events import Inbound
from ticketing.media import UPLOAD_PREFIX
from ticketing.models import InboundEvent, Message
from ticketing.services import OTHER

ROUTES = ("web", "open311")


def payload(route: str, token: str, sent_at: datetime, **fields: Any) -> str:
    """Returns the JSON payload stored for one submission (see read())."""
    if route not in ROUTES:
        raise ValueError(route)
    return json.dumps(
        {"route": route, "token": token, "sent_at": sent_at.isoformat(), **fields},
        ensure_ascii=False,
    )


def message(data: dict[str, Any]) -> InboundMessage:
    """Returns the InboundMessage of one stored submission. Raises KeyError/ValueError
    when a required field is missing or malformed."""
    route = data["route"]
    if route not in ROUTES:
        raise ValueError(f"not a public route: {route}")
    token = str(data["token"])
    lines = [str(data.get("description") or "").strip()]
    lines += [f"{label}: {answer}" for label, answer in data.get("answers") or []]
    if data.get("address"):
        lines.append(f"Lokasi: {data['address']}")
    text = "\n".join(line for line in lines if line).strip()
    location = None
    if data.get("lat") is not None and data.get("long") is not None:
        location = Location(float(data["lat"]), float(data["long"]), data.get("address"))
    attachments = ()
    if photo := data.get("photo"):
        attachments = (
            Attachment(
                "photo", UPLOAD_PREFIX + photo["path"], photo.get("mime"), photo.get("size")
            ),
        )
    phone = data.get("phone") or None
    meta = {
        key: data[key]
        for key in ("service_code", "opd", "partner", "email", "media_url", "kecamatan")
        if data.get(key)
    }
    return InboundMessage(
        channel=route,
        external_id=token,
        # Each report is its own identity, named as its form was: a number typed in is
        # no proof of whose it is (ticketing.contacts.unproven), so one report's name must
        # not rename another's, or unmask a name the public pages hide.
        sender_id=f"anon-{token}",
        sent_at=datetime.fromisoformat(data["sent_at"]),
        text=text or str(data.get("service_name") or ""),
        sender_name=(data.get("name") or "").strip() or None,
        attachments=attachments,
        location=location,
        phone=phone,
        command="baru",
        meta=meta,
    )


def read(payload_text: str) -> Inbound:
    """Reads a stored web or Open311 submission (both routes)."""
    data = json.loads(payload_text)
    msg = message(data)

    def then(event: InboundEvent) -> str:
        return _record(msg, bool((data.get("photo") or {}).get("public")))

    return Inbound([msg], then)


def _record(msg: InboundMessage, photo_public: bool) -> str:
    """Puts what the form said about the report on its ticket: the category, the
    district (chosen, else named in the location or text) and the photo's consent."""
    stored = db.session.execute(
        select(Message).where(
            Message.channel == msg.channel, Message.external_id == msg.external_id
        )
    ).scalar()
    if stored is None or stored.ticket is None:
        return msg.channel
    ticket = stored.ticket
    ticket.service_code = msg.meta.get("service_code")
    if ticket.opd_code and ticket.service_code == OTHER:  # routed by its words meanwhile
        categories.categorize(ticket)
    address = msg.location.address if msg.location else None
    ticket.kecamatan = (
        places.normalize_kecamatan(msg.meta.get("kecamatan"))
        or places.find_kecamatan(address, msg.text)
        or ticket.kecamatan
    )
    if photo_public:
        for item in stored.attachments:
            item.public = True
    return msg.channel
