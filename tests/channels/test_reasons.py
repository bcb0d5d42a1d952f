"""Adapters translate provider error codes into failure reasons (channels.base.REASONS):
the rest of the desk decides on the reason, never on a provider's code."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from channels import base
from channels.meta_common import StatusUpdate, graph_error
from channels.twilio_adapter import translate_error
from channels.twilio_messaging import StatusUpdate as TwilioStatus
from channels.twilio_messaging import delivery_status as twilio_status
from channels.whatsapp_cloud import delivery_status as cloud_status


def twilio(code: int, http: int = 400) -> base.ChannelError:
    return translate_error(TwilioRestException(http, "https://api.twilio.com/x", "no", code))


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (21610, base.RECIPIENT_UNREACHABLE),  # STOP
        (21211, base.RECIPIENT_UNREACHABLE),  # invalid number
        (63024, base.NOT_ON_WHATSAPP),
        (63016, base.WINDOW_CLOSED),
        (21608, base.CONFIG),
        (20429, base.RATE_LIMITED),
        (30001, base.TRANSIENT),
    ],
)
def test_twilio_codes_become_reasons(code, reason):
    http = 429 if code == 20429 else (500 if code == 30001 else 400)
    assert twilio(code, http).reason == reason


@pytest.mark.parametrize(
    ("code", "subcode", "reason"),
    [
        (131047, None, base.WINDOW_CLOSED),
        (131026, None, base.NOT_ON_WHATSAPP),
        (132001, None, base.TEMPLATE_REJECTED),
        (132015, None, base.TEMPLATE_REJECTED),
        (551, None, base.RECIPIENT_UNREACHABLE),
        (10, 2018278, base.WINDOW_CLOSED),
        (190, None, base.AUTH),
        (130429, None, base.RATE_LIMITED),
        (100, None, base.REJECTED),
    ],
)
def test_graph_codes_become_reasons(code, subcode, reason):
    error = {"code": code, "message": "m"}
    if subcode is not None:
        error["error_subcode"] = subcode
    assert graph_error(400, {"error": error}).reason == reason


def test_a_late_failed_status_carries_its_reason_on_both_whatsapp_routes():
    twilio_update = TwilioStatus("SM1", "undelivered", "63016", "whatsapp")
    assert twilio_status(twilio_update) == base.DeliveryStatus(
        "SM1", "undeliverable", "63016", base.WINDOW_CLOSED
    )
    cloud = StatusUpdate("wamid.1", "failed", timestamp=None, error_code="131047")  # type: ignore[arg-type]
    assert cloud_status(cloud).reason == base.WINDOW_CLOSED
    assert cloud_status(StatusUpdate("wamid.2", "delivered", timestamp=None)).reason is None  # type: ignore[arg-type]
    assert twilio_status(TwilioStatus("SM2", "queued", None, "sms")) is None


def test_an_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        base.ChannelError("x", reason="blocked")
    assert base.ChannelError("x").reason == base.TRANSIENT
    assert base.ChannelError("x", permanent=True).reason == base.REJECTED
