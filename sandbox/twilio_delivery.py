"""Outgoing webhooks of the Twilio sandbox: signing, public/internal URL mapping, and the
queue of status, recording and transcription callbacks (a background thread delivers
them in order, or the test does with deliver_callbacks()).

sandbox.twilio.FakeTwilio builds on this class; see that module for the overview.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from sandbox.twilio_api import API_VERSION, TwilioApi, sign


@dataclass
class _Job:
    kind: str  # "status" | "recording" | "transcription"
    url: str | None
    params: dict[str, str]
    apply: Callable[[], None] | None = None
    gate: threading.Event | None = None  # not delivered before it is set

    def ready(self) -> bool:
        return self.gate is None or self.gate.is_set()


class WebhookDelivery(TwilioApi):
    """TwilioApi + everything the fake POSTs to the application. Thread-safe."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        numbers: tuple[str, str, str],
        *,
        messaging_url: str | None = None,
        status_url: str | None = None,
        voice_url: str | None = None,
        signing_base: str | None = None,
        auto_deliver: bool = True,
        delivery_timeout: float = 10.0,
    ) -> None:
        super().__init__(account_sid, auth_token, *numbers)
        self._cv = threading.Condition(self._lock)
        self.messaging_url, self.status_url, self.voice_url = messaging_url, status_url, voice_url
        self.signing_base = signing_base
        self.auto_deliver, self.delivery_timeout = auto_deliver, delivery_timeout
        self._stopping = threading.Event()

    def reset(self) -> None:
        """Forget all state, queued callbacks and the log of delivered ones."""
        with self._lock:
            super().reset()
            self.jobs: list[_Job] = []
            self.callbacks: list[dict[str, Any]] = []  # delivered: kind, url, params, status
            self._in_flight: int = getattr(self, "_in_flight", 0)  # jobs running right now

    def configure(self, **urls: str | None) -> None:
        """Set messaging_url, status_url, voice_url and/or signing_base (None clears)."""
        unknown = set(urls) - {"messaging_url", "status_url", "voice_url", "signing_base"}
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        with self._lock:
            for name, value in urls.items():
                setattr(self, name, value or None)

    # ------------------------------------------------------------------ webhooks out

    def public_url_for(self, url: str) -> str:
        """Returns the URL Twilio would sign for `url`: its scheme and host replaced by
        signing_base's when that is set, else `url` itself."""
        if not self.signing_base or url.startswith(self.signing_base):
            return url
        base, parts = urlsplit(self.signing_base), urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))

    def _route(self, url: str) -> tuple[str, str]:
        """Returns (URL to POST to, URL to sign) for a webhook target."""
        base = (self.signing_base or "").rstrip("/")
        internal = self.voice_url or self.messaging_url
        if base and internal and url.startswith(base):
            parts = urlsplit(internal)
            return f"{parts.scheme}://{parts.netloc}{url[len(base) :]}", url
        return url, self.public_url_for(url)

    def post_form(
        self, url: str, params: dict[str, str], method: str = "POST"
    ) -> tuple[int | None, str]:
        """Send one signed webhook request (form body, or query string for GET).
        Returns (HTTP status or None when unreachable, response body text)."""
        target, signed = self._route(url)
        data: bytes | None = urlencode(params).encode()
        if method.upper() == "GET":
            sep = "&" if urlsplit(target).query else "?"
            target, signed = target + sep + data.decode(), signed + sep + data.decode()
            data, to_sign = None, {}
        else:
            to_sign = params
        headers = {"X-Twilio-Signature": sign(self.auth_token, signed, to_sign)}
        headers |= {
            "User-Agent": "TwilioProxy/1.1",
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
        }
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        request = urllib.request.Request(target, data=data, headers=headers, method=method.upper())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
        try:
            with opener.open(request, timeout=self.delivery_timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode("utf-8", "replace")
        except OSError:
            return None, ""

    def enqueue(
        self,
        kind: str,
        url: str | None,
        params: dict[str, str],
        apply: Callable[[], None] | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        """Queue one callback: `apply()` runs first (a state change), then the POST; not
        before `gate` is set (open_gate), when one is given."""
        with self._cv:
            self.jobs.append(_Job(kind, url, params, apply, gate))
            self._cv.notify_all()

    def open_gate(self, gate: threading.Event) -> None:
        """Release the callbacks queued behind `gate`."""
        with self._cv:
            gate.set()
            self._cv.notify_all()

    def deliver_callbacks(self, kind: str | None = None) -> int:
        """Deliver queued callbacks (only `kind` if given) now, in this thread, in order.
        Returns how many were delivered."""
        count = 0
        while True:
            with self._cv:
                job = next((j for j in self.jobs if kind is None or j.kind == kind), None)
                if job is None:
                    return count
                self.jobs.remove(job)
                self._in_flight += 1
            if job.gate is not None:  # the 201 is being written right now
                job.gate.wait(self.delivery_timeout)
            self._run(job)
            count += 1

    def deliver_transcriptions(self) -> int:
        """Deliver queued transcription callbacks now. Returns how many."""
        return self.deliver_callbacks("transcription")

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no callback is queued (with auto_deliver) or in flight. Returns
        False on timeout."""
        with self._cv:
            return self._cv.wait_for(
                lambda: self._in_flight == 0 and not (self.auto_deliver and self.jobs), timeout
            )

    def _run(self, job: _Job) -> None:
        try:
            if job.apply is not None:
                job.apply()
            if job.url:
                status, _ = self.post_form(job.url, job.params)
                entry = {"kind": job.kind, "url": job.url, "params": job.params, "status": status}
                with self._lock:
                    self.callbacks.append(entry)
        finally:
            with self._cv:
                self._in_flight -= 1
                self._cv.notify_all()

    def _deliver_loop(self) -> None:
        while not self._stopping.is_set():
            with self._cv:
                self._cv.wait_for(
                    lambda: self._stopping.is_set() or (self.auto_deliver and self._next_ready()),
                    timeout=0.5,
                )
                job = self._next_ready() if self.auto_deliver else None
                if self._stopping.is_set() or job is None:
                    continue
                self.jobs.remove(job)
                self._in_flight += 1
            self._run(job)

    def _next_ready(self) -> _Job | None:
        return next((job for job in self.jobs if job.ready()), None)

    def after_create(
        self, resource: dict[str, Any], statuses: list[str], gate: threading.Event | None = None
    ) -> None:
        """Queue the status progression of a newly created message, held back until
        `gate` is opened (the HTTP handler opens it once the 201 is written)."""
        sid, channel = resource["sid"], "whatsapp" if "whatsapp:" in resource["to"] else "sms"
        with self._lock:
            record = next(m for m in self.sent if m["sid"] == sid)
        url = record["status_callback"] or self.status_url
        for status in statuses:
            code = (record.get("fail_code") or 63016) if status == "failed" else None
            params = {"AccountSid": self.account_sid, "ApiVersion": API_VERSION}
            params |= {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status}
            params |= {"SmsStatus": status, "To": resource["to"], "From": resource["from"]}
            if channel == "whatsapp":
                params |= {"ChannelPrefix": "whatsapp", "ChannelToAddress": record["to"]}
            if code:
                params["ErrorCode"] = str(code)

            def apply(status: str = status, code: int | None = code) -> None:
                self.set_status(sid, status, code)

            self.enqueue("status", url, params, apply, gate)
