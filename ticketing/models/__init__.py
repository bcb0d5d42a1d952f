"""All ticketing models, importable from one place."""

from .base import UTCDateTime, utcnow
from .directory import GROUPS, NOTIFY_CHANNELS, DirectoryChange, Officer, Opd
from .intake import (
    INBOUND_MAX_ATTEMPTS,
    LANE_ALARM,
    LANE_REST,
    LANE_STATUS,
    OUTBOX_ORDER,
    OUTBOX_TERMINAL,
    ChannelState,
    InboundEvent,
    Outbound,
)
from .links import ActionKey, OfficerLink
from .open311 import Open311Key
from .partners import (
    DELIVERY_STATUSES,
    EVENT_TYPES,
    SCOPES,
    ApiCall,
    ApiToken,
    WebhookDelivery,
    WebhookEndpoint,
)
from .people import ROLES, Contact, Identity, User
from .privacy import PRIVACY_ACTIONS, PrivacyLog
from .reporting import ReportDay
from .routing import RoutingCorrection
from .tickets import (
    KINDS,
    OPEN_STATUSES,
    STATUSES,
    SUMMARY_CHARS,
    Attachment,
    Message,
    Ticket,
    TicketCounter,
    TicketEvent,
    answered,
    awaited_due,
    in_triage,
    summary_of,
)
from .workspace import OPEN_SQL, CannedReply

__all__ = [
    "DELIVERY_STATUSES",
    "EVENT_TYPES",
    "GROUPS",
    "INBOUND_MAX_ATTEMPTS",
    "KINDS",
    "LANE_ALARM",
    "LANE_REST",
    "LANE_STATUS",
    "NOTIFY_CHANNELS",
    "OPEN_SQL",
    "OPEN_STATUSES",
    "OUTBOX_ORDER",
    "OUTBOX_TERMINAL",
    "PRIVACY_ACTIONS",
    "ROLES",
    "SCOPES",
    "STATUSES",
    "SUMMARY_CHARS",
    "ActionKey",
    "ApiCall",
    "ApiToken",
    "Attachment",
    "CannedReply",
    "ChannelState",
    "Contact",
    "DirectoryChange",
    "Identity",
    "InboundEvent",
    "Message",
    "Officer",
    "OfficerLink",
    "Opd",
    "Open311Key",
    "Outbound",
    "PrivacyLog",
    "ReportDay",
    "RoutingCorrection",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "UTCDateTime",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "answered",
    "awaited_due",
    "in_triage",
    "summary_of",
    "utcnow",
]
