"""What agents see is true: each wrong display the issue found, shown right."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from flask_babel import refresh
from sqlalchemy import select

from aduan import timefmt
from aduan.cli import main
from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from sla.calendars import forget
from sla.models import CalendarOverride
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions, outbox, ppid, status
from ticketing.ingest import ingest
from ticketing.models import Opd, Outbound, User, utcnow

WIB = ZoneInfo("Asia/Jakarta")
CLEAR = "Jalan di depan SDN Ketabang 1 berlubang besar, sudah 2 motor jatuh pak"


def _agent() -> tuple[User, actions.Actor]:
    user = make_user()
    return user, actions.Actor.agent(user)


def _answer(ticket, text: str, external_id: str) -> None:
    ingest(
        InboundMessage(
            channel=ticket.channel,
            external_id=external_id,
            sender_id=ticket.identity.address,
            sent_at=utcnow(),
            text=text,
        )
    )
    db.session.commit()


def test_a_triage_ticket_answered_after_a_question_is_classified_again(app):
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None, summary="tolong pak")
    clocks.start(ticket, ticket.created_at)
    _, actor = _agent()
    actions.ask_citizen(ticket, actor, "Masalahnya apa dan di mana, Pak?")
    db.session.commit()
    _answer(ticket, CLEAR, "answer-1")
    assert ticket.status == "routed" and ticket.opd_code == "DSDABM"  # not "in progress", no OPD


def test_an_answer_brings_a_routed_ticket_back_to_routed(app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DLH")
    clocks.start(ticket, ticket.created_at)
    _, actor = _agent()
    actions.ask_citizen(ticket, actor, "Mohon kirim fotonya")
    db.session.commit()
    _answer(ticket, "Ini fotonya pak, sampahnya di ujung gang", "answer-2")
    assert ticket.status == "routed" and ticket.opd_code == "DLH"


def test_the_timeline_shows_the_template_the_citizen_got_not_the_agents_text(client, app, drain):
    ticket = factories.ticket(created=utcnow(), channel="whatsapp_cloud")
    ticket.identity.last_inbound_at = utcnow() - timedelta(days=3)  # the window is closed
    clocks.start(ticket, ticket.created_at)
    db.session.commit()
    user = make_user()
    login(client, user)
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    reply = "Petugas DSDABM akan menambal jalan hari Kamis, mohon bersabar ya Bu."
    client.post(f"/tickets/{ticket.number}/reply", data={"text": reply, "csrf_token": csrf(page)})
    drain()
    db.session.expire_all()
    row = db.session.execute(select(Outbound)).scalar_one()
    assert row.template  # what the outbox sent
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Warga menerima template WhatsApp" in html
    assert row.template not in html  # its id ("HX…" on Twilio) is no word for an agent
    assert f"{ticket.number} · " in html  # what the template carried
    timeline = html.split('class="timeline"')[1].split("</section>")[0]
    shown = timeline.split("<details>")[0]
    assert reply not in shown  # only inside "not sent" details


def test_no_countdown_while_every_clock_waits_or_after_the_ticket_is_closed(client, app):
    waiting = factories.ticket(created=utcnow(), status="routed")
    clocks.start(waiting, waiting.created_at)
    _, actor = _agent()
    actions.ask_citizen(waiting, actor, "Mohon titik lokasinya")
    closed = factories.ticket(created=utcnow(), status="routed")
    clocks.start(closed, closed.created_at)
    actions.resolve(closed, actor, "Sudah ditambal")
    db.session.commit()
    login(client, make_user("agent", email="dua@example.org"))
    for item, words in ((waiting, "berhenti (menunggu warga)"), (closed, "selesai")):
        html = client.get(f"/tickets/{item.number}").get_data(as_text=True)
        due = html.split("data-due>")[1].split("</dd>")[0]
        assert words in due and "sisa" not in due and "lewat" not in due
    listed = client.get("/inbox?view=waiting").get_data(as_text=True)
    row = listed.split(f'data-number="{waiting.number}"')[1].split("</tr>")[0]
    assert "berhenti" in row and "sisa" not in row


def _answered():
    """A routed ticket its OPD has answered (the officer accepted: first response met; an
    agent's reply would not meet the OPD's clock, ticketing/actions.py:reply)."""
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    clocks.start(ticket, ticket.created_at)
    officer = factories.officer("Petugas DSDABM", opd="DSDABM")
    actions.accept(ticket, actions.Actor.officer(officer, None))
    return ticket


def _due_shown(client, ticket, email: str) -> tuple[str, str]:
    """Logs a new agent in; returns the ticket page and its deadline field."""
    login(client, make_user("agent", email=email))
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    return html, html.split("data-due>")[1].split("</dd>")[0]


def test_once_answered_the_deadline_shown_is_the_resolution_not_the_met_promise(client, app):
    ticket = _answered()
    db.session.commit()
    assert ticket.first_responded_at is not None and ticket.resolution_due_at is not None
    assert ticket.resolution_due_at > ticket.first_response_due_at
    html, due = _due_shown(client, ticket, "tiga@example.org")
    assert "Ditanggapi" in html and "Target selesai" in html and "Batas tanggapan" not in html
    assert timefmt.human(ticket.resolution_due_at) in due
    listed = client.get("/inbox?view=open").get_data(as_text=True)
    row = listed.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    shown = ticket.resolution_due_at.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%d/%m %H:%M")
    assert "ditanggapi, sisa" in row and shown in row
    line = status.line(ticket)
    assert "target selesai" in line and "Batas tanggapan" not in line


def test_a_resolved_ticket_does_not_read_target_selesai_selesai(client, app):
    ticket = _answered()
    ticket.status = "resolved"
    db.session.commit()
    html, due = _due_shown(client, ticket, "lima@example.org")
    label = html.split("data-due>")[0].rsplit("<dt>", 1)[1]
    assert label.startswith("Batas waktu") and due.strip() == "selesai"


def test_an_answered_ticket_without_a_resolution_clock_shows_no_stale_deadline(client, app):
    ticket = _answered()
    ticket.resolution_due_at = None  # e.g. an emergency once acknowledged
    db.session.commit()
    assert ticket.awaited_due is None
    _, due = _due_shown(client, ticket, "empat@example.org")
    assert due.strip() == "-"
    assert "target selesai" not in status.line(ticket) and "Batas" not in status.line(ticket)
    listed = client.get("/inbox?view=open").get_data(as_text=True)
    row = listed.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    assert "sudah ditanggapi" in row and "sisa" not in row and "overdue" not in row


def test_the_urgent_sort_follows_the_deadline_the_citizen_waits_on(client, app):
    """An answered ticket waits on its resolution (days away), not on its met first
    response: it sorts after a newer ticket still waiting for its first answer."""
    answered = _answered()
    answered.created_at -= timedelta(hours=2)  # the older one
    db.session.commit()
    waiting = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    clocks.start(waiting, waiting.created_at)
    done = _answered()
    done.resolution_due_at = None  # nothing left to wait on: last of all
    db.session.commit()
    assert answered.queue_due_at == answered.resolution_due_at
    assert waiting.queue_due_at == waiting.first_response_due_at
    login(client, make_user("agent", email="lima@example.org"))
    listed = client.get("/inbox?view=open").get_data(as_text=True)
    order = [listed.index(f'data-number="{t.number}"') for t in (waiting, answered, done)]
    assert order == sorted(order)
    assert "overdue" not in listed.split(f'data-number="{answered.number}"')[1].split("</tr>")[0]


def test_when_an_agent_resolves_the_citizen_is_not_told_an_opd_did(app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    clocks.start(ticket, ticket.created_at)
    _, actor = _agent()
    actions.resolve(ticket, actor, "Sudah kami cek, jalan sudah ditambal")
    db.session.commit()
    row = db.session.execute(select(Outbound)).scalar_one()
    assert "oleh Media Center Surabaya" in row.text and "Bina Marga" not in row.text


def _ppid(received: datetime):
    ticket = factories.ticket(created=received, kind="info_request", opd="PPID", status="routed")
    clocks.start(ticket, received)
    db.session.commit()
    return ticket, clocks.get(ticket, "ppid")


def test_a_20_second_pause_keeps_a_working_day_deadline_at_23_59(app):
    received = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
    ticket, clock = _ppid(received)
    due = clock.due_at
    assert due.astimezone(WIB).strftime("%H:%M:%S") == "23:59:59"
    asked = datetime(2026, 11, 5, 10, 0, tzinfo=WIB)
    clocks.pause(ticket, asked)
    clocks.resume(ticket, asked + timedelta(seconds=20))
    assert clock.due_at == due  # not 00:00:19 of the next working day
    clocks.pause(ticket, datetime(2026, 11, 10, 10, 0, tzinfo=WIB))
    clocks.resume(ticket, datetime(2026, 11, 11, 22, 0, tzinfo=WIB))  # 1.5 working days
    assert clock.due_at.astimezone(WIB) == datetime(2026, 11, 17, 23, 59, 59, tzinfo=WIB)


def test_a_ppid_extension_after_a_closure_agrees_with_aduan_sla_due(app):
    received = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
    ticket, clock = _ppid(received)
    told = clock.due_at
    db.session.add(CalendarOverride(day=date(2026, 11, 11), kind="closed", reason="banjir"))
    db.session.commit()
    forget()
    try:
        extended = datetime(2026, 11, 10, 9, 0, tzinfo=WIB)  # before the first deadline
        ppid.extend(ticket, _agent()[1], "Dokumen ada di arsip kelurahan", extended)
        db.session.commit()
    finally:
        forget()
    cli = CliRunner().invoke(
        main, ["sla", "due", "--policy", "ppid_extension", "--start", told.isoformat()]
    )
    assert cli.exit_code == 0, cli.output
    assert clock.due_at == datetime.fromisoformat(cli.output.strip())


def test_the_contact_page_does_not_list_officer_messages_as_the_citizens(client, app):
    ticket = factories.ticket(created=utcnow())
    officer = factories.officer("Dewi", opd="DSDABM")
    outbox.to_officer(
        officer, "Eskalasi: laporan hampir lewat batas", ticket=ticket, purpose="sla_remind"
    )
    outbox.to_identity(
        ticket.identity, "Laporan Anda sudah kami terima", ticket=ticket, purpose="ack"
    )
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    assert "Laporan Anda sudah kami terima" in html
    assert "Eskalasi" not in html
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Ke petugas Dewi" in page  # the ticket's timeline says which officer got it


def test_the_route_menu_starts_on_the_top_suggestion(client, app):
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    ticket.suggestions = [["DLH", 0.61], ["DSDABM", 0.22]]
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    route = html.split('id="route-form"')[1].split("</form>")[0]
    assert '<option value="DLH" selected>' in route
    assert "selected" not in route.split('value="DLH"')[0]


def test_staff_screens_show_words_not_codes(client, app):
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    ticket.routing_reason = "model: 'sampah', 'angkut' (0.87); hint DLH:'sampah'"
    clocks.start(ticket, ticket.created_at)
    user, actor = _agent()
    actions.route(ticket, actor, "DLH")
    actions.ask_citizen(ticket, actor, "Di gang berapa?")
    db.session.commit()
    login(client, user)
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    for code in ("<b>routed</b>", "<b>clock_paused</b>", "<b>asked_citizen</b>", "model: '"):
        assert code not in html
    assert "diteruskan ke unit" in html and "jam SLA berhenti" in html
    assert "(model 87%)" in html and "Saran sistem" in html  # the agent routed it
    assert html.count("keyakinan") <= 1  # the model's and the decision's are told apart
    assert "jam (hari kerja)" in html  # the policy in words, not "24 hours (working)"
    missing = client.get("/tickets/MC-2026-999999")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.get_data(True)
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get("/tickets/MC-2026-999999").get_data(as_text=True)
    assert "Page not found" in english
    assert "forwarded to a unit" in client.get(f"/tickets/{ticket.number}").get_data(True)


def test_admin_screens_speak_indonesian_not_developer_words(client, app):
    """The channel health page's failed deliveries and the SLA page's calendar say what
    they are in Indonesian ("Kesalahan", not "Error"; no Python package named)."""
    login(client, make_user("admin"))
    channels = client.get("/admin/channels/").get_data(as_text=True)
    assert "Kiriman masuk yang gagal diproses" in channels and "Kesalahan" in channels
    assert "Event" not in channels and ">Error<" not in channels
    sla_page = client.get("/admin/sla/").get_data(as_text=True)
    assert "kalender resmi pemerintah" in sla_page and "paket holidays" not in sla_page


def test_the_outside_unit_is_named_in_words_not_by_its_code(client, app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="EXTERNAL")
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox?view=open").get_data(as_text=True)
    row = html.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    assert "Luar kewenangan" in row and "EXTERNAL" not in row.replace('"EXTERNAL"', "")
    assert '<option value="EXTERNAL">Luar kewenangan</option>' in html


def test_unit_filter_names_kecamatan_and_kelurahan(client, app):
    """An OPD is known by its code; a kecamatan or kelurahan by its name, never by its
    Kemendagri number alone."""
    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    assert f'<option value="{unit.code}">{unit.name}</option>' in html
    assert '<option value="DLH">DLH</option>' in html
    chosen = client.get("/inbox?opd=DLH&channel=sms").get_data(as_text=True)
    assert '<option value="DLH" selected>DLH</option>' in chosen  # not 'DLH&#34; selected&gt;'
    assert '<option value="sms" selected>SMS</option>' in chosen
    assert html.index('value="DLH"') < html.index(f'value="{unit.code}"')  # OPDs first


def test_map_unit_filter_names_units_like_the_inbox(client, app):
    """The map's unit menu read "EXTERNAL" and "KEC-357801": the same words as the inbox."""
    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    login(client, make_user())
    html = client.get(f"/inbox/map?opd={unit.code}").get_data(as_text=True)
    assert f'<option value="{unit.code}" selected>{unit.name}</option>' in html
    assert '<option value="EXTERNAL">Luar kewenangan</option>' in html
    assert ">EXTERNAL<" not in html and f">{unit.code}<" not in html


