"""Admin pages: directory with history, officers, SLA policies, calendar, reports, health."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla.models import CalendarOverride, SlaPolicy
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions
from ticketing.models import DirectoryChange, Officer, OfficerLink, Opd, utcnow


def admin_client(client, role: str = "admin"):
    login(client, make_user(role, email=f"{role}-admin@example.org"))
    return client


def token(client, path: str) -> str:
    return csrf(client.get(path).get_data(as_text=True))


def policy_form(client) -> dict[str, str]:
    """The SLA page's CSRF token and the one-time key of its first policy form."""
    page = client.get("/admin/sla/").get_data(as_text=True)
    key = re.search(r'name="action_key" value="(\w+)"', page).group(1)
    return {"csrf_token": csrf(page), "action_key": key}


def test_agents_cannot_open_admin_pages(client, app):
    admin_client(client, "agent")
    assert client.get("/admin/").status_code == 403
    assert client.get("/reports/").status_code == 403


def test_editing_an_opd_keeps_its_history(client, app):
    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/opd/DLH"),
        "name": "Dinas Lingkungan Hidup Kota",
        "remit": "Sampah",
        "keywords": "sampah",
        "active": "on",
    }
    assert client.post("/admin/opd/DLH", data=form).status_code == 302
    assert db.session.get(Opd, "DLH").name == "Dinas Lingkungan Hidup Kota"
    change = db.session.execute(select(DirectoryChange)).scalar_one()
    assert change.entity_key == "DLH" and change.changes["name"][1] == "Dinas Lingkungan Hidup Kota"
    assert "Dinas Lingkungan Hidup Kota" in client.get("/admin/history").get_data(as_text=True)
    db.session.get(Opd, "DLH").name = "Dinas Lingkungan Hidup"
    db.session.commit()


def test_an_officer_is_added_with_a_checked_address(client, app):
    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/opd/DLH"),
        "name": "Rina",
        "role": "officer",
        "channel": "whatsapp",
        "address": "0812-3456-7890",
        "opd_code": "DLH",
    }
    client.post("/admin/officers", data=form)
    officer = db.session.execute(select(Officer).where(Officer.name == "Rina")).scalar_one()
    assert officer.address == "+6281234567890"
    form["address"], form["name"] = "bukan nomor", "Salah"
    client.post("/admin/officers", data=form)
    assert db.session.execute(select(Officer).where(Officer.name == "Salah")).scalar() is None


def test_deactivating_an_officer_revokes_their_links(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/opd/DSDABM"),
        "name": "Andi",
        "role": "officer",
        "channel": "telegram",
        "address": officer.address,
        "opd_code": "DSDABM",
    }
    client.post(f"/admin/officers/{officer.id}", data=form)  # "active" unchecked
    link = db.session.execute(select(OfficerLink)).scalar_one()
    assert link.revoked_at is not None


def test_a_policy_edit_becomes_a_new_version(client, app):
    admin_client(client)
    form = {
        **policy_form(client),
        "key": "complaint",
        "amount": "16",
        "unit": "hours",
        "calendar": "working",
        "at": ["50", "100"],
        "action": ["remind_officer", "breach"],
    }
    client.post("/admin/sla/policies", data=form)
    versions = db.session.execute(
        select(SlaPolicy.version, SlaPolicy.amount)
        .where(SlaPolicy.key == "complaint")
        .order_by(SlaPolicy.version)
    ).all()
    assert versions == [(1, 24), (2, 16)]


@pytest.mark.parametrize("amount", ["99999999999999999999", "2147483647", "8785"])
def test_a_policy_amount_past_a_year_is_refused_not_a_500(client, app, amount):
    admin_client(client)
    form = {
        **policy_form(client),
        "key": "complaint",
        "amount": amount,
        "unit": "hours",
        "calendar": "working",
        "at": ["100"],
        "action": ["breach"],
    }
    assert client.post("/admin/sla/policies", data=form).status_code == 302
    amounts = db.session.execute(
        select(SlaPolicy.amount).where(SlaPolicy.key == "complaint")
    ).scalars()
    assert list(amounts) == [24]


def test_an_admin_closure_is_saved(client, app):
    from sla.calendars import forget

    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/sla/"),
        "day": "2026-12-07",
        "kind": "closed",
        "reason": "Banjir",
    }
    client.post("/admin/sla/calendar", data=form)
    assert db.session.get(CalendarOverride, utcnow().date().replace(2026, 12, 7)).reason == "Banjir"
    forget()


