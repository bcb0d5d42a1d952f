"""Photos anyone may see are re-encoded (ticketing.filetypes.clean_photo): upright, at
most LONG_SIDE long, no metadata, and refused past MAX_PIXELS."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ticketing.filetypes import LONG_SIDE, PhotoError, clean_photo


def _photo(
    size: tuple[int, int], fmt: str = "JPEG", orientation: int | None = None, mode: str = "RGB"
) -> bytes:
    """A photo whose left half is red and right half blue, as the camera stored it."""
    image = Image.new(mode, size, (0, 0, 255) if mode == "RGB" else 0)
    if mode == "RGB":
        image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_large_photo_is_shrunk_to_the_long_side_keeping_its_shape():
    for fmt in ("JPEG", "PNG"):
        clean = _open(clean_photo(_photo((3000, 2000), fmt)))
        assert clean.format == "JPEG"
        assert clean.size == (LONG_SIDE, round(LONG_SIDE * 2000 / 3000))
        assert clean.getpixel((10, 10))[0] > 200  # left still red
        assert clean.getpixel((clean.width - 10, 10))[2] > 200  # right still blue


def test_a_photo_taken_sideways_is_turned_upright_after_shrinking():
    """Orientation 6: the camera stored it turned; the viewer turns it 90 degrees
    clockwise. The wide stored picture becomes tall, its left (red) half on top."""
    clean = _open(clean_photo(_photo((2400, 1800), orientation=6)))
    assert clean.size == (round(LONG_SIDE * 1800 / 2400), LONG_SIDE)
    assert clean.getpixel((10, 10))[0] > 200  # top: red
    assert clean.getpixel((10, clean.height - 10))[2] > 200  # bottom: blue
    assert not clean.getexif()  # no metadata left (the maker, the orientation)


def test_a_small_photo_keeps_its_size():
    assert _open(clean_photo(_photo((640, 480)))).size == (640, 480)


def test_a_picture_past_the_pixel_cap_is_refused_before_it_is_decoded():
    with pytest.raises(PhotoError):
        clean_photo(_photo((8000, 5001), "PNG", mode="1"))  # 1 bit a pixel: cheap to make
