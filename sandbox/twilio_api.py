"""State and REST semantics of the Twilio sandbox (no networking): message resources,
error injection, STOP opt-outs, the WhatsApp 24-hour window, stored media and recordings.

sandbox.twilio.FakeTwilio builds on this class; see that module for the overview.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import secrets
import threading
import time
import wave
from collections import deque
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import phonenumbers

from channels.gsm import sms_segments
from channels.twilio_messaging import WHATSAPP_PREFIX, channel_of, e164

API_VERSION = "2010-04-01"
# Twilio's opt-out and opt-in keywords on long codes (case-insensitive, whole body).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"})
START_WORDS = frozenset({"START", "YES", "UNSTOP", "OPTIN"})
# Later statuses never go back to earlier ones in the fake's own resources.
STATUS_RANK = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "failed": 4}
STATUS_RANK |= {"undelivered": 4, "delivered": 5, "read": 6}
MAX_BODY = 1600  # characters; Twilio answers 21617 above this


class ApiError(Exception):
    """A Twilio REST error: HTTP status + Twilio error code, answered as Twilio's JSON."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict[str, Any]:
        """Returns Twilio's legacy error shape (what twilio-python turns into
        TwilioRestException with `.code`)."""
        answer: dict[str, Any] = {"code": self.code, "message": self.message}
        answer["more_info"] = f"https://www.twilio.com/docs/errors/{self.code or self.status}"
        answer["status"] = self.status
        if self.code is None:
            del answer["code"]
        return answer


def new_sid(prefix: str) -> str:
    """Returns a Twilio-style sid: two letters + 32 hex digits."""
    return prefix + secrets.token_hex(16)


def rfc2822(moment: datetime) -> str:
    """Returns `moment` as Twilio writes dates in JSON ("Tue, 06 Jan 2026 06:20:00 +0000")."""
    return format_datetime(moment.astimezone(UTC)).replace("-0000", "+0000")


