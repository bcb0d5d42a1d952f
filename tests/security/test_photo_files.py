"""Broken photo files get a clear 400, never a 500. A PNG with a damaged chunk made
Pillow raise SyntaxError, and a JPEG whose EXIF holds a value of the wrong type made
exif_transpose raise TypeError or AttributeError while re-writing the EXIF (which the
cleaned photo never keeps): both were a 500 on /lapor and on Open311 POST."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from aduan.extensions import db
from tests.public.helpers import form, partner_key
from ticketing import filetypes
from ticketing.models import InboundEvent


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def broken_png() -> bytes:
    """A PNG whose pixel data goes on in a chunk with a garbled name: Pillow raises
    SyntaxError ("broken PNG file") while decoding."""
    out = io.BytesIO()
    Image.effect_noise((64, 48), 50).convert("RGB").save(out, "PNG")
    png = out.getvalue()
    header, (size,) = png[8:33], struct.unpack(">I", png[33:37])
    pixels = png[41 : 41 + size]
    half = len(pixels) // 2
    return (
        png[:8]
        + header
        + chunk(b"IDAT", pixels[:half])
        + b"\x00\x00\x00\x10\x00IEN"
        + pixels[half:]
        + chunk(b"IEND", b"")
    )


def odd_exif_jpeg(tag: int, field_type: int, count: int, value: bytes) -> bytes:
    """A 64x48 JPEG whose EXIF says "turn 90 degrees" (Orientation 6) and holds `tag` with
    the given TIFF type and 4-byte value."""
    entries = sorted([(0x0112, 3, 1, struct.pack("<HH", 6, 0)), (tag, field_type, count, value)])
    ifd = struct.pack("<H", len(entries))
    ifd += b"".join(struct.pack("<HHI", t, ft, c) + v for t, ft, c, v in entries)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return out.getvalue()


ODD_EXIF = [
    odd_exif_jpeg(0x011A, 2, 4, b"abc\x00"),  # XResolution as text: TypeError
    odd_exif_jpeg(0x0110, 5, 1, b"\x00\x00\x00\x00"),  # Model as a fraction: AttributeError
]


def test_a_broken_png_is_refused_with_a_400_and_nothing_is_kept(client):
    photo = (io.BytesIO(broken_png()), "foto.png")
    response = client.post(
        "/lapor", data=form(client, photo=photo), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "bukan foto" in response.get_data(as_text=True)
    assert db.session.execute(select(InboundEvent)).first() is None


def test_open311_refuses_a_broken_png_with_a_400(client):
    key = partner_key()
    data = {
        "api_key": key,
        "service_code": "jalan-rusak",
        "lat": "-7.2656",
        "long": "112.7418",
        "description": "Lubang besar di tengah jalan dekat halte",
        "media": (io.BytesIO(broken_png()), "foto.png"),
    }
    response = client.post("/open311/v2/requests.json", data=data)
    assert response.status_code == 400
    assert db.session.execute(select(InboundEvent)).first() is None


@pytest.mark.parametrize("content", ODD_EXIF)
def test_a_photo_with_odd_exif_is_kept_upright_without_its_metadata(content):
    cleaned = Image.open(io.BytesIO(filetypes.clean_photo(content)))
    assert cleaned.size == (48, 64)  # turned as its Orientation says
    assert not cleaned.getexif()


@pytest.mark.parametrize("content", ODD_EXIF)
def test_the_web_form_takes_a_photo_with_odd_exif(client, content):
    photo = (io.BytesIO(content), "foto.jpg")
    response = client.post(
        "/lapor", data=form(client, photo=photo), content_type="multipart/form-data"
    )
    assert response.status_code == 303
