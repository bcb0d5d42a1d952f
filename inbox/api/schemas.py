"""The API's request and response shapes (marshmallow). Requests are loaded through
them (bad input is a 400 that says which field), responses are dumped through them, and
the OpenAPI document is generated from them (inbox/api/spec.py)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from inbox.reports.figures import DIMS, HANDLED_KINDS, METRICS
from ticketing.delivery import RULES
from ticketing.models import KINDS, SCOPES, STATUSES

MAX_ID = 2**63 - 1  # what the API accepts as an id (64-bit); more is a 400
DB_MAX_ID = 2**31 - 1  # what the id columns hold (INTEGER): larger ids cannot exist
MAX_LIMIT = 500
CHANNELS = tuple(RULES)
AGENT_KINDS = ("complaint", "info_request", "emergency", "external", "not_complaint")


class CsvList(fields.List):
    """A comma-separated query value ("routed,in_progress") read as a list."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return super()._deserialize(value, attr, data, **kwargs)


class Strict(Schema):
    class Meta:
        unknown = "raise"


class Error(Schema):
    error = fields.String(required=True, metadata={"example": "Bad Request"})
    description = fields.Raw(metadata={"description": "A sentence, or the invalid fields."})


class Location(Schema):
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    address = fields.String(allow_none=True)


class TicketSummary(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True, metadata={"example": "MC-2026-000123"})
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    opd = fields.String(allow_none=True)
    kecamatan = fields.String(allow_none=True)
    channel = fields.String(required=True)
    priority = fields.Integer()
    summary = fields.String()
    confidence = fields.Float(allow_none=True)
    routing_reason = fields.String(allow_none=True)
    routed_by = fields.String(allow_none=True)
    suggestions = fields.List(fields.Raw())
    registration_number = fields.String(allow_none=True)
    external_body = fields.String(allow_none=True)
    assignee = fields.String(allow_none=True, metadata={"description": "agent's e-mail"})
    rating = fields.Integer(allow_none=True)
    reopened = fields.Integer()
    bounces = fields.Integer()
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(allow_none=True)
    first_response_due_at = fields.DateTime(allow_none=True)
    first_responded_at = fields.DateTime(
        allow_none=True, metadata={"description": "the OPD's (or the 112 desk's) first response"}
    )
    desk_replied_at = fields.DateTime(
        allow_none=True, metadata={"description": "the Media Center's first own reply"}
    )
    resolution_due_at = fields.DateTime(allow_none=True)
    resolved_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    close_reason = fields.String(allow_none=True)
    location = fields.Nested(Location, allow_none=True)


class Attachment(Schema):
    id = fields.Integer()
    kind = fields.String()
    mime_type = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    status = fields.String()


class MessageOut(Schema):
    id = fields.Integer()
    channel = fields.String()
    text = fields.String()
    sent_at = fields.DateTime(allow_none=True)
    received_at = fields.DateTime(allow_none=True)
    location = fields.Nested(Location, allow_none=True)
    attachments = fields.List(fields.Nested(Attachment))


class OutboxRow(Schema):
    id = fields.Integer()
    channel = fields.String()
    purpose = fields.String()
    text = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    error_code = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    to_officer = fields.Boolean()


class EventOut(Schema):
    at = fields.DateTime()
    actor_kind = fields.String()
    actor = fields.String()
    action = fields.String()
    note = fields.String()
    data = fields.Dict()


class TicketDetail(TicketSummary):
    messages = fields.List(fields.Nested(MessageOut))
    outbox = fields.List(fields.Nested(OutboxRow))
    events = fields.List(fields.Nested(EventOut))


class TicketList(Schema):
    tickets = fields.List(fields.Nested(TicketSummary), required=True)
    count = fields.Integer(
        required=True, metadata={"description": "all matching tickets (counted at most 20 s ago)"}
    )
    next_before_id = fields.Integer(
        allow_none=True, metadata={"description": "pass as before_id for the next page"}
    )


