"""The e-mail adapter against a local SMTP server."""

from __future__ import annotations

import base64

import pytest

from channels.base import ChannelError, OutboundMessage
from channels.email import EmailAdapter
from sandbox.smtp import FakeSMTP


@pytest.fixture(scope="module")
def smtp():
    fake = FakeSMTP().start()
    yield fake
    fake.stop()


def test_a_mail_is_delivered_with_the_first_line_as_subject(smtp):
    adapter = EmailAdapter(smtp.url, "aduan@surabaya.go.id")
    text = (
        "Laporan baru MC-2026-000001 untuk DLH\nSampah belum diangkut | Tindak lanjuti: https://x"
    )
    result = adapter.send(OutboundMessage("email", "petugas.dlh@surabaya.go.id", text))
    (mail,) = smtp.sent_to("petugas.dlh@surabaya.go.id")
    assert mail["subject"] == "Laporan baru MC-2026-000001 untuk DLH"
    assert "Tindak lanjuti" in mail["body"] and result.provider_id.startswith("<")


def test_a_refused_recipient_is_permanent(smtp):
    smtp.refuse.add("tidakada@surabaya.go.id")
    adapter = EmailAdapter(smtp.url, "aduan@surabaya.go.id")
    with pytest.raises(ChannelError) as caught:
        adapter.send(OutboundMessage("email", "tidakada@surabaya.go.id", "halo"))
    assert caught.value.permanent and caught.value.code == "550"


def test_an_unreachable_server_is_transient():
    adapter = EmailAdapter("smtp://127.0.0.1:1", "aduan@surabaya.go.id", timeout=2)
    with pytest.raises(ChannelError) as caught:
        adapter.send(OutboundMessage("email", "a@b.c", "halo"))
    assert not caught.value.permanent


def test_a_bad_url_is_refused():
    with pytest.raises(ValueError):
        EmailAdapter("mailto:x", "aduan@surabaya.go.id")


@pytest.mark.parametrize(
    "word",
    [
        "=?utf-8?q?=0D=0AContent-Type:text/html?=",
        "=?utf-8?b?" + base64.b64encode(b"\r\nReply-To: a@evil.example").decode() + "?=",
    ],
    ids=["html", "reply-to"],
)
def test_a_citizens_encoded_word_adds_no_header(smtp, word):
    """The subject is the first line, which carries the citizen's summary; the header
    parser decoded an RFC 2047 word in it, and the CR/LF inside went out as a real
    header line: a Content-Type that made the officer's mail client read the body (the
    citizen's words: a link of their choosing) as HTML, or a Reply-To of theirs, in a
    mail from the city's own server."""
    text = f"Laporan baru MC-2026-000001 untuk DLH: {word} <a href=https://evil.example>\nx"
    address = f"petugas.{len(word)}@surabaya.go.id"
    EmailAdapter(smtp.url, "aduan@surabaya.go.id").send(OutboundMessage("email", address, text))
    (mail,) = smtp.sent_to(address)
    assert "Reply-To" not in mail["headers"] and mail["headers"].count("Content-Type") == 1
    assert mail["subject"].startswith("Laporan baru MC-2026-000001 untuk DLH: =")
    assert "\n" not in mail["subject"] and "evil" not in mail["subject"]
    assert mail["body"].replace("\r\n", "\n").strip() == text  # the text as written
