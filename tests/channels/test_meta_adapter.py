"""The real MetaMessengerAdapter (Facebook Page + Instagram, requests) against FakeGraph,
with the citizen side delivering signed webhooks to a local receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.base import ChannelError, Location, OutboundMessage
from channels.meta import MetaMessengerAdapter, normalize
from sandbox.graph import FakeGraph
from tests.channels.test_meta_helpers import APP_SECRET, Receiver

PSID, IGSID = "7380123456789012", "1289345678901234"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def fake(receiver: Receiver) -> Iterator[FakeGraph]:
    with FakeGraph(app_secret=APP_SECRET, meta_webhook_url=receiver.url) as graph:
        yield graph


@pytest.fixture
def page(fake: FakeGraph) -> MetaMessengerAdapter:
    return MetaMessengerAdapter(fake.page_access_token, fake.page_id, base_url=fake.base_url)


@pytest.fixture
def insta(fake: FakeGraph) -> MetaMessengerAdapter:
    return MetaMessengerAdapter(
        fake.page_access_token, fake.ig_id, channel="instagram", base_url=fake.base_url
    )


def out(text: str = "Aduan Anda kami terima: MC-2026-000123", **kwargs) -> OutboundMessage:
    return OutboundMessage(channel="facebook", recipient=PSID, text=text, **kwargs)


def error_of(adapter: MetaMessengerAdapter, message: OutboundMessage) -> ChannelError:
    with pytest.raises(ChannelError) as caught:
        adapter.send(message)
    return caught.value


# ----------------------------------------------------------------------- Messenger


def test_citizen_message_arrives_signed_and_normalizes(fake, receiver):
    result = fake.citizen_messenger(PSID, "Trotoar Jl. Embong Malang rusak")
    assert result["status"] == 200
    (request,) = receiver.wait_for(1)
    assert request["valid"] and request["payload"] == result["payload"]
    (message,) = normalize(request["payload"])
    assert (message.channel, message.sender_id) == ("facebook", PSID)
    assert message.text == "Trotoar Jl. Embong Malang rusak"
    assert message.meta["recipient"] == fake.page_id


def test_reply_inside_the_window_is_a_response(page, fake):
    fake.citizen_messenger(PSID, "halo")
    result = page.send(out())
    (sent,) = fake.sent_to("facebook", PSID)
    assert result.provider_id == sent["message_id"]
    assert sent["request"] == {
        "recipient": {"id": PSID},
        "messaging_type": "RESPONSE",
        "message": {"text": "Aduan Anda kami terima: MC-2026-000123"},
    }


def test_reply_outside_the_window_is_refused_as_outside_window(page, fake):
    fake.set_last_inbound("facebook", PSID, fake.now() - timedelta(hours=25))
    error = error_of(page, out())
    assert (error.code, error.permanent) == ("outside_window", True)
    assert fake.sent == []


def test_human_agent_tag_is_accepted_within_seven_days(page, fake):
    fake.set_last_inbound("facebook", PSID, fake.now() - timedelta(days=3))
    page.send(out("Petugas kami menjawab: perbaikan dijadwalkan besok.", template="HUMAN_AGENT"))
    request = fake.sent_to("facebook", PSID)[0]["request"]
    assert (request["messaging_type"], request["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")


def test_human_agent_tag_is_refused_after_seven_days(page, fake):
    fake.set_last_inbound("facebook", PSID, fake.now() - timedelta(days=8))
    assert error_of(page, out(template="HUMAN_AGENT")).code == "outside_window"


def test_a_whatsapp_template_name_is_not_a_message_tag(page, fake):
    fake.citizen_messenger(PSID, "halo")
    error = error_of(page, out(template="aduan_status_update"))
    assert (error.code, error.permanent) == ("unsupported_tag", True)
    assert fake.calls == []


def test_someone_who_never_wrote_cannot_be_messaged(page):
    error = error_of(page, out())
    assert (error.code, error.permanent) == ("100", True)


@pytest.mark.parametrize(
    ("http", "code", "subcode", "permanent"),
    [(400, 551, 1545041, True), (403, 200, None, True), (400, 613, None, False)],
)
def test_send_api_errors(page, fake, http, code, subcode, permanent):
    fake.citizen_messenger(PSID, "halo")
    fake.fail_next("messenger", http, code, subcode)
    error = error_of(page, out())
    assert (error.code, error.permanent) == (str(code), permanent)


def test_wrong_page_token_is_a_permanent_auth_failure(fake):
    adapter = MetaMessengerAdapter("expired", fake.page_id, base_url=fake.base_url)
    error = error_of(adapter, out())
    assert (error.code, error.permanent) == ("190", True)


def test_server_errors_are_transient(page, fake):
    fake.citizen_messenger(PSID, "halo")
    fake.fail_next("messenger", 500, 2)
    assert error_of(page, out()).permanent is False


def test_a_failure_after_a_delivered_part_is_unknown_not_retried(page, fake, monkeypatch):
    fake.citizen_messenger(PSID, "halo")
    real, calls = page.graph.post, []

    def post(path, body):
        calls.append(body)
        if len(calls) == 2:  # the photo after the text
            raise ChannelError("Send API 500", code="2")
        return real(path, body)

    monkeypatch.setattr(page.graph, "post", post)
    error = error_of(page, out("Foto perbaikan:", media_urls=("https://example.org/a.jpg",)))
    assert error.unknown and str(error).startswith("1 of 2 parts delivered")
    assert len(fake.sent_to("facebook", PSID)) == 1


def test_media_urls_follow_the_text_as_image_attachments(page, fake):
    fake.citizen_messenger(PSID, "halo")
    page.send(out("Foto perbaikan:", media_urls=("https://example.org/a.jpg",)))
    first, second = fake.sent_to("facebook", PSID)
    assert first["type"] == "text" and second["image_url"] == "https://example.org/a.jpg"


def test_location_from_messenger_normalizes(fake, receiver):
    fake.citizen_messenger(PSID, location=(-7.2655, 112.7424))
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    assert message.location == Location(-7.2655, 112.7424, name="Lokasi")


# ----------------------------------------------------------------------- Instagram


def test_instagram_dm_round_trip(insta, fake, receiver):
    fake.citizen_instagram(IGSID, "Lampu lalu lintas Jl. Pemuda mati")
    (request,) = receiver.wait_for(1)
    assert request["valid"] and request["payload"]["object"] == "instagram"
    (message,) = normalize(request["payload"])
    assert (message.channel, message.sender_id) == ("instagram", IGSID)
    result = insta.send(OutboundMessage(channel="instagram", recipient=IGSID, text="Terima kasih"))
    (sent,) = fake.sent_to("instagram", IGSID)
    assert sent["message_id"] == result.provider_id and sent["text"] == "Terima kasih"


def test_instagram_splits_at_1000_characters(insta, fake):
    fake.citizen_instagram(IGSID, "halo")
    insta.send(OutboundMessage(channel="instagram", recipient=IGSID, text="kata " * 300))
    assert [len(s["text"]) <= 1000 for s in fake.sent_to("instagram", IGSID)] == [True, True]


def test_instagram_outside_the_window(insta, fake):
    fake.set_last_inbound("instagram", IGSID, fake.now() - timedelta(days=2))
    message = OutboundMessage(channel="instagram", recipient=IGSID, text="Update tiket")
    assert error_of(insta, message).code == "outside_window"


# ----------------------------------------------------------------------- attachments


def test_fetch_file_downloads_an_attachment(page, fake, receiver):
    fake.citizen_messenger(PSID, image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    content, mime, name = page.fetch_file(message.attachments[0].ref, 10_000)
    assert (content, mime) == (JPEG, "image/jpeg") and name.endswith(".jpg")


def test_fetch_file_of_an_instagram_image(insta, fake, receiver):
    fake.citizen_instagram(IGSID, image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    assert insta.fetch_file(message.attachments[0].ref, 10_000)[0] == JPEG


def test_fetch_file_refuses_too_large(page, fake, receiver):
    fake.citizen_messenger(PSID, image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    with pytest.raises(ChannelError) as caught:
        page.fetch_file(message.attachments[0].ref, 100)
    assert (caught.value.code, caught.value.permanent) == ("too_large", True)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/x.jpg",
        "http://scontent.xx.fbcdn.net/v/x.jpg",  # plain http
        "https://fbcdn.net.evil.example/x.jpg",
        "https://evilfbcdn.net/x.jpg",
        "file:///etc/passwd",
    ],
)
def test_fetch_file_refuses_other_hosts(page, url):
    with pytest.raises(ChannelError) as caught:
        page.fetch_file(url, 10_000)
    assert (caught.value.code, caught.value.permanent) == ("forbidden_host", True)


@pytest.mark.parametrize(
    "url",
    [
        "https://scontent.xx.fbcdn.net/v/t1.15752-9/1_n.jpg",
        "https://scontent-sin6-1.cdninstagram.com/v/t51/1_n.jpg",
        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1&signature=x",
        # Messenger voice clips and files
        "https://cdn.fbsbx.com/v/t59.3654-21/1_n.mp4/audioclip-1535141750000-2438.mp4?oh=x",
        "https://cdn.fbsbx.com/v/t59.2708-21/1_n.pdf/surat.pdf?_nc_cat=1",
    ],
)
def test_meta_cdn_hosts_are_allowed(page, url):
    assert page.host_allowed(url)


def test_constructor_checks_the_channel():
    with pytest.raises(ValueError):
        MetaMessengerAdapter("t", "1", channel="whatsapp_cloud")


class _Redirector(BaseHTTPRequestHandler):
    """Answers /evil with a redirect off Meta's hosts, /ok with a redirect to /file."""

    def do_GET(self) -> None:
        targets = {"/evil": "https://evil.example.com/x.jpg", "/ok": "/file"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(JPEG)))
        self.end_headers()
        self.wfile.write(JPEG)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_redirects_are_followed_only_to_allowed_hosts():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        adapter = MetaMessengerAdapter("t", "1", base_url=f"{base}/v23.0")
        assert adapter.fetch_file(f"{base}/ok", 10_000)[:2] == (JPEG, "image/jpeg")
        with pytest.raises(ChannelError) as caught:
            adapter.fetch_file(f"{base}/evil", 10_000)  # refused before any connection
        assert caught.value.code == "forbidden_host"
    finally:
        server.shutdown()
        server.server_close()
