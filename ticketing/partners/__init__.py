"""Outgoing webhooks for partner systems (the 112 Command Center, the e-Gov dashboard,
an OPD's own ticketing): endpoints, signed deliveries from rows, retries with back-off.

- `signing`: the signature header (HMAC-SHA256 over "<timestamp>.<body>").
- `payloads`: what an event says about a ticket (no personal data unless trusted).
- `deliveries`: rows per endpoint, the send job, retries, disabling and re-enabling.
docs/partners.md is the partner-facing description."""
