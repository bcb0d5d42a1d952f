"""Photos sent to a citizen (an officer's progress or resolution photos): an outbox row
names them by attachment id (`Outbound.media`), and the provider fetches each from a
signed, expiring URL made at send time (`/kiriman/<token>`), the way officer links are
made: nothing stored in the row works as a link by itself."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ticketing.models import Outbound

SALT = "aduan-sent-media"
LIFETIME = timedelta(days=7)  # providers fetch at once; a retry days later still works
# The channels that show a photo sent by URL (SMS cannot; X replies are public).
PHOTO_CHANNELS = ("telegram", "whatsapp", "whatsapp_cloud", "facebook", "instagram")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def urls(row: Outbound) -> tuple[str, ...]:
    """Returns the URLs the provider fetches the row's photos from (none for a channel
    that cannot show them)."""
    if not row.media or row.channel not in PHOTO_CHANNELS:
        return ()
    base = current_app.config["PUBLIC_BASE_URL"]
    return tuple(f"{base}/kiriman/{_serializer().dumps([row.id, a])}" for a in row.media)


def read(token: str) -> tuple[int, int] | None:
    """Returns (outbox row id, attachment id) of a valid, unexpired token, else None."""
    try:
        row_id, attachment_id = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except (BadSignature, TypeError, ValueError):
        return None
    if not (isinstance(row_id, int) and isinstance(attachment_id, int)):
        return None
    return row_id, attachment_id
