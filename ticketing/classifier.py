"""The process-wide routing classifier (ticketing.routing): loaded once per process and
swapped when `aduan routing retrain` makes a new model active."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import current_app

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
