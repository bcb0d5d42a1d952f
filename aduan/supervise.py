"""Keeps a set of child processes running: `aduan run`'s web and workers.

A child that exits is started again after a back-off (1 s, doubling up to 30 s, back
to 1 s once it has run for a minute), and the others keep running: a crashed worker
never takes the web down. Children get SIGTERM when the supervisor itself dies (Linux
PR_SET_PDEATHSIG), so none outlives it."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("aduan.run")

FIRST_DELAY = 1.0
LONGEST_DELAY = 30.0
HEALTHY_AFTER = 60.0  # seconds of running that reset the back-off
PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    """One supervised command and its current process."""

    name: str
    command: list[str]
    nice: int = 0
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    delay: float = FIRST_DELAY
    restart_at: float | None = None
    restarts: int = 0
    history: list[int] = field(default_factory=list)  # pids, oldest first (tests read it)


def _child_setup(nice: int) -> None:
    """Runs in the child before exec: lower its CPU priority, die with the parent."""
    if nice:
        os.nice(nice)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Starts children, restarts the ones that exit, stops them all on `stop()`."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.children: dict[str, Child] = {}
        self.stopping = threading.Event()
        self.watchers: list[Callable[[], None]] = []

    def watch(self, check: Callable[[], None]) -> None:
        """Runs `check` every round next to the children's (e.g. the embedded Redis,
        which is no child: it detaches itself)."""
        self.watchers.append(check)

    def add(self, name: str, command: list[str], nice: int = 0) -> None:
        self.children[name] = Child(name, command, nice)

    def _start(self, child: Child) -> None:
        child.proc = subprocess.Popen(
            child.command, env=self.env, preexec_fn=lambda: _child_setup(child.nice)
        )
        child.started, child.restart_at = time.monotonic(), None
        child.history.append(child.proc.pid)

    def start(self) -> None:
        for child in self.children.values():
            self._start(child)

    def check(self) -> None:
        """Notices exited children and restarts the ones whose back-off is over."""
        for check in self.watchers:
            try:
                check()
            except Exception:
                log.exception("supervisor: a watcher failed; trying again next round")
        now = time.monotonic()
        for child in self.children.values():
            proc = child.proc
            if child.restart_at is None and proc is not None and proc.poll() is not None:
                if now - child.started >= HEALTHY_AFTER:
                    child.delay = FIRST_DELAY
                log.error(
                    "%s exited with code %s; starting it again in %.0f s",
                    child.name,
                    proc.returncode,
                    child.delay,
                )
                child.restart_at = now + child.delay
                child.delay = min(child.delay * 2, LONGEST_DELAY)
            elif child.restart_at is not None and now >= child.restart_at:
                try:
                    self._start(child)
                    child.restarts += 1
                except OSError as exc:  # e.g. out of processes: try again later
                    log.error("%s could not be started (%s)", child.name, exc)
                    child.restart_at = now + child.delay
                    child.delay = min(child.delay * 2, LONGEST_DELAY)

    def run(self, interval: float = 0.5) -> None:
        """Checks the children every `interval` until stop() is called."""
        while not self.stopping.is_set():
            self.check()
            self.stopping.wait(interval)

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM to every child, SIGKILL to those still running after `grace`."""
        self.stopping.set()
        running = [c.proc for c in self.children.values() if c.proc and c.proc.poll() is None]
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in running:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
