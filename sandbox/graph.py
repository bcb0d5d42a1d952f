"""A fake Meta Graph API server on 127.0.0.1 for tests and the demo: WhatsApp Cloud API,
Facebook Page Messenger and Instagram DMs.

The business side speaks Graph under `/v23.0/...` (any version works):
  POST /{phone_number_id}/messages   WhatsApp text / image / template sends
  GET  /{media_id}                   media metadata with a short-lived download URL
  GET  /whatsapp_business/attachments/?mid=...   that URL (bearer token required)
  POST /{page_id}/messages, /{ig_id}/messages, /me/messages   the Send API
  GET  /cdn/<id>/<name>              Messenger / Instagram attachment URLs (no token)
A missing or wrong token answers 401 with Graph error 190; `fail_next()` injects errors.

Like Meta, the sandbox tracks each citizen's last message per channel. A WhatsApp free-form
send outside 24 h is accepted (200 + wamid) and then fails asynchronously: a `failed`
status webhook with error 131047. Templates are always accepted; an unknown name fails
asynchronously with 132001. Messenger/Instagram refuse free-form sends outside 24 h at
once (error 10, subcode 2018278), and the HUMAN_AGENT tag up to 7 days.

Webhooks: the citizen side (`citizen_whatsapp`, `citizen_messenger`, `citizen_instagram`,
or `POST /sandbox/...` from another process) builds the payload Meta would send, signs the
exact bytes with `X-Hub-Signature-256` (HMAC-SHA256 under the app secret) and POSTs it to
`whatsapp_webhook_url` / `meta_webhook_url`. After each WhatsApp send, `sent` and
`delivered` (`auto_read`: also `read`) status webhooks follow from a background thread
(`statuses_out_of_order`: newest first; `status_delay` seconds later; `deliver_pending()`
flushes them synchronously). Meta retries undelivered webhooks with decreasing frequency
for up to 36 hours (Messenger) or 7 days (WhatsApp); the sandbox retries a non-2xx answer
or connection failure after 1, 2, 4, 8 ... seconds, doubling, capped at 60 s (scaled by
`retry_base_delay`), for as long as it runs; `retry_pending()` retries at once.

`/sandbox/...` is this server's own JSON control API, not Graph's:
  POST /sandbox/config     {"whatsapp_webhook_url"?, "meta_webhook_url"?}
  POST /sandbox/whatsapp   {"from", "text"?, "name"?, "image_base64"?, "caption"?,
                            "latitude"?, "longitude"?, "address"?, "location_name"?,
                            "button"?: "title" | {"id", "title"}}
  POST /sandbox/messenger  {"psid", "text"?, "image_base64"?, "latitude"?, "longitude"?}
  POST /sandbox/instagram  {"igsid", "text"?, "image_base64"?}
  GET  /sandbox/conversations/<channel>/<user>   both directions, with statuses
  POST /sandbox/window     {"channel"?: "whatsapp", "user", "hours_ago"}  age a window
  GET  /sandbox/state      ids, windows, counts;  POST /sandbox/retry;  GET /sandbox/media/<id>

    with FakeGraph(whatsapp_webhook_url=...) as fake:
        adapter = WhatsAppCloudAdapter(fake.access_token, fake.phone_number_id,
                                       base_url=fake.base_url)
"""

from __future__ import annotations

import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from sandbox import graph_webhooks as hooks
from sandbox.base import FakeServer
from sandbox.graph_api import GraphApi, GraphError, wa_digits
from sandbox.graph_http import Handler

__all__ = ["FakeGraph", "GraphError"]

Coordinates = tuple[float, float, str | None, str | None]  # lat, long, name, address
_FB_MID = "m_"  # how Messenger's mids begin (Instagram's: hooks.new_instagram_mid)


