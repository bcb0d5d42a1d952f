"""POST /webhooks/telegram: authenticated, durable, idempotent, never a 500."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from aduan.extensions import db
from tests.payloads import fixture_json
from ticketing.models import InboundEvent, Message, Ticket


def count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_missing_secret_is_rejected_and_nothing_stored(tg_post):
    response = tg_post(fixture_json("telegram/text.json"), secret=None)
    assert response.status_code == 403
    assert count(InboundEvent) == 0


def test_wrong_secret_is_rejected_and_nothing_stored(tg_post):
    response = tg_post(fixture_json("telegram/text.json"), secret="guess")
    assert response.status_code == 403
    assert count(InboundEvent) == 0


def test_update_is_committed_before_the_200_and_one_intake_job_wakes_for_a_burst(app, tg_post):
    update = fixture_json("telegram/text.json")
    response = tg_post(update)
    assert response.status_code == 200
    assert response.get_json()["status"] == "accepted"
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.external_id == str(update["update_id"])
    assert event.processed_at is None
    for n in range(1, 4):  # more updates right after: no job of their own
        assert tg_post(dict(update, update_id=update["update_id"] + n)).status_code == 200
    from aduan.queue import get_queue
    from ticketing.inbound.events import DRAIN

    jobs = get_queue("intake").get_jobs()
    assert [job.func_name for job in jobs] == [DRAIN]


def test_same_update_twice_is_stored_once(tg_post):
    update = fixture_json("telegram/text.json")
    assert tg_post(update).status_code == 200
    second = tg_post(update)
    assert second.status_code == 200
    assert second.get_json()["status"] == "duplicate"
    assert count(InboundEvent) == 1


def test_non_json_body_is_400_and_nothing_stored(tg_post):
    response = tg_post(b"update_id=1&message=hi")
    assert response.status_code == 400
    assert response.get_json()["error"] == "Bad Request"
    assert count(InboundEvent) == 0


def test_json_without_update_id_is_400(tg_post):
    assert tg_post({"message": {"text": "hi"}}).status_code == 400
    assert tg_post([1, 2, 3]).status_code == 400
    assert count(InboundEvent) == 0


def test_body_over_the_limit_is_413_and_nothing_stored(app, tg_post):
    update = fixture_json("telegram/text.json")
    update["message"]["text"] = "x" * (app.config["WEBHOOK_MAX_BYTES"] + 10)
    response = tg_post(update)
    assert response.status_code == 413
    assert count(InboundEvent) == 0


def test_ignored_update_types_get_200_and_are_not_stored(tg_post):
    for name in ("edited_message", "callback_query", "my_chat_member", "channel_post"):
        response = tg_post(fixture_json(f"telegram/{name}.json"))
        assert response.status_code == 200, name
        assert response.get_json()["status"] == "ignored"
    assert count(InboundEvent) == 0


def test_database_down_answers_503_so_telegram_retries(backend_app):
    """A real unreachable database: a SQLite file in a missing directory, or
    PostgreSQL on a closed port."""
    import fakeredis

    from aduan import create_app

    url = backend_app.config["SQLALCHEMY_DATABASE_URI"]
    broken_url = (
        "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
        if url.startswith("postgresql")
        else "sqlite:////nonexistent-dir/aduan.db"
    )
    config = dict(backend_app.config, SQLALCHEMY_DATABASE_URI=broken_url)
    config.pop("SQLALCHEMY_ENGINES", None)
    down = create_app(config)
    down.extensions["redis"] = fakeredis.FakeRedis()
    response = down.test_client().post(
        "/webhooks/telegram",
        json=fixture_json("telegram/text.json"),
        headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"  # as every page and API call says it
    assert down.extensions["redis"].keys("rq:job:*") == []


def test_redis_down_still_answers_200_and_the_event_waits(app, tg_post, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(Queue, "enqueue", unreachable)
    response = tg_post(fixture_json("telegram/text.json"))
    assert response.status_code == 200
    event = db.session.execute(select(InboundEvent)).scalar_one()
    assert event.processed_at is None
    assert count(Message) == 0 and count(Ticket) == 0


def test_an_update_whose_id_is_a_boolean_is_refused_not_stored(tg_post):
    # json true is a Python int: it was stored as the event "True", unreadable for the worker.
    response = tg_post({"update_id": True, "message": {"text": "halo"}})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 0
