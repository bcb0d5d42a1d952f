"""The FakeX sandbox itself: X's wire shapes (errors, headers, fields), the session
redirect, and the /sandbox/ control API the simulator page uses."""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import tweepy

from channels.base import OutboundMessage
from channels.x import XAdapter
from sandbox import x_api
from sandbox.x import FakeX

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x"
RATE_HEADERS = ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server() -> Iterator[FakeX]:
    with FakeX() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeX) -> FakeX:
    server.reset()
    return server


@pytest.fixture
def http(fake: FakeX) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False
        yield session


def bearer(fake: FakeX) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.bearer_token}"}


def test_error_bodies_match_the_fixtures(fake: FakeX, http: requests.Session):
    answer = http.get(f"{fake.url}/2/users/{fake.account_id}/mentions")
    assert answer.status_code == 401 and answer.json() == load("error_401")
    assert all(name in answer.headers for name in RATE_HEADERS)

    fake.rate_limit_next(reset_in_seconds=30)
    answer = http.get(f"{fake.url}/2/users/{fake.account_id}/mentions", headers=bearer(fake))
    assert answer.status_code == 429 and answer.json() == load("error_429")
    assert answer.headers["x-rate-limit-remaining"] == "0"
    assert 28 <= int(answer.headers["x-rate-limit-reset"]) - time.time() <= 31

    fake.citizen_mentions(None, "budi", "@sapawargasby halo")
    adapter = XAdapter(**fake.credentials, account_user_id=fake.account_id, api_base_url=fake.url)
    http_error = None
    try:
        adapter.client.create_tweet(text="Sama", user_auth=True)
        adapter.client.create_tweet(text="Sama", user_auth=True)
    except tweepy.Forbidden as exc:
        http_error = exc.response.json()
    assert http_error == load("error_403_duplicate")


def test_mentions_page_shape_and_field_selection(fake: FakeX, http: requests.Session):
    for n in range(3):
        fake.citizen_mentions(None, "budi_sby", f"@sapawargasby laporan {n}")
    url = f"{fake.url}/2/users/{fake.account_id}/mentions"
    answer = http.get(url, headers=bearer(fake), params={"max_results": 5}).json()
    assert set(answer) == {"data", "meta"}  # no expansions asked, no includes
    assert set(answer["data"][0]) == {"id", "text", "edit_history_tweet_ids"}
    assert answer["meta"]["result_count"] == 3 and "next_token" not in answer["meta"]
    params = {"max_results": 5, "expansions": "author_id", "tweet.fields": "created_at"}
    answer = http.get(url, headers=bearer(fake), params=params).json()
    assert answer["includes"]["users"][0]["username"] == "budi_sby"
    assert "created_at" in answer["data"][0] and "author_id" not in answer["data"][0]
    too_many = http.get(url, headers=bearer(fake), params={"max_results": 101})
    assert too_many.status_code == 400 and too_many.json()["title"] == "Invalid Request"
    empty = http.get(url, headers=bearer(fake), params={"since_id": answer["meta"]["newest_id"]})
    assert empty.json() == load("mentions_empty")


def test_user_endpoints_refuse_the_bearer_token(fake: FakeX, http: requests.Session):
    answer = http.get(f"{fake.url}/2/dm_events", headers=bearer(fake))
    assert answer.status_code == 403 and answer.json()["title"] == "Unsupported Authentication"


def test_fake_answers_parse_in_tweepy_without_warnings(fake: FakeX):
    fake.citizen_mentions(None, "budi", "@sapawargasby foto", media=["https://a.example/1.jpg"])
    client = tweepy.Client(**fake.credentials)
    adapter = XAdapter(**fake.credentials, api_base_url=fake.url)
    client.session = adapter.client.session  # the same redirecting session
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = client.get_users_mentions(
            fake.account_id, expansions=["attachments.media_keys"], media_fields=["url"]
        )
    assert isinstance(page.data[0], tweepy.Tweet)
    assert page.includes["media"][0].url == "https://a.example/1.jpg"


