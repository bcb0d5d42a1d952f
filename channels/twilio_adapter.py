"""The Twilio Messaging adapter: sends SMS and WhatsApp through the real
`twilio.rest.Client` (with `api_base_url`, every request for a Twilio host goes to that
base instead: the sandbox, tests), downloads citizens' media, and maps Twilio's errors
to channels.base reasons. Parsing and signatures live in channels.twilio_messaging."""

from __future__ import annotations

import json
import mimetypes
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from channels.base import (
    AUTH,
    CONFIG,
    RATE_LIMITED,
    SEND_TIMEOUT,
    ChannelError,
    OutboundMessage,
    SendResult,
    maybe_sent,
)
from channels.gsm import to_gsm
from channels.twilio_messaging import (
    RATE_LIMIT_CODE,
    WHATSAPP_PREFIX,
    e164,
    error_reason,
)

# Twilio error codes after which a retry cannot succeed (https://www.twilio.com/docs/api/errors).
PERMANENT_ERROR_CODES = frozenset(
    {
        21610,  # the recipient replied STOP: unsubscribed from this sender until START
        21211,  # invalid 'To' phone number
        21614,  # 'To' is not a mobile number (a landline cannot receive SMS)
        21408,  # sending to this region is not enabled in the account's geo permissions
        63016,  # WhatsApp: free-form message outside the 24 h window; only templates allowed
        63024,  # WhatsApp: invalid message recipient (no WhatsApp account on that number)
        21608,  # trial account: the 'To' number is not verified for this account
        20404,  # resource not found (unknown sender, Messaging Service or ContentSid)
    }
)
# fetch_file() accepts these content types; "image/", "audio/", "video/" are prefixes.
MEDIA_TYPE_PREFIXES = ("image/", "audio/", "video/")
MEDIA_TYPES = frozenset({"application/pdf"})
MAX_REDIRECTS = 5
_EXTENSIONS = {"audio/ogg": ".ogg", "audio/amr": ".amr", "video/3gpp": ".3gp"}
_EXTENSIONS |= {"audio/mp4": ".m4a", "image/jpeg": ".jpg", "audio/x-wav": ".wav"}


def _is_twilio_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in ("twilio.com", "twiliocdn.com"))


def _is_api_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "twilio.com" or host.endswith(".twilio.com")


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