def test_channel_health_lists_every_channel(client, app):
    admin_client(client)
    html = client.get("/admin/channels/").get_data(as_text=True)
    for channel in (
        "telegram",
        "sms",
        "whatsapp",
        "whatsapp_cloud",
        "voice",
        "x",
        "facebook",
        "instagram",
    ):
        assert f'<small class="muted">{channel}</small>' in html
    # the two WhatsApp routes are told apart in words, not only by their codes
    assert "WhatsApp (Twilio)" in html and "WhatsApp (Cloud API)" in html


def test_channel_health_is_told_in_the_admins_language(client, app):
    from flask_babel import refresh

    admin_client(client)
    html = client.get("/admin/channels/").get_data(as_text=True)
    assert "belum pernah ada pesan" in html or "belum dikonfigurasi" in html
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get("/admin/channels/").get_data(as_text=True)
    assert "no incoming message yet" in html or "not configured" in html
    assert "belum pernah ada pesan" not in html and "belum dikonfigurasi" not in html


def test_unsent_and_unknown_outbox_rows_raise_alerts_in_admin_and_metrics(client, app):
    from datetime import timedelta

    from tests.test_ops import samples
    from ticketing import contacts, outbox

    admin_client(client)
    page = client.get("/admin/").get_data(as_text=True)
    assert "belum terkirim" not in page and "tidak pasti terkirim" not in page
    identity = contacts.resolve("telegram", "880001", "Warga", utcnow())
    late = outbox.to_identity(identity, "Halo", purpose="reply")
    fresh = outbox.to_identity(identity, "Halo lagi", purpose="reply")
    unknown = outbox.to_identity(identity, "Halo juga", purpose="reply")
    welcome = outbox.to_identity(identity, "Selamat datang", purpose="welcome")
    db.session.flush()
    unknown.ticket_id = factories.ticket(created=utcnow()).id  # an agent decides on its page
    welcome.status = "unknown"  # no ticket, no page to decide on: not in the alert
    late.next_attempt_at = utcnow() - timedelta(hours=1)  # its job was lost an hour ago
    fresh.next_attempt_at = utcnow()  # due now: not late
    unknown.status = "unknown"
    db.session.commit()
    db.session.info.pop("after_commit_jobs", None)
    for path in ("/admin/", "/admin/channels/"):
        page = client.get(path).get_data(as_text=True)
        assert "1 pesan keluar belum terkirim lebih dari 10 menit" in page
        assert "1 pesan keluar tidak pasti terkirim" in page and "tandai sudah diterima" in page
    metrics = samples(client.get("/metrics").get_data(as_text=True))
    assert metrics[("aduan_outbox_late_rows", ())] == 1
    state = (("channel", "telegram"), ("state", "unknown"))
    assert metrics[("aduan_outbox_rows", state)] == 2  # the welcome too


def test_the_policy_history_reads_in_words_not_codes(client, app):
    admin_client(client)
    page = client.get("/admin/sla/policies").get_data(as_text=True)
    history = page[page.index("<tbody", page.rindex("<table")) :]
    assert "5 menit (24 jam, setiap hari)" in history
    assert "24 jam (hari kerja)" in history
    for code in ("(wallclock)", "(working)", "working_days", "minutes", "hours"):
        assert code not in history


def test_directory_refusals_are_translatable(app):
    """The directory's refusals are lazy strings: the admin reads them in their language."""
    import pytest

    from ticketing import directory

    with pytest.raises(directory.DirectoryError) as refused:
        directory.clean_address("sms", "bukan nomor")
    assert not isinstance(refused.value.args[0], str)


def _post_policy(client, change: dict):
    """Posts the SLA policy form as an admin, with `change` over a valid policy."""
    admin_client(client)
    form = {
        **policy_form(client),
        "key": "resolution",
        "amount": "5",
        "unit": "working_days",
        "calendar": "working",
        "at": ["100"],
        "action": ["breach"],
        **change,
    }
    return client.post("/admin/sla/policies", data=form, follow_redirects=True)


