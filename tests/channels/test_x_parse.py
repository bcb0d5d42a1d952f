"""The pure parts of channels.x on real X payload shapes (tests/fixtures/x): API v2
mention and DM pages, Account Activity payloads, CRC, signatures and tweet length."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tweepy

from channels.base import Attachment, Location
from channels.x import (
    crc_response,
    fits_tweet,
    normalize_activity,
    parse_dm_events,
    parse_mentions,
    parse_time,
    tweet_length,
    verify_signature,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x"
ACCOUNT = "1500000000000000001"
SECRET = "s3cr3t-consumer-secret"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


# ----------------------------------------------------------------- API v2 mentions


def test_mention_page_maps_every_field_and_skips_our_own_tweet():
    messages = parse_mentions(load("mentions_page1"), ACCOUNT)
    assert [m.external_id for m in messages] == ["1869000000000000105", "1869000000000000103"]
    first = messages[0]
    assert first.channel == "x" and first.public is True
    assert first.sender_id == "1600000000000000011"
    assert first.sender_name == "@budi_sby"
    assert first.sent_at == datetime(2026, 3, 2, 1, 15, 4, tzinfo=UTC)
    assert first.text.startswith("@sapawargasby lampu PJU di Jl. Raya Darmo")
    assert first.thread_id == "1869000000000000105"
    assert first.meta["username"] == "budi_sby" and first.meta["name"] == "Budi Santoso"
    assert first.meta["in_reply_to_user_id"] is None and first.meta["urls"] == []


def test_reply_mention_keeps_conversation_links_and_expanded_urls():
    reply = parse_mentions(load("mentions_page1"), ACCOUNT)[1]
    assert reply.thread_id == "1869000000000000101"  # the conversation root, not the parent
    assert reply.meta["conversation_id"] == "1869000000000000101"
    assert reply.meta["in_reply_to_tweet_id"] == "1869000000000000102"
    assert reply.meta["in_reply_to_user_id"] == ACCOUNT
    assert reply.meta["urls"] == ["https://lapor.surabaya.go.id/status"]


def test_retweets_are_skipped_and_html_entities_unescaped():
    messages = parse_mentions(load("mentions_page2"), ACCOUNT)
    assert [m.external_id for m in messages] == ["1869000000000000101"]
    assert messages[0].text.endswith("banjir tiap hujan & bau")


def test_empty_mentions_page_gives_nothing():
    assert parse_mentions(load("mentions_empty"), ACCOUNT) == []


def test_mention_with_photo_and_place():
    (msg,) = parse_mentions(load("mention_photo_place"), ACCOUNT)
    assert msg.attachments == (
        Attachment("photo", "https://pbs.twimg.com/media/GfPohonTumbang.jpg"),
    )
    # X's t.co link to the photo is not part of what the citizen wrote; other links stay.
    assert msg.text == (
        "@sapawargasby pohon tumbang menutup jalan <Taman Bungkul>, info lanjut "
        "https://t.co/Xy12345678"
    )
    assert msg.meta["urls"] == ["https://www.instagram.com/p/C0ntoh/"]
    assert msg.location == Location(latitude=-7.292, longitude=112.74)
    assert msg.meta["place"] == {
        "id": "8a1c2e4f6b7d9e01",
        "full_name": "Taman Bungkul",
        "bbox": [112.7395, -7.2925, 112.7405, -7.2915],
    }


def test_fixtures_parse_in_tweepy_without_warnings():
    """Every fixture tweet has edit_history_tweet_ids, so tweepy's models stay quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("mentions_page1", "mentions_page2", "mention_photo_place"):
            for data in load(name)["data"]:
                assert tweepy.Tweet(data).id == int(data["id"])
        for data in load("dm_events")["data"]:
            assert tweepy.DirectMessageEvent(data).event_type == "MessageCreate"


# ----------------------------------------------------------------- API v2 DMs


def test_dm_page_skips_our_own_messages_and_keeps_media():
    messages = parse_dm_events(load("dm_events"), ACCOUNT)
    assert [m.external_id for m in messages] == ["1869000000000000304", "1869000000000000302"]
    photo, first = messages
    assert first.channel == "x_dm" and first.public is False
    assert first.sender_id == "1600000000000000011" and first.sender_name == "@budi_sby"
    assert first.thread_id == "1500000000000000001-1600000000000000011"
    assert first.sent_at == datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    assert photo.attachments[0].kind == "photo"
    assert photo.attachments[0].ref.endswith("/sampah.jpg")


# ----------------------------------------------------------------- Account Activity


