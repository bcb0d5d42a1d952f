"""`aduan doctor`: is this deployment set up right and can it reach what it needs?

Each check gives a verdict in plain words: ok, warn (works, but look at it) or fail
(must be fixed; the command exits non-zero). Provider checks use the same adapters the
desk sends with, so they ask the real provider (or the sandbox the adapters point at)."""

from __future__ import annotations

import os
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import text

from aduan import metrics
from aduan.extensions import db
from aduan.queue import CLOCK_HEARTBEAT, QUEUES, redis_conn

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Finding:
    check: str
    verdict: str  # ok | warn | fail
    words: str


def _settings(app: Flask) -> list[Finding]:
    cfg, found = app.config, []
    key = os.environ.get("SECRET_KEY", "")
    if not key:
        found.append(
            Finding(
                "SECRET_KEY",
                FAIL,
                "not set: each host would make up its own key and officers' links and "
                "sessions would break between hosts. Set a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`.",
            )
        )
    elif len(key) < 32:
        found.append(Finding("SECRET_KEY", FAIL, f"only {len(key)} characters: use 32 or more."))
    else:
        found.append(Finding("SECRET_KEY", OK, "set"))
    base = os.environ.get("PUBLIC_BASE_URL", "")
    if not base.startswith("https://"):
        found.append(
            Finding(
                "PUBLIC_BASE_URL",
                FAIL,
                f"{base or 'not set'}: providers call webhooks and officers open links on "
                "the public https address; set PUBLIC_BASE_URL=https://...",
            )
        )
    else:
        found.append(Finding("PUBLIC_BASE_URL", OK, base))
    if base.startswith("https://") and not cfg.get("PROXY_COUNT"):
        found.append(
            Finding(
                "PROXY_COUNT",
                WARN,
                "0: X-Forwarded-For is ignored. If TLS ends at a proxy in front of the web "
                "(nginx, Caddy, a load balancer, Heroku's router), set PROXY_COUNT to the "
                "number of proxies, or login limits and METRICS_ALLOW_FROM see the proxy's "
                "address for every client.",
            )
        )
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        found.append(
            Finding("DATABASE_URL", WARN, "SQLite: fine on one machine, not for several hosts.")
        )
    if not cfg["REDIS_URL"]:
        found.append(Finding("REDIS_URL", WARN, "not set: 127.0.0.1:6379 is assumed."))
    return found


def _database(app: Flask) -> list[Finding]:
    from aduan.ops import current_revisions, migration_heads

    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:
        return [Finding("database", FAIL, f"cannot connect ({type(exc).__name__}): {exc}")]
    found = [Finding("database", OK, "reachable")]
    head, current = migration_heads(app), current_revisions()
    if current != head:
        words = f"at {', '.join(current) or 'nothing'}, code expects {', '.join(head)}: "
        found.append(Finding("migrations", FAIL, words + "run `aduan migrate`."))
    else:
        found.append(Finding("migrations", OK, f"at {', '.join(head)}"))
    return found


def _redis_and_processes(app: Flask) -> list[Finding]:
    from rq import Worker

    try:
        conn = redis_conn(app)
        conn.ping()
    except Exception as exc:
        return [Finding("redis", FAIL, f"cannot connect ({type(exc).__name__}).")]
    found = [Finding("redis", OK, "reachable")]
    now = time.time()
    alive = [
        w
        for w in Worker.all(connection=conn)
        if w.last_heartbeat is not None and now - w.last_heartbeat.timestamp() < 120
    ]
    if alive:
        taken = {name for w in alive for name in w.queue_names()}
        missing = [name for name in QUEUES if name not in taken]
        if missing:
            found.append(
                Finding(
                    "workers",
                    FAIL,
                    f"{len(alive)} alive, but no worker takes {', '.join(missing)}: start "
                    "`aduan worker --role all` and `--role sends` (Procfile worker, sends).",
                )
            )
        else:
            found.append(Finding("workers", OK, f"{len(alive)} alive, every queue taken"))
    else:
        found.append(
            Finding("workers", FAIL, "no RQ worker alive: start `aduan worker` (Procfile worker).")
        )
    beat = conn.get(CLOCK_HEARTBEAT)
    limit = max(60, 4 * app.config["CLOCK_INTERVAL_SECONDS"])
    if beat is None or now - float(beat) > limit:
        found.append(
            Finding(
                "clock",
                FAIL,
                "not ticking: start exactly one `aduan clock` (SLA escalations, retries and "
                "lost jobs depend on it).",
            )
        )
    else:
        found.append(Finding("clock", OK, f"last tick {now - float(beat):.0f} s ago"))
    return found


def _storage_and_metrics(app: Flask) -> list[Finding]:
    from ticketing import storage

    found = []
    try:
        probe = "doctor/probe.txt"
        storage.save(probe, b"ok", "text/plain")
        with storage.open_media(probe) as item:
            assert item.read() == b"ok"
        storage.delete(probe)
        where = "bucket" if app.config["MEDIA_STORAGE_URL"] else app.config["MEDIA_DIR"]
        found.append(Finding("media storage", OK, f"writable ({where})"))
    except Exception as exc:
        found.append(Finding("media storage", FAIL, f"cannot write ({type(exc).__name__})."))
    if not app.config["MEDIA_STORAGE_URL"]:
        found.append(
            Finding(
                "media storage",
                WARN,
                "local disk: with several hosts set MEDIA_STORAGE_URL=s3://... so every host "
                "sees every photo.",
            )
        )
    if not os.environ.get(metrics.MULTIPROC_ENV):
        found.append(
            Finding(
                "metrics",
                WARN,
                "PROMETHEUS_MULTIPROC_DIR not set: /metrics shows only the process that answers.",
            )
        )
    return found


