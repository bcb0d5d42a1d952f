"""Forgetting citizens (UU 27/2022): the retention policy the clock runs, and erasure on
a citizen's request.

A redacted ticket keeps its facts for statistics (number, kind, OPD, channel, statuses,
every timestamp, SLA clocks, rating, routing) and loses what identifies or describes a
person: message texts, addresses, exact coordinates (rounded to about 100 m), the raw
provider payloads, photos, voice notes and evidence files, the texts and recipients of
what we sent, and the notes on its timeline. A contact whose tickets are all redacted
and who has been silent for the retention period loses name, phone number and channel
addresses (chat ids, numbers, X ids). docs/privacy.md is the policy in words."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import func, select, update

from aduan.extensions import db
from aduan.queue import redis_conn
from ticketing import storage
from ticketing.audit import record
from ticketing.models import (
    OPEN_STATUSES,
    Attachment,
    Contact,
    Identity,
    InboundEvent,
    Message,
    Outbound,
    PrivacyLog,
    Ticket,
    TicketEvent,
)
from ticketing.personal_data import merged_into

log = logging.getLogger(__name__)

REDACTED = "[dihapus]"  # what an agent sees where a text was
BATCH = 100
COORDINATE_DECIMALS = 3  # ~110 m: enough for a map of where problems are


class ErasureRefused(ValueError):
    """The contact still has open tickets (close them first) or is already erased."""


@dataclass
class Counts:
    tickets: int = 0
    messages: int = 0
    files: int = 0
    outbox: int = 0
    events: int = 0
    raw_events: int = 0
    contacts: int = 0
    failed_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        fields = ("tickets", "messages", "files", "outbox", "events", "raw_events", "contacts")
        return {name: getattr(self, name) for name in fields}


def _delete_files(items: list[Attachment], counts: Counts) -> None:
    for item in items:
        if item.storage_path:
            try:
                storage.delete(item.storage_path)
                counts.files += 1
            except Exception as exc:  # the row still forgets the key; log for the admin
                counts.failed_files.append(item.storage_path)
                log.warning("media object not deleted (%s): %s", type(exc).__name__, exc)
        item.storage_path, item.ref, item.status = None, REDACTED, "deleted"


def _redact_messages(messages: list[Message], counts: Counts) -> None:
    event_ids = {m.event_id for m in messages if m.event_id}
    for message in messages:
        message.text, message.address, message.meta = "", None, {}
        message.latitude = message.longitude = None
        _delete_files(list(message.attachments), counts)
        counts.messages += 1
    if event_ids:
        counts.raw_events += db.session.execute(
            update(InboundEvent)
            .where(InboundEvent.id.in_(event_ids))
            .values(payload="{}", last_error=None)
        ).rowcount


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


def redact_ticket(ticket: Ticket, now: datetime, why: str, counts: Counts) -> None:
    """Removes the personal data of one ticket, keeps its facts, records it on the
    timeline (not committed)."""
    _redact_messages(list(ticket.messages), counts)
    ticket.summary, ticket.address = "", None
    ticket.latitude, ticket.longitude = _round(ticket.latitude), _round(ticket.longitude)
    for event in db.session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
    ).scalars():
        event.note = ""
        _delete_files(list(event.attachments), counts)
        counts.events += 1
    counts.outbox += db.session.execute(
        update(Outbound)
        .where(Outbound.ticket_id == ticket.id)
        .values(text=REDACTED, recipient=REDACTED, template_params=[], error=None)
    ).rowcount
    ticket.redacted_at = now
    counts.tickets += 1
    record(ticket, "personal_data_redacted", at=now, why=why)


def anonymize_contact(contact: Contact, now: datetime, counts: Counts) -> None:
    """Removes the contact's name, phone and channel addresses (not committed)."""
    contact.name, contact.phone, contact.erased_at = None, None, now
    for identity in db.session.execute(
        select(Identity).where(Identity.contact_id == contact.id)
    ).scalars():
        identity.address = f"erased-{identity.id}"  # (channel, address) stays unique
        identity.display_name, identity.unreachable_reason = None, None
    counts.outbox += db.session.execute(
        update(Outbound)
        .where(Outbound.contact_id == contact.id, Outbound.recipient != REDACTED)
        .values(text=REDACTED, recipient=REDACTED, template_params=[], error=None)
    ).rowcount
    loose = select(Message).where(Message.contact_id == contact.id, Message.ticket_id.is_(None))
    _redact_messages(list(db.session.execute(loose).scalars()), counts)
    counts.contacts += 1


