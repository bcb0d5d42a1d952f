"""HTTP front of the Twilio sandbox: routes REST calls, media and recording downloads and
the /sandbox/ control API (see sandbox.twilio) to a FakeTwilio."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sandbox.base import JsonHandler
from sandbox.twilio_api import API_VERSION, ApiError

if TYPE_CHECKING:
    from sandbox.twilio import FakeTwilio

_ACCOUNT = rf"/{API_VERSION}/Accounts/(?P<account>AC[0-9a-fA-F]{{32}})"
_MESSAGES = re.compile(_ACCOUNT + r"/Messages\.json$")
_MESSAGE = re.compile(_ACCOUNT + r"/Messages/(?P<sid>[A-Z]{2}[0-9a-f]{32})\.json$")
_MEDIA = re.compile(_ACCOUNT + r"/Messages/[A-Z]{2}[0-9a-f]{32}/Media/(?P<sid>ME[0-9a-f]{32})$")
_ACCOUNT_RESOURCE = re.compile(_ACCOUNT + r"\.json$")
_NUMBERS = re.compile(_ACCOUNT + r"/IncomingPhoneNumbers\.json$")
_RECORDING = re.compile(_ACCOUNT + r"/Recordings/(?P<sid>RE[0-9a-f]{32})(?P<ext>\.mp3|\.wav)?$")


class Handler(JsonHandler["FakeTwilio"]):
    """Routes /2010-04-01/Accounts/..., /media/<sid> and /sandbox/... ."""

    def _api(self, path: str, query: dict[str, str], body: bytes) -> None:
        try:
            if path.startswith("/media/"):
                self._check_auth()
                self._media(path.removeprefix("/media/"))
            else:
                self._rest(path, body)
        except ApiError as exc:
            self._json(exc.status, exc.body())

    # ------------------------------------------------------------------ REST

    def _check_auth(self, account: str | None = None) -> None:
        fake, header = self.fake, self.headers.get("Authorization", "")
        try:
            user, _, password = (
                base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        ok = secrets.compare_digest(user.encode(), fake.account_sid.encode())
        ok = secrets.compare_digest(password.encode(), fake.auth_token.encode()) and ok
        if not header.startswith("Basic ") or not ok:
            raise ApiError(401, 20003, "Authenticate")
        if account is not None and account != fake.account_sid:
            raise ApiError(404, 20404, f"The requested resource {self.path} was not found")

    def _rest(self, path: str, body: bytes) -> None:
        fake = self.fake
        status = 200
        try:
            if match := _MESSAGES.match(path):
                self._check_auth(match["account"])
                if self.command != "POST":
                    raise ApiError(405, 20004, "Method not allowed")
                params = parse_qs(body.decode(), keep_blank_values=True)
                resource, statuses = fake.create_message(params)
                status, gate = 201, threading.Event()
                fake.after_create(resource, statuses, gate)  # wait_idle() sees them at once
                try:
                    self._json(201, resource)
                finally:
                    fake.open_gate(gate)
            elif match := _ACCOUNT_RESOURCE.match(path):  # `aduan doctor`: credentials valid?
                self._check_auth(match["account"])
                self._json(200, fake.account_resource())
            elif match := _NUMBERS.match(path):  # `aduan doctor`: webhooks registered?
                self._check_auth(match["account"])
                self._json(200, fake.incoming_numbers())
            elif match := _MESSAGE.match(path):
                self._check_auth(match["account"])
                self._json(200, fake.message(match["sid"]))
            elif match := _MEDIA.match(path):
                self._check_auth(match["account"])
                status = 307
                self._redirect(f"{fake.url}/media/{match['sid']}")
            elif match := _RECORDING.match(path):
                self._check_auth(match["account"])
                self._send(200, *fake.recording_audio(match["sid"], match["ext"] or ""))
            else:
                raise ApiError(404, 20404, f"The requested resource {path} was not found")
        except ApiError as exc:
            status = exc.status
            raise
        finally:
            with fake._lock:
                fake.requests.append({"method": self.command, "path": path, "status": status})

    def _media(self, sid: str) -> None:
        stored = self.fake.media.get(sid)
        if stored is None:
            raise ApiError(404, 20404, f"The requested resource /media/{sid} was not found")
        self._send(200, stored[0], stored[1])

    # ------------------------------------------------------------------ control API

    def _control(
        self, route: str, parts: list[str], data: dict[str, Any], query: dict[str, str]
    ) -> Any:
        fake, post = self.fake, self.command == "POST"
        if post and route == "sms":
            media = _media_arg(data)
            return fake.citizen_sms(str(data["from"]), str(data.get("body") or ""), media)
        if post and route == "whatsapp":
            return fake.citizen_whatsapp(str(data["from"]), **_whatsapp_kwargs(data))
        if route == "state":
            return fake.state()
        if post and route == "config":
            keys = ("messaging_url", "status_url", "voice_url", "signing_base")
            fake.configure(**{key: data[key] for key in keys if key in data})
            return fake.state()
        if post and route == "window":
            when = datetime.now(UTC) - timedelta(hours=float(data["hours_ago"]))
            fake.set_last_inbound(str(data["number"]), when)
            return {"number": data["number"], "last_inbound": when.isoformat()}
        if post and route == "deliver":
            return {"delivered": fake.deliver_callbacks()}
        if post and route == "reset":
            fake.reset()
            return fake.state()
        if len(parts) == 2 and parts[0] == "conversations":
            return {"number": parts[1], "messages": fake.conversation(parts[1])}
        if len(parts) == 2 and parts[0] == "media" and parts[1] in fake.media:
            return fake.media[parts[1]]
        if parts[0] == "calls":
            return self._calls(fake, parts[1:], data)
        return None

    def _calls(self, fake: FakeTwilio, parts: list[str], data: dict[str, Any]) -> Any:
        post = self.command == "POST"
        if post and not parts:
            call = fake.call(str(data["from"]))
            return call.view.to_dict()
        call = fake.calls.get(parts[0]) if parts else None
        if call is None:
            return None
        action = parts[1] if len(parts) > 1 else ""
        if not action:
            view = call.view
        elif post and action == "digits":
            view = call.press(str(data["digits"]))
        elif post and action == "record":
            view = call.record(str(data.get("text") or ""), int(data.get("duration") or 12))
        elif post and action == "speak":
            view = call.speak(str(data.get("text") or ""), float(data.get("confidence") or 0.92))
        elif post and action == "silence":
            view = call.say_nothing()
        elif post and action == "hangup":
            view = call.hang_up()
        else:
            return None
        return view.to_dict()

    # ------------------------------------------------------------------ answers

    def _redirect(self, location: str) -> None:
        self.send_response(307)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _media_arg(data: dict[str, Any]) -> list[tuple[bytes, str]]:
    if not data.get("media_base64"):
        return []
    content = base64.b64decode(data["media_base64"], validate=True)
    return [(content, str(data.get("media_type") or "image/jpeg"))]


def _whatsapp_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    """Map the control API's JSON onto citizen_whatsapp() keyword arguments."""
    kwargs: dict[str, Any] = {"body": str(data.get("body") or ""), "media": _media_arg(data)}
    if data.get("profile_name"):
        kwargs["profile_name"] = str(data["profile_name"])
    if data.get("button_text"):
        kwargs["button_text"] = str(data["button_text"])
    if data.get("latitude") is not None and data.get("longitude") is not None:
        address = str(data["address"]) if data.get("address") else None
        kwargs["location"] = (float(data["latitude"]), float(data["longitude"]), address)
    return kwargs
