"""The PPID clock's one extension (UU 14/2008 Pasal 22: 10 working days, extendable once
by 7 with written reasons told to the requester), by an agent or the PPID officer
through their link."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from aduan import timefmt
from sla import clocks
from ticketing import notify, outbox
from ticketing.actions import ActionError, Actor, log_action
from ticketing.models import Ticket, utcnow
from ticketing.texts import t


def extend(ticket: Ticket, actor: Actor, reason: str, now: datetime | None = None) -> None:
    """Extends a PPID request once (UU 14/2008 Pasal 22) and tells the requester why."""
    now = now or utcnow()
    ppid = clocks.get(ticket, "ppid")  # said here in Indonesian: clocks.extend's are English
    if not reason.strip():
        raise ActionError(_l("Alasan perpanjangan wajib diisi."))
    if ppid is None or ppid.status in ("met", "stopped"):
        raise ActionError(_l("Tidak ada permohonan informasi terbuka untuk diperpanjang."))
    if ppid.extended_at is not None:
        raise ActionError(_l("Permohonan informasi hanya dapat diperpanjang satu kali."))
    if ppid.status == "paused":  # its due time waits for the requester's answer
        raise ActionError(
            _l("Permohonan menunggu jawaban pemohon; perpanjang setelah ia menjawab.")
        )
    if clocks.first_period_over(ppid, now):
        raise ActionError(
            _l("Batas waktu jawaban sudah lewat; perpanjangan hanya dapat diberikan sebelumnya.")
        )
    clock = clocks.extend(ticket, reason, now)
    log_action(
        ticket, actor, "ppid_extended", now, note=reason.strip(), due=clock.due_at.isoformat()
    )
    text = t(
        "ppid_extended",
        ticket.contact.locale,
        registration=ticket.registration_number or ticket.number,
        due=timefmt.human(clock.due_at, ticket.contact.locale),
        reason=reason.strip(),
    )
    outbox.to_identity(
        ticket.identity,
        text,
        ticket=ticket,
        purpose="ppid_extended",
        dedupe_key=f"ppid-extended-{ticket.id}",
    )
    # the officer who extended it through their link needs no notice of it
    notify.ppid_extended(ticket, now, reason.strip(), skip=actor.id if actor.link_id else None)