class TicketQuery(Strict):
    status = CsvList(fields.String(validate=validate.OneOf(STATUSES)))
    kind = CsvList(fields.String(validate=validate.OneOf(KINDS)))
    channel = CsvList(fields.String(validate=validate.OneOf(CHANNELS)))
    opd = CsvList(fields.String(validate=validate.Length(1, 20)))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, MAX_LIMIT))
    before_id = fields.Integer(validate=validate.Range(1, MAX_ID))


def _text(name: str, maximum: int = 4000, **kwargs: Any) -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(1, maximum),
        metadata={"description": name},
        **kwargs,
    )


# What json.loads makes of half an escaped surrogate pair ("\ud800"): no UTF-8 text,
# so neither PostgreSQL nor SQLite can store it (the flush failed: a 500).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unstorable(value: Any) -> bool:
    """True for a string, or a list holding one, with a lone surrogate."""
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return isinstance(value, str) and _SURROGATE.search(value) is not None


class Body(Strict):
    @pre_load
    def strip(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, dict):
            raise ValidationError("The body must be a JSON object.")
        if any(isinstance(v, str) and "\x00" in v for v in data.values()):
            raise ValidationError("NUL characters are not allowed.")
        if any(_unstorable(v) for v in data.values()):
            raise ValidationError("Unpaired surrogates (such as \\ud800) are not allowed.")
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


class ReplyBody(Body):
    text = _text("the reply the citizen receives on their own channel")


class NoteBody(Body):
    text = _text("an internal note; @name mentions agents")
    officer_visible = fields.Boolean(load_default=False)


class RouteBody(Body):
    opd = fields.String(required=True, validate=validate.Length(1, 20))


class AssignBody(Body):
    assignee = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Length(3, 255),
        metadata={"description": "the agent's e-mail, or null to unassign"},
    )


class KindBody(Body):
    kind = fields.String(required=True, validate=validate.OneOf(AGENT_KINDS))
    body = fields.String(
        load_default=None, allow_none=True, metadata={"description": "for external: who"}
    )


class AskBody(Body):
    question = _text("the question the citizen receives; the clocks pause")


class ExtendBody(Body):
    reason = _text("why the PPID request needs longer (once)")


class ResolveBody(Body):
    note = fields.String(load_default="", validate=validate.Length(0, 4000))


class ReopenBody(Body):
    reason = _text("why the ticket is open again")


class TokenOut(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    scopes = fields.List(fields.String())
    owner = fields.String(metadata={"description": "owner's e-mail"})
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class TokenList(Schema):
    tokens = fields.List(fields.Nested(TokenOut))


class TokenCreated(TokenOut):
    token = fields.String(metadata={"description": "shown once; store it now"})


class TokenBody(Body):
    name = fields.String(required=True, validate=validate.Length(1, 120))
    owner = fields.Email(required=True, metadata={"description": "the staff user it acts as"})
    scopes = fields.List(fields.String(validate=validate.OneOf(SCOPES)), required=True)


class ReportQuery(Strict):
    dim = fields.String(load_default="opd", validate=validate.OneOf(tuple(DIMS)))
    start = fields.Date(metadata={"description": "first day (WIB), default 30 days ago"})
    end = fields.Date(metadata={"description": "last day (WIB), default today"})
    opd = fields.String()
    channel = fields.String()
    kind = fields.String(validate=validate.OneOf(HANDLED_KINDS))
    kecamatan = fields.String()
    days = fields.Integer(validate=validate.Range(1, 731), metadata={"description": "or: days"})


class DrillQuery(ReportQuery):
    key = fields.String(load_default="")
    metric = fields.String(load_default="tickets", validate=validate.OneOf(METRICS))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, MAX_LIMIT))


class ReportTable(Schema):
    dim = fields.String()
    start = fields.Date()
    end = fields.Date()
    rows = fields.List(fields.Dict(), metadata={"description": "one object per group"})


class DrillOut(Schema):
    count = fields.Integer()
    tickets = fields.List(fields.Nested(TicketSummary))
