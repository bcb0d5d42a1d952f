"""Storing an inbound message once (ticketing/ingest.py): a provider's message that is
already stored, by this job or a concurrent one, is a duplicate."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from aduan.extensions import db
from aduan.queue import enqueue_after_commit
from channels.base import InboundMessage
from ticketing.models import Attachment, Identity, Message


def already(msg: InboundMessage) -> bool:
    """Returns True when the provider message `msg` is already stored."""
    stmt = select(Message.id).where(
        Message.channel == msg.channel, Message.external_id == msg.external_id
    )
    return db.session.execute(stmt).first() is not None


def store(msg: InboundMessage, identity: Identity, event_id: int | None) -> Message | None:
    """Stores `msg` with its attachments (their download queued); returns it, or None
    when a concurrent job stored it first."""
    message = Message(
        contact_id=identity.contact_id,
        identity_id=identity.id,
        event_id=event_id,
        channel=msg.channel,
        external_id=msg.external_id,
        text=msg.text,
        unsupported=msg.unsupported,
        public=msg.public,
        sent_at=msg.sent_at,
        meta=dict(msg.meta, **({"thread_id": msg.thread_id} if msg.thread_id else {})),
    )
    if msg.location:
        message.latitude = msg.location.latitude
        message.longitude = msg.location.longitude
        message.address = msg.location.address or msg.location.name
    added = [
        Attachment(message=message, kind=a.kind, ref=a.ref, mime_type=a.mime_type, size=a.size)
        for a in msg.attachments
    ]
    try:
        with db.session.begin_nested():
            db.session.add(message)
            db.session.add_all(added)
    except IntegrityError:
        return None  # the same provider message, stored by a concurrent job
    from ticketing.media import download_attachment

    for attachment in added:  # not message.attachments: that would read them back
        enqueue_after_commit(download_attachment, attachment.id, queue="low")
    return message
