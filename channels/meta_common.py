"""What the Meta channels share: webhook authentication (the GET subscription handshake
and `X-Hub-Signature-256`), the Graph API HTTP seam, and Graph error classification.

Used by channels.whatsapp_cloud (WhatsApp Cloud API) and channels.meta (Facebook Page
Messenger and Instagram DMs). Pure stdlib + requests; no database, no Flask.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from channels.base import (
    AUTH,
    CONFIG,
    CONNECT_TIMEOUT,
    NOT_ON_WHATSAPP,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    SEND_TIMEOUT,
    TEMPLATE_REJECTED,
    WINDOW_CLOSED,
    ChannelError,
    maybe_sent,
)

DEFAULT_BASE_URL = "https://graph.facebook.com/v23.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_REDIRECTS = 3

# Graph error codes -> (permanent, meaning). `permanent` means retrying the same request
# cannot succeed; transient ones are retried by the outbox with back-off.
GRAPH_ERRORS: dict[int, tuple[bool, str]] = {
    # -- Graph platform (all Meta APIs)
    1: (False, "unknown API error: Meta says retry later"),
    2: (False, "temporary service outage"),
    4: (False, "application-level API call rate limit"),
    10: (True, "permission denied (Messenger: see subcode 2018278 below)"),
    17: (False, "user-level API call rate limit"),
    32: (False, "page-level API call rate limit"),
    100: (True, "invalid parameter (bad recipient, malformed body, unknown object)"),
    190: (True, "access token invalid or expired: an auth failure, needs a new token"),
    200: (True, "permission error (the whole 200-299 range is permissions)"),
    368: (True, "temporarily blocked for policy violations: retrying makes it worse"),
    551: (True, "Messenger: this person isn't available right now"),
    613: (False, "calls to this API exceeded the rate limit"),
    # -- WhatsApp Cloud API
    80007: (False, "WhatsApp Business Account rate limit"),
    130429: (False, "Cloud API message throughput reached"),
    131000: (False, "something went wrong: generic, Meta says retry"),
    131008: (True, "a required parameter is missing"),
    131009: (True, "a parameter value is not valid"),
    131016: (False, "service unavailable"),
    131021: (True, "recipient cannot be the sender"),
    131026: (True, "message undeliverable: not on WhatsApp, old app, or blocked us"),
    131047: (True, "re-engagement: over 24 h since the citizen's last message; use a template"),
    131048: (False, "spam rate limit: this number is restricted for a while"),
    131051: (True, "unsupported message type"),
    131056: (False, "pair rate limit: too many messages to the same citizen"),
    132000: (True, "template parameter count does not match the template"),
    132001: (True, "template does not exist in this language or is not approved"),
    132012: (True, "template parameter format does not match the template"),
    132015: (True, "template is paused for low quality"),
    132016: (True, "template is disabled"),
    133010: (True, "our business phone number is not registered"),
}
# Graph codes that say more than "transient" / "rejected" (channels.base reasons).
GRAPH_REASONS: dict[int, str] = {
    4: RATE_LIMITED,
    17: RATE_LIMITED,
    32: RATE_LIMITED,
    613: RATE_LIMITED,
    80007: RATE_LIMITED,
    130429: RATE_LIMITED,
    131048: RATE_LIMITED,
    131056: RATE_LIMITED,
    190: AUTH,
    133010: CONFIG,
    551: RECIPIENT_UNREACHABLE,
    131026: NOT_ON_WHATSAPP,
    131047: WINDOW_CLOSED,
    132000: TEMPLATE_REJECTED,
    132001: TEMPLATE_REJECTED,
    132012: TEMPLATE_REJECTED,
    132015: TEMPLATE_REJECTED,
    132016: TEMPLATE_REJECTED,
}
# (code, subcode) -> (permanent, our ChannelError code, meaning); checked before the table.
GRAPH_SUBCODES: dict[tuple[int, int], tuple[bool, str, str]] = {
    (10, 2018278): (True, "outside_window", "Messenger: outside the 24 h messaging window"),
}


@dataclass(frozen=True)
class StatusUpdate:
    """One delivery status of a message we sent (WhatsApp `statuses[]`).

    `provider_id` is the wamid our send returned; `status` is sent / delivered / read /
    failed; `error_code` is Meta's code as a string ("131047") for failures."""

    provider_id: str
    status: str
    timestamp: datetime
    recipient: str | None = None
    error_code: str | None = None
    error_title: str | None = None


