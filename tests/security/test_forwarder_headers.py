"""A request from the trusted proxy address (127.0.0.1) cannot move the app's URL
prefix with a SCRIPT_NAME header: every way of starting the web loads
aduan/gunicorn_conf.py, which lets no header into the WSGI environment."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import requests

from aduan import embedded
from aduan.config import ROOT

CONF = "python:aduan.gunicorn_conf"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(*extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", *extra, "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        [*command, "tests.security.echo_wsgi:app"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            requests.get(url, timeout=1)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("gunicorn did not start")


def _seen(*extra: str) -> str:
    proc, url = _serve(*extra)
    try:
        answer = requests.get(f"{url}/evil/login", headers={"SCRIPT_NAME": "/evil"}, timeout=5)
        return answer.text
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_script_name_header_moves_nothing():
    assert _seen() == "/evil|/login"  # gunicorn's default: the header sets the prefix
    assert _seen("-c", CONF) == "|/evil/login"


def test_every_way_of_starting_the_web_loads_the_settings():
    procfile = (ROOT / "Procfile").read_text()
    web = re.search(r"^web: (.*)$", procfile, re.M).group(1)
    assert f"gunicorn -c {CONF} " in web
    assert f"gunicorn -c {CONF} " in (ROOT / "Dockerfile").read_text()
    command = embedded._supervisor({}, "127.0.0.1", 8000).children["web"].command
    assert command[command.index("-c") + 1] == CONF
