"""Real provider payload samples in tests/fixtures/<provider>/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    """Returns the text of tests/fixtures/<name>."""
    return (FIXTURES / name).read_text()


def fixture_json(name: str) -> Any:
    """Returns tests/fixtures/<name> parsed as JSON."""
    return json.loads(fixture_text(name))
