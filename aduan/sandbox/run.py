"""Starting the local provider sandboxes for `aduan run`.

Each starter checks whether real credentials are configured; if not, it starts the
provider's fake on 127.0.0.1, points our configuration at it (through `env`, which the
web and worker processes inherit) and points the fake's webhooks at our own URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def telegram(env: dict[str, str], port: int) -> Any | None:
    """The fake Bot API; our webhook is registered later through the real adapter."""
    if env.get("TELEGRAM_BOT_TOKEN"):
        return None
    from aduan.sandbox.telegram import FakeTelegram

    fake = FakeTelegram().start()
    env["TELEGRAM_BOT_TOKEN"] = fake.token
    env["TELEGRAM_API_BASE_URL"] = fake.base_url
    env["SANDBOX_TELEGRAM_URL"] = fake.url
    return fake


STARTERS: list[Callable[[dict[str, str], int], Any | None]] = [telegram]


def start_all(env: dict[str, str], port: int) -> list[Any]:
    """Starts every sandbox whose provider has no credentials; returns the running fakes."""
    started = [fake for starter in STARTERS if (fake := starter(env, port)) is not None]
    if started:
        env["ADUAN_SANDBOX"] = "1"
    return started
