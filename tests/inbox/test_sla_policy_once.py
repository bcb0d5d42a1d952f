"""A double click on "Simpan sebagai versi baru" (or the form sent again after going
back) made two versions of the SLA policy (walk17): each form carries a one-time key
and only its first submission saves."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan.extensions import db
from sla.models import SlaPolicy
from tests.inbox.test_admin import admin_client, policy_form


def _form(client, **change) -> dict:
    return {
        **policy_form(client),
        "key": "complaint",
        "amount": "16",
        "unit": "hours",
        "calendar": "working",
        "at": ["100"],
        "action": ["breach"],
        **change,
    }


def _versions() -> list[int]:
    rows = select(SlaPolicy.version).where(
        SlaPolicy.key == "complaint", SlaPolicy.opd_code.is_(None)
    )
    return list(db.session.execute(rows.order_by(SlaPolicy.version)).scalars())


def test_a_policy_form_sent_twice_makes_one_version(client, app):
    admin_client(client)
    form = _form(client)
    first = client.post("/admin/sla/policies", data=form, follow_redirects=True).text
    again = client.post("/admin/sla/policies", data=form, follow_redirects=True).text
    assert _versions() == [1, 2]
    assert "versi 2 berlaku untuk laporan baru" in first
    assert "sudah tersimpan; tidak ada versi baru" in again
    # a new page's form is a new change
    client.post("/admin/sla/policies", data=_form(client, amount="12"))
    assert _versions() == [1, 2, 3]


def test_every_policy_form_on_the_page_has_its_own_key(client, app):
    admin_client(client)
    page = client.get("/admin/sla/").text
    keys = re.findall(r'name="action_key" value="(\w+)"', page)
    assert len(keys) >= 2 and len(set(keys)) == len(keys)


def test_a_policy_form_without_its_key_saves_nothing_and_says_why(client, app):
    admin_client(client)
    form = _form(client)
    del form["action_key"]
    page = client.post("/admin/sla/policies", data=form, follow_redirects=True).text
    assert _versions() == [1]
    assert "Tidak tersimpan: formulir tidak lengkap" in page
