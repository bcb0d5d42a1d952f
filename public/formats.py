"""Open311 GeoReport v2 output: the same data as XML (required by the spec) or JSON
(the Spark convention: a list element becomes an array). W3C datetimes with the
desk's UTC offset, UTF-8 everywhere, errors as a list of {code, description}."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from flask import Response

from aduan import timefmt

FORMATS = ("xml", "json")
MIMETYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# Element names of list items (GeoReport v2 and Service Discovery).
ITEMS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry (a citizen's text may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c(value: datetime | None) -> str | None:
    """Returns e.g. "2026-11-30T15:00:00+07:00" (seconds, the desk's offset), or None."""
    if value is None:
        return None
    return timefmt.local(value).replace(microsecond=0).isoformat()


def _plain(value: Any) -> Any:
    """Returns a JSON-ready value: datetimes as W3C strings, the rest unchanged."""
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list | tuple):
        name = ITEMS.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, name), item)
    else:
        element.text = _text(value)


def xml_text(root: str, value: Any) -> str:
    """Returns the XML document <root>value</root> with its declaration."""
    element = ElementTree.Element(root)
    _fill(element, value)
    body = ElementTree.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body


def render(fmt: str, root: str, value: Any, status: int = 200) -> Response:
    """Returns the response for `value` in `fmt`: JSON as it is (a list stays a bare
    array, as in the spec's examples), XML under the element `root`."""
    json_body = fmt == "json"
    body = json.dumps(_plain(value), ensure_ascii=False) if json_body else xml_text(root, value)
    response = Response(body, status=status, mimetype=None, content_type=MIMETYPES[fmt])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description: str, code: int | str | None = None) -> Response:
    """Returns the spec's error list with one error, under HTTP `status`."""
    fmt = fmt if fmt in FORMATS else "xml"
    body = [{"code": code if code is not None else status, "description": description}]
    return render(fmt, "errors", body, status)
