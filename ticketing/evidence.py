"""Photos officers upload as evidence (progress and resolution), checked and stored."""

from __future__ import annotations

import hashlib

from flask import current_app
from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from ticketing import storage
from ticketing.models import Attachment, TicketEvent

MAX_FILES = 5
# Magic bytes of the image types phones produce.
SIGNATURES = {
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"RIFF": ("image/webp", ".webp"),
}


class EvidenceError(ValueError):
    """The upload is not an acceptable photo."""


def sniff(head: bytes) -> tuple[str, str] | None:
    """Returns (mime, extension) for a supported image, else None."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic) and (magic != b"RIFF" or head[8:12] == b"WEBP"):
            return kind
    return None


def save(files: list[FileStorage], event: TicketEvent, public: bool = False) -> list[Attachment]:
    """Stores the uploaded photos under the event; returns the attachments. `public`:
    the officer marked them fit for the public tracking page.

    Raises EvidenceError for too many files, a file too large or not a photo."""
    files = [f for f in files if f and f.filename]
    if len(files) > MAX_FILES:
        raise EvidenceError(f"Maksimal {MAX_FILES} foto.")
    if files:
        db.session.flush()  # the event needs its id
    limit = current_app.config["MEDIA_MAX_BYTES"]
    saved = []
    for upload in files:
        content = upload.stream.read(limit + 1)
        if len(content) > limit:
            raise EvidenceError("Foto terlalu besar.")
        kind = sniff(content[:16])
        if kind is None:
            raise EvidenceError("Hanya foto JPEG, PNG atau WebP yang diterima.")
        mime, ext = kind
        digest = hashlib.sha256(content).hexdigest()
        key = f"evidence/{event.ticket_id}-{digest[:24]}{ext}"
        storage.save(key, content, mime)
        item = Attachment(
            event_id=event.id,
            kind="photo",
            ref="upload",
            mime_type=mime,
            size=len(content),
            status="stored",
            storage_path=key,
            public=public,
        )
        db.session.add(item)
        saved.append(item)
    return saved
