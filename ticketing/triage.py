"""Applies a routing decision to a ticket: emergency, PPID, external, OPD or triage.

The classifier itself lives in ticketing/routing/; this module turns its Decision into
statuses, replies, alerts and clocks."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from aduan import timefmt
from sla import clocks
from ticketing import notify, numbers, outbox
from ticketing.audit import record
from ticketing.models import Ticket
from ticketing.routing import Decision
from ticketing.routing.external import reply_text as external_reply
from ticketing.texts import t

log = logging.getLogger(__name__)


def desk_zone() -> ZoneInfo:
    """Returns the desk's time zone."""
    return timefmt.zone()


def classifier():  # type: ignore[no-untyped-def]
    """Returns the process-wide classifier, loading (or training) the model once."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "classifier" not in app.extensions:
        from ticketing.routing import Classifier
        from ticketing.routing.model import load_or_train

        model = load_or_train(app.config["MODEL_DIR"])
        app.extensions["classifier"] = Classifier(model, threshold=app.config["ROUTING_THRESHOLD"])
    return app.extensions["classifier"]


def classify(text: str, channel: str | None = None) -> Decision:
    """Returns the classifier's decision for `text`."""
    return classifier().classify(text, channel)


def apply(
    ticket: Ticket,
    decision: Decision | None,
    *,
    now: datetime,
    locale: str = "id",
    reply_to: str | None = None,
    acknowledge: bool = True,
) -> None:
    """Routes a new ticket by `decision` and queues the citizen's acknowledgement.

    `decision` None means the first message had no text (a photo or a location):
    the ticket waits in triage for an agent or for the citizen's next message."""
    identity = ticket.identity
    if decision is None:
        ticket.status = "triage"
        ticket.routing_reason = "no text to classify yet"
        clocks.start(ticket, now)
        if acknowledge:
            _ack(ticket, "ack_triage", locale, reply_to)
        return
    ticket.confidence = decision.confidence
    ticket.routing_reason = decision.reason
    ticket.suggestions = [list(s) for s in decision.suggestions]
    source = "rule" if decision.reason.startswith("rule") else "model"

    if decision.kind == "emergency":
        ticket.kind, ticket.priority, ticket.status = "emergency", 2, "routed"
        ticket.opd_code, ticket.routed_by = decision.opd, source
        clocks.start(ticket, now)
        record(ticket, "emergency", reason=decision.reason, type=decision.emergency_type)
        outbox.to_identity(
            identity,
            t("emergency", locale, number=ticket.number),
            ticket=ticket,
            purpose="emergency",
            priority="high",
            dedupe_key=f"emergency-{ticket.id}",
            reply_to=reply_to,
        )
        count = notify.desk_112(ticket, decision.emergency_type or "darurat", now)
        record(ticket, "desk_alerted", recipients=count)
        return
    if decision.kind == "info_request":
        ticket.kind, ticket.opd_code, ticket.status, ticket.routed_by = (
            "info_request",
            "PPID",
            "routed",
            source,
        )
        ticket.registration_number = numbers.next_number(now.astimezone(desk_zone()).year, "PPID")
        clocks.start(ticket, now)
        record(ticket, "routed", opd="PPID", reason=decision.reason)
        notify.opd_officers(ticket, now)
        if acknowledge:
            text = t(
                "info_request",
                locale,
                registration=ticket.registration_number,
                number=ticket.number,
                due=timefmt.human(ticket.first_response_due_at, locale),
            )
            outbox.to_identity(
                identity,
                text,
                ticket=ticket,
                purpose="ack",
                dedupe_key=f"ack-{ticket.id}",
                reply_to=reply_to,
            )
        return
    if decision.kind == "external":
        ticket.kind, ticket.opd_code, ticket.status = "external", "EXTERNAL", "closed"
        ticket.external_body, ticket.routed_by = decision.external_body, source
        ticket.closed_at, ticket.close_reason = now, "bukan_wewenang"
        record(ticket, "closed", reason="bukan_wewenang", body=decision.external_body)
        outbox.to_identity(
            identity,
            external_reply(decision.external_body, locale),
            ticket=ticket,
            purpose="external",
            dedupe_key=f"ack-{ticket.id}",
            reply_to=reply_to,
        )
        return

    ticket.kind = "complaint"
    threshold = current_app.config["ROUTING_THRESHOLD"]
    if decision.kind == "complaint" and decision.opd and decision.confidence >= threshold:
        ticket.opd_code, ticket.status, ticket.routed_by = decision.opd, "routed", source
        record(
            ticket,
            "routed",
            opd=decision.opd,
            reason=decision.reason,
            confidence=round(decision.confidence, 3),
        )
        clocks.start(ticket, now)
        clocks.meet(ticket, "triage", now)
        notify.opd_officers(ticket, now)
        if acknowledge:
            _ack(ticket, "ack", locale, reply_to)
        return
    ticket.status = "triage"
    record(
        ticket,
        "triage",
        reason=decision.reason,
        confidence=round(decision.confidence, 3),
        suggestions=ticket.suggestions,
    )
    clocks.start(ticket, now)
    if acknowledge:
        _ack(ticket, "ack_triage", locale, reply_to)


def _ack(ticket: Ticket, key: str, locale: str, reply_to: str | None) -> None:
    outbox.to_identity(
        ticket.identity,
        t(key, locale, number=ticket.number),
        ticket=ticket,
        purpose="ack",
        dedupe_key=f"ack-{ticket.id}",
        reply_to=reply_to,
    )


def resume(ticket: Ticket, now: datetime) -> None:
    """The citizen answered a question: the ticket is worked on again."""
    ticket.status = "in_progress"
    clocks.resume(ticket, now)
    record(ticket, "resumed", actor_kind="citizen")
