"""Partner endpoints: register, check, rotate the secret, switch on and off."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from aduan.extensions import db
from ticketing.models import EVENT_TYPES, WebhookEndpoint
from ticketing.partners import egress, signing


class EndpointError(ValueError):
    """The endpoint's settings are not acceptable (the message says why, translatable)."""


def check(url: str, events: list[str]) -> tuple[str, list[str]]:
    """Returns the cleaned URL and events; raises EndpointError when the URL is not
    https (http only where PARTNER_WEBHOOKS_ALLOW_HTTP is set, e.g. tests), names a
    loopback or private address (unless PARTNER_WEBHOOKS_ALLOW_PRIVATE; a name is checked
    on each delivery's connection, egress.py) or an event is unknown."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a port that is not a valid port number)
    except ValueError:  # "https://[::1", "https://[zz]/"
        raise EndpointError(_l("URL harus https:// dengan nama host yang lengkap.")) from None
    allowed = (
        ("https", "http") if current_app.config.get("PARTNER_WEBHOOKS_ALLOW_HTTP") else ("https",)
    )
    if parts.scheme not in allowed or not parts.hostname or len(url) > 500:
        raise EndpointError(_l("URL harus https:// dengan nama host yang lengkap."))
    if not current_app.config.get("PARTNER_WEBHOOKS_ALLOW_PRIVATE") and (
        egress.literal_host_blocked(parts.hostname)
    ):
        raise EndpointError(_l("URL harus menuju alamat internet publik, bukan jaringan internal."))
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown or not events:
        raise EndpointError(_l("Pilih minimal satu jenis kejadian yang dikenal."))
    return url, [e for e in EVENT_TYPES if e in events]


def create(
    name: str, url: str, events: list[str], trusted: bool, created_by_id: int | None
) -> tuple[WebhookEndpoint, str]:
    """Adds an endpoint (flushed) and returns it with its signing secret, which is
    shown to the admin once. Raises EndpointError for a bad URL or events."""
    if not name.strip():
        raise EndpointError(_l("Nama wajib diisi."))
    url, events = check(url, events)
    endpoint = WebhookEndpoint(
        name=name.strip()[:120],
        url=url,
        events=events,
        trusted=trusted,
        active=True,
        failures=0,
        secret_nonce=secrets.token_urlsafe(24),
        created_by_id=created_by_id,
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret_of(endpoint)


def secret_of(endpoint: WebhookEndpoint) -> str:
    """Returns the endpoint's current signing secret."""
    return signing.endpoint_secret(
        current_app.config["SECRET_KEY"], endpoint.id, endpoint.secret_nonce
    )


def rotate(endpoint: WebhookEndpoint) -> str:
    """Gives the endpoint a new secret (the old one stops at once) and returns it."""
    endpoint.secret_nonce = secrets.token_urlsafe(24)
    return secret_of(endpoint)
