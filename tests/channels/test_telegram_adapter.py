"""The real TelegramAdapter (python-telegram-bot + httpx) against the FakeTelegram sandbox,
and the sandbox's citizen side delivering to a local webhook receiver."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import pytest

import channels.telegram as telegram_channel
from channels.base import ChannelError, OutboundMessage
from channels.telegram import TelegramAdapter
from channels.telegram_parse import normalize
from sandbox.telegram import FakeTelegram
from tests.receiver import Receiver

CHAT = 587321904
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8  # 2052 bytes that look like a JPEG


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(retry_base_delay=0.05) as server:
        yield server


@pytest.fixture
def adapter(fake: FakeTelegram) -> TelegramAdapter:
    return TelegramAdapter(fake.token, base_url=fake.base_url, timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver("/webhooks/telegram")
    yield server
    server.close()


@pytest.fixture
def http(fake: FakeTelegram) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.url, trust_env=False, timeout=5) as client:
        yield client


def out(text: str, *media: str) -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient=str(CHAT), text=text, media_urls=media)


# ----------------------------------------------------------------------- sending


def test_send_text_reaches_the_chat_without_a_getme(adapter, fake):
    result = adapter.send(out("Aduan Anda kami terima: MC-2026-000123"))
    (sent,) = fake.sent_to(CHAT)
    assert sent["text"] == "Aduan Anda kami terima: MC-2026-000123"
    assert result.provider_id == str(sent["message_id"])
    assert [call["method"] for call in fake.calls] == ["sendMessage"]


def test_long_text_is_split_into_telegram_sized_messages(adapter, fake):
    paragraph = ("jalan rusak " * 300).strip()  # 3599 characters
    result = adapter.send(out("\n\n".join([paragraph] * 3)))
    sent = fake.sent_to(CHAT)
    assert [item["text"] for item in sent] == [paragraph] * 3
    assert result.provider_id == str(sent[0]["message_id"])


def test_media_urls_go_out_as_photos_after_the_text(adapter, fake):
    adapter.send(out("Foto perbaikan:", "https://example.org/a.jpg", "https://example.org/b.jpg"))
    sent = fake.sent_to(CHAT)
    assert [item["method"] for item in sent] == ["sendMessage", "sendPhoto", "sendPhoto"]
    assert [item.get("photo") for item in sent[1:]] == [
        "https://example.org/a.jpg",
        "https://example.org/b.jpg",
    ]


def test_reply_to_names_the_citizens_message_without_requiring_it(adapter, fake):
    adapter.send(OutboundMessage(channel="telegram", recipient=str(CHAT), text="Ok", reply_to="41"))
    (sent,) = fake.sent_to(CHAT)
    assert json.loads(sent["params"]["reply_parameters"]) == {
        "message_id": 41,
        "allow_sending_without_reply": True,
    }


def test_loopback_traffic_ignores_proxy_variables(adapter, fake, receiver, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    adapter.set_webhook(receiver.url, "abc")
    assert adapter.send(out("Halo")).provider_id
    assert fake.citizen_sends(CHAT, text="Halo")["status"] == 200


def test_blocked_bot_is_a_permanent_error(adapter, fake):
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Halo"))
    assert caught.value.permanent and caught.value.code == "403"
    assert "blocked" in str(caught.value)
    assert fake.sent == []


def test_chat_not_found_is_a_permanent_error(adapter, fake):
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Halo"))
    assert caught.value.permanent and caught.value.code == "400"
    assert "chat not found" in str(caught.value).lower()


def test_flood_control_is_transient_with_retry_after(adapter, fake):
    fake.fail_next("sendMessage", 429, retry_after=5)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Halo"))
    assert not caught.value.permanent
    assert (caught.value.code, caught.value.retry_after) == ("429", 5.0)


def test_server_error_is_transient(adapter, fake):
    fake.fail_next("sendMessage", 500)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Halo"))
    assert not caught.value.permanent and caught.value.retry_after is None
    assert "<token>" not in str(caught.value) and fake.token not in str(caught.value)


def test_short_flood_wait_after_a_delivered_part_is_waited_out(adapter, fake, monkeypatch):
    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(telegram_channel, "_sleep", no_sleep)
    fake.fail_next("sendPhoto", 429, retry_after=2)
    adapter.send(out("Foto:", "https://example.org/a.jpg"))
    assert waits == [2.0]
    assert [item["method"] for item in fake.sent_to(CHAT)] == ["sendMessage", "sendPhoto"]


@pytest.mark.parametrize(("status", "retry_after"), [(429, 30), (500, None)])
def test_a_failure_after_a_delivered_part_is_unknown_not_retried(
    adapter, fake, status, retry_after
):
    """Sending the whole message again would repeat the text the citizen already has."""
    fake.fail_next("sendPhoto", status, retry_after=retry_after)
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Foto:", "https://example.org/a.jpg"))
    assert caught.value.unknown and not caught.value.permanent
    assert str(caught.value).startswith("1 of 2 parts delivered, then: ")
    assert [item["method"] for item in fake.sent_to(CHAT)] == ["sendMessage"]


def test_a_permanent_failure_after_a_delivered_part_stays_permanent(adapter, fake):
    fake.fail_next("sendPhoto", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(ChannelError) as caught:
        adapter.send(out("Foto:", "https://example.org/a.jpg"))
    assert caught.value.permanent and not caught.value.unknown


def test_wrong_token_is_rejected_like_telegram(fake, http):
    answer = http.get("/bot999:WRONG/getMe")
    assert answer.status_code == 401
    assert answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    with pytest.raises(ChannelError) as caught:
        TelegramAdapter("999:WRONG", base_url=fake.base_url).get_me()
    assert caught.value.code == "401" and "999:WRONG" not in str(caught.value)


def test_reset_forgets_everything_but_keeps_serving(adapter, fake):
    adapter.set_webhook("https://aduan.example/hook", "abc")
    adapter.send(out("Halo"))
    fake.fail_next("sendMessage", 500)
    fake.reset()
    assert fake.sent == [] and fake.calls == [] and fake.webhook["url"] == ""
    assert adapter.send(out("Halo lagi")).provider_id  # the injected failure is gone too


def test_get_me_returns_the_bot(adapter):
    assert adapter.get_me()["username"] == "AduanSandboxBot"


# ----------------------------------------------------------------------- files


def test_fetch_file_downloads_the_citizens_photo(adapter, fake):
    update = fake.citizen_sends(CHAT, photo=JPEG, caption="Lubang di jalan")["update"]
    (msg,) = normalize(update)
    content, mime, path = adapter.fetch_file(msg.attachments[0].ref, max_bytes=10_000)
    assert content == JPEG
    assert mime == "image/jpeg"
    assert path.startswith("photos/") and path.endswith(".jpg")


def test_fetch_file_refuses_a_file_over_the_limit(adapter, fake):
    update = fake.citizen_sends(CHAT, photo=JPEG)["update"]
    file_id = update["message"]["photo"][-1]["file_id"]
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_file(file_id, max_bytes=1000)
    assert caught.value.permanent and caught.value.code == "too_large"
    assert [call["method"] for call in fake.calls] == ["getFile"]  # nothing downloaded


def test_fetch_file_with_unknown_id_is_permanent(adapter):
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_file("AgACnope", max_bytes=1000)
    assert caught.value.permanent


# ----------------------------------------------------------------------- webhooks


def test_set_webhook_registers_url_and_secret(adapter, fake):
    assert adapter.set_webhook("https://aduan.example/webhooks/telegram", "s3cr3t_T0ken-1")
    assert fake.webhook == {
        "url": "https://aduan.example/webhooks/telegram",
        "secret_token": "s3cr3t_T0ken-1",
        "allowed_updates": ["message"],
    }
    assert adapter.delete_webhook()
    assert fake.webhook["url"] == ""


def test_citizen_message_is_delivered_with_the_secret_header(adapter, fake, receiver):
    adapter.set_webhook(receiver.url, "rahasia-123")
    result = fake.citizen_sends(CHAT, text="/status MC-2026-000123", first_name="Siti")
    assert (result["status"], result["delivered"]) == (200, True)
    (request,) = receiver.wait_for(1)
    assert request["headers"]["X-Telegram-Bot-Api-Secret-Token"] == "rahasia-123"
    assert json.loads(request["body"]) == result["update"]
    (msg,) = normalize(result["update"])
    assert (msg.command, msg.command_args, msg.sender_id) == ("status", "MC-2026-000123", str(CHAT))
    assert msg.sender_name == "Siti"


def test_failed_delivery_is_retried_in_the_background(adapter, fake, receiver):
    adapter.set_webhook(receiver.url, "rahasia-123")
    receiver.statuses.append(500)
    result = fake.citizen_sends(CHAT, location=(-7.2575, 112.7521))
    assert (result["status"], result["delivered"]) == (500, False)
    first, second = receiver.wait_for(2)
    assert first["body"] == second["body"]
    assert second["headers"]["X-Telegram-Bot-Api-Secret-Token"] == "rahasia-123"
    info = fake.state()["webhook"]
    assert "500" in info["last_error_message"]


def test_retry_pending_delivers_now(fake, receiver):
    slow = FakeTelegram(retry_base_delay=3600).start()  # the background retry never comes
    try:
        slow.call("setWebhook", {"url": receiver.url, "secret_token": "abc"})
        receiver.statuses.append(503)
        assert slow.citizen_sends(CHAT, text="Halo")["delivered"] is False
        assert len(slow.pending) == 1
        assert slow.retry_pending() == 1
        assert slow.pending == [] and len(receiver.wait_for(2)) == 2
    finally:
        slow.stop()


def test_without_webhook_updates_wait_for_get_updates(fake, http, receiver):
    result = fake.citizen_sends(CHAT, text="Halo")
    assert result["status"] is None and not result["delivered"]
    updates = http.post(f"/bot{fake.token}/getUpdates", data={"offset": "0"}).json()["result"]
    assert updates == [result["update"]]
    # registering a webhook later hands the waiting update to it
    http.post(f"/bot{fake.token}/setWebhook", json={"url": receiver.url, "secret_token": "x"})
    (request,) = receiver.wait_for(1)
    assert json.loads(request["body"])["update_id"] == result["update"]["update_id"]


# ----------------------------------------------------------------------- control API


def test_control_api_drives_the_citizen_and_shows_the_chat(adapter, fake, http):
    payload = {"chat_id": CHAT, "photo_base64": base64.b64encode(JPEG).decode()}
    sent = http.post("/sandbox/citizen/send", json=payload | {"caption": "Pohon tumbang"})
    assert sent.status_code == 200 and sent.json()["update"]["message"]["caption"]
    http.post("/sandbox/citizen/send", json={"chat_id": CHAT, "latitude": -7.3, "longitude": 112.7})
    adapter.send(out("Terima kasih, aduan Anda tercatat."))
    messages = http.get(f"/sandbox/chats/{CHAT}/messages").json()["messages"]
    assert [m["direction"] for m in messages] == ["in", "in", "out"]
    assert messages[0]["text"] == "Pohon tumbang"
    assert http.get(messages[0]["photo_url"]).content == JPEG
    assert messages[1]["location"] == {"latitude": -7.3, "longitude": 112.7}
    assert messages[2]["text"] == "Terima kasih, aduan Anda tercatat."
    later = http.get(f"/sandbox/chats/{CHAT}/messages?after={messages[1]['message_id']}")
    assert [m["direction"] for m in later.json()["messages"]] == ["out"]
    state = http.get("/sandbox/state").json()
    assert state["counts"]["sent"] == 1 and state["counts"]["queued"] == 2
    bad = http.post("/sandbox/citizen/send", json={"chat_id": CHAT})
    assert bad.status_code == 400


def test_update_ids_go_on_increasing_after_a_sandbox_restart(fake):
    """The desk drops an update id it has stored (a provider retry): a restarted sandbox
    must not hand out the ids of the one before it."""
    from sandbox.telegram import FakeTelegram

    before = fake.citizen_sends(chat_id=42, text="sebelum restart")["update"]["update_id"]
    restarted = FakeTelegram(token="111111:TESTTOKEN")
    after = restarted.citizen_sends(chat_id=42, text="sesudah restart")["update"]["update_id"]
    assert after > before
