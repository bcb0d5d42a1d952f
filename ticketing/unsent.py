"""Messages whose send failed or whose outcome is unknown, decided by an agent on the
ticket page: sent again ("Kirim ulang"), unless that would reach the recipient twice,
cannot reach them, hands an officer a dead link or meets the provider's refusal again
(a permanent error, a messaging window still closed: `refusal` says why and what to do
instead, the page shows it in place of the button); or settled as received ("Sudah
diterima"), which also clears the admin pages' alert."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from aduan.extensions import db
from aduan.queue import enqueue_after_commit
from channels.base import WINDOW_CLOSED, ChannelError
from ticketing import contacts, delivery, links, outbox
from ticketing.actions import ActionError, Actor, log_action
from ticketing.delivery import meta
from ticketing.models import OUTBOX_TERMINAL, Identity, OfficerLink, Outbound, Ticket, utcnow


def resend(ticket: Ticket, actor: Actor, outbound_id: int, now: datetime | None = None) -> None:
    """Sends again a message of `ticket` that failed or whose outcome is unknown (the
    agent checked that its recipient did not get it). Raises ActionError for a message
    of another ticket, or one that is not (or no longer) failed."""
    row = db.session.get(Outbound, outbound_id)
    if row is None or row.ticket_id != ticket.id:
        raise ActionError(_l("Pesan tidak ditemukan di laporan ini."))
    was = row.status
    if was in OUTBOX_TERMINAL and (why := refusal(row, now)) is not None:
        raise ActionError(why)
    if was not in OUTBOX_TERMINAL or not _queue_again(row):
        raise ActionError(
            _l(
                "Pesan ini tidak perlu dikirim ulang: sudah terkirim, sedang dikirim, "
                "atau sudah dikirim ulang."
            )
        )
    log_action(ticket, actor, "resent", now or utcnow(), outbound_id=row.id, was=was)


# What a delivery rule queued in place of a failed row (ticketing/delivery): its text
# went out another way, so the row sent again would reach its recipient twice.
FALLBACK_KEYS = ("wa-template-{}", "sms-fallback-{}", "window-{}")
GONE = ("failed", "undeliverable")


WENT_INSTEAD = _l(
    "Isinya sudah dikirim lewat jalur pengganti (SMS atau template WhatsApp); tidak perlu "
    "dikirim ulang."
)
NOTICE_ONLY = _l(
    "Warga hanya menerima template pemberitahuan (nomor dan status laporan), bukan teks ini; "
    "jendela 24 jam WhatsApp masih tertutup. Kirim ulang setelah warga membalas."
)
UNREACHABLE = _l(
    "Penerima tidak dapat dihubungi lewat kanal ini; kirim ulang akan gagal lagi. "
    "Hubungi lewat kanal lain."
)
DEAD_LINK = _l(
    "Tautan di pesan petugas ini sudah tidak berlaku (kedaluwarsa, dicabut, atau laporan "
    "sudah dialihkan atau selesai); pesan tidak dikirim ulang."
)
OUTSIDE_WINDOW = _l(
    "Jendela pesan %(channel)s sudah tertutup (warga terakhir menulis terlalu lama), jadi "
    "kirim ulang akan ditolak lagi. Tunggu warga menulis lagi, atau hubungi lewat telepon "
    "atau SMS bila nomornya diketahui."
)
# Failures that the same message meets again, whatever the moment (channels.base.REASONS,
# or the desk's own refusal codes): what the agent can do instead.
FAILS_AGAIN = {
    "not_on_whatsapp": _l(
        "Nomor ini tidak memakai WhatsApp; kirim ulang akan gagal lagi. Hubungi warga lewat "
        "SMS atau telepon."
    ),
    "rejected": _l(
        "Penyedia menolak pesan ini (misalnya terlalu panjang atau jenisnya tidak didukung); "
        "kirim ulang akan ditolak lagi. Tulis balasan baru."
    ),
    "pii_guard": _l(
        "Teks publik ini memuat data pribadi dan akan ditahan lagi. Tulis balasan baru tanpa "
        "data pribadi, atau balas lewat pesan langsung."
    ),
    "no_thread": _l(
        "Tidak ada tweet publik warga untuk dibalas; kirim ulang akan gagal lagi. Balas lewat "
        "pesan langsung atau kanal lain."
    ),
}
# Until the recipient writes to us again: blocked us, no such chat, or (X) DMs closed.
UNTIL_THEY_WRITE = {
    "recipient_unreachable": UNREACHABLE,
    "x_dm": _l(
        "Warga tidak menerima DM dari akun kami; kirim ulang akan gagal lagi sampai warga "
        "mengirim DM. Balas di tweet publiknya atau lewat kanal lain."
    ),
}


def refusal(row: Outbound, now: datetime | None = None) -> str | None:
    """Returns why sending `row` again cannot help, with what the agent can do instead
    (the ticket page shows it in place of "Kirim ulang"), or None when it may: its text
    went out another way, the address is known unreachable, an officer's link no longer
    opens, or the provider's failure would only repeat (a permanent refusal of this
    message, a messaging window still closed)."""
    now = now or utcnow()
    if _went_instead(row.id):
        return str(WENT_INSTEAD)
    identity = contacts.find_identity(row.channel, row.recipient)
    wrote = identity.last_inbound_at if identity is not None else None
    notice = _notice_only(row.id)
    if notice is not None and (wrote is None or wrote <= notice):
        return str(NOTICE_ONLY)
    if identity is not None and identity.unreachable_at is not None:
        return str(UNREACHABLE)
    if any(not _opens(link) for link in _own_links(row)):
        return str(DEAD_LINK)
    if row.status == "unknown":
        return None
    code, reason = row.error_code or "", row.failure_reason or ""
    if code in FAILS_AGAIN or reason in FAILS_AGAIN:
        return str(FAILS_AGAIN.get(code) or FAILS_AGAIN[reason])
    if reason == WINDOW_CLOSED and _still_closed(row, identity, now):
        return str(OUTSIDE_WINDOW % {"channel": meta.LABELS.get(row.channel, row.channel)})
    quiet = wrote is None or wrote <= (row.updated_at or row.created_at)
    key = "x_dm" if row.channel == "x_dm" and reason == WINDOW_CLOSED else reason
    return str(UNTIL_THEY_WRITE[key]) if key in UNTIL_THEY_WRITE and quiet else None


def _opens(link: OfficerLink) -> bool:
    try:
        links.resolve(links.token_for(link))
    except links.LinkError:
        return False
    return True


def _still_closed(row: Outbound, identity: Identity | None, now: datetime) -> bool:
    """True when the channel's delivery rule refuses `row` now as it did (Meta's 24-hour
    and 7-day windows: ticketing/delivery/meta.py)."""
    try:
        delivery.prepare(row, identity, now)
    except ChannelError as exc:
        return exc.permanent
    return False


def blocked(ticket: Ticket) -> dict[int, str]:
    """Returns {row id: why not} for the ticket's failed or unknown rows that sending
    again cannot help (see refusal): the page shows why instead of "Kirim ulang"."""
    stmt = select(Outbound).where(
        Outbound.ticket_id == ticket.id, Outbound.status.in_(OUTBOX_TERMINAL)
    )
    now = utcnow()
    found = {row.id: refusal(row, now) for row in db.session.execute(stmt).scalars()}
    return {row_id: why for row_id, why in found.items() if why}


def _instead(row_id: int) -> list[Any]:
    """Returns (id, status, template, created_at) of the rows queued in place of row_id."""
    keys = [key.format(row_id) for key in FALLBACK_KEYS]
    columns = (Outbound.id, Outbound.status, Outbound.template, Outbound.created_at)
    return list(db.session.execute(select(*columns).where(Outbound.dedupe_key.in_(keys))))


def _went_instead(row_id: int, depth: int = 3) -> bool:
    """True when a row queued in place of row `row_id` (or, that one failed too, in its
    place: a WhatsApp template, then an SMS) carries its text and is on its way, sent or
    maybe sent. A WhatsApp template carries only the ticket's number and status: the
    citizen got a notice, not the text (see _notice_only)."""
    for instead, status, template, _at in _instead(row_id):
        if status not in GONE and template is None:
            return True
        if depth > 1 and _went_instead(instead, depth - 1):
            return True
    return False


def _notice_only(row_id: int) -> datetime | None:
    """When the citizen got a WhatsApp template notice in place of row `row_id` (and no
    copy of its text went out), returns when that notice was queued; else None."""
    if _went_instead(row_id):
        return None
    live = [at for _id, status, template, at in _instead(row_id) if template and status not in GONE]
    return min(live) if live else None


def noticed(ticket: Ticket) -> set[int]:
    """Returns the ids of the ticket's failed rows in whose place the citizen got only
    the template notice: the page says so, and they can be sent once the window reopens."""
    stmt = select(Outbound.id).where(
        Outbound.ticket_id == ticket.id, Outbound.status.in_(OUTBOX_TERMINAL)
    )
    return {row_id for row_id in db.session.execute(stmt).scalars() if _notice_only(row_id)}


def _own_links(row: Outbound) -> list[OfficerLink]:
    """Returns the officer's links to the row's ticket that its text carries (what
    links.expand turns into URLs; a citizen's words quoted in it may look alike)."""
    found = []
    for link_id in links.PLACEHOLDER.findall(row.text if row.officer_id else ""):
        link = db.session.get(OfficerLink, int(link_id)) if 0 < int(link_id) < 2**31 else None
        own = link is not None and link.officer_id == row.officer_id
        if own and link.ticket_id == row.ticket_id:
            found.append(link)
    return found


def settle(ticket: Ticket, actor: Actor, outbound_id: int, now: datetime | None = None) -> None:
    """Records that a message whose send outcome is unknown was received after all (the
    agent checked with its recipient). Raises ActionError unless it is still unknown."""
    row = db.session.get(Outbound, outbound_id)
    if row is None or row.ticket_id != ticket.id:
        raise ActionError(_l("Pesan tidak ditemukan di laporan ini."))
    received = (
        update(Outbound)
        .where(Outbound.id == row.id, Outbound.status == "unknown")
        .values(status="sent")
        .execution_options(synchronize_session="fetch")
    )
    if not db.session.execute(received).rowcount:  # a colleague decided first
        raise ActionError(_l("Status pesan ini sudah diputuskan."))
    log_action(ticket, actor, "settled", now or utcnow(), outbound_id=row.id)


def _queue_again(row: Outbound) -> bool:
    """Puts a failed or unknown row back in the queue (an agent's explicit decision);
    False when it is no longer failed (another agent's click came first)."""
    again = (
        update(Outbound)
        .where(Outbound.id == row.id, Outbound.status.in_(OUTBOX_TERMINAL))
        # the old send's provider id goes: its late callbacks must not move the new send
        .values(status="pending", next_attempt_at=utcnow(), attempts=0, provider_id=None)
        .execution_options(synchronize_session="fetch")
    )
    if not db.session.execute(again).rowcount:
        return False
    job = f"out-{row.id}-r{time.time_ns()}"  # each resend is a new job
    enqueue_after_commit(outbox.send_outbound, row.id, queue=outbox.queue_for(row), job_id=job)
    return True
