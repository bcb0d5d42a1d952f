"""The phone line: a caller driven by the fake Twilio through our TwiML (menu, record,
status by digits, 112), recordings that become ticket messages with audio, and
transcriptions that add text and route, or flag the recording for an agent."""

from __future__ import annotations

from flask_babel import refresh
from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.helpers import login, make_user
from tests.providers import form
from tests.ticketing.helpers import count
from ticketing import actions
from ticketing.models import InboundEvent, Message, Outbound, Ticket
from ticketing.texts import t

CALLER = "+6281234500005"
STRANGER = "+6285700000006"
COMPLAINT = (
    "Lampu PJU di jalan Raya Darmo depan nomor 45 mati sejak tiga hari, mohon segera diperbaiki"
)
GARBLED = "Lamp up you are in John Ryan Dharma the pun no forty five marty say jock tiga harry"


def ticket() -> Ticket:
    db.session.rollback()
    return db.session.execute(select(Ticket)).scalar_one()


def speak_complaint(twilio, settle, spoken: str = COMPLAINT, confidence: float = 0.92):
    """A caller presses 1 and says `spoken` (recognised in id-ID with `confidence`);
    the call ends and Twilio sends the call recording."""
    call = twilio.call(CALLER)
    call.press("1")
    view = call.speak(spoken, confidence)
    settle()
    assert twilio.deliver_callbacks("recording") == 1
    settle()
    return view


def test_the_menu_speaks_indonesian_with_the_configured_voice(twilio, app):
    view = twilio.call(CALLER).view
    assert view.waiting_for == "digits" and view.says == [t("voice_menu")]
    gather = view.gather
    assert gather["num_digits"] == 1 and gather["action"] == "/webhooks/twilio/voice/menu"
    call = twilio.calls[view.call_sid]
    assert call.requests[0]["status"] == 200


def test_press_1_listens_in_indonesian_while_the_call_is_recorded(twilio):
    call = twilio.call(CALLER)
    view = call.press("1")
    assert view.waiting_for == "speech" and view.says == [t("voice_record")]
    gather = view.gather
    assert gather["input"] == "speech" and gather["language"] == "id-ID"
    assert gather["action"] == "/webhooks/twilio/voice/speech"
    start = next(v for v in view.verbs if v["verb"] == "start")
    callback = start["recording"]["recording_status_callback"]
    assert callback.startswith("/webhooks/twilio/voice/recorded?caller=")


def test_a_spoken_complaint_is_routed_by_its_text_and_keeps_the_recording(twilio, settle, client):
    view = speak_complaint(twilio, settle)
    assert view.says == [t("voice_recorded")] and view.hung_up
    item = ticket()
    assert item.channel == "voice" and item.status == "routed" and item.opd_code == "DISHUB"
    (message,) = item.messages
    assert message.text == COMPLAINT and item.summary == COMPLAINT
    assert message.meta["speech_confidence"] > 0.9 and "needs_listening" not in message.meta
    (audio,) = message.attachments
    assert audio.kind == "audio" and audio.status == "stored" and audio.mime_type == "audio/mpeg"
    assert "transcribed" in [e.action for e in item.events]
    sms = twilio.sent_to(CALLER)
    assert sms and sms[0]["channel"] == "sms" and item.number in sms[0]["body"]
    login(client, make_user())
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "<audio controls" in page


def test_the_recording_processed_before_the_speech_still_gives_one_message(twilio, drain, settle):
    call = twilio.call(CALLER)
    call.press("1")
    call.speak(COMPLAINT)  # stored, not yet processed
    assert twilio.deliver_callbacks("recording") == 1
    jobs = db.session.execute(select(InboundEvent).order_by(InboundEvent.id)).scalars().all()
    assert [e.channel for e in jobs] == ["twilio_speech", "twilio_voice"]
    settle()
    (message,) = db.session.execute(select(Message)).scalars().all()
    assert message.text == COMPLAINT and len(message.attachments) == 1
    assert count(Ticket) == 1


