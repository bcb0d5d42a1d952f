"""The simulator page: chat with the desk as a citizen through the local provider
sandboxes. The sandbox builds the provider's own payload and delivers it, signed,
to our real webhook, so the simulator exercises the production path."""

from __future__ import annotations

from typing import Any

import requests
from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_login import login_required

bp = Blueprint("simulator", __name__, url_prefix="/simulator")

TIMEOUT = 10


@bp.before_request
def sandbox_only() -> None:
    if not current_app.config["SANDBOX"]:
        abort(404)


def _sandbox(channel: str) -> str:
    url = current_app.config.get(f"SANDBOX_{channel.upper()}_URL", "")
    if not url:
        abort(404, f"No {channel} sandbox is running.")
    return url.rstrip("/")


@bp.get("/")
@login_required
def page() -> Any:
    return render_template("simulator.html")


@bp.post("/<channel>/send")
@login_required
def send(channel: str) -> Any:
    payload = request.get_json(silent=True) or {}
    try:
        resp = requests.post(
            f"{_sandbox(channel)}/sandbox/citizen/send", json=payload, timeout=TIMEOUT
        )
    except requests.RequestException as exc:
        return jsonify(error=f"sandbox unreachable: {exc}"), 502
    return jsonify(resp.json()), resp.status_code


@bp.get("/<channel>/chats/<chat_id>")
@login_required
def chat(channel: str, chat_id: str) -> Any:
    try:
        resp = requests.get(
            f"{_sandbox(channel)}/sandbox/chats/{chat_id}/messages", timeout=TIMEOUT
        )
    except requests.RequestException as exc:
        return jsonify(error=f"sandbox unreachable: {exc}"), 502
    return jsonify(resp.json()), resp.status_code
