"""Personal data (UU 27/2022): closed tickets past the retention period keep their facts
and lose what identifies a person; a citizen can get everything held about them and have
it erased; every reveal in the inbox is logged."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from aduan.extensions import db
from tests.factories import png
from tests.inbox.helpers import csrf, login, make_user
from tests.ticketing.helpers import Citizen
from ticketing import personal_data, retention, storage
from ticketing.models import (
    Attachment,
    Contact,
    Identity,
    InboundEvent,
    Message,
    Outbound,
    PrivacyLog,
    Ticket,
    TicketEvent,
    utcnow,
)

PNG = png((40, 40), 3)


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain, name="Siti Aminah")


def _report(citizen, text: str) -> Ticket:
    citizen.says(text)
    citizen.says(photo=PNG)
    return db.session.execute(select(Ticket).order_by(Ticket.id.desc())).scalars().first()


def _close(ticket: Ticket, days_ago: int) -> None:
    then = utcnow() - timedelta(days=days_ago)
    ticket.status, ticket.closed_at = "closed", then
    db.session.execute(
        Identity.__table__.update()
        .where(Identity.contact_id == ticket.contact_id)
        .values(last_inbound_at=then)
    )
    db.session.commit()


def test_retention_keeps_facts_and_forgets_the_person(app, citizen, fake_telegram, tg_post, drain):
    old = _report(citizen, "Jalan berlubang di depan rumah saya Jl. Kenjeran No. 45, 081234567890")
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert photo.status == "stored"
    _close(old, days_ago=400)
    recent = _report(Citizen(fake_telegram, tg_post, drain), "Lampu PJU mati di Jl. Darmo")
    _close(recent, days_ago=10)
    facts = (old.number, old.kind, old.opd_code, old.channel, old.created_at, old.closed_at)

    counts = retention.sweep(utcnow())
    db.session.expire_all()

    assert counts.tickets == 1 and counts.contacts == 1 and counts.files == 1
    old = db.session.get(Ticket, old.id)
    assert (old.number, old.kind, old.opd_code, old.channel, old.created_at, old.closed_at) == facts
    assert old.redacted_at is not None and old.summary == "" and old.address is None
    assert all(m.text == "" and m.meta == {} for m in old.messages)
    with pytest.raises(storage.NotFound):
        storage.open_media(photo.storage_path or "2026/none.png")
    assert db.session.get(Attachment, photo.id).status == "deleted"
    raw = db.session.execute(select(InboundEvent.payload).join(Message)).scalars().all()
    assert "Kenjeran" not in "".join(raw)
    sent = db.session.execute(select(Outbound).where(Outbound.ticket_id == old.id)).scalars()
    assert {(o.text, o.recipient) for o in sent} == {(retention.REDACTED, retention.REDACTED)}
    person = db.session.get(Contact, old.contact_id)
    assert person.name is None and person.phone is None and person.erased_at is not None
    assert old.identity.address == f"erased-{old.identity_id}"
    assert old.identity.display_name is None
    actions = [e.action for e in db.session.get(Ticket, old.id).events]
    assert "personal_data_redacted" in actions
    (run,) = db.session.execute(select(PrivacyLog)).scalars()
    assert run.action == "retention" and run.data["tickets"] == 1
    # The recent ticket is untouched, and a second run finds nothing more.
    assert db.session.get(Ticket, recent.id).redacted_at is None
    assert "Darmo" in db.session.get(Ticket, recent.id).summary
    assert retention.sweep(utcnow()).tickets == 0


def test_the_clock_runs_retention_once_an_hour(app, citizen):
    _close(_report(citizen, "Sampah menumpuk di TPS Keputran"), days_ago=400)
    now = utcnow()
    assert retention.run_if_due(now) == 1
    assert retention.run_if_due(now + timedelta(minutes=5)) == 0  # same hour: claimed


def test_export_holds_everything_and_is_logged(app, citizen):
    ticket = _report(citizen, "Saluran mampet di Jl. Dharmahusada, hubungi 081234567890")
    contact = db.session.get(Contact, ticket.contact_id)
    data = personal_data.export(contact)
    assert data["contact"]["name"] == "Siti Aminah"
    assert data["identities"][0]["address"] == str(citizen.chat_id)
    assert data["tickets"][0]["number"] == ticket.number
    texts = [m["text"] for m in data["messages"]]
    assert any("Dharmahusada" in t for t in texts)
    assert any(f["mime_type"] == "image/png" for m in data["messages"] for f in m["files"])
    assert any(ticket.number in o["text"] for o in data["sent_to_citizen"])
    json.dumps(data)  # JSON-ready


def test_erasure_waits_for_open_tickets_then_keeps_only_that_it_happened(app, citizen):
    ticket = _report(citizen, "Pohon tumbang di Jl. Diponegoro menutup jalan")
    contact = db.session.get(Contact, ticket.contact_id)
    admin = {"actor_kind": "admin", "actor_id": None, "actor_name": "Admin Uji"}
    with pytest.raises(retention.ErasureRefused, match=ticket.number):
        retention.erase_contact(contact, utcnow(), admin)
    db.session.rollback()
    for item in db.session.execute(select(Ticket)).scalars():
        item.status, item.closed_at = "closed", utcnow()
    db.session.commit()
    counts = retention.erase_contact(contact, utcnow(), admin)
    assert counts.tickets >= 1 and counts.contacts == 1
    db.session.expire_all()
    left = json.dumps(personal_data.export(db.session.get(Contact, contact.id)))
    assert "Siti" not in left and "Diponegoro" not in left and str(citizen.chat_id) not in left
    (entry,) = db.session.execute(select(PrivacyLog).where(PrivacyLog.action == "erase")).scalars()
    assert entry.contact_id == contact.id and entry.actor_name == "Admin Uji"
    assert "Siti" not in json.dumps(entry.data) + entry.note
    notes = db.session.execute(select(TicketEvent.note)).scalars().all()
    assert not any("Diponegoro" in n for n in notes)


def test_reveal_on_the_ticket_page_is_masked_until_clicked_and_logged(app, client, citizen):
    ticket = _report(citizen, "Jalan rusak parah di Jl. Rungkut Madya")
    agent = make_user()
    login(client, agent)
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    address = str(citizen.chat_id)
    assert address not in page and personal_data.mask(address) in page
    field = f"identity:{ticket.identity_id}"
    answer = client.post(
        f"/reveal/contact/{ticket.contact_id}/{field}?ticket={ticket.number}",
        data={"csrf_token": csrf(page)},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200 and address in answer.get_data(as_text=True)
    (entry,) = db.session.execute(select(PrivacyLog)).scalars()
    assert (entry.action, entry.field, entry.actor_id) == ("reveal", field, agent.id)
    assert entry.ticket_id == ticket.id and address not in entry.note
    actions = [e.action for e in db.session.get(Ticket, ticket.id).events]
    assert "personal_data_revealed" in actions
    other = client.post(
        f"/reveal/contact/{ticket.contact_id}/identity:999999", data={"csrf_token": csrf(page)}
    )
    assert other.status_code == 404


def test_the_cli_exports_and_erases(app, citizen, monkeypatch, tmp_path):
    ticket = _report(citizen, "Got mampet di Jl. Ngagel Jaya")
    for item in db.session.execute(select(Ticket)).scalars():
        item.status, item.closed_at = "closed", utcnow()
    db.session.commit()
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("SECRET_KEY", app.config["SECRET_KEY"])
    monkeypatch.setenv("MEDIA_DIR", app.config["MEDIA_DIR"])
    monkeypatch.setattr("aduan.create_app", lambda *a, **k: app)
    from aduan.cli import main

    runner = CliRunner()
    out = tmp_path / "export.json"
    media = tmp_path / "media"
    result = runner.invoke(
        main,
        [
            "contacts",
            "export",
            str(ticket.contact_id),
            "--out",
            str(out),
            "--media-dir",
            str(media),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Ngagel" in out.read_text() and len(list(media.iterdir())) == 1
    result = runner.invoke(
        main, ["contacts", "erase", str(ticket.contact_id), "--yes", "--by", "ppid"]
    )
    assert result.exit_code == 0, result.output
    assert f"contact #{ticket.contact_id} erased" in result.output
    actions = db.session.execute(select(PrivacyLog.action).order_by(PrivacyLog.id)).scalars()
    assert list(actions) == ["export", "erase"]
    again = runner.invoke(main, ["contacts", "erase", str(ticket.contact_id), "--yes"])
    assert again.exit_code == 1 and "sudah dihapus" in again.output
