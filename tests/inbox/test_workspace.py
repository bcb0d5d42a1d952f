"""The agents' workspace: assignment and its tabs, presence, internal notes (and what the
officer sees of them), canned replies, live alerts, bulk actions, the map."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from aduan.extensions import db
from inbox import presence
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, link_tokens, login, make_user
from ticketing import actions, canned, internal, links
from ticketing.models import CannedReply, Outbound, TicketEvent, utcnow

NUMBER = re.compile(r'data-number="(MC-\d{4}-\d{6})"')


def _ticket(**kwargs):
    item = factories.ticket(created=utcnow(), **kwargs)
    clocks.start(item, item.created_at)
    db.session.commit()
    return item


def _named(name: str, role: str = "agent"):
    user = make_user(role, email=f"{name.lower()}@example.org")
    user.name = name
    db.session.commit()
    return user


def _form(client, url: str) -> str:
    return csrf(client.get(url).get_data(as_text=True))


def test_assign_to_me_moves_the_ticket_to_mine_and_out_of_unassigned(client, app):
    item, other = _ticket(), _ticket()
    rina = _named("Rina")
    login(client, rina)
    token = _form(client, f"/tickets/{item.number}")
    client.post(f"/tickets/{item.number}/assign", data={"user": "me", "csrf_token": token})
    assert NUMBER.findall(client.get("/inbox?view=mine").get_data(True)) == [item.number]
    assert NUMBER.findall(client.get("/inbox?view=unassigned").get_data(True)) == [other.number]
    budi = _named("Budi")
    client.post(f"/tickets/{item.number}/assign", data={"user": str(budi.id), "csrf_token": token})
    assert NUMBER.findall(client.get("/inbox?view=mine").get_data(True)) == []
    event = (
        db.session.execute(
            select(TicketEvent)
            .where(TicketEvent.action == "assigned")
            .order_by(TicketEvent.id.desc())
        )
        .scalars()
        .first()
    )
    assert event.data["assignee_id"] == budi.id
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert page.split("data-assignee>")[1].startswith("Budi")
    bad = client.post(f"/tickets/{item.number}/assign", data={"user": "x", "csrf_token": token})
    assert bad.status_code == 400


def test_another_agent_on_the_ticket_is_shown_and_typing_too(client, app):
    item = _ticket()
    rina = _named("Rina")
    budi = _named("Budi")
    login(client, rina)
    token = _form(client, f"/tickets/{item.number}")
    quiet = client.post(f"/tickets/{item.number}/presence", data={"csrf_token": token})
    assert "presence-warning" not in quiet.get_data(as_text=True)
    presence.touch(item.id, budi.id)
    html = client.post(f"/tickets/{item.number}/presence", data={"csrf_token": token}).get_data(
        True
    )
    assert "Budi" in html and "juga sedang membuka" in html
    presence.touch(item.id, budi.id, typing=True)
    html = client.post(f"/tickets/{item.number}/presence", data={"csrf_token": token}).get_data(
        True
    )
    assert "sedang mengetik balasan" in html


def test_presence_expires_without_a_refresh(app):
    item = _ticket()
    presence.touch(item.id, 7, typing=True, now=1000.0)
    assert presence.others(item.id, 1, now=1005.0) == [presence.Other(7, True)]
    assert presence.others(item.id, 1, now=1000.0 + presence.TYPING_SECONDS + 1) == [
        presence.Other(7, False)
    ]
    assert presence.others(item.id, 1, now=1000.0 + presence.PRESENCE_SECONDS + 1) == []


def test_unread_until_opened_and_again_after_the_citizen_writes(client, app):
    item = _ticket()
    user = make_user()
    login(client, user)
    row = client.get("/inbox").get_data(as_text=True).split(f'data-number="{item.number}"')[0]
    assert "unread" in row.rsplit("<tr", 1)[1]
    client.get(f"/tickets/{item.number}")
    row = client.get("/inbox").get_data(as_text=True).split(f'data-number="{item.number}"')[0]
    assert "unread" not in row.rsplit("<tr", 1)[1]
    from datetime import timedelta

    item.last_citizen_at = utcnow() + timedelta(minutes=1)
    db.session.commit()
    assert presence.unread(user.id, [item]) == {item.id}


def test_a_note_with_a_mention_is_never_sent_and_the_officer_sees_only_shared_notes(client, app):
    factories.officer("Andi", opd="DSDABM")
    item = _ticket(status="triage", opd=None)
    rina = _named("Rina")
    budi = _named("Budi")
    actions.route(item, actions.Actor.agent(rina), "DSDABM")
    db.session.commit()
    sent_before = db.session.execute(select(Outbound.id)).all()
    login(client, rina)
    token = _form(client, f"/tickets/{item.number}")
    url = f"/tickets/{item.number}/note"
    client.post(url, data={"text": "@budi tolong cek ulang alamatnya", "csrf_token": token})
    client.post(
        url,
        data={
            "text": "Warga lansia, mohon didahulukan",
            "officer_visible": "1",
            "csrf_token": token,
        },
    )
    assert db.session.execute(select(Outbound.id)).all() == sent_before  # nothing to anyone
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "tolong cek ulang" in page and "Menyebut:" in page and "Budi" in page
    (token_officer,) = link_tokens("officer_notify").values()
    officer_page = client.get(f"/o/{token_officer}").get_data(as_text=True)
    assert "mohon didahulukan" in officer_page
    assert "tolong cek ulang" not in officer_page
    # Budi hears of it: his inbox lists the ticket until he opens it; Rina's does not
    assert "Anda disebut" not in client.get("/inbox").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": _form(client, "/inbox")})
    login(client, budi)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Anda disebut dalam catatan:" in inbox and f">{item.number}</a>" in inbox
    row = inbox.split(f'data-number="{item.number}"')[0].rsplit("<tr", 1)[1]
    assert "unread" in row
    client.get(f"/tickets/{item.number}")
    assert "Anda disebut" not in client.get("/inbox").get_data(as_text=True)


def test_canned_replies_are_managed_by_supervisors_and_fill_the_ticket(client, app):
    item = _ticket(opd="DSDABM")
    item.contact.name = "Siti"
    db.session.commit()
    agent = make_user("agent", email="agen@example.org")
    login(client, agent)
    assert client.get("/canned/").status_code == 403
    client.post("/logout", data={"csrf_token": _form(client, "/inbox")})
    login(client, make_user("supervisor", email="spv@example.org"))
    token = _form(client, "/canned/")
    body = "Halo {nama}, laporan {nomor} ditangani {unit}, batas {batas_waktu}. {lain}"
    client.post("/canned/", data={"title": "Diteruskan", "body": body, "csrf_token": token})
    (reply,) = canned.active()
    filled = client.get(f"/tickets/{item.number}/canned?canned={reply.id}").get_data(True)
    assert f"Halo Siti, laporan {item.number} ditangani Dinas" in filled
    assert "{lain}" in filled and "{nomor}" not in filled
    assert "WIB" in filled  # the due time, in the desk's zone
    empty = client.post("/canned/", data={"title": "", "body": "x", "csrf_token": token})
    assert empty.status_code == 302 and len(canned.active()) == 1


def test_live_reports_new_emergencies_after_what_the_agent_has_seen(client, app):
    first = _ticket()
    login(client, make_user())
    data = client.get(f"/inbox/live?since={first.id}").get_json()
    assert data == {"latest": first.id, "emergencies": []}
    emergency = _ticket(kind="emergency", opd="BPBD")
    data = client.get(f"/inbox/live?since={first.id}").get_json()
    assert data["latest"] == emergency.id
    assert [e["number"] for e in data["emergencies"]] == [emergency.number]


def test_bulk_resolve_route_and_merge_say_what_did_not_go_through(client, app):
    parent, a, b, c = _ticket(), _ticket(), _ticket(status="triage", opd=None), _ticket()
    closed = _ticket(status="closed")
    login(client, make_user())
    token = _form(client, "/inbox")
    response = client.post(
        "/inbox/bulk",
        data={"action": "resolve", "ticket": [a.number, closed.number], "csrf_token": token},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "1 laporan diproses" in html and f"{closed.number}:" in html
    assert a.status == "resolved"
    client.post(
        "/inbox/bulk",
        data={"action": "route", "opd": "DLH", "ticket": [b.number], "csrf_token": token},
    )
    assert b.status == "routed" and b.opd_code == "DLH"
    client.post(
        "/inbox/bulk",
        data={
            "action": "merge",
            "parent": parent.number,
            "ticket": [c.number],
            "csrf_token": token,
        },
    )
    assert c.incident_id == parent.id
    assert (
        client.post(
            "/inbox/bulk", data={"action": "nope", "ticket": [parent.number], "csrf_token": token}
        ).status_code
        == 400
    )


def test_bulk_route_offers_the_units_by_name(client, app):
    """The bulk bar's unit is picked from the units (a kecamatan by its name), not only
    typed as a code the agent must know."""
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    assert 'name="opd" list="units"' in html
    units = re.search(r'<datalist id="units">(.*?)</datalist>', html, re.S).group(1)
    assert '<option value="DLH">' in units
    assert re.search(r"<option value=\"KEL-\d+\">Kelurahan \w+", units)  # by name


def test_bulk_route_takes_the_unit_code_as_typed(client, app):
    """The unit code is typed by hand: " dlh " is DLH (it said "Unit tidak dikenal")."""
    a, b = _ticket(status="triage", opd=None), _ticket(status="triage", opd=None)
    login(client, make_user())
    token = _form(client, "/inbox")
    html = client.post(
        "/inbox/bulk",
        data={
            "action": "route",
            "opd": " dlh ",
            "ticket": [a.number, b.number],
            "csrf_token": token,
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 laporan diproses" in html and "Unit tidak dikenal" not in html
    assert (a.status, a.opd_code, b.opd_code) == ("routed", "DLH", "DLH")
    c, d = _ticket(status="triage", opd=None), _ticket(status="triage", opd=None)
    html = client.post(
        "/inbox/bulk",
        data={"action": "route", "opd": "XYZ", "ticket": [c.number, d.number], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    said = f"{c.number}: Unit tidak dikenal; {d.number}: Unit tidak dikenal"
    assert said in html and ".;" not in html  # one list, not "dikenal.; MC-..."


def test_bulk_route_finds_an_opd_by_its_name(client, app):
    """The bulk bar's unit list named an OPD only by its code ("DLH"): typing "Lingkungan"
    suggested nothing, and "Dinas Lingkungan Hidup" typed in full was "Unit tidak dikenal"."""
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    units = re.search(r'<datalist id="units">(.*?)</datalist>', html, re.S).group(1)
    assert '<option value="DLH">DLH · Dinas Lingkungan Hidup</option>' in units
    token = _form(client, "/inbox")
    for typed in (
        "Dinas Lingkungan Hidup",
        "dinas lingkungan hidup ",
        "DLH · Dinas Lingkungan Hidup",
    ):
        item = _ticket(status="triage", opd=None)
        html = client.post(
            "/inbox/bulk",
            data={"action": "route", "opd": typed, "ticket": [item.number], "csrf_token": token},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "1 laporan diproses" in html, typed
        assert item.opd_code == "DLH", typed


def test_the_two_kelurahan_wonorejo_are_told_apart_in_the_unit_menus(client, app):
    """Rungkut and Tegalsari both have a Kelurahan Wonorejo: the inbox's unit filter and
    the bulk bar listed "Kelurahan Wonorejo" twice, the same words for two units."""
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    for menu in (
        re.search(r'<select name="opd"[^>]*>(.*?)</select>', html, re.S).group(1),
        re.search(r'<datalist id="units">(.*?)</datalist>', html, re.S).group(1),
    ):
        assert ">Kelurahan Wonorejo (Rungkut)</option>" in menu
        assert ">Kelurahan Wonorejo (Tegalsari)</option>" in menu
        assert ">Kelurahan Wonorejo</option>" not in menu


def test_the_map_lists_open_tickets_with_a_location(client, app):
    here, nowhere = _ticket(), _ticket()
    here.latitude, here.longitude = -7.2575, 112.7521
    closed = _ticket(status="closed")
    closed.latitude, closed.longitude = -7.26, 112.75
    db.session.commit()
    login(client, make_user())
    data = client.get("/inbox/map.json").get_json()
    assert [p["number"] for p in data["points"]] == [here.number]
    assert data["tiles"].startswith("https://tile.openstreetmap.org/")
    page = client.get(f"/tickets/{here.number}").get_data(as_text=True)
    assert 'id="map"' in page and "vendor/leaflet/leaflet.js" in page
    assert 'id="map"' not in client.get(f"/tickets/{nowhere.number}").get_data(True)
    assert "vendor/leaflet/leaflet.js" in client.get("/inbox/map").get_data(True)


def test_shortcuts_are_listed_on_every_inbox_page(client, app):
    item = _ticket()
    login(client, make_user())
    for url in ("/inbox", f"/tickets/{item.number}"):
        html = client.get(url).get_data(as_text=True)
        dialog = html.split('<dialog id="shortcuts"')[1]
        for key in (
            "<kbd>j</kbd>",
            "<kbd>k</kbd>",
            "<kbd>/</kbd>",
            "<kbd>r</kbd>",
            "<kbd>a</kbd>",
            "<kbd>e</kbd>",
            "<kbd>?</kbd>",
        ):
            assert key in dialog


def test_the_canned_deadline_is_the_one_the_citizen_waits_on(app):
    from datetime import timedelta

    from aduan import timefmt

    item = _ticket(opd="DSDABM")
    item.resolution_due_at = utcnow() + timedelta(days=5)
    reply = CannedReply(title="Batas", body="Target: {batas_waktu}", active=True)
    # the OPD has not answered: the reply (not its answer) quotes the 1x24 h response the
    # citizen was promised, as "cek" does (status.promised)
    response = clocks.get(item, "first_response").due_at
    assert canned.render(reply, item) == f"Target: {timefmt.human(response, 'id')}"
    item.first_responded_at = utcnow()  # answered: the fix is what is awaited now
    target = f"Target: {timefmt.human(item.resolution_due_at, 'id')}"
    assert canned.render(reply, item) == target
    item.resolution_due_at = None  # an emergency: only the 112 acknowledgement runs
    assert canned.render(reply, item) == ""  # no "Target: -" to the citizen
    reply.body = "Laporan {nomor} kami terima. Target selesai: {batas_waktu}.\nTerima kasih."
    assert canned.render(reply, item) == f"Laporan {item.number} kami terima.\nTerima kasih."


def test_the_canned_deadline_is_left_out_when_no_clock_runs(app):
    """A resolved, closed or waiting ticket kept its stored resolution date; the canned
    reply quoted it as a promise while the ticket header said the clock had stopped."""
    from datetime import timedelta

    reply = CannedReply(title="Batas", body="Baik, {nama}. Target: {batas_waktu}!", active=True)
    for status in ("waiting", "resolved", "closed"):
        item = _ticket(opd="DSDABM", status=status)
        item.resolution_due_at = utcnow() + timedelta(days=5)
        assert canned.render(reply, item).startswith("Baik, "), status
        assert "Target" not in canned.render(reply, item), status


def test_a_canned_reply_sent_before_the_opd_answered_quotes_its_response_deadline(app):
    from aduan import timefmt

    agent = actions.Actor.agent(_named("Rina"))
    item = _ticket(opd="DSDABM")
    assert item.first_responded_at is None and item.resolution_due_at is not None
    reply = CannedReply(title="Batas", body="Batas waktu: {batas_waktu}", active=True)
    text = canned.render(reply, item)
    actions.reply(item, agent, text)
    # the reply is not the OPD's first response (its clock runs on): the citizen is told
    # the OPD's response deadline, the date "cek" tells them too
    due = timefmt.human(clocks.get(item, "first_response").due_at, "id")
    assert item.first_responded_at is None and text == f"Batas waktu: {due}"


def test_taking_a_ticket_never_silently_takes_it_from_a_colleague(client, app):
    """Two agents on the same ticket: the second 'Tugaskan' (or 'a') from a page loaded
    before the first took it, and a bulk 'Ambil', reassigned it without a word."""
    item, free = _ticket(), _ticket()
    rina, budi = _named("Rina"), _named("Budi")
    login(client, budi)
    token = _form(client, f"/tickets/{item.number}")  # Budi's page: nobody has it yet
    internal.assign(item, actions.Actor.agent(rina), rina)  # meanwhile Rina takes it
    db.session.commit()
    html = client.post(
        f"/tickets/{item.number}/assign",
        data={"user": "me", "seen": "", "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    db.session.refresh(item)
    assert item.assignee_id == rina.id and "kini Rina" in html
    html = client.post(
        "/inbox/bulk",
        data={"action": "assign", "ticket": [item.number, free.number], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    db.session.refresh(item)
    db.session.refresh(free)
    assert item.assignee_id == rina.id and free.assignee_id == budi.id
    assert f"{item.number}: Sudah ditangani Rina" in html
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert f'name="seen" value="{rina.id}"' in page  # a deliberate reassign still works
    client.post(
        f"/tickets/{item.number}/assign",
        data={"user": "me", "seen": str(rina.id), "csrf_token": token},
    )
    db.session.refresh(item)
    assert item.assignee_id == budi.id


def test_canned_reply_fills_variables_once_not_inside_the_citizens_name(app):
    # A citizen who calls themselves "{unit} {nomor}" gets their name as written: a
    # value filled in is never read again as a variable.
    item = _ticket(opd="DSDABM")
    item.contact.name = "{unit} {batas_waktu}"
    reply = CannedReply(title="Salam", body="Halo {nama}, laporan {nomor} di {unit}.")
    db.session.add(reply)
    db.session.commit()
    text = canned.render(reply, item)
    assert text.startswith("Halo {unit} {batas_waktu}, laporan ")
    assert f"laporan {item.number} di Dinas" in text


def test_bulk_names_unknown_tickets_briefly_so_the_flash_fits_the_session_cookie(client, app):
    # Whatever was posted as a ticket number was flashed whole: 100 long values made a
    # session cookie of ~1 MB, which browsers drop (the agent never saw the outcome).
    login(client, make_user())
    token = _form(client, "/inbox")
    response = client.post(
        "/inbox/bulk",
        data={
            "action": "assign",
            "ticket": [secrets.token_urlsafe(3000) for _ in range(100)],
            "csrf_token": token,
        },
    )
    cookie = response.headers.get("Set-Cookie", "")
    assert response.status_code == 302 and len(cookie) < 4000
    html = client.get("/inbox").get_data(as_text=True)
    assert "laporan diproses" not in html and "tidak ditemukan" in html  # no green "0"


def test_an_agent_resends_a_failed_or_unknown_message_once_from_the_ticket_page(client, app):
    item, other = _ticket(), _ticket()
    rows = [
        Outbound(
            ticket_id=item.id,
            channel="sms",
            recipient="+6281234567890",
            text="Halo",
            purpose="ack",
            status=status,
            attempts=3,
            next_attempt_at=utcnow(),
        )
        for status in ("unknown", "failed", "sent")
    ]
    foreign = Outbound(
        ticket_id=other.id,
        channel="sms",
        recipient="+6281234567891",
        text="Lain",
        purpose="ack",
        status="failed",
        next_attempt_at=utcnow(),
    )
    db.session.add_all([*rows, foreign])
    db.session.commit()
    login(client, _named("Rina"))
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    for row in rows:
        url = f"/tickets/{item.number}/outbound/{row.id}/resend"
        assert (url in page) == (row.status != "sent")  # a button only where it helps
    assert "tanyakan ke penerima, lalu kirim ulang atau tandai sudah diterima" in page
    token = csrf(page)
    unknown, failed, sent = rows
    for row in (unknown, failed, unknown, sent):  # the second click on one is refused
        client.post(f"/tickets/{item.number}/outbound/{row.id}/resend", data={"csrf_token": token})
    client.post(f"/tickets/{item.number}/outbound/{foreign.id}/resend", data={"csrf_token": token})
    db.session.expire_all()
    assert [r.status for r in rows] == ["pending", "pending", "sent"]
    assert [r.attempts for r in rows] == [0, 0, 3]
    assert db.session.get(Outbound, foreign.id).status == "failed"  # not this ticket's
    resent = (
        db.session.execute(
            select(TicketEvent).where(TicketEvent.action == "resent").order_by(TicketEvent.id)
        )
        .scalars()
        .all()
    )
    assert [(e.ticket_id, e.data["was"], e.actor_name) for e in resent] == [
        (item.id, "unknown", "Rina"),
        (item.id, "failed", "Rina"),
    ]
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "pesan dikirim ulang oleh petugas" in page
    link = links.issue(item, factories.officer("Andi", opd=item.opd_code))
    db.session.commit()
    officer_page = client.get(f"/o/{links.token_for(link)}").get_data(as_text=True)
    assert "dikirim ulang" not in officer_page  # the desk's business, not the officer's
    assert "tidak perlu dikirim ulang: sudah terkirim" in page  # the refused clicks said why


def test_an_agent_settles_an_unknown_message_the_citizen_did_receive(client, app):
    item = _ticket()
    row = Outbound(
        ticket_id=item.id,
        channel="sms",
        recipient="+6281234567890",
        text="Halo",
        purpose="ack",
        status="unknown",
        attempts=1,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    login(client, make_user("admin"))
    alert = client.get("/admin/").get_data(as_text=True)
    assert f'href="/tickets/{item.number}"' in alert  # the alert leads to the ticket
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    url = f"/tickets/{item.number}/outbound/{row.id}/settle"
    assert url in page
    token = csrf(page)
    for _ in range(2):  # the second is refused: it was decided already
        client.post(url, data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Outbound, row.id).status == "sent"
    settled = db.session.execute(select(TicketEvent).where(TicketEvent.action == "settled"))
    assert len(settled.scalars().all()) == 1
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert url not in page and "pesan ditandai sudah diterima oleh petugas" in page
    assert "Status pesan ini sudah diputuskan." in page
    assert "tidak pasti terkirim" not in client.get("/admin/").get_data(as_text=True)


def test_the_canned_deadline_is_in_the_language_of_the_canned_text(app):
    """Canned replies are Indonesian; for a citizen who writes English the date came in
    English inside the Indonesian text ("Batas waktu: Thursday, 10 Dec 2026 ...")."""
    from datetime import timedelta

    from aduan import timefmt

    item = _ticket(opd="DSDABM")
    item.contact.locale = "en"
    item.first_responded_at = utcnow()  # the resolution target is the date awaited
    item.resolution_due_at = utcnow() + timedelta(days=5)
    reply = CannedReply(title="Batas", body="Batas waktu: {batas_waktu}", active=True)
    assert (
        canned.render(reply, item) == f"Batas waktu: {timefmt.human(item.resolution_due_at, 'id')}"
    )


def test_a_bulk_action_names_the_tickets_it_went_through(client, app):
    """After the "a" shortcut the message said only "1 laporan diproses.": the agent could
    not tell which ticket they had taken. It names them (five at most, then a count)."""
    few = [_ticket(status="triage", opd=None) for _ in range(2)]
    many = [_ticket(status="triage", opd=None) for _ in range(6)]
    login(client, make_user())
    token = _form(client, "/inbox")
    html = client.post(
        "/inbox/bulk",
        data={"action": "assign", "ticket": [few[0].number], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"1 laporan diproses: {few[0].number}." in html
    html = client.post(
        "/inbox/bulk",
        data={"action": "assign", "ticket": [t.number for t in many], "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    named = ", ".join(t.number for t in many[:5])
    assert f"6 laporan diproses: {named} dan 1 lainnya." in html


def test_a_canned_reply_never_says_a_triage_ticket_went_to_the_media_center(app):
    """ "Sedang ditindaklanjuti" on a ticket in triage (no unit yet, or returned by one)
    told the citizen "Laporan ... sudah kami teruskan ke Media Center": the citizen is
    writing to the Media Center, and nothing was forwarded. With no unit, the sentence
    naming it is left out, as one quoting a deadline that does not run."""
    item = _ticket(opd=None, status="triage")
    body = "Terima kasih, {nama}. Laporan {nomor} sudah kami teruskan ke {unit}. Salam."
    text = canned.render(CannedReply(title="Unit", body=body, active=True), item)
    assert "Media Center" not in text and "teruskan" not in text
    assert text.startswith("Terima kasih, ") and text.endswith("Salam.")