class FakeGraph(GraphApi, FakeServer):
    """Graph API server + citizen simulator on 127.0.0.1. Thread-safe."""

    handler = Handler

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        app_secret: str = "sandbox-app-secret",
        access_token: str = "SANDBOX-GRAPH-TOKEN",
        page_access_token: str | None = None,
        phone_number_id: str = "1234567890",
        page_id: str = "105100000000001",
        ig_id: str = "17841400000000001",
        verify_token: str = "sandbox-verify-token",
        display_phone_number: str = "62315550112",
        waba_id: str = "102200000000001",
        templates: dict[str, int | None] | None = None,
        whatsapp_webhook_url: str = "",
        meta_webhook_url: str = "",
        version: str = "v23.0",
        retry_base_delay: float = 1.0,
        delivery_timeout: float = 10.0,
        auto_deliver: bool = True,
    ) -> None:
        super().__init__(
            app_secret=app_secret,
            access_token=access_token,
            page_access_token=page_access_token,
            phone_number_id=phone_number_id,
            page_id=page_id,
            ig_id=ig_id,
            verify_token=verify_token,
            display_phone_number=display_phone_number,
            waba_id=waba_id,
            templates=templates,
        )
        FakeServer.__init__(self, host, port)
        self.version = version
        self.whatsapp_webhook_url, self.meta_webhook_url = whatsapp_webhook_url, meta_webhook_url
        self.retry_base_delay, self.delivery_timeout = retry_base_delay, delivery_timeout
        self.auto_deliver = auto_deliver  # False: nothing is delivered in the background
        self._delivery_lock = threading.Lock()  # one delivery pass at a time

    # ------------------------------------------------------------------ lifecycle

    def _background(self) -> list[Callable[[], None]]:
        return [self._delivery_loop]

    def _wake_background(self) -> None:
        self._wake.set()

    @property
    def base_url(self) -> str:
        """The adapters' `base_url`, e.g. "http://127.0.0.1:PORT/v23.0"."""
        return f"{self.url}/{self.version}"

    def config(self) -> dict[str, Any]:
        """Returns the webhook URLs and ids (never the secrets)."""
        ids = self.state()["ids"]
        return ids | {
            "whatsapp_webhook_url": self.whatsapp_webhook_url,
            "meta_webhook_url": self.meta_webhook_url,
            "base_url": self.base_url,
        }

    # ------------------------------------------------------------------ doctor

    def phone_number_info(self) -> dict[str, Any]:
        """GET /{phone-number-id}: what Meta says about our WhatsApp number."""
        return {
            "id": self.phone_number_id,
            "display_phone_number": self.display_phone_number,
            "verified_name": "Aduan Sandbox",
            "quality_rating": "GREEN",
        }

    def subscribed_apps(self, node: str) -> dict[str, Any]:
        """GET /{page-id}/subscribed_apps: our app, once a Page webhook is configured."""
        if node not in (self.page_id, self.ig_id) or not self.meta_webhook_url:
            return {"data": []}
        fields = ["messages", "messaging_postbacks", "message_deliveries"]
        return {"data": [{"id": "sandbox-app", "name": "Aduan", "subscribed_fields": fields}]}

    # ------------------------------------------------------------------ citizen side

    def citizen_whatsapp(
        self,
        from_number: str,
        text: str | None = None,
        *,
        name: str = "Warga",
        image: bytes | None = None,
        caption: str | None = None,
        audio: bytes | None = None,
        voice: bool = True,
        location: Coordinates | None = None,
        button_reply: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """A citizen writes to our WhatsApp number: exactly one of text, image (`text`
        becomes its caption), audio (a voice note unless `voice=False`), location
        (lat, long, name, address) or button_reply (id, title). Media is stored so the
        adapter can fetch it. Opens the citizen's 24 h window and POSTs the signed payload
        to `whatsapp_webhook_url`. Returns {"payload", "status" (HTTP status or None),
        "body", "error"}. Raises ValueError for a bad number or not exactly one kind."""
        if image is not None and caption is None:
            caption, text = text, None
        _exactly_one(text, image, audio, location, button_reply)
        wa_id = wa_digits(from_number)
        message: dict[str, Any] = {"from": wa_id, "id": hooks.new_wamid()}
        message["timestamp"] = str(int(time.time()))
        log: dict[str, Any] = {"message_id": message["id"], "text": text or caption or ""}
        if text is not None:
            message |= {"type": "text", "text": {"body": text}}
        elif image is not None:
            media = self._media(image, _image_mime(image))
            media |= {"caption": caption} if caption else {}
            message |= {"type": "image", "image": media}
            log["image_url"] = f"{self.url}/sandbox/media/{media['id']}"
        elif audio is not None:
            mime = "audio/ogg; codecs=opus" if voice else "audio/mpeg"
            message |= {"type": "audio", "audio": self._media(audio, mime) | {"voice": voice}}
        elif location is not None:
            lat, lon, place, address = location
            spot = {"latitude": lat, "longitude": lon, "name": place, "address": address}
            message |= {"type": "location", "location": {k: v for k, v in spot.items() if v}}
            log["location"] = message["location"]
        elif button_reply is not None:
            button = {"id": button_reply[0], "title": button_reply[1]}
            reply = {"type": "button_reply", "button_reply": button}
            message |= {"type": "interactive", "interactive": reply}
            log["text"] = button_reply[1]
        log["type"] = message["type"]
        self.record_inbound("whatsapp_cloud", "+" + wa_id, log | {"time": self.now().isoformat()})
        payload = hooks.wa_message_payload(self, wa_id, name, message)
        return self._deliver_now("whatsapp", payload)

    def citizen_messenger(
        self,
        psid: str,
        text: str | None = None,
        *,
        image: bytes | None = None,
        location: tuple[float, float] | None = None,
    ) -> dict[str, Any]:
        """A person writes to our Facebook Page: text and/or an image, or a location.
        POSTs the signed `object: "page"` payload to `meta_webhook_url`. Returns
        {"payload", "status", "body", "error"}. Raises ValueError when empty."""
        return self._citizen_messaging("facebook", psid, text, image, location)

    def citizen_instagram(
        self, igsid: str, text: str | None = None, *, image: bytes | None = None
    ) -> dict[str, Any]:
        """A person DMs our Instagram account: text and/or an image. POSTs the signed
        `object: "instagram"` payload to `meta_webhook_url`. Returns like citizen_messenger."""
        return self._citizen_messaging("instagram", igsid, text, image, None)

    def _citizen_messaging(
        self,
        channel: str,
        user: str,
        text: str | None,
        image: bytes | None,
        location: tuple[float, float] | None,
    ) -> dict[str, Any]:
        if not (text or image is not None or location):
            raise ValueError("send text, an image or a location")
        user, stamp = str(user), int(time.time() * 1000)
        facebook = channel == "facebook"
        mid = _FB_MID + secrets.token_urlsafe(30) if facebook else hooks.new_instagram_mid()
        message: dict[str, Any] = {"mid": mid}
        log: dict[str, Any] = {"message_id": mid, "type": "text", "text": text or ""}
        if text:
            message["text"] = text
        attachments = []
        if image is not None:
            media_id = self.store_media(image, _image_mime(image))
            url = f"{self.url}/cdn/{media_id}/{media_id}_n.jpg?_nc_sid=sandbox"
            attachments.append({"type": "image", "payload": {"url": url}})
            log |= {"type": "image", "image_url": url}
        if location is not None:
            coordinates = {"lat": location[0], "long": location[1]}
            map_url = f"https://www.bing.com/maps/default.aspx?where1={location[0]},{location[1]}"
            spot = {"type": "location", "title": "Lokasi", "url": map_url}
            attachments.append(spot | {"payload": {"coordinates": coordinates}})
            log |= {"type": "location", "location": coordinates}
        if attachments:
            message["attachments"] = attachments
        self.record_inbound(channel, user, log | {"time": self.now().isoformat()})
        account = self.page_id if facebook else self.ig_id
        kind = "page" if facebook else "instagram"
        payload = hooks.messaging_payload(kind, account, user, stamp, message)
        return self._deliver_now("meta", payload)

    def _media(self, content: bytes, mime: str) -> dict[str, Any]:
        media_id = self.store_media(content, mime)
        return {"mime_type": mime, "sha256": self.media[media_id]["sha256"], "id": media_id}

    # ------------------------------------------------------------------ delivery

    def subscribe(self, kind: str = "whatsapp") -> bool:
        """Make the GET verification request Meta makes when a webhook is subscribed
        (kind "whatsapp" or "meta"). Returns True when the app echoed the challenge."""
        url = self.whatsapp_webhook_url if kind == "whatsapp" else self.meta_webhook_url
        challenge = str(secrets.randbelow(10**9))
        query = {"hub.mode": "subscribe", "hub.challenge": challenge}
        query["hub.verify_token"] = self.verify_token
        sep = "&" if "?" in url else "?"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url + sep + urllib.parse.urlencode(query), timeout=5) as response:
                return response.status == 200 and response.read().decode() == challenge
        except OSError:
            return False

    def deliver_pending(self) -> int:
        """Deliver every queued webhook (status updates and retries) now, oldest first,
        whether due or not. Returns how many were accepted; the rest stay queued."""
        return self._deliver(due_only=False)

    def retry_pending(self) -> int:
        """Retry undelivered webhooks now (same as deliver_pending()). Returns how many
        were accepted."""
        return self._deliver(due_only=False)

    def _deliver_now(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        item = {"kind": kind, "body": hooks.encode(payload), "attempts": 0, "next_at": 0.0}
        status, body, error = self._attempt(item)
        if error:
            with self._lock:
                self.outgoing.append(item)
            self._wake.set()
        return {"payload": payload, "status": status, "body": body, "error": error}

    def _attempt(self, item: dict[str, Any]) -> tuple[int | None, str, str | None]:
        """POST one queued webhook; on failure schedule its next attempt."""
        url = self.whatsapp_webhook_url if item["kind"] == "whatsapp" else self.meta_webhook_url
        if url:
            status, body, error = hooks.post_signed(
                url, item["body"], self.app_secret, self.delivery_timeout
            )
        else:
            status, body, error = None, "", "no webhook URL configured"
        if error:
            item["attempts"] += 1
            item["last_error"] = error
            delay = self.retry_base_delay * min(2 ** (item["attempts"] - 1), 60)
            item["next_at"] = time.monotonic() + delay
        return status, body, error

    def _deliver(self, due_only: bool) -> int:
        delivered = 0
        with self._delivery_lock:
            with self._lock:
                now = time.monotonic()
                batch = [i for i in self.outgoing if not due_only or i["next_at"] <= now]
            for item in batch:
                if self._attempt(item)[2] is None:
                    delivered += 1
                    with self._lock:
                        self.outgoing = [i for i in self.outgoing if i is not item]
        return delivered

    def _delivery_loop(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                due = min((i["next_at"] for i in self.outgoing), default=None)
            timeout = None if due is None else max(0.0, due - time.monotonic())
            self._wake.wait(timeout if self.auto_deliver else None)
            self._wake.clear()
            if self.auto_deliver and not self._stopping.is_set():
                self._deliver(due_only=True)


def _image_mime(content: bytes) -> str:
    return "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"


def _exactly_one(*kinds: object) -> None:
    if sum(kind is not None for kind in kinds) != 1:
        raise ValueError("send exactly one of text, image, audio, location, button_reply")
