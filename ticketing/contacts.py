"""Who wrote: find or create the contact behind a channel identity, link phone numbers,
merge and split contacts."""

from __future__ import annotations

from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from aduan.extensions import db
from ticketing.models import Contact, Identity, Message, Outbound, Ticket, utcnow
from ticketing.models.people import PHONE_CHANNELS

# Channels whose addresses name the same person (an X user id, public or by DM).
SIBLING_CHANNELS = {"x": "x_dm", "x_dm": "x"}
# Channels nothing can be sent back on: a report from the web form or an Open311
# partner. Updates go to the phone number the citizen left (reply_identity), else
# nowhere: the public tracking page is their channel.
NO_REPLY_CHANNELS = ("web", "open311")
REPLY_BY_PHONE = ("whatsapp_cloud", "whatsapp", "sms")
WHATSAPP_WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window (delivery/whatsapp.py)


def normalize_phone(raw: str | None, region: str = "ID") -> str | None:
    """Returns `raw` as E.164 (0812... -> +62812...), or None when it is not a number."""
    if not raw:
        return None
    raw = raw.removeprefix("whatsapp:").strip()
    if raw.isdigit() and raw.startswith("62"):
        raw = "+" + raw  # WhatsApp ids are digits without the plus
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def current(contact: Contact | None) -> Contact | None:
    """Returns the contact that `contact` lives on as after merges (itself when it was
    never merged); None for None."""
    while contact is not None and contact.merged_into_id:
        contact = db.session.get(Contact, contact.merged_into_id)
    return contact


def current_by_id(contact_id: int | None) -> Contact | None:
    """Returns the current contact (see current()) for a contact id, or None."""
    return current(db.session.get(Contact, contact_id)) if contact_id else None


def find_identity(channel: str, address: str) -> Identity | None:
    """Returns the identity for (channel, address), or None."""
    stmt = select(Identity).where(Identity.channel == channel, Identity.address == address)
    return db.session.execute(stmt).scalar_one_or_none()


def resolve(
    channel: str, address: str, name: str | None, seen_at: datetime, phone: str | None = None
) -> Identity:
    """Returns the identity for (channel, address), creating contact and identity if new.

    Phone channels link to the contact that already owns the number. A concurrent
    worker creating the same identity is handled by re-reading after the conflict.
    """
    identity = find_identity(channel, address)
    # A number typed into a form is no proof the writer owns it: the name typed beside it
    # names this identity only, never the contact the number leads to (anyone could name
    # someone else's contact, and canned replies greet them by that name).
    contact_name = None if unproven(channel) else name
    if identity is None:
        if channel in PHONE_CHANNELS and phone is None:
            phone = normalize_phone(address)
        contact = _contact_by_phone(phone) if phone else None
        if contact is None and channel in SIBLING_CHANNELS:  # X mentions and DMs: one person
            sibling = find_identity(SIBLING_CHANNELS[channel], address)
            contact = sibling.contact if sibling is not None else None
        try:
            with db.session.begin_nested():
                if contact is None:
                    contact = Contact(name=contact_name, phone=phone)
                    db.session.add(contact)
                identity = Identity(
                    contact=contact,
                    channel=channel,
                    address=address,
                    display_name=name,
                    last_inbound_at=seen_at,
                )
                db.session.add(identity)
        except IntegrityError:
            identity = find_identity(channel, address)
            if identity is None:
                raise
    if name and identity.display_name != name:
        identity.display_name = name
    if contact_name and not identity.contact.name:  # also a new identity of a nameless contact
        identity.contact.name = contact_name
    if identity.last_inbound_at is None or seen_at > identity.last_inbound_at:
        identity.last_inbound_at = seen_at
    if identity.unreachable_at is not None:
        identity.unreachable_at = None  # they wrote to us again: reachable
        identity.unreachable_reason = None
    return identity


def unproven(channel: str) -> bool:
    """True for a report from a public form (the web form, an Open311 partner): the
    phone number typed into it, which joins it to that number's contact, may be someone
    else's, so what the form says about its writer (a name, a language) stays with the
    report's own identity."""
    return channel in NO_REPLY_CHANNELS


# The first reply to a report (acknowledgement, 112 advice, outside-the-remit answer)
# that a number typed into a public form gets at most, per hour and per day: /lapor
# limits its reports per number alike, an Open311 partner's app does not (a runaway or
# abused app could have the desk text one number a thousand times a day).
FIRST_REPLIES = ("ack", "emergency", "external")
TYPED_REPLIES_PER_HOUR, TYPED_REPLIES_PER_DAY = 3, 10


def typed_number_capped(target: Identity, purpose: object, now: datetime) -> bool:
    """True when `target` (a typed number's reply identity) already got its share of
    first replies to public-form reports: this one is not sent (the report stands; its
    submitter has the number on the confirmation page or the partner's answer)."""
    if purpose not in FIRST_REPLIES or target.contact_id is None:
        return False
    stmt = (
        select(Outbound.created_at)
        .join(Ticket, Ticket.id == Outbound.ticket_id)
        .where(
            Outbound.contact_id == target.contact_id,
            Outbound.recipient == target.address,
            Outbound.purpose.in_(FIRST_REPLIES),
            Ticket.channel.in_(NO_REPLY_CHANNELS),
            Outbound.created_at >= now - timedelta(days=1),
        )
    )
    times = db.session.execute(stmt).scalars().all()
    hour = sum(1 for at in times if at >= now - timedelta(hours=1))
    return hour >= TYPED_REPLIES_PER_HOUR or len(times) >= TYPED_REPLIES_PER_DAY