def _forgettable_contacts(contact_ids: set[int], cutoff: datetime) -> list[Contact]:
    """Returns those contacts with no ticket left unredacted and silent since `cutoff`."""
    found = []
    for contact_id in sorted(contact_ids):
        contact = db.session.get(Contact, contact_id)
        if contact is None or contact.erased_at is not None:
            continue
        unredacted = db.session.execute(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.contact_id == contact_id, Ticket.redacted_at.is_(None))
        ).scalar_one()
        last = db.session.execute(
            select(func.max(Identity.last_inbound_at)).where(Identity.contact_id == contact_id)
        ).scalar()
        if not unredacted and (last is None or _aware(last) < cutoff):
            found.append(contact)
    return found


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sweep(now: datetime, limit: int = BATCH) -> Counts:
    """Redacts up to `limit` tickets closed more than RETENTION_DAYS ago, forgets their
    contacts when nothing else of theirs is kept, blanks processed raw payloads older
    than RAW_EVENT_DAYS, logs the run, commits. Returns what it did."""
    cfg = current_app.config
    cutoff = now - timedelta(days=cfg["RETENTION_DAYS"])
    counts = Counts()
    due = select(Ticket).where(
        Ticket.redacted_at.is_(None), Ticket.closed_at < cutoff, Ticket.status == "closed"
    )
    tickets = list(db.session.execute(due.order_by(Ticket.closed_at).limit(limit)).scalars())
    for ticket in tickets:
        redact_ticket(ticket, now, "retention", counts)
    db.session.flush()
    for contact in _forgettable_contacts({t.contact_id for t in tickets}, cutoff):
        anonymize_contact(contact, now, counts)
    raw_cutoff = now - timedelta(days=cfg["RAW_EVENT_DAYS"])
    old_raw = (
        select(InboundEvent.id)
        .where(InboundEvent.processed_at < raw_cutoff, InboundEvent.payload != "{}")
        .limit(limit * 10)
    )
    counts.raw_events += db.session.execute(
        update(InboundEvent)
        .where(InboundEvent.id.in_(old_raw.scalar_subquery()))
        .values(payload="{}")
        .execution_options(synchronize_session=False)
    ).rowcount
    if counts.tickets or counts.contacts or counts.raw_events:
        db.session.add(
            PrivacyLog(
                at=now,
                actor_kind="system",
                actor_name="retensi",
                action="retention",
                note=f"ditutup sebelum {cutoff:%Y-%m-%d}",
                data=counts.as_dict(),
            )
        )
    db.session.commit()
    return counts


def run_if_due(now: datetime) -> int:
    """The clock's hook: runs one sweep per hour (claimed in Redis, so several clocks
    run it once); returns the tickets redacted, 0 when not due or Redis is away."""
    try:
        claimed = redis_conn().set(f"aduan:retention:{now:%Y%m%d%H}", "1", nx=True, ex=7200)
    except (RedisError, OSError):
        return 0
    if not claimed:
        return 0
    counts = sweep(now)
    if counts.tickets or counts.contacts:
        log.info("retention: %s", counts.as_dict())
    return counts.tickets


def erase_contact(contact: Contact, now: datetime, actor: dict[str, Any]) -> Counts:
    """Erases a citizen on request: every ticket redacted, the contact (and contacts
    merged into it) anonymized; the privacy log keeps only that it happened, by whom,
    and the counts. Commits. Raises ErasureRefused while a ticket is still open."""
    if contact.erased_at is not None:
        raise ErasureRefused(f"kontak #{contact.id} sudah dihapus")
    family = [contact.id, *merged_into(contact)]
    tickets = list(
        db.session.execute(
            select(Ticket).where(Ticket.contact_id.in_(family)).order_by(Ticket.id)
        ).scalars()
    )
    still_open = [t.number for t in tickets if t.status in OPEN_STATUSES]
    if still_open:
        raise ErasureRefused("laporan masih terbuka: " + ", ".join(still_open))
    counts = Counts()
    for ticket in tickets:
        if ticket.redacted_at is None:
            redact_ticket(ticket, now, "erasure", counts)
    db.session.flush()
    for member_id in family:
        member = db.session.get(Contact, member_id)
        if member is not None and member.erased_at is None:
            anonymize_contact(member, now, counts)
    db.session.add(
        PrivacyLog(at=now, action="erase", contact_id=contact.id, data=counts.as_dict(), **actor)
    )
    db.session.commit()
    return counts
