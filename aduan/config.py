"""Settings read from the environment (DESIGN.md §7). One place, plain values."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return int(value) if value not in (None, "") else default


def var_dir() -> Path:
    """Returns the directory for local state (SQLite file, media, model cache)."""
    path = Path(os.environ.get("ADUAN_VAR_DIR", ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class ConfigError(RuntimeError):
    """A setting the desk cannot run without is missing; the message says which and why."""


MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. It signs staff sessions, officer links and the Telegram webhook "
    "secret, and every web and worker process (on every host) must share the same one. "
    "Set it to a long random value, e.g. "
    "python -c 'import secrets; print(secrets.token_hex(32))'. "
    "Only the local sandbox (`make run` without provider credentials) makes one up; "
    "commands for that desk take its key with ADUAN_SANDBOX=1 (e.g. ADUAN_SANDBOX=1 aduan "
    "classify)."
)


def sandbox_secret_key() -> str:
    """Returns the sandbox's key: generated once and kept in var/secret_key, so restarts
    and the sandbox's several processes share it."""
    path = var_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key() -> str:
    """Returns SECRET_KEY from the environment, or the sandbox's stored key when running
    inside the embedded sandbox (ADUAN_SANDBOX). Raises ConfigError otherwise: a key made
    up per host would silently break sessions and links across processes."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if _bool(os.environ.get("ADUAN_SANDBOX")):
        return sandbox_secret_key()
    raise ConfigError(MISSING_SECRET_KEY)


def derived_secret(key: str, purpose: str) -> str:
    """Returns a stable secret for `purpose` derived from SECRET_KEY ([A-Za-z0-9])."""
    return hmac.new(key.encode(), purpose.encode(), hashlib.sha256).hexdigest()[:48]


def database_url(url: str) -> str:
    """Returns `url` with the psycopg 3 driver for PostgreSQL URLs (postgres://,
    postgresql://), as Heroku-style and CI URLs name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def limit_statements(cfg: dict) -> None:
    """Bounds every statement of this process's PostgreSQL connections to
    DATABASE_STATEMENT_TIMEOUT seconds (0: no bound), so a runaway query in a web request
    is cancelled instead of holding a worker thread forever. Only the web process calls
    it (aduan/wsgi.py): migrations and the workers' long jobs (reports, retention) run
    unbounded; SQLite has no such setting."""
    seconds = cfg.get("DATABASE_STATEMENT_TIMEOUT") or 0
    if seconds <= 0 or not str(cfg["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        return
    options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    said = f"-c statement_timeout={int(seconds * 1000)}"
    connect_args["options"] = f"{connect_args.get('options', '')} {said}".strip()
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = options | {"connect_args": connect_args}


def desk_whatsapp(value: str) -> str:
    """Returns the desk's public WhatsApp number as E.164 ("+62..."; "" when not set);
    raises ConfigError for one that is no phone number, rather than print it to citizens."""
    if not value.strip():
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ConfigError(f"DESK_WHATSAPP={value!r} is not a phone number (e.g. +62 811 3000 0000)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def limiter_storage(env: dict[str, str] | os._Environ[str]) -> str:
    """Returns where login rate limits are counted: the app's Redis, so the limits hold
    across web processes (memory only when there is no Redis URL)."""
    url = env.get("REDIS_URL", "")
    if url.startswith("unix://"):
        return "redis+unix://" + url.removeprefix("unix://")
    return url or "memory://"


def load(overrides: dict | None = None) -> dict:
    """Returns the Flask config dict built from the environment plus `overrides`."""
    env = os.environ
    key = (overrides or {}).get("SECRET_KEY") or secret_key()
    var = var_dir()
    url = database_url(env.get("DATABASE_URL", "")) or f"sqlite:///{var / 'aduan.db'}"
    # Connections kept open per process. SQLAlchemy's 5 was below the `sends` process's 8
    # threads: the pool closed and reopened a PostgreSQL connection for about every third
    # send (a server process each time).
    pool = {"pool_size": 10, "max_overflow": 10} if url.startswith("postgresql") else {}
    if url.startswith("postgresql") and "connect_timeout=" not in url:
        # libpq waits for the server's answer forever by default: a database host that
        # accepts connections but never answers (frozen, a half-dead network path) hung
        # every web thread and worker instead of a 503 and a retry.
        seconds = _int(env.get("DATABASE_CONNECT_TIMEOUT"), 5)
        pool["connect_args"] = {"connect_timeout": seconds}
    cfg = {
        "DATABASE_STATEMENT_TIMEOUT": float(env.get("DATABASE_STATEMENT_TIMEOUT") or 15),
        "REPORT_STATEMENT_TIMEOUT": float(env.get("REPORT_STATEMENT_TIMEOUT") or 120),
        "SECRET_KEY": key,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True} | pool,
        "REDIS_URL": env.get("REDIS_URL", ""),
        "PUBLIC_BASE_URL": (
            env.get("PUBLIC_BASE_URL") or f"http://localhost:{env.get('PORT', '8000')}"
        ).rstrip("/"),
        "OFFICER_LINK_DAYS": _int(env.get("OFFICER_LINK_DAYS"), 7),
        "FEEDBACK_DAYS": _int(env.get("FEEDBACK_DAYS"), 7),
        "INCIDENT_DAYS": _int(env.get("INCIDENT_DAYS"), 3),
        "INCIDENT_METERS": _int(env.get("INCIDENT_METERS"), 300),
        "INCIDENT_SIMILARITY": float(env.get("INCIDENT_SIMILARITY", "0.45")),
        "TIMEZONE": env.get("TIMEZONE", "Asia/Jakarta"),
        "DESK_WHATSAPP": desk_whatsapp(env.get("DESK_WHATSAPP", "")),
        "VAR_DIR": str(var),
        "MEDIA_DIR": env.get("MEDIA_DIR", str(var / "media")),
        "MEDIA_MAX_BYTES": _int(env.get("MEDIA_MAX_BYTES"), 10 * 1024 * 1024),
        "WEBHOOK_MAX_BYTES": _int(env.get("WEBHOOK_MAX_BYTES"), 256 * 1024),
        "SANDBOX": _bool(env.get("ADUAN_SANDBOX")),
        "SANDBOX_TELEGRAM_URL": env.get("SANDBOX_TELEGRAM_URL", ""),
        "TELEGRAM_BOT_TOKEN": env.get("TELEGRAM_BOT_TOKEN", ""),
        "TELEGRAM_WEBHOOK_SECRET": env.get("TELEGRAM_WEBHOOK_SECRET")
        or derived_secret(key, "telegram-webhook"),
        "TELEGRAM_API_BASE_URL": env.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
        # E-mail for officers notified by mail
        "SMTP_URL": env.get("SMTP_URL", ""),
        "EMAIL_FROM": env.get("EMAIL_FROM", "aduan@localhost"),
        # Twilio: SMS, WhatsApp and voice (DESIGN.md §7)
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL", ""),
        "TWILIO_SMS_FROM": env.get("TWILIO_SMS_FROM", ""),
        "TWILIO_WHATSAPP_FROM": env.get("TWILIO_WHATSAPP_FROM", ""),
        "TWILIO_VOICE_NUMBER": env.get("TWILIO_VOICE_NUMBER", ""),
        "TWILIO_WHATSAPP_TEMPLATE_SID": env.get("TWILIO_WHATSAPP_TEMPLATE_SID", ""),
        "TWILIO_VOICE": env.get("TWILIO_VOICE", "Google.id-ID-Standard-A"),
        "EMERGENCY_NUMBER": env.get("EMERGENCY_NUMBER", "112"),
        # Told to a citizen who cannot reach 112 (e.g. "Damkar 031-..., PSC 119"); empty: none
        "EMERGENCY_OTHER_NUMBERS": env.get("EMERGENCY_OTHER_NUMBERS", ""),
        # WhatsApp Cloud API (Meta, direct)
        "WHATSAPP_ACCESS_TOKEN": env.get("WHATSAPP_ACCESS_TOKEN", ""),
        "WHATSAPP_APP_SECRET": env.get("WHATSAPP_APP_SECRET", ""),
        "WHATSAPP_VERIFY_TOKEN": env.get("WHATSAPP_VERIFY_TOKEN", ""),
        "WHATSAPP_PHONE_NUMBER_ID": env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
        "WHATSAPP_TEMPLATE_NAME": env.get("WHATSAPP_TEMPLATE_NAME", "aduan_status_update"),
        "GRAPH_API_BASE_URL": env.get("GRAPH_API_BASE_URL", "https://graph.facebook.com/v23.0"),
        # Facebook Page and Instagram messaging (Meta Graph webhooks)
        "META_PAGE_ACCESS_TOKEN": env.get("META_PAGE_ACCESS_TOKEN", ""),
        "META_PAGE_ID": env.get("META_PAGE_ID", ""),
        "META_IG_ID": env.get("META_IG_ID", ""),
        "META_APP_SECRET": env.get("META_APP_SECRET", ""),
        "META_VERIFY_TOKEN": env.get("META_VERIFY_TOKEN", ""),
        # X / Twitter
        "X_BEARER_TOKEN": env.get("X_BEARER_TOKEN", ""),
        "X_CONSUMER_KEY": env.get("X_CONSUMER_KEY", ""),
        "X_CONSUMER_SECRET": env.get("X_CONSUMER_SECRET", ""),
        "X_ACCESS_TOKEN": env.get("X_ACCESS_TOKEN", ""),
        "X_ACCESS_TOKEN_SECRET": env.get("X_ACCESS_TOKEN_SECRET", ""),
        "X_ACCOUNT_ID": env.get("X_ACCOUNT_ID", ""),
        "X_API_BASE_URL": env.get("X_API_BASE_URL", ""),
        "X_POLL_SECONDS": _int(env.get("X_POLL_SECONDS"), 60),
        "X_WEBHOOK_ENABLED": _bool(env.get("X_WEBHOOK_ENABLED")),  # Account Activity route
        # Local provider sandboxes' control URLs (set by `aduan run`)
        "SANDBOX_TWILIO_URL": env.get("SANDBOX_TWILIO_URL", ""),
        "SANDBOX_GRAPH_URL": env.get("SANDBOX_GRAPH_URL", ""),
        "SANDBOX_X_URL": env.get("SANDBOX_X_URL", ""),
        # Maps (inbox and public pages): tile server and its required attribution
        "MAP_TILE_URL": env.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_ATTRIBUTION": env.get(
            "MAP_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        ),
        "ROUTING_THRESHOLD": float(env.get("ROUTING_THRESHOLD", "0.75")),
        "MODEL_DIR": env.get("MODEL_DIR", str(var / "models")),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or limiter_storage(env),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: each process counts in memory until it is back (limits still hold,
        # per process) instead of every rate-limited page answering 500
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # The JSON API, counted per token (inbox/api)
        "API_RATE_LIMIT": env.get("API_RATE_LIMIT", "600 per minute"),
        "API_WRITE_RATE_LIMIT": env.get("API_WRITE_RATE_LIMIT", "60 per minute"),
        # Outgoing partner webhooks (ticketing/partners): http:// only for local tests
        "PARTNER_WEBHOOKS_ALLOW_HTTP": _bool(env.get("PARTNER_WEBHOOKS_ALLOW_HTTP")),
        # ... and to loopback or private addresses (ticketing/partners/egress.py)
        "PARTNER_WEBHOOKS_ALLOW_PRIVATE": _bool(env.get("PARTNER_WEBHOOKS_ALLOW_PRIVATE")),
        "PARTNER_WEBHOOKS_DISABLE_AFTER": _int(env.get("PARTNER_WEBHOOKS_DISABLE_AFTER"), 5),
        # Staff sessions (docs/security.md): cookies Secure whenever the desk is on https
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_DAYS": _int(env.get("REMEMBER_DAYS"), 7),
        # The web surface (aduan/security.py): proxies trusted for X-Forwarded-*, body
        # limits, login limits
        "PROXY_COUNT": _int(env.get("PROXY_COUNT"), 0),
        "MAX_REQUEST_BYTES": _int(env.get("MAX_REQUEST_BYTES"), 1024 * 1024),
        "UPLOAD_MAX_BYTES": _int(env.get("UPLOAD_MAX_BYTES"), 32 * 1024 * 1024),
        "LOGIN_IP_LIMIT": env.get("LOGIN_IP_LIMIT", "10 per minute;50 per hour"),
        "LOGIN_ACCOUNT_LIMIT": env.get("LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour"),
        # Reveals of citizens' numbers and addresses, per staff user (inbox/reveal.py)
        "REVEAL_LIMIT": env.get("REVEAL_LIMIT", "20 per minute;300 per day"),
        # Intake (ticketing/inbound/claims.py): events a worker claims at once, how long
        # a claim holds, when the clock wakes a worker for events still waiting, and the
        # age of a waiting event that raises the alert on /admin and in /metrics
        "INBOUND_BATCH": _int(env.get("INBOUND_BATCH"), 20),
        "INBOUND_WAKE_ASYNC": _bool(env.get("INBOUND_WAKE_ASYNC", "1")),
        "INBOUND_LEASE_SECONDS": _int(env.get("INBOUND_LEASE_SECONDS"), 60),
        "INBOUND_RETRY_SECONDS": _int(env.get("INBOUND_RETRY_SECONDS"), 10),
        "INBOUND_ALERT_SECONDS": _int(env.get("INBOUND_ALERT_SECONDS"), 120),
        "CLOCK_INTERVAL_SECONDS": _int(env.get("CLOCK_INTERVAL_SECONDS"), 15),
        # how long a send waits for the provider's answer (channels.base.SEND_TIMEOUT)
        "SEND_TIMEOUT_SECONDS": _int(env.get("SEND_TIMEOUT_SECONDS"), 30),
        "FIRST_RESPONSE_HOURS": _int(env.get("FIRST_RESPONSE_HOURS"), 24),
        # The public side (public/): Open311, rate limits of the web form
        "OPEN311_JURISDICTION": env.get("OPEN311_JURISDICTION", "surabaya.go.id"),
        "OPEN311_CONTACT": env.get(
            "OPEN311_CONTACT", "Media Center Pemerintah Kota Surabaya (mediacenter@surabaya.go.id)"
        ),
        "OPEN311_POST_LIMIT": env.get("OPEN311_POST_LIMIT", "30 per minute;1000 per day"),
        "LAPOR_LIMIT": env.get("LAPOR_LIMIT", "5 per 10 minutes;30 per day"),
        # Per phone number given on the web form: its acknowledgements go there.
        "LAPOR_PHONE_LIMIT": env.get("LAPOR_PHONE_LIMIT", "3 per hour;10 per day"),
        "PUBLIC_READ_LIMIT": env.get("PUBLIC_READ_LIMIT", "120 per minute"),
        # Operations (docs/deploy.md): logs, errors, health, metrics, shared media
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "LOG_FORMAT": env.get("LOG_FORMAT", "text"),  # text | json
        "SENTRY_DSN": env.get("SENTRY_DSN", ""),
        "SENTRY_ENVIRONMENT": env.get("SENTRY_ENVIRONMENT", "production"),
        "SENTRY_TRACES_SAMPLE_RATE": float(env.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        "METRICS_TOKEN": env.get("METRICS_TOKEN", ""),
        "METRICS_ALLOW_FROM": env.get("METRICS_ALLOW_FROM", "127.0.0.1/32,::1/128"),
        "READY_EVENT_AGE_SECONDS": _int(env.get("READY_EVENT_AGE_SECONDS"), 300),
        "READY_OUTBOX_AGE_SECONDS": _int(env.get("READY_OUTBOX_AGE_SECONDS"), 600),
        "MEDIA_STORAGE_URL": env.get("MEDIA_STORAGE_URL", ""),
        # Personal data (docs/privacy.md)
        "RETENTION_DAYS": _int(env.get("RETENTION_DAYS"), 365),
        "RAW_EVENT_DAYS": _int(env.get("RAW_EVENT_DAYS"), 30),
    }
    cfg.update(overrides or {})
    https = cfg["PUBLIC_BASE_URL"].startswith("https://")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        cfg.setdefault(name, _bool(env.get(name), https))
    cfg.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=cfg["REMEMBER_DAYS"]))
    cfg["SQLALCHEMY_DATABASE_URI"] = database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    return cfg