def test_an_emergency_said_on_the_phone_alerts_112(twilio, settle):
    speak_complaint(
        twilio, settle, "Tolong ada kebakaran rumah di jalan Kapasari gang tiga, apinya besar"
    )
    item = ticket()
    assert item.kind == "emergency" and item.priority == 2
    texts = [m["body"] for m in twilio.sent_to(CALLER)]
    assert any("112" in text and item.number in text for text in texts)


def test_an_unsure_recognition_goes_to_an_agent_to_listen(twilio, settle, client):
    speak_complaint(twilio, settle, COMPLAINT, confidence=0.21)
    item = ticket()
    message = item.messages[0]
    assert message.text == "" and message.meta["needs_listening"] is True
    assert message.meta["transcription"] == COMPLAINT and item.status == "triage"
    assert len(message.attachments) == 1  # the recording an agent plays
    assert "listen_needed" in [e.action for e in item.events]
    login(client, make_user())
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "Perlu didengarkan" in page and "rekaman perlu didengarkan" in page  # in words
    assert "perlu didengarkan" in client.get("/inbox").get_data(as_text=True)


def test_english_sounding_text_goes_to_an_agent_to_listen_too(twilio, settle):
    speak_complaint(twilio, settle, GARBLED)
    message = ticket().messages[0]
    assert message.text == "" and message.meta["needs_listening"] is True


def test_speech_nobody_recognised_is_still_heard_by_an_agent(twilio, settle):
    call = twilio.call(CALLER)
    call.press("1")
    call.hang_up("Lampune mati telung dino, tulung didandani rek, nang gang limo")
    assert twilio.deliver_callbacks("recording") == 1
    settle()
    item = ticket()
    message = item.messages[0]
    assert message.meta["needs_listening"] is True and len(message.attachments) == 1
    assert item.status == "triage" and "listen_needed" in [e.action for e in item.events]


def test_silence_plays_the_fallback_and_opens_nothing(twilio, settle):
    call = twilio.call(CALLER)
    call.press("1")
    view = call.say_nothing()
    assert view.says == [t("voice_no_recording")] and view.hung_up
    twilio.deliver_callbacks("recording")  # one second of silence
    settle()
    assert count(Ticket) == 0


def _status_call(twilio, caller: str, item: Ticket) -> list[str]:
    call = twilio.call(caller)
    assert call.press("2").says == [t("voice_status_prompt")]
    view = call.press(f"{item.number[3:7]}{int(item.number[8:])}#")
    assert view.waiting_for == "digits"  # back to the (short) menu
    assert view.says[1] == t("voice_menu_short")
    return view.says


def test_press_2_says_the_same_to_everyone_and_texts_the_details_to_the_owner(twilio, settle):
    """Caller ID can be forged and the line speaks to whoever called: a caller showing
    the reporter's number hears what a stranger hears (never the unit); the full status
    goes by SMS to the reporter's number."""
    twilio.citizen_sms(
        "081234500005", "Sampah di TPS Wonokromo belum diangkut 4 hari"
    )  # 0812 = +62812
    settle()
    item = ticket()
    item.private = True  # not on the public pages: its status is the reporter's only
    db.session.commit()
    year, serial = item.number[3:7], str(int(item.number[8:]))
    unit = item.opd.name
    owner_heard = _status_call(twilio, CALLER, item)[0]
    stranger_heard = _status_call(twilio, STRANGER, item)[0]
    said = t("voice_status_not_said", year=year, serial=serial)
    assert owner_heard == stranger_heard == f"{said} {t('voice_status_by_sms')}"
    assert unit not in owner_heard
    db.session.rollback()
    texts = db.session.execute(select(Outbound).where(Outbound.purpose == "status")).scalars()
    texts = list(texts)
    assert [row.recipient for row in texts] == [CALLER]
    assert item.number in texts[0].text and unit in texts[0].text


