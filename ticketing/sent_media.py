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


# Where the text to a channel without photos (SMS) names the row's photos: their
# signed URLs, made at send time like the photos' own (expand).
PLACEHOLDER = "[[foto]]"


def urls(row: Outbound) -> tuple[str, ...]:
    """Returns the URLs the provider fetches the row's photos from (none for a channel
    that cannot show them)."""
    if not row.media or row.channel not in PHOTO_CHANNELS:
        return ()
    return _signed(row)


def _signed(row: Outbound) -> tuple[str, ...]:
    base = current_app.config["PUBLIC_BASE_URL"]
    return tuple(f"{base}/kiriman/{_serializer().dumps([row.id, a])}" for a in row.media)


def expand(row: Outbound, text: str) -> str:
    """Returns `text` with PLACEHOLDER replaced by the signed URLs of the row's photos,
    for a channel that cannot show them; only in our own photo notices (no citizen's
    words in them), never in a row of another purpose."""
    if row.purpose != "officer_photos" or not row.media or row.channel in PHOTO_CHANNELS:
        return text
    return text.replace(PLACEHOLDER, " ".join(_signed(row)))


def read(token: str) -> tuple[int, int] | None:
    """Returns (outbox row id, attachment id) of a valid, unexpired token, else None."""
    try:
        row_id, attachment_id = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except (BadSignature, TypeError, ValueError):
        return None
    if not (isinstance(row_id, int) and isinstance(attachment_id, int)):
        return None
    return row_id, attachment_id