@pytest.mark.parametrize(
    "change", [{"key": "x" * 500}, {"key": "keluhan"}, {"opd_code": "NOPE"}, {"opd_code": "x" * 50}]
)
def test_a_policy_for_an_unknown_clock_or_unit_is_refused(client, app, change):
    # Any key and any unit code were stored as a policy no clock follows (on PostgreSQL,
    # one longer than its column was a 500).
    response = _post_policy(client, change)
    assert response.status_code == 200 and "Tidak tersimpan" in response.get_data(True)
    count = db.session.execute(select(SlaPolicy.id).where(SlaPolicy.version > 1)).all()
    assert count == []


@pytest.mark.parametrize(
    "change",
    [{"amount": "1.5"}, {"amount": "0"}, {"unit": "weeks"}, {"at": ["abc"]}, {"at": ["150"]}],
)
def test_a_bad_amount_or_ladder_is_refused_in_words(client, app, change):
    # The refusal showed Python's own text ("invalid literal for int() ...").
    page = _post_policy(client, change).get_data(True)
    assert "jumlah harus bilangan bulat positif" in page
    assert "invalid literal" not in page and "could not convert" not in page
    assert db.session.execute(select(SlaPolicy.id).where(SlaPolicy.version > 1)).all() == []


@pytest.mark.parametrize(
    ("name", "channel", "address"),
    [("R" * 201, "email", "rina@example.org"), ("Rina", "email", "r" * 200 + "@example.org")],
)
def test_an_officer_longer_than_the_directory_holds_is_refused(client, app, name, channel, address):
    # Names and addresses past their 200-character columns were stored on SQLite and a
    # 500 on PostgreSQL; an OPD's name too.
    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/opd/DLH"),
        "name": name,
        "role": "officer",
        "channel": channel,
        "address": address,
        "opd_code": "DLH",
    }
    shown = client.post("/admin/officers", data=form, follow_redirects=True).get_data(True)
    assert "maksimal 200 karakter" in shown
    assert db.session.execute(select(Officer)).scalar() is None
    opd = {"csrf_token": form["csrf_token"], "name": "D" * 201, "active": "1"}
    client.post("/admin/opd/DLH", data=opd)
    assert db.session.get(Opd, "DLH").name != "D" * 201


def test_the_policy_page_names_policies_and_closures_in_words(client, app):
    """The SLA page showed each policy's code ("complaint", "ppid_extension"), the saved
    message said "Kebijakan complaint versi 2", and a closure read "tutup" in English too."""
    from flask_babel import refresh

    from sla.calendars import forget

    saved = _post_policy(client, {"key": "complaint", "amount": "16", "unit": "hours"})
    assert "Kebijakan complaint" not in saved.get_data(as_text=True)
    assert "Tanggapan pertama OPD versi 2" in saved.get_data(as_text=True)
    assert "1x24 jam" not in saved.get_data(as_text=True)  # it is 16 hours now
    form = {"csrf_token": token(client, "/admin/sla/"), "day": "2026-12-28", "kind": "closed"}
    client.post("/admin/sla/calendar", data=form)
    forget()
    page = client.get("/admin/sla/").get_data(as_text=True)
    for code in ("complaint", "ppid_extension", "objection", "emergency", "triage"):
        assert f">{code}" not in page and f"{code} ·" not in page, code
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get("/admin/sla/").get_data(as_text=True)
    closures = english[english.rindex("<tbody", 0, english.rindex("<table")) :]
    assert "tutup" not in closures and "28 Dec 2026" in closures
    assert "Tanggapan pertama" not in english and "Jawaban PPID" not in english


def test_the_officer_channel_menus_say_channels_in_words(client, app):
    """The channel menus of an officer row and of the new-officer row showed the codes
    ("telegram", "whatsapp", "sms", "email"); they post the same codes as before."""
    factories.officer("Andi", opd="DSDABM")
    db.session.commit()
    admin_client(client)
    html = client.get("/admin/opd/DSDABM").get_data(as_text=True)
    for code in ("telegram", "whatsapp", "sms", "email"):
        assert f">{code}<" not in html
        assert f'value="{code}"' in html
    assert ">WhatsApp</option>" in html and ">E-mail</option>" in html
    assert '<option value="telegram" selected>Telegram</option>' in html


