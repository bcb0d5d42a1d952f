"""`aduan doctor` against the sandboxes the adapters point at: what is fine, what must be
fixed, in plain words, and a non-zero exit when something must be fixed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from aduan import clock
from aduan.doctor import examine
from aduan.worker import make_worker
from ticketing.delivery import adapters


@pytest.fixture
def healthy(app, monkeypatch, twilio, graph, live_url, migrated):
    """A deployment where everything is right: settings, a worker, the clock, webhooks."""
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", app.config["PUBLIC_BASE_URL"])
    with app.app_context():
        adapters.adapter("telegram").set_webhook(
            app.config["PUBLIC_BASE_URL"] + "/webhooks/telegram", "tg-secret"
        )
        worker = make_worker(app)
        worker.register_birth()
        worker.heartbeat()
    clock.beat(app)
    graph.meta_webhook_url = f"{live_url}/webhooks/meta"
    yield app
    graph.meta_webhook_url = ""
    with app.app_context():
        worker.register_death()
        adapters.adapter("telegram").delete_webhook()  # the fake is shared by the session


def verdicts(findings) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in findings:
        found.setdefault(item.check, set()).add(item.verdict)
    return found


def test_a_healthy_deployment_has_nothing_to_fix(healthy):
    found = verdicts(examine(healthy))
    for check in (
        "SECRET_KEY",
        "PUBLIC_BASE_URL",
        "database",
        "migrations",
        "redis",
        "workers",
        "clock",
        "telegram",
        "telegram webhook",
        "twilio",
        "whatsapp_cloud",
        "facebook",
        "instagram",
        "x",
        "email",
    ):
        assert "ok" in found.get(check, set()), (check, found.get(check))
    assert "warn" in found["media storage"]  # local disk
    assert not [check for check, seen in found.items() if "fail" in seen], found


def test_what_must_be_fixed_is_said_plainly(app, monkeypatch, fake_telegram, migrated):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://aduan.example.org")
    with app.app_context():
        adapters.adapter("telegram").set_webhook("https://old.example.org/hook", "tg-secret")
    saved = fake_telegram.token
    findings = {}
    for item in examine(app):  # the failing finding of a check wins
        if item.check not in findings or item.verdict == "fail":
            findings[item.check] = item
    with app.app_context():
        adapters.adapter("telegram").delete_webhook()
    assert (
        findings["SECRET_KEY"].verdict == "fail" and "long random" in findings["SECRET_KEY"].words
    )
    assert findings["PUBLIC_BASE_URL"].verdict == "fail"
    assert findings["workers"].verdict == "fail" and "aduan worker" in findings["workers"].words
    assert findings["clock"].verdict == "fail" and "aduan clock" in findings["clock"].words
    hook = findings["telegram webhook"]
    assert hook.verdict == "fail" and "aduan telegram set-webhook" in hook.words
    assert "old.example.org" in hook.words and saved not in hook.words


def test_refused_credentials_fail(app, monkeypatch, migrated):
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", "wrong-token-123")
    app.extensions.pop("adapters", None)
    findings = [f for f in examine(app) if f.check == "sms"]
    assert findings and findings[0].verdict == "fail"
    assert "refused our credentials (HTTP 401)" in findings[0].words


def test_the_command_exits_non_zero_when_something_must_be_fixed(app, monkeypatch, migrated):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("aduan.create_app", lambda *a, **k: app)
    from aduan.cli import main

    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert "[ FAIL ] SECRET_KEY: not set" in result.output and "to fix" in result.output


def test_a_queue_no_live_worker_takes_is_a_failure(app, migrated):
    with app.app_context():
        worker = make_worker(app, role="intake")  # urgent and intake only
        worker.register_birth()
        worker.heartbeat()
    try:
        (found,) = [f for f in examine(app) if f.check == "workers"]
    finally:
        with app.app_context():
            worker.register_death()
    assert found.verdict == "fail"
    assert "notify, send, low" in found.words and "--role sends" in found.words
