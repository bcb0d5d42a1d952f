"""The real XAdapter (tweepy + requests) against the FakeX sandbox on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

import channels.x as x_channel
from channels.base import ChannelError, OutboundMessage
from channels.x import XAdapter
from sandbox import free_port
from sandbox.x import FakeX

US = "@sapawargasby"
BUDI, RIRIN = "1600000000000000011", "1600000000000000012"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeX]:
    with FakeX() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeX) -> FakeX:
    server.reset()
    return server


@pytest.fixture
def adapter(fake: FakeX) -> XAdapter:
    return XAdapter(**fake.credentials, account_user_id=fake.account_id, api_base_url=fake.url)


def calls(fake: FakeX, fragment: str) -> list[dict[str, Any]]:
    return [call for call in fake.calls if fragment in call["path"]]


def mention(fake: FakeX, text: str, user: str = BUDI, name: str = "budi_sby", **kw: Any) -> str:
    return fake.citizen_mentions(user, name, f"{US} {text}", **kw)["id"]


def reply(text: str, to: str) -> OutboundMessage:
    return OutboundMessage(channel="x", recipient=BUDI, text=text, reply_to=to)


# ----------------------------------------------------------------- reading mentions


def test_no_mentions_gives_nothing_and_no_cursor(adapter: XAdapter, fake: FakeX):
    assert adapter.fetch_mentions(None) == ([], None)
    assert calls(fake, "/mentions")[0]["auth"] == "app"  # the bearer token


def test_mentions_follow_next_token_across_pages_oldest_first(adapter: XAdapter, fake: FakeX):
    ids = [mention(fake, f"jalan berlubang nomor {n}") for n in range(12)]
    messages, newest = adapter.fetch_mentions(None, max_results=5)
    assert [m.external_id for m in messages] == ids
    assert newest == ids[-1]
    assert len(calls(fake, "/mentions")) == 3  # 5 + 5 + 2
    first = messages[0]
    assert first.channel == "x" and first.public is True and first.sender_id == BUDI
    assert first.sender_name == "@budi_sby" and first.thread_id == ids[0]
    assert first.text == f"{US} jalan berlubang nomor 0"


def test_pages_are_capped(adapter: XAdapter, fake: FakeX, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(x_channel, "MAX_PAGES", 2)
    ids = [mention(fake, f"laporan {n}") for n in range(12)]
    messages, newest = adapter.fetch_mentions(None, max_results=5)
    assert [m.external_id for m in messages] == ids[2:]
    assert newest == ids[-1]


def test_since_id_returns_only_newer_mentions(adapter: XAdapter, fake: FakeX):
    old = [mention(fake, f"sampah {n}") for n in range(3)]
    _, cursor = adapter.fetch_mentions(None)
    assert cursor == old[-1]
    new = [mention(fake, "pohon tumbang", RIRIN, "ririn_sby") for _ in range(2)]
    messages, newest = adapter.fetch_mentions(cursor)
    assert [m.external_id for m in messages] == new
    assert newest == new[-1] and int(newest) > int(cursor)
    assert adapter.fetch_mentions(newest) == ([], None)


def test_own_tweets_are_skipped_but_advance_the_cursor(adapter: XAdapter, fake: FakeX):
    citizen = mention(fake, "lampu mati")
    ours = adapter.send(OutboundMessage(channel="x", recipient="", text=f"Info dari {US}"))
    messages, newest = adapter.fetch_mentions(None)
    assert [m.external_id for m in messages] == [citizen]
    assert newest == ours.provider_id


def test_mention_media_place_and_reply_thread(adapter: XAdapter, fake: FakeX):
    root = mention(fake, "banjir", media=["https://img.example/banjir.jpg"], place="Taman Bungkul")
    follow = mention(fake, "masih banjir", reply_to=root)
    (first, second), _ = adapter.fetch_mentions(None)
    assert first.text == f"{US} banjir"  # the media t.co link is dropped
    assert [(a.kind, a.ref) for a in first.attachments] == [
        ("photo", "https://img.example/banjir.jpg")
    ]
    assert first.meta["place"]["full_name"] == "Taman Bungkul"
    assert second.external_id == follow and second.thread_id == root
    assert second.meta["in_reply_to_tweet_id"] == root


def test_account_id_comes_from_get_me_once(fake: FakeX):
    adapter = XAdapter(**fake.credentials, api_base_url=fake.url)
    assert adapter.account_id() == fake.account_id
    adapter.fetch_mentions(None)
    assert len(calls(fake, "/users/me")) == 1


def test_without_bearer_token_mentions_use_user_auth(fake: FakeX):
    creds = fake.credentials | {"bearer_token": ""}
    adapter = XAdapter(**creds, account_user_id=fake.account_id, api_base_url=fake.url)
    adapter.fetch_mentions(None)
    assert calls(fake, "/mentions")[0]["auth"] == "user"


# ----------------------------------------------------------------- reading DMs


def test_dms_oldest_first_skip_ours_and_stop_at_the_cursor(adapter: XAdapter, fake: FakeX):
    first = [fake.citizen_dms(BUDI, "budi_sby", f"pesan {n}")["id"] for n in range(3)]
    messages, cursor = adapter.fetch_dms(None)
    assert [m.external_id for m in messages] == first and cursor == first[-1]
    assert messages[0].channel == "x_dm" and messages[0].public is False
    assert messages[0].thread_id == f"{fake.account_id}-{BUDI}"
    assert messages[0].sender_name == "@budi_sby"

    answer = adapter.send(OutboundMessage(channel="x_dm", recipient=BUDI, text="Baik, dicatat."))
    later = fake.citizen_dms(RIRIN, "ririn_sby", "halo")["id"]
    messages, newest = adapter.fetch_dms(cursor)
    assert [m.external_id for m in messages] == [later]
    assert newest == later
    messages, newest = adapter.fetch_dms(later)
    assert (messages, newest) == ([], None)
    assert answer.provider_id in {e["id"] for e in fake.dms_with(BUDI)}


def test_dms_page_back_until_the_cursor(adapter: XAdapter, fake: FakeX):
    ids = [fake.citizen_dms(BUDI, "budi_sby", f"pesan {n}")["id"] for n in range(130)]
    messages, _ = adapter.fetch_dms(None)
    assert [m.external_id for m in messages] == ids
    assert len(calls(fake, "/dm_events")) == 2  # 100 + 30
    messages, newest = adapter.fetch_dms(ids[120])
    assert [m.external_id for m in messages] == ids[121:] and newest == ids[-1]
    assert len(calls(fake, "/dm_events")) == 3  # the cursor was on the first page


# ----------------------------------------------------------------- sending


def test_public_reply_lands_under_the_citizens_tweet(adapter: XAdapter, fake: FakeX):
    other = mention(fake, "lain")
    tweet = mention(fake, "got mampet")
    sent = adapter.send(reply("Terima kasih, laporan Anda: MC-2026-000123.", tweet))
    (posted,) = fake.replies_to(tweet)
    assert posted["id"] == sent.provider_id and posted["author_id"] == fake.account_id
    assert posted["in_reply_to_user_id"] == BUDI and posted["conversation_id"] == tweet
    assert fake.replies_to(other) == []
    timeline = fake.timeline(BUDI)["tweets"]
    assert [(t["direction"], t["id"]) for t in timeline][-1] == ("out", sent.provider_id)


def test_dm_send_returns_the_event_id(adapter: XAdapter, fake: FakeX):
    fake.citizen_dms(BUDI, "budi_sby", "halo min")
    sent = adapter.send(
        OutboundMessage(channel="x_dm", recipient=BUDI, text="Halo, ada yang bisa dibantu?")
    )
    last = fake.dms_with(BUDI)[-1]
    assert last["id"] == sent.provider_id and last["sender_id"] == fake.account_id


def test_duplicate_tweet_is_permanent_forbidden(adapter: XAdapter, fake: FakeX):
    tweet = mention(fake, "jalan rusak")
    adapter.send(reply("Laporan diterima.", tweet))
    with pytest.raises(ChannelError) as caught:
        adapter.send(reply("Laporan diterima.", tweet))
    assert caught.value.permanent and caught.value.code == "forbidden"
    assert "duplicate content" in str(caught.value)


def test_too_long_tweet_is_refused_before_calling_x(adapter: XAdapter, fake: FakeX):
    with pytest.raises(ChannelError) as caught:
        adapter.send(reply("a" * 281, mention(fake, "x")))
    assert caught.value.permanent and caught.value.code == "too_long"
    assert calls(fake, "/2/tweets") == []


def test_dm_to_a_stranger_is_permanent_forbidden(adapter: XAdapter):
    with pytest.raises(ChannelError) as caught:
        adapter.send(OutboundMessage(channel="x_dm", recipient="1799999999999999999", text="hi"))
    assert caught.value.permanent and caught.value.code == "forbidden"


def test_empty_and_media_messages_are_refused(adapter: XAdapter):
    with pytest.raises(ChannelError) as caught:
        adapter.send(OutboundMessage(channel="x", recipient=BUDI, text="  "))
    assert caught.value.code == "empty"
    media = OutboundMessage(
        channel="x", recipient=BUDI, text="foto", media_urls=("https://a/b.jpg",)
    )
    with pytest.raises(ChannelError) as caught:
        adapter.send(media)
    assert caught.value.permanent and caught.value.code == "unsupported"


# ----------------------------------------------------------------- errors


def test_rate_limit_is_transient_with_retry_after_and_no_sleep(adapter: XAdapter, fake: FakeX):
    fake.rate_limit_next(reset_in_seconds=120)
    started = time.monotonic()
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_mentions(None)
    assert time.monotonic() - started < 2
    error = caught.value
    assert not error.permanent and error.code == "429"
    assert error.retry_after is not None and 118 <= error.retry_after <= 121
    assert adapter.fetch_mentions(None) == ([], None)  # the next call goes through


def test_revoked_tokens_are_permanent_auth_errors(adapter: XAdapter, fake: FakeX):
    fake.revoke_tokens()
    for call in (lambda: adapter.fetch_mentions(None), lambda: adapter.fetch_dms(None)):
        with pytest.raises(ChannelError) as caught:
            call()
        assert caught.value.permanent and caught.value.code == "auth"
    with pytest.raises(ChannelError) as caught:
        adapter.send(reply("Terima kasih.", "1869000000000000105"))
    assert caught.value.code == "auth"
    assert fake.access_token not in str(caught.value)


def test_wrong_access_token_is_an_auth_error(fake: FakeX):
    creds = fake.credentials | {"access_token": "someone-else"}
    adapter = XAdapter(**creds, account_user_id=fake.account_id, api_base_url=fake.url)
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_dms(None)
    assert caught.value.permanent and caught.value.code == "auth"


def test_server_errors_and_unreachable_hosts_are_transient(adapter: XAdapter, fake: FakeX):
    fake.fail_next(503)
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_mentions(None)
    assert not caught.value.permanent and caught.value.code == "503"
    dead = XAdapter(
        **fake.credentials,
        account_user_id=fake.account_id,
        api_base_url=f"http://127.0.0.1:{free_port()}",
        timeout=2,
    )
    with pytest.raises(ChannelError) as caught:
        dead.fetch_dms(None)
    assert not caught.value.permanent and caught.value.code == "network"


def test_unknown_tweet_and_bad_request_are_permanent(adapter: XAdapter, fake: FakeX):
    with pytest.raises(ChannelError) as caught:
        adapter.send(reply("Terima kasih.", "1869000000000000999"))
    assert caught.value.permanent and caught.value.code == "forbidden"
    fake.fail_next(404)
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_mentions(None)
    assert caught.value.permanent and caught.value.code == "not_found"
    fake.fail_next(400)
    with pytest.raises(ChannelError) as caught:
        adapter.fetch_mentions(None)
    assert caught.value.permanent and caught.value.code == "bad_request"
    with pytest.raises(ValueError):
        adapter.fetch_mentions("not-a-tweet-id")


def test_repr_hides_the_tokens(adapter: XAdapter, fake: FakeX):
    assert fake.access_token not in repr(adapter) and fake.bearer_token not in repr(adapter)