def test_repeated_status_calls_text_the_owner_once_an_hour_per_status(twilio, settle):
    """Each forged call showing the owner's number would text the owner again: one SMS per
    ticket, status and hour; a changed status is news and goes out."""
    twilio.citizen_sms("081234500005", "Sampah di TPS Wonokromo belum diangkut 4 hari")
    settle()
    item = ticket()
    for _ in range(3):
        _status_call(twilio, CALLER, item)
    item.status = "in_progress"
    db.session.commit()
    _status_call(twilio, CALLER, item)
    db.session.rollback()
    texts = db.session.execute(select(Outbound).where(Outbound.purpose == "status")).scalars()
    assert [row.recipient for row in texts] == [CALLER, CALLER]


def test_press_2_says_the_public_status_of_a_listed_ticket_only(twilio, settle, app):
    twilio.citizen_sms("081234500005", "Sampah di TPS Wonokromo belum diangkut 4 hari")
    settle()
    item = ticket()
    item.status = "waiting"  # the question is not the stranger's business: the page's words
    db.session.commit()
    from ticketing import publication

    assert publication.is_listed(item)
    year, serial = item.number[3:7], str(int(item.number[8:]))
    heard = _status_call(twilio, STRANGER, item)[0]
    said = t("voice_status_public", year=year, serial=serial, status="menunggu jawaban pelapor")
    assert heard == f"{said} {t('voice_status_by_sms')}"
    assert item.opd.name not in heard


def test_press_2_with_too_few_digits_is_told_so(twilio):
    call = twilio.call(CALLER)
    call.press("2")
    assert call.press("12#").says[0] == t("voice_status_invalid")


def test_press_0_connects_to_112(twilio, app):
    call = twilio.call(CALLER)
    view = call.press("0")
    assert view.dial == app.config["EMERGENCY_NUMBER"] == "112"
    assert view.says == [t("voice_emergency")]


def test_an_unknown_key_and_silence_repeat_the_menu_then_the_call_ends(twilio):
    call = twilio.call(CALLER)
    view = call.press("7")
    assert view.says == [t("voice_invalid_choice"), t("voice_menu_short")]
    for _ in range(2):
        assert call.say_nothing().waiting_for == "digits"
    view = call.say_nothing()
    assert view.says == [t("voice_goodbye")] and view.hung_up


def test_every_voice_callback_needs_a_valid_signature(client, twilio_post):
    paths = ["/webhooks/twilio/voice", "/webhooks/twilio/voice/menu"]
    paths += ["/webhooks/twilio/voice/ticket", "/webhooks/twilio/voice/recorded"]
    paths += ["/webhooks/twilio/voice/transcription", "/webhooks/twilio/voice/speech"]
    for path in paths:
        forged = client.post(path, data=form("voice_record"), headers={"X-Twilio-Signature": "x"})
        assert forged.status_code == 403, path
    assert count(InboundEvent) == 0
    signed = twilio_post("/webhooks/twilio/voice", form("voice_incoming"))
    assert signed.status_code == 200 and b'language="id-ID"' in signed.data


def test_transcription_processed_before_its_recording_still_gives_one_message(twilio_post, drain):
    assert (
        twilio_post(
            "/webhooks/twilio/voice/transcription", form("transcription_failed")
        ).status_code
        == 200
    )
    drain()
    assert twilio_post("/webhooks/twilio/voice/recorded", form("voice_record")).status_code == 200
    drain()
    (message,) = db.session.execute(select(Message)).scalars().all()
    assert message.channel == "voice" and message.meta["needs_listening"] is True
    assert count(Ticket) == 1
    assert db.session.execute(select(Outbound.channel)).scalars().all() == ["voice"]


def test_a_transcript_naming_no_recording_is_done_at_once_not_retried(twilio_post, drain):
    params = {k: v for k, v in form("transcription_completed").items() if k != "RecordingUrl"}
    assert twilio_post("/webhooks/twilio/voice/transcription", params).status_code == 200
    drain()
    (event,) = db.session.execute(select(InboundEvent)).scalars().all()
    assert event.processed_at is not None and event.last_error is None
    assert event.attempts <= 1 and count(Message) == 0


