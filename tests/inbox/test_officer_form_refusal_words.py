"""A hand-made POST to an officer's action without its `action_key` got the English
"action_key missing" (walk17), and any officer or citizen whose client asked for JSON
got Flask's English descriptions ("The CSRF token is missing.", "The requested URL was
not found on the server..."). Officers and citizens always get the page in their
language (Indonesian, English as the second locale), with a 4xx."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests.inbox.helpers import form_fields, routed_link
from ticketing.models import TicketEvent

JSON = {"Accept": "application/json"}
ENGLISH = ("missing", "action_key", "The requested URL", "CSRF token", "Bad Request")


@pytest.fixture
def token(app):
    return routed_link()[1]


def _progress_events() -> int:
    return db.session.query(TicketEvent).filter_by(action="progress").count()


@pytest.mark.parametrize("headers", [{}, JSON], ids=["page", "json"])
@pytest.mark.parametrize("key", [None, "", "x", "k" * 65], ids=["none", "empty", "short", "long"])
def test_an_officer_form_without_its_key_is_refused_in_indonesian(client, token, key, headers):
    fields = form_fields(client.get(f"/o/{token}").get_data(as_text=True))
    fields.pop("action_key")
    if key is not None:
        fields["action_key"] = key
    resp = client.post(
        f"/o/{token}/progress", data={**fields, "text": "Sudah dicek"}, headers=headers
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Halaman ini sudah kedaluwarsa. Buka lagi tautan dari pesan notifikasi Anda" in body
    assert f'href="/o/{token}"' in body  # back to the ticket's page
    assert not any(word in body for word in ENGLISH)
    assert _progress_events() == 0


def test_the_refusal_reads_in_english_for_an_english_reader(client, token):
    client.get("/lang/en")
    fields = form_fields(client.get(f"/o/{token}").get_data(as_text=True))
    del fields["action_key"]
    resp = client.post(f"/o/{token}/accept", data=fields)
    assert resp.status_code == 400
    assert "This page has expired" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/o/{token}/accept"),  # no CSRF token
        ("get", "/o/{token}/media/abc"),  # a number that is none: matches no route
        ("get", "/o/{token}/media/99999999999999999999"),
    ],
)
def test_officer_errors_asked_for_as_json_are_pages_in_indonesian(client, token, method, path):
    resp = getattr(client, method)(path.format(token=token), headers=JSON)
    body = resp.get_data(as_text=True)
    assert 400 <= resp.status_code < 500
    assert resp.mimetype == "text/html" and '<html lang="id">' in body
    assert not any(word in body for word in ENGLISH)
    assert "kotak masuk" not in body  # the officer's frame, not the staff inbox's


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/lapor"),  # no CSRF token
        ("get", "/lapor/terkirim/zz"),
        ("get", "/kiriman/zz"),
        ("get", "/lacak/MC-2026-000001/foto/abc"),  # a photo number that is none
        ("get", "/lacak/MC-2026-000001/foto/99999999999999999999"),
    ],
)
def test_citizen_errors_are_public_pages_in_indonesian(client, app, method, path):
    for headers in ({}, JSON):
        resp = getattr(client, method)(path, headers=headers)
        body = resp.get_data(as_text=True)
        assert 400 <= resp.status_code < 500, path
        assert resp.mimetype == "text/html" and '<html lang="id">' in body
        assert not any(word in body for word in ENGLISH), (path, headers)
        assert "Kembali ke formulir laporan" in body  # the citizen's frame
        assert "kotak masuk" not in body
