"""channels.twilio_messaging's pure parts on real Twilio webhook shapes
(tests/fixtures/twilio/*.form): normalize, parse_status, signatures and SMS text helpers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from werkzeug.datastructures import MultiDict

from channels.base import Attachment, Location
from channels.gsm import is_gsm7, sms_segments, to_gsm
from channels.twilio_messaging import e164, normalize, parse_status, validate_signature

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "twilio"
MESSAGING = ["sms_text", "sms_mms_photo", "whatsapp_text", "whatsapp_location"]
MESSAGING += ["whatsapp_image", "whatsapp_button"]
STATUSES = ["status_sent", "status_delivered", "status_failed_63016", "status_undelivered_30003"]
CITIZEN = "+6281234567890"
WHEN = datetime(2026, 1, 6, 6, 20, tzinfo=UTC)


def load(name: str) -> dict[str, str]:
    """Returns the form parameters of tests/fixtures/twilio/<name>.form."""
    text = (FIXTURES / f"{name}.form").read_text(encoding="utf-8").strip()
    return dict(parse_qsl(text, keep_blank_values=True))


def one(form: dict[str, str]):
    messages = normalize(form, received_at=WHEN)
    assert len(messages) == 1
    return messages[0]


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """X-Twilio-Signature computed the way Twilio documents it, without the twilio library."""
    data = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize("name", MESSAGING)
def test_every_messaging_fixture_gives_one_message_keyed_by_message_sid(name):
    form = load(name)
    msg = one(form)
    assert msg.external_id == form["MessageSid"]
    assert msg.sender_id == CITIZEN
    assert msg.phone == CITIZEN
    assert msg.sent_at == WHEN
    assert msg.meta["AccountSid"] == form["AccountSid"]
    assert msg.channel == ("whatsapp" if name.startswith("whatsapp") else "sms")
    assert msg.text or msg.attachments or msg.location
    assert msg.unsupported is None


def test_sms_text_maps_body_and_keeps_routing_params_in_meta():
    msg = one(load("sms_text"))
    assert msg.channel == "sms"
    assert msg.text.startswith("Lampu PJU di Jl. Raya Darmo")
    assert msg.sender_name is None
    assert msg.attachments == () and msg.location is None
    assert msg.meta["To"] == "+6231990100"
    assert msg.meta["NumSegments"] == "1"
    assert "WaId" not in msg.meta


def test_mms_photo_becomes_a_photo_attachment_referencing_the_media_url():
    form = load("sms_mms_photo")
    msg = one(form)
    assert msg.text == "Sampah menumpuk di TPS Keputran"
    assert msg.attachments == (Attachment("photo", form["MediaUrl0"], "image/jpeg"),)


def test_whatsapp_text_strips_prefix_and_uses_profile_name():
    msg = one(load("whatsapp_text"))
    assert msg.channel == "whatsapp"
    assert msg.sender_id == CITIZEN  # no "whatsapp:" prefix: one contact with SMS and voice
    assert msg.sender_name == "Siti Rahmawati"
    assert msg.meta["WaId"] == "6281234567890"
    assert msg.meta["To"] == "whatsapp:+6231990200"


def test_whatsapp_location_maps_coordinates_address_and_label():
    msg = one(load("whatsapp_location"))
    assert msg.text == ""
    assert msg.location == Location(
        -7.2630049, 112.7398484, "Jl. Tunjungan No.1, Genteng, Surabaya", "Tunjungan Plaza"
    )


def test_whatsapp_image_with_caption():
    form = load("whatsapp_image")
    msg = one(form)
    assert msg.text == "Jalan berlubang besar di depan SDN Kaliasin"
    assert msg.attachments[0].kind == "photo" and msg.attachments[0].ref == form["MediaUrl0"]


def test_quick_reply_button_text_is_the_answer_even_when_body_is_empty():
    form = load("whatsapp_button")
    assert one(form).text == "Sudah selesai"
    assert one(form).meta["ButtonPayload"] == "ticket_resolved_yes"
    assert one(form).meta["OriginalRepliedMessageSid"].startswith("SM")
    assert one(form | {"Body": ""}).text == "Sudah selesai"


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("audio/ogg", "audio"),
        ("video/mp4", "video"),
        ("application/pdf", "document"),
        ("image/webp", "photo"),
    ],
)
def test_media_kind_follows_the_content_type(mime, kind):
    form = load("whatsapp_image") | {"MediaContentType0": mime}
    assert one(form).attachments[0].kind == kind


def test_several_media_keep_their_order():
    form = load("sms_mms_photo") | {"NumMedia": "2"}
    form |= {"MediaUrl1": "https://api.twilio.com/x/ME2", "MediaContentType1": "video/3gpp"}
    kinds = [a.kind for a in one(form).attachments]
    assert kinds == ["photo", "video"]


class CountingForm(dict):
    """A form that fails the test once it has been read far more than a message allows."""

    reads = 0

    def get(self, key, default=None):
        self.reads += 1
        assert self.reads < 500, "read past the media a Twilio message can carry"
        return super().get(key, default)


@pytest.mark.parametrize("count", ["99999999999", "9" * 400])
def test_an_absurd_num_media_reads_at_most_twilios_ten(count):
    """Twilio sends at most 10 media per message: a NumMedia of billions looped over
    MediaUrl0..N for ever, stalling every intake worker that claimed the event."""
    form = CountingForm(load("sms_mms_photo") | {"NumMedia": count})
    kinds = [a.kind for a in one(form).attachments]
    assert kinds == ["photo"]


def test_vcard_alone_is_an_unsupported_contact_and_empty_message_is_unknown():
    form = load("whatsapp_text") | {"Body": "", "NumMedia": "1"}
    form |= {"MediaUrl0": "https://api.twilio.com/x/ME1", "MediaContentType0": "text/vcard"}
    msg = one(form)
    assert msg.attachments == () and msg.unsupported == "contact"
    assert one(load("whatsapp_text") | {"Body": " "}).unsupported == "unknown"


@pytest.mark.parametrize(
    "sender",
    ["081234567890", "+62 812-3456-7890", "whatsapp:+6281234567890", "whatsapp:081234567890"],
)
def test_sender_numbers_are_normalised_to_e164(sender):
    assert one(load("whatsapp_text") | {"From": sender}).sender_id == CITIZEN


def test_unparsable_sender_is_kept_raw_without_phone():
    msg = one(load("sms_text") | {"From": "TELKOMSEL"})
    assert msg.sender_id == "TELKOMSEL" and msg.phone is None


@pytest.mark.parametrize("missing", ["MessageSid", "From"])
def test_missing_message_sid_or_from_is_an_error(missing):
    form = load("sms_text")
    del form[missing]
    with pytest.raises(ValueError):
        normalize(form)


def test_sent_at_defaults_to_now_in_utc_and_multidict_is_accepted():
    before = datetime.now(UTC)
    msg = normalize(MultiDict(load("whatsapp_text")))[0]
    assert before <= msg.sent_at <= datetime.now(UTC)
    assert msg.sender_name == "Siti Rahmawati"


def test_e164_keeps_values_phonenumbers_cannot_read():
    assert e164("0812 3456 7890") == CITIZEN
    assert e164("anonymous") == "anonymous"


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("name", "status", "error", "channel"),
    [
        ("status_sent", "sent", None, "sms"),
        ("status_delivered", "delivered", None, "sms"),
        ("status_failed_63016", "failed", "63016", "whatsapp"),
        ("status_undelivered_30003", "undelivered", "30003", "sms"),
    ],
)
def test_parse_status(name, status, error, channel):
    form = load(name)
    update = parse_status(form)
    assert update.provider_id == form["MessageSid"]
    assert (update.status, update.error_code, update.channel) == (status, error, channel)
    assert update.recipient == CITIZEN


def test_parse_status_without_sid_is_an_error():
    with pytest.raises(ValueError):
        parse_status({"MessageStatus": "sent"})


# --------------------------------------------------------------------------- signatures


def test_twilio_documented_example_signature_validates():
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234"}
    params |= {"From": "+14158675309", "To": "+18005551212"}
    expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8="  # from Twilio's security documentation
    assert twilio_signature("12345", url, params) == expected
    assert validate_signature("12345", url, params, expected)


@pytest.mark.parametrize("name", MESSAGING + STATUSES)
def test_signed_fixture_validates_only_against_the_public_https_url(name):
    form, token = load(name), "0123456789abcdef0123456789abcdef"
    public = "https://aduan.example.org/webhooks/twilio/messaging"
    signature = twilio_signature(token, public, form)
    assert validate_signature(token, public, form, signature)
    assert validate_signature(token, "https://aduan.example.org:443/webhooks/twilio/messaging",
                              form, signature)  # fmt: skip
    # What Flask sees behind a TLS-terminating proxy without ProxyFix: every message fails.
    assert not validate_signature(token, public.replace("https:", "http:"), form, signature)


def test_signature_fails_for_tampered_dropped_or_missing_params():
    form, token = load("whatsapp_location"), "secret-token"
    url = "https://aduan.example.org/webhooks/twilio/messaging"
    signature = twilio_signature(token, url, form)
    assert not validate_signature(token, url, form | {"Latitude": "-7.0"}, signature)
    whitelisted = {k: v for k, v in form.items() if k != "Label"}
    assert not validate_signature(token, url, whitelisted, signature)
    assert not validate_signature("other-token", url, form, signature)
    assert not validate_signature(token, url, form, "")
    assert not validate_signature(token, url, form, None)


def test_signature_over_repeated_keys_accepts_multidict_and_lists():
    token, url = "secret-token", "https://aduan.example.org/hook"
    pairs = [("MediaUrl", "https://a"), ("MediaUrl", "https://b"), ("Body", "x")]
    data = url + "Bodyx" + "MediaUrlhttps://a" + "MediaUrlhttps://b"
    signature = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest())
    assert validate_signature(token, url, MultiDict(pairs), signature.decode())
    plain = {"Body": "x", "MediaUrl": ["https://a", "https://b"]}
    assert validate_signature(token, url, plain, signature.decode())


# --------------------------------------------------------------------------- SMS text


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters take two septets
        ("€" * 81, 2),
        ("a" * 152 + "€" + "a" * 152, 3),  # 306 septets, but an escape pair is never split
        ("ł" * 70, 1),  # not GSM-7: UCS-2
        ("ł" * 71, 2),
        ("ł" * 134, 2),
        ("ł" * 135, 3),
        ("😀" * 35, 1),  # a surrogate pair counts two UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_sms_segments(text, segments):
    assert sms_segments(text) == segments


def test_to_gsm_replaces_typography_that_forces_ucs2():
    text = "Tiket “MC-2026-000123” – status: selesai… • terima kasih\u00a0ya ‘Pak’"
    cleaned = to_gsm(text)
    assert cleaned == "Tiket \"MC-2026-000123\" - status: selesai... - terima kasih ya 'Pak'"
    assert not is_gsm7(text) and is_gsm7(cleaned)
    long = "Laporan Anda “diterima” " + "x" * 120
    assert (sms_segments(long), sms_segments(to_gsm(long))) == (3, 1)


def test_to_gsm_leaves_real_unicode_alone():
    assert to_gsm("Terima kasih 🙏") == "Terima kasih 🙏"
    assert to_gsm("a\u200bb\u00adc") == "abc"
