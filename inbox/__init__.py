"""The web side: agents' inbox, JSON API, officer pages, admin, reports. Blueprints go here."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext

from aduan.extensions import db, login_manager
from ticketing.models import User


def register(app: Flask) -> None:
    """Registers the inbox blueprints and the login machinery on `app`."""
    from inbox import api, auth, views

    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Silakan masuk terlebih dahulu.")
    login_manager.login_message_category = "info"  # a prompt, not a success (green)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """Returns the user of a session or remember cookie ("<id>:<session version>"),
        None when the user logged out or changed password since (the version moved on)."""
        ident, _sep, version = user_id.partition(":")
        if not ident.isdigit():
            return None
        user = db.session.get(User, int(ident))
        return user if user is not None and str(user.session_version) == version else None

    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)
    api.register(app)  # token-authenticated, no cookies: no CSRF
    from inbox import admin, admin_channels, admin_partners, admin_sla, filters, officer, reports

    filters.register(app)
    app.register_blueprint(officer.bp)
    app.register_blueprint(reports.bp)
    for blueprint in (admin.bp, admin_sla.bp, admin_channels.bp, admin_partners.bp):
        app.register_blueprint(blueprint)
    from inbox import admin_canned, contacts, errors, reveal, workspace

    app.register_blueprint(contacts.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(admin_canned.bp)
    errors.register(app)
    reveal.register(app)
