"""Open311 GeoReport v2 as the spec writes it: our XML writer reproduces the spec's
examples, and every resource answers with the spec's element names, in its order."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import xmltodict

from public import formats
from tests.payloads import FIXTURES
from tests.public.helpers import listed_ticket

EXAMPLES = FIXTURES / "open311"
NOW = datetime.now(UTC)


def example(name: str) -> dict:
    return xmltodict.parse((EXAMPLES / f"{name}.xml").read_text())


@pytest.mark.parametrize(
    ("name", "root", "items"),
    [
        ("services", "services", "service"),
        ("requests", "service_requests", "request"),
        ("post_response", "service_requests", "request"),
        ("token", "service_requests", "request"),
        ("errors", "errors", "error"),
    ],
)
def test_the_spec_examples_round_trip_through_our_xml_writer(name, root, items):
    parsed = example(name)
    listed = [parsed[root][items]]
    again = xmltodict.parse(formats.xml_text(root, listed))
    assert again == parsed


def test_the_spec_service_definition_and_discovery_round_trip():
    definition = example("service_definition")["service_definition"]
    attribute = definition["attributes"]["attribute"]
    value = {
        "service_code": definition["service_code"],
        "attributes": [dict(attribute, values=attribute["values"]["value"])],
    }
    assert xmltodict.parse(formats.xml_text("service_definition", value)) == example(
        "service_definition"
    )
    discovery = example("discovery")["discovery"]
    endpoint = discovery["endpoints"]["endpoint"]
    value = dict(
        discovery,
        endpoints=[dict(endpoint, formats=[endpoint["formats"]["format"]])],
    )
    assert xmltodict.parse(formats.xml_text("discovery", value)) == example("discovery")


def _keys(element: dict) -> list[str]:
    return [key for key in element if not key.startswith("@")]


def test_a_request_has_the_spec_elements_in_the_spec_order(app, client):
    listed_ticket(NOW)
    from aduan.extensions import db

    db.session.commit()
    spec = _keys(example("requests")["service_requests"]["request"])
    xml = xmltodict.parse(client.get("/open311/v2/requests.xml").data)
    assert _keys(xml["service_requests"]["request"]) == spec
    body = json.loads(client.get("/open311/v2/requests.json").data)
    assert list(body[0]) == spec


def test_services_and_definitions_have_the_spec_elements(client):
    spec = _keys(example("services")["services"]["service"])
    services = xmltodict.parse(client.get("/open311/v2/services.xml").data)["services"]["service"]
    assert all(_keys(s) == spec for s in services)
    assert all(list(s) == spec for s in json.loads(client.get("/open311/v2/services.json").data))
    spec_attr = _keys(
        example("service_definition")["service_definition"]["attributes"]["attribute"]
    )
    body = json.loads(client.get("/open311/v2/services/jalan-rusak.json").data)
    assert list(body) == ["service_code", "attributes"]
    assert list(body["attributes"][0]) == spec_attr


def test_errors_and_discovery_have_the_spec_elements(client):
    spec = _keys(example("errors")["errors"]["error"])
    xml = xmltodict.parse(client.get("/open311/v2/requests/MC-2026-999999.xml").data)
    assert _keys(xml["errors"]["error"]) == spec
    spec = _keys(example("discovery")["discovery"])
    assert list(json.loads(client.get("/open311/v2/discovery.json").data)) == spec
