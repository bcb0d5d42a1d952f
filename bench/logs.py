"""Benchmark the cost of scrubbing log records (aduan/logs.py): the same records logged
with the stdlib's record factory (the reference) and with Aduan's scrubbing factory and 20
registered secrets, through a JSON handler to a buffer, in the same run.

Usage: python bench/logs.py [RECORDS]   (default 50000). Prints numbers; not a test.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aduan import logs  # noqa: E402

LINES = [
    (
        'HTTP Request: POST %s "HTTP/1.1 200 OK"',
        ("https://api.telegram.org/bot123456:AAH-x_y/sendMessage",),
    ),
    ("POST %s %s %.0fms", ("/webhooks/telegram", 200, 4.2)),
    ("job %s %s ok %.0fms", ("default", "drain", 12.0)),
    ("outbox %s failed for good (%s): %s", (42, "recipient_unreachable", "to +6281234567890")),
]


def run(count: int) -> float:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs._formatter("json"))
    log = logging.getLogger("bench")
    log.handlers, log.propagate = [handler], False
    log.setLevel(logging.INFO)
    start = time.perf_counter()
    for n in range(count):
        message, args = LINES[n % len(LINES)]
        log.info(message, *args)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    plain = run(count)
    config = {key: f"secret-value-{n:04d}-abcdef" for n, key in enumerate(logs.SECRET_KEYS)}
    logs.register_secrets(config)
    logs._install_factory()
    scrubbed = run(count)
    print(f"records                     {count}")
    for label, seconds in (("stdlib factory (reference)", plain), ("scrubbing factory", scrubbed)):
        rate, each = count / seconds, seconds / count * 1e6
        print(f"{label:28}{rate:10.0f} records/s  {each:6.1f} us each")
    print(f"extra cost per record       {(scrubbed - plain) / count * 1e6:6.1f} us")


if __name__ == "__main__":
    main()
