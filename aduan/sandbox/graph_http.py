"""HTTP front of the Graph sandbox: routes Graph API calls, media downloads and the
sandbox's own /sandbox/ control API (see aduan.sandbox.graph) to a FakeGraph."""

from __future__ import annotations

import base64
import json
import re
import secrets
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from aduan.sandbox.graph_api import GraphError

if TYPE_CHECKING:
    from aduan.sandbox.graph import FakeGraph

_GRAPH_RE = re.compile(r"^/v\d+\.\d+/([^/]+)(/messages)?/?$")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGraph


class Handler(BaseHTTPRequestHandler):
    """Routes /v<version>/..., /whatsapp_business/attachments/, /cdn/... and /sandbox/..."""

    protocol_version = "HTTP/1.1"  # keep-alive, as requests expects from a real server
    disable_nagle_algorithm = True

    @property
    def fake(self) -> FakeGraph:
        assert isinstance(self.server, Server)
        return self.server.fake

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _route(self) -> None:
        split = urlsplit(self.path)
        path, query = unquote(split.path), {k: v[-1] for k, v in parse_qs(split.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._kind = "unknown"  # one handler serves several requests on a kept-alive connection
        try:
            if path.startswith("/sandbox/"):
                self._control(path.removeprefix("/sandbox/").strip("/"), body)
                return
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

    def _control(self, route: str, body: bytes) -> None:
        fake, parts = self.fake, route.split("/")
        try:
            data = json.loads(body or b"{}") if self.command == "POST" else {}
            if not isinstance(data, dict):
                raise ValueError("body must be a JSON object")
            if self.command == "POST" and route == "config":
                for key in ("whatsapp_webhook_url", "meta_webhook_url"):
                    if key in data:
                        setattr(fake, key, str(data[key] or ""))
                self._json(200, fake.config())
            elif self.command == "POST" and route == "whatsapp":
                self._json(200, fake.citizen_whatsapp(**_whatsapp_kwargs(data)))
            elif self.command == "POST" and route == "messenger":
                self._json(200, fake.citizen_messenger(**_messenger_kwargs(data, "psid")))
            elif self.command == "POST" and route == "instagram":
                kwargs = _messenger_kwargs(data, "igsid")
                kwargs.pop("location", None)
                self._json(200, fake.citizen_instagram(**kwargs))
            elif self.command == "POST" and route == "window":  # age a citizen's window
                when = fake.now() - timedelta(hours=float(data["hours_ago"]))
                channel, user = str(data.get("channel") or "whatsapp"), str(data["user"])
                fake.set_last_inbound(channel, user, when)
                self._json(200, {"channel": channel, "user": user, "since": when.isoformat()})
            elif self.command == "POST" and route == "retry":
                self._json(200, {"delivered": fake.retry_pending()})
            elif route == "state":
                self._json(200, fake.state())
            elif len(parts) == 3 and parts[0] == "conversations":
                conversation = fake.conversation(parts[1], parts[2])
                self._json(200, {"channel": parts[1], "user": parts[2], "messages": conversation})
            elif len(parts) == 2 and parts[0] == "media" and parts[1] in fake.media:
                content, mime = fake.media_content(parts[1])
                self._send(200, content, mime)
            else:
                self._json(404, {"error": "not found"})
        except (ValueError, TypeError, KeyError, GraphError) as exc:
            self._json(400, {"error": str(exc)})

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
