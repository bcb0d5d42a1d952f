"""webhooks.receiver: the message webhooks answered in front of Flask keep what the
app's hooks give every other answer (headers, request id, log line, JSON errors), and
everything else still reaches Flask."""

from __future__ import annotations

import logging
import threading

import pytest
from flask import jsonify

import webhooks
from tests.payloads import fixture_json
from webhooks.receiver import ROUTES

NOT_A_PAGE = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def test_every_message_route_is_answered_by_the_receiver_not_flask(app):
    flask_rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert ROUTES and not set(ROUTES) & flask_rules
    for rule, _view in webhooks.VOICE:  # the TwiML conversation stays in Flask
        assert webhooks.PREFIX + rule in flask_rules


def test_an_accepted_update_carries_the_security_headers_and_the_request_id(tg_post, client):
    update = fixture_json("telegram/text.json")
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
    response = client.post(
        "/webhooks/telegram", json=update, headers=headers | {"X-Request-ID": "abc-123"}
    )
    assert response.status_code == 200
    assert response.get_json() == {"status": "accepted"}
    assert response.headers["Content-Security-Policy"] == NOT_A_PAGE
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Request-ID"] == "abc-123"
    assert "Set-Cookie" not in response.headers


def test_the_request_is_logged_once_with_its_id_and_status(tg_post, caplog):
    caplog.set_level(logging.INFO, logger="aduan.request")
    response = tg_post(fixture_json("telegram/text.json"), secret="guess")
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.name == "aduan.request"]
    assert [r.getMessage().rsplit(" ", 1)[0] for r in lines] == ["POST /webhooks/telegram 403"]
    assert lines[0].request_id == response.headers["X-Request-ID"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/webhooks/telegram", "OPTIONS, POST"),
        ("PUT", "/webhooks/whatsapp", "GET, HEAD, OPTIONS, POST"),
        ("DELETE", "/webhooks/twilio/messaging", "OPTIONS, POST"),
    ],
)
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.get_json()["error"] == "Method Not Allowed"
    assert response.headers["Content-Security-Policy"] == NOT_A_PAGE