def sign(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Returns X-Twilio-Signature as Twilio computes it: base64 of HMAC-SHA1 (key = auth
    token) over the full URL followed by every parameter name and value, sorted by name."""
    data = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def wav_bytes(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """Returns a valid mono 8 kHz 16-bit WAV file of silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def mp3_bytes(frames: int = 20) -> bytes:
    """Returns `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, ~26 ms each)."""
    return (b"\xff\xfb\x90\x64" + bytes(413)) * frames


class TwilioApi:
    """The account's state. All public methods are thread-safe."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sms_number: str,
        whatsapp_number: str,
        voice_number: str,
    ) -> None:
        if not (account_sid.startswith("AC") and len(account_sid) == 34):
            raise ValueError("account_sid must be 'AC' + 32 hex digits")
        self.account_sid, self.auth_token = account_sid, auth_token
        self.sms_number, self.voice_number = e164(sms_number), e164(voice_number)
        self.whatsapp_number = e164(whatsapp_number)
        self.window_hours = 24
        self.callbacks_out_of_order = False
        self.templates: dict[str, str] = {}  # ContentSid -> text with {{1}}, {{2}} ...
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget every message, media file, call, window, opt-out and queued failure."""
        with self._lock:
            self.sent: list[dict[str, Any]] = []
            self.inbound: list[dict[str, Any]] = []
            self.log: list[dict[str, Any]] = []  # both directions, in order
            self.messages: dict[str, dict[str, Any]] = {}  # sid -> REST resource
            self.media: dict[str, tuple[bytes, str]] = {}
            self.recordings: dict[str, dict[str, Any]] = {}
            self.failures: deque[ApiError] = deque()
            self.later_failures: deque[int] = deque()
            self.last_inbound: dict[str, datetime] = {}
            self.opted_out: set[str] = set()
            self.requests: list[dict[str, Any]] = []  # REST calls: method, path, status

    # ------------------------------------------------------------------ test hooks

    def fail_next(self, status: int = 400, code: int | None = 21610, message: str = "") -> None:
        """Make the next message create fail with this HTTP status and Twilio error code
        (code None: no code in the body, so twilio-python reports the HTTP status)."""
        with self._lock:
            self.failures.append(ApiError(status, code, message or f"Injected error {code}"))

    def fail_later_next(self, code: int = 63016) -> None:
        """Accept the next message create (201), then report it "failed" with this error
        code through its status callback, as Twilio does for a rejected WhatsApp template."""
        with self._lock:
            self.later_failures.append(code)

    def set_last_inbound(self, number: str, when: datetime) -> None:
        """Pretend the citizen's last WhatsApp message arrived at `when` (aware datetime)."""
        with self._lock:
            self.last_inbound[e164(number)] = when

    def window_open(self, number: str, now: datetime | None = None) -> bool:
        """Returns True when `number` wrote on WhatsApp within the last window_hours."""
        with self._lock:
            last = self.last_inbound.get(e164(number))
        limit = timedelta(hours=self.window_hours)
        return last is not None and (now or datetime.now(UTC)) - last < limit

    def sent_to(self, number: str) -> list[dict[str, Any]]:
        """Returns the messages sent to `number` (any channel), oldest first."""
        with self._lock:
            return [m for m in self.sent if m["to"] == e164(number)]

    # ------------------------------------------------------------------ REST

    def create_message(
        self, params: Mapping[str, list[str]], *, inject: bool = True
    ) -> tuple[dict[str, Any], list[str]]:
        """Validate and store one outbound message like POST .../Messages.json (a failure
        queued by fail_next() comes first, unless `inject` is False).

        Returns (the Message resource as JSON-able dict, the statuses its callbacks will
        report, in delivery order). Raises ApiError as Twilio would answer."""
        one = {key: values[-1] for key, values in params.items() if values}
        to, sender = one.get("To", "").strip(), one.get("From", "").strip()
        body, content_sid = one.get("Body", ""), one.get("ContentSid", "")
        media_urls = [url for url in params.get("MediaUrl", []) if url]
        with self._lock:
            if inject and self.failures:
                raise self.failures.popleft()
        if not to:
            raise ApiError(400, 21604, "A 'To' phone number is required.")
        channel = channel_of(to)
        service = one.get("MessagingServiceSid", "")
        if not sender and service.startswith("MG"):  # the service picks our number
            sender = one["From"] = _address(channel, self._number(channel))
        if not sender:
            raise ApiError(400, 21603, "A 'From' phone number is required.")
        if not (body or media_urls or content_sid):
            raise ApiError(400, 21619, "A text message body or media urls must be specified.")
        if channel_of(sender) != channel:
            raise ApiError(400, 63007, "Twilio could not find a Channel with the From address")
        if e164(sender) != self._number(channel):
            raise ApiError(400, 21606, f"The From phone number {sender} is not valid for you.")
        if not _possible(to.removeprefix(WHATSAPP_PREFIX)):
            raise ApiError(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        number = e164(to)
        if channel == "sms" and number in self.opted_out:
            raise ApiError(400, 21610, "Attempt to send to unsubscribed recipient")
        if len(body) > MAX_BODY:
            raise ApiError(400, 21617, "The concatenated message body exceeds 1600 characters.")
        variables = _variables(one.get("ContentVariables")) if content_sid else None
        if content_sid:
            body = self._render(content_sid, variables or {})
        return self._store_outbound(one, channel, number, body, media_urls, variables)

    def _store_outbound(
        self,
        one: dict[str, str],
        channel: str,
        number: str,
        body: str,
        media_urls: list[str],
        variables: dict[str, str] | None,
    ) -> tuple[dict[str, Any], list[str]]:
        now = datetime.now(UTC)
        sid = new_sid("MM" if media_urls else "SM")
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        segments = 1 if channel == "whatsapp" else max(1, sms_segments(body))
        resource = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": rfc2822(now),
            "date_sent": None,
            "date_updated": rfc2822(now),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": one["From"],
            "messaging_service_sid": one.get("MessagingServiceSid"),
            "num_media": str(len(media_urls)),
            "num_segments": str(segments),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
            "to": one["To"],
            "uri": f"{uri}.json",
        }
        record = {
            "sid": sid,
            "channel": channel,
            "to": number,
            "from": one["From"],
            "body": body,
            "media_urls": media_urls,
            "content_sid": one.get("ContentSid") or None,
            "content_variables": variables,
            "status": "queued",
            "error_code": None,
            "status_callback": one.get("StatusCallback") or None,
            "time": now.isoformat(),
            "received_at": time.time(),  # the wall clock, for benchmarks (bench/flood.py)
        }
        closed = channel == "whatsapp" and not record["content_sid"]
        closed = closed and not self.window_open(number, now)
        with self._lock:
            later = self.later_failures.popleft() if self.later_failures else None
        record["fail_code"] = later or (63016 if closed else None)
        statuses = ["failed"] if record["fail_code"] else ["sent", "delivered"]
        if self.callbacks_out_of_order and len(statuses) > 1:
            statuses.reverse()
        with self._lock:
            self.messages[sid] = resource
            self.sent.append(record)
            self.log.append({"direction": "out", "entry": record})
        return dict(resource), statuses

    def set_status(self, sid: str, status: str, error_code: int | None = None) -> None:
        """Move a sent message to `status` (never backwards; failures are final)."""
        with self._lock:
            resource = self.messages.get(sid)
            record = next((m for m in self.sent if m["sid"] == sid), None)
            if resource is None or record is None:
                return
            current = STATUS_RANK.get(resource["status"], 0)
            if resource["status"] in ("failed", "undelivered"):
                return
            if STATUS_RANK.get(status, 0) > current or status in ("failed", "undelivered"):
                resource["status"] = record["status"] = status
                resource["date_updated"] = rfc2822(datetime.now(UTC))
                if status == "sent":
                    resource["date_sent"] = resource["date_updated"]
            if error_code is not None:
                resource["error_code"] = record["error_code"] = error_code
                resource["error_message"] = _ERRORS.get(error_code)

    def message(self, sid: str) -> dict[str, Any]:
        """Returns the Message resource `sid`. Raises ApiError 404 (20404) when unknown."""
        with self._lock:
            if sid not in self.messages:
                raise ApiError(404, 20404, f"The requested resource /Messages/{sid} was not found")
            return dict(self.messages[sid])

    def _number(self, channel: str) -> str:
        return self.whatsapp_number if channel == "whatsapp" else self.sms_number

    def _render(self, content_sid: str, variables: dict[str, str]) -> str:
        text = self.templates.get(content_sid)
        if text is None:
            return ""
        for key, value in variables.items():
            text = text.replace("{{" + key + "}}", value)
        return text

    # ------------------------------------------------------------------ media

    def store_media(self, content: bytes, content_type: str) -> str:
        """Keep a citizen's file; returns its media sid (ME...)."""
        sid = new_sid("ME")
        with self._lock:
            self.media[sid] = (content, content_type)
        return sid

    def new_recording(self, call_sid: str, duration: int, text: str) -> str:
        """Register a recording of `duration` seconds on `call_sid`; returns its sid (RE...)."""
        sid = new_sid("RE")
        with self._lock:
            self.recordings[sid] = {"call_sid": call_sid, "duration": duration, "text": text}
        return sid

    def recording_audio(self, sid: str, extension: str) -> tuple[bytes, str]:
        """Returns (audio, content type) of a recording: WAV unless `extension` is ".mp3".
        Raises ApiError 404 when unknown."""
        with self._lock:
            if sid not in self.recordings:
                raise ApiError(
                    404, 20404, f"The requested resource /Recordings/{sid} was not found"
                )
        if extension == ".mp3":
            return mp3_bytes(), "audio/mpeg"
        return wav_bytes(), "audio/x-wav"


_ERRORS = {63016: "Failed to send freeform message because you are outside the allowed window."}


def _address(channel: str, number: str) -> str:
    return WHATSAPP_PREFIX + number if channel == "whatsapp" else number


def _possible(number: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, "ID"))
    except phonenumbers.NumberParseException:
        return False


def _variables(raw: str | None) -> dict[str, str]:
    """Returns ContentVariables as a dict; raises ApiError 21656 when it is not a JSON object."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, 21656, "The ContentVariables Parameter is invalid.")
    return {str(key): str(value) for key, value in data.items()}
