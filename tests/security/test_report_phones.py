"""The public forms answer Indonesian numbers only. Anyone could type any number in the
world, and the desk sent its acknowledgement there by SMS: a per-number limit does not
stop SMS pumping, where each of many premium-rate numbers abroad gets one message and
the city pays for all of them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.public.helpers import form, partner_key
from ticketing.models import InboundEvent, Outbound

ABROAD = ["+44 7700 900123", "+1 900 555 0100", "+882 1612 3456789"]


@pytest.mark.parametrize("phone", ABROAD)
def test_the_web_form_refuses_a_number_abroad_and_keeps_nothing(client, phone):
    response = client.post(
        "/lapor", data=form(client, phone=phone), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Hanya nomor HP Indonesia" in response.get_data(as_text=True)
    assert db.session.execute(select(InboundEvent)).first() is None


def test_open311_refuses_a_number_abroad(client):
    data = {
        "api_key": partner_key(),
        "service_code": "jalan-rusak",
        "lat": "-7.2656",
        "long": "112.7418",
        "description": "Lubang besar di tengah jalan dekat halte",
        "phone": ABROAD[0],
    }
    response = client.post("/open311/v2/requests.json", data=data)
    assert response.status_code == 400
    assert json.loads(response.data)[0]["description"].startswith("phone")
    assert db.session.execute(select(InboundEvent)).first() is None


def test_an_indonesian_number_is_still_answered(client, drain):
    response = client.post(
        "/lapor", data=form(client, phone="+62 812-7777-8888"), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    drain()
    ack = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalar_one()
    assert ack.recipient == "+6281277778888"
