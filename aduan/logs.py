"""Logging for every process (web, worker, clock, CLI): quiet, one line per request and
per job, a request id carried from a webhook into the jobs it causes, text or JSON
(`LOG_FORMAT=json`), and never a secret or a phone number.

Scrubbing happens when a record is made (a log record factory), not in one handler:
whatever handler a record reaches (ours, pytest's, Sentry's breadcrumbs), its message
and traceback are already clean, at every level, from every library. Scrubbed:
- every configured secret's value (provider tokens, SECRET_KEY, passwords in URLs),
- secret-shaped text whoever wrote it: Telegram's `/bot<token>/` URL path, `Bearer ...`,
  `access_token=...`, `user:password@` in URLs, officers' signed links `/o/<token>`,
- phone numbers, masked as +62812****7890."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any, TextIO
from urllib.parse import urlsplit

from flask import Flask, g, request

REQUEST_ID: ContextVar[str] = ContextVar("aduan_request_id", default="-")

# Config keys whose values are secrets (URL-valued ones contribute their password).
SECRET_KEYS = (
    "SECRET_KEY",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "TWILIO_AUTH_TOKEN",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "META_PAGE_ACCESS_TOKEN",
    "META_APP_SECRET",
    "META_VERIFY_TOKEN",
    "X_BEARER_TOKEN",
    "X_CONSUMER_KEY",
    "X_CONSUMER_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "METRICS_TOKEN",
    "AWS_SECRET_ACCESS_KEY",
)
URL_KEYS = ("SQLALCHEMY_DATABASE_URI", "REDIS_URL", "SMTP_URL", "MEDIA_STORAGE_URL", "SENTRY_DSN")
# Libraries that log every HTTP call (with URLs that can hold tokens) or every job.
QUIET = (
    "httpx",
    "httpcore",
    "urllib3",
    "requests",
    "requests_oauthlib",
    "oauthlib",
    "telegram",
    "twilio",
    "tweepy",
    "botocore",
    "boto3",
    "s3transfer",
    "werkzeug",
    "rq.worker",
    "rq.scheduler",
    "rq.queue",
    "alembic",
    "weasyprint",  # INFO lines for every step of every PDF
    "fontTools",
)
QUIET_PATHS = ("/healthz", "/readyz", "/metrics", "/static/")
MIN_SECRET = 6  # shorter values are too common to replace everywhere

_PATTERNS = (
    (re.compile(r"/bot\d+:[A-Za-z0-9_-]+"), "/bot[secret]"),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 [secret]"),
    (
        re.compile(r"(?i)\b(access_token|hub\.verify_token|token|secret|password)=[^&\s\"']+"),
        r"\1=[secret]",
    ),
    # The scheme starts where a run of its characters starts: "\w+://" tried again at
    # every letter of a long word, and a 200 KB one held an intake worker for minutes.
    (re.compile(r"(?<![\w+.-])([A-Za-z][\w+.-]*://[^/\s:@]*):[^@/\s]+@"), r"\1:[secret]@"),
    (re.compile(r"/o/[A-Za-z0-9._-]{16,}"), "/o/[link]"),
    # A WhatsApp message id is base64 whose start holds the phone number: its end stays.
    (re.compile(r"\bwamid\.[A-Za-z0-9_=+/-]*([A-Za-z0-9_=+/-]{8})\b"), r"wamid.****\1"),
)
# Indonesian numbers (+62 8.., 62 8.., 08..) and any E.164 number with its plus.
_PHONE = re.compile(r"(?<![\w+])(?:\+?62|0)8\d{7,12}(?!\d)|(?<![\w+])\+\d{9,14}(?!\d)")

_secrets: set[str] = set()
_secret_re: re.Pattern[str] | None = None
_exc_formatter = logging.Formatter()


def _mask(number: str) -> str:
    keep = next((len(p) + 3 for p in ("+62", "62", "0") if number.startswith(p)), 3)
    return number[:keep] + "****" + number[-4:]


def mask_phone(text: str) -> str:
    """Returns `text` with every phone number masked: the country and operator prefix and
    the last four digits stay (+62812****7890, 0812****7890)."""
    return _PHONE.sub(lambda m: _mask(m.group(0)), text)


def scrub(text: str) -> str:
    """Returns `text` without registered secrets, secret-shaped strings or phone numbers."""
    if _secret_re is not None:
        text = _secret_re.sub("[secret]", text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return mask_phone(text)


def register_secrets(config: Mapping[str, Any], extra: Iterable[str] = ()) -> None:
    """Adds the secret values of `config` (and `extra`) to what every log line loses."""
    global _secret_re
    found = {str(config.get(key) or "") for key in SECRET_KEYS} | set(extra)
    for key in URL_KEYS:
        parts = urlsplit(str(config.get(key) or ""))
        found |= {parts.password or "", parts.username or ""} if parts.password else set()
        if key == "SENTRY_DSN":
            found.add(parts.username or "")
    found = {value for value in found if len(value) >= MIN_SECRET}
    if found - _secrets:
        _secrets.update(found)
        longest_first = sorted(_secrets, key=len, reverse=True)
        _secret_re = re.compile("|".join(re.escape(value) for value in longest_first))


def _scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what there is
        message = f"{record.msg} {record.args}"
    record.msg, record.args = scrub(message), ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = scrub(_exc_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    record.request_id = REQUEST_ID.get()
    return record


def _install_factory() -> None:
    current = logging.getLogRecordFactory()
    if getattr(current, "aduan_scrubs", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _scrub_record(current(*args, **kwargs))

    factory.aduan_scrubs = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def _formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def setup(
    level: str | int = "INFO", fmt: str = "text", stream: TextIO | None = None
) -> logging.Handler:
    """Configures the root logger once per process (later calls update it): our handler
    with the text or JSON format, `level`, noisy libraries at WARNING, and scrubbing of
    every record. Returns our handler."""
    _install_factory()
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "aduan", False)), None)
    if handler is None:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.aduan = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    elif stream is not None and isinstance(handler, logging.StreamHandler):
        handler.setStream(stream)
    handler.setFormatter(_formatter(fmt))
    root.setLevel(level if isinstance(level, int) else level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def new_request_id(given: str | None = None) -> str:
    """Returns `given` when it is a sane id (a proxy's X-Request-ID), else a new one."""
    if given and len(given) <= 64 and re.fullmatch(r"[A-Za-z0-9._-]+", given):
        return given
    return uuid.uuid4().hex[:16]


def init_app(app: Flask) -> None:
    """Sets up logging from the app's config and logs one line per request, with a
    request id (X-Request-ID in and out). The line names the URL rule, never the path
    (officers' links carry their token in the path) nor the query string."""
    setup(app.config.get("LOG_LEVEL", "INFO"), app.config.get("LOG_FORMAT", "text"))
    register_secrets(app.config)
    log = logging.getLogger("aduan.request")

    @app.before_request
    def start() -> None:
        g.log_started = time.perf_counter()
        g.log_token = REQUEST_ID.set(new_request_id(request.headers.get("X-Request-ID")))

    @app.after_request
    def line(response: Any) -> Any:
        started = g.pop("log_started", None)
        if started is None:
            return response
        response.headers["X-Request-ID"] = REQUEST_ID.get()
        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        ms = (time.perf_counter() - started) * 1000
        quiet = request.path.startswith(QUIET_PATHS) and response.status_code < 500
        log.log(
            logging.DEBUG if quiet else logging.INFO,
            "%s %s %s %.0fms",
            request.method,
            rule,
            response.status_code,
            ms,
            extra={"status": response.status_code, "duration_ms": round(ms, 1), "rule": rule},
        )
        return response

    @app.teardown_request
    def forget(_exc: BaseException | None) -> None:
        token = g.pop("log_token", None)
        if token is not None:
            REQUEST_ID.reset(token)
