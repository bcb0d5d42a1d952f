"""Counts read as good English on staff screens: "1 report", "1 link", not "1 reports"
(Indonesian has one form; the English catalogue has both)."""

from __future__ import annotations

from flask_babel import refresh

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions
from ticketing.models import utcnow


def _english(client):
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale


def _flashed(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_drill_down_of_one_ticket_says_one_report(client, app):
    factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    login(client, make_user("supervisor"))
    _english(client)
    html = client.get("/reports/tickets").get_data(as_text=True)
    assert "· 1 report</p>" in html and "1 reports" not in html
    factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    assert "· 2 reports</p>" in client.get("/reports/tickets").get_data(as_text=True)
    client.get("/lang/id")
    refresh()
    assert "· 2 laporan</p>" in client.get("/reports/tickets").get_data(as_text=True)


def test_a_bulk_action_on_one_ticket_says_one_ticket(client, app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    db.session.commit()
    login(client, make_user())
    _english(client)
    form = {"csrf_token": csrf(client.get("/inbox").get_data(as_text=True))}
    form.update(ticket=ticket.number, action="assign")
    response = client.post("/inbox/bulk", data=form, headers={"Referer": "/inbox"})
    assert f"1 ticket processed: {ticket.number}." in _flashed(client, response)


def test_revoking_one_officer_link_says_one_link(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    login(client, make_user("admin"))
    _english(client)
    token = csrf(client.get("/admin/opd/DSDABM").get_data(as_text=True))
    response = client.post(f"/admin/officers/{officer.id}/revoke", data={"csrf_token": token})
    assert "1 link of Andi revoked." in _flashed(client, response)
    response = client.post(f"/admin/tickets/{ticket.number}/revoke", data={"csrf_token": token})
    assert f"0 officer links for {ticket.number} revoked." in _flashed(client, response)


def test_the_map_count_has_a_label_for_one_ticket(client, app):
    login(client, make_user())
    _english(client)
    html = client.get("/inbox/map").get_data(as_text=True)
    assert 'data-label-count-one="{n} ticket with a location"' in html
    assert 'data-label-count="{n} tickets with a location"' in html


def test_partner_webhook_flashes_count_in_good_english(client, app):
    from ticketing.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint(
        name="e-Gov", url="https://egov.example.org/aduan", events=["ticket.created"],
        secret_nonce="n0", disabled_at=utcnow(), disabled_reason="5 gagal",
    )  # fmt: skip
    db.session.add(endpoint)
    db.session.flush()
    db.session.add(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id="evt_1",
            event_type="ticket.created",
            body="{}",
            status="held",
            attempts=1,
            next_attempt_at=utcnow(),
        )
    )
    db.session.commit()
    login(client, make_user("admin"))
    _english(client)
    token = csrf(client.get("/admin/api/").get_data(as_text=True))
    response = client.post(f"/admin/api/webhooks/{endpoint.id}/enable", data={"csrf_token": token})
    assert "Enabled; 1 held delivery is being sent." in _flashed(client, response)
    response = client.post(
        f"/admin/api/webhooks/{endpoint.id}/resend_failed", data={"csrf_token": token}
    )
    assert "0 failed deliveries scheduled again." in _flashed(client, response)


def test_backlog_and_intake_alerts_count_in_good_english(app):
    from flask import render_template_string
    from flask_babel import force_locale

    page = (
        "{% include '_backlog_alerts.html' %}"
        "{% with intake=intake %}{% include '_intake_alert.html' %}{% endwith %}"
    )
    alerts = {"late": 1, "minutes": 10, "unknown": 1, "tickets": []}
    intake = {"late": {"count": 0}, "failed": 1, "minutes": 5}
    with app.test_request_context(), force_locale("en"):
        one = render_template_string(page, alerts=alerts, intake=intake)
        alerts.update(late=2, unknown=3)
        intake["failed"] = 2
        many = render_template_string(page, alerts=alerts, intake=intake)
    assert "1 outgoing message is still unsent more than 10 minutes after it was due" in one
    assert "1 outgoing message may or may not have been delivered" in one
    assert "Check it on its ticket" in one
    assert "1 incoming message failed and waits to be replayed." in one
    assert "2 outgoing messages are still unsent" in many and "3 outgoing messages may" in many
    assert "2 incoming messages failed and wait to be replayed." in many


def test_channel_health_counts_one_failed_send_in_good_english(app, monkeypatch):
    from flask_babel import force_locale

    from ticketing import contacts as contact_book
    from ticketing import health, outbox
    from ticketing.delivery import adapters

    monkeypatch.setattr(adapters, "configured", lambda channel: True)
    identity = contact_book.resolve("telegram", "4242", "Warga", utcnow())
    failed = outbox.to_identity(identity, "Halo", purpose="reply")
    failed.status, failed.updated_at = "failed", utcnow()
    db.session.commit()
    db.session.info.pop("after_commit_jobs", None)
    row = next(r for r in health.report(utcnow()) if r.channel == "telegram")
    with app.test_request_context(), force_locale("en"):
        assert str(row.detail) == "1 failed send in the last hour"
    with app.test_request_context(), force_locale("id"):
        assert str(row.detail) == "1 kiriman gagal dalam 1 jam"


def test_an_sla_policy_of_one_unit_reads_as_one(app):
    """Policy periods (ticket page, SLA admin) said "1 hours (working days)" and
    "1 working days": the unit was a fixed plural word."""
    from flask_babel import force_locale

    from inbox.labels import policy

    with app.test_request_context(), force_locale("en"):
        assert policy(1, "hours", "working") == "1 hour (working days)"
        assert policy(24, "hours", "working") == "24 hours (working days)"
        assert policy(1, "working_days", "working") == "1 working day"
        assert policy(3, "working_days", "working") == "3 working days"
        assert policy(1, "minutes", "wallclock") == "1 minute (24 hours, every day)"
    with app.test_request_context(), force_locale("id"):
        assert policy(1, "hours", "working") == "1 jam (hari kerja)"
        assert policy(3, "working_days", "working") == "3 hari kerja"
        assert policy(5, "minutes", "wallclock") == "5 menit (24 jam, setiap hari)"


def test_report_groupings_read_by_not_per_in_english(client, app):
    """The report tabs and the drill-down's heading said "Per kind", "Per OPD officer":
    a grouping is "By kind" in English ("per" is a rate); Indonesian keeps "Per jenis"."""
    factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    login(client, make_user("supervisor"))
    _english(client)
    html = client.get("/reports/").get_data(as_text=True)
    for tab in ("By OPD", "By channel", "By kind", "By OPD officer", "By agent", "By month"):
        assert f">{tab}</a>" in html, tab
    assert ">Per kind</a>" not in html
    drill = client.get("/reports/tickets?dim=kind").get_data(as_text=True)
    assert "By kind · " in drill
    client.get("/lang/id")
    refresh()
    assert ">Per jenis</a>" in client.get("/reports/").get_data(as_text=True)
