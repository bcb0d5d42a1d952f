"""Finding the optional sandbox distribution (local fake providers and the simulator).

The product never imports it: `pip install -e ./sandbox` (what `make` does) declares two
entry points in the group "aduan.sandbox", and a production install has neither."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

GROUP = "aduan.sandbox"


def hook(name: str) -> Callable[..., Any] | None:
    """Returns the sandbox's entry point `name` ("start" or "web"), or None when the
    sandbox is not installed."""
    for point in entry_points(group=GROUP, name=name):
        return point.load()
    return None
