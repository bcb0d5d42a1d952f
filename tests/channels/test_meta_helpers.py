"""Shared helpers for the Meta channel tests (no tests here): a tiny webhook receiver that
checks `X-Hub-Signature-256` like our webhook views must, and a fixture loader."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.meta_common import verify_signature, verify_subscription

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


def load(folder: str, name: str) -> dict[str, Any]:
    """Returns tests/fixtures/<folder>/<name>.json."""
    return json.loads((FIXTURES / folder / f"{name}.json").read_text(encoding="utf-8"))


def fixture_names(folder: str) -> list[str]:
    return sorted(path.stem for path in (FIXTURES / folder).glob("*.json"))


class Receiver:
    """A webhook endpoint on 127.0.0.1: verifies each POST's signature over the raw bytes
    (403 when bad), answers queued statuses (then 200), records every request, and answers
    Meta's GET subscription handshake."""

    def __init__(self, app_secret: str = APP_SECRET) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: deque[int] = deque()
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                args = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
                challenge = verify_subscription(args, VERIFY_TOKEN)
                body = (challenge or "").encode()
                self.send_response(200 if challenge else 403)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                header = self.headers.get("X-Hub-Signature-256")
                valid = verify_signature(app_secret, body, header)
                with receiver.changed:
                    status = receiver.statuses.popleft() if receiver.statuses else 200
                    status = status if valid else 403
                    receiver.requests.append(
                        {"headers": dict(self.headers), "body": body, "valid": valid}
                        | {"payload": json.loads(body), "status": status}
                    )
                    receiver.changed.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/meta"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Returns the first requests once at least `count` arrived; fails after `timeout`."""
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def accepted(self) -> list[dict[str, Any]]:
        """Payloads answered 2xx, in arrival order."""
        with self.changed:
            return [r["payload"] for r in self.requests if 200 <= r["status"] < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
