"""Kecamatan and kelurahan are units of their own: all 31 and 153 in the directory with
their Kemendagri codes, and a neighbourhood complaint goes to the unit of its place."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from aduan.cli import main
from aduan.extensions import db
from tests import factories
from ticketing import areas, notify, places, publication, services, triage, wilayah
from ticketing.directory_seed import OPDS
from ticketing.models import Opd, Outbound, Ticket, utcnow
from ticketing.routing import Decision

KUTISARI = "35.78.24.1001"  # Kecamatan Tenggilis Mejoyo
# A square around Kutisari (lon, lat), and a point inside it.
SQUARE = [
    [112.735, -7.345],
    [112.750, -7.345],
    [112.750, -7.330],
    [112.735, -7.330],
    [112.735, -7.345],
]
INSIDE = (-7.338, 112.742)


def feature(properties: dict, ring: list | None = None) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [ring or SQUARE]},
    }


def collection(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def area_complaint(summary: str, umbrella: str, *, lat=None, lon=None, address=None) -> Ticket:
    ticket = factories.ticket(created=utcnow(), status="new", opd=None, summary=summary)
    ticket.latitude, ticket.longitude, ticket.address = lat, lon, address
    ticket.kecamatan = places.find_kecamatan(address, summary)
    triage.apply(
        ticket,
        Decision("complaint", umbrella, 0.9, "model: test", ((umbrella, 0.9),)),
        now=utcnow(),
    )
    db.session.commit()
    return ticket


def test_the_tables_hold_31_kecamatan_and_153_kelurahan():
    assert len(wilayah.KECAMATAN) == 31 and len(wilayah.KELURAHAN) == 153
    assert len({code for code, _ in wilayah.KELURAHAN}) == 153
    assert {wilayah.kecamatan_of(c) for c, _ in wilayah.KELURAHAN} == {
        c for c, _ in wilayah.KECAMATAN
    }
    assert all(code.startswith("35.78.") for code, _ in wilayah.KECAMATAN + wilayah.KELURAHAN)
    assert dict(wilayah.KELURAHAN)[KUTISARI] == "Kutisari"
    assert wilayah.unit_code(KUTISARI) == "KEL-3578241001"


def test_the_directory_has_every_area_as_a_unit_under_its_kecamatan(app):
    units = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().all()
    kec = [u for u in units if u.code.startswith("KEC-")]
    kel = [u for u in units if u.code.startswith("KEL-")]
    assert len(kec) == 31 and len(kel) == 153
    assert all(u.parent_code == "KECAMATAN" for u in kec)
    unit = db.session.get(Opd, "KEL-3578241001")
    assert unit.name == "Kelurahan Kutisari" and unit.parent_code == "KEC-357824"
    assert db.session.get(Opd, "KEC-357824").name == "Kecamatan Tenggilis Mejoyo"


def test_a_kelurahan_matter_goes_to_the_kelurahan_named(app):
    ticket = area_complaint("Surat pengantar di Kelurahan Kutisari lama sekali", "KELURAHAN")
    assert ticket.status == "routed" and ticket.opd_code == "KEL-3578241001"
    assert ticket.kecamatan == "Tenggilis Mejoyo"  # reports group by it
    bare = area_complaint("Pelayanan surat di kantor lurah Kendangsari lambat", "KELURAHAN")
    assert bare.opd_code == "KEL-3578241002"


def test_a_name_in_two_kecamatan_needs_the_kecamatan(app):
    alone = area_complaint("Kerja bakti di Kelurahan Wonorejo tidak ada koordinasi", "KELURAHAN")
    assert alone.status == "triage" and alone.opd_code is None
    told = area_complaint("Kelurahan Wonorejo Kec. Rungkut lambat melayani", "KELURAHAN")
    assert told.opd_code == "KEL-3578031005"


def test_a_kecamatan_matter_goes_to_the_kecamatan_of_the_place(app):
    named = area_complaint("Pelayanan di Kecamatan Sukolilo lambat sekali", "KECAMATAN")
    assert named.opd_code == "KEC-357809"
    via_kelurahan = area_complaint("Camat tidak menanggapi warga Kelurahan Kutisari", "KECAMATAN")
    assert via_kelurahan.opd_code == "KEC-357824"


def test_an_unknown_place_waits_in_triage_with_the_reason(app):
    ticket = area_complaint("Pak lurah susah ditemui untuk tanda tangan", "KELURAHAN")
    assert ticket.status == "triage" and ticket.opd_code is None
    assert "kelurahan tidak diketahui" in ticket.routing_reason


def test_a_pin_inside_a_loaded_boundary_picks_the_unit(app):
    stored, unknown = areas.load(collection(feature({"kode_kel": "3578241001"})), "kelurahan")
    db.session.commit()
    assert (stored, unknown) == (1, [])
    ticket = area_complaint(
        "Pak RT minta pungutan, mohon ditertibkan", "KELURAHAN", lat=INSIDE[0], lon=INSIDE[1]
    )
    assert ticket.opd_code == "KEL-3578241001" and ticket.kecamatan == "Tenggilis Mejoyo"
    outside = area_complaint("Pak RT minta pungutan", "KELURAHAN", lat=-7.20, lon=112.70)
    assert outside.status == "triage"


def test_boundaries_are_found_by_name_and_bad_files_store_nothing(app):
    other = [[112.70, -7.30], [112.71, -7.30], [112.71, -7.29], [112.70, -7.29], [112.70, -7.30]]
    data = collection(
        feature({"NAMOBJ": "Wonorejo", "WADMKC": "Rungkut"}),
        feature({"name": "Atlantis"}, other),
    )
    stored, unknown = areas.load(data, "kelurahan")
    assert stored == 1 and len(unknown) == 1 and "Atlantis" in unknown[0]
    assert db.session.get(Opd, "KEL-3578031005").boundary is not None
    for bad in (
        "not json",
        json.dumps({"type": "Feature"}),
        collection({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
    ):
        with pytest.raises(areas.BoundaryError):
            areas.load(bad, "kelurahan")


def test_a_unit_without_officers_hands_its_notices_to_the_unit_above(app):
    camat = factories.officer("Camat", opd="KEC-357824")
    ticket = area_complaint("Surat pengantar di Kelurahan Kutisari lama sekali", "KELURAHAN")
    assert [o.id for o in notify.responsible("KEL-3578241001")] == [camat.id]
    sent = (
        db.session.execute(select(Outbound).where(Outbound.officer_id == camat.id)).scalars().all()
    )
    assert len(sent) == 1 and sent[0].ticket_id == ticket.id


def test_area_units_are_public_under_their_umbrellas_service(app):
    ticket = area_complaint(
        "Selokan kampung di Kelurahan Kutisari mampet, mohon kerja bakti", "KELURAHAN"
    )
    assert publication.is_listed(ticket)
    assert services.public_code(None, ticket.opd_code) == "KELURAHAN"
    listed = db.session.execute(publication.listed_query()).scalars().all()
    assert [t.id for t in listed] == [ticket.id]
    under = (
        select(func.count()).select_from(Ticket).where(publication.service_clause(["KELURAHAN"]))
    )
    assert db.session.execute(under).scalar() == 1
    assert all(not s.code.startswith(("KEC-", "KEL-")) for s in services.public_services())


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_seed_creates_the_units_and_the_cli_loads_boundaries(monkeypatch, tmp_path, model_dir):
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MODEL_DIR", model_dir)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SECRET_KEY", "cli-test")
    runner = CliRunner()
    assert runner.invoke(main, ["migrate"], catch_exceptions=False).exit_code == 0
    out = runner.invoke(main, ["seed"], catch_exceptions=False).output
    assert f"directory: {len(OPDS) + 184} units added" in out
    path = tmp_path / "kecamatan.geojson"
    path.write_text(collection(feature({"kecamatan": "Tenggilis Mejoyo"})))
    result = runner.invoke(main, ["areas", "load", str(path), "--level", "kecamatan"])
    assert result.exit_code == 0 and "1 kecamatan boundaries loaded" in result.output
    path.write_text("{broken")
    result = runner.invoke(main, ["areas", "load", str(path)])
    assert result.exit_code != 0 and "GeoJSON" in result.output


def test_an_agent_routing_to_a_kelurahan_teaches_the_model_the_umbrella(app):
    from ticketing import actions
    from ticketing.models import RoutingCorrection

    ticket = factories.ticket(
        created=utcnow(), status="new", opd=None, summary="Got kampung mampet"
    )
    triage.apply(
        ticket,
        Decision("complaint", "DSDABM", 0.2, "model: test", (("DSDABM", 0.2),)),
        now=utcnow(),
    )
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "KEL-3578241001")
    db.session.commit()
    row = db.session.execute(select(RoutingCorrection)).scalar_one()
    assert (row.opd_before, row.opd_after) == ("DSDABM", "KELURAHAN")
    assert ticket.opd_code == "KEL-3578241001"


def test_officers_read_an_area_unit_by_its_name_not_its_code(app):
    """The camat's notice said "Laporan baru MC-... untuk KEL-3578241001", and the old
    unit's "sudah dialihkan ke KEC-357817": a Kemendagri code no officer reads. An area
    unit is named ("Kelurahan Kutisari"); an OPD keeps the code officers know (DSDABM)."""
    from ticketing import actions

    camat = factories.officer("Camat", opd="KEC-357824")
    old = factories.officer("Andi", opd="DSDABM")
    ticket = area_complaint("Surat pengantar di Kelurahan Kutisari lama sekali", "KELURAHAN")
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "KEC-357817")
    db.session.commit()
    texts = [
        o.text
        for o in db.session.execute(select(Outbound).order_by(Outbound.id)).scalars()
        if o.officer_id in (camat.id, old.id)
    ]
    assert any("untuk Kelurahan Kutisari:" in text for text in texts)
    assert any("untuk DSDABM:" in text for text in texts)
    assert any("dialihkan ke Kecamatan Kenjeran dan" in text for text in texts)
    assert not any("KEL-35" in text or "KEC-35" in text for text in texts)
