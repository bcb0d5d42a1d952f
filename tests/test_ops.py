"""/healthz, /readyz and /metrics as a load balancer and Prometheus use them."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis
from sqlalchemy import select

from aduan import create_app
from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing.models import InboundEvent, Ticket, utcnow


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_healthz_asks_nothing(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}


def test_readyz_is_503_until_the_schema_is_at_the_newest_migration(client, app):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["migrations"]["ok"] is False
    assert answer.json["checks"]["database"] == {"ok": True}


def test_readyz_is_200_when_database_redis_and_schema_are_fine(client, migrated):
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"
    checks = answer.json["checks"]
    assert checks["redis"] == {"ok": True}
    assert checks["events"]["waiting"] == 0 and checks["outbox"]["oldest_seconds"] is None


def test_readyz_tells_others_only_the_status_not_the_checks(client, migrated):
    answer = client.get("/readyz", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert answer.status_code == 200 and answer.json == {"status": "ready"}


def test_a_backlog_is_degraded_200_but_strict_503(client, migrated):
    db.session.add(
        InboundEvent(
            channel="telegram",
            external_id="old-1",
            payload="{}",
            received_at=utcnow() - timedelta(hours=1),
        )
    )
    db.session.commit()
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json["status"] == "degraded"
    events = answer.json["checks"]["events"]
    assert events["ok"] is False and events["waiting"] == 1 and events["oldest_seconds"] >= 3599
    assert client.get("/readyz?strict=1").status_code == 503


def test_redis_down_keeps_the_web_in_rotation(client, app, migrated):
    saved = app.extensions["redis"]
    app.extensions["redis"] = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    try:
        answer = client.get("/readyz")
    finally:
        app.extensions["redis"] = saved
    assert answer.status_code == 200
    assert answer.json["checks"]["redis"]["ok"] is False


def test_database_down_is_503(tmp_path):
    broken = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/none",
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}},
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    broken.extensions["redis"] = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    answer = broken.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_metrics_count_webhooks_and_read_the_desk(client, app, fake_telegram, tg_post, drain):
    before = samples(client.get("/metrics").get_data(as_text=True))
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("Lampu PJU di Jl. Kenjeran mati tiga malam")
    citizen.says("Tolong, pipa bocor", process=False)  # one event left waiting
    tg_post({"update_id": 1}, secret="wrong")
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    now = samples(answer.get_data(as_text=True))

    def grew(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return now.get(key, 0) - before.get(key, 0)

    assert grew("aduan_webhook_requests_total", channel="telegram", status="200") == 2
    assert grew("aduan_webhook_requests_total", channel="telegram", status="403") == 1
    assert grew("aduan_webhook_request_seconds_count", channel="telegram") == 3
    assert (
        grew("aduan_routing_decisions_total", kind="complaint", by="rule")
        + grew("aduan_routing_decisions_total", kind="complaint", by="model")
        == 1
    )
    # One drain job, or two when the first outran its 1-s slice (a busy machine) and
    # queued a continuation.
    assert grew("aduan_jobs_total", queue="intake", job="drain", outcome="ok") in (1, 2)
    assert now[("aduan_events_pending", ())] == 1
    assert now[("aduan_queue_depth", (("queue", "intake"),))] == 1
    assert now[("aduan_outbox_rows", (("channel", "telegram"), ("state", "sent")))] >= 1
    opd = db.session.execute(select(Ticket.opd_code)).scalars().first()
    assert now[("aduan_sla_clocks", (("opd", opd), ("state", "running")))] >= 1


def test_metrics_need_the_token_or_an_allowed_address(client, app):
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", environ_base=outside).status_code == 404
    app.config["METRICS_TOKEN"] = "scrape-token-123"
    try:
        assert client.get("/metrics").status_code == 404  # a token is set: loopback too
        good = {"Authorization": "Bearer scrape-token-123"}
        assert client.get("/metrics", headers=good, environ_base=outside).status_code == 200
    finally:
        app.config["METRICS_TOKEN"] = ""


def test_counters_of_several_processes_add_up(tmp_path):
    """Two processes (as gunicorn's or RQ's workers) write the shared directory; a scrape
    reads both."""
    script = (
        "from aduan import metrics\n"
        "metrics.send_failed('sms', 'rate_limited', False)\n"
        "metrics.send_failed('sms', 'rate_limited', True)\n"
    )
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 and all(f.startswith("counter_") for f in files)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(tmp_path))
    total = registry.get_sample_value(
        "aduan_sends_failed_total", {"channel": "sms", "reason": "rate_limited", "outcome": "retry"}
    )
    assert total == 2
    from aduan import metrics

    assert metrics.reset_directory(str(tmp_path)) and not list(tmp_path.iterdir())


def test_the_example_dashboard_asks_only_for_metrics_we_export(client, app):
    import json
    import re

    from aduan import clock, metrics
    from aduan.config import ROOT

    clock.beat(app)
    body = client.get("/metrics").get_data(as_text=True)
    exported = {f.name for f in text_string_to_metric_families(body)}
    for item in vars(metrics).values():  # labelled series appear once they have a value
        if hasattr(item, "_name") and hasattr(item, "_type"):
            suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"]}
            exported |= {item._name + s for s in suffixes.get(item._type, [""])}
    dashboard = json.loads((ROOT / "docs" / "grafana-dashboard.json").read_text())
    asked = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\baduan_[a-z_]+", target["expr"])
    }
    assert len(asked) >= 12 and asked <= exported, asked - exported
