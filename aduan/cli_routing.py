"""`aduan classify` and `aduan routing ...` commands (filled in with the routing model)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    return None
