"""Several reports of one pothole become one incident, but only with place evidence;
every reporter of a confirmed incident hears about their own report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, incident_actions, incidents, triage
from ticketing.models import Outbound, Ticket, utcnow
from ticketing.routing import Decision

AGENT = actions.Actor("agent", None, "Agen")
OFFICER = actions.Actor("officer", None, "Andi")
STREETS = (
    "Rungkut Asri",
    "Kutisari Indah",
    "Jemursari",
    "Ngagel Jaya",
    "Manyar Kertoarjo",
    "Klampis Jaya",
    "Dharmahusada",
    "Kertajaya Indah",
    "Raya Darmo",
    "Diponegoro",
    "Kapas Krampung",
    "Kenjeran",
    "Tambaksari",
    "Pucang Anom",
    "Gubeng Kertajaya",
    "Semolowaru",
    "Nginden Semolo",
    "Prapen",
    "Panjang Jiwo",
    "Tenggilis Utara",
)


def routed_complaint(
    summary: str,
    *,
    lat: float | None = None,
    lon: float | None = None,
    days_ago: float = 0,
    opd: str = "DSDABM",
) -> Ticket:
    now = utcnow() - timedelta(days=days_ago)
    ticket = factories.ticket(created=now, status="new", opd=None, summary=summary)
    ticket.latitude, ticket.longitude = lat, lon
    decision = Decision("complaint", opd, 0.95, "model: test", ((opd, 0.95),))
    triage.apply(ticket, decision, now=now)
    db.session.commit()
    return ticket


def texts_to(ticket: Ticket, purpose: str) -> list[str]:
    stmt = select(Outbound.text).where(Outbound.ticket_id == ticket.id, Outbound.purpose == purpose)
    return list(db.session.execute(stmt).scalars())


def test_distance_is_in_metres():
    # Tugu Pahlawan to the Surabaya governor's office: about 1.1 km.
    assert 1000 < incidents.distance_m(-7.2458, 112.7378, -7.2459, 112.7477) < 1200


def test_a_similar_report_pinned_nearby_joins_unconfirmed_and_officers_hear_of_both(app):
    officer = factories.officer("Andi", opd="DSDABM")
    first = routed_complaint("Jalan berlubang besar depan masjid", lat=-7.3211, lon=112.7680)
    second = routed_complaint("Ada lubang besar di jalan dekat masjid", lat=-7.3220, lon=112.7684)
    assert second.incident_id == first.id and not second.incident_confirmed
    notified = db.session.execute(select(Outbound).where(Outbound.officer_id == officer.id))
    assert len(notified.scalars().all()) == 2  # every ticket is the officers' work


def test_the_same_text_pinned_far_away_is_a_different_incident(app):
    first = routed_complaint("Jalan berlubang besar depan masjid", lat=-7.3211, lon=112.7680)
    second = routed_complaint("Jalan berlubang besar depan masjid", lat=-7.2458, lon=112.7378)
    assert second.incident_id is None and first.incident_id is None
    assert incidents.similar(second, utcnow()) == []  # not even suggested


def test_similar_text_without_place_evidence_is_only_suggested(app):
    first = routed_complaint("Jalan berlubang besar depan masjid, mohon segera ditambal")
    second = routed_complaint("Jalan berlubang besar depan masjid, mohon ditambal")
    assert second.incident_id is None
    [match] = incidents.similar(second, utcnow())
    assert match.ticket.id == first.id and match.evidence == ""


def test_forty_street_light_reports_on_twenty_streets_stay_apart(app):
    """The issue's case: no pins, 20 streets, two reports each."""
    officer = factories.officer("Budi", opd="DISHUB")
    tickets = {}
    for round_ in range(2):
        for street in STREETS:
            text = (
                f"Lampu PJU di Jl. {street} mati sejak tiga hari, jalan jadi gelap, mohon "
                "dibantu" + (" segera" if round_ else "")
            )
            tickets[(street, round_)] = routed_complaint(text, opd="DISHUB")
    for street in STREETS:
        first, second = tickets[(street, 0)], tickets[(street, 1)]
        assert second.incident_id == first.id, street  # the same street named in both
        assert first.incident_id is None
    notified = db.session.execute(select(Outbound).where(Outbound.officer_id == officer.id))
    assert len(notified.scalars().all()) == 40

    # Resolving one street's incident tells nobody on the other streets, and the
    # unconfirmed report on the same street is not told either (nor resolved).
    parent = tickets[(STREETS[0], 0)]
    actions.resolve(parent, OFFICER, "Lampu PJU di Jl. Rungkut Asri sudah diganti")
    db.session.commit()
    resolved = db.session.execute(
        select(Outbound.ticket_id).where(Outbound.purpose == "resolved")
    ).scalars()
    assert list(resolved) == [parent.id]
    child = tickets[(STREETS[0], 1)]
    db.session.refresh(child)
    assert child.status == "routed"


