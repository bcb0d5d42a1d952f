"""POST /webhooks/twilio/*: X-Twilio-Signature over the public URL, every fixture type
stored once, forged requests refused before anything is written, proxies tolerated."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.providers import PUBLIC, form
from tests.ticketing.helpers import count
from ticketing.models import InboundEvent, Message, Outbound

MESSAGES = ["sms_text", "sms_mms_photo", "whatsapp_text", "whatsapp_image", "whatsapp_location"]
MESSAGES += ["whatsapp_button"]
STATUSES = ["status_sent", "status_delivered", "status_undelivered_30003", "status_failed_63016"]
PATH = "/webhooks/twilio/messaging"


def events() -> list[tuple[str, str]]:
    rows = db.session.execute(select(InboundEvent.channel, InboundEvent.external_id))
    return [tuple(row) for row in rows]


def test_every_message_fixture_is_stored_and_becomes_one_message(twilio_post, drain):
    for name in MESSAGES:
        response = twilio_post(PATH, form(name))
        assert response.status_code == 200, name
        assert response.mimetype == "text/xml" and b"<Response" in response.data
    assert sorted(events()) == sorted(("twilio", form(n)["MessageSid"]) for n in MESSAGES)
    drain()
    channels = db.session.execute(select(Message.channel, Message.external_id)).all()
    assert sorted(channels) == sorted(
        ("whatsapp" if n.startswith("whatsapp") else "sms", form(n)["MessageSid"]) for n in MESSAGES
    )
    button = db.session.execute(
        select(Message).where(Message.external_id == form("whatsapp_button")["MessageSid"])
    ).scalar_one()
    assert button.text == "Sudah selesai"


def test_every_status_and_voice_fixture_is_stored_under_its_route(twilio_post, drain):
    for name in STATUSES:
        assert twilio_post("/webhooks/twilio/status", form(name)).status_code == 200, name
    recording, transcript = form("voice_record"), form("transcription_completed")
    assert twilio_post("/webhooks/twilio/voice/recorded", recording).status_code == 200
    assert twilio_post("/webhooks/twilio/voice/transcription", transcript).status_code == 200
    expected = [
        ("twilio_status", f"{form(n)['MessageSid']}:{form(n)['MessageStatus']}") for n in STATUSES
    ]
    expected += [("twilio_voice", recording["RecordingSid"])]
    expected += [("twilio_transcription", f"{recording['RecordingSid']}:transcription")]
    assert sorted(events()) == sorted(expected)


def test_a_status_for_a_message_not_recorded_yet_is_applied_by_a_later_retry(
    twilio_post, drain, app
):
    from rq.registry import ScheduledJobRegistry

    from aduan.queue import get_queue
    from ticketing.inbound.statuses import apply_later

    assert twilio_post("/webhooks/twilio/status", form("status_delivered")).status_code == 200
    drain()
    db.session.rollback()
    assert db.session.execute(select(InboundEvent.processed_at)).scalar_one() is not None
    (job_id,) = ScheduledJobRegistry(queue=get_queue("low")).get_job_ids()
    job = get_queue("low").fetch_job(job_id)
    assert job.func_name == "ticketing.inbound.statuses.apply_later"
    row = Outbound(channel="sms", recipient="+6281234567890", text="Halo", purpose="ack")
    row.status, row.provider_id = "sent", form("status_delivered")["MessageSid"]
    db.session.add(row)
    db.session.commit()
    assert apply_later(*job.args) == "status_applied"  # what the retry job does when due
    db.session.refresh(row)
    assert row.status == "delivered"


def test_the_same_message_posted_twice_is_one_event_and_one_message(twilio_post, drain):
    assert twilio_post(PATH, form("sms_text")).status_code == 200
    assert twilio_post(PATH, form("sms_text")).status_code == 200
    drain()
    assert count(InboundEvent) == 1 and count(Message) == 1


@pytest.mark.parametrize(
    "tamper",
    ["wrong signature", "no signature", "body changed", "other token", "other host"],
)
def test_forged_requests_get_403_and_nothing_is_stored(twilio_post, app, tamper):
    from sandbox.twilio_api import sign

    params = form("sms_text")
    url = PUBLIC + PATH
    if tamper == "wrong signature":
        response = twilio_post(PATH, params, signature="dGhpcyBpcyBub3QgaXQ=")
    elif tamper == "no signature":
        response = twilio_post(PATH, params, signature="")
    elif tamper == "body changed":
        signature = sign(app.config["TWILIO_AUTH_TOKEN"], url, params)
        response = twilio_post(PATH, params | {"Body": "diubah"}, signature=signature)
    elif tamper == "other token":
        response = twilio_post(PATH, params, signature=sign("not-our-token", url, params))
    else:
        response = twilio_post(PATH, params, signed_url="https://evil.example.org" + PATH)
    assert response.status_code == 403
    assert count(InboundEvent) == 0


def test_https_signature_is_accepted_when_the_proxy_forwards_plain_http(twilio_post):
    # Twilio signed https://aduan.example.org/...; the app sees http://localhost/...
    response = twilio_post(PATH, form("sms_text"), signed_url=PUBLIC + PATH)
    assert response.status_code == 200


def test_forwarded_proto_and_host_validate_when_public_base_url_differs(
    twilio_post, app, monkeypatch
):
    app.config["PUBLIC_BASE_URL"] = "http://localhost:8000"  # the default, not the public host
    monkeypatch.setitem(app.config, "PROXY_COUNT", 1)  # one TLS proxy, believed
    try:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "desk.surabaya.go.id"}
        signed = "https://desk.surabaya.go.id" + PATH
        assert twilio_post(PATH, form("sms_text"), signed, headers).status_code == 200
        # A TLS proxy that forgets X-Forwarded-Proto: only the scheme differs.
        headers = {"X-Forwarded-Host": "desk.surabaya.go.id"}
        assert twilio_post(PATH, form("whatsapp_text"), signed, headers).status_code == 200
    finally:
        app.config["PUBLIC_BASE_URL"] = PUBLIC
    assert count(InboundEvent) == 2


def test_query_string_is_part_of_the_signed_url(twilio_post):
    path = "/webhooks/twilio/status?channel=sms"
    assert twilio_post(path, form("status_sent")).status_code == 200
    unsigned_query = PUBLIC + "/webhooks/twilio/status"
    assert twilio_post(path, form("status_sent"), signed_url=unsigned_query).status_code == 403
    assert count(InboundEvent) == 1


def test_a_post_without_message_sid_is_400(twilio_post):
    params = form("sms_text")
    del params["MessageSid"], params["SmsMessageSid"]
    assert twilio_post(PATH, params).status_code == 400
    assert count(InboundEvent) == 0
