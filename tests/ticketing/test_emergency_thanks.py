"""Thanks after an emergency alarm ("terima kasih", "makasih pak, petugas sudah datang")
stays on the emergency's timeline: it is no news for the 112 desk, so it is not sent to
the desk as if the citizen were raising the alarm again (nor does it get the 112 advice
again)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen, count
from ticketing.models import Message, Outbound, Ticket

ALARM = "TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!"


@pytest.fixture
def citizen(app, fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911113")
    db.session.commit()
    return Citizen(fake_telegram, tg_post, drain)


def to_desk() -> list[str]:
    rows = select(Outbound.text).where(Outbound.officer_id.is_not(None))
    return list(db.session.execute(rows.order_by(Outbound.id)).scalars())


@pytest.mark.parametrize(
    "thanks",
    [
        "terima kasih",
        "Terima kasih banyak pak 🙏",
        "makasih min",
        "ok pak, suwun",
        "baik, terima kasih atas bantuannya",
        "thank you",
        "matur nuwun",
    ],
)
def test_thanks_after_the_alarm_does_not_alert_the_desk_again(citizen, thanks):
    citizen.says(ALARM)
    alerts = to_desk()
    advice = len(citizen.replies())
    citizen.says(thanks)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert count(Ticket) == 1 and count(Message, Message.ticket_id == ticket.id) == 2
    assert to_desk() == alerts  # no "wrote again" notice for thanks
    assert len(citizen.replies()) == advice  # and no second "TELEPON 112"


def test_thanks_with_news_still_reaches_the_desk(citizen):
    citizen.says(ALARM)
    citizen.says("terima kasih, tapi apinya merembet ke rumah sebelah, ada anak di lantai 2")
    notices = [text for text in to_desk() if "lantai 2" in text]
    assert len(notices) == 1


@pytest.mark.parametrize("said", ["ok pak, 12", "terima kasih, 3"])
def test_a_number_with_the_thanks_is_news_for_the_desk(citizen, said):
    # "ok pak, 12": the house number (or how many are inside) the desk may have asked for
    citizen.says(ALARM)
    citizen.says(said)
    assert [text for text in to_desk() if said in text]
