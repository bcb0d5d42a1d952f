"""Open311 GeoReport v2 reads: every GET in XML and JSON, the filters and their errors
as the spec words them, and a GeoReport client (PyPI `georeport`) against the live app."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import xmltodict
from sqlalchemy import select

from aduan.extensions import db
from tests.public.helpers import listed_ticket
from ticketing import services
from ticketing.models import Opd

NOW = datetime.now(UTC).replace(microsecond=0)
BASE = "/open311/v2"


def get(client, path: str, fmt: str, **params):
    """Returns (status, parsed body) of GET BASE/path.fmt, checking the content type."""
    response = client.get(f"{BASE}/{path}.{fmt}", query_string=params)
    if fmt == "json":
        assert response.content_type == "application/json; charset=utf-8"
        return response.status_code, json.loads(response.data)
    assert response.content_type == "text/xml; charset=utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return response.status_code, xmltodict.parse(response.data, force_list=("request", "error"))


def requests_of(client, fmt: str, **params) -> list[dict]:
    status, body = get(client, "requests", fmt, **params)
    assert status == 200, body
    if fmt == "json":
        return body
    return (body["service_requests"] or {}).get("request", [])


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_discovery_services_and_definitions_in_both_formats(client, fmt):
    status, body = get(client, "discovery", fmt)
    assert status == 200
    endpoint = body["endpoints"][0] if fmt == "json" else body["discovery"]["endpoints"]["endpoint"]
    assert endpoint["url"] == "https://aduan.example.org/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    status, body = get(client, "services", fmt)
    items = body if fmt == "json" else body["services"]["service"]
    by_code = {s["service_code"]: s for s in items}
    pothole = by_code["jalan-rusak"]
    assert pothole["group"] == "Dinas Sumber Daya Air dan Bina Marga"
    assert pothole["metadata"] in (True, "true") and pothole["type"] == "batch"
    assert by_code["saluran-mampet"]["metadata"] in (False, "false")
    assert "DSDABM" in by_code and "DINSOS" not in by_code  # personal units are not offered
    status, body = get(client, "services/jalan-rusak", fmt)
    definition = body if fmt == "json" else body["service_definition"]
    attribute = (
        definition["attributes"][0] if fmt == "json" else definition["attributes"]["attribute"]
    )
    assert attribute["code"] == "ukuran" and attribute["datatype"] == "singlevaluelist"
    status, body = get(client, "services/tidak-ada", fmt)
    errors = body if fmt == "json" else body["errors"]["error"]
    assert status == 404 and errors[0]["code"] in (404, "404")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_requests_list_and_one_request_in_both_formats(app, client, fmt):
    open_one = listed_ticket(NOW - timedelta(days=2), service_code="jalan-rusak")
    open_one.resolution_due_at = NOW + timedelta(days=3)
    done = listed_ticket(NOW - timedelta(days=1), opd="DLH", summary="Sampah menumpuk di TPS")
    done.status, done.resolved_at = "resolved", NOW
    db.session.commit()
    items = requests_of(client, fmt)
    assert [r["service_request_id"] for r in items] == [done.number, open_one.number]
    first = {r["service_request_id"]: r for r in items}[open_one.number]
    assert first["status"] == "open" and first["service_code"] == "jalan-rusak"
    assert first["agency_responsible"] == "Dinas Sumber Daya Air dan Bina Marga"
    assert (
        first["requested_datetime"]
        == (NOW - timedelta(days=2))
        .astimezone(__import__("zoneinfo").ZoneInfo("Asia/Jakarta"))
        .isoformat()
    )
    assert first["requested_datetime"].endswith("+07:00")
    assert first["expected_datetime"].endswith("+07:00")
    assert float(first["lat"]) == pytest.approx(-7.2611, abs=0.0005)
    assert {r["service_request_id"]: r for r in items}[done.number]["status"] == "closed"
    assert {r["service_request_id"]: r for r in items}[done.number]["service_code"] == "DLH"
    status, body = get(client, f"requests/{open_one.number}", fmt)
    one = body[0] if fmt == "json" else body["service_requests"]["request"][0]
    assert status == 200 and one["service_request_id"] == open_one.number
    status, body = get(client, "requests/MC-2026-999999", fmt)
    assert status == 404


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_request_filters_follow_the_spec(app, client, fmt):
    old = listed_ticket(NOW - timedelta(days=120))
    recent = listed_ticket(NOW - timedelta(days=5), service_code="jalan-rusak")
    closed = listed_ticket(NOW - timedelta(days=3), opd="DISHUB", service_code="pju-mati")
    closed.status = "closed"
    db.session.commit()

    def ids(**params):
        return [r["service_request_id"] for r in requests_of(client, fmt, **params)]

    assert ids() == [closed.number, recent.number]  # the last 90 days by default
    assert ids(status="open") == [recent.number]
    assert ids(status="closed") == [closed.number]
    assert ids(status="open,closed") == [closed.number, recent.number]
    assert ids(service_code="pju-mati") == [closed.number]
    assert ids(service_code="pju-mati,jalan-rusak") == [closed.number, recent.number]
    assert ids(service_code="DSDABM") == []  # the category is not the general service
    start = (NOW - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (NOW - timedelta(days=60)).isoformat()
    assert ids(start_date=start, end_date=end) == [old.number]
    assert ids(start_date=start) == [old.number]  # 90 days from the start
    # the id list overrides every other filter, the window included
    assert ids(service_request_id=f"{old.number},{closed.number}", status="open") == [
        closed.number,
        old.number,
    ]
    for params, word in [
        ({"start_date": start, "end_date": NOW.isoformat()}, "90 days"),
        ({"start_date": "yesterday"}, "W3C"),
        ({"start_date": "2026-01-01T00:00:00"}, "time zone"),
        ({"status": "pending"}, "status"),
        ({"end_date": start, "start_date": end}, "before"),
        ({"start_date": "9999-12-31T23:59:59+14:00"}, "W3C"),
        ({"end_date": "0001-01-01T00:00:00-14:00"}, "W3C"),
        ({"start_date": "9999-12-31T23:59:59-14:00", "end_date": "9999-12-31"}, "W3C"),
        ({"end_date": "0001-01-01"}, "W3C"),
    ]:
        status, body = get(client, "requests", fmt, **params)
        errors = body if fmt == "json" else body["errors"]["error"]
        assert status == 400 and word in errors[0]["description"], params
    status, body = get(client, "requests", fmt, jurisdiction_id="other.city.gov")
    assert status == 404
    assert get(client, "requests", fmt, jurisdiction_id="surabaya.go.id")[0] == 200


def test_a_long_list_of_service_codes_is_read_not_a_500(app, client):
    """Each code was a clause of its own: 1,900 made-up codes in one URL (or as many
    made-up kelurahan units) made SQLite's expression tree too deep, a 500 to anyone."""
    recent = listed_ticket(NOW - timedelta(days=5), service_code="jalan-rusak")
    for codes in (
        ["x"] * 1900,
        [f"KEL-{n}" for n in range(700)],
        ["jalan-rusak"] * 330 + ["pju-mati"],
        [*services.BY_CODE, *(o.code for o in db.session.execute(select(Opd)).scalars())],
    ):
        found = requests_of(client, "json", service_code=",".join(codes))
        wanted = [recent.number] if "jalan-rusak" in codes else []
        assert [r["service_request_id"] for r in found] == wanted


