"""Photos officers upload as evidence (progress and resolution), checked and stored."""

from __future__ import annotations

import hashlib

from flask import current_app
from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from ticketing import filetypes, storage
from ticketing.models import Attachment, TicketEvent

MAX_FILES = 5
# The image types phones produce (told by their bytes, ticketing/filetypes.py).
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


class EvidenceError(ValueError):
    """The upload is not an acceptable photo."""


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
        mime = filetypes.sniff(content)
        if mime not in PHOTO_TYPES:
            raise EvidenceError("Hanya foto JPEG, PNG atau WebP yang diterima.")
        if public:  # anyone sees it: not where, when and with which phone it was taken
            try:
                content, mime = filetypes.clean_photo(content), "image/jpeg"
            except filetypes.PhotoError as exc:
                raise EvidenceError(str(exc)) from exc
        digest = hashlib.sha256(content).hexdigest()
        key = f"evidence/{event.ticket_id}-{digest[:24]}{filetypes.extension(mime)}"
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
