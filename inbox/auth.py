"""Login and logout for Media Center staff; API tokens."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from aduan.extensions import db, limiter
from aduan.inputs import on_site
from ticketing.models import User

bp = Blueprint("auth", __name__)


def issue_token(user: User) -> str:
    """Gives `user` a new API token with every scope the role allows (replacing the one
    issued before this way) and returns it once (inbox.api.tokens has the details)."""
    from inbox.api import tokens

    return tokens.issue_for_role(user)


def user_by_email(email: str) -> User | None:
    stmt = select(User).where(func.lower(User.email) == email.strip().lower())
    return db.session.execute(stmt).scalar()


def role_required(role: str) -> Any:
    """Decorator: the logged-in user must have `role` or above, else 403."""

    def decorate(view: Any) -> Any:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def _failed(response: Response) -> bool:
    return response.status_code != 302  # a sign-in that worked redirects


def _account() -> str:
    """The login limit's key for the account tried, whether or not it exists."""
    return "login:" + request.form.get("email", "").strip().lower()[:255]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_IP_LIMIT"], methods=["POST"], deduct_when=_failed)
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_LIMIT"],
    methods=["POST"],
    key_func=_account,
    deduct_when=_failed,
)
def login() -> Any:
    if request.method == "POST":
        user = user_by_email(request.form.get("email", ""))
        if user and user.active and user.check_password(request.form.get("password", "")):
            login_user(user, remember=bool(request.form.get("remember")))
            target = request.args.get("next", "")
            if not on_site(target):
                target = url_for("inbox.tickets")
            return redirect(target)
        flash(_("Email atau kata sandi salah."), "error")
    return render_template("login.html")


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Ends this session and every other one of this user (remember cookies too)."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))
