"""The real WhatsAppCloudAdapter (requests) against the FakeGraph sandbox, with status
webhooks arriving at a local receiver that checks the signature."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest

from channels.base import ChannelError, OutboundMessage
from channels.whatsapp_cloud import WhatsAppCloudAdapter, normalize, parse_statuses
from sandbox.graph import FakeGraph
from tests.channels.test_meta_helpers import APP_SECRET, VERIFY_TOKEN, Receiver

NUMBER = "+6281234567890"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8  # 2052 bytes that look like a JPEG


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def fake(receiver: Receiver) -> Iterator[FakeGraph]:
    graph = FakeGraph(
        app_secret=APP_SECRET,
        verify_token=VERIFY_TOKEN,
        whatsapp_webhook_url=receiver.url,
        retry_base_delay=0.05,
    )
    with graph:
        yield graph


@pytest.fixture
def adapter(fake: FakeGraph) -> WhatsAppCloudAdapter:
    return WhatsAppCloudAdapter(fake.access_token, fake.phone_number_id, base_url=fake.base_url)


def out(text: str = "Aduan Anda kami terima: MC-2026-000123", **kwargs) -> OutboundMessage:
    return OutboundMessage(channel="whatsapp_cloud", recipient=NUMBER, text=text, **kwargs)


def statuses(receiver: Receiver, count: int) -> list:
    """The status updates in the first `count` webhook requests (all signature-checked)."""
    requests = receiver.wait_for(count)
    assert all(r["valid"] for r in requests)
    return [s for r in requests[:count] for s in parse_statuses(r["payload"])]


def citizen_writes(fake: FakeGraph, receiver: Receiver, text: str = "Jalan berlubang") -> None:
    result = fake.citizen_whatsapp(NUMBER, text)
    assert result["status"] == 200
    receiver.wait_for(1)


# ----------------------------------------------------------------------- sending


def test_text_inside_the_window_is_sent_and_delivered(adapter, fake, receiver):
    citizen_writes(fake, receiver)
    result = adapter.send(out())
    (sent,) = fake.sent_to("whatsapp_cloud", NUMBER)
    assert result.provider_id == sent["message_id"] and sent["message_id"].startswith("wamid.")
    assert sent["request"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "text",
        "text": {"body": "Aduan Anda kami terima: MC-2026-000123", "preview_url": False},
    }
    updates = statuses(receiver, 3)
    assert [(u.provider_id, u.status) for u in updates] == [
        (result.provider_id, "sent"),
        (result.provider_id, "delivered"),
    ]
    assert all(u.recipient == NUMBER and u.error_code is None for u in updates)


def test_reply_context_names_the_citizens_message(adapter, fake, receiver):
    citizen_writes(fake, receiver)
    incoming = normalize(receiver.accepted()[0])[0].external_id
    adapter.send(out("Baik, kami cek.", reply_to=incoming))
    assert fake.sent[-1]["request"]["context"] == {"message_id": incoming}


def test_template_goes_out_with_language_and_body_parameters(adapter, fake, receiver):
    message = out(template="aduan_status_update", template_params=("MC-2026-000123", "selesai"))
    result = adapter.send(message)  # no window needed for a template
    assert fake.sent[-1]["request"]["template"] == {
        "name": "aduan_status_update",
        "language": {"code": "id"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "MC-2026-000123"},
                    {"type": "text", "text": "selesai"},
                ],
            }
        ],
    }
    assert [u.status for u in statuses(receiver, 2)] == ["sent", "delivered"]
    assert fake.sent_to("whatsapp", NUMBER)[0]["message_id"] == result.provider_id


def test_long_text_is_split_and_the_first_id_returned(adapter, fake, receiver):
    citizen_writes(fake, receiver)
    result = adapter.send(out(("jalan rusak " * 400).strip()))
    sent = fake.sent_to("whatsapp_cloud", NUMBER)
    assert len(sent) == 2 and all(len(s["text"]) <= 4096 for s in sent)
    assert result.provider_id == sent[0]["message_id"]


def test_free_form_after_24_hours_is_accepted_then_fails_with_131047(adapter, fake, receiver):
    fake.set_last_inbound("whatsapp_cloud", NUMBER, fake.now() - timedelta(hours=25))
    result = adapter.send(out("Tiket Anda sudah selesai."))  # accepted: no error here
    (update,) = statuses(receiver, 1)
    assert (update.provider_id, update.status) == (result.provider_id, "failed")
    assert (update.error_code, update.error_title) == ("131047", "Re-engagement message")
    assert fake.sent[-1]["status"] == "failed" and fake.sent[-1]["error_code"] == "131047"


def test_unknown_template_is_accepted_then_fails_with_132001(adapter, fake, receiver):
    result = adapter.send(out(template="tidak_ada"))
    (update,) = statuses(receiver, 1)
    assert (update.provider_id, update.status, update.error_code) == (
        result.provider_id,
        "failed",
        "132001",
    )


def test_template_parameter_mismatch_is_permanent(adapter, fake):
    with pytest.raises(ChannelError) as caught:
        adapter.send(out(template="hello_world", template_params=("extra",)))
    assert (caught.value.code, caught.value.permanent) == ("132000", True)


def test_wrong_token_is_a_permanent_auth_failure(fake):
    adapter = WhatsAppCloudAdapter("wrong-token", fake.phone_number_id, base_url=fake.base_url)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out())
    assert (caught.value.code, caught.value.permanent) == ("190", True)
    assert "wrong-token" not in str(caught.value)


@pytest.mark.parametrize(
    ("http", "code", "permanent"),
    [
        (429, 130429, False),  # throughput
        (400, 131056, False),  # pair rate limit
        (500, 131000, False),  # something went wrong
        (503, 2, False),  # service outage
        (400, 131047, True),  # re-engagement, when Meta says so at once
        (400, 131026, True),  # undeliverable
    ],
)
def test_graph_errors_map_to_permanent_or_transient(adapter, fake, http, code, permanent):
    fake.fail_next("whatsapp", http, code)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out(template="aduan_status_update"))
    assert (caught.value.code, caught.value.permanent) == (str(code), permanent)
    adapter.send(out(template="aduan_status_update"))  # the next call goes through


def test_a_failure_after_a_delivered_part_is_unknown_not_retried(adapter, monkeypatch):
    """The text went out, its photo failed: sending all again would repeat the text."""
    answers = iter(["wamid.1", ChannelError("Graph 500", code="131000")])

    def post(body):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(adapter, "_post", post)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Foto perbaikan:", media_urls=("https://example.org/a.jpg",)))
    assert caught.value.unknown and str(caught.value).startswith("1 of 2 parts delivered")


def test_unreachable_graph_is_transient():
    adapter = WhatsAppCloudAdapter("t", "1", base_url="http://127.0.0.1:9/v23.0", timeout=2)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out())
    assert (caught.value.code, caught.value.permanent) == ("network", False)


@pytest.mark.parametrize("recipient", ["", "0812", "+62 abc", "@warga"])
def test_invalid_recipients_fail_before_calling_graph(adapter, fake, recipient):
    with pytest.raises(ChannelError) as caught:
        adapter.send(OutboundMessage(channel="whatsapp_cloud", recipient=recipient, text="x"))
    assert (caught.value.code, caught.value.permanent) == ("invalid_recipient", True)
    assert fake.calls == []


def test_nothing_to_send_is_permanent(adapter):
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("   "))
    assert caught.value.code == "empty" and caught.value.permanent


# ----------------------------------------------------------------------- media


def test_fetch_file_downloads_a_citizens_photo(adapter, fake, receiver):
    fake.citizen_whatsapp(NUMBER, "Foto jalan", image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    assert message.text == "Foto jalan"
    content, mime, name = adapter.fetch_file(message.attachments[0].ref, 10_000)
    assert (content, mime) == (JPEG, "image/jpeg")
    assert name == f"{message.attachments[0].ref}.jpg"
    assert [c["kind"] for c in fake.calls] == ["media", "download"]


def test_fetch_file_of_a_voice_note(adapter, fake, receiver):
    fake.citizen_whatsapp(NUMBER, audio=b"OggS" + b"\0" * 100)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    assert message.attachments[0].kind == "voice"
    content, mime, _ = adapter.fetch_file(message.attachments[0].ref, 10_000)
    assert content.startswith(b"OggS") and mime == "audio/ogg"


def test_fetch_file_refuses_a_too_large_file_before_downloading(adapter, fake, receiver):
    fake.citizen_whatsapp(NUMBER, image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_file(message.attachments[0].ref, 1000)
    assert (caught.value.code, caught.value.permanent) == ("too_large", True)
    assert [c["kind"] for c in fake.calls] == ["media"]  # never downloaded


def test_fetch_file_of_an_unknown_media_id_is_permanent(adapter):
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_file("999", 1000)
    assert (caught.value.code, caught.value.permanent) == ("100", True)


def test_media_url_needs_the_bearer_token(adapter, fake, receiver):
    fake.citizen_whatsapp(NUMBER, image=JPEG)
    (message,) = normalize(receiver.wait_for(1)[0]["payload"])
    url = adapter.graph.get(message.attachments[0].ref)["url"]
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(url, timeout=5)
    assert caught.value.code == 401
    assert json.loads(caught.value.read())["error"]["code"] == 190
    caught.value.close()


def test_transient_media_lookup_failure(adapter, fake):
    fake.fail_next("media", 500, 1)
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_file("123", 1000)
    assert (caught.value.code, caught.value.permanent) == ("1", False)