def test_the_same_kelurahan_named_in_both_is_place_evidence(app):
    first = routed_complaint("Sampah menumpuk di pinggir jalan Kelurahan Kutisari belum diangkut")
    second = routed_complaint("Di Kel. Kutisari sampah menumpuk belum diangkut seminggu")
    assert second.incident_id == first.id


def test_two_different_streets_are_never_suggested(app):
    routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    second = routed_complaint("Jalan berlubang besar di Jl. Kutisari depan masjid")
    assert second.incident_id is None
    assert incidents.similar(second, utcnow()) == []


def test_an_old_report_is_not_linked(app):
    routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid", days_ago=5)
    second = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    assert second.incident_id is None


def test_different_problems_are_not_linked(app):
    routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    second = routed_complaint("Jembatan kayu di Jl. Rungkut Madya mulai lapuk dan miring")
    assert second.incident_id is None


def test_the_candidate_search_is_bounded(app, monkeypatch):
    first = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    for street in STREETS[:3]:  # newer, other streets
        routed_complaint(f"Saluran di Jl. {street} mampet")
    monkeypatch.setattr(incidents, "MAX_CANDIDATES", 3)
    probe = factories.ticket(
        created=utcnow(), opd="DSDABM", summary="Jalan berlubang di Jl. Rungkut Madya depan masjid"
    )
    assert incidents.similar(probe, utcnow()) == []  # the match is past the newest 3
    monkeypatch.setattr(incidents, "MAX_CANDIDATES", 4)
    assert [m.ticket.id for m in incidents.similar(probe, utcnow())] == [first.id]


def test_a_confirmed_incident_tells_each_reporter_about_their_own_report(app):
    first = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    second = routed_complaint("Ada lubang besar di jalan Rungkut Madya depan masjid")
    assert second.incident_id == first.id
    incident_actions.confirm_incident(second, AGENT)
    db.session.commit()
    actions.resolve(first, OFFICER, "Sudah ditambal aspal depan masjid nomor 12")
    db.session.commit()
    db.session.refresh(second)
    assert second.status == "resolved"
    assert clocks.get(second, "resolution").status == "met"
    [text] = texts_to(second, "resolved")
    assert second.number in text and "Jl. Rungkut Madya" in text
    assert first.number not in text and "nomor 12" not in text  # not the other's words


def test_a_citizen_who_reported_one_incident_twice_hears_of_it_once(app):
    first = routed_complaint("Pohon tumbang menutup Jl. Kutisari Indah depan sekolah")
    again = routed_complaint("Pohon tumbang di Jl. Kutisari Indah belum diangkat")
    other = routed_complaint("Jl. Kutisari Indah tertutup pohon tumbang depan sekolah")
    again.contact_id, again.identity_id = first.contact_id, first.identity_id  # same citizen
    for member in (again, other):
        incident_actions.merge_incident(member, AGENT, first.number)
    db.session.commit()
    actions.resolve(first, OFFICER, "Pohon sudah dipotong dan diangkut")
    db.session.commit()
    assert len(texts_to(first, "resolved")) == 1
    assert texts_to(again, "resolved") == []  # not a second, near-identical text
    assert len(texts_to(other, "resolved")) == 1  # every other reporter still hears
    db.session.refresh(again)
    assert again.status == "resolved"  # the report itself follows its incident


