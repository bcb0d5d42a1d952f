"""A generator of malformed payloads: every value of a real provider sample replaced, one
at a time, by a value of the wrong type or an absurd size, plus whole bodies that no
parser should trust (deep nesting, non-UTF-8, odd top levels)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

# What a buggy or hostile sender puts where a string, number, object or list belongs:
# every path gets the first four; the others take turns, two per path.
WRONG: tuple[Any, ...] = (
    "abc",
    None,
    {},
    [],
    "",
    1e30,
    -1e30,
    -1,
    0,
    2**70,
    True,
    ["abc"],
    {"a": "b"},
    "\x00",
    "9" * 400,
)
# Form parameters are strings: absurd ones.
WRONG_TEXT: tuple[str, ...] = (
    "",
    "abc",
    "-1",
    "1e30",
    "9" * 400,
    "\x00",
    "\ufffd\u202e",  # what undecodable bytes become, and a direction override
    "x" * 5000,
    "whatsapp:",
    "+",
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yields the path of every value inside `value` (object keys and list indexes)."""
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            yield (*prefix, key)
            yield from paths(child, (*prefix, key))


def replaced(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    """Returns a copy of `document` with the value at `path` replaced by `new`."""
    out = copy.deepcopy(document)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def mutations(document: Any, most: int = 30) -> Iterator[tuple[str, bytes]]:
    """Yields (label, body) for every WRONG value at each path of `document`: every path
    down to three levels, and deeper ones evenly sampled up to `most` paths in all."""
    found = list(paths(document))
    shallow = [p for p in found if len(p) <= 3]
    deep = [p for p in found if len(p) > 3]
    room = max(0, most - len(shallow))
    step = max(1, -(-len(deep) // room)) if room else len(deep) + 1
    for index, path in enumerate(shallow + deep[::step]):
        rest = WRONG[4:]
        turn = (rest[(2 * index) % len(rest)], rest[(2 * index + 1) % len(rest)])
        for new in (*WRONG[:4], *turn):
            label = "/".join(str(p) for p in path) + f" = {new!r:.20}"
            yield label, json.dumps(replaced(document, path, new)).encode()


def hostile_bodies(limit: int) -> Iterator[tuple[str, bytes]]:
    """Yields (label, body) of whole bodies nobody should trust, each under `limit` bytes."""
    depth = (limit - 16) // 2
    yield "deep arrays", b"[" * depth + b"]" * depth
    yield "deep objects", b'{"a":' * (depth // 6) + b"1" + b"}" * (depth // 6)
    yield "non-UTF-8", b'{"update_id": 1, "message": "\xff\xfe\xfa"}'
    yield "UTF-16", '{"object": "page"}'.encode("utf-16")
    yield "BOM", b'\xef\xbb\xbf{"object": "page"}'
    yield "empty object", b"{}"
    yield "empty body", b""
    yield "array", b"[]"
    yield "string", b'"abc"'
    yield "number", b"1e999"
    yield "NaN", b'{"entry": NaN, "object": "page", "update_id": NaN}'
    yield "null", b"null"
    yield "huge int", b'{"update_id": ' + b"9" * 5000 + b"}"