def test_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"


def test_every_part_of_a_routing_reason_is_in_words(app):
    from inbox.reasons import reason

    stored = [
        "rule: emergency keyword 'pohon tumbang menutup' (fallen_tree, no present-tense cue);"
        " model 0.63",
        "rule: emergency keyword 'anak hilang' (missing_person, cue 'sekarang'); model 1.00",
        "model sees an emergency (0.77) without a present-tense cue; model: 'got*' (0.91);"
        " hint DSDABM:'got', agent to check",
        "rule: info request 'salinan'; model says complaint (0.95), contested",
        "form: the citizen chose saluran-mampet",
        "no words to read",
    ]
    with app.test_request_context():
        said = [reason(r) for r in stored]
    english = ("rule:", "keyword", "cue", "model says", "model sees", "agent to check",
               "contested", "form:", "fallen_tree", "missing_person", "no words")  # fmt: skip
    for text in said:
        assert not [w for w in english if w in text], text
    assert "pohon tumbang" in said[0] and "orang hilang" in said[1]
    assert "perlu dicek agen" in said[2] and "model menilai Pengaduan (95%)" in said[3]
    assert "petunjuk kata kunci \u201cgot\u201d \u2192 DSDABM" in said[2]  # not "DSDABM:'got'"
    with app.test_request_context():
        two = reason("model: 'x' (0.50); hint DSDABM:'jalan rusak', DLH:'sampah'")
    assert "\u201cjalan rusak\u201d \u2192 DSDABM, \u201csampah\u201d \u2192 DLH" in two
    assert ":'" not in two
    assert "warga memilih \u201cSaluran / got mampet, genangan\u201d" in said[4]  # not the code


