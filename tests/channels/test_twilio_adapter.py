"""The real TwilioMessagingAdapter (twilio.rest.Client + requests) against the FakeTwilio
sandbox: sending SMS and WhatsApp, error mapping, and media downloads with the host guard."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from channels.base import ChannelError, OutboundMessage
from channels.twilio_adapter import PERMANENT_ERROR_CODES, TwilioMessagingAdapter
from sandbox import free_port
from sandbox.twilio import FakeTwilio

CITIZEN = "+6281234567890"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio() as server:
        yield server


def make_adapter(fake: FakeTwilio, **kwargs: Any) -> TwilioMessagingAdapter:
    return TwilioMessagingAdapter(
        fake.account_sid,
        fake.auth_token,
        fake.sms_number,
        fake.whatsapp_number,
        api_base_url=fake.url,
        timeout=5,
        **kwargs,
    )


@pytest.fixture
def adapter(fake: FakeTwilio) -> TwilioMessagingAdapter:
    return make_adapter(fake)


def error_of(adapter: TwilioMessagingAdapter, msg: OutboundMessage) -> ChannelError:
    with pytest.raises(ChannelError) as info:
        adapter.send(msg)
    return info.value


# --------------------------------------------------------------------------- sending


def test_send_sms_goes_through_the_real_client_and_cleans_typography(fake, adapter):
    result = adapter.send(OutboundMessage("sms", "0812-3456-7890", "Tiket “MC-1” diterima…"))
    (sent,) = fake.sent_to(CITIZEN)
    assert sent["sid"] == result.provider_id and result.provider_id.startswith("SM")
    assert (sent["channel"], sent["to"], sent["from"]) == ("sms", CITIZEN, fake.sms_number)
    assert sent["body"] == 'Tiket "MC-1" diterima...'
    assert sent["content_sid"] is None
    assert fake.message(result.provider_id)["num_segments"] == "1"
    assert fake.wait_idle() and fake.sent_to(CITIZEN)[0]["status"] == "delivered"


def test_send_whatsapp_free_form_inside_the_window(fake, adapter):
    fake.citizen_whatsapp(CITIZEN, "halo")  # no messaging_url: just opens the window
    result = adapter.send(OutboundMessage("whatsapp", CITIZEN, "Laporan Anda kami terima."))
    (sent,) = fake.sent_to(CITIZEN)
    assert sent["sid"] == result.provider_id
    assert sent["from"] == "whatsapp:" + fake.whatsapp_number
    assert fake.message(result.provider_id)["to"] == "whatsapp:" + CITIZEN
    assert fake.wait_idle() and fake.sent_to(CITIZEN)[0]["status"] == "delivered"


def test_send_whatsapp_template_uses_content_sid_and_numbered_variables(fake, adapter):
    fake.templates["HXb5b62575e6e4ff6129ad7c8efe1f983e"] = "Tiket {{1}}: {{2}}"
    msg = OutboundMessage(
        "whatsapp",
        CITIZEN,
        "ignored when a template is set",
        template="HXb5b62575e6e4ff6129ad7c8efe1f983e",
        template_params=("MC-2026-000123", "selesai"),
    )
    adapter.send(msg)  # outside any window: templates are allowed
    (sent,) = fake.sent_to(CITIZEN)
    assert sent["content_sid"] == "HXb5b62575e6e4ff6129ad7c8efe1f983e"
    assert sent["content_variables"] == {"1": "MC-2026-000123", "2": "selesai"}
    assert sent["body"] == "Tiket MC-2026-000123: selesai"
    assert fake.wait_idle() and fake.sent_to(CITIZEN)[0]["status"] == "delivered"


def test_media_urls_and_status_callbacks_are_passed_on(fake):
    adapter = make_adapter(fake, status_callback="https://aduan.example.org/webhooks/twilio/status")
    fake.auto_deliver = False  # keep the callbacks queued: nothing listens at that URL
    media = ("https://aduan.example.org/media/peta.png",)
    result = adapter.send(OutboundMessage("sms", CITIZEN, "Lihat peta", media_urls=media))
    own = OutboundMessage("sms", CITIZEN, "x", status_callback="https://other.example.org/cb")
    adapter.send(own)
    first, second = fake.sent_to(CITIZEN)
    assert result.provider_id.startswith("MM") and first["media_urls"] == list(media)
    assert first["status_callback"] == "https://aduan.example.org/webhooks/twilio/status"
    assert second["status_callback"] == "https://other.example.org/cb"


def test_messaging_service_sid_replaces_the_sender(fake):
    service = "MG" + "a" * 32
    adapter = TwilioMessagingAdapter(
        fake.account_sid, fake.auth_token, service, service, api_base_url=fake.url
    )
    sid = adapter.send(OutboundMessage("sms", CITIZEN, "x")).provider_id
    assert fake.sent_to(CITIZEN)[0]["from"] == fake.sms_number
    assert fake.message(sid)["messaging_service_sid"] == service
    adapter.send(OutboundMessage("whatsapp", CITIZEN, "", template="HX1"))
    assert fake.sent_to(CITIZEN)[1]["from"] == "whatsapp:" + fake.whatsapp_number


def test_stop_reply_makes_later_sms_fail_permanently_with_21610(fake, adapter):
    fake.citizen_sms(CITIZEN, "STOP")
    error = error_of(adapter, OutboundMessage("sms", CITIZEN, "Update tiket"))
    assert (error.code, error.permanent) == ("21610", True)
    fake.citizen_sms(CITIZEN, "START")
    assert adapter.send(OutboundMessage("sms", CITIZEN, "Update tiket")).provider_id


def test_invalid_number_is_permanent_21211(adapter):
    error = error_of(adapter, OutboundMessage("sms", "+12", "x"))
    assert (error.code, error.permanent) == ("21211", True)


@pytest.mark.parametrize("code", sorted(PERMANENT_ERROR_CODES))
def test_every_permanent_code_is_permanent(fake, adapter, code):
    fake.fail_next(400 if code != 20404 else 404, code, "injected")
    error = error_of(adapter, OutboundMessage("sms", CITIZEN, "x"))
    assert (error.code, error.permanent) == (str(code), True)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (500, 20500, "20500"),
        (503, None, "503"),  # no JSON code: twilio-python reports the HTTP status
        (429, 20429, "20429"),
        (429, None, "429"),
        (401, 20003, "20003"),
    ],
)
def test_server_errors_rate_limits_and_auth_are_transient(fake, adapter, status, code, expected):
    fake.fail_next(status, code, "injected")
    error = error_of(adapter, OutboundMessage("whatsapp", CITIZEN, "x"))
    assert (error.code, error.permanent) == (expected, False)


def test_unknown_client_error_is_permanent(fake, adapter):
    fake.fail_next(400, 21617, "too long")
    assert error_of(adapter, OutboundMessage("sms", CITIZEN, "x")).permanent


def test_wrong_credentials_get_twilios_401_shape(fake):
    url = f"{fake.url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    answer = requests.post(url, data={"To": CITIZEN}, auth=(fake.account_sid, "wrong"), timeout=5)
    assert answer.status_code == 401
    assert answer.json() | {"more_info": None} == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": None,
        "status": 401,
    }
    wrong = TwilioMessagingAdapter(
        fake.account_sid, "wrong", fake.sms_number, fake.whatsapp_number, api_base_url=fake.url
    )
    assert error_of(wrong, OutboundMessage("sms", CITIZEN, "x")).code == "20003"


def test_network_error_is_transient():
    adapter = TwilioMessagingAdapter(
        "AC" + "0" * 32,
        "t",
        "+6231990100",
        "+6231990200",
        api_base_url=f"http://127.0.0.1:{free_port()}",
    )
    error = error_of(adapter, OutboundMessage("sms", CITIZEN, "x"))
    assert (error.code, error.permanent) == ("network", False)


def test_nothing_to_send_and_foreign_channel_are_permanent(adapter):
    assert error_of(adapter, OutboundMessage("sms", CITIZEN, "  ")).code == "empty"
    assert error_of(adapter, OutboundMessage("telegram", CITIZEN, "x")).permanent


def test_repr_hides_the_token(adapter):
    assert "sandbox-auth-token" not in repr(adapter)


# --------------------------------------------------------------------------- fetch_file


def test_fetch_file_follows_twilios_redirect_with_basic_auth(fake, adapter):
    url = fake.citizen_whatsapp(CITIZEN, "foto", media=[(JPEG, "image/jpeg")])["params"][
        "MediaUrl0"
    ]
    assert requests.get(url, timeout=5).status_code == 401  # media need the account's auth
    content, mime, name = adapter.fetch_file(url, max_bytes=10_000)
    assert (content, mime) == (JPEG, "image/jpeg")
    assert name.startswith("ME") and name.endswith(".jpg")


def test_fetch_file_rewrites_api_twilio_com_recording_urls_to_the_sandbox(fake, adapter):
    sid = fake.new_recording("CA" + "1" * 32, 12, "")
    url = f"https://api.twilio.com/2010-04-01/Accounts/{fake.account_sid}/Recordings/{sid}.mp3"
    content, mime, name = adapter.fetch_file(url, max_bytes=100_000)
    assert mime == "audio/mpeg" and content[:2] == b"\xff\xfb" and name == f"{sid}.mp3"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/media.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "https://api.twilio.com.evil.example/x",
        "https://api.twilio.com@evil.example/x",
        "http://api.twilio.com/insecure",
        "file:///etc/passwd",
    ],
)
def test_fetch_file_refuses_other_hosts_without_connecting(adapter, url):
    with pytest.raises(ChannelError) as info:
        adapter.fetch_file(url, max_bytes=1000)
    assert (info.value.code, info.value.permanent) == ("forbidden_host", True)


def test_fetch_file_refuses_too_large(fake, adapter):
    url = fake.citizen_sms(CITIZEN, "foto", media=[(JPEG, "image/jpeg")])["params"]["MediaUrl0"]
    with pytest.raises(ChannelError) as info:
        adapter.fetch_file(url, max_bytes=len(JPEG) - 1)
    assert (info.value.code, info.value.permanent) == ("too_large", True)


def test_fetch_file_unknown_media_is_a_permanent_404(fake, adapter):
    url = f"{fake.url}/2010-04-01/Accounts/{fake.account_sid}/Recordings/RE{'0' * 32}"
    with pytest.raises(ChannelError) as info:
        adapter.fetch_file(url, max_bytes=1000)
    assert (info.value.code, info.value.permanent) == ("404", True)


class Tricky:
    """A server at the adapter's api_base_url that redirects elsewhere, serves HTML and
    streams a body without Content-Length."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                    self.end_headers()
                elif self.path == "/html":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"hi")
                else:  # HTTP/1.0: the body ends when the connection closes
                    self.send_response(200)
                    self.send_header("Content-Type", "video/mp4")
                    self.end_headers()
                    self.wfile.write(b"\x00" * 5000)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tricky() -> Iterator[Tricky]:
    server = Tricky()
    yield server
    server.close()


@pytest.mark.parametrize(
    ("path", "code"),
    [("/redirect", "forbidden_host"), ("/html", "bad_type"), ("/stream", "too_large")],
)
def test_fetch_file_guards_redirects_types_and_streamed_sizes(tricky, path, code):
    adapter = TwilioMessagingAdapter("AC" + "0" * 32, "t", "+1", "+2", api_base_url=tricky.url)
    with pytest.raises(ChannelError) as info:
        adapter.fetch_file(tricky.url + path, max_bytes=4000)
    assert (info.value.code, info.value.permanent) == (code, True)


def test_sandbox_rest_fetch_and_unknown_message(fake, adapter):
    sid = adapter.send(OutboundMessage("sms", CITIZEN, "x")).provider_id
    fetched = adapter.client.messages(sid).fetch()
    assert fetched.sid == sid and fetched.to == CITIZEN
    url = f"{fake.url}/2010-04-01/Accounts/{fake.account_sid}/Messages/SM{'0' * 32}.json"
    answer = requests.get(url, auth=(fake.account_sid, fake.auth_token), timeout=5)
    assert answer.status_code == 404 and json.loads(answer.text)["code"] == 20404
