"""The fault suite's machinery: a private redis-server that can be stopped and started,
a TCP proxy in front of PostgreSQL that can be cut and restored (the shared server is
never stopped), and real `aduan worker` processes that can be killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Any, what: str, seconds: float) -> None:
    """Polls `check` until it is true; fails the test after `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence: stopping
    it loses every queued job, as a crashed Redis without AOF would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        cmd += ["--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def answers() -> bool:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return True
            return False

        wait_for(answers, "the private redis-server", 10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.proc = None


class Proxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target>. cut() drops every connection and
    refuses new ones (the database is "down" for whoever goes through it); restore()
    lets connections through again."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.up = True
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.conns += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            conns, self.conns = self.conns, []
        for sock in conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.server.close()


class Workers:
    """Real `python -m aduan worker` processes (the Procfile's worker), each logging to a
    file. A dead one is restarted by `supervise()` as `aduan run` would. `args` are the
    worker's options (e.g. the Procfile's `sends`: --role sends --threads 8)."""

    def __init__(
        self, env: dict[str, str], logs: Path, args: tuple[str, ...] = (), name: str = "worker"
    ) -> None:
        self.env, self.logs, self.args, self.name = env, logs, args, name
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, n: int = 1) -> None:
        for _ in range(n):
            log = open(self.logs / f"{self.name}{len(self.procs)}.log", "wb")  # noqa: SIM115
            cmd = [sys.executable, "-m", "aduan", "worker", *self.args]
            self.procs.append(subprocess.Popen(cmd, env=self.env, stdout=log, stderr=log))

    def alive(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in self.procs if p.poll() is None]

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL to the worker and its children (an RQ scheduler, if any)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)

    def supervise(self, want: int) -> None:
        """Starts workers until `want` are alive."""
        missing = want - len(self.alive())
        if missing > 0:
            self.start(missing)

    def kill_all(self) -> None:
        """Ends every worker at once: the test is over (a graceful stop is tested in
        tests/ops; a sends thread notices it only after its wait for a job, up to 5 s)."""
        for proc in self.alive():
            self.kill(proc)

    def tails(self) -> str:
        logs = sorted(self.logs.glob(f"{self.name}*.log"))
        return "\n".join(p.read_text()[-1200:] for p in logs)
