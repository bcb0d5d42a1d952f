"""How a public report enters the desk: its photo checked and re-encoded, then one raw
event through the one writer (ticketing.inbound.events) and its processing job, exactly
like a provider's webhook. The token names the report until its ticket exists."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from ticketing import filetypes, storage
from ticketing.inbound import events
from ticketing.inbound.web import payload
from ticketing.models import InboundEvent, Message, Ticket

log = logging.getLogger(__name__)


class UploadError(ValueError):
    """The upload is not an acceptable photo (the message says why, in Indonesian)."""


class StorageUnavailable(RuntimeError):
    """The database could not take the report; nothing was stored."""


def store_photo(upload: FileStorage | None) -> dict[str, Any] | None:
    """Checks an uploaded photo (size, a real JPEG/PNG/WebP) and stores it re-encoded as
    JPEG, without its metadata (EXIF GPS, camera), under web/ in the media storage. Returns
    {path, mime, size} or None when nothing was uploaded. Raises UploadError."""
    if upload is None or not upload.filename:
        return None
    limit = current_app.config["MEDIA_MAX_BYTES"]
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        raise UploadError(_l("Foto terlalu besar (maksimal %(mb)s MB).", mb=limit // (1024 * 1024)))
    if not content:
        return None
    try:
        data = filetypes.clean_photo(content)
    except filetypes.PhotoError as exc:
        raise UploadError(str(exc)) from exc
    digest = hashlib.sha256(data).hexdigest()
    key = f"web/{digest[:2]}/{digest[:32]}.jpg"
    storage.save(key, data, "image/jpeg")  # local disk or the shared bucket
    return {"path": key, "mime": "image/jpeg", "size": len(data)}


def new_token() -> str:
    """Returns a fresh report token (unguessable: it is the submitter's only key)."""
    return secrets.token_urlsafe(18)


def submit(route: str, now: datetime, **fields: Any) -> str:
    """Stores a report as a raw event on `route` ("web" or "open311") and wakes a worker for its
    processing; returns its token. Raises StorageUnavailable when the database cannot
    take it (nothing was stored)."""
    token = new_token()
    body = payload(route, token, now, **fields)
    try:
        event_id = events.store(route, token, body)
    except SQLAlchemyError as exc:
        log.error("could not store a %s report: %s", route, exc)
        raise StorageUnavailable(str(exc)) from exc
    if event_id is not None:
        events.wake()
    return token


def lookup(route: str, token: str) -> tuple[bool, Ticket | None]:
    """Returns (known, ticket) for a report token: known is False for a token never
    issued on `route`; ticket is None while the report waits for its job (or when it
    opened no ticket)."""
    if not token or len(token) > 64:
        return False, None
    event = db.session.execute(
        select(InboundEvent.id).where(
            InboundEvent.channel == route, InboundEvent.external_id == token
        )
    ).first()
    if event is None:
        return False, None
    message = db.session.execute(
        select(Message).where(Message.channel == route, Message.external_id == token)
    ).scalar()
    return True, message.ticket if message is not None else None
