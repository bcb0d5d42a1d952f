"""The JSON answer to an HTTP error, for programs (the API, webhooks, Open311 paths)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException


def json_error(exc: HTTPException) -> Any:
    """Returns the error as JSON with its status and the headers the error itself
    carries (a 405's Allow, a 401's WWW-Authenticate), not its HTML Content-Type."""
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    return jsonify(error=exc.name, description=exc.description), exc.code, headers