class _RedirectingHttpClient(TwilioHttpClient):
    """TwilioHttpClient that sends every request for a Twilio host to `base_url`."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base = urlsplit(base_url.rstrip("/"))
        if self.session is not None and _is_loopback(self.base.hostname or ""):
            self.session.trust_env = False  # no HTTP(S)_PROXY detour for the sandbox

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        return super().request(method, _rebase(url, self.base), *args, **kwargs)


def _rebase(url: str, base: Any) -> str:
    """Returns `url` moved onto `base` (a SplitResult) when its host is a Twilio host."""
    parts = urlsplit(url)
    if base is None or not _is_twilio_host(parts.hostname or ""):
        return url
    return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, ""))


class TwilioMessagingAdapter:
    """Sends SMS and WhatsApp messages and downloads media through Twilio.

    Every method raises only ChannelError for provider and network failures.
    """

    channels = ("sms", "whatsapp")

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sms_from: str,  # E.164 number, alphanumeric sender id or Messaging Service "MG..."
        whatsapp_from: str,  # E.164 number (with or without "whatsapp:") or "MG..."
        *,
        api_base_url: str | None = None,
        status_callback: str | None = None,
        timeout: float = SEND_TIMEOUT,  # Twilio's client takes one number for both
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("Twilio account sid or auth token is empty")
        self.account_sid, self._auth_token = account_sid, auth_token
        self.sms_from = sms_from.strip()
        whatsapp_from = whatsapp_from.strip()
        if whatsapp_from and not whatsapp_from.startswith("MG"):
            whatsapp_from = WHATSAPP_PREFIX + e164(whatsapp_from)
        self.whatsapp_from = whatsapp_from
        self.api_base_url, self.status_callback = api_base_url, status_callback
        self.timeout = timeout
        self._base = urlsplit(api_base_url.rstrip("/")) if api_base_url else None
        http_client = (
            _RedirectingHttpClient(api_base_url, timeout)
            if api_base_url
            else TwilioHttpClient(timeout=timeout)
        )
        self.client = Client(account_sid, auth_token, http_client=http_client)

    def __repr__(self) -> str:  # never show the token
        return f"TwilioMessagingAdapter({self.account_sid!r}, api_base_url={self.api_base_url!r})"

    def send(self, msg: OutboundMessage) -> SendResult:
        """Send `msg` as an SMS or a WhatsApp message (`msg.channel`). With `msg.template`
        the message is the Content template of that ContentSid, filled with
        `msg.template_params` as variables "1", "2", ...; otherwise `msg.text` (SMS text
        is passed through to_gsm()) plus `msg.media_urls`. Returns Twilio's message sid.
        Raises ChannelError: permanent for PERMANENT_ERROR_CODES and other 4xx answers,
        transient for 429, 401/403, 5xx and network errors."""
        if msg.channel not in self.channels:
            raise ChannelError(
                f"not a Twilio messaging channel: {msg.channel}", permanent=True, reason=CONFIG
            )
        sender = self.whatsapp_from if msg.channel == "whatsapp" else self.sms_from
        if not sender:
            raise ChannelError(
                f"no sender configured for {msg.channel}", permanent=True, reason=CONFIG
            )
        to = e164(msg.recipient)
        kwargs: dict[str, Any] = {"to": WHATSAPP_PREFIX + to if msg.channel == "whatsapp" else to}
        if sender.startswith("MG"):  # a Messaging Service picks the sender itself
            kwargs["messaging_service_sid"] = sender
        else:
            kwargs["from_"] = sender
        if msg.template:
            variables = {str(i): value for i, value in enumerate(msg.template_params, 1)}
            kwargs |= {"content_sid": msg.template, "content_variables": json.dumps(variables)}
        else:
            if not msg.text.strip() and not msg.media_urls:
                raise ChannelError("nothing to send", permanent=True, code="empty")
            kwargs["body"] = to_gsm(msg.text) if msg.channel == "sms" else msg.text
            if msg.media_urls:
                kwargs["media_url"] = list(msg.media_urls)
        callback = msg.status_callback or self.status_callback
        if callback:
            kwargs["status_callback"] = callback
        try:
            created = self.client.messages.create(**kwargs)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise translate_error(exc) from exc
        except requests.RequestException as exc:
            unknown = maybe_sent(exc)
            raise ChannelError(
                f"Twilio unreachable: {exc}", code="network", unknown=unknown
            ) from exc
        except TwilioException as exc:
            raise ChannelError(f"Twilio client error: {exc!r}", code="client") from exc
        return SendResult(provider_id=str(created.sid))

    def fetch_file(self, url: str, max_bytes: int) -> tuple[bytes, str | None, str]:
        """Download a MediaUrl (or RecordingUrl) with the account's Basic auth.

        Only Twilio hosts (api.twilio.com, *.twilio.com, *.twiliocdn.com) and the
        api_base_url host are contacted, redirects included (at most MAX_REDIRECTS); the
        credentials go only to *.twilio.com and the api_base_url host, never to a CDN.
        Returns (content, MIME type, file name such as "ME123.jpg"). Raises ChannelError,
        permanent with code "forbidden_host", "too_large", "bad_type", "redirects" or the
        HTTP status of a 4xx answer; transient for 429, 5xx and network errors."""
        session = requests.Session()
        current = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                target = self._allowed(current)
                host = urlsplit(target).hostname or ""
                session.trust_env = not _is_loopback(host)
                credentialed = _is_api_host(host) or self._is_base(target)
                response = session.get(
                    target,
                    auth=(self.account_sid, self._auth_token) if credentialed else None,
                    stream=True,
                    allow_redirects=False,
                    timeout=self.timeout,
                )
                with response:
                    if response.is_redirect and response.headers.get("Location"):
                        current = urljoin(target, response.headers["Location"])
                        continue
                    return self._read(response, target, max_bytes)
        except requests.RequestException as exc:
            raise ChannelError(f"media download failed: {exc}", code="network") from exc
        finally:
            session.close()
        raise ChannelError("too many redirects", permanent=True, code="redirects")

    # ---------------------------------------------------------------- plumbing

    def _is_base(self, url: str) -> bool:
        parts = urlsplit(url)
        base = self._base
        return base is not None and (parts.hostname, parts.port) == (base.hostname, base.port)

    def _allowed(self, url: str) -> str:
        """Returns the URL to request for `url` (rebased onto api_base_url for Twilio
        hosts); raises ChannelError(permanent, "forbidden_host") for any other host."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and self._is_base(url):
            return url
        if parts.scheme == "https" and _is_twilio_host(parts.hostname or ""):
            return _rebase(url, self._base)
        raise ChannelError(
            f"refusing to fetch media from {parts.hostname!r}",
            permanent=True,
            code="forbidden_host",
        )

    def _read(
        self, response: requests.Response, url: str, max_bytes: int
    ) -> tuple[bytes, str | None, str]:
        status = response.status_code
        if status == 429 or status >= 500:
            raise ChannelError(f"media download: HTTP {status}", code=str(status))
        if status >= 400:
            raise ChannelError(f"media download: HTTP {status}", permanent=True, code=str(status))
        mime = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if not (mime.startswith(MEDIA_TYPE_PREFIXES) or mime in MEDIA_TYPES):
            raise ChannelError(f"refusing media of type {mime!r}", permanent=True, code="bad_type")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(int(declared), max_bytes)
        content = bytearray()
        for chunk in response.iter_content(64 * 1024):
            content += chunk
            if len(content) > max_bytes:
                raise _too_large(len(content), max_bytes)
        stem = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "media"
        if "." not in stem:
            stem += _EXTENSIONS.get(mime) or mimetypes.guess_extension(mime) or ".bin"
        return bytes(content), mime, stem


def translate_error(exc: TwilioRestException | TwilioServiceException) -> ChannelError:
    """Returns the ChannelError for a Twilio API error (code = Twilio's error code, or the
    HTTP status when there is none): permanent for PERMANENT_ERROR_CODES and 4xx answers
    other than 401, 403 and 429; transient otherwise."""
    status = int(exc.status or 0)
    try:
        code = int(exc.code) if exc.code is not None else status
    except (TypeError, ValueError):
        code = status
    text = getattr(exc, "msg", None) or getattr(exc, "detail", None) or getattr(exc, "title", "")
    message = f"Twilio error {code} (HTTP {status}): {text}"
    reason = error_reason(str(code))
    if status == 429:
        reason = RATE_LIMITED
    elif status in (401, 403) and reason is None:
        reason = AUTH
    if code in PERMANENT_ERROR_CODES:
        return ChannelError(message, permanent=True, code=str(code), reason=reason)
    if status == 429 or code == RATE_LIMIT_CODE or status >= 500 or status in (401, 403):
        return ChannelError(message, permanent=False, code=str(code), reason=reason)
    return ChannelError(message, permanent=400 <= status < 500, code=str(code), reason=reason)


def _too_large(size: int, limit: int) -> ChannelError:
    return ChannelError(
        f"file of {size} bytes exceeds the limit of {limit}", permanent=True, code="too_large"
    )
