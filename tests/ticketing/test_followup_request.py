"""A requester with an open information request asks for another document ("saya juga
minta data ..."): it is another request with its own registration number and legal
deadline, and the requester hears so. It went onto the open request unanswered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing.models import Ticket


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain, name="Hendra")


def _tickets() -> list[Ticket]:
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def test_another_information_request_gets_its_own_registration(citizen):
    citizen.says("saya mau minta salinan dokumen APBD 2026 Kota Surabaya")
    citizen.says("saya juga minta data jumlah penerima bansos per kelurahan tahun 2026")
    first, second = _tickets()
    assert first.kind == second.kind == "info_request"
    assert first.registration_number != second.registration_number
    assert second.registration_number in citizen.replies()[-1]


def test_more_words_about_the_same_request_stay_on_it(citizen):
    citizen.says("saya mau minta salinan dokumen APBD 2026 Kota Surabaya")
    citizen.says("mohon dikirim dalam bentuk pdf ke email saya ya")
    (only,) = _tickets()
    assert only.kind == "info_request"
