"""Photos officers upload as evidence (progress and resolution), checked and stored."""

from __future__ import annotations

import hashlib
import io

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from ticketing import filetypes, storage
from ticketing.models import Attachment, TicketEvent

MAX_FILES = 5
# The image types phones produce (told by their bytes, ticketing/filetypes.py).
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_PIXELS = 40_000_000  # as the web form's photos (public/intake.py)


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
            content, mime = _without_metadata(content), "image/jpeg"
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


def _without_metadata(content: bytes) -> bytes:
    """Returns the photo re-encoded as JPEG without its metadata (EXIF GPS, the phone's
    make, times), as the web form's photos are. Raises EvidenceError when it cannot be
    read."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise EvidenceError("Ukuran gambar terlalu besar.")
            image.load()
            clean = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        if isinstance(exc, EvidenceError):
            raise
        raise EvidenceError("Hanya foto JPEG, PNG atau WebP yang diterima.") from exc
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=90)
    return out.getvalue()
