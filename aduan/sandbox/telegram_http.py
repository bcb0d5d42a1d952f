"""HTTP front of the Telegram sandbox: routes Bot API calls, file downloads and the
sandbox's own /sandbox/ control API (see aduan.sandbox.telegram) to a FakeTelegram."""

from __future__ import annotations

import base64
import json
import mimetypes
import secrets
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from aduan.sandbox.telegram_api import ApiError

if TYPE_CHECKING:
    from aduan.sandbox.telegram import FakeTelegram


class Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTelegram


class Handler(BaseHTTPRequestHandler):
    """Routes /bot<token>/<method>, /file/bot<token>/<path> and /sandbox/... ."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects from a real server
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stall

    @property
    def fake(self) -> FakeTelegram:
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
        path, query = unquote(split.path), parse_qs(split.query)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            if path.startswith("/sandbox/"):
                self._control(path.removeprefix("/sandbox/"), query, body)
            elif path.startswith("/file/bot"):
                token, _, file_path = path.removeprefix("/file/bot").partition("/")
                self._check_token(token)
                stored = self.fake.file_by_path(file_path)
                if stored is None or stored["content"] is None:
                    raise ApiError(404, "Not Found")
                self._send(200, stored["content"], mimetypes.guess_type(file_path)[0])
            elif path.startswith("/bot"):
                token, _, method = path.removeprefix("/bot").partition("/")
                self._check_token(token)
                self._api(method, {k: v[-1] for k, v in query.items()} | self._params(body))
            else:
                raise ApiError(404, "Not Found")
        except ApiError as exc:
            self._json(exc.status, exc.body())
        except (ValueError, TypeError, KeyError) as exc:  # unparsable parameters
            self._json(400, ApiError(400, f"Bad Request: {exc}").body())

    def _check_token(self, token: str) -> None:
        if not secrets.compare_digest(token.encode(), self.fake.token.encode()):
            raise ApiError(401, "Unauthorized")

    def _params(self, body: bytes) -> dict[str, Any]:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not body:
            return {}
        if kind == "application/json":
            data = json.loads(body)
            return data if isinstance(data, dict) else {}
        if kind == "multipart/form-data":
            raise ApiError(400, "Bad Request: the sandbox does not accept file uploads")
        return {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}

    def _api(self, method: str, params: dict[str, Any]) -> None:
        try:
            status, answer = 200, {"ok": True, "result": self.fake.call(method, params)}
        except ApiError as exc:
            status, answer = exc.status, exc.body()
        except (ValueError, TypeError) as exc:
            status, answer = 400, ApiError(400, f"Bad Request: {exc}").body()
        with self.fake._lock:  # recorded before answering, so a test sees it at once
            self.fake.calls.append({"method": method, "params": params, "status": status})
        self._json(status, answer)

    def _control(self, route: str, query: dict[str, list[str]], body: bytes) -> None:
        fake, parts = self.fake, route.strip("/").split("/")
        if self.command == "POST" and route == "citizen/send":
            try:
                data = json.loads(body or b"{}")
                self._json(200, fake.citizen_sends(**_citizen_kwargs(data)))
            except (ValueError, TypeError, KeyError) as exc:
                self._json(400, {"error": str(exc)})
        elif self.command == "POST" and route == "retry":
            self._json(200, {"delivered": fake.retry_pending()})
        elif route == "state":
            self._json(200, fake.state())
        elif len(parts) == 3 and parts[0] == "chats" and parts[2] == "messages":
            after = int((query.get("after") or ["0"])[-1] or 0)
            self._json(200, {"chat_id": parts[1], "messages": fake.conversation(parts[1], after)})
        elif len(parts) == 2 and parts[0] == "files" and parts[1] in fake.files:
            stored = fake.files[parts[1]]
            self._send(200, stored["content"] or b"", mimetypes.guess_type(stored["file_path"])[0])
        else:
            self._json(404, {"error": "not found"})

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _citizen_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    """Map the control API's JSON onto citizen_sends() keyword arguments."""
    kwargs: dict[str, Any] = {"chat_id": int(data["chat_id"])}
    for key in ("text", "caption", "contact_phone", "first_name", "last_name", "username"):
        if data.get(key) is not None:
            kwargs[key] = str(data[key])
    if data.get("photo_base64"):
        kwargs["photo"] = base64.b64decode(data["photo_base64"], validate=True)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        kwargs["location"] = (float(data["latitude"]), float(data["longitude"]))
    return kwargs
