"""channels.meta_common: webhook signature and subscription checks, Graph error mapping."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from channels.base import split_text
from channels.meta_common import (
    GRAPH_ERRORS,
    graph_error,
    sign,
    verify_signature,
    verify_subscription,
)
from tests.channels.test_meta_helpers import FIXTURES

SECRET = "3f1d2c8b9a7e6f5d4c3b2a1908f7e6d5"
BODY = (FIXTURES / "whatsapp_cloud" / "text.json").read_bytes()


def header_for(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# ----------------------------------------------------------------------- signatures


def test_good_signature_over_the_raw_bytes_verifies():
    assert verify_signature(SECRET, BODY, header_for(BODY))
    assert sign(SECRET, BODY) == header_for(BODY)


def test_signature_under_another_secret_fails():
    assert not verify_signature(SECRET, BODY, header_for(BODY, "other-secret"))


def test_one_appended_space_fails():
    assert not verify_signature(SECRET, BODY + b" ", header_for(BODY))


def test_reserialised_json_fails_where_meta_escapes_slashes():
    body = b'{"url":"https:\\/\\/lookaside.fbsbx.com\\/x","text":"caf\\u00e9"}'
    resent = '{"url":"https://lookaside.fbsbx.com/x","text":"café"}'.encode()
    assert verify_signature(SECRET, body, header_for(body))
    assert not verify_signature(SECRET, resent, header_for(body))


@pytest.mark.parametrize("header", [None, "", "sha256=", "sha1=abc", "deadbeef"])
def test_missing_or_malformed_header_fails(header):
    assert not verify_signature(SECRET, BODY, header)


def test_empty_app_secret_never_verifies():
    assert not verify_signature("", BODY, header_for(BODY, ""))


# ----------------------------------------------------------------------- subscription


def args(mode: str = "subscribe", token: str = "verify-me") -> dict[str, str]:
    return {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": "1158201444"}


def test_subscription_with_the_right_token_returns_the_challenge():
    assert verify_subscription(args(), "verify-me") == "1158201444"


@pytest.mark.parametrize(
    ("query", "token"),
    [
        (args(token="wrong"), "verify-me"),
        (args(mode="unsubscribe"), "verify-me"),
        ({}, "verify-me"),
        (args(token=""), ""),
    ],
)
def test_subscription_is_refused_otherwise(query, token):
    assert verify_subscription(query, token) is None


# ----------------------------------------------------------------------- errors


def graph(code: int, subcode: int | None = None, http: int = 400, **extra):
    error = {"message": f"(#{code}) test", "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    return graph_error(http, {"error": error | extra | {"fbtrace_id": "AbC"}})


@pytest.mark.parametrize(
    ("code", "http", "permanent"),
    [
        (131047, 400, True),
        (132001, 404, True),
        (132000, 400, True),
        (132012, 400, True),
        (131026, 400, True),
        (131051, 400, True),
        (100, 400, True),
        (190, 401, True),
        (551, 400, True),
        (230, 403, True),  # permission errors 200-299
        (130429, 429, False),
        (131056, 400, False),
        (80007, 400, False),
        (4, 400, False),
        (613, 400, False),
        (131000, 500, False),
        (1, 500, False),
        (2, 503, False),
    ],
)
def test_graph_codes_map_to_permanent_or_transient(code, http, permanent):
    error = graph(code, http=http)
    assert error.permanent is permanent
    assert error.code == str(code)


def test_messenger_outside_window_gets_its_own_code():
    error = graph(10, 2018278)
    assert (error.code, error.permanent) == ("outside_window", True)
    assert graph(10).code == "10" and graph(10).permanent


def test_unknown_codes_follow_is_transient_then_the_http_status():
    assert not graph(999_001, http=400, is_transient=True).permanent
    assert graph(999_002, http=400).permanent
    assert not graph(999_003, http=502).permanent


def test_non_json_answers_map_by_http_status():
    assert not graph_error(502, None).permanent
    assert not graph_error(429, "Too Many Requests").permanent
    assert graph_error(404, None).permanent and graph_error(404, None).code == "404"


def test_error_details_are_kept_and_the_token_is_blanked():
    body = {
        "error": {"message": "bad token EAAG123", "code": 190, "error_data": {"details": "expired"}}
    }
    error = graph_error(401, body, secret="EAAG123")
    assert "EAAG123" not in str(error) and "<token>" in str(error) and "expired" in str(error)


def test_every_table_entry_has_a_meaning():
    assert all(isinstance(meaning, str) and meaning for _, meaning in GRAPH_ERRORS.values())


def test_split_text_cuts_at_spaces_within_the_limit():
    parts = split_text("kata " * 500, 100)
    assert all(len(part) <= 100 for part in parts)
    assert " ".join(parts).split() == ["kata"] * 500
    assert split_text("   ", 10) == []
