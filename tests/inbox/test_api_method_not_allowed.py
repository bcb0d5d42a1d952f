"""A JSON answer to a method a path does not take (405) names the methods it does take
in its Allow header (RFC 9110), on the API and the other machine paths alike."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/api/v1/tickets", {"GET", "HEAD", "OPTIONS"}),
        ("DELETE", "/api/v1/tokens", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("GET", "/api/v1/tickets/MC-2026-000001/resolve", {"POST", "OPTIONS"}),
        ("PUT", "/api/v1/openapi.json", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_a_405_says_which_methods_the_path_takes(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.is_json and response.get_json()["error"] == "Method Not Allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed
    assert response.headers["Content-Type"].startswith("application/json")