def test_a_recording_processed_before_the_speech_takes_the_speech_first(twilio, settle):
    """The recording's job runs first: it takes the caller's stored speech before it
    opens anything, so a fire is an emergency at once (no 1x24 h promise to correct)."""
    from ticketing.inbound.jobs import process_event

    call = twilio.call(CALLER)
    call.press("1")
    call.speak("Tolong ada kebakaran rumah di jalan Kapasari gang tiga, apinya besar")
    assert twilio.deliver_callbacks("recording") == 1
    recording = db.session.execute(
        select(InboundEvent).where(InboundEvent.channel == "twilio_voice")
    ).scalar_one()
    assert process_event(recording.id)
    settle()
    item = ticket()
    assert item.kind == "emergency" and len(item.messages[0].attachments) == 1
    purposes = [o.purpose for o in _to_caller(item)]
    assert "ack" not in purposes and "correction" not in purposes
    texts = [m["body"] for m in twilio.sent_to(CALLER)]
    assert any("112" in text and item.number in text for text in texts)


def test_an_emergency_heard_after_the_acknowledgement_comes_as_a_correction(twilio_post, drain):
    """An older <Record> call: the recording opened the ticket and was acknowledged;
    its transcript then says fire: the caller is told it is an emergency, as a
    correction of that promise, not a second message that contradicts it."""
    fire = "Tolong ada kebakaran rumah di jalan Kapasari gang tiga, apinya besar"
    assert twilio_post("/webhooks/twilio/voice/recorded", form("voice_record")).status_code == 200
    drain()
    transcript = form("transcription_completed") | {"TranscriptionText": fire}
    assert twilio_post("/webhooks/twilio/voice/transcription", transcript).status_code == 200
    drain()
    item = ticket()
    assert item.kind == "emergency"
    purposes = [o.purpose for o in _to_caller(item) if o.purpose in ("ack", "correction")]
    assert purposes == ["ack", "correction"]
    texts = [o.text for o in _to_caller(item)]
    assert any(text.startswith("PENTING, koreksi") and "112" in text for text in texts)


def _to_caller(item: Ticket) -> list[Outbound]:
    stmt = select(Outbound).where(Outbound.ticket_id == item.id, Outbound.officer_id.is_(None))
    return list(db.session.execute(stmt.order_by(Outbound.id)).scalars())


def test_the_listen_note_reads_in_the_agents_language(twilio, settle, client):
    speak_complaint(twilio, settle, COMPLAINT, confidence=0.21)
    item = ticket()
    login(client, make_user())
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "Transkripsi otomatis tidak dapat dipakai (pengenalan suara ragu-ragu)" in page
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "Transkripsi otomatis" not in english and "ragu-ragu" not in english
    assert "not usable (the speech recognition was unsure)" in english


def test_a_caller_who_then_writes_on_whatsapp_is_answered_there(twilio, settle, client):
    speak_complaint(twilio, settle)
    twilio.citizen_whatsapp(CALLER, "Ini fotonya", profile_name="Pak Joko")
    settle()
    item = ticket()
    login(client, make_user())
    page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
    assert "Kirim lewat WhatsApp</button>" in page
    actions.reply(item, actions.Actor("agent", None, "Agen"), "Petugas menuju lokasi")
    db.session.commit()
    settle()
    rows = db.session.execute(select(Outbound).where(Outbound.purpose == "reply")).scalars()
    assert [r.channel for r in rows] == ["whatsapp"]
    # the acknowledgement after the call went by SMS, as the phone menu promised
    ack = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalar_one()
    assert ack.channel == "voice"


def test_a_caller_is_answered_by_sms_when_the_whatsapp_came_before_the_call(twilio, settle):
    twilio.citizen_whatsapp(CALLER, "halo", profile_name="Pak Joko")
    settle()
    speak_complaint(twilio, settle)
    item = ticket()
    actions.reply(item, actions.Actor("agent", None, "Agen"), "Petugas menuju lokasi")
    db.session.commit()
    row = db.session.execute(select(Outbound).where(Outbound.purpose == "reply")).scalar_one()
    assert row.channel == "voice"  # sent by SMS
