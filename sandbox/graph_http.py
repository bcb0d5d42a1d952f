"""HTTP front of the Graph sandbox: routes Graph API calls, media downloads and the
sandbox's own /sandbox/ control API (see sandbox.graph) to a FakeGraph."""

from __future__ import annotations

import base64
import json
import re
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sandbox.base import JsonHandler
from sandbox.graph_api import GraphError

if TYPE_CHECKING:
    from sandbox.graph import FakeGraph  # noqa: F401 (Handler type argument)

_GRAPH_RE = re.compile(r"^/v\d+\.\d+/([^/]+)(/messages)?/?$")
_SUBSCRIBED_RE = re.compile(r"^/v\d+\.\d+/([^/]+)/subscribed_apps/?$")


class Handler(JsonHandler["FakeGraph"]):
    """Routes /v<version>/..., /whatsapp_business/attachments/, /cdn/... and /sandbox/..."""

    control_errors = (ValueError, TypeError, KeyError, GraphError)

    def _api(self, path: str, query: dict[str, str], body: bytes) -> None:
        self._kind = "unknown"  # one handler serves several requests on a kept-alive connection
        try:
            if path.rstrip("/") == "/whatsapp_business/attachments":
                self._authorize("download", query, self.fake.access_token)
                content, mime = self.fake.media_content(query.get("mid", ""))
                self._record("download", path, 200)
                self._send(200, content, mime)
            elif path.startswith("/cdn/"):  # Messenger / Instagram attachment URLs: no auth
                self._kind = "cdn"
                content, mime = self.fake.media_content(path.split("/")[2])
                self._record("cdn", path, 200)
                self._send(200, content, mime)
            elif (found := _SUBSCRIBED_RE.match(path)) and self.command == "GET":
                self._authorize("page", query, self.fake.page_access_token)
                self._record("page", path, 200)
                self._json(200, self.fake.subscribed_apps(found.group(1)))
            elif found := _GRAPH_RE.match(path):
                self._graph(found.group(1), bool(found.group(2)), query, body)
            else:
                raise GraphError(400, 100, "Unknown path components: " + path)
        except GraphError as exc:
            self._record(self._kind, path, exc.http_status)
            self._json(exc.http_status, exc.body())
        except (ValueError, TypeError, KeyError) as exc:  # unparsable body
            self._json(400, GraphError(400, 100, f"(#100) Invalid parameter: {exc}").body())

    def _graph(self, node: str, messages: bool, query: dict[str, str], body: bytes) -> None:
        fake = self.fake
        if messages and self.command == "POST":
            if node == fake.phone_number_id:
                kind, token = "whatsapp", fake.access_token
            elif node in (fake.page_id, "me"):
                kind, token = "messenger", fake.page_access_token
            elif node == fake.ig_id:
                kind, token = "instagram", fake.page_access_token
            else:
                text = f"(#100) Unsupported post request. Object with ID '{node}' does not exist"
                raise GraphError(400, 100, text, subcode=33)
            self._authorize(kind, query, token)
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise GraphError(400, 100, "(#100) The request body must be a JSON object")
            if kind == "whatsapp":
                answer = fake.whatsapp_send(data)
            else:
                answer = fake.messenger_send(
                    "facebook" if kind == "messenger" else "instagram", data
                )
        elif not messages and self.command == "GET" and node == fake.phone_number_id:
            kind = "phone_number"  # `aduan doctor`: is the token good for this number?
            self._authorize(kind, query, fake.access_token)
            answer = fake.phone_number_info()
        elif not messages and self.command == "GET":
            kind = "media"
            self._authorize(kind, query, fake.access_token)
            answer = fake.media_info(node)
        else:
            raise GraphError(400, 100, f"Unsupported {self.command.lower()} request.")
        self._record(kind, self.path, 200)
        self._json(200, answer)

    def _authorize(self, kind: str, query: dict[str, str], token: str) -> None:
        """Bearer header or ?access_token=; then any injected failure for `kind`."""
        self._kind = kind
        header = self.headers.get("Authorization", "")
        given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        given = given or query.get("access_token", "")
        if not given or not secrets.compare_digest(given.encode(), token.encode()):
            raise GraphError(401, 190)
        failure = self.fake.take_failure(kind)
        if failure is not None:
            raise failure

    def _record(self, kind: str, path: str, status: int) -> None:
        with self.fake._lock:
            self.fake.calls.append({"kind": kind, "method": self.command, "path": path})
            self.fake.calls[-1]["status"] = status

    def _control(
        self, route: str, parts: list[str], data: dict[str, Any], query: dict[str, str]
    ) -> Any:
        fake, post = self.fake, self.command == "POST"
        if post and route == "config":
            for key in ("whatsapp_webhook_url", "meta_webhook_url"):
                if key in data:
                    setattr(fake, key, str(data[key] or ""))
            return fake.config()
        if post and route == "whatsapp":
            return fake.citizen_whatsapp(**_whatsapp_kwargs(data))
        if post and route == "messenger":
            return fake.citizen_messenger(**_messenger_kwargs(data, "psid"))
        if post and route == "instagram":
            kwargs = _messenger_kwargs(data, "igsid")
            kwargs.pop("location", None)
            return fake.citizen_instagram(**kwargs)
        if post and route == "window":  # age a citizen's window
            when = fake.now() - timedelta(hours=float(data["hours_ago"]))
            channel, user = str(data.get("channel") or "whatsapp"), str(data["user"])
            fake.set_last_inbound(channel, user, when)
            return {"channel": channel, "user": user, "since": when.isoformat()}
        if post and route == "retry":
            return {"delivered": fake.retry_pending()}
        if route == "state":
            return fake.state()
        if len(parts) == 3 and parts[0] == "conversations":
            conversation = fake.conversation(parts[1], parts[2])
            return {"channel": parts[1], "user": parts[2], "messages": conversation}
        if len(parts) == 2 and parts[0] == "media" and parts[1] in fake.media:
            return fake.media_content(parts[1])
        return None


def _image(data: dict[str, Any]) -> bytes | None:
    raw = data.get("image_base64")
    return base64.b64decode(raw, validate=True) if raw else None


def _whatsapp_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    """Map POST /sandbox/whatsapp JSON onto citizen_whatsapp() arguments."""
    kwargs: dict[str, Any] = {"from_number": str(data["from"]), "text": data.get("text")}
    if data.get("name"):
        kwargs["name"] = str(data["name"])
    if data.get("caption"):
        kwargs["caption"] = str(data["caption"])
    kwargs["image"] = _image(data)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        place = (data.get("location_name"), data.get("address"))
        kwargs["location"] = (float(data["latitude"]), float(data["longitude"]), *place)
    button = data.get("button")
    if isinstance(button, dict):
        kwargs["button_reply"] = (str(button.get("id") or button["title"]), str(button["title"]))
    elif button:
        kwargs["button_reply"] = (str(button), str(button))
    return kwargs


def _messenger_kwargs(data: dict[str, Any], id_key: str) -> dict[str, Any]:
    """Map POST /sandbox/messenger|instagram JSON onto citizen_messenger/instagram()."""
    kwargs: dict[str, Any] = {id_key: str(data[id_key]), "text": data.get("text")}
    kwargs["image"] = _image(data)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        kwargs["location"] = (float(data["latitude"]), float(data["longitude"]))
    return kwargs
