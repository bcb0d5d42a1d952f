"""RQ's scheduler (moves jobs enqueued with a delay onto their queue when due), run as a
thread of the clock process instead of a child forked by every worker: a worker killed
with -9 leaves no scheduler behind, and no worker holds the memory of a second process.

RQ's lock makes one scheduler active per queue; a second clock's thread waits for the
lock. Redis going away only pauses it."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from redis.exceptions import RedisError
from rq.scheduler import RQScheduler

from aduan.queue import OLD_QUEUES, QUEUES, redis_conn

log = logging.getLogger(__name__)
INTERVAL = 1.0  # seconds between two looks at the scheduled jobs


def run(app: Flask, stop: threading.Event) -> None:
    """Moves due scheduled jobs every INTERVAL until `stop` is set; never raises."""
    scheduler: RQScheduler | None = None
    delay = INTERVAL
    while not stop.is_set():
        try:
            if scheduler is None:
                scheduler = RQScheduler(
                    [*QUEUES, *OLD_QUEUES], connection=redis_conn(app), logging_level="WARNING"
                )
                scheduler.register_birth()
            if scheduler.should_reacquire_locks:
                scheduler.acquire_locks()
            if scheduler.acquired_locks:
                scheduler.heartbeat()
                scheduler.enqueue_scheduled_jobs()
            delay = INTERVAL
        except (RedisError, OSError) as exc:
            log.warning("scheduler: Redis unavailable (%s), trying again in %.0f s", exc, delay)
            scheduler = None  # a fresh one registers itself and takes the locks again
            delay = min(delay * 2, 10.0)
        except Exception:
            log.exception("scheduler: unexpected error; trying again")
            delay = min(delay * 2, 10.0)
        stop.wait(delay)
    if scheduler is not None:
        try:
            scheduler.release_locks()
            scheduler.register_death()
        except (RedisError, OSError):
            pass  # the locks expire on their own (interval + 60 s)


def start(app: Flask, stop: threading.Event) -> threading.Thread:
    """Starts `run` in a daemon thread; returns it."""
    thread = threading.Thread(target=run, args=(app, stop), name="rq-scheduler", daemon=True)
    thread.start()
    return thread
