"""The FakeTwilio citizen side against a tiny local webhook receiver that checks every
X-Twilio-Signature with channels.twilio_messaging.validate_signature: messages, status
callbacks (in and out of order, the 63016 window failure), a full IVR call built from
channels.twilio_voice, and the /sandbox/ JSON control API."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from twilio.twiml.voice_response import VoiceResponse

from channels import twilio_voice as voice
from channels.base import OutboundMessage
from channels.twilio_adapter import TwilioMessagingAdapter
from channels.twilio_messaging import normalize, parse_status, validate_signature
from sandbox.twilio import FakeTwilio
from tests.receiver import Answer
from tests.receiver import Receiver as BaseReceiver

CITIZEN = "+6281234567890"
PUBLIC = "https://aduan.example.org"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
Route = Callable[[dict[str, str]], str]


class Receiver(BaseReceiver):
    """Our webhooks in miniature: verifies each request's signature against the public
    URL (PUBLIC + path when `public` is set, else the URL as requested), records it and
    answers with the route's TwiML (or an empty <Response/>)."""

    def __init__(self, token: str, public: str | None = None) -> None:
        self.token, self.public = token, public
        self.routes: dict[str, Route] = {}
        super().__init__()

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        signature = headers.get("X-Twilio-Signature")
        seen = f"http://127.0.0.1:{self.port}{path}"
        checked = (self.public + path) if self.public else seen
        entry = {"path": urlsplit(path).path, "params": params, "headers": headers}
        entry["valid"] = validate_signature(self.token, checked, params, signature)
        entry["valid_as_seen"] = validate_signature(self.token, seen, params, signature)
        route = self.routes.get(entry["path"])
        answer = route(params) if route and entry["valid"] else "<Response/>"
        self.store(entry)
        return (200 if entry["valid"] else 403), "text/xml", answer.encode()

    def at(self, path: str) -> list[dict[str, Any]]:
        with self.changed:
            return [r for r in self.requests if r["path"] == path]

    def wait_for(self, path: str, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:  # type: ignore[override]
        self.wait_until(lambda seen: sum(r["path"] == path for r in seen) >= count, timeout)
        return self.at(path)


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio() as server:
        yield server


@pytest.fixture
def receiver(fake: FakeTwilio) -> Iterator[Receiver]:
    server = Receiver(fake.auth_token)
    fake.configure(
        messaging_url=server.url + "/webhooks/twilio/messaging",
        status_url=server.url + "/webhooks/twilio/status",
        voice_url=server.url + "/voice",
    )
    yield server
    server.close()


@pytest.fixture
def adapter(fake: FakeTwilio) -> TwilioMessagingAdapter:
    return TwilioMessagingAdapter(
        fake.account_sid, fake.auth_token, fake.sms_number, fake.whatsapp_number,
        api_base_url=fake.url, timeout=5,
    )  # fmt: skip


# --------------------------------------------------------------------------- messages


def test_citizen_sms_is_signed_and_normalizes(fake, receiver):
    result = fake.citizen_sms("081234567890", "Lampu jalan mati di Jl. Darmo")
    assert result["status"] == 200
    (request,) = receiver.at("/webhooks/twilio/messaging")
    assert request["valid"] and request["headers"]["Content-Type"].startswith(
        "application/x-www-form-urlencoded"
    )
    params = request["params"]
    for key in ("MessageSid", "SmsSid", "SmsMessageSid", "AccountSid", "NumSegments", "ApiVersion"):
        assert params[key]
    (msg,) = normalize(params)
    assert (msg.channel, msg.sender_id, msg.text) == (
        "sms",
        CITIZEN,
        "Lampu jalan mati di Jl. Darmo",
    )
    assert msg.meta["To"] == fake.sms_number


def test_citizen_whatsapp_with_photo_and_location_normalizes(fake, receiver, adapter):
    fake.citizen_whatsapp(CITIZEN, "Banjir", profile_name="Budi", media=[(JPEG, "image/jpeg")])
    fake.citizen_whatsapp(CITIZEN, location=(-7.2575, 112.7521, "Jl. Tunjungan"))
    photo_req, location_req = receiver.wait_for("/webhooks/twilio/messaging", 2)
    assert photo_req["valid"] and location_req["valid"]
    (photo,) = normalize(photo_req["params"])
    assert (photo.channel, photo.sender_name, photo.text) == ("whatsapp", "Budi", "Banjir")
    assert photo_req["params"]["WaId"] == "6281234567890"
    assert adapter.fetch_file(photo.attachments[0].ref, 10_000)[0] == JPEG
    (where,) = normalize(location_req["params"])
    assert where.location is not None and where.location.address == "Jl. Tunjungan"
    assert [m["direction"] for m in fake.conversation(CITIZEN)] == ["in", "in"]


def test_signature_covers_the_public_https_url_not_the_internal_one(fake, receiver):
    fake.configure(signing_base=PUBLIC)
    receiver.public = PUBLIC
    fake.citizen_sms(CITIZEN, "halo")
    (request,) = receiver.at("/webhooks/twilio/messaging")
    assert request["valid"]  # checked against https://aduan.example.org/webhooks/...
    assert not request["valid_as_seen"]  # request.url behind the proxy: the classic trap
    assert fake.public_url_for(receiver.url + "/x?a=1") == PUBLIC + "/x?a=1"


def test_twiml_message_reply_is_sent_to_the_citizen(fake, receiver):
    receiver.routes["/webhooks/twilio/messaging"] = lambda p: (
        "<Response><Message>Laporan diterima</Message></Response>"
    )
    fake.citizen_whatsapp(CITIZEN, "halo")
    (reply,) = fake.sent_to(CITIZEN)
    assert (reply["channel"], reply["body"]) == ("whatsapp", "Laporan diterima")


# --------------------------------------------------------------------------- statuses


def statuses(receiver: Receiver, count: int) -> list[tuple[str, str | None]]:
    requests_ = receiver.wait_for("/webhooks/twilio/status", count)
    assert all(r["valid"] for r in requests_)
    return [(u.status, u.error_code) for u in (parse_status(r["params"]) for r in requests_)]


def test_status_callbacks_report_sent_then_delivered(fake, receiver, adapter):
    callback = receiver.url + "/webhooks/twilio/status"
    adapter.send(OutboundMessage("sms", CITIZEN, "Tiket dibuat", status_callback=callback))
    assert statuses(receiver, 2) == [("sent", None), ("delivered", None)]
    assert fake.wait_idle() and fake.sent_to(CITIZEN)[0]["status"] == "delivered"


def test_status_callbacks_out_of_order_keep_the_fake_monotonic(fake, receiver, adapter):
    fake.callbacks_out_of_order = True
    adapter.send(OutboundMessage("sms", CITIZEN, "x"))  # falls back to status_url
    assert statuses(receiver, 2) == [("delivered", None), ("sent", None)]
    assert fake.wait_idle() and fake.sent_to(CITIZEN)[0]["status"] == "delivered"


def test_whatsapp_free_form_outside_the_window_fails_later_with_63016(fake, receiver, adapter):
    sid = adapter.send(OutboundMessage("whatsapp", CITIZEN, "Update tiket")).provider_id
    assert sid  # Twilio accepts the request; the failure arrives as a callback
    assert statuses(receiver, 1) == [("failed", "63016")]
    assert fake.wait_idle() and fake.message(sid)["error_code"] == 63016


def test_window_opens_with_the_citizens_message_and_ages(fake, receiver, adapter):
    fake.citizen_whatsapp(CITIZEN, "halo")
    adapter.send(OutboundMessage("whatsapp", CITIZEN, "Baik, kami proses"))
    assert statuses(receiver, 2) == [("sent", None), ("delivered", None)]
    fake.set_last_inbound(CITIZEN, datetime.now(UTC) - timedelta(hours=25))
    adapter.send(OutboundMessage("whatsapp", CITIZEN, "Update"))
    assert statuses(receiver, 3)[2] == ("failed", "63016")
    adapter.send(OutboundMessage("whatsapp", CITIZEN, "", template="HX1", template_params=("a",)))
    assert statuses(receiver, 5)[3:] == [("sent", None), ("delivered", None)]


def test_manual_delivery_holds_callbacks_until_asked(fake, receiver, adapter):
    fake.auto_deliver = False
    adapter.send(OutboundMessage("sms", CITIZEN, "x"))
    assert receiver.at("/webhooks/twilio/status") == [] and len(fake.jobs) == 2
    assert fake.deliver_callbacks() == 2
    assert [parse_status(r["params"]).status for r in receiver.at("/webhooks/twilio/status")] == [
        "sent",
        "delivered",
    ]


# --------------------------------------------------------------------------- voice


def record_twiml(prompt: str, fallback: str) -> str:
    """A <Record transcribe> complaint (the fake still plays Twilio's Record verb)."""
    response = VoiceResponse()
    response.say(prompt, language="id-ID")
    response.record(
        action="/voice/recorded",
        method="POST",
        max_length=120,
        finish_on_key="#",
        transcribe=True,
        transcribe_callback="/voice/transcription",
        recording_status_callback="/voice/recording-status",
    )
    response.say(fallback, language="id-ID")
    response.hangup()
    return str(response)


@pytest.fixture
def ivr(receiver: Receiver) -> dict[str, Any]:
    """A three-option IVR made of channels.twilio_voice builders, with relative URLs."""
    seen: dict[str, Any] = {"recordings": [], "transcriptions": []}

    def on_menu(p: dict[str, str]) -> str:
        if p.get("Digits") == "1":
            return record_twiml("Sampaikan keluhan.", "Tidak ada rekaman.")
        if p.get("Digits") == "2":
            return voice.gather_digits("Nomor tiket?", "/voice/status", repeat_url="/voice")
        if p.get("Digits") == "0":
            return voice.dial("112", "Menghubungkan ke 112.")
        return voice.say_then_redirect("Pilihan salah.", "/voice")

    def on_recorded(p: dict[str, str]) -> str:
        seen["recordings"].append(voice.normalize_recording(p))
        return voice.say_and_hangup("Terima kasih.")

    def on_transcription(p: dict[str, str]) -> str:
        seen["transcriptions"].append(voice.parse_transcription(p))
        return "<Response/>"

    receiver.routes |= {
        "/voice": lambda p: voice.menu("Tekan 1, 2 atau 0.", "/voice/menu", 5, "/voice"),
        "/voice/menu": on_menu,
        "/voice/recorded": on_recorded,
        "/voice/transcription": on_transcription,
        "/voice/status": lambda p: voice.say_and_hangup(f"Tiket {p['Digits']} diproses."),
    }
    return seen


def test_call_menu_press_1_record_and_transcription_arrives(fake, receiver, ivr, adapter):
    call = fake.call("081234567890")
    assert call.view.says == ["Tekan 1, 2 atau 0."] and call.view.gather["num_digits"] == 1
    view = call.press("1")
    assert view.waiting_for == "recording" and view.record["max_length"] == 120
    view = call.record("lampu jalan mati di jalan darmo", duration=14)
    assert view.says == ["Terima kasih."] and view.status == "completed"
    (recording,) = ivr["recordings"]
    assert recording.sender_id == CITIZEN and recording.meta["RecordingDuration"] == 14
    assert recording.meta["CallSid"] == call.sid
    receiver.wait_for("/voice/transcription", 1)
    assert ivr["transcriptions"] == [
        (recording.external_id, "lampu jalan mati di jalan darmo", "completed")
    ]
    assert receiver.wait_for("/voice/recording-status", 1)[0]["params"]["RecordingStatus"]
    audio, mime, _ = adapter.fetch_file(recording.attachments[0].ref, 100_000)
    assert mime == "audio/mpeg" and audio
    assert all(r["valid"] for r in receiver.requests)
    first = receiver.at("/voice")[0]["params"]
    assert (first["CallStatus"], first["Direction"], first["Caller"]) == (
        "ringing",
        "inbound",
        CITIZEN,
    )


def test_a_speech_gather_posts_what_was_said_and_the_call_recording_follows(
    fake, receiver, adapter
):
    receiver.routes |= {
        "/voice": lambda p: voice.speak_complaint(
            "Sampaikan keluhan.", "/voice/speech", "/voice/rec?caller=x", "Tidak terdengar."
        ),
        "/voice/speech": lambda p: voice.say_and_hangup("Terima kasih."),
        "/voice/rec": lambda p: "<Response/>",
    }
    call = fake.call(CITIZEN)
    assert call.view.waiting_for == "speech" and call.view.gather["language"] == "id-ID"
    view = call.speak("lampu jalan mati di jalan darmo", confidence=0.81)
    assert view.says == ["Terima kasih."] and view.status == "completed"
    (speech,) = receiver.at("/voice/speech")
    assert speech["params"]["SpeechResult"] == "lampu jalan mati di jalan darmo"
    assert float(speech["params"]["Confidence"]) == pytest.approx(0.81)
    (recording,) = receiver.wait_for("/voice/rec", 1)
    params = recording["params"]
    assert params["CallSid"] == call.sid and "From" not in params and recording["valid"]
    assert params["RecordingSource"] == "StartCallRecordingTwiML"
    audio, mime, _ = adapter.fetch_file(params["RecordingUrl"] + ".mp3", 100_000)
    assert mime == "audio/mpeg" and audio


def test_silence_repeats_the_menu_and_empty_recording_plays_the_fallback(fake, receiver, ivr):
    call = fake.call(CITIZEN)
    view = call.say_nothing()  # Gather times out -> <Redirect>/voice -> the menu again
    assert view.says == ["Tekan 1, 2 atau 0."] and view.waiting_for == "digits"
    call.press("1")
    view = call.say_nothing()  # nothing recorded: the action is not requested
    assert view.says == ["Tidak ada rekaman."] and view.status == "completed"
    assert receiver.at("/voice/recorded") == [] and ivr["recordings"] == []


def test_status_digits_dial_and_wrong_choice(fake, receiver, ivr):
    call = fake.call(CITIZEN)
    call.press("2")
    assert call.press("000123#").says == ["Tiket 000123 diproses."]
    assert receiver.at("/voice/status")[0]["params"]["Digits"] == "000123"
    assert fake.call(CITIZEN).press("0").dial == "112"
    view = fake.call(CITIZEN).press("7")
    assert view.says[:2] == ["Pilihan salah.", "Tekan 1, 2 atau 0."]


def test_failed_transcription_is_delivered_on_demand(fake, receiver, ivr):
    fake.auto_deliver = False
    call = fake.call(CITIZEN)
    call.press("1")
    call.record("", duration=5)  # Indonesian speech Twilio could not transcribe
    assert receiver.at("/voice/transcription") == []
    assert fake.deliver_transcriptions() == 1
    (transcription,) = ivr["transcriptions"]
    assert transcription[1:] == (None, "failed")


def test_call_fails_like_twilio_when_the_webhook_errors(fake, receiver):
    receiver.routes["/voice"] = lambda p: "not xml"
    view = fake.call(CITIZEN).view
    assert view.status == "failed" and "parse" in (view.error or "")
    with pytest.raises(ValueError):
        fake.call(CITIZEN).press("1")


def test_absolute_public_action_urls_reach_the_internal_receiver(fake, receiver):
    fake.configure(signing_base=PUBLIC)
    receiver.public = PUBLIC
    receiver.routes["/voice"] = lambda p: voice.menu("Menu", PUBLIC + "/voice/menu")
    receiver.routes["/voice/menu"] = lambda p: voice.say_and_hangup("ok " + p["Digits"])
    assert fake.call(CITIZEN).press("5").says == ["ok 5"]
    assert all(r["valid"] and not r["valid_as_seen"] for r in receiver.requests)


# --------------------------------------------------------------------------- control API


def test_control_api_drives_messages_calls_and_conversations(fake, receiver, ivr, adapter):
    api = fake.url + "/sandbox"
    config = {"messaging_url": receiver.url + "/webhooks/twilio/messaging"}
    config |= {"voice_url": receiver.url + "/voice"}
    assert requests.post(api + "/config", json=config, timeout=5).json()["config"]["voice_url"]
    photo = base64.b64encode(JPEG).decode()
    sms = requests.post(api + "/sms", json={"from": CITIZEN, "body": "halo"}, timeout=5).json()
    assert sms["status"] == 200
    wa = {"from": CITIZEN, "body": "foto", "profile_name": "Budi", "media_base64": photo}
    wa |= {"latitude": -7.25, "longitude": 112.75}
    assert requests.post(api + "/whatsapp", json=wa, timeout=5).json()["params"]["NumMedia"] == "1"
    adapter.send(OutboundMessage("whatsapp", CITIZEN, "Diterima"))
    assert fake.wait_idle()
    talk = requests.get(f"{api}/conversations/{CITIZEN}", timeout=5).json()["messages"]
    assert [(m["direction"], m["channel"]) for m in talk] == [
        ("in", "sms"),
        ("in", "whatsapp"),
        ("out", "whatsapp"),
    ]
    assert talk[2]["status"] == "delivered"
    assert requests.get(talk[1]["media"][0], timeout=5).content == JPEG
    view = requests.post(api + "/calls", json={"from": CITIZEN}, timeout=5).json()
    assert view["waiting_for"] == "digits" and view["says"] == ["Tekan 1, 2 atau 0."]
    sid = view["call_sid"]
    assert (
        requests.post(f"{api}/calls/{sid}/digits", json={"digits": "1"}, timeout=5).json()[
            "waiting_for"
        ]
        == "recording"
    )
    done = requests.post(f"{api}/calls/{sid}/record", json={"text": "jalan rusak"}, timeout=5)
    assert done.json()["status"] == "completed"
    state = requests.get(api + "/state", timeout=5).json()
    assert state["counts"]["calls"] == 1 and state["counts"]["inbound"] == 2
    assert requests.post(api + "/calls/CAnope/digits", json={}, timeout=5).status_code == 404
    assert requests.post(api + "/sms", json={"body": "no from"}, timeout=5).status_code == 400
    hours = requests.post(api + "/window", json={"number": CITIZEN, "hours_ago": 30}, timeout=5)
    assert hours.status_code == 200 and not fake.window_open(CITIZEN)