# --------------------------------------------------------------------------- webhooks


def sign(app_secret: str, raw_body: bytes) -> str:
    """Returns the `X-Hub-Signature-256` value Meta sends for `raw_body`: "sha256=<hex>"."""
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def verify_signature(app_secret: str, raw_body: bytes, header: str | None) -> bool:
    """Returns True when `header` (X-Hub-Signature-256) is the HMAC-SHA256 of the exact raw
    request bytes under `app_secret`. False for a missing/malformed header or an empty
    secret. Never raises; compares in constant time."""
    if not app_secret or not header:
        return False
    return hmac.compare_digest(header.strip().encode(), sign(app_secret, raw_body).encode())


def verify_subscription(args: Mapping[str, str], verify_token: str) -> str | None:
    """The GET handshake Meta makes when a webhook is subscribed.

    Returns the `hub.challenge` to echo (as text/plain, status 200) when `hub.mode` is
    "subscribe" and `hub.verify_token` equals `verify_token`; None otherwise (answer 403)."""
    token = args.get("hub.verify_token") or ""
    if not verify_token or args.get("hub.mode") != "subscribe":
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return args.get("hub.challenge")


# --------------------------------------------------------------------------- errors


def graph_error(
    http_status: int, body: Any, retry_after: float | None = None, secret: str = ""
) -> ChannelError:
    """Returns the ChannelError for one failed Graph answer.

    `body` is the parsed JSON (or anything else when it was not JSON). Known codes follow
    GRAPH_ERRORS / GRAPH_SUBCODES; unknown ones trust Graph's `is_transient` flag, else
    HTTP 5xx/429 are transient and other statuses permanent. `secret` (the token) is
    blanked out of the message."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        text = f"Graph HTTP {http_status}"
        return ChannelError(
            text,
            permanent=not _transient_status(http_status),
            code=str(http_status),
            reason=graph_reason(None, None, http_status),
        )
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    text = str(error.get("message") or error.get("type") or f"Graph HTTP {http_status}")
    details = (error.get("error_data") or {}) if isinstance(error.get("error_data"), dict) else {}
    if details.get("details"):
        text = f"{text}: {details['details']}"
    if secret:
        text = text.replace(secret, "<token>")
    label = str(code) if code is not None else str(http_status)
    if code is not None and subcode is not None and (code, subcode) in GRAPH_SUBCODES:
        permanent, label, _ = GRAPH_SUBCODES[(code, subcode)]
    elif code is not None and code in GRAPH_ERRORS:
        permanent = GRAPH_ERRORS[code][0]
    elif code is not None and 200 <= code <= 299:
        permanent = True  # permission errors
    elif isinstance(error.get("is_transient"), bool):
        permanent = not error["is_transient"]
    else:
        permanent = not _transient_status(http_status)
    if http_status >= 500 and code not in GRAPH_ERRORS:
        permanent = False
    return ChannelError(
        f"[{label}] {text}",
        permanent=permanent,
        code=label,
        retry_after=retry_after,
        reason=graph_reason(code, subcode, http_status),
    )


def graph_reason(code: int | None, subcode: int | None = None, http_status: int = 0) -> str | None:
    """Returns the failure reason (channels.base) of a Graph error code, or None for the
    default (transient, or rejected when permanent)."""
    if (code, subcode) in GRAPH_SUBCODES:
        return WINDOW_CLOSED
    if code is not None and code in GRAPH_REASONS:
        return GRAPH_REASONS[code]
    if code is not None and 200 <= code <= 299:
        return AUTH  # permissions of our app or page
    if http_status == 429:
        return RATE_LIMITED
    if http_status == 401:
        return AUTH
    return None


def _transient_status(http_status: int) -> bool:
    return http_status >= 500 or http_status in (408, 429)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def too_large(size: int, limit: int) -> ChannelError:
    """Returns the permanent "too_large" ChannelError for a file over the limit."""
    return ChannelError(
        f"file of {size} bytes exceeds the limit of {limit}", permanent=True, code="too_large"
    )


# --------------------------------------------------------------------------- HTTP seam


def is_loopback(url: str) -> bool:
    """True for http(s) URLs on localhost / 127.x / ::1 (the sandbox)."""
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class GraphClient:
    """The one HTTP seam of the Meta adapters: a requests.Session bound to a Graph base URL
    (e.g. "https://graph.facebook.com/v23.0") and a bearer token. Every method raises only
    ChannelError. A loopback base URL (the sandbox) ignores HTTP(S)_PROXY variables."""

    def __init__(
        self,
        access_token: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | tuple[float, float] = (CONNECT_TIMEOUT, SEND_TIMEOUT),
    ):
        if not access_token:
            raise ValueError("Graph access token is empty")
        self._token = access_token
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = not is_loopback(self.base_url)

    def __repr__(self) -> str:  # never show the token
        return f"GraphClient(base_url={self.base_url!r})"

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST JSON to {base_url}/{path}. Returns the JSON answer; raises ChannelError."""
        return self._call("POST", path, json=payload)

    def get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """GET {base_url}/{path}. Returns the JSON answer; raises ChannelError."""
        return self._call("GET", path, params=params)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            response = self.session.request(
                method, url, headers=self._auth, timeout=self.timeout, **kwargs
            )
        except requests.Timeout as exc:
            unknown = maybe_sent(exc)
            raise ChannelError(f"Graph timeout: {exc}", code="timeout", unknown=unknown) from exc
        except requests.RequestException as exc:
            unknown = maybe_sent(exc)
            raise ChannelError(
                f"Graph unreachable: {exc}", code="network", unknown=unknown
            ) from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            raise graph_error(
                response.status_code, body, _retry_after(response), secret=self._token
            )
        if not isinstance(body, dict):  # a proxy's error page, a truncated answer
            raise ChannelError(
                f"Graph answered HTTP {response.status_code} without JSON", code="bad_response"
            )
        return body

    def download(
        self,
        url: str,
        max_bytes: int,
        *,
        bearer: bool = True,
        host_ok: Callable[[str], bool] | None = None,
    ) -> tuple[bytes, str | None]:
        """Download `url` (streamed), sending the bearer token only when `bearer`.

        With `host_ok`, the URL and every redirect target must pass it, else
        ChannelError(permanent, "forbidden_host"). Returns (content, Content-Type without
        parameters or None). Raises ChannelError(permanent, "too_large") past `max_bytes`,
        other ChannelErrors for HTTP failures."""
        headers = self._auth if bearer else {}
        for _ in range(MAX_REDIRECTS + 1):
            if host_ok is not None and not host_ok(url):
                host = urlsplit(url).hostname
                raise ChannelError(
                    f"refusing to download from {host}", permanent=True, code="forbidden_host"
                )
            try:
                response = self.session.get(
                    url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
                )
            except requests.Timeout as exc:
                raise ChannelError(f"download timeout: {exc}", code="timeout") from exc
            except requests.RequestException as exc:
                raise ChannelError(f"download failed: {exc}", code="network") from exc
            with response:
                if response.is_redirect and response.headers.get("Location"):
                    target = urljoin(url, response.headers["Location"])
                    if urlsplit(target).netloc != urlsplit(url).netloc:
                        headers = {}  # never hand the token to another host
                    url = target
                    continue
                if response.status_code >= 400:
                    try:
                        body = response.json()
                    except ValueError:
                        body = None
                    raise graph_error(response.status_code, body, secret=self._token)
                return _read_limited(response, max_bytes), _mime(response)
        raise ChannelError("too many redirects", permanent=True, code="redirects")


def _read_limited(response: requests.Response, max_bytes: int) -> bytes:
    declared = _int(response.headers.get("Content-Length"))
    if declared is not None and declared > max_bytes:
        raise too_large(declared, max_bytes)
    chunks, total = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            total += len(chunk)
            if total > max_bytes:
                raise too_large(total, max_bytes)
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise ChannelError(f"download interrupted: {exc}", code="network") from exc
    return b"".join(chunks)


def _mime(response: requests.Response) -> str | None:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind or None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value else None
    except ValueError:
        return None
