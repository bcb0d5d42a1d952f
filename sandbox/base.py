"""Plumbing shared by the HTTP sandboxes (Telegram, Twilio, Graph, X).

FakeServer runs a fake's ThreadingHTTPServer on 127.0.0.1 from daemon threads, next to
the fake's own background loops (webhook retries and the like). JsonHandler is the request
handler base: quiet, keep-alive, JSON and byte answers, and the `/sandbox/...` control API
dispatch; subclasses implement `_api` (the provider's API) and `_control` (the sandbox's).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Generic, Self, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

F = TypeVar("F")


class SandboxServer(ThreadingHTTPServer):
    """A threading HTTP server that hands its handlers the fake it serves."""

    daemon_threads = True
    fake: Any

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client drops a keep-alive connection (a refused download)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeServer:
    """Serves `handler` on host:port. Subclasses set `handler`, call
    `FakeServer.__init__` from their own and may override the two background hooks."""

    handler: type[BaseHTTPRequestHandler]

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self._stopping = threading.Event()  # set while stopped: background loops end
        self._server: SandboxServer | None = None
        self._threads: list[threading.Thread] = []

    def start(self) -> Self:
        """Listen (port 0 picks a free port) and serve from daemon threads. Returns self."""
        server = SandboxServer((self.host, self.port), self.handler)
        server.fake = self
        self._server, self.port = server, int(server.server_address[1])
        self._stopping.clear()
        loops = [lambda: server.serve_forever(0.05), *self._background()]
        self._threads = [threading.Thread(target=loop, daemon=True) for loop in loops]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and the background loops; the state stays readable."""
        self._stopping.set()
        self._wake_background()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. "http://127.0.0.1:PORT" (clients' `api_base_url`)."""
        return f"http://{self.host}:{self.port}"

    def _background(self) -> list[Callable[[], None]]:
        """Loops to run in daemon threads while serving; they return once `_stopping`
        is set."""
        return []

    def _wake_background(self) -> None:
        """Wake the background loops so they notice `_stopping`."""


class JsonHandler(BaseHTTPRequestHandler, Generic[F]):
    """Routes GET and POST: `/sandbox/<route>` to `_control`, anything else to `_api`."""

    protocol_version = "HTTP/1.1"  # keep-alive, as the clients' connection pools expect
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stall
    keep_blank_values = False  # for the query string
    json_type = "application/json"
    control_errors: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError)

    @property
    def fake(self) -> F:
        assert isinstance(self.server, SandboxServer)
        return self.server.fake

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _route(self) -> None:
        split = urlsplit(self.path)
        pairs = parse_qs(split.query, keep_blank_values=self.keep_blank_values)
        path, query = unquote(split.path), {key: values[-1] for key, values in pairs.items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path.startswith("/sandbox/"):
            self._sandbox(path.removeprefix("/sandbox/").strip("/"), query, body)
        else:
            self._api(path, query, body)

    def _api(self, path: str, query: dict[str, str], body: bytes) -> None:
        """Answer a request to the provider's API (`query` holds the last values)."""
        raise NotImplementedError

    def _control(
        self, route: str, parts: list[str], data: dict[str, Any], query: dict[str, str]
    ) -> Any:
        """Answer `/sandbox/<route>` (`data`: the POSTed JSON object, else {}): JSON data,
        a (bytes, content type) pair, or None for 404."""
        return None

    def _sandbox(self, route: str, query: dict[str, str], body: bytes) -> None:
        try:
            data = json.loads(body or b"{}") if self.command == "POST" else {}
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            answer = self._control(route, route.split("/"), data, query)
        except self.control_errors as exc:
            self._json(400, {"error": str(exc) or type(exc).__name__})
            return
        if answer is None:
            self._json(404, {"error": "not found"})
        elif isinstance(answer, tuple):
            self._send(200, *answer)
        else:
            self._json(200, answer)

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), self.json_type, headers)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
