"""SLA tables (clocks, policies, escalations) live here."""

from __future__ import annotations