def test_both_api_hosts_are_redirected(fake: FakeX):
    adapter = XAdapter(**fake.credentials, api_base_url=fake.url)
    for host in ("https://api.twitter.com", "https://api.x.com"):
        answer = adapter.client.session.get(f"{host}/2/users/me")
        assert answer.status_code == 401  # answered by the fake, not the internet


def test_control_api_drives_the_citizen_side(fake: FakeX, http: requests.Session):
    posted = http.post(
        f"{fake.url}/sandbox/mention",
        json={"username": "ririn_sby", "text": "@sapawargasby got mampet", "media": []},
    )
    assert posted.status_code == 200
    tweet = posted.json()["tweet"]
    user_id = tweet["author_id"]
    dm = http.post(f"{fake.url}/sandbox/dm", json={"username": "ririn_sby", "text": "alamat"})
    assert dm.json()["dm_event"]["sender_id"] == user_id  # same citizen, same id
    adapter = XAdapter(**fake.credentials, account_user_id=fake.account_id, api_base_url=fake.url)
    adapter.send(OutboundMessage("x", user_id, "Terima kasih.", reply_to=tweet["id"]))
    adapter.send(OutboundMessage("x_dm", user_id, "Sudah kami catat."))
    timeline = http.get(f"{fake.url}/sandbox/timeline/{user_id}").json()
    assert [(t["direction"], t["text"]) for t in timeline["tweets"]] == [
        ("in", "@sapawargasby got mampet"),
        ("out", "Terima kasih."),
    ]
    assert [(d["direction"], d["text"]) for d in timeline["dms"]] == [
        ("in", "alamat"),
        ("out", "Sudah kami catat."),
    ]
    state = http.get(f"{fake.url}/sandbox/state").json()
    assert state["counts"]["tweets"] == 2 and state["counts"]["dm_events"] == 2
    bad = http.post(f"{fake.url}/sandbox/mention", json={"username": "x", "text": "tanpa mention"})
    assert bad.status_code == 400
    assert http.post(f"{fake.url}/sandbox/reset").json() == {"ok": True}
    assert fake.tweets == []


def test_citizen_ids_grow_and_replies_join_the_conversation(fake: FakeX):
    root = fake.citizen_mentions("1600000000000000011", "budi_sby", "@sapawargasby satu")
    again = fake.citizen_mentions(None, "budi_sby", "@sapawargasby dua", reply_to=root["id"])
    assert int(again["id"]) > int(root["id"])
    assert again["author_id"] == "1600000000000000011"
    assert again["conversation_id"] == root["id"]
    assert again["edit_history_tweet_ids"] == [again["id"]]
    with pytest.raises(ValueError):
        fake.citizen_mentions(None, "budi_sby", "@sapawargasby", reply_to="1")


def test_a_used_up_window_answers_429_until_reset(fake: FakeX, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(x_api.LIMITS, "me", 2)
    adapter = XAdapter(**fake.credentials, api_base_url=fake.url)
    assert adapter.client.get_me()["data"]["username"] == "sapawargasby"
    adapter.client.get_me()
    with pytest.raises(tweepy.TooManyRequests) as caught:
        adapter.client.get_me()
    assert caught.value.response.headers["x-rate-limit-remaining"] == "0"
    assert caught.value.reset_time is not None and caught.value.reset_time > time.time()


def test_the_x_panel_shows_times_in_wib_like_the_other_panels():
    """The simulator's X panel printed the raw UTC stamp (2026-12-03T12:50:10.752Z)
    where every other panel says "19.50 WIB" (simulator.html's wib())."""
    from pathlib import Path

    panel = Path("sandbox/templates/_sim_x.html").read_text()
    assert "esc(wib(m.created_at))" in panel and "esc(m.created_at" not in panel
    assert "function wib(" in Path("sandbox/templates/simulator.html").read_text()