# -- providers ---------------------------------------------------------------------


def _telegram(app: Flask, adapter: Any) -> list[Finding]:
    me = adapter.get_me()
    found = [Finding("telegram", OK, f"token valid: bot @{me.get('username')}")]
    info = adapter.webhook_info()
    expected = app.config["PUBLIC_BASE_URL"] + "/webhooks/telegram"
    if info.get("url") != expected:
        words = f"webhook is {info.get('url') or 'not set'}, should be {expected}: "
        found.append(Finding("telegram webhook", FAIL, words + "run `aduan telegram set-webhook`."))
    else:
        found.append(Finding("telegram webhook", OK, expected))
    if info.get("last_error_message"):
        words = f"Telegram's last delivery error: {info['last_error_message']}"
        found.append(Finding("telegram webhook", WARN, words))
    return found


def _twilio(app: Flask, adapter: Any) -> list[Finding]:
    cfg = app.config
    account = adapter.client.api.v2010.accounts(adapter.account_sid).fetch()
    found = [
        Finding("twilio", OK if account.status == "active" else FAIL, f"account {account.status}")
    ]
    base = cfg["PUBLIC_BASE_URL"]
    wanted = {
        cfg["TWILIO_SMS_FROM"]: ("sms_url", f"{base}/webhooks/twilio/messaging"),
        cfg["TWILIO_VOICE_NUMBER"]: ("voice_url", f"{base}/webhooks/twilio/voice"),
    }
    numbers = {n.phone_number: n for n in adapter.client.incoming_phone_numbers.list(limit=50)}
    for number, (attribute, url) in wanted.items():
        if not number or not number.startswith("+"):
            continue  # a messaging service or sender id: its webhook lives elsewhere
        item = numbers.get(number)
        have = getattr(item, attribute, None) if item is not None else None
        label = f"twilio {number} {attribute.removesuffix('_url')}"
        if have == url:
            found.append(Finding(label, OK, url))
        else:
            words = f"webhook is {have or 'not set'}, should be {url} (Twilio console)."
            found.append(Finding(label, FAIL, words))
    return found


def _whatsapp_cloud(app: Flask, adapter: Any) -> list[Finding]:
    info = adapter.graph.get(
        adapter.phone_number_id, {"fields": "display_phone_number,verified_name"}
    )
    words = f"token valid for {info.get('display_phone_number')} ({info.get('verified_name')}); "
    words += "Meta does not show a number's webhook to its token: check the app dashboard."
    return [Finding("whatsapp_cloud", OK, words)]


def _meta(app: Flask, adapter: Any) -> list[Finding]:
    answer = adapter.graph.get(f"{adapter.page_id}/subscribed_apps")
    name = adapter.channel
    if not answer.get("data"):
        return [Finding(name, FAIL, "token valid, but no app subscribed to the Page's webhook.")]
    fields = ", ".join(answer["data"][0].get("subscribed_fields") or [])
    return [Finding(name, OK, f"token valid, webhook subscribed ({fields})")]


def _x(app: Flask, adapter: Any) -> list[Finding]:
    me = adapter.client.get_me(user_auth=True)
    user = (me.get("data") or {}).get("username")
    return [Finding("x", OK, f"credentials valid: @{user}; mentions and DMs are polled")]


def _email(app: Flask, adapter: Any) -> list[Finding]:
    client_class = smtplib.SMTP_SSL if adapter.ssl else smtplib.SMTP
    with client_class(adapter.host, adapter.port, timeout=10) as client:
        client.ehlo()
        if not adapter.ssl and client.has_extn("starttls"):
            client.starttls()
        if adapter.username:
            client.login(adapter.username, adapter.password)
    return [Finding("email", OK, f"SMTP {adapter.host}:{adapter.port} accepts us")]


PROBES: dict[str, Callable[[Flask, Any], list[Finding]]] = {
    "telegram": _telegram,
    "sms": _twilio,
    "whatsapp_cloud": _whatsapp_cloud,
    "facebook": _meta,
    "instagram": _meta,
    "x": _x,
    "email": _email,
}


def _providers(app: Flask) -> list[Finding]:
    from channels.base import ChannelError
    from ticketing.delivery import adapters

    found = []
    for channel, probe in PROBES.items():
        if not adapters.configured(channel):
            continue
        try:
            found += probe(app, adapters.adapter(channel))
        except ChannelError as exc:
            words = f"refused or unreachable ({exc.reason}): {exc}"
            found.append(Finding(channel, FAIL, words + " Check the credentials."))
        except Exception as exc:
            status = getattr(exc, "status", None) or getattr(
                getattr(exc, "response", None), "status_code", None
            )
            if status in (401, 403):
                words = f"the provider refused our credentials (HTTP {status}): check them."
            else:
                words = f"check failed ({type(exc).__name__}): {exc}"
            found.append(Finding(channel, FAIL, words))
    if not found:
        found.append(Finding("providers", WARN, "no provider configured: no channel is on."))
    return found


def examine(app: Flask) -> list[Finding]:
    """Returns every finding about this deployment, settings first."""
    found = _settings(app)
    with app.app_context():
        try:
            found += _database(app)
        finally:
            db.session.rollback()
        found += _redis_and_processes(app)
        found += _storage_and_metrics(app)
        found += _providers(app)
    return found
