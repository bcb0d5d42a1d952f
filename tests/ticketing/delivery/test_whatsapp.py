"""The WhatsApp 24-hour window on both routes: free-form inside it, the approved template
outside it, and SMS when the template fails (at once or later by a failed status), so an
officer's answer or an SLA update days later still reaches the citizen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from channels.gsm import is_gsm7, sms_segments
from ticketing import outbox
from ticketing.models import Contact, Identity, Officer, Outbound, Ticket, utcnow
from ticketing.texts import status_label, t

CITIZEN = "+6281234500002"
DAYS_AGO = timedelta(days=3)
UPDATE = (
    "Perkembangan laporan {number} dari Dinas Sumber Daya Air dan Bina Marga: petugas sudah "
    "meninjau lokasi dan perbaikan saluran dijadwalkan minggu depan. Mohon maaf atas "
    "ketidaknyamanannya, kami akan mengabari lagi setelah pekerjaan selesai dikerjakan "
    "oleh tim lapangan kami di kelurahan setempat."
)


def ticket() -> Ticket:
    db.session.rollback()
    return db.session.execute(select(Ticket)).scalar_one()


def rows(channel: str) -> list[Outbound]:
    stmt = select(Outbound).where(Outbound.channel == channel).order_by(Outbound.id)
    return list(db.session.execute(stmt).scalars())


def close_window(item: Ticket) -> None:
    item.identity.last_inbound_at = utcnow() - DAYS_AGO
    db.session.commit()


def officer_update(item: Ticket) -> Outbound:
    row = outbox.to_identity(
        item.identity, UPDATE.format(number=item.number), ticket=item, purpose="progress"
    )
    db.session.commit()
    return row


def assert_sms_arrived(twilio, item: Ticket) -> None:
    (sms,) = [m for m in twilio.sent_to(CITIZEN) if m["channel"] == "sms"]
    assert item.number in sms["body"]
    assert is_gsm7(sms["body"]) and sms_segments(sms["body"]) <= 2
    (row,) = rows("sms")
    assert row.status == "delivered" and row.ticket_id == item.id
    events = [e.action for e in item.events]
    assert "delivery_fallback" in events


@pytest.fixture
def wa_citizen(twilio, settle):
    """A citizen whose WhatsApp (Twilio) complaint was acknowledged three days ago."""
    twilio.citizen_whatsapp(CITIZEN, "Got mampet di Jl. Manyar Kertoarjo, air meluap ke jalan")
    settle()
    item = ticket()
    close_window(item)
    twilio.set_last_inbound(CITIZEN, utcnow() - DAYS_AGO)
    return item


@pytest.fixture
def cloud_citizen(graph, settle):
    """A citizen whose WhatsApp Cloud complaint was acknowledged three days ago."""
    graph.citizen_whatsapp(CITIZEN, "Got mampet di Jl. Manyar Kertoarjo, air meluap ke jalan")
    settle()
    item = ticket()
    close_window(item)
    graph.set_last_inbound("whatsapp", CITIZEN, utcnow() - DAYS_AGO)
    return item


# --------------------------------------------------------------------------- via Twilio


def test_inside_the_window_twilio_whatsapp_sends_free_form(twilio, settle):
    twilio.citizen_whatsapp(CITIZEN, "Lampu PJU di Jl. Kenjeran mati semua, gelap kalau malam")
    settle()
    item = ticket()
    officer_update(item)
    settle()
    update = twilio.sent_to(CITIZEN)[-1]
    assert update["content_sid"] is None and update["body"].startswith("Perkembangan")
    assert rows("whatsapp")[-1].status == "delivered"


def test_outside_the_window_twilio_sends_the_template(wa_citizen, twilio, settle, app):
    officer_update(wa_citizen)
    settle()
    sent = twilio.sent_to(CITIZEN)[-1]
    assert sent["content_sid"] == app.config["TWILIO_WHATSAPP_TEMPLATE_SID"]
    status = status_label(wa_citizen.status)
    assert sent["content_variables"] == {"1": wa_citizen.number, "2": status}
    row = rows("whatsapp")[-1]
    assert row.template == sent["content_sid"] and row.status == "delivered"
    assert not rows("sms")


def test_twilio_template_refused_at_once_falls_back_to_sms(wa_citizen, twilio, settle):
    twilio.fail_next(400, 63016, "Failed to send freeform message outside the window")
    officer_update(wa_citizen)
    settle()
    failed = rows("whatsapp")[-1]
    assert failed.status == "failed" and failed.error_code == "63016" and failed.template
    assert_sms_arrived(twilio, ticket())


def test_twilio_template_failing_later_falls_back_to_sms(wa_citizen, twilio, settle):
    twilio.fail_later_next(63016)
    officer_update(wa_citizen)
    settle()
    failed = rows("whatsapp")[-1]
    assert failed.status == "failed" and failed.error_code == "63016" and failed.provider_id
    assert_sms_arrived(twilio, ticket())


def test_free_form_refused_by_twilio_is_retried_as_the_template(twilio, settle, app):
    twilio.citizen_whatsapp(CITIZEN, "Lampu PJU di Jl. Kenjeran mati semua, gelap kalau malam")
    settle()
    item = ticket()
    twilio.set_last_inbound(CITIZEN, utcnow() - DAYS_AGO)  # our clock still says "open"
    officer_update(item)
    settle()
    free_form, template = rows("whatsapp")[-2:]
    assert free_form.status == "failed" and free_form.error_code == "63016"
    assert template.template == app.config["TWILIO_WHATSAPP_TEMPLATE_SID"]
    assert template.status == "delivered" and template.text == free_form.text
    assert twilio.sent_to(CITIZEN)[-1]["content_sid"] == template.template


# --------------------------------------------------------------------------- Cloud API


def test_outside_the_window_cloud_sends_the_template(cloud_citizen, graph, settle, app):
    officer_update(cloud_citizen)
    settle()
    sent = graph.sent_to("whatsapp", CITIZEN)[-1]
    assert sent["type"] == "template" and sent["template"] == app.config["WHATSAPP_TEMPLATE_NAME"]
    assert sent["language"] == "id"
    assert sent["params"] == [cloud_citizen.number, status_label(cloud_citizen.status)]
    assert rows("whatsapp_cloud")[-1].status == "delivered"


def test_cloud_template_refused_at_once_falls_back_to_sms(cloud_citizen, graph, twilio, settle):
    graph.fail_next("whatsapp", 400, 132001)
    officer_update(cloud_citizen)
    settle()
    failed = rows("whatsapp_cloud")[-1]
    assert failed.status == "failed" and failed.error_code == "132001"
    assert_sms_arrived(twilio, ticket())


def test_cloud_template_failing_later_falls_back_to_sms(cloud_citizen, graph, twilio, settle, app):
    app.config["WHATSAPP_TEMPLATE_NAME"] = "template_yang_belum_disetujui"
    try:
        officer_update(cloud_citizen)
        settle()
    finally:
        app.config["WHATSAPP_TEMPLATE_NAME"] = "aduan_status_update"
    failed = rows("whatsapp_cloud")[-1]
    assert failed.status == "failed" and failed.error_code == "132001" and failed.provider_id
    assert_sms_arrived(twilio, ticket())


def test_free_form_refused_later_by_meta_131047_is_retried_as_the_template(graph, settle):
    graph.citizen_whatsapp(CITIZEN, "Pohon tumbang menutup Jl. Dharmahusada, mohon segera")
    settle()
    item = ticket()
    graph.set_last_inbound("whatsapp", CITIZEN, utcnow() - DAYS_AGO)
    officer_update(item)
    settle()
    free_form, template = rows("whatsapp_cloud")[-2:]
    assert free_form.status == "failed" and free_form.error_code == "131047"
    assert template.template == "aduan_status_update" and template.status == "delivered"


def test_sla_notice_days_later_reaches_a_citizen_whose_whatsapp_refuses_everything(
    cloud_citizen, graph, twilio, settle
):
    graph.fail_next("whatsapp", 400, 132001)
    row = outbox.to_identity(
        cloud_citizen.identity,
        t("citizen_escalated", number=cloud_citizen.number),
        ticket=cloud_citizen,
        purpose="escalated",
    )
    db.session.commit()
    settle()
    (sms,) = [m for m in twilio.sent_to(CITIZEN) if m["channel"] == "sms"]
    assert sms["body"] == row.text and sms_segments(sms["body"]) <= 2


# --------------------------------------------------------------------------- officers

OFFICER = "+6281155500010"
LINK = "https://aduan.example.org/o/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"


def officer_alert(twilio, settle, *, wrote_days_ago: int | None) -> str:
    officer = Officer(opd_code="DSDABM", name="Pak Budi", channel="whatsapp", address=OFFICER)
    db.session.add(officer)
    db.session.flush()
    if wrote_days_ago is not None:  # the officer once wrote to our WhatsApp number
        contact = Contact(name="Pak Budi", phone=OFFICER)
        last = utcnow() - timedelta(days=wrote_days_ago)
        db.session.add(
            Identity(contact=contact, channel="whatsapp", address=OFFICER, last_inbound_at=last)
        )
    summary = "Got mampet di Jl. Manyar Kertoarjo, air meluap ke jalan setiap hujan deras. " * 3
    text = t(
        "officer_new", number="MC-2026-000077", opd="DSDABM", summary=summary, due="besok", url=LINK
    )
    outbox.to_officer(officer, text, purpose="officer_new")
    db.session.commit()
    settle()
    (sms,) = [m for m in twilio.sent_to(OFFICER) if m["channel"] == "sms"]
    return sms["body"]


def test_an_officer_outside_the_window_gets_an_sms_with_the_link_not_a_template(twilio, settle):
    body = officer_alert(twilio, settle, wrote_days_ago=2)
    assert body.endswith(LINK) and sms_segments(body) <= 2
    assert not [m for m in twilio.sent_to(OFFICER) if m["channel"] == "whatsapp"]


def test_an_officer_whatsapp_refused_later_falls_back_to_sms(twilio, settle):
    body = officer_alert(twilio, settle, wrote_days_ago=None)  # window unknown: try free-form
    assert body.endswith(LINK) and sms_segments(body) <= 2
    (refused,) = rows("whatsapp")
    assert refused.status == "failed" and refused.error_code == "63016" and refused.template is None
