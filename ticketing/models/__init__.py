"""All ticketing models, importable from one place."""

from .base import UTCDateTime, utcnow
from .directory import GROUPS, NOTIFY_CHANNELS, DirectoryChange, Officer, Opd
from .links import ActionKey, OfficerLink
from .intake import OUTBOX_ORDER, OUTBOX_TERMINAL, InboundEvent, Outbound
from .people import ROLES, Contact, Identity, User
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

__all__ = [
    "ActionKey",
    "OfficerLink",
    "GROUPS",
    "KINDS",
    "NOTIFY_CHANNELS",
    "OPEN_STATUSES",
    "OUTBOX_ORDER",
    "OUTBOX_TERMINAL",
    "ROLES",
    "STATUSES",
    "Attachment",
    "Contact",
    "DirectoryChange",
    "Identity",
    "InboundEvent",
    "Message",
    "Officer",
    "Opd",
    "Outbound",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "User",
    "UTCDateTime",
    "utcnow",
]