def test_every_officer_field_is_named_for_a_screen_reader(client, app):
    """The officer rows' boxes had no label: a screen reader read "edit text, Andi"."""
    factories.officer("Andi", opd="DSDABM")
    db.session.commit()
    admin_client(client)
    html = client.get("/admin/opd/DSDABM").get_data(as_text=True)
    for row in re.findall(r'<form[^>]*class="officer-row[^"]*".*?</form>', html, re.S):
        for field in re.findall(r"<(?:input|select)\b[^>]*>", row):
            if 'type="hidden"' in field or 'type="checkbox"' in field:
                continue
            assert "aria-label=" in field, field
    assert 'aria-label="Peran"' in html and 'aria-label="Kontak"' in html


def test_the_sla_unit_menu_names_kecamatan_and_the_outside_unit_in_words(client, app):
    """The per-OPD target menu listed raw codes: "KEC-357805", "EXTERNAL"."""
    admin_client(client)
    html = client.get("/admin/sla/").get_data(as_text=True)
    menu = html[html.index('<select name="opd_code"') :].split("</select>")[0]
    assert '<option value="DSDABM">DSDABM</option>' in menu
    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    assert f'<option value="{unit.code}">{unit.name}</option>' in menu
    assert '<option value="EXTERNAL">EXTERNAL</option>' not in menu
    assert 'value="EXTERNAL"' in menu  # still there, in words


def test_channel_health_of_a_channel_only_written_on_says_nothing_came_in(app, monkeypatch):
    """X DMs: the desk wrote to a citizen there, nobody wrote in. "No message yet" next to a
    last outbound time was untrue; the row says no *incoming* message yet."""
    from ticketing import contacts as contact_book
    from ticketing import health, outbox
    from ticketing.delivery import adapters

    monkeypatch.setattr(adapters, "configured", lambda channel: True)
    identity = contact_book.resolve("x_dm", "1600000000000009001", "Warga", utcnow())
    sent = outbox.to_identity(identity, "Halo", purpose="reply")
    sent.status, sent.sent_at = "sent", utcnow()
    db.session.commit()
    db.session.info.pop("after_commit_jobs", None)
    row = next(r for r in health.report(utcnow()) if r.channel == "x_dm")
    assert row.status == "silent" and row.last_outbound is not None
    assert str(row.detail) == "belum pernah ada pesan masuk"


def test_an_officer_added_to_a_unit_is_in_that_units_history(client, app):
    """The unit's page said "Belum ada perubahan." under an officer just added to it,
    while the directory's history listed the addition."""
    admin_client(client)
    form = {
        "csrf_token": token(client, "/admin/opd/DLH"),
        "name": "Bu Wati",
        "role": "officer",
        "channel": "whatsapp",
        "address": "0812-3344-5566",
        "opd_code": "DLH",
    }
    client.post("/admin/officers", data=form)
    page = client.get("/admin/opd/DLH").get_data(as_text=True)
    history = page.split("Riwayat")[-1]
    assert "Belum ada perubahan." not in history
    assert "petugas Bu Wati" in history and "+6281233445566" in history
    other = client.get("/admin/opd/DSDABM").get_data(as_text=True).split("Riwayat")[-1]
    assert "Bu Wati" not in other and "Belum ada perubahan." in other


def test_a_step_chosen_without_its_percent_is_refused_not_dropped(client, app):
    """Clearing a step's percent (or typing letters into it, which the browser sends as
    empty) saved a new version without that reminder and said it was saved."""
    admin_client(client)
    form = {
        **policy_form(client),
        "key": "complaint",
        "amount": "24",
        "unit": "hours",
        "calendar": "working",
        "at": ["", "75", "100", ""],
        "action": ["remind_officer", "warn_head", "breach", ""],
    }
    client.post("/admin/sla/policies", data=form)
    shown = client.get("/admin/sla/").get_data(as_text=True)
    assert "Tidak tersimpan: jumlah harus bilangan bulat positif" in shown
    versions = db.session.execute(
        select(SlaPolicy.version).where(SlaPolicy.key == "complaint")
    ).scalars()
    assert list(versions) == [1]


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_an_officer_number_that_cannot_exist_is_refused(app, channel):
    """ "12345" was saved as +6212345 and the officer's notifications went nowhere."""
    from ticketing import directory

    with pytest.raises(directory.DirectoryError) as refused:
        directory.clean_address(channel, "12345")
    assert str(refused.value) == "Nomor telepon tidak valid."
    assert directory.clean_address(channel, "0812-3456-7890") == "+6281234567890"
    assert directory.clean_address(channel, "+62 31 5312144") == "+62315312144"
