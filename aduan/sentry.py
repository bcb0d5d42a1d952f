"""Optional error reports to Sentry (or a compatible server such as GlitchTip) when
SENTRY_DSN is set: web requests (Flask) and jobs (RQ).

Nothing personal leaves: no default PII (no IP, no user, no cookies), no request
bodies (a webhook body is a citizen's message), no local variables in stack frames, and
every string that remains goes through the same scrubber as the logs (secrets removed,
phone numbers masked). Headers are cut to a few harmless ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aduan.logs import scrub

KEPT_HEADERS = {"Content-Type", "Content-Length", "User-Agent", "X-Request-Id", "Host"}
_initialised: list[str] = []


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def before_send(event: dict[str, Any], _hint: Any = None) -> dict[str, Any]:
    """Returns the event without request bodies, cookies, query strings, user data,
    frame variables or secrets, and with phone numbers masked."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.title() in KEPT_HEADERS}
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    return _clean(event)


def init(config: Mapping[str, Any]) -> bool:
    """Starts the Sentry client once per process when SENTRY_DSN is set; returns True
    when it is (or already was) running with that DSN."""
    dsn = config.get("SENTRY_DSN") or ""
    if not dsn:
        return False
    if dsn in _initialised:
        return True
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.rq import RqIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=config.get("SENTRY_ENVIRONMENT") or "production",
        integrations=[FlaskIntegration(), RqIntegration()],
        # send_default_pii stays at its default, False (setting it is deprecated in 2.x).
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=float(config.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        before_send=before_send,  # type: ignore[arg-type]
        before_send_transaction=before_send,  # type: ignore[arg-type]
    )
    _initialised[:] = [dsn]
    return True


def name_transaction(route: str) -> None:
    """Names the current request's trace after `route` when Sentry runs: a webhook that
    webhooks.receiver answers before Flask would be "generic WSGI request"."""
    if _initialised:
        import sentry_sdk

        sentry_sdk.get_current_scope().set_transaction_name(route, source="route")