def test_acknowledging_an_emergency_stops_the_merged_reports_escalating(app):
    now = utcnow()
    fire = Decision(
        "emergency", "DPKP", 0.95, "rule: test", (("DPKP", 0.95),), emergency_type="fire"
    )
    first, again = (
        factories.ticket(created=now, status="new", opd=None, summary=words)
        for words in ("Kebakaran rumah di Jl. Kapasari gang 3", "Api besar di gang 3 Kapasari")
    )
    for item in (first, again):
        triage.apply(item, fire, now=now)
    db.session.commit()
    incident_actions.merge_incident(again, AGENT, first.number)  # the same fire
    db.session.commit()
    actions.acknowledge(first, actions.Actor("agent", None, "Operator 112"))
    db.session.commit()
    for item in (first, again):
        ack = clocks.get(item, "emergency_ack")
        assert ack.status == "met" and ack.next_step_at is None  # no reminder, no escalation
    assert again.status == "in_progress"


def test_agents_can_merge_and_unlink(app):
    first = routed_complaint("Saluran air depan rumah di Jl. Tenggilis tersumbat sampah")
    other = routed_complaint("Aspal Jl. Tenggilis Mejoyo mengelupas panjang")
    assert other.incident_id is None
    incident_actions.merge_incident(other, AGENT, first.number)
    db.session.commit()
    assert other.incident_id == first.id and other.incident_confirmed
    assert [m.id for m in incidents.confirmed_members(first)] == [other.id]
    incident_actions.unlink_incident(other, AGENT)
    db.session.commit()
    assert other.incident_id is None and not other.incident_confirmed


def test_a_ticket_merged_into_another_units_incident_becomes_that_units_work(app):
    from ticketing import links, status
    from ticketing.models import OfficerLink

    officer = factories.officer("Dewi", opd="DISHUB")
    parent = routed_complaint("Banjir setinggi lutut di Jl. Ngagel Jaya Selatan", opd="DSDABM")
    child = routed_complaint("Lampu lalu lintas mati karena banjir di Ngagel", opd="DISHUB")
    [link] = db.session.execute(
        select(OfficerLink).where(OfficerLink.ticket_id == child.id)
    ).scalars()
    assert link.officer_id == officer.id and links.bound(link)
    told = texts_to(child, "routed")
    incident_actions.merge_incident(child, AGENT, parent.number)
    db.session.commit()
    assert child.opd_code == "DSDABM"
    assert link.revoked_at is not None  # DISHUB's officer no longer acts on it
    (moved,) = texts_to(child, "routed")[len(told) :]  # its citizen hears where it went
    assert moved.startswith(f"Laporan {child.number} digabung dengan laporan {parent.number}")
    assert "Sumber Daya Air" in moved or "DSDABM" in moved
    said = status.answer(child.contact, status.read(f"cek {child.number}"))
    assert "DSDABM" in said or "Sumber Daya Air" in said
    assert "Perhubungan" not in said and "DISHUB" not in said
    actions.resolve(parent, OFFICER, "Air sudah surut, saluran dibersihkan")
    db.session.commit()
    [text] = texts_to(child, "resolved")
    assert "Sumber Daya Air" in text or "DSDABM" in text


def test_the_ticket_page_offers_confirming_and_one_click_merging(app, client):
    from tests.inbox.helpers import csrf, login, make_user

    login(client, make_user())
    first = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    linked = routed_complaint("Ada lubang besar di jalan Rungkut Madya depan masjid")
    suggested = routed_complaint("Jalan berlubang besar depan masjid, tolong ditambal")
    page = client.get(f"/tickets/{suggested.number}").get_data(as_text=True)
    assert first.number in page and "hanya teksnya mirip" in page and "Gabungkan" in page
    page = client.get(f"/tickets/{linked.number}").get_data(as_text=True)
    assert "Konfirmasi kejadian yang sama" in page
    response = client.post(f"/tickets/{linked.number}/confirm", data={"csrf_token": csrf(page)})
    assert response.status_code in (200, 302)
    db.session.refresh(linked)
    assert linked.incident_confirmed
    page = client.get(f"/tickets/{suggested.number}").get_data(as_text=True)
    client.post(
        f"/tickets/{suggested.number}/merge",
        data={"csrf_token": csrf(page), "parent": first.number},
    )
    db.session.refresh(suggested)
    assert suggested.incident_id == first.id and suggested.incident_confirmed
