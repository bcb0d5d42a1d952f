"""`aduan run` starts the fake X when no X credentials are set, and the simulator page
drives it through /simulator/x/<path>."""

from __future__ import annotations

from tests.inbox.helpers import csrf, login, make_user


def test_the_x_starter_points_our_config_at_a_fake():
    from sandbox.run import x

    env: dict[str, str] = {}
    fake = x(env, 8000)
    try:
        assert fake is not None
        assert env["X_API_BASE_URL"] == env["SANDBOX_X_URL"] == fake.url
        assert env["X_ACCOUNT_ID"] == fake.account_id
        assert env["X_CONSUMER_KEY"] and env["X_ACCESS_TOKEN_SECRET"] and env["X_BEARER_TOKEN"]
    finally:
        fake.stop()
    assert x({"X_BEARER_TOKEN": "real"}, 8000) is None


def test_the_simulator_panel_posts_a_mention_through_the_proxy(app, client, fake_x):
    fake_x.reset()
    app.config.update(SANDBOX=True, SANDBOX_X_URL=fake_x.url)
    try:
        login(client, make_user())
        page = client.get("/simulator/").get_data(as_text=True)
        assert 'id="sim-x"' in page and "Kirim mention" in page
        headers = {"X-CSRFToken": csrf(page)}
        body = {"user_id": "1600000000000009001", "username": "warga_sby"}
        sent = client.post(
            "/simulator/x/mention",
            json=body | {"text": "@sapawargasby got mampet"},
            headers=headers,
        )
        assert sent.status_code == 200, sent.get_data(as_text=True)
        client.post("/simulator/x/dm", json=body | {"text": "halo"}, headers=headers)
        timeline = client.get("/simulator/x/timeline/1600000000000009001").get_json()
        assert [t["text"] for t in timeline["tweets"]] == ["@sapawargasby got mampet"]
        assert [d["text"] for d in timeline["dms"]] == ["halo"]
    finally:
        app.config.update(SANDBOX=False, SANDBOX_X_URL="")
