"""`aduan run` without credentials starts the Twilio and Graph sandboxes and points our
configuration at them; the simulator's panels drive them through the generic proxy."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sandbox import run
from tests.inbox.helpers import csrf, login, make_user
from tests.providers import PUBLIC
from ticketing.models import InboundEvent


def test_starters_configure_twilio_and_graph_and_sign_for_the_public_url():
    env = {"PUBLIC_BASE_URL": PUBLIC}
    twilio, graph = run.twilio(env, 8123), run.graph(env, 8123)
    try:
        assert env["TWILIO_API_BASE_URL"] == env["SANDBOX_TWILIO_URL"] == twilio.url
        assert env["TWILIO_ACCOUNT_SID"] == twilio.account_sid and env["TWILIO_AUTH_TOKEN"]
        assert env["TWILIO_WHATSAPP_TEMPLATE_SID"] in twilio.templates
        assert twilio.messaging_url == "http://127.0.0.1:8123/webhooks/twilio/messaging"
        assert twilio.voice_url == "http://127.0.0.1:8123/webhooks/twilio/voice"
        assert twilio.signing_base == PUBLIC
        assert env["GRAPH_API_BASE_URL"] == graph.base_url and env["SANDBOX_GRAPH_URL"] == graph.url
        assert env["WHATSAPP_APP_SECRET"] == env["META_APP_SECRET"] == graph.app_secret
        assert env["META_PAGE_ID"] == graph.page_id and env["META_IG_ID"] == graph.ig_id
        assert graph.whatsapp_webhook_url == "http://127.0.0.1:8123/webhooks/whatsapp"
    finally:
        twilio.stop()
        graph.stop()
    assert run.twilio in run.STARTERS and run.graph in run.STARTERS


def test_real_credentials_start_no_sandbox():
    assert run.twilio({"TWILIO_ACCOUNT_SID": "AC" + "1" * 32}, 8000) is None
    assert run.graph({"WHATSAPP_ACCESS_TOKEN": "EAAG..."}, 8000) is None


def test_simulator_panels_drive_the_sandboxes_through_the_proxy(app, client, twilio, graph, drain):
    app.config.update(SANDBOX=True, SANDBOX_TWILIO_URL=twilio.url, SANDBOX_GRAPH_URL=graph.url)
    try:
        login(client, make_user())
        page = client.get("/simulator/").get_data(as_text=True)
        assert 'id="sim-twilio"' in page and 'id="sim-graph"' in page
        headers = {"X-CSRFToken": csrf(page)}
        sms = {"from": "081234500009", "body": "Trotoar Jl. Tunjungan rusak"}
        assert (
            client.post("/simulator/twilio/sms", json=sms, headers=headers).get_json()["status"]
            == 200
        )
        view = client.post(
            "/simulator/twilio/calls", json={"from": "081234500009"}, headers=headers
        )
        assert view.get_json()["waiting_for"] == "digits"
        sid = view.get_json()["call_sid"]
        dial = client.post(
            f"/simulator/twilio/calls/{sid}/digits", json={"digits": "0"}, headers=headers
        )
        assert dial.get_json()["dial"] == "112"
        wa = {"from": "081234500009", "text": "Banjir di Jl. Dharmahusada"}
        assert (
            client.post("/simulator/graph/whatsapp", json=wa, headers=headers).get_json()["status"]
            == 200
        )
        age = {"channel": "whatsapp", "user": "081234500009", "hours_ago": 30}
        assert client.post("/simulator/graph/window", json=age, headers=headers).status_code == 200
        conversation = client.get("/simulator/twilio/conversations/%2B6281234500009").get_json()
        assert conversation["messages"][0]["body"] == sms["body"]
    finally:
        app.config.update(SANDBOX=False, SANDBOX_TWILIO_URL="", SANDBOX_GRAPH_URL="")
    routes = sorted(db.session.execute(select(InboundEvent.channel)).scalars())
    assert routes == ["twilio", "whatsapp_cloud"]