def test_activity_tweets_keep_only_mentions_by_others():
    messages = normalize_activity(load("activity_tweet_create"), ACCOUNT)
    # Ours (…402) and the retweet (…404) are dropped; the reply in the thread that
    # mentions us (…403) stays.
    assert [m.external_id for m in messages] == ["1869000000000000401", "1869000000000000403"]
    root, reply = messages
    assert root.channel == "x" and root.public is True
    assert root.sender_id == "1600000000000000015" and root.sender_name == "@dewi_sby"
    assert root.sent_at == datetime(2026, 3, 3, 7, 45, 59, tzinfo=UTC)
    assert root.text.startswith("@sapawargasby Trotoar di depan Pasar Atom rusak parah & ")
    assert root.text.endswith("Mohon segera diperbaiki. Foto:")  # full text, photo link gone
    assert root.attachments == (Attachment("photo", "https://pbs.twimg.com/media/GfTrotoar.jpg"),)
    assert root.location == Location(latitude=-7.2465, longitude=112.7435)
    assert root.meta["place"]["bbox"] == [112.5994, -7.3525, 112.8466, -7.1897]
    assert root.thread_id == "1869000000000000401"
    assert reply.thread_id is None  # v1.1 has no conversation id; the parent is in meta
    assert reply.meta["in_reply_to_tweet_id"] == "1869000000000000401"


def test_activity_direct_messages_skip_ours_and_use_the_users_map():
    (msg,) = normalize_activity(load("activity_direct_message"), ACCOUNT)
    assert msg.channel == "x_dm" and msg.public is False
    assert msg.external_id == "1869000000000000501"
    assert msg.sender_id == "1600000000000000015" and msg.sender_name == "@dewi_sby"
    assert msg.text == "Ini foto trotoarnya, alamat lengkap saya kirim di sini ya"
    assert msg.attachments[0].ref.endswith("/trotoar.jpg")
    assert msg.thread_id == "1500000000000000001-1600000000000000015"
    assert msg.sent_at == datetime(2026, 3, 3, 8, 3, 20, 123000, tzinfo=UTC)


def test_activity_other_events_and_other_accounts_give_nothing():
    assert normalize_activity(load("activity_typing"), ACCOUNT) == []
    assert normalize_activity(load("activity_direct_message"), "1500000000000000999") == []
    with pytest.raises(ValueError):
        normalize_activity([], ACCOUNT)  # type: ignore[arg-type]


# ----------------------------------------------------------------- webhook security


def test_crc_response_matches_the_documented_formula():
    token = "9b4507b3-9040-4669-9ba1-1a9e4f7e5c4b"
    digest = hmac.new(SECRET.encode(), token.encode(), hashlib.sha256).digest()
    expected = "sha256=" + base64.b64encode(digest).decode()
    assert crc_response(token, SECRET) == {"response_token": expected}
    # A fixed value (from `printf abc | openssl dgst -sha256 -hmac secret -binary | base64`).
    assert crc_response("abc", "secret") == {
        "response_token": "sha256=mUba1OAOkT/Ivo5dP34RCkqegy+D+wnDRShdeGONig4="
    }


def test_verify_signature_accepts_only_the_right_hmac_of_the_raw_body():
    body = raw("activity_direct_message")
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).digest()
    header = "sha256=" + base64.b64encode(digest).decode()
    assert verify_signature(SECRET, body, header)
    assert not verify_signature("other-secret", body, header)
    assert not verify_signature(SECRET, body + b" ", header)
    assert not verify_signature(SECRET, body, header.removeprefix("sha256="))
    assert not verify_signature(SECRET, body, None)
    assert not verify_signature(SECRET, body, "")
    assert not verify_signature(SECRET, body, "sha256=ünïcode")


# ----------------------------------------------------------------- length and time


def test_tweet_length_counts_like_x():
    assert tweet_length("a" * 280) == 280
    assert fits_tweet("a" * 280) and not fits_tweet("a" * 281)
    link = "https://lapor.surabaya.go.id/tiket/MC-2026-000123?sumber=x&ref=balasan"
    assert tweet_length(f"Cek {link}.") == 4 + 23 + 1  # every link is 23, "." stays text
    assert tweet_length("surabaya.go.id") == 23  # short bare domain: X links it too
    assert tweet_length("ā" * 10) == 10  # Latin Extended counts 1
    assert tweet_length("日本") == 4  # CJK counts 2
    assert tweet_length("🙏") == 2
    assert fits_tweet("日" * 140) and not fits_tweet("日" * 141)
    assert not fits_tweet("   ")


def test_parse_time_reads_both_api_formats():
    assert parse_time("2026-03-02T01:15:04.000Z") == datetime(2026, 3, 2, 1, 15, 4, tzinfo=UTC)
    assert parse_time("Tue Mar 03 07:45:59 +0000 2026") == datetime(
        2026, 3, 3, 7, 45, 59, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        parse_time(None)


def test_a_bare_link_starts_only_where_a_word_starts():
    from channels import x_length

    # "a-a.a-a...." once started a link scan at every "a" after a dash (quadratic).
    assert x_length._BARE_URL_RE.search("a-a." * 50) is None
    assert tweet_length("cek surabaya.go.id ya") == len("cek  ya") + 23
