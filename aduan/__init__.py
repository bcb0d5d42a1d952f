"""Aduan: an omnichannel complaint desk for a city Media Center."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from aduan import config, i18n, inputs, logs, ops, queue, sandboxes, security, sentry
from aduan.errors import json_error
from aduan.extensions import csrf, db, limiter, login_manager


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Returns the configured Flask app; `overrides` replace environment settings."""
    app = Flask(__name__, static_folder="../inbox/static", template_folder="../inbox/templates")
    app.config.update(config.load(overrides))
    if app.config.get("WEB_PROCESS"):  # before the engine is made (db.init_app)
        config.limit_statements(app.config)
    from webhooks.receiver import Receiver

    app.wsgi_app = Receiver(app, app.wsgi_app)  # type: ignore[method-assign]
    security.init_app(app)  # proxies trusted (PROXY_COUNT), body limits, headers
    logs.init_app(app)
    sentry.init(app.config)

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    queue.init_app(app)
    i18n.init_app(app)
    ops.init_app(app)
    inputs.init_app(app)

    from inbox import register as register_inbox
    from public import register as register_public
    from webhooks import bp as webhooks_bp

    csrf.exempt(webhooks_bp)  # providers authenticate by signature, not CSRF
    limiter.exempt(webhooks_bp)  # never rate-limit a provider's retry
    limiter.request_filter(security.from_provider)  # (and skip the limiter's lookups)
    app.register_blueprint(webhooks_bp)
    register_inbox(app)
    register_public(app)
    simulator = sandboxes.hook("web")
    if simulator is not None:  # only where the sandbox distribution is installed
        simulator(app)

    @app.get("/")
    def index() -> Any:
        return redirect(url_for("inbox.tickets"))

    @app.get("/favicon.ico")
    def favicon() -> Any:  # browsers ask every page for it; an icon, not a 404
        return app.send_static_file("favicon.svg")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        wants_json = request.path.startswith(("/api/", "/webhooks/")) or (
            request.accept_mimetypes.best == "application/json"
        )
        if wants_json:
            return json_error(exc)
        return exc

    return app
