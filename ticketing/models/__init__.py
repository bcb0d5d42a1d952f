"""All ticketing models, importable from one place."""

from .base import UTCDateTime, utcnow
from .directory import GROUPS, NOTIFY_CHANNELS, DirectoryChange, Officer, Opd
from .intake import OUTBOX_ORDER, OUTBOX_TERMINAL, ChannelState, InboundEvent, Outbound
from .links import ActionKey, OfficerLink
from .people import ROLES, Contact, Identity, User
from .routing import RoutingCorrection
from .tickets import (
    KINDS,
    OPEN_STATUSES,
    STATUSES,
    Attachment,
    Message,
    Ticket,
    TicketCounter,
    TicketEvent,
)
from .workspace import OPEN_SQL, CannedReply

__all__ = [
    "GROUPS",
    "KINDS",
    "NOTIFY_CHANNELS",
    "OPEN_SQL",
    "OPEN_STATUSES",
    "OUTBOX_ORDER",
    "OUTBOX_TERMINAL",
    "ROLES",
    "STATUSES",
    "ActionKey",
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
    "Outbound",
    "RoutingCorrection",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "UTCDateTime",
    "User",
    "utcnow",
]