def reply_identity(identity: Identity) -> Identity | None:
    """Returns the identity a message to `identity` goes to: itself, except on the
    NO_REPLY_CHANNELS, where it is the contact's reachable WhatsApp or SMS identity for
    the phone number they left (an SMS identity is created for it when there is none),
    and for a caller who has since written on WhatsApp (caller_chat()).
    Returns None when the citizen left no number (or it is unreachable everywhere)."""
    if identity.channel == "voice":
        return caller_chat(identity) or identity
    if identity.channel not in NO_REPLY_CHANNELS:
        return identity
    contact = current(identity.contact)
    if contact is None or not contact.phone:
        return None
    phone = contact.phone
    stmt = select(Identity).where(
        Identity.contact_id == contact.id, Identity.channel.in_(REPLY_BY_PHONE)
    )
    known = [i for i in db.session.execute(stmt).scalars() if normalize_phone(i.address) == phone]
    reachable = [i for i in known if i.unreachable_at is None]
    if reachable:
        order = {channel: n for n, channel in enumerate(REPLY_BY_PHONE)}
        return min(reachable, key=lambda i: order[i.channel])
    if any(i.channel == "sms" for i in known):
        return None  # the number itself cannot be reached
    sms = find_identity("sms", phone)
    if sms is not None:
        return sms if sms.unreachable_at is None else None
    try:
        with db.session.begin_nested():
            sms = Identity(contact=contact, channel="sms", address=phone)
            db.session.add(sms)
    except IntegrityError:
        sms = find_identity("sms", phone)
    return sms


def caller_chat(identity: Identity, now: datetime | None = None) -> Identity | None:
    """Returns the WhatsApp identity (same number) a phone caller wrote on after their
    last call, while WhatsApp's 24-hour window is open: answers go there, photos
    included, instead of by SMS. None when there is none."""
    if identity.channel != "voice":
        return None
    since = (now or utcnow()) - WHATSAPP_WINDOW
    if identity.last_inbound_at is not None:
        since = max(since, identity.last_inbound_at)
    stmt = (
        select(Identity)
        .where(
            Identity.contact_id == identity.contact_id,
            Identity.channel.in_(("whatsapp_cloud", "whatsapp")),
            Identity.unreachable_at.is_(None),
            Identity.last_inbound_at > since,
        )
        .order_by(Identity.last_inbound_at.desc())
    )
    phone = normalize_phone(identity.address)
    found = db.session.execute(stmt).scalars()
    return next((i for i in found if normalize_phone(i.address) == phone), None)


def _contact_by_phone(phone: str) -> Contact | None:
    return current(db.session.execute(select(Contact).where(Contact.phone == phone)).scalar())


def find_by_phone(raw: str) -> Contact | None:
    """Returns the contact that owns a number in any common form (its phone, or a phone
    channel identity with that number), following merges; None if there is none."""
    phone = normalize_phone(raw)
    if phone is None:
        return None
    contact = _contact_by_phone(phone)
    if contact is None:
        stmt = select(Identity).where(
            Identity.channel.in_(PHONE_CHANNELS), Identity.address == phone
        )
        identity = db.session.execute(stmt.limit(1)).scalar()
        contact = identity.contact if identity is not None else None
    return current(contact)


def link_phone(contact: Contact, raw_phone: str) -> Contact:
    """Attaches a phone number the citizen shared; merges into the contact that already
    owns it. Returns the surviving contact."""
    phone = normalize_phone(raw_phone)
    if phone is None or contact.phone == phone:
        return contact
    owner = _contact_by_phone(phone)
    if owner is not None and owner.id != contact.id:
        merge(contact, owner)
        return owner
    if contact.phone is None:
        contact.phone = phone
    return contact


def merge(source: Contact, target: Contact) -> None:
    """Moves every identity, ticket, message and outbox row of `source` to `target`."""
    if source.id == target.id:
        raise ValueError("cannot merge a contact into itself")
    db.session.flush()
    for model in (Identity, Ticket, Message, Outbound):
        db.session.execute(
            update(model).where(model.contact_id == source.id).values(contact_id=target.id)
        )
    if target.phone is None and source.phone:
        phone, source.phone = source.phone, None
        db.session.flush()
        target.phone = phone
    if not target.name:
        target.name = source.name
    source.merged_into_id = target.id
    db.session.flush()  # expire_all() would drop unflushed changes
    db.session.expire_all()


def split(identity: Identity) -> Contact:
    """Detaches one identity (and its tickets and messages) into a new contact; returns it."""
    new = Contact(name=identity.display_name)
    db.session.add(new)
    db.session.flush()
    old_id = identity.contact_id
    old = db.session.get(Contact, old_id)
    identity.contact_id = new.id
    for model in (Ticket, Message, Outbound):
        db.session.execute(
            update(model)
            .where(model.contact_id == old_id, model.identity_id == identity.id)
            .values(contact_id=new.id)
        )
    # The number goes with its identity, also when a contact merged in earlier holds it
    # (else the next message from that number would resolve to the old contact again).
    phone = normalize_phone(identity.address) if identity.channel in PHONE_CHANNELS else None
    holder = _holder(phone) if phone else None
    if holder is not None and (holder.id == old_id or _contact_by_phone(phone) == old):
        holder.phone = None
        db.session.flush()
        new.phone = phone
    db.session.flush()  # expire_all() would drop unflushed changes
    db.session.expire_all()
    return new


def _holder(phone: str) -> Contact | None:
    """Returns the contact row that stores `phone` (possibly one merged into another)."""
    return db.session.execute(select(Contact).where(Contact.phone == phone)).scalar()
