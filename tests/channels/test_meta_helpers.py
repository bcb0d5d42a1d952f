"""Shared helpers for the Meta channel tests (no tests here): a tiny webhook receiver that
checks `X-Hub-Signature-256` like our webhook views must, and a fixture loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.meta_common import verify_signature, verify_subscription
from tests.receiver import Answer
from tests.receiver import Receiver as BaseReceiver

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


def load(folder: str, name: str) -> dict[str, Any]:
    """Returns tests/fixtures/<folder>/<name>.json."""
    return json.loads((FIXTURES / folder / f"{name}.json").read_text(encoding="utf-8"))


def fixture_names(folder: str) -> list[str]:
    return sorted(path.stem for path in (FIXTURES / folder).glob("*.json"))


class Receiver(BaseReceiver):
    """A webhook endpoint that verifies each POST's signature over the raw bytes (403 when
    bad), answers queued statuses (then 200), and answers Meta's GET subscription
    handshake."""

    def __init__(self, app_secret: str = APP_SECRET) -> None:
        self.app_secret = app_secret
        super().__init__("/webhooks/meta")

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "GET":
            args = {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}
            challenge = verify_subscription(args, VERIFY_TOKEN)
            return (200 if challenge else 403), None, (challenge or "").encode()
        valid = verify_signature(self.app_secret, body, headers.get("X-Hub-Signature-256"))
        status = self.next_status()
        status = status if valid else 403
        self.store(
            {
                "headers": headers,
                "body": body,
                "valid": valid,
                "payload": json.loads(body),
                "status": status,
            }
        )
        return status, None, b""

    def accepted(self) -> list[dict[str, Any]]:
        """Payloads answered 2xx, in arrival order."""
        with self.changed:
            return [r["payload"] for r in self.requests if 200 <= r["status"] < 300]
