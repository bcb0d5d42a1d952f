"""Partner webhooks reach public internet addresses only. An admin could register
https://127.0.0.1:8443/, https://169.254.169.254/ or https://[::1]/ and every delivery
connected there, the connection error or the answer shown on the admin page (a port scan
of the desk's own network); a name resolving to loopback did the same. A malformed URL
("https://[::1") was a 500."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.test_admin_partners import admin, form
from tests.receiver import Receiver
from ticketing.models import WebhookDelivery, WebhookEndpoint, utcnow
from ticketing.partners import deliveries, egress


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:8443/x",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]:8443/",
        "https://[::ffff:127.0.0.1]/",
        "https://localhost:8443/",
        "https://10.0.0.1/",
        "https://192.168.1.1/",
        "https://2130706433/",
        "https://0x7f.1/",
        "https://[::1",
        "https://[zz]/",
        "https://egov.example.org:99999/",
    ],
)
def test_an_admin_cannot_point_a_webhook_at_an_internal_or_broken_address(client, url):
    admin(client)
    answer = client.post(
        "/admin/api/webhooks", data=form(client, name="x", url=url, events=["ticket.created"])
    )
    assert answer.status_code == 302
    assert db.session.execute(select(WebhookEndpoint)).first() is None


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::7f00:1", False),
        ("2002:7f00:1::", False),
        ("224.0.0.1", False),
    ],
)
def test_only_public_addresses_count_as_public(address, expected):
    assert egress.public(address) is expected


def test_a_delivery_to_a_name_resolving_to_loopback_is_refused_without_retries(app, monkeypatch):
    """The URL passed the check (a name, or one registered before it existed); the
    connected address decides, and the refusal is final."""
    monkeypatch.setitem(app.config, "PARTNER_WEBHOOKS_ALLOW_HTTP", True)
    receiver = Receiver("/internal")
    try:
        endpoint = WebhookEndpoint(
            name="internal",
            url=receiver.url.replace("127.0.0.1", "localhost"),
            events=["ticket.created"],
            trusted=False,
            active=True,
            failures=0,
            secret_nonce="n",
        )
        db.session.add(endpoint)
        db.session.flush()
        row = WebhookDelivery(
            endpoint_id=endpoint.id, event_id="evt_1", event_type="ticket.created", body="{}",
            status="pending", attempts=0, next_attempt_at=utcnow(),
        )  # fmt: skip
        db.session.add(row)
        db.session.commit()
        assert deliveries.send(row.id) == "failed"
        assert receiver.requests == []
        db.session.refresh(row)
        assert row.status == "failed" and "bukan alamat internet publik" in row.error
    finally:
        receiver.close()


def test_a_closed_internal_port_answers_like_an_open_one(app, monkeypatch):
    """Refused before connecting: "connection refused" against "not public" told an
    admin which internal ports were open."""
    monkeypatch.setitem(app.config, "PARTNER_WEBHOOKS_ALLOW_HTTP", True)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    endpoint = WebhookEndpoint(
        name="closed", url=f"http://localhost:{port}/", events=["ticket.created"],
        trusted=False, active=True, failures=0, secret_nonce="n",
    )  # fmt: skip
    db.session.add(endpoint)
    db.session.flush()
    row = WebhookDelivery(
        endpoint_id=endpoint.id, event_id="evt_2", event_type="ticket.created", body="{}",
        status="pending", attempts=0, next_attempt_at=utcnow(),
    )  # fmt: skip
    db.session.add(row)
    db.session.commit()
    assert deliveries.send(row.id) == "failed"
    db.session.refresh(row)
    assert row.error.endswith("bukan alamat internet publik; tidak dikirim.")
