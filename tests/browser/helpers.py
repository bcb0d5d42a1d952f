"""Waiting in the browser under the pages' CSP: Playwright's wait_for_function compiles
its condition with eval, which the CSP (rightly) refuses, so conditions are polled with
page.evaluate (run by the DevTools protocol, outside the page's CSP)."""

from __future__ import annotations

import time
from typing import Any


def wait_until(page: Any, condition: str, timeout: float = 10.0) -> Any:
    """Polls the JavaScript expression `condition` until it is truthy; returns its value.
    Raises AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(condition)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {condition}")
        page.wait_for_timeout(50)


def app_ready(page: Any) -> None:
    """Waits until the inbox's script has loaded (before pressing its shortcut keys)."""
    wait_until(page, "document.readyState === 'complete' && window.aduan !== undefined")


def officer_page(page: Any, opd: str = "DSDABM", name: str = "Andi", **kwargs: Any) -> Any:
    """A ticket from triage routed to `opd`, its officer's signed link open in the browser;
    returns the ticket."""
    from tests.inbox.helpers import routed_link

    ticket, token = routed_link(opd, name, **kwargs)
    page.goto(f"/o/{token}")
    return ticket
