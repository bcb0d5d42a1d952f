"""Photos officers upload as evidence (progress and resolution), checked and stored,
and sent on to the citizen where their channel shows photos (ticketing/sent_media.py)."""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from aduan.extensions import db
from ticketing import contacts, filetypes, outbox, publication, sent_media, storage
from ticketing.models import Attachment, Identity, Ticket, TicketEvent
from ticketing.texts import t

MAX_FILES = 5
# A channel whose replies everyone reads (an X mention's): no private link in it.
PUBLIC_REPLY_CHANNELS = ("x",)
# The image types phones produce (told by their bytes, ticketing/filetypes.py).
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


class EvidenceError(ValueError):
    """The upload is not an acceptable photo."""


def save(files: list[FileStorage], event: TicketEvent, public: bool = False) -> list[Attachment]:
    """Stores the uploaded photos under the event; returns the attachments. `public`:
    the officer marked them fit for the public tracking page.

    Raises EvidenceError for too many files, a file too large or not a photo. Every
    photo is checked before any is stored: a refused one leaves no file behind (no row
    would point to it, so the retention sweep would never delete it)."""
    files = [f for f in files if f and f.filename]
    if len(files) > MAX_FILES:
        raise EvidenceError(_l("Maksimal %(n)s foto.", n=MAX_FILES))
    checked = [_checked(upload, public) for upload in files]
    if checked:
        db.session.flush()  # the event needs its id
    saved = []
    for content, mime in checked:
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


def _checked(upload: FileStorage, public: bool) -> tuple[bytes, str]:
    """Returns the bytes and type to store of one uploaded photo (re-encoded without its
    metadata when `public`). Raises EvidenceError."""
    limit = current_app.config["MEDIA_MAX_BYTES"]
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        raise EvidenceError(_l("Foto terlalu besar (maksimal %(mb)s MB).", mb=limit // 1048576))
    mime = filetypes.sniff(content)
    if mime not in PHOTO_TYPES:
        raise EvidenceError(_l("Hanya foto JPEG, PNG atau WebP yang diterima."))
    if public:  # anyone sees it: not where, when and with which phone it was taken
        try:
            content, mime = filetypes.clean_photo(content), "image/jpeg"
        except filetypes.PhotoError as exc:
            raise EvidenceError(str(exc)) from exc
    return content, mime


def send_to_citizen(ticket: Ticket, photos: list[Attachment]) -> None:
    """Queues the officer's `photos` to the ticket's citizen, after the text that went
    with them: as photos where their channel shows photos, else as a text saying where
    to see them (_send_links)."""
    target = contacts.reply_identity(ticket.identity) if photos else None
    if target is None:
        return
    db.session.flush()  # the attachments need their ids
    if target.channel not in sent_media.PHOTO_CHANNELS:
        _send_links(ticket, target, photos)
        return
    outbox.queue_message(
        channel=target.channel,
        recipient=target.address,
        text=t("officer_photos", ticket.contact.locale, number=ticket.number),
        identity=target,
        ticket=ticket,
        purpose="officer_photos",
        media=[photo.id for photo in photos],
    )


def _send_links(ticket: Ticket, target: Identity, photos: list[Attachment]) -> None:
    """A channel without photos (SMS, X) gets their addresses: the public photo pages of
    a listed ticket's public photos, else links signed at send time for this message
    (sent_media.expand, valid sent_media.LIFETIME), never in a public reply."""
    locale, number = ticket.contact.locale, ticket.number
    if all(p.public for p in photos) and publication.is_listed(ticket):
        urls = " ".join(publication.photo_url(number, p.id) for p in photos)
        text, media = t("officer_photos_public", locale, number=number, urls=urls), None
    elif target.channel in PUBLIC_REPLY_CHANNELS:
        return
    else:
        days = sent_media.LIFETIME.days
        urls = sent_media.PLACEHOLDER
        text = t("officer_photos_link", locale, number=number, days=days, urls=urls)
        media = [photo.id for photo in photos]
    outbox.queue_message(
        channel=target.channel,
        recipient=target.address,
        text=text,
        identity=target,
        ticket=ticket,
        purpose="officer_photos",
        media=media,
    )
