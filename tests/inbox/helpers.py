"""Helpers for web tests: CSRF tokens from pages, logged-in agents, officer links."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Outbound, User

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION_KEY = re.compile(r'name="action_key" value="([^"]+)"')
PLACEHOLDER = re.compile(r"\[\[link:(\d+)\]\]")


def csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)


def form_fields(html: str) -> dict[str, str]:
    """Returns the csrf_token and action_key found in an officer page."""
    fields = {"csrf_token": csrf(html)}
    key = ACTION_KEY.search(html)
    if key:
        fields["action_key"] = key.group(1)
    return fields


def make_user(role: str = "agent", email: str | None = None, password: str = "rahasia-123") -> User:
    user = User(email=email or f"{role}@example.org", name=role.title(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def login(client: Any, user: User, password: str = "rahasia-123") -> None:
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": csrf(page)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def citizen_texts(ticket: Any) -> list[str]:
    """The texts queued for the ticket's citizens, in order."""
    stmt = (
        select(Outbound.text)
        .where(Outbound.ticket_id == ticket.id, Outbound.identity_id.is_not(None))
        .order_by(Outbound.id)
    )
    return list(db.session.execute(stmt).scalars())


def link_tokens(purpose: str | None = None) -> dict[int, str]:
    """Returns {officer_id: token} for the links in queued officer messages (the rows hold
    placeholders; the token is derived the way the outbox does at send time)."""
    stmt = select(Outbound).where(Outbound.officer_id.is_not(None)).order_by(Outbound.id)
    if purpose:
        stmt = stmt.where(Outbound.purpose == purpose)
    from ticketing import links
    from ticketing.models import OfficerLink

    found = {}
    for row in db.session.execute(stmt).scalars():
        match = PLACEHOLDER.search(row.text)
        if match:
            found[row.officer_id] = links.token_for(db.session.get(OfficerLink, int(match[1])))
    return found


def routed_link(opd: str = "DSDABM", name: str = "Andi", **kwargs: Any) -> tuple[Any, str]:
    """A ticket from triage routed by an agent to `opd`, whose officer `name` was told:
    returns the ticket and the token of that officer's signed link."""
    from sla import clocks
    from tests import factories
    from ticketing import actions
    from ticketing.models import utcnow

    now = utcnow()
    factories.officer(name, opd=opd)
    ticket = factories.ticket(status="triage", opd=None, created=now, **kwargs)
    clocks.start(ticket, now)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), opd)
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    return ticket, token
