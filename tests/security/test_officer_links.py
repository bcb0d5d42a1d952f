"""Officer links as an attacker (or a former officer) would try them: a link works only
while its ticket is with the link's OPD and the officer still belongs to it. After a
re-route, a transfer, a "bukan kewenangan kami" or a change of kind the old link shows a
clear page, reveals no phone number and changes nothing; the new OPD gets links of its own.
Also: tampering, re-signing with another key, expiry, revocation, IDOR on tickets and media."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions, directory, escalations, kind_change, links
from ticketing.models import Attachment, OfficerLink, Opd, Outbound, TicketEvent, utcnow

PHONE = "+6281234567890"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
AGENT = actions.Actor("agent", None, "Agen")


@pytest.fixture
def routed(app):
    """A DSDABM ticket with a photo; DSDABM's officer Andi holds a link, DLH has Citra."""
    andi = factories.officer("Andi", opd="DSDABM")
    citra = factories.officer("Citra", opd="DLH")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.phone = PHONE
    clocks.start(ticket, utcnow())
    actions.route(ticket, AGENT, "DSDABM")
    db.session.commit()
    token = link_tokens("officer_notify")[andi.id]
    return ticket, andi, citra, token


def fields(client, token) -> dict[str, str]:
    return form_fields(client.get(f"/o/{token}").get_data(as_text=True))


def post(client, token, action, data, **more):
    return client.post(f"/o/{token}/{action}", data={**data, **more})


def events(ticket) -> list[str]:
    stmt = select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
    return list(db.session.execute(stmt).scalars())


