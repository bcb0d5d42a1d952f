"""X: public replies carry only the ticket number and a neutral sentence; what the desk
really wrote goes by DM.

Every outbox row on channel "x" (acknowledgements, agent replies, officer progress, SLA
notices, ...) is sent as a public reply under the citizen's latest mention, with a
catalogue text chosen by the row's purpose, never the row's own text. When the row says
more than that sentence, a companion row on "x_dm" carries the full text (dedupe key
"xdm-<row id>", so a retried send queues it once). If that DM is refused (the citizen
does not accept DMs from us), one public notice a day per ticket asks the citizen to
open their DMs or write to us.

Nothing the citizen wrote is ever quoted, every public text is checked with
privacy.find_personal_data before it leaves, and it must fit in one tweet."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select

from aduan import timefmt
from aduan.extensions import db
from channels.base import RECIPIENT_UNREACHABLE, WINDOW_CLOSED, ChannelError
from channels.x_length import fits_tweet
from ticketing import contacts
from ticketing.delivery.base import Instead, Prepared, plain
from ticketing.models import Identity, Message, Outbound, Ticket
from ticketing.privacy import find_personal_data
from ticketing.texts import t

PUBLIC_PURPOSE = "x_public"  # rows we queue ourselves, already neutral
# Purposes whose full text says nothing the neutral public sentence does not.
NO_DM = frozenset(
    {"ack", "appended", "emergency", "emergency_added", "welcome", "not_complaint", "unsupported"}
)
FIRST_CONTACT = frozenset({"ack", "appended", "welcome", "not_complaint", "unsupported"})
DM_REFUSED = frozenset({WINDOW_CLOSED, RECIPIENT_UNREACHABLE})


def public_text(
    row: Outbound, ticket: Ticket | None, mention: Message | None, now: datetime, locale: str = "id"
) -> str:
    """Returns the neutral public sentence for `row`: the ticket number and, where a
    text could repeat (X refuses identical tweets within a day with 403), the reply's
    sequence number in the ticket or the time; nothing else."""
    clock = _clock(now)
    seq = _sequence(row, ticket) if ticket is not None else 0
    pii = bool(mention.meta.get("pii")) if mention is not None else False
    if ticket is None:
        key = "x_public_contact_pii" if pii else "x_public_contact"
        return t(key, locale, time=clock)
    if row.purpose == "emergency":
        return t("x_public_emergency", locale, number=ticket.number)
    if row.purpose == "appended":
        key = "x_public_pii" if pii else "x_public_appended"
        return t(key, locale, number=ticket.number, time=clock, seq=seq)
    if row.purpose in FIRST_CONTACT:
        pii = pii or (ticket.pii_flag and row.purpose == "ack")
        key = "x_public_pii" if pii else "x_public_ack"
        return t(key, locale, number=ticket.number, time=clock)
    if row.purpose == "resolved":
        return t("x_public_resolved", locale, number=ticket.number, time=clock)
    return t("x_public_update", locale, number=ticket.number, seq=seq)


def prepare(row: Outbound, identity: Identity | None, now: datetime) -> Prepared:
    """Returns the public reply for an "x" row and, when the row says more, its DM
    companion. Raises ChannelError (permanent) when there is no mention to reply to or
    the public text would carry personal data."""
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    mention = _mention(row, ticket, identity)
    if mention is None:
        raise ChannelError("no public tweet to reply to", permanent=True, code="no_thread")
    also: tuple[Instead, ...] = ()
    if row.purpose == PUBLIC_PURPOSE:
        text = row.text
    else:
        text = public_text(row, ticket, mention, now, _locale(row))
        if _wants_dm(row, ticket):  # to the author's X user id
            also = (Instead("x_dm", row.recipient, row.text, f"xdm-{row.id}"),)
    if find_personal_data(text) or not fits_tweet(text):
        raise ChannelError(
            "public text refused by the privacy check", permanent=True, code="pii_guard"
        )
    return Prepared(replace(plain(row), text=text, reply_to=mention.external_id), also=also)


def dm_fallback(
    row: Outbound, identity: Identity | None, reason: str, now: datetime
) -> Instead | None:
    """A DM companion was refused: a neutral public reply (once a day per ticket) asks
    the citizen to accept DMs or to write to us. Returns it, or None."""
    if not (row.dedupe_key or "").startswith("xdm-") or reason not in DM_REFUSED:
        return None
    ticket = db.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    public_identity = _public_identity(ticket, row.recipient) if ticket is not None else None
    if ticket is None or public_identity is None:
        return None
    text = t("x_public_dm_failed", _locale(row), number=ticket.number, time=_clock(now))
    day = timefmt.local(now).date().isoformat()
    return Instead(
        "x",
        public_identity.address,
        text,
        f"xpub-dm-{ticket.id}-{day}",
        identity=public_identity,
        purpose=PUBLIC_PURPOSE,
    )


# ---------------------------------------------------------------------- helpers


def _mention(row: Outbound, ticket: Ticket | None, identity: Identity | None) -> Message | None:
    """The tweet to reply under: the row's reply_to, else the latest mention in the
    ticket, else the citizen's latest mention."""
    stmt = select(Message).where(Message.channel == "x").order_by(Message.id.desc()).limit(1)
    if row.reply_to:
        found = db.session.execute(stmt.where(Message.external_id == row.reply_to)).scalar()
        if found is not None:
            return found
    if ticket is not None:
        found = db.session.execute(stmt.where(Message.ticket_id == ticket.id)).scalar()
        if found is not None:
            return found
    if identity is not None:
        return db.session.execute(stmt.where(Message.identity_id == identity.id)).scalar()
    return None


def _sequence(row: Outbound, ticket: Ticket) -> int:
    """The row's place among the ticket's public X rows (stable across retries)."""
    stmt = (
        select(func.count())
        .select_from(Outbound)
        .where(Outbound.ticket_id == ticket.id, Outbound.channel == "x", Outbound.id <= row.id)
    )
    return int(db.session.execute(stmt).scalar_one())


def _wants_dm(row: Outbound, ticket: Ticket | None) -> bool:
    if row.purpose in NO_DM:
        return False
    if row.purpose == "ack":  # an acknowledgement says no more, except for PPID
        return ticket is not None and ticket.kind == "info_request"
    return True


def _public_identity(ticket: Ticket, user_id: str) -> Identity | None:
    found = contacts.find_identity("x", user_id)
    return found or (ticket.identity if ticket.identity.channel == "x" else None)


def _locale(row: Outbound) -> str:
    contact = contacts.current_by_id(row.contact_id)
    return contact.locale if contact is not None else "id"


def _clock(now: datetime) -> str:
    """'14.05 WIB': the desk's local time as Indonesians write it."""
    return f"{timefmt.local(now):%H.%M} {timefmt.zone_label(now)}"
