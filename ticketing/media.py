"""Downloads citizens' files into media storage (a worker job, with a size limit)."""

from __future__ import annotations

import hashlib
import logging

from flask import current_app

from aduan.extensions import db
from channels.base import ChannelError
from ticketing import filetypes, storage
from ticketing.delivery import adapters
from ticketing.models import Attachment

log = logging.getLogger(__name__)

# A photo the web form or an Open311 POST already checked and put in the media storage
# (public/uploads.py): the job only adopts it.
UPLOAD_PREFIX = "upload:"
UPLOAD_ROUTES = ("web", "open311")  # the only ones whose files are uploads (inbound.web)


def download_attachment(attachment_id: int) -> str:
    """RQ job: fetches one attachment once; returns its final status.

    Transient provider errors are re-raised so RQ retries the job; permanent ones
    (too large, gone) are recorded on the row."""
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.status == "stored":
        return "skipped"
    if item.ref.startswith(UPLOAD_PREFIX):
        if item.message is None or item.message.channel not in UPLOAD_ROUTES:
            # a provider's reference written as one: it would adopt a stored file that
            # is someone else's (another citizen's form photo)
            item.status, item.error = "failed", "rejected: not a form's upload"
            db.session.commit()
            return "failed"
        item.storage_path = item.ref.removeprefix(UPLOAD_PREFIX)
        item.status, item.error = "stored", None
        db.session.commit()
        return "stored"
    adapter = adapters.adapter(item.message.channel)
    limit = current_app.config["MEDIA_MAX_BYTES"]
    try:
        content, mime, _name = adapter.fetch_file(item.ref, limit)
    except ChannelError as exc:
        if not exc.permanent:
            raise
        # The code first: the ticket page says why in words (inbox/labels.py).
        item.status, item.error = "failed", f"{exc.code or 'rejected'}: {exc}"
        log.warning("attachment %s not downloaded: %s", item.id, item.error)
        db.session.commit()
        return "failed"
    digest = hashlib.sha256(content).hexdigest()
    # The bytes decide (SVG, HTML and the like become inert downloads), not the
    # provider's type, the citizen's file name or the type the webhook declared.
    mime = filetypes.sniff(content, mime or item.mime_type)
    key = f"{item.message.received_at:%Y/%m}/{item.id}-{digest[:16]}{filetypes.extension(mime)}"
    storage.save(key, content, mime)  # raises on a storage outage: RQ retries the job
    item.storage_path = key
    item.mime_type = mime
    item.size = len(content)
    item.status = "stored"
    item.error = None
    db.session.commit()
    return "stored"