def assert_refused(client, token, data, ticket, status_before):
    """The link gets the 'moved' page, no phone, no action, no media."""
    page = client.get(f"/o/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "tidak lagi ditangani unit Anda" in html
    assert ticket.number not in html and "****" not in html and "<form" not in html
    revealed = post(client, token, "reveal", data)
    assert revealed.status_code == 410 and PHONE not in revealed.get_data(as_text=True)
    for action, extra in (
        ("accept", {}),
        ("resolve", {"note": "beres"}),
        ("progress", {"text": "dikerjakan"}),
        ("reject", {"reason": "bukan kami"}),
    ):
        data = {**data, "action_key": f"{action}-key-0123456789"}
        assert post(client, token, action, data, **extra).status_code == 410
    db.session.refresh(ticket)
    assert ticket.status == status_before
    assert "phone_revealed" not in events(ticket)
    for item in db.session.execute(select(Attachment)).scalars():
        assert client.get(f"/o/{token}/media/{item.id}").status_code == 410


def new_link(officer) -> str:
    return link_tokens("officer_notify")[officer.id]


def test_an_agents_reroute_ends_the_old_opds_link(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    actions.route(ticket, AGENT, "DLH")
    db.session.commit()
    assert_refused(client, token, data, ticket, "routed")
    fresh = client.get(f"/o/{new_link(citra)}")
    assert fresh.status_code == 200 and ticket.number in fresh.get_data(as_text=True)


def test_a_transfer_ends_the_transferring_officers_link(client, routed):
    ticket, andi, citra, token = routed
    db.session.get(Opd, "DSDABM").transfer_allowed = True
    db.session.commit()
    try:
        data = fields(client, token)
        moved = post(client, token, "transfer", data, opd="DLH", reason="saluran taman")
        assert moved.status_code == 302
        db.session.refresh(ticket)
        assert ticket.opd_code == "DLH"
        assert_refused(client, token, fields_of_moved(data), ticket, "routed")
        assert client.get(f"/o/{new_link(citra)}").status_code == 200
    finally:
        db.session.get(Opd, "DSDABM").transfer_allowed = False
        db.session.commit()


def fields_of_moved(data: dict[str, str]) -> dict[str, str]:
    return {**data, "action_key": "another-key-0123456789"}


def test_not_ours_ends_the_link_at_once(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    back = post(client, token, "reject", data, reason="Ini jalan provinsi")
    assert back.status_code == 302
    follow = client.get(back.headers["Location"])
    assert follow.status_code == 410
    assert "dikembalikan ke Media Center" in follow.get_data(as_text=True)
    assert_refused(client, token, fields_of_moved(data), ticket, "triage")


def test_a_change_of_kind_ends_the_link(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    kind_change.change_kind(ticket, AGENT, "info_request")
    db.session.commit()
    assert ticket.opd_code == "PPID"
    assert_refused(client, token, data, ticket, "routed")


def test_a_link_stays_dead_when_the_ticket_comes_back(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    actions.route(ticket, AGENT, "DLH")
    actions.route(ticket, AGENT, "DSDABM")
    db.session.commit()
    page = client.get(f"/o/{token}")
    assert page.status_code == 410 and ticket.number not in page.get_data(as_text=True)
    assert post(client, token, "accept", data).status_code == 410
    fresh = link_tokens("officer_notify")[andi.id]  # the latest notice carries a new link
    assert fresh != token and client.get(f"/o/{fresh}").status_code == 200


def test_an_officer_who_left_the_opd_or_was_deactivated_is_refused(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    andi.opd_code = "DLH"
    db.session.commit()
    assert_refused(client, token, data, ticket, "routed")
    andi.opd_code, andi.active = "DSDABM", False
    db.session.commit()
    page = client.get(f"/o/{token}")
    assert page.status_code == 410 and ticket.number not in page.get_data(as_text=True)
    assert post(client, token, "reveal", data).status_code == 410


def test_a_moved_link_cannot_ask_for_a_fresh_one(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    for item in db.session.execute(select(OfficerLink)).scalars():
        item.expires_at = utcnow() - timedelta(minutes=1)
    actions.route(ticket, AGENT, "DLH")
    db.session.commit()
    assert client.post(f"/o/{token}/refresh", data=data).status_code == 200
    fresh = select(Outbound).where(Outbound.purpose == "fresh_link")
    assert db.session.execute(fresh).first() is None


def test_the_112_desks_link_follows_the_ticket(client, app):
    """Group members are not bound to an OPD: the desk sees an emergency wherever it goes."""
    desk = factories.officer("Dewi", group="DESK112", opd="BPBD")  # a member from BPBD
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    token = link_tokens("emergency_alert")[desk.id]
    actions.route(ticket, AGENT, "DLH")
    db.session.commit()
    assert client.get(f"/o/{token}").status_code == 200


@pytest.mark.parametrize("kind", ["complaint", "info_request"])
def test_the_112_desks_link_ends_when_the_ticket_is_no_emergency(client, app, kind):
    """The desk acts on emergencies: an emergency an agent corrected into a complaint or
    an information request kept the desk's link alive, and the desk could reveal the
    citizen's number and resolve another unit's report (or a PPID request). Should it
    become an emergency again, the desk (alerted once per ticket) reaches it again."""
    desk = factories.officer("Dewi", group="DESK112", opd="BPBD")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.phone = PHONE
    clocks.start(ticket, utcnow())
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    token = link_tokens("emergency_alert")[desk.id]
    data = fields(client, token)
    kind_change.change_kind(ticket, AGENT, kind)
    if kind == "complaint":
        actions.route(ticket, AGENT, "DSDABM")
    db.session.commit()
    assert_refused(client, token, data, ticket, ticket.status)
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    assert client.get(f"/o/{token}").status_code == 200


@pytest.mark.parametrize(
    "forge",
    [
        lambda link: URLSafeSerializer("another-key", salt=links.SALT).dumps(
            {"l": link.id, "n": link.nonce}
        ),
        lambda link: URLSafeSerializer(db_secret(), salt="other-salt").dumps(
            {"l": link.id, "n": link.nonce}
        ),
        lambda link: URLSafeSerializer(db_secret(), salt=links.SALT).dumps(
            {"l": link.id, "n": "guessed-nonce"}
        ),
        lambda link: URLSafeSerializer(db_secret(), salt=links.SALT).dumps([link.id]),
        lambda link: URLSafeSerializer(db_secret(), salt=links.SALT).dumps({"l": "1 OR 1=1"}),
        lambda link: URLSafeSerializer(db_secret(), salt=links.SALT).dumps({"l": 2**70}),
    ],
)
def test_forged_and_tampered_tokens_are_404(client, routed, forge):
    ticket, andi, citra, token = routed
    link = db.session.execute(select(OfficerLink)).scalars().first()
    forged = forge(link)
    page = client.get(f"/o/{forged}")
    assert page.status_code == 404 and "Tautan tidak valid" in page.get_data(as_text=True)
    data = {**fields(client, token), "action_key": "forged-key-0123456789"}
    assert client.post(f"/o/{forged}/resolve", data={**data, "note": "x"}).status_code == 404
    db.session.refresh(ticket)
    assert ticket.status == "routed"


def db_secret() -> str:
    from flask import current_app

    return current_app.config["SECRET_KEY"]


def test_expired_and_revoked_links_reveal_nothing(client, routed):
    ticket, andi, citra, token = routed
    data = fields(client, token)
    link = db.session.execute(select(OfficerLink)).scalars().first()
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert post(client, token, "reveal", data).status_code == 410
    link.expires_at, link.revoked_at = utcnow() + timedelta(days=1), utcnow()
    db.session.commit()
    response = post(client, token, "reveal", data)
    assert response.status_code == 410 and PHONE not in response.get_data(as_text=True)
    assert "phone_revealed" not in events(ticket)


def test_a_link_reaches_neither_another_tickets_page_nor_its_media(client, routed):
    ticket, andi, citra, token = routed
    other = factories.ticket(created=utcnow(), status="triage", opd=None)
    actions.route(other, AGENT, "DLH")
    db.session.commit()
    other_token = new_link(citra)
    data = fields(client, other_token)
    client.post(
        f"/o/{other_token}/progress",
        content_type="multipart/form-data",
        data={**data, "text": "foto", "photos": (io.BytesIO(PNG), "a.png")},
    )
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert client.get(f"/o/{other_token}/media/{photo.id}").status_code == 200
    assert client.get(f"/o/{token}/media/{photo.id}").status_code == 404
    for bad in ("0", "-1", str(2**63), "abc"):
        assert client.get(f"/o/{token}/media/{bad}").status_code == 404
    assert other.number not in client.get(f"/o/{token}").get_data(as_text=True)


def test_a_closed_tickets_link_shows_nothing_and_reveals_no_phone(client, routed):
    """A link lived its seven days after the ticket was closed: the conversation and the
    citizen's number stayed one click away. A reopening sends a fresh link."""
    ticket, andi, citra, token = routed
    data = fields(client, token)
    actions.resolve(ticket, AGENT, "beres")
    db.session.commit()
    assert client.get(f"/o/{token}").status_code == 200  # resolved: the citizen may object
    ticket.status = "closed"
    db.session.commit()
    page = client.get(f"/o/{token}")
    assert page.status_code == 410 and ticket.number not in page.get_data(as_text=True)
    revealed = post(client, token, "reveal", data)
    assert revealed.status_code == 410 and PHONE not in revealed.get_data(as_text=True)
    assert "phone_revealed" not in events(ticket)
    assert client.post(f"/o/{token}/refresh", data=data).status_code == 200
    assert not db.session.execute(select(Outbound).where(Outbound.purpose == "fresh_link")).first()


def _edit(officer, **changes) -> None:
    """An admin's edit of the officer in the directory (inbox/admin.py's form values)."""
    values = {
        "name": officer.name,
        "role": officer.role,
        "channel": officer.channel,
        "address": officer.address,
        "active": officer.active,
        "opd_code": officer.opd_code,
        "group_code": officer.group_code,
        **changes,
    }
    directory.save_officer(officer, values, None)
    db.session.commit()


def test_leaving_the_112_desk_ends_its_links(client, app):
    """A group member's link follows the ticket, so it was never bound to an OPD: moved
    out of DESK112, Dewi still opened every emergency she had been alerted to."""
    desk = factories.officer("Dewi", group="DESK112", opd="BPBD")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    token = link_tokens("emergency_alert")[desk.id]
    _edit(desk, group_code=None)
    assert client.get(f"/o/{token}").status_code == 410


@pytest.mark.parametrize(
    "changes",
    [
        {"address": "777000111"},  # another chat: the old device keeps the old messages
        {"channel": "sms", "address": "+6281299990000"},
        {"opd_code": "DLH"},  # and back again later: the old links must stay dead
    ],
)
def test_a_new_address_or_unit_for_an_officer_ends_the_old_links(client, routed, changes):
    ticket, andi, citra, token = routed
    _edit(andi, **changes)
    _edit(andi, opd_code="DSDABM")
    assert client.get(f"/o/{token}").status_code == 410


def test_renaming_an_officer_keeps_the_links(client, routed):
    ticket, andi, citra, token = routed
    _edit(andi, name="Andi Wijaya")
    assert client.get(f"/o/{token}").status_code == 200


def test_the_officer_who_answered_cannot_answer_the_objection_to_his_answer(client):
    # UU 14/2008 Pasal 35-36: the PPID's superior answers a keberatan. The officer whose
    # answer is objected to kept his link to the request: once the objection reopened
    # it, his week-old link resolved the objection himself ("Atasan PPID menguatkan").
    from channels.base import InboundMessage
    from ticketing.ingest import ingest

    rina = factories.officer("Rina", opd="PPID")
    head = factories.officer("Kepala PPID", opd="PPID", role="head")
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    ticket.registration_number = "PPID-2026-00077"
    clocks.start(ticket, utcnow())
    actions.route(ticket, AGENT, "PPID")
    db.session.commit()
    token = link_tokens("officer_notify")[rina.id]
    data = fields(client, token)
    taken = {**data, "action_key": "accept-key-0123456789"}
    assert post(client, token, "accept", taken).status_code == 302
    answered = {**data, "action_key": "answer-key-0123456789", "note": "Dokumen terlampir"}
    assert post(client, token, "resolve", answered).status_code == 302
    said = InboundMessage(
        ticket.channel, "keberatan-1", ticket.identity.address, utcnow(), "saya keberatan"
    )
    assert ingest(said).outcome == "objection"
    db.session.commit()
    page = client.get(f"/o/{token}")
    assert page.status_code == 410 and "<form" not in page.get_data(as_text=True)
    again = {**data, "action_key": "objection-key-0123456789", "note": "Jawaban sudah benar"}
    assert post(client, token, "resolve", again).status_code == 410
    db.session.refresh(ticket)
    assert ticket.status == "in_progress"
    assert clocks.get(ticket, "objection").status == "running"
    superior = link_tokens("objection")[head.id]  # the head's own link works
    assert client.get(f"/o/{superior}").status_code == 200
    # nor does the objection clock's first reminder hand him a fresh link
    due = clocks.get(ticket, "objection").due_at
    escalations.sweep(due - (due - utcnow()) / 3)
    db.session.commit()
    reminded = link_tokens("sla_remind_officer")
    assert rina.id not in reminded and head.id in reminded