def test_unknown_resources_answer_in_the_spec_error_format(client):
    response = client.get(f"{BASE}/nothing.json")
    assert response.status_code == 404 and json.loads(response.data)[0]["code"] == 404
    response = client.get(f"{BASE}/requests.csv")
    assert response.status_code == 404
    assert xmltodict.parse(response.data)["errors"]["error"]["code"] == "404"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_georeport_client_reads_services_and_requests(app, live_url, fmt):
    from georeport import GeoReport

    ticket = listed_ticket(NOW - timedelta(hours=3), service_code="jalan-rusak")
    db.session.commit()
    client = GeoReport(f"{live_url}/open311/v2", jurisdiction="surabaya.go.id", output_format=fmt)
    codes = [s["service_code"] for s in client.get_service_list()]
    assert "jalan-rusak" in codes and "pju-mati" in codes
    definition = client.get_service_definition("jalan-rusak")
    assert definition["service_code"] == "jalan-rusak"
    found = client.get_service_requests(status="open", service_code="jalan-rusak")
    found = found if isinstance(found, list) else [found]
    assert [r["service_request_id"] for r in found] == [ticket.number]
    one = client.get_service_request(ticket.number)
    one = one[0] if isinstance(one, list) else one
    assert one["service_request_id"] == ticket.number and one["status"] == "open"
