"""A fake Twilio (Programmable Messaging + Voice) on 127.0.0.1 for tests and the demo.

The API side speaks Twilio's REST API to the real `twilio.rest.Client` (point it here with
TwilioMessagingAdapter(api_base_url=fake.url)): POST/GET .../Accounts/{sid}/Messages.json
with HTTP Basic auth, Twilio's JSON error shape, media under .../Media/{ME...} (Basic auth,
307 to /media/{ME...}) and recordings under .../Recordings/{RE...}[.mp3|.wav].

After a message is created, its status moves on from a background thread: "sent" then
"delivered" (reversed with `callbacks_out_of_order`), or "failed" with ErrorCode 63016 for
a free-form WhatsApp message outside the citizen's 24-hour window; each step is POSTed,
signed, to the message's StatusCallback (or `status_url`). With `auto_deliver=False`
callbacks wait for `deliver_callbacks()` / `deliver_transcriptions()`. Like Twilio's long
codes, an SMS "STOP" from a citizen makes later SMS to them fail with 21610 until "START".

The citizen side (`citizen_sms`, `citizen_whatsapp`, `call`) POSTs the webhooks Twilio
would send, signed with X-Twilio-Signature over the URL Twilio would have requested: with
`signing_base` ("https://aduan.example.org") the signature covers the public URL while the
POST goes to the internal one, and absolute public URLs in TwiML or StatusCallback are
posted to the internal base (the scheme and host of voice_url / messaging_url).

`/sandbox/...` is this server's own JSON control API (for the simulator page):
  POST /sandbox/sms        {"from", "body", "media_base64"?, "media_type"?}
  POST /sandbox/whatsapp   {"from", "body"?, "profile_name"?, "latitude"?, "longitude"?,
                            "address"?, "media_base64"?, "media_type"?, "button_text"?}
  GET  /sandbox/conversations/<number>   both directions with delivery statuses
  POST /sandbox/calls      {"from"} -> call view;  GET /sandbox/calls/<sid>
  POST /sandbox/calls/<sid>/digits {"digits"} | /record {"text", "duration"?} | /silence
       | /speak {"text", "confidence"?} (at a speech Gather) | /hangup
       | /hangup
  POST /sandbox/config     {"messaging_url", "status_url"?, "voice_url", "signing_base"?}
  POST /sandbox/window     {"number", "hours_ago"}  age a WhatsApp window
  POST /sandbox/deliver    deliver queued callbacks now;  POST /sandbox/reset
  GET  /sandbox/state;     GET /sandbox/media/<ME sid> (no auth, for the page)

Layout: twilio_api.TwilioApi holds the state and REST semantics, twilio_delivery signs and
delivers outgoing webhooks, twilio_calls runs calls, twilio_http routes HTTP requests; this
module adds the server, the citizens and the inspection helpers.

    with FakeTwilio(messaging_url=receiver_url) as fake:
        adapter = TwilioMessagingAdapter(fake.account_sid, fake.auth_token, fake.sms_number,
                                         fake.whatsapp_number, api_base_url=fake.url)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from channels.twilio_messaging import WHATSAPP_PREFIX, e164, media_kind
from sandbox.base import FakeServer
from sandbox.twilio_api import API_VERSION, START_WORDS, STOP_WORDS, ApiError, new_sid
from sandbox.twilio_calls import Call, CallView
from sandbox.twilio_delivery import WebhookDelivery
from sandbox.twilio_http import Handler

__all__ = ["ApiError", "Call", "CallView", "FakeTwilio"]

DEFAULT_ACCOUNT_SID = "AC" + "414455414e" + "0" * 22  # "ADUAN" in hex, padded: a stable id


class FakeTwilio(WebhookDelivery, FakeServer):
    """Twilio REST API + citizen/caller simulator on 127.0.0.1. Thread-safe."""

    handler = Handler

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = "sandbox-auth-token",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        sms_number: str = "+6231990100",
        whatsapp_number: str = "+6231990200",
        voice_number: str = "+6231990300",
        messaging_url: str | None = None,
        status_url: str | None = None,
        voice_url: str | None = None,
        signing_base: str | None = None,
        auto_deliver: bool = True,
        delivery_timeout: float = 10.0,
        max_redirects: int = 5,
    ) -> None:
        numbers = (sms_number, whatsapp_number, voice_number)
        super().__init__(
            account_sid,
            auth_token,
            numbers,
            messaging_url=messaging_url,
            status_url=status_url,
            voice_url=voice_url,
            signing_base=signing_base,
            auto_deliver=auto_deliver,
            delivery_timeout=delivery_timeout,
        )
        FakeServer.__init__(self, host, port)
        self.max_redirects = max_redirects

    def reset(self) -> None:
        """Forget all state (messages, media, calls, windows, opt-outs, queued callbacks)."""
        with self._lock:
            super().reset()
            self.calls: dict[str, Call] = {}

    # ------------------------------------------------------------------ account (doctor)

    def account_resource(self) -> dict[str, Any]:
        """GET /Accounts/{sid}.json: the account as Twilio describes it."""
        return {"sid": self.account_sid, "friendly_name": "Aduan sandbox", "status": "active"}

    def incoming_numbers(self) -> dict[str, Any]:
        """GET /Accounts/{sid}/IncomingPhoneNumbers.json: our numbers with the webhook URLs
        they are configured with (the public URLs, as Twilio shows them)."""

        def public(url: str | None) -> str | None:
            return self.public_url_for(url) if url else None

        numbers = [
            {
                "sid": f"PN{index:032x}",
                "phone_number": number,
                "sms_url": public(self.messaging_url),
                "voice_url": public(self.voice_url),
                "status_callback": public(self.status_url),
            }
            for index, number in enumerate((self.sms_number, self.voice_number), start=1)
        ]
        return {"incoming_phone_numbers": numbers, "page": 0, "page_size": 50, "start": 0}

    # ------------------------------------------------------------------ lifecycle

    def _background(self) -> list[Callable[[], None]]:
        return [self._deliver_loop]

    def _wake_background(self) -> None:
        with self._cv:
            self._cv.notify_all()

    # ------------------------------------------------------------------ citizen side

    def citizen_sms(
        self, from_number: str, body: str, media: list[tuple[bytes, str]] | tuple = ()
    ) -> dict[str, Any]:
        """A citizen texts our SMS number (MMS when `media` holds (bytes, content type)
        pairs). STOP/START keywords opt the number out/in, as on Twilio long codes.
        Returns {"params", "status" (HTTP status or None), "body"}."""
        number = e164(from_number)
        word = body.strip().upper()
        with self._lock:
            if word in STOP_WORDS:
                self.opted_out.add(number)
            elif word in START_WORDS:
                self.opted_out.discard(number)
        params = {"From": number, "To": self.sms_number, "Body": body}
        params |= {"FromCountry": "ID", "FromCity": "", "FromState": "", "FromZip": ""}
        params |= {"ToCountry": "ID", "ToCity": "", "ToState": "", "ToZip": ""}
        return self._inbound("sms", number, params, list(media), None)

    def citizen_whatsapp(
        self,
        from_number: str,
        body: str = "",
        *,
        profile_name: str | None = None,
        media: list[tuple[bytes, str]] | tuple = (),
        location: tuple[float, float, str | None] | None = None,
        button_text: str | None = None,
    ) -> dict[str, Any]:
        """A citizen writes to our WhatsApp number: text, media, a shared location
        (latitude, longitude, address) or a quick-reply button. Opens their 24-hour
        window. Returns {"params", "status" (HTTP status or None), "body"}."""
        number = e164(from_number)
        with self._lock:
            self.last_inbound[number] = datetime.now(UTC)
        params = {"From": WHATSAPP_PREFIX + number, "To": WHATSAPP_PREFIX + self.whatsapp_number}
        params |= {"Body": body, "WaId": number.lstrip("+"), "ReferralNumMedia": "0"}
        if profile_name:
            params["ProfileName"] = profile_name
        kind = "text"
        if location is not None:
            params |= {"Latitude": str(location[0]), "Longitude": str(location[1])}
            if location[2]:
                params["Address"] = location[2]
            kind = "location"
        if button_text:
            params |= {"ButtonText": button_text, "ButtonPayload": button_text, "Body": ""}
            kind = "button"
        if media:
            kind = {"photo": "image"}.get(media_kind(media[0][1]), media_kind(media[0][1]))
        params["MessageType"] = kind
        return self._inbound("whatsapp", number, params, list(media), location)

    def _inbound(
        self,
        channel: str,
        number: str,
        params: dict[str, str],
        media: list[tuple[bytes, str]],
        location: tuple[float, float, str | None] | None,
    ) -> dict[str, Any]:
        sid = new_sid("MM" if media else "SM")
        params |= {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "SmsStatus": "received"}
        params |= {"AccountSid": self.account_sid, "ApiVersion": API_VERSION}
        params |= {"NumMedia": str(len(media)), "NumSegments": "1"}
        stored = []
        for index, (content, content_type) in enumerate(media):
            media_sid = self.store_media(content, content_type)
            path = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}/Media/{media_sid}"
            params |= {
                f"MediaUrl{index}": self.url + path,
                f"MediaContentType{index}": content_type,
            }
            stored.append({"sid": media_sid, "content_type": content_type})
        record = {"sid": sid, "channel": channel, "from": number, "body": params.get("Body", "")}
        record |= {"media": stored, "location": location, "time": datetime.now(UTC).isoformat()}
        record |= {"profile_name": params.get("ProfileName") or None, "status": None}
        with self._lock:
            self.inbound.append(record)
            self.log.append({"direction": "in", "entry": record})
            url = self.messaging_url
        if not url:
            return {"params": params, "status": None, "body": "no messaging_url configured"}
        status, answer = self.post_form(url, params)
        with self._lock:
            record["status"] = status
        if status is not None and 200 <= status < 300:
            self._twiml_replies(answer, params["From"], params["To"])
        return {"params": params, "status": status, "body": answer}

    def _twiml_replies(self, answer: str, citizen: str, ours: str) -> None:
        """Send the <Message> replies of a messaging TwiML answer, as Twilio does."""
        try:
            root = ET.fromstring(answer.strip()) if answer.strip() else None
        except ET.ParseError:
            return
        if root is None or root.tag != "Response":
            return
        for element in root.iter("Message"):
            body_el = element.find("Body")
            text = (body_el.text if body_el is not None else element.text) or ""
            params = {"To": [citizen], "From": [ours], "Body": [text.strip()]}
            try:
                resource, statuses = self.create_message(params, inject=False)
            except ApiError:
                continue
            self.after_create(resource, statuses)

    # ------------------------------------------------------------------ calls

    def call(self, from_number: str) -> Call:
        """A citizen calls our voice number: POSTs the incoming-call webhook to voice_url
        and runs the answer. Returns the Call (its `.view` is what the caller hears).
        Raises ValueError when no voice_url is configured."""
        call = Call(self, e164(from_number))
        call.start()
        with self._lock:
            self.calls[call.sid] = call
        return call

    # ------------------------------------------------------------------ inspection

    def conversation(self, number: str) -> list[dict[str, Any]]:
        """Both directions with `number`, in order: direction "in"/"out", channel, sid,
        body, time, status (delivery status out, webhook HTTP status in), error_code,
        media (sandbox URLs), location, content_sid."""
        number = e164(number)
        with self._lock:
            found = []
            for item in self.log:
                entry = item["entry"]
                if entry.get("to" if item["direction"] == "out" else "from") != number:
                    continue
                media = [f"{self.url}/sandbox/media/{m['sid']}" for m in entry.get("media", [])]
                media += entry.get("media_urls", [])
                found.append(
                    {
                        "direction": item["direction"],
                        "channel": entry["channel"],
                        "sid": entry["sid"],
                        "body": entry["body"],
                        "time": entry["time"],
                        "status": entry["status"],
                        "error_code": entry.get("error_code"),
                        "media": media,
                        "location": entry.get("location"),
                        "content_sid": entry.get("content_sid"),
                    }
                )
            return found

    def state(self) -> dict[str, Any]:
        """Configuration and counts, for the simulator page and debugging."""
        with self._lock:
            numbers = {"sms": self.sms_number, "whatsapp": self.whatsapp_number}
            numbers["voice"] = self.voice_number
            config = {"messaging_url": self.messaging_url, "status_url": self.status_url}
            config |= {"voice_url": self.voice_url, "signing_base": self.signing_base}
            counts = {"sent": len(self.sent), "inbound": len(self.inbound)}
            counts |= {"calls": len(self.calls), "queued_callbacks": len(self.jobs)}
            counts["callbacks"] = len(self.callbacks)
            return {"account_sid": self.account_sid, "numbers": numbers, "config": config} | {
                "counts": counts,
                "window_hours": self.window_hours,
                "opted_out": sorted(self.opted_out),
            }
