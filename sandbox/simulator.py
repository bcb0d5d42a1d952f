"""The simulator page: chat with the desk as a citizen through the local provider
sandboxes. A sandbox builds the provider's own payload and delivers it, signed, to our
real webhook, so the simulator exercises the production path.

The page's panels call `/simulator/<sandbox>/<path>`, which is passed through to the
sandbox's own control API at `SANDBOX_<NAME>_URL/sandbox/<path>`."""

from __future__ import annotations

from typing import Any

import requests
from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import login_required
from jinja2 import TemplateNotFound

bp = Blueprint("simulator", __name__, url_prefix="/simulator", template_folder="templates")

SANDBOXES = ("telegram", "twilio", "graph", "x")
TIMEOUT = 15


@bp.before_request
def sandbox_only() -> None:
    if not current_app.config["SANDBOX"]:
        abort(404)


def _sandbox_url(name: str) -> str:
    url = current_app.config.get(f"SANDBOX_{name.upper()}_URL", "") if name in SANDBOXES else ""
    if not url:
        abort(404, _("Sandbox %(name)s tidak berjalan.", name=name))
    return url.rstrip("/")


def panels() -> list[str]:
    """Returns the sandboxes that are running and have a simulator panel."""
    found = []
    for name in SANDBOXES:
        if not current_app.config.get(f"SANDBOX_{name.upper()}_URL"):
            continue
        try:
            current_app.jinja_env.get_template(f"_sim_{name}.html")
        except TemplateNotFound:
            continue
        found.append(name)
    return found


@bp.get("/")
@login_required
def page() -> Any:
    return render_template("simulator.html", panels=panels())


@bp.route("/<name>/<path:rest>", methods=["GET", "POST"])
@login_required
def proxy(name: str, rest: str) -> Any:
    url = f"{_sandbox_url(name)}/sandbox/{rest}"
    try:
        if request.method == "POST":
            resp = requests.post(url, json=request.get_json(silent=True) or {}, timeout=TIMEOUT)
        else:
            resp = requests.get(url, params=request.args, timeout=TIMEOUT)
    except requests.RequestException as exc:
        return jsonify(error=_("sandbox tidak terjangkau: %(error)s", error=exc)), 502
    try:
        return jsonify(resp.json()), resp.status_code
    except ValueError:
        return jsonify(error=_("sandbox menjawab bukan JSON"), body=resp.text[:500]), 502


def init_app(app: Flask) -> None:
    """Entry point "aduan.sandbox:web": adds the simulator page to the desk. It answers
    only while the app runs with SANDBOX set (aduan run without provider credentials)."""
    app.register_blueprint(bp)
    app.jinja_env.globals["simulator_url"] = "/simulator/"
