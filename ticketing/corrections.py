"""Learning from agents: corrections are recorded when an agent re-routes or re-kinds a
ticket, and `retrain` fits a model on the corpus plus the corrections, reports before and
after on a held-out split, and makes the new model the active one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from aduan.extensions import db
from ticketing import services
from ticketing.models import RoutingCorrection, Ticket, utcnow
from ticketing.routing import (
    Classifier,
    Example,
    Model,
    Report,
    evaluate,
    load_corpus,
    split_holdout,
    train,
)
from ticketing.routing.corpus import corpus_hash

ACTIVE = "active.json"
OPD_KINDS = ("complaint", "emergency")


def record(ticket: Ticket, kind_after: str, opd_after: str | None, user_id: int | None) -> None:
    """Keeps what the machine decided and what the agent decided instead (if different)."""
    opd_after = {"info_request": "PPID", "external": "EXTERNAL"}.get(kind_after, opd_after)
    opd_after = services.umbrella(opd_after)  # the model learns KELURAHAN, not each kelurahan
    if kind_after in ("not_complaint", "status_check"):
        opd_after = None
    if ticket.routed_by not in ("rule", "model") and ticket.status != "triage":
        return  # correcting an agent's own routing teaches the model nothing new
    guess_opd = ticket.suggestions[0][0] if ticket.suggestions else ticket.opd_code
    if (ticket.kind, guess_opd) == (kind_after, opd_after) or not ticket.summary.strip():
        return
    db.session.add(
        RoutingCorrection(
            ticket_id=ticket.id,
            text=ticket.summary,
            kind_before=ticket.kind,
            opd_before=guess_opd,
            kind_after=kind_after,
            opd_after=opd_after,
            user_id=user_id,
        )
    )


def examples() -> list[Example]:
    """Returns every correction as a training example (the latest per ticket wins)."""
    rows = db.session.execute(select(RoutingCorrection).order_by(RoutingCorrection.id)).scalars()
    latest = {row.ticket_id: row for row in rows}
    return [Example(r.text, r.kind_after, r.opd_after) for r in latest.values()]


def active_path(model_dir: str | Path) -> Path | None:
    """Returns the retrained model file the app should use, if any."""
    pointer = Path(model_dir) / ACTIVE
    if not pointer.exists():
        return None
    path = Path(model_dir) / json.loads(pointer.read_text())["file"]
    return path if path.exists() else None


@dataclass
class Outcome:
    before: Report
    after: Report
    corrections: int
    path: Path


def retrain(model_dir: str | Path, seed: int = 13, corpus_dir: str | Path | None = None) -> Outcome:
    """Trains with the corrections, compares with the corpus-only model on one held-out
    split (the same for both), then saves a model trained on everything as active.
    `corpus_dir`: another corpus of JSON-lines files (default: the built-in one)."""
    corpus, fixes = load_corpus(corpus_dir), examples()
    corpus_train, corpus_held = split_holdout(corpus, 0.2, seed)
    fixes_train, fixes_held = split_holdout(fixes, 0.3, seed) if len(fixes) >= 5 else (fixes, [])
    held = corpus_held + fixes_held
    before = evaluate(Classifier(train(corpus_train)), held)
    after = evaluate(Classifier(train(corpus_train, fixes_train)), held)
    final = train(corpus, fixes, corpus_digest=corpus_hash(corpus_dir, fixes))
    name = f"retrained-{utcnow():%Y%m%d%H%M%S}.joblib"
    path = final.save(Path(model_dir) / name)
    (Path(model_dir) / ACTIVE).write_text(json.dumps({"file": name, "corrections": len(fixes)}))
    current_app.extensions.pop("classifier", None)
    return Outcome(before, after, len(fixes), path)


def load_active(model_dir: str | Path) -> Model | None:
    path = active_path(model_dir)
    return Model.load(path) if path else None
