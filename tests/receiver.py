"""A webhook endpoint on 127.0.0.1 for tests of the fake providers' citizen side: it
records every request and answers what `handle()` says. Subclasses check signatures the
way our webhook views must."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, str | None, bytes]  # status, content type, body


class Receiver:
    """Records each POST (headers, body) and answers the queued statuses, then 200."""

    def __init__(self, suffix: str = "") -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: deque[int] = deque()
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, content_type, data = receiver.handle(
                    method, self.path, dict(self.headers), body
                )
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}{suffix}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        """Returns the answer to one request (default: record it, next queued status)."""
        self.store({"headers": headers, "body": body})
        return self.next_status(), None, b""

    def next_status(self) -> int:
        with self.changed:
            return self.statuses.popleft() if self.statuses else 200

    def store(self, entry: dict[str, Any]) -> None:
        with self.changed:
            self.requests.append(entry)
            self.changed.notify_all()

    def wait_until(self, done: Callable[[list[dict[str, Any]]], bool], timeout: float) -> None:
        """Waits until `done(requests)` holds; fails the test after `timeout` seconds."""
        with self.changed:
            assert self.changed.wait_for(lambda: done(self.requests), timeout)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Returns the requests once at least `count` arrived."""
        self.wait_until(lambda seen: len(seen) >= count, timeout)
        with self.changed:
            return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