def test_options_and_head_are_answered_like_flask_does(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_VERIFY_TOKEN", "verify-me")
    options = client.options("/webhooks/telegram")
    assert options.headers["Allow"] == "OPTIONS, POST"
    assert options.headers["Content-Length"] == "0"  # as Flask's: no chunked empty answer
    query = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"}
    got = client.get("/webhooks/whatsapp", query_string=query)
    assert (got.status_code, got.get_data(as_text=True)) == (200, "42")
    head = client.head("/webhooks/whatsapp", query_string=query)
    assert (head.status_code, head.get_data()) == (200, b"")


def test_a_nul_in_the_query_is_a_400(tg_post, client):
    response = client.post("/webhooks/telegram?x=%00", json=fixture_json("telegram/text.json"))
    assert response.status_code == 400
    assert response.get_json()["description"] == "NUL characters are not allowed."


def test_a_bug_in_a_handler_is_a_logged_json_500_not_a_crash(client, monkeypatch, caplog):
    def broken(request, config):
        raise KeyError("surprise")

    broken.__name__ = "telegram"
    monkeypatch.setitem(ROUTES["/webhooks/telegram"], "POST", broken)
    response = client.post("/webhooks/telegram", json={"update_id": 1})
    assert response.status_code == 500
    assert response.get_json()["error"] == "Internal Server Error"
    assert "webhook /webhooks/telegram failed" in caplog.text


def test_other_paths_still_reach_flask(client):
    assert client.get("/webhooks/nothing-here").status_code == 404
    assert client.get("/healthz").status_code == 200
    voice = client.post("/webhooks/twilio/voice", data={"CallSid": "CA1"})
    assert voice.status_code == 403  # Flask's view: the signature check
    assert voice.get_json()["error"] == "Forbidden"


def test_an_options_answer_says_its_length_like_flask_does(client):
    # Without it the server sends the empty answer chunked (or closes the connection).
    response = client.options("/webhooks/whatsapp")
    assert (response.status_code, response.headers["Content-Length"]) == (200, "0")


def test_json_answers_are_byte_for_byte_what_flask_gave(app, tg_post, client):
    refused = tg_post(fixture_json("telegram/text.json"), secret="guess")
    ignored = tg_post({"update_id": 7, "edited_message": {}})
    with app.test_request_context():
        error = jsonify(error="Forbidden", description="Invalid secret token.").get_data()
        skipped = jsonify(status="ignored", reason="update type not handled").get_data()
    assert (refused.get_data(), ignored.get_data()) == (error, skipped)


def test_the_metric_labels_are_the_ones_the_flask_endpoints_gave():
    """The receiver labels a webhook's counters with its handler's name; before it, Flask's
    endpoint without "webhooks." gave them: dashboards and alerts select these."""
    labels = {
        (path, m): handler.__name__ for path, ms in ROUTES.items() for m, handler in ms.items()
    }
    assert labels == {
        ("/webhooks/telegram", "POST"): "telegram",
        ("/webhooks/twilio/messaging", "POST"): "twilio_messaging",
        ("/webhooks/twilio/status", "POST"): "twilio_status",
        ("/webhooks/whatsapp", "GET"): "whatsapp_subscribe",
        ("/webhooks/whatsapp", "POST"): "whatsapp",
        ("/webhooks/meta", "GET"): "meta_verify",
        ("/webhooks/meta", "POST"): "meta_events",
        ("/webhooks/x", "GET"): "x_crc",
        ("/webhooks/x", "POST"): "x_activity",
    }


def test_the_headers_are_the_ones_flask_gives_a_webhook_json_answer(client):
    """The same 403 from the receiver (messaging) and from Flask (the voice line, whose
    answer aduan.security's hooks finish): a header added there must reach both."""
    ours = client.post("/webhooks/twilio/messaging", data={"MessageSid": "SM1"})
    flasks = client.post("/webhooks/twilio/voice", data={"CallSid": "CA1"})
    assert ours.status_code == flasks.status_code == 403

    def kept(response):
        skip = ("X-Request-ID", "Content-Length")
        return sorted((k, v) for k, v in response.headers.items() if k not in skip)

    assert kept(ours) == kept(flasks)


def test_twilio_forms_keep_flasks_form_limits(app, client, monkeypatch):
    """Outside Flask the form is parsed by a plain werkzeug Request, whose limits are
    Flask's defaults: a multipart field over 500 kB or over 1000 parts is a 413 however
    large the body limits (werkzeug limits only multipart forms, in both)."""
    monkeypatch.setitem(app.config, "WEBHOOK_MAX_BYTES", 2_000_000)
    monkeypatch.setitem(app.config, "MAX_REQUEST_BYTES", 2_000_000)

    def post(form):
        return client.post(
            "/webhooks/twilio/messaging", data=form, content_type="multipart/form-data"
        )

    assert post({"Body": "x" * 600_000}).status_code == 413
    assert post({f"k{i}": "v" for i in range(1100)}).status_code == 413
    assert post({"Body": "x" * 400_000}).status_code == 403  # parsed; no signature


def test_threads_answering_at_once_keep_their_own_ids_and_give_everything_back(app):
    """As in a threaded gunicorn worker: each answer has its own request id, no thread
    keeps one after its answer, and no connection or session is left checked out."""
    from aduan.extensions import db
    from aduan.logs import REQUEST_ID
    from ticketing.inbound import events

    client, seen = app.test_client(), []
    held = (events.store_engine().pool.checkedout(), db.engine.pool.checkedout())  # the test's
    headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-secret"}

    def post(thread):
        for i in range(10):
            update = {"update_id": thread * 100 + i, "message": {"text": "lampu mati"}}
            given = f"t{thread}-{i}"
            answer = client.post(
                "/webhooks/telegram", json=update, headers=headers | {"X-Request-ID": given}
            )
            seen.append(
                (answer.status_code, given, answer.headers["X-Request-ID"], REQUEST_ID.get())
            )

    threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 40
    assert all(
        status == 200 and given == echoed and after == "-" for status, given, echoed, after in seen
    )
    assert (events.store_engine().pool.checkedout(), db.engine.pool.checkedout()) == held
