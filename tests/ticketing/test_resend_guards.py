"""An agent's 'Kirim ulang' sends a failed or unknown message again only when that
helps: never a second copy of what went out another way, never to an address known
unreachable, never an officer's link that no longer opens."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from flask_babel import refresh

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import make_user
from ticketing import contacts, links, unsent
from ticketing.actions import ActionError, Actor
from ticketing.inbound import statuses
from ticketing.models import Outbound, utcnow

_n = itertools.count()


def _row(ticket, status="failed", **kwargs):
    values = {
        "channel": "whatsapp",
        "recipient": "+6281234567890",
        "text": "Laporan Anda kami terima.",
        "purpose": "ack",
    }
    row = Outbound(
        ticket_id=ticket.id, status=status, next_attempt_at=utcnow(), **(values | kwargs)
    )
    db.session.add(row)
    db.session.flush()
    return row


def _agent():
    return Actor.agent(make_user("agent", email=f"rina{next(_n)}@example.org"))


def test_a_message_whose_fallback_went_out_is_not_sent_twice(app):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket)
    sms = _row(ticket, "sent", channel="sms", dedupe_key=f"sms-fallback-{row.id}")
    with pytest.raises(ActionError, match="jalur pengganti"):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"
    sms.status = "failed"  # the fallback failed too: sending the row again may help
    unsent.resend(ticket, _agent(), row.id)
    assert row.status == "pending"


def test_a_message_to_an_address_known_unreachable_is_not_sent_again(app):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket, recipient="+6281299990000")
    identity = contacts.resolve("whatsapp", "+6281299990000", "Warga", utcnow())
    identity.unreachable_at, identity.unreachable_reason = utcnow(), "whatsapp: not on WhatsApp"
    with pytest.raises(ActionError, match="tidak dapat dihubungi"):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"


def test_an_officer_notice_whose_link_no_longer_opens_is_not_sent_again(app):
    ticket = factories.ticket(created=utcnow())
    officer = factories.officer("Pak Bowo", opd="DSDABM")
    link = links.issue(ticket, officer)
    quoted = "“jalan rusak [[link:999999]]”"  # a citizen's words may look like a placeholder
    text = f"Laporan baru {quoted}. Tindak lanjuti: {links.placeholder(link)}"
    row = _row(ticket, channel="telegram", recipient=officer.address, text=text)
    row.officer_id, row.purpose = officer.id, "dispatch"
    link.expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(ActionError, match="Tautan di pesan petugas"):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"
    link.expires_at = utcnow() + timedelta(days=1)  # still open: the notice may go again
    unsent.resend(ticket, _agent(), row.id)
    assert row.status == "pending"


def test_a_late_callback_of_the_failed_send_does_not_touch_the_resent_row(app):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket, provider_id="wamid.first-send")
    unsent.resend(ticket, _agent(), row.id)
    db.session.commit()
    # the provider repeats its failure for the first send while the second is on its way
    assert statuses.advance("wamid.first-send", "failed", reason="rejected") is None
    assert row.status == "pending" and row.provider_id is None


def test_a_message_whose_fallbacks_fallback_went_out_is_not_sent_twice(app):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket)  # free-form refused: the window had closed
    template = _row(ticket, dedupe_key=f"wa-template-{row.id}")  # refused too
    _row(ticket, "delivered", channel="sms", dedupe_key=f"sms-fallback-{template.id}")
    with pytest.raises(ActionError, match="jalur pengganti"):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"


def test_the_ticket_page_offers_no_resend_for_a_message_that_went_out_another_way(client, app):
    """A WhatsApp reply failed and its SMS copy went out, yet the page offered "Kirim
    ulang", which could only answer "sudah dikirim lewat jalur pengganti". The row says
    so instead; a failed row with no fallback keeps the button."""
    from tests.inbox.helpers import login

    ticket = factories.ticket(created=utcnow())
    covered = _row(ticket, text="Balasan yang tertutup jendela.")
    _row(ticket, "sent", channel="sms", dedupe_key=f"sms-fallback-{covered.id}")
    _row(ticket, text="Balasan tanpa pengganti.")
    db.session.commit()
    login(client, make_user("agent", email="resend-page@example.org"))
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert html.count("Kirim ulang</button>") == 1
    assert "Isinya sudah dikirim lewat jalur pengganti" in html


def test_a_template_notice_is_not_taken_for_the_reply_it_replaced(client, app):
    """Outside the 24-hour window the citizen gets the status template ("Ada kabar
    terbaru untuk laporan ...: diteruskan"), not the agent's words. The page said the
    text had gone out and refused to send it again, so the reply was lost for good.
    Now the row says what the citizen got; once they write again (the window reopens)
    the reply can be sent again."""
    from tests.inbox.helpers import login

    ticket = factories.ticket(created=utcnow(), channel="whatsapp")
    identity = ticket.identity
    row = _row(ticket, recipient=identity.address, text="Mohon kirim titik lokasinya.")
    _row(ticket, "delivered", template="aduan_status_update", dedupe_key=f"wa-template-{row.id}")
    db.session.commit()
    login(client, make_user("agent", email="template-notice@example.org"))
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Isinya sudah dikirim lewat jalur pengganti" not in html
    assert "hanya menerima template pemberitahuan" in html
    with pytest.raises(ActionError, match="masih tertutup"):
        unsent.resend(ticket, _agent(), row.id)  # a second template would say nothing new
    identity.last_inbound_at = utcnow() + timedelta(seconds=1)  # the citizen wrote back
    unsent.resend(ticket, _agent(), row.id)
    assert row.status == "pending"


def _meta_row(ticket, days_quiet, purpose="reply", channel="instagram"):
    """A row to a Meta citizen who last wrote `days_quiet` days ago, failed for the window."""
    address = f"igsid-{next(_n)}"
    contacts.resolve(channel, address, "Warga", utcnow() - timedelta(days=days_quiet))
    row = _row(ticket, channel=channel, recipient=address, purpose=purpose)
    row.failure_reason, row.error_code = "window_closed", "outside_window"
    return row


def test_a_message_outside_metas_window_is_not_sent_again_until_the_citizen_writes(app):
    """Instagram refuses anything 7 days after the citizen's last message (24 hours for
    an automatic notice): 'Kirim ulang' could only fail again. Once they write, it goes."""
    ticket = factories.ticket(created=utcnow())
    row = _meta_row(ticket, days_quiet=8)
    with pytest.raises(ActionError, match="Jendela pesan Instagram sudah tertutup"):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"
    notice = _meta_row(ticket, days_quiet=3, purpose="reminder", channel="facebook")
    assert "Facebook" in unsent.refusal(notice)  # automatic: no HUMAN_AGENT tag after 24 h
    answer = _meta_row(ticket, days_quiet=3, purpose="reply", channel="facebook")
    assert unsent.refusal(answer) is None  # a person's answer may go with the tag
    identity = contacts.find_identity("instagram", row.recipient)
    identity.last_inbound_at = utcnow()  # the citizen wrote again: the window is open
    unsent.resend(ticket, _agent(), row.id)
    assert row.status == "pending"


@pytest.mark.parametrize(
    ("reason", "code", "words"),
    [
        ("not_on_whatsapp", "131026", "tidak memakai WhatsApp"),
        ("rejected", "21617", "Tulis balasan baru"),
        ("rejected", "pii_guard", "tanpa data pribadi"),
    ],
)
def test_a_message_the_provider_refused_for_good_is_not_sent_again(app, reason, code, words):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket, failure_reason=reason, error_code=code)
    with pytest.raises(ActionError, match=words):
        unsent.resend(ticket, _agent(), row.id)
    assert row.status == "failed"


def test_a_recipient_who_blocked_us_gets_it_again_only_after_writing(app):
    ticket = factories.ticket(created=utcnow(), channel="telegram")
    identity = ticket.identity
    row = _row(ticket, channel="telegram", recipient=identity.address)
    row.failure_reason, row.updated_at = "recipient_unreachable", utcnow()
    identity.last_inbound_at = utcnow() - timedelta(hours=1)
    with pytest.raises(ActionError, match="tidak dapat dihubungi"):
        unsent.resend(ticket, _agent(), row.id)
    identity.last_inbound_at = utcnow() + timedelta(seconds=1)
    unsent.resend(ticket, _agent(), row.id)
    assert row.status == "pending"


def test_a_passing_fault_keeps_the_resend_button(app):
    ticket = factories.ticket(created=utcnow())
    row = _row(ticket, failure_reason="transient", error_code="503")
    assert unsent.refusal(row) is None


def test_the_ticket_page_says_why_instead_of_offering_a_resend_that_fails_again(client, app):
    from tests.inbox.helpers import login

    ticket = factories.ticket(created=utcnow())
    _meta_row(ticket, days_quiet=8)
    _row(ticket, failure_reason="transient", text="Balasan yang gagal sebentar.")
    db.session.commit()
    login(client, make_user("agent", email="resend-window@example.org"))
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert html.count("Kirim ulang</button>") == 1
    assert "Jendela pesan Instagram sudah tertutup" in html and "Tunggu warga menulis lagi" in html
    with client.session_transaction() as session:
        session["lang"] = "en"
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Instagram messaging window has closed" in html
