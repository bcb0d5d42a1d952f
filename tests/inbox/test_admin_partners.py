"""Admin pages for API tokens and partner webhooks (and the CLI for tokens)."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import ApiToken, WebhookDelivery, WebhookEndpoint, utcnow

SECRET = re.compile(r'<code id="new-secret">([^<]+)</code>')


def admin(client):
    user = make_user("admin", email="partners-admin@example.org")
    login(client, user)
    return user


def form(client, **values):
    return {"csrf_token": csrf(client.get("/admin/api/").get_data(as_text=True)), **values}


def test_only_admins_see_the_page(client, app):
    login(client, make_user("supervisor", email="spv-partners@example.org"))
    assert client.get("/admin/api/").status_code == 403


def test_an_admin_issues_a_token_shown_once_and_revokes_it(client, app):
    user = admin(client)
    page = client.post(
        "/admin/api/tokens",
        data=form(client, name="Command Center 112", owner_id=user.id, scopes=["tickets:read"]),
    ).get_data(as_text=True)
    secret = SECRET.search(page).group(1)
    assert (
        client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    assert secret not in client.get("/admin/api/").get_data(as_text=True)
    token = db.session.execute(select(ApiToken)).scalar_one()
    client.post(f"/admin/api/tokens/{token.id}/revoke", data=form(client))
    assert (
        client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_a_role_cannot_give_more_than_it_has(client, app):
    admin(client)
    agent = make_user("agent", email="agent-partners@example.org")
    client.post(
        "/admin/api/tokens", data=form(client, name="x", owner_id=agent.id, scopes=["admin"])
    )
    assert db.session.execute(select(ApiToken)).scalar() is None


def test_an_admin_registers_a_webhook_and_manages_its_deliveries(client, app):
    admin(client)
    page = client.post(
        "/admin/api/webhooks",
        data=form(
            client, name="e-Gov", url="https://egov.example.org/aduan", events=["ticket.created"]
        ),
    ).get_data(as_text=True)
    assert SECRET.search(page).group(1).startswith("whsec_")
    endpoint = db.session.execute(select(WebhookEndpoint)).scalar_one()
    assert endpoint.events == ["ticket.created"] and not endpoint.trusted
    bad = client.post(
        "/admin/api/webhooks", data=form(client, name="x", url="ftp://x", events=["ticket.created"])
    )
    assert bad.status_code == 302 and db.session.execute(
        select(WebhookEndpoint)
    ).scalars().all() == [endpoint]
    row = WebhookDelivery(
        endpoint_id=endpoint.id, event_id="evt_1", event_type="ticket.created", body="{}",
        status="failed", attempts=1, next_attempt_at=utcnow(), response_status=410,
        response_body="gone",
    )  # fmt: skip
    endpoint.disabled_at, endpoint.disabled_reason = utcnow(), "5 gagal"
    db.session.add(row)
    db.session.commit()
    detail = client.get(f"/admin/api/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "HTTP 410" in detail and "gone" in detail and "5 gagal" in detail
    client.post(f"/admin/api/deliveries/{row.id}/resend", data=form(client))
    db.session.refresh(row)
    assert row.status == "held"  # the endpoint is still disabled
    client.post(f"/admin/api/webhooks/{endpoint.id}/enable", data=form(client))
    db.session.refresh(row)
    db.session.refresh(endpoint)
    assert row.status == "pending" and endpoint.disabled_at is None
    rotated = client.post(f"/admin/api/webhooks/{endpoint.id}/rotate", data=form(client))
    assert SECRET.search(rotated.get_data(as_text=True))


def test_the_cli_issues_lists_and_revokes_tokens(app):
    from aduan.cli import main

    make_user("agent", email="cli-owner@example.org")
    runner = app.test_cli_runner()
    created = runner.invoke(
        main,
        [
            "api",
            "token",
            "create",
            "cli-owner@example.org",
            "--name",
            "OPD DLH",
            "--scope",
            "tickets:read",
        ],
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("adn_")
    listed = runner.invoke(main, ["api", "token", "list"])
    assert "OPD DLH" in listed.output and secret not in listed.output
    token = db.session.execute(select(ApiToken)).scalar_one()
    assert runner.invoke(main, ["api", "token", "revoke", str(token.id)]).exit_code == 0
    db.session.refresh(token)
    assert token.revoked_at is not None
    refused = runner.invoke(
        main,
        ["api", "token", "create", "cli-owner@example.org", "--name", "x", "--scope", "admin"],
    )
    assert refused.exit_code != 0


def test_a_webhook_page_says_delivery_states_in_words(client, app):
    """The deliveries' status column, the filter links and the partners list's counts
    showed the codes ("failed", "held", "pending", "delivered") on an Indonesian page."""
    admin(client)
    endpoint = WebhookEndpoint(
        name="e-Gov", url="https://egov.example.org/aduan", events=["ticket.created"],
        secret_nonce="n1", active=True,
    )  # fmt: skip
    db.session.add(endpoint)
    db.session.flush()
    for n, status in enumerate(("failed", "held", "pending", "delivered")):
        row = WebhookDelivery(
            endpoint_id=endpoint.id, event_id=f"evt_{n}", event_type="ticket.created",
            body="{}", status=status, attempts=1, next_attempt_at=utcnow(),
        )  # fmt: skip
        db.session.add(row)
    db.session.commit()
    page = client.get(f"/admin/api/webhooks/{endpoint.id}").get_data(as_text=True)
    for code in ("failed", "held", "pending", "delivered"):
        assert f">{code}<" not in page
    for words in ("gagal", "ditahan (webhook nonaktif)", "menunggu kirim", "sampai"):
        assert f"<td>{words}</td>" in page and f">{words}</a>" in page
    listed = client.get("/admin/api/").get_data(as_text=True)  # the count per state
    assert "gagal 1" in listed and "sampai 1" in listed and "failed 1" not in listed


def test_why_a_delivery_failed_is_said_in_words_with_the_detail_kept(client, app):
    """The last answer read "ConnectionError: _HTTPSPool(host=...) (Caused by
    NameResolutionError(...))", and an auto-disabled webhook's reason stayed Indonesian
    on the English page."""
    from flask_babel import refresh

    admin(client)
    unresolved = (
        "ConnectionError: _HTTPSPool(host='egov.example.org', port=443): Max retries "
        "exceeded (Caused by NameResolutionError(\"Failed to resolve 'egov.example.org'\"))"
    )
    endpoint = WebhookEndpoint(
        name="e-Gov", url="https://egov.example.org/aduan", events=["ticket.created"],
        secret_nonce="n1", active=True, disabled_at=utcnow(),
        disabled_reason=f"5 pengiriman gagal berturut-turut: {unresolved}",
    )  # fmt: skip
    db.session.add(endpoint)
    db.session.flush()
    errors = (unresolved, "ReadTimeout: HTTPSConnectionPool(...): Read timed out.", "HTTP 503")
    for n, error in enumerate(errors):
        row = WebhookDelivery(
            endpoint_id=endpoint.id, event_id=f"evt_{n}", event_type="ticket.created",
            body="{}", status="failed", attempts=5, next_attempt_at=utcnow(), error=error,
        )  # fmt: skip
        db.session.add(row)
    db.session.commit()
    page = client.get(f"/admin/api/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "<small>nama host tidak ditemukan (DNS)</small>" in page
    assert "<small>tidak menjawab dalam batas waktu</small>" in page
    assert "<small>HTTP 503</small>" in page
    assert "<summary><small>rincian</small></summary>" in page  # the detail is one click away
    assert ": 5 pengiriman gagal berturut-turut: nama host tidak ditemukan (DNS)" in page
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    page = client.get(f"/admin/api/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "<small>host name not found (DNS)</small>" in page
    assert ": 5 deliveries failed in a row: host name not found (DNS)" in page
    assert "pengiriman gagal" not in page
