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
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select

from aduan.extensions import db, limiter
from aduan.inputs import on_site
from ticketing.models import User
from ticketing.models.people import check_nobody

bp = Blueprint("auth", __name__)
DEVICE_COOKIE = "aduan_device"  # this browser signed in to the account before
DEVICE_DAYS = 180


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
    """The login limit's key for the account tried, whether or not it exists. A browser
    that signed in to it before (its device cookie) counts apart: someone guessing
    passwords elsewhere cannot lock the account's owner out."""
    email = request.form.get("email", "").strip().lower()[:255]
    known = _device_email(request.cookies.get(DEVICE_COOKIE, "")) == email
    return f"login:{email}" + (":known" if known and email else "")


def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="login-device")


def _device_email(cookie: str) -> str | None:
    """The account a device cookie was given for, if it is genuine and recent."""
    try:
        return str(_device_signer().loads(cookie, max_age=DEVICE_DAYS * 86400))
    except BadData:
        return None


def _remember_device(response: Response, email: str) -> Response:
    response.set_cookie(
        DEVICE_COOKIE,
        _device_signer().dumps(email.strip().lower()),
        max_age=DEVICE_DAYS * 86400,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


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
        password = request.form.get("password", "")
        # The password is hashed whoever is named (an unknown or inactive account too):
        # the time a wrong sign-in takes must not tell which e-mails are staff accounts.
        right = user.check_password(password) if user else check_nobody(password)
        # An empty password never signs in, even where an old account has an empty one.
        if user and right and user.active and password:
            # A new session: nothing planted before sign-in (a CSRF token someone else
            # knows) carries over; only the chosen language does.
            lang = session.get("lang")
            session.clear()
            g.pop("csrf_token", None)  # Flask-WTF's copy of the old session's token
            if lang:
                session["lang"] = lang
            login_user(user, remember=bool(request.form.get("remember")))
            target = request.args.get("next", "")
            if not on_site(target):
                target = url_for("inbox.tickets")
            return _remember_device(redirect(target), user.email)
        flash(_("Email atau kata sandi salah."), "error")
        # The email typed comes back (only the password is typed again).
        return render_template("login.html", email=request.form.get("email", "")[:255])
    if current_user.is_authenticated:  # signed in already: where they were going
        target = request.args.get("next", "")
        return redirect(target if on_site(target) else url_for("inbox.tickets"))
    return render_template("login.html", email="")


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Ends this session and every other one of this user (remember cookies too)."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))
