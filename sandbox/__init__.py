"""Sandboxes: small local fakes of provider APIs (Telegram Bot API, ...).

Each sandbox is a stdlib HTTP server on 127.0.0.1 that the real client library talks to,
so the production code path runs unchanged. `make run` starts them when no provider
credentials are configured (the simulator page drives them as a citizen would), and the
tests use them instead of the network. They keep everything in memory and never call out,
except to deliver webhooks to the URL the application registered.
"""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    """Returns a TCP port on `host` that was free a moment ago (the OS picked it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
