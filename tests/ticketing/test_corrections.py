"""Agents' corrections are kept and `retrain` learns from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, classifier, corrections, kind_change
from ticketing.models import RoutingCorrection, utcnow
from ticketing.routing.corpus import corpus_files

AGENT = actions.Actor("agent", None, "Agen")


def model_routed(summary: str, opd: str = "DLH"):
    ticket = factories.ticket(created=utcnow(), opd=opd, summary=summary)
    ticket.routed_by, ticket.suggestions = "model", [[opd, 0.6]]
    clocks.start(ticket, utcnow())
    db.session.commit()
    return ticket


def test_rerouting_a_model_decision_records_a_correction(app):
    ticket = model_routed("Gorong-gorong di Jl. Tenggilis tersumbat lumpur")
    actions.route(ticket, AGENT, "DSDABM")
    db.session.commit()
    row = db.session.execute(select(RoutingCorrection)).scalar_one()
    assert (row.kind_before, row.opd_before) == ("complaint", "DLH")
    assert (row.kind_after, row.opd_after) == ("complaint", "DSDABM")


def test_changing_the_kind_to_information_request_starts_the_ppid_clock(app):
    ticket = model_routed("Mohon data jumlah penerima bansos di kecamatan Tambaksari")
    kind_change.change_kind(ticket, AGENT, "info_request")
    db.session.commit()
    assert ticket.kind == "info_request" and ticket.opd_code == "PPID"
    assert ticket.registration_number.startswith("PPID-")
    assert clocks.get(ticket, "ppid").status == "running"
    assert clocks.get(ticket, "first_response").status == "stopped"
    row = db.session.execute(select(RoutingCorrection)).scalar_one()
    assert (row.kind_after, row.opd_after) == ("info_request", "PPID")


def test_changing_the_kind_to_external_closes_with_a_reply_naming_who_handles_it(app):
    from ticketing.models import Outbound

    ticket = model_routed("Meteran listrik token di rumah error terus")
    kind_change.change_kind(ticket, AGENT, "external", body="PLN")
    db.session.commit()
    assert ticket.status == "closed" and ticket.close_reason == "bukan_wewenang"
    reply = db.session.execute(
        select(Outbound).where(Outbound.purpose == "correction")
    ).scalar_one()
    assert "PLN" in reply.text and reply.text.startswith("Koreksi")


def test_routing_an_agents_own_decision_again_is_not_a_correction(app):
    ticket = factories.ticket(created=utcnow(), opd="DLH")
    ticket.routed_by = "agent"
    db.session.commit()
    actions.route(ticket, AGENT, "DSDABM")
    db.session.commit()
    assert db.session.execute(select(RoutingCorrection)).first() is None


# Training is the same on every database (the corrections it reads are tested on both
# above), so one tier trains, on a tenth of the corpus (the whole takes about 20 s a model).
@pytest.mark.parametrize("backend_app", ["sqlite"], indirect=True)
def test_retrain_learns_from_corrections_and_becomes_the_active_model(app, tmp_path, model_dir):
    for n in range(6):
        ticket = model_routed(
            f"Tolong bantu, lampu taman kota nomor {n} di Taman Prestasi padam", "DISHUB"
        )
        actions.route(ticket, AGENT, "DLH")  # the park's lamps: its keeper, not DISHUB
    db.session.commit()
    sample = tmp_path / "corpus"
    sample.mkdir()
    for path in corpus_files():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        (sample / path.name).write_text("".join(lines[::10]), encoding="utf-8")
    for cached in Path(model_dir).glob("routing-*"):
        shutil.copy(cached, tmp_path / cached.name)  # reuse the corpus model cache
    outcome = corrections.retrain(tmp_path, corpus_dir=sample)
    assert outcome.corrections == 6
    assert 0.0 <= outcome.before.kind_accuracy <= 1.0 and outcome.after.n == outcome.before.n
    assert corrections.active_path(tmp_path) == outcome.path
    app.config["MODEL_DIR"] = str(tmp_path)
    try:
        app.extensions.pop("classifier", None)
        decision = classifier.classify("lampu taman di Taman Prestasi padam lagi")
        assert decision.opd == "DLH"  # the corpus alone says DISHUB: learnt from the fixes
    finally:
        app.config["MODEL_DIR"] = model_dir
        app.extensions.pop("classifier", None)
