"""SECRET_KEY: outside the embedded sandbox the web, the worker, the clock and `aduan
run` refuse to start without it and say why (a key made up per host would silently
break sessions, officer links and the Telegram webhook secret between processes).
The sandbox makes one up once, keeps it in var/, and its processes share it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aduan import config, embedded
from aduan.config import ROOT


@pytest.fixture
def no_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ADUAN_SANDBOX", raising=False)
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    return tmp_path


def test_the_config_refuses_to_make_up_a_key(no_key):
    with pytest.raises(config.ConfigError, match="SECRET_KEY is not set"):
        config.load()
    assert not (no_key / "secret_key").exists()  # nothing invented on disk either


@pytest.mark.parametrize("command", [["worker", "--burst"], ["clock"], ["migrate"]])
def test_the_processes_refuse_to_start_and_say_why(no_key, command):
    from aduan.cli import main

    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert "SECRET_KEY is not set" in result.output and "secrets.token_hex" in result.output


def test_the_web_refuses_to_start(no_key):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    done = subprocess.run(
        [sys.executable, "-c", "import aduan.wsgi"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "SECRET_KEY is not set" in done.stderr


def test_aduan_run_without_sandboxes_refuses(no_key, monkeypatch, caplog):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # no embedded Redis started
    monkeypatch.setattr(embedded, "sandboxes_hook", lambda name: lambda env, port: [])
    with caplog.at_level(logging.ERROR, logger="aduan.run"):
        assert embedded.run_all("127.0.0.1", 8999) == 2
    assert "SECRET_KEY is not set" in caplog.text


def test_the_sandbox_keeps_one_key_for_every_process(no_key, monkeypatch):
    monkeypatch.setenv("ADUAN_SANDBOX", "1")
    first = config.load()["SECRET_KEY"]
    assert len(first) == 64 and config.load()["SECRET_KEY"] == first  # a restart
    stored = no_key / "secret_key"
    assert stored.read_text().strip() == first and stored.stat().st_mode & 0o777 == 0o600
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    other = subprocess.run(  # another process of the same sandbox
        [sys.executable, "-c", "from aduan import config; print(config.load()['SECRET_KEY'])"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert other.stdout.strip() == first, other.stderr


def test_a_set_key_is_used_as_is(no_key, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    assert config.load()["SECRET_KEY"] == "s" * 48
