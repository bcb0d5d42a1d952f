"""Benchmark what the web surface's defences cost per request (aduan/security.py,
ticketing/filetypes.py): the same requests through an app with the security hooks and
through the same app with them removed (the reference), in the same run.

- a small page (/login) and a static file: the headers and the CSP nonce;
- a 2 MB photo from media storage: typed by its first bytes and streamed (reference:
  Flask's send_file of the same file, as before the change).

Usage: python bench/web_surface.py [REQUESTS]   (default 1000). Prints numbers; not a test.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pair(new, old, n: int) -> tuple[float, float]:
    """Returns the medians over 7 interleaved rounds of `n` calls of `new` and of `old`,
    in microseconds per call (interleaved, so a busy machine slows both alike)."""
    times: dict[str, list[float]] = {"new": [], "old": []}
    for _ in range(7):
        for name, call in (("new", new), ("old", old)):
            started = time.perf_counter()
            for _ in range(n):
                call()
            times[name].append((time.perf_counter() - started) / n * 1e6)
    return statistics.median(times["new"]), statistics.median(times["old"])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    from flask import send_file

    from aduan import create_app, security
    from ticketing import filetypes, storage

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "SECRET_KEY": "bench-secret-key",
            "RATELIMIT_ENABLED": False,
            "MEDIA_DIR": str(tmp / "media"),
        }
    )
    photo = b"\xff\xd8\xff\xe0" + os.urandom(2 * 1024 * 1024)
    with app.app_context():
        storage.save("2026/01/photo.jpg", photo, "image/jpeg")

    def serve_new() -> None:
        with app.test_request_context("/media/1"):
            filetypes.serve("2026/01/photo.jpg", "lampiran-1", "image/jpeg").close()

    def serve_old() -> None:
        with app.test_request_context("/media/1"):
            source = storage.open_media("2026/01/photo.jpg")
            send_file(source, mimetype="image/jpeg", max_age=3600).close()

    client = app.test_client()
    logging.getLogger().setLevel(logging.WARNING)  # no request lines in the timings
    hooks = app.after_request_funcs[None]

    def without_headers(url: str) -> None:
        hooks.remove(security._headers)
        try:
            client.get(url).close()
        finally:
            hooks.append(security._headers)

    print(f"calls per round: {n} (median of 7 interleaved rounds)")
    for url in ("/login", "/static/style.css"):
        new, old = _pair(lambda u=url: client.get(u).close(), lambda u=url: without_headers(u), n)
        print(
            f"GET {url:18} with headers {new:7.1f} us  reference {old:7.1f} us  ({new - old:+.1f})"
        )
    new, old = _pair(serve_new, serve_old, n)
    print(
        f"2 MB photo (typed, streamed) {new:7.1f} us  reference {old:7.1f} us  ({new - old:+.1f})"
    )


if __name__ == "__main__":
    main()
