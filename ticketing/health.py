"""Channel health for admins: last inbound, last outbound, recent errors, and a verdict
(healthy / silent for N hours / failing), so a revoked token or a dropped webhook is
noticed within the hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from aduan.extensions import db, insert_skipping_duplicates
from ticketing.delivery import adapters
from ticketing.models import ChannelState, InboundEvent, Message, Outbound

CHANNELS = (
    "telegram",
    "whatsapp",
    "whatsapp_cloud",
    "sms",
    "voice",
    "x",
    "x_dm",
    "facebook",
    "instagram",
)
# Polled channels keep their own state rows (poll cursor, last error).
STATE_KEYS = {"x": "x_mentions", "x_dm": "x_dms"}
SILENT_AFTER = timedelta(hours=12)


@dataclass
class Health:
    channel: str
    configured: bool
    last_inbound: datetime | None
    last_outbound: datetime | None
    errors_24h: int
    status: str  # healthy | silent | failing | off
    detail: Any  # words (translated when shown) or the provider's last error


def report(now: datetime) -> list[Health]:
    """Returns the health of every channel."""
    inbound = dict(
        db.session.execute(
            select(Message.channel, func.max(Message.received_at)).group_by(Message.channel)
        ).all()
    )
    outbound = dict(
        db.session.execute(
            select(Outbound.channel, func.max(Outbound.sent_at))
            .where(Outbound.sent_at.is_not(None))
            .group_by(Outbound.channel)
        ).all()
    )
    day = now - timedelta(hours=24)
    errors = dict(
        db.session.execute(
            select(Outbound.channel, func.count())
            .where(Outbound.status == "failed", Outbound.updated_at >= day)
            .group_by(Outbound.channel)
        ).all()
    )
    recent_sent = dict(
        db.session.execute(
            select(Outbound.channel, func.count())
            .where(Outbound.sent_at >= now - timedelta(hours=1))
            .group_by(Outbound.channel)
        ).all()
    )
    recent_failed = dict(
        db.session.execute(
            select(Outbound.channel, func.count())
            .where(Outbound.status == "failed", Outbound.updated_at >= now - timedelta(hours=1))
            .group_by(Outbound.channel)
        ).all()
    )
    states = {s.key: s for s in db.session.execute(select(ChannelState)).scalars()}
    silent_after = timedelta(hours=current_app.config.get("SILENT_AFTER_HOURS", 12))
    rows = []
    for channel in CHANNELS:
        configured = adapters.configured(channel)
        state = states.get(STATE_KEYS.get(channel, channel))
        last_in = _aware(inbound.get(channel))
        if not configured:
            status, detail = "off", _l("belum dikonfigurasi")
        elif state is not None and not state.healthy:
            status, detail = "failing", state.last_error or "error"
        elif recent_failed.get(channel) and not recent_sent.get(channel):
            failed = recent_failed[channel]
            status, detail = (
                "failing",
                lazy_ngettext(
                    "%(n)s kiriman gagal dalam 1 jam",
                    "%(n)s kiriman gagal dalam 1 jam",
                    failed,
                    n=failed,
                ),
            )
        elif last_in is None or now - last_in > silent_after:
            status = "silent"
            # "masuk": a channel the desk has only written on (a reply by X DM) did send
            if last_in is None:
                detail = _l("belum pernah ada pesan masuk")
            else:
                hours = int((now - last_in).total_seconds() // 3600)
                detail = lazy_ngettext(
                    "tidak ada pesan masuk %(n)s jam",
                    "tidak ada pesan masuk %(n)s jam",
                    hours,
                    n=hours,
                )
        else:
            status, detail = "healthy", _l("normal")
        rows.append(
            Health(
                channel,
                configured,
                last_in,
                _aware(outbound.get(channel)),
                errors.get(channel, 0),
                status,
                detail,
            )
        )
    return rows


def _aware(value: datetime | None) -> datetime | None:
    from datetime import UTC

    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def dead_letters(limit: int = 100) -> list[InboundEvent]:
    """Returns inbound events that failed or could not be read, newest first."""
    stmt = (
        select(InboundEvent)
        .where(InboundEvent.last_error.is_not(None))
        .order_by(InboundEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def state_row(key: str) -> ChannelState:
    """Returns the channel's state row, made first if missing by an INSERT that skips a
    row another process just made: two first polls (or a poll and a refused send) both
    found none and both added one, and the later commit failed with an IntegrityError
    (the poll's events rolled back with it, or the failure record's job crashed)."""
    state = db.session.get(ChannelState, key)
    if state is not None:
        return state
    dialect = db.session.get_bind().dialect.name
    stmt = insert_skipping_duplicates(ChannelState.__table__, dialect, ["key"])
    db.session.execute(stmt.values(key=key, healthy=True))
    return db.session.get(ChannelState, key, populate_existing=True)


def mark(
    key: str,
    now: datetime,
    *,
    error: str | None = None,
    cursor: str | None = None,
    retry_at: datetime | None = None,
) -> ChannelState:
    """Records a poll or send outcome for a channel state row; returns it (not committed)."""
    state = state_row(key)
    state.last_poll_at = now
    if cursor is not None:
        state.cursor = cursor
    state.retry_at = retry_at
    if error is None:
        state.healthy, state.last_ok_at = True, now
    else:
        state.last_error, state.last_error_at = error[:2000], now
    return state


def send_refused(channel: str, error: str, now: datetime) -> None:
    """A provider refused our credentials for a send: a polled channel (X) is marked
    unhealthy on /admin/channels until its next good poll. Other channels show up as
    failing from their failed rows."""
    key = STATE_KEYS.get(channel)
    if key is None:
        return
    state = state_row(key)
    state.healthy, state.last_error, state.last_error_at = False, error[:2000], now
