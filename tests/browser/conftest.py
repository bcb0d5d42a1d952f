"""Browser tests: Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) driven by Playwright
against the test app served on 127.0.0.1 (tests.providers.live_url).

Without Chromium the tests are skipped with that reason (pytest prints it); .ci/run
installs Chromium and sets ADUAN_BROWSER_TESTS=required, so there a missing browser is
a failure, never a silent skip."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("ADUAN_BROWSER_TESTS") == "required"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module. Playwright's sync API keeps an event loop running in
    this thread while it lives, so it must stop before other tests use asyncio here."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: browser tests not run (apt install chromium)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_url: str, app: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) on the live test app; `app` empties the tables."""
    context = browser.new_context(
        base_url=live_url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    # Tests have no internet: anything not on this machine (map tiles) is refused at once.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def drain(app: Any) -> Callable[..., int]:
    """Like the root `drain`, but the RQ worker runs in another thread: Playwright's loop
    occupies this one, and the Telegram adapter runs its own."""
    from aduan.worker import make_worker

    def run(with_scheduler: bool = False) -> int:
        worker = make_worker(app, threaded=True)
        done = threading.Thread(
            target=worker.work,
            kwargs={"burst": True, "with_scheduler": with_scheduler, "logging_level": "WARNING"},
        )
        done.start()
        done.join(timeout=120)
        return worker.performed

    return run


@pytest.fixture
def login(page: Any) -> Callable[..., Any]:
    """Logs `page` in as a new user of `role`; returns the user."""
    from tests.inbox.helpers import make_user

    def run(role: str = "agent", email: str | None = None) -> Any:
        user = make_user(role, email=email, password="rahasia-123")
        page.goto("/login")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", "rahasia-123")
        page.click("form button")
        page.wait_for_load_state()
        return user

    return run