def test_the_public_card_says_when_a_ticket_is_not_shown(client, app):
    emergency = factories.ticket(kind="emergency", opd="BPBD", created=utcnow())
    complaint = factories.ticket(opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{emergency.number}").get_data(as_text=True)
    assert "Tidak tampil di halaman publik" in page and "tampil (tanpa data pribadi)" not in page
    page = client.get(f"/tickets/{complaint.number}").get_data(as_text=True)
    assert "tampil (tanpa data pribadi) di /lacak" in page


def test_english_screens_say_what_the_indonesian_words_mean(client, app):
    """One Indonesian word can mean two things ("Masuk": log in / received), and a word
    must not take another's English ("Dibuat" is "Created", not "Emergencies")."""
    ticket = factories.ticket(created=utcnow())
    client.get("/lang/en")
    refresh()
    login_page = client.get("/login").get_data(as_text=True)
    assert "<h1>Log in</h1>" in login_page and "<button>Log in</button>" in login_page
    assert "Received" not in login_page
    login(client, make_user())
    refresh()
    contact = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    assert "<dt>Created</dt>" in contact and "<dt>Emergencies</dt>" not in contact
    client.get("/lang/id")
    refresh()
    client.post("/logout", data={"csrf_token": csrf(client.get("/inbox").get_data(True))})
    assert "<h1>Masuk</h1>" in client.get("/login").get_data(as_text=True)


def test_the_english_catalogue_keeps_distinct_words_apart():
    from babel.messages.pofile import read_po

    with open("inbox/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalogue = read_po(po)
    english = {m.id: m.string for m in catalogue if m.id and not m.context}
    assert english["Dibuat"] == "Created"
    assert english["Kejadian"] == "Events"
    assert english["Persentase dibuka lagi"] == "Reopen rate"
    assert english["Laporan masuk"] == "Reports received"
    assert catalogue.get("Masuk", context="login").string == "Log in"


def test_a_question_without_a_full_stop_does_not_run_into_the_next_sentence(app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="PDAM")
    clocks.start(ticket, ticket.created_at)
    _, actor = _agent()
    actions.ask_citizen(ticket, actor, "Mohon kirim nomor pelanggan PDAM Anda")
    db.session.commit()
    text = db.session.execute(select(Outbound)).scalar_one().text
    assert "Anda Silakan" not in text
    assert text.endswith("Mohon kirim nomor pelanggan PDAM Anda\nSilakan balas pesan ini.")


def test_the_rules_named_in_a_routing_reason_are_in_words(app):
    """Each rule of ticketing/routing/rules.py is named in Indonesian ("Aturan
    permohonan informasi"), never by its English name ("Aturan information request")."""
    import re
    from pathlib import Path

    from inbox.reasons import reason

    source = Path("ticketing/routing/rules.py").read_text()
    rules = set(re.findall(r'RuleMatch\("([\w ]+)"', source))
    assert "information request" in rules
    with app.test_request_context():
        for rule in rules:
            said = reason(f"rule: {rule} 'salinan'")
            assert rule not in said and said.startswith("Aturan "), said
        said = reason("rule: information request 'meminta salinan'")
    assert said == "Aturan permohonan informasi: kata kunci \u201cmeminta salinan\u201d"


def test_the_outside_rules_named_in_a_routing_reason_are_in_words(app):
    """The outside-the-remit rules with a qualifier (a place in a neighbouring regency, a
    hospital the city does not run, an office of the province) are named in Indonesian
    too, not in English."""
    from inbox.reasons import reason
    from ticketing.routing import outside

    with app.test_request_context():
        for rule in (outside.REGENCY_RULE, outside.HOSPITAL_RULE, outside.PROVINCE_RULE):
            said = reason(f"rule: {rule} 'masuk sidoarjo'")
            assert rule not in said and said.startswith("Aturan di luar kewenangan Pemkot ("), said


def test_english_screens_write_dates_in_english(client, app):
    ticket = factories.ticket(created=utcnow())
    ticket.contact.created_at = datetime(2026, 12, 3, 7, 39, tzinfo=UTC)
    db.session.commit()
    login(client, make_user())
    client.get("/lang/en")
    refresh()
    contact = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    assert "<dd>Thursday, 3 Dec 2026 14:39 WIB</dd>" in contact
    client.get("/lang/id")
    refresh()
    contact = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    assert "<dd>Kamis, 3 Des 2026 14:39 WIB</dd>" in contact


def test_the_system_is_named_in_the_readers_language_on_the_timeline(client, app):
    """audit.record stores "Sistem" as the system's name; an English timeline says
    "System", and a named system actor ("retensi") keeps its name."""
    from ticketing.audit import record

    ticket = factories.ticket(created=utcnow(), opd="DSDABM")
    record(ticket, "routed", opd="DSDABM")
    db.session.commit()
    login(client, make_user())
    client.get("/lang/en")
    refresh()
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert " · System · <b>" in page and " · Sistem · " not in page
    client.get("/lang/id")
    refresh()
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert " · Sistem · <b>" in page
    with app.test_request_context():
        from inbox import labels

        assert labels.actor("system", "retensi") == "retensi"
        assert labels.actor("agent", "Sistem") == "Sistem"  # a person may be called so


def test_a_citizen_without_a_name_is_warga_on_the_timeline_not_the_system(client, app):
    """An SMS citizen has no name: "laporan dibuat" and "warga menjawab" were credited
    to "sistem"."""
    from ticketing.audit import record

    ticket = factories.ticket(created=utcnow(), opd="DLH", channel="sms")
    ticket.identity.display_name = None  # the factory's citizen has a name
    record(ticket, "created", actor_kind="citizen", actor_name="")
    record(ticket, "resumed", actor_kind="citizen")
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert " · Warga · <b>laporan dibuat</b>" in page
    assert " · Warga · <b>warga menjawab</b>" in page
    assert " · sistem · " not in page


def test_a_delivered_message_is_not_said_to_be_to_in_english(app):
    """ "sampai" is both the date range's "to" (reports' filter) and the delivery status
    "delivered": the status has its own context, so it never reads "to"."""
    from flask_babel import force_locale

    from inbox import labels

    with app.test_request_context():
        assert str(labels.DELIVERY["delivered"]) == "sampai"
        with force_locale("en"):
            assert str(labels.DELIVERY["delivered"]) != "to"
    with open("Makefile") as makefile:
        assert "-k lazy_pgettext:1c,2" in makefile.read()  # `make messages` collects it


def test_an_emergency_ticket_is_not_called_emergencies(app):
    """ "Darurat" is the inbox tab ("Emergencies") and a ticket's kind (one "Emergency"):
    the kind has its own context, so a row's tag never reads "Emergencies"."""
    from flask_babel import force_locale

    from inbox import labels, views

    with app.test_request_context():
        assert str(labels.KINDS["emergency"]) == "Darurat"
        with force_locale("en"):
            assert str(views.TAB_LABELS["emergency"]) == "Emergencies"
            assert str(labels.KINDS["emergency"]) != "Emergencies"


def test_the_contact_page_lists_the_conversation_in_time_order(client, app):
    """The citizen's messages and the replies interleave, newest first (every incoming
    message came before any outgoing one); a photo without text is "(Foto)", not the
    raw "(photo)"."""
    from ticketing.models import Attachment, Message

    ticket = factories.ticket(created=utcnow() - timedelta(hours=3))
    said = {}
    for hours, text in ((3, "pesan pertama warga"), (1, "")):
        message = Message(
            contact_id=ticket.contact_id,
            identity_id=ticket.identity_id,
            ticket_id=ticket.id,
            channel="telegram",
            external_id=f"m{hours}",
            text=text,
            sent_at=utcnow() - timedelta(hours=hours),
            received_at=utcnow() - timedelta(hours=hours),
        )
        db.session.add(message)
        db.session.flush()
        said[hours] = message
    db.session.add(Attachment(message_id=said[1].id, kind="photo", ref="x", status="stored"))
    reply = outbox.to_identity(
        ticket.identity, "balasan agen di tengah", ticket=ticket, purpose="reply"
    )
    reply.created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    table = html[html.index("Pesan terakhir") :]
    photo, middle, first = (table.index(s) for s in ("(Foto)", "balasan agen", "pesan pertama"))
    assert photo < middle < first
    assert "(photo)" not in html


def test_a_nameless_reporter_is_a_link_that_says_so(client, app):
    """An SMS citizen has no name: the reporter link read "-" (a one-character link);
    it says "Tanpa nama", as the contact page does."""
    ticket = factories.ticket(created=utcnow(), channel="sms")
    ticket.contact.name, ticket.identity.display_name = None, None
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert f'/contacts/{ticket.contact_id}">Tanpa nama</a>' in page


def test_the_last_minute_is_less_than_a_minute_not_zero_minutes(app):
    from inbox.filters import due_in

    now = utcnow()
    with app.test_request_context():
        assert due_in(now + timedelta(seconds=40), now) == "sisa kurang dari 1 menit"
        assert due_in(now + timedelta(minutes=5, seconds=10), now) == "sisa 5 menit"
        assert due_in(now - timedelta(seconds=70), now) == "lewat 2 menit"


def test_every_event_the_desk_records_is_named_in_words():
    # Contact merges and splits, reveals, public/private and retention's redaction were
    # shown on the timeline as their codes ("<b>contact_split</b>").
    from inbox import labels

    for action in (
        "contact_merged",
        "contact_split",
        "personal_data_revealed",
        "phone_revealed",
        "made_private",
        "made_public",
        "personal_data_redacted",
    ):
        assert action in labels.EVENTS, action


def test_who_chose_the_unit_is_said_in_words_not_jargon(app, client):
    login(client, make_user())
    ticket = factories.ticket(created=utcnow())
    ticket.routed_by = "model"
    db.session.commit()
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "(dipilih otomatis oleh sistem)" in page
    assert "(model)" not in page and "(aturan)" not in page


def test_an_emergency_acknowledged_late_is_listed_as_answered_late(client, app):
    """The 112 desk took an emergency after its 5 minutes: the ticket's SLA table said
    "terlambat", its row in the inbox only "sudah ditanggapi"."""
    ticket = _answered()
    ticket.resolution_due_at = None  # as an acknowledged emergency: nothing awaited
    ticket.first_response_due_at = ticket.first_responded_at - timedelta(seconds=15)
    db.session.commit()
    login(client, make_user("agent", email="enam@example.org"))
    listed = client.get("/inbox?view=open").get_data(as_text=True)
    row = listed.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    assert "sudah ditanggapi, terlambat" in row
    ticket.first_response_due_at = ticket.first_responded_at + timedelta(minutes=1)
    db.session.commit()
    listed = client.get("/inbox?view=open").get_data(as_text=True)
    row = listed.split(f'data-number="{ticket.number}"')[1].split("</tr>")[0]
    assert "sudah ditanggapi<" in row and "terlambat" not in row
