"""Staff screens name roles in words and translate every message they flash."""

from __future__ import annotations

import re

from flask_babel import force_locale, refresh

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import utcnow


def test_the_header_names_the_role_in_words(client, app):
    login(client, make_user("agent"))
    html = client.get("/inbox").get_data(as_text=True)
    assert "· agen</span>" in html and "· agent</span>" not in html


def test_the_public_view_flash_is_translatable(client, app):
    from inbox.views import AGENT_ACTIONS

    with app.test_request_context(), force_locale("en"):
        assert not isinstance(AGENT_ACTIONS["private"][1], str)  # a lazy string
    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{ticket.number}/private", data={"csrf_token": csrf(page), "private": "1"}
    )
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tampilan publik laporan diperbarui." in shown


def test_a_refusal_speaks_the_agents_language(client, app):
    """An action's refusal (ticketing.actions.ActionError) is a translatable text: the
    agent reads it in the language they chose."""
    ticket = factories.ticket(status="closed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    refusals = {}
    for code in ("id", "en"):
        client.get(f"/lang/{code}")
        refresh()  # the test's app context outlives requests and caches the locale
        page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
        response = client.post(
            f"/tickets/{ticket.number}/reply", data={"csrf_token": csrf(page), "text": "  "}
        )
        refusals[code] = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Balasan kosong." in refusals["id"]
    assert "The reply is empty." in refusals["en"] and "Balasan kosong." not in refusals["en"]


def test_report_periods_are_dates_in_words(client, app):
    login(client, make_user("supervisor"))
    html = client.get("/reports/?start=2026-11-02&end=2026-11-06").get_data(as_text=True)
    assert "2 Nov 2026 – 6 Nov 2026" in html and "2026-11-02 –" not in html
    assert 'value="2026-11-02"' in html  # the date field itself keeps the ISO value


def test_incident_refusals_are_translatable(app):
    """Unlinking a ticket that is in no incident is refused with a translatable text (a
    lazy string, as every other refusal), not a fixed Indonesian one."""
    import pytest

    from ticketing import actions, incident_actions

    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(actions.ActionError) as refused:
            incident_actions.unlink_incident(ticket, actions.Actor.agent(make_user()))
        assert not isinstance(refused.value.args[0], str)  # a lazy string


def test_the_outside_unit_reads_in_the_agents_language_on_the_ticket(client, app):
    """The ticket page named the EXTERNAL unit by its Indonesian directory name in English
    ("Unit: Di luar kewenangan Pemerintah Kota") and its route menu by its English code."""
    ticket = factories.ticket(status="routed", opd="EXTERNAL", created=utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    # the route menu does not offer it at all: routing there is refused
    assert ">EXTERNAL ·" not in page and '<option value="EXTERNAL"' not in page
    assert "<dd>Luar kewenangan" in page
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Di luar kewenangan" not in english and "Luar kewenangan" not in english
    assert "<dd>Outside the city&#39;s remit" in english
    assert ">DLH · Dinas Lingkungan Hidup</option>" in english


def test_an_agents_kind_decision_is_not_called_a_system_suggestion(client, app):
    """After an agent changed the kind, the page read "Saran sistem: Diputuskan petugas
    ... · keyakinan keputusan 0%": the agent's decision, not the system's suggestion, and
    no model confidence."""
    ticket = factories.ticket(status="routed", opd="DLH", created=utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    form = {"csrf_token": csrf(page), "kind": "complaint"}
    client.post(f"/tickets/{ticket.number}/kind", data=form)
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    reason = page[page.index("Diputuskan petugas") - 80 : page.index("Diputuskan petugas") + 80]
    assert "Saran sistem" not in reason and "Alasan rute" in reason
    assert "keyakinan" not in reason


def test_a_stopped_clock_reads_stopped_not_paused_in_english(client, app):
    """A closed ticket's SLA clocks (stopped for good) read "paused" in English, one
    translation shared with a partner webhook the admin paused: as if they would resume."""
    from sla import clocks
    from sla.models import Clock

    ticket = factories.ticket(status="closed", opd="DSDABM", created=utcnow())
    clocks.start(ticket, utcnow())
    db.session.flush()
    for clock in db.session.query(Clock).filter_by(ticket_id=ticket.id):
        clock.status = "stopped"
    db.session.commit()
    login(client, make_user())
    assert "dihentikan" in client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "stopped" in english and "paused" not in english


def test_a_file_link_off_the_providers_media_hosts_is_not_called_a_provider_refusal(app):
    from inbox.labels import download_error

    error = "forbidden_host: refusing to download from 127.0.0.1"
    with app.test_request_context():
        words = download_error(error)
        assert "penyedia menolak" not in words and "bukan server media" in words
        with force_locale("en"):
            assert "not on the provider's media servers" in download_error(error)


def test_a_policy_in_working_days_does_not_say_working_days_twice(client, app):
    """The SLA tables read "3 hari kerja (hari kerja)" / "3 working days (working days)"."""
    from inbox import labels

    with app.test_request_context():
        assert labels.policy(3, "working_days", "working") == "3 hari kerja"
        assert labels.policy(24, "hours", "working") == "24 jam (hari kerja)"
        with force_locale("en"):
            assert labels.policy(3, "working_days", "working") == "3 working days"
    login(client, make_user("admin"))
    html = client.get("/admin/sla/").get_data(as_text=True)
    assert "hari kerja (hari kerja)" not in html and "10 hari kerja" in html


def test_the_outside_body_menu_is_in_the_agents_language(client, app):
    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert '<option value="OJK">bank atau lembaga keuangan Anda (diawasi OJK)</option>' in html
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert '<option value="OJK">your bank or financial institution (supervised by OJK)<' in html
    assert "diawasi OJK" not in html
    client.get("/lang/id")
    refresh()


def test_the_outside_the_remit_kind_reads_so_in_english(app):
    """The kind tag of a PLN or land-certificate ticket read "Not ours" in English."""
    from flask_babel import force_locale

    from inbox import labels

    with app.test_request_context(), force_locale("en"):
        assert str(labels.label(labels.KINDS, "external")) == "Outside the remit"


def test_a_clock_met_late_reads_late_once(client, app):
    """A 112 clock the desk took after its deadline read "terlambat · terlewati" (late ·
    breached): the same fact twice. A running clock past its deadline still says both."""
    from datetime import timedelta

    from sla import clocks
    from sla.models import Clock

    ticket = factories.ticket(status="in_progress", opd="DSDABM", created=utcnow())
    clocks.start(ticket, utcnow())
    db.session.flush()
    clock = db.session.query(Clock).filter_by(ticket_id=ticket.id).first()
    clock.status, clock.met_at = "met", clock.due_at + timedelta(minutes=8)
    clock.breached_at = clock.due_at
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    row = re.search(r'<table class="clocks">.*?</table>', html, re.S).group(0)
    assert "terlambat" in row and "terlewati" not in row
