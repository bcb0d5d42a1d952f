"""The inbox's countdown under two hours reads in hours and minutes ("sisa 1 jam 54
menit"), not as a pile of minutes ("sisa 114 menit") on every triage row."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale

from inbox.filters import due_in
from ticketing.models import utcnow


def test_between_one_and_two_hours_reads_hours_and_minutes(app):
    now = utcnow()
    with app.test_request_context():
        assert due_in(now + timedelta(minutes=114, seconds=30), now) == "sisa 1 jam 54 menit"
        assert due_in(now + timedelta(minutes=60, seconds=5), now) == "sisa 1 jam"
        assert due_in(now - timedelta(minutes=61, seconds=10), now) == "lewat 1 jam 2 menit"
        assert due_in(now + timedelta(minutes=59, seconds=5), now) == "sisa 59 menit"
        assert due_in(now + timedelta(minutes=150), now) == "sisa 2 jam"
        with force_locale("en"):
            assert due_in(now + timedelta(minutes=61, seconds=5), now) == "1 hour 1 minute left"
