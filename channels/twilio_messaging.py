"""Twilio Programmable Messaging: SMS and WhatsApp-via-Twilio share one webhook and one client.

`normalize()` and `parse_status()` are pure: they read the form parameters of the inbound
messaging webhook and of the status callback. `TwilioMessagingAdapter` sends through the
real `twilio.rest.Client` and downloads citizens' media; with `api_base_url` every request
for a Twilio host goes to that base instead (the sandbox, tests). `validate_signature()`
checks `X-Twilio-Signature`. `sms_segments()` and `to_gsm()` keep automatic SMS texts in
cheap GSM-7 and within a known number of segments.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import phonenumbers
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels.base import (
    AUTH,
    CONFIG,
    NOT_ON_WHATSAPP,
    RATE_LIMITED,
    RECIPIENT_UNREACHABLE,
    REJECTED,
    SEND_TIMEOUT,
    WINDOW_CLOSED,
    Attachment,
    ChannelError,
    DeliveryStatus,
    InboundMessage,
    Location,
    OutboundMessage,
    SendResult,
    maybe_sent,
)

WHATSAPP_PREFIX = "whatsapp:"
DEFAULT_REGION = "ID"  # national numbers ("0812...") are Indonesian

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
RATE_LIMIT_CODE = 20429  # "Too Many Requests": back off, then retry
# Twilio error codes -> failure reason (channels.base); others: transient / rejected.
ERROR_REASONS = {
    21610: RECIPIENT_UNREACHABLE,
    21211: RECIPIENT_UNREACHABLE,
    21614: RECIPIENT_UNREACHABLE,
    30005: RECIPIENT_UNREACHABLE,  # delivery status: unknown destination handset
    30006: RECIPIENT_UNREACHABLE,  # delivery status: landline or unreachable carrier
    63024: NOT_ON_WHATSAPP,
    63016: WINDOW_CLOSED,
    21408: CONFIG,
    21608: CONFIG,
    20404: CONFIG,
    20003: AUTH,
    RATE_LIMIT_CODE: RATE_LIMITED,
}
# MessageStatus -> ours (channels.base.DeliveryStatus); queued, accepted, scheduled,
# receiving and received say nothing new about a message we sent.
STATUSES = {
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "failed": "failed",
    "undelivered": "undeliverable",
    "canceled": "failed",
}
# fetch_file() accepts these content types; "image/", "audio/", "video/" are prefixes.
MEDIA_TYPE_PREFIXES = ("image/", "audio/", "video/")
MEDIA_TYPES = frozenset({"application/pdf"})
MAX_REDIRECTS = 5
_EXTENSIONS = {"audio/ogg": ".ogg", "audio/amr": ".amr", "video/3gpp": ".3gp"}
_EXTENSIONS |= {"audio/mp4": ".m4a", "image/jpeg": ".jpg", "audio/x-wav": ".wav"}
_VCARD_TYPES = frozenset({"text/vcard", "text/x-vcard"})
# Inbound parameters kept in InboundMessage.meta when present.
_META_KEYS = ("To", "AccountSid", "MessagingServiceSid", "WaId", "NumSegments", "Forwarded")
_META_KEYS += ("FrequentlyForwarded", "ButtonPayload", "MessageType", "OriginalRepliedMessageSid")
_META_KEYS += ("FromCountry", "FromCity")


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class StatusUpdate:
    """One delivery status callback: Twilio's message sid, its new status (queued, sent,
    delivered, read, failed, undelivered, ...), the error code on failure and the channel."""

    provider_id: str
    status: str
    error_code: str | None
    channel: str
    recipient: str | None = None


def e164(number: str, region: str = DEFAULT_REGION) -> str:
    """Returns `number` (optionally "whatsapp:"-prefixed) in E.164 ("0812 3456 7890" and
    "+62 812-3456-7890" -> "+6281234567890"). A value phonenumbers cannot parse (short
    code, alphanumeric sender, "anonymous") is returned stripped, without the prefix."""
    raw = number.strip().removeprefix(WHATSAPP_PREFIX).strip()
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return raw
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def channel_of(address: str) -> str:
    """Returns "whatsapp" for a "whatsapp:+..." address, else "sms"."""
    return "whatsapp" if address.strip().lower().startswith(WHATSAPP_PREFIX) else "sms"


def normalize(form: Mapping[str, str], received_at: datetime | None = None) -> list[InboundMessage]:
    """Parse the inbound messaging webhook's form parameters (SMS, MMS or WhatsApp).

    Returns a list with one InboundMessage. Twilio sends no timestamp, so `sent_at` is
    `received_at` (pass the time the webhook stored the event) or now in UTC.
    Raises ValueError when MessageSid or From is missing.
    """
    sid, sender = (form.get("MessageSid") or "").strip(), (form.get("From") or "").strip()
    if not sid or not sender:
        raise ValueError("Twilio messaging webhook without MessageSid or From")
    channel = channel_of(sender)
    sender_id = e164(sender)
    attachments, unsupported = _attachments(form)
    location = _location(form)
    text = form.get("Body") or ""
    if not text.strip() and form.get("ButtonText"):
        text = form.get("ButtonText") or ""  # a quick-reply button: its label is the answer
    if not text.strip() and not attachments and location is None and unsupported is None:
        unsupported = "unknown"
    meta: dict[str, Any] = {key: form.get(key) for key in _META_KEYS if form.get(key)}
    return [
        InboundMessage(
            channel=channel,
            external_id=sid,
            sender_id=sender_id,
            sent_at=received_at or datetime.now(UTC),
            text=text,
            sender_name=(form.get("ProfileName") or None) if channel == "whatsapp" else None,
            attachments=attachments,
            location=location,
            phone=sender_id if sender_id.startswith("+") else None,
            unsupported=unsupported,
            meta=meta,
        )
    ]


# Twilio sends at most 10 media per message; a larger NumMedia (signed, but absurd) would
# loop over MediaUrl0..N for as long as the number says, stalling the intake worker.
MAX_MEDIA = 10


def _attachments(form: Mapping[str, str]) -> tuple[tuple[Attachment, ...], str | None]:
    """Returns the media attachments and "contact" when the only media was a vCard."""
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    found: list[Attachment] = []
    vcards = 0
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        mime = (form.get(f"MediaContentType{index}") or "").split(";")[0].strip().lower()
        if not url:
            continue
        if mime in _VCARD_TYPES:  # a shared phone-book contact, not evidence
            vcards += 1
            continue
        found.append(Attachment(kind=media_kind(mime), ref=url, mime_type=mime or None))
    return tuple(found), ("contact" if vcards and not found else None)


def media_kind(mime: str | None) -> str:
    """Returns the Attachment kind for a content type: photo, audio, video or document."""
    major = (mime or "").split("/")[0]
    return {"image": "photo", "audio": "audio", "video": "video"}.get(major, "document")


def _location(form: Mapping[str, str]) -> Location | None:
    try:
        latitude, longitude = float(form["Latitude"]), float(form["Longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return Location(latitude, longitude, form.get("Address") or None, form.get("Label") or None)


def parse_status(form: Mapping[str, str]) -> StatusUpdate:
    """Parse a message status callback. Returns the StatusUpdate (error_code None unless
    Twilio sent a non-empty ErrorCode). Raises ValueError without MessageSid/MessageStatus."""
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not sid or not status:
        raise ValueError("Twilio status callback without MessageSid or MessageStatus")
    recipient = form.get("To") or ""
    return StatusUpdate(
        provider_id=sid,
        status=status,
        error_code=(form.get("ErrorCode") or "").strip() or None,
        channel=channel_of(recipient or form.get("From") or ""),
        recipient=e164(recipient) if recipient else None,
    )


def error_reason(code: str | None) -> str | None:
    """Returns the failure reason (channels.base) for a Twilio error code, or None for
    the default (transient, or rejected when permanent)."""
    try:
        return ERROR_REASONS.get(int(code or ""))
    except ValueError:
        return None


def delivery_status(update: StatusUpdate) -> DeliveryStatus | None:
    """Returns a status callback in our words, or None when it says nothing new."""
    status = STATUSES.get(update.status)
    if status is None:
        return None
    reason = None
    if status in ("failed", "undeliverable"):
        reason = error_reason(update.error_code) or REJECTED
    return DeliveryStatus(update.provider_id, status, update.error_code, reason, update.recipient)


# --------------------------------------------------------------------------- signatures


def validate_signature(
    auth_token: str, url: str, params: Mapping[str, Any], signature: str | None
) -> bool:
    """Returns True when `signature` (the X-Twilio-Signature header) is Twilio's HMAC-SHA1
    of `url` + all `params` under `auth_token`, else False (also for an empty signature).

    `url` must be the public URL Twilio requested, query string included, with the scheme
    and host Twilio saw: behind a TLS-terminating proxy `request.url` says "http://..."
    and every signature fails. Use ProxyFix or rebuild it from PUBLIC_BASE_URL. Ports
    443/80 may be present or not. `params` is a werkzeug MultiDict (repeated keys count)
    or a plain mapping of str (or list of str) values; never filter it to known keys.
    """
    if not signature or not auth_token:
        return False
    if not hasattr(params, "getall") and not hasattr(params, "getlist"):
        params = _MultiValues(params)
    return bool(RequestValidator(auth_token).validate(url, params, signature))


class _MultiValues(dict):  # type: ignore[type-arg]
    """A plain mapping seen through the MultiDict interface RequestValidator uses."""

    def getall(self, key: str) -> list[str]:
        value = self[key]
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


# --------------------------------------------------------------------------- SMS text

_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")  # sent as ESC + char: two septets each
# Typographic characters that force UCS-2, grouped by their GSM-7 replacement.
_REPLACEMENTS = {
    "'": "‘’‚‛′`´",
    '"': "“”„‟″«»",
    "-": "–—―‐‑−•",
    "...": "…",
    " ": "\t\u00a0\u2002\u2003\u2007\u2009\u202f",
    "": "\u00ad\u200b\u2060\ufeff",
}
_TO_GSM = str.maketrans({ch: new for new, chars in _REPLACEMENTS.items() for ch in chars})


def to_gsm(text: str) -> str:
    """Returns `text` with typographic characters that force UCS-2 (curly quotes, dashes,
    ellipsis, bullets, non-breaking and zero-width spaces, tabs) replaced by GSM-7 ones.
    Other non-GSM characters (emoji, most accented letters) are left alone."""
    return text.translate(_TO_GSM)


def is_gsm7(text: str) -> bool:
    """Returns True when every character of `text` fits the GSM-7 alphabet (+ extension)."""
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


def sms_segments(text: str) -> int:
    """Returns how many SMS segments `text` costs: GSM-7 fits 160 septets in one segment
    and 153 per segment when concatenated (extension characters take two septets and are
    never split); anything else is UCS-2: 70 UTF-16 units, 67 when concatenated (a
    surrogate pair is never split). Returns 0 for an empty text."""
    if not text:
        return 0
    if is_gsm7(text):
        units = [2 if ch in _GSM_EXTENDED else 1 for ch in text]
        single, multi = 160, 153
    else:
        units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, multi = 70, 67
    if sum(units) <= single:
        return 1
    segments, used = 1, 0
    for size in units:
        if used + size > multi:
            segments, used = segments + 1, 0
        used += size
    return segments


# --------------------------------------------------------------------------- sending


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
