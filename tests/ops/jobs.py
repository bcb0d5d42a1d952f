"""Jobs the process tests enqueue: they only touch files, so a worker runs them without
any database."""

from __future__ import annotations

import time
from pathlib import Path


def touch(path: str) -> None:
    Path(path).touch()


def slow_touch(started: str, done: str, seconds: float) -> None:
    """Marks its start, works `seconds`, marks its end (the test stops Redis between)."""
    Path(started).touch()
    time.sleep(seconds)
    Path(done).touch()
