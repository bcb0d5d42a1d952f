"""What bench/flood.py reads about processes: the desk's process tree by role (and the
machine's PostgreSQL and Redis processes), RSS and CPU seconds from /proc (Linux)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from redis import Redis
from sqlalchemy import text


def _stat(pid: int) -> tuple[int, float] | None:
    """Returns (parent pid, CPU seconds) of `pid`, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    if "worker" in words and "--role" in words:
        return "worker:" + words[words.index("--role") + 1]
    if any("gunicorn" in w for w in words):
        return "web"
    if words and words[0].endswith("redis-server"):
        return "redis"
    if words and words[0].startswith("postgres"):
        return "postgres"
    return Path(words[0]).name if words else "?"


def processes(root: int) -> dict[int, str]:
    """Returns {pid: role} of `root`'s tree plus PostgreSQL's and Redis's processes."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            parents[int(entry)] = found[0]
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        kids = [child for child, parent in parents.items() if parent == pid]
        tree.update(kids)
        todo += kids
    named = {pid: _name(pid) for pid in tree}
    named[root] = "supervisor+clock"
    for pid in parents:
        if pid not in named and (role := _name(pid)) in ("postgres", "redis"):
            named[pid] = role
    return named


class Sampler(threading.Thread):
    """Every `interval` s: RSS per desk process, Redis memory, PostgreSQL connections."""

    def __init__(self, root: int, redis: Redis, engine: Any, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.root, self.redis, self.engine, self.interval = root, redis, engine, interval
        self.samples: list[dict[str, Any]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss: dict[str, float] = defaultdict(float)
            for pid, role in processes(self.root).items():
                if role not in ("postgres", "redis"):
                    rss[role] += _rss_mb(pid)
            sample: dict[str, Any] = {"t": time.time(), "rss": dict(rss)}
            with contextlib.suppress(Exception):
                sample["redis_mb"] = self.redis.info("memory")["used_memory"] / 2**20
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                sample["pg_conns"] = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
                ).scalar()
            self.samples.append(sample)
            self.stop.wait(self.interval)


def cpu_by_role(root: int) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for pid, role in processes(root).items():
        if (found := _stat(pid)) is not None:
            totals[role] += found[1]
    return totals
