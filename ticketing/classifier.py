"""The process-wide routing classifier (ticketing.routing): loaded once per process and
swapped when `aduan routing retrain` makes a new model active."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import current_app

from channels.base import InboundMessage
from ticketing.routing import Classifier, Decision

RELOAD_CHECK_SECONDS = 30.0


def classifier() -> Classifier:
    """Returns the process-wide classifier: the retrained model when `aduan routing
    retrain` made one active, else the corpus model (trained once, then cached). A
    retrain is picked up by running workers within RELOAD_CHECK_SECONDS."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cached: dict[str, Any] | None = app.extensions.get("classifier")
    pointer = Path(app.config["MODEL_DIR"]) / "active.json"
    if cached is not None and time.monotonic() - cached["checked"] < RELOAD_CHECK_SECONDS:
        return cached["classifier"]
    stamp = pointer.stat().st_mtime if pointer.exists() else None
    if cached is None or cached["stamp"] != stamp:
        from ticketing.corrections import load_active
        from ticketing.routing import load_or_train

        model = load_active(app.config["MODEL_DIR"]) or load_or_train(app.config["MODEL_DIR"])
        cached = {
            "classifier": Classifier(model, threshold=app.config["ROUTING_THRESHOLD"]),
            "stamp": stamp,
        }
    cached["checked"] = time.monotonic()
    app.extensions["classifier"] = cached
    return cached["classifier"]


def classify(text: str, channel: str | None = None) -> Decision:
    """Returns the classifier's decision for `text`."""
    return classifier().classify(text, channel)


def warm(texts: list[str]) -> None:
    """Computes the model's features of `texts` in one call, for classify() to find."""
    if texts:
        classifier().model.warm(texts)


def decide_many(messages: list[InboundMessage]) -> list[Decision | None]:
    """Returns decide() for each message; the texts' features are computed in one call."""
    warm([m.text.strip() for m in messages if m.text.strip()])
    return [decide(m) for m in messages]


# Channels where the citizen filled in a report form: whatever they wrote is a report
# for a person to look at, never small talk or a status check.
FORM_CHANNELS = ("web", "open311")
KEEP_OVER_CHOICE = ("emergency", "info_request")


def decide(msg: InboundMessage) -> Decision | None:
    """Returns the routing decision for one message, None when it has no text to read.

    A category the citizen chose on a form (meta["opd"]) routes the report to its OPD
    unless the text is an emergency or an information request, which keep their own
    route and clocks. A form report is never "not a complaint" or a status check: it
    goes to triage when nothing routes it."""
    text = msg.text.strip()
    decision = classify(text, msg.channel) if text else None
    if msg.channel not in FORM_CHANNELS:
        return decision
    chosen = msg.meta.get("opd")
    if decision is not None and decision.kind in KEEP_OVER_CHOICE:
        return decision
    if chosen:
        reason = f"form: the citizen chose {msg.meta.get('service_code') or chosen}"
        return Decision("complaint", chosen, 1.0, reason, ((chosen, 1.0),), ())
    if decision is None or decision.kind in ("not_complaint", "status_check"):
        return Decision("complaint", None, 0.0, "form: no category chosen", (), ())
    return decision
