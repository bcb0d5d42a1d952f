"""Which files the desk keeps as what, and how it hands them to a browser.

The bytes decide a file's type, never the name or the type a provider or a citizen
declared: only raster images (PNG, JPEG, GIF, WebP), audio, video and
PDF are recognised. Everything else (SVG, HTML, XML, office files, unknown bytes) is kept
as an inert `application/octet-stream` download. Served files carry `nosniff`, a CSP
that lets nothing run, and `Content-Disposition: attachment` unless they are images,
audio or video."""

from __future__ import annotations

import io
import struct
import warnings
from typing import Any

from flask import Response, send_file
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ticketing import storage

INERT = "application/octet-stream"
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/aac": ".aac",
    "audio/amr": ".amr",
    "audio/wav": ".wav",
    "audio/mp4": ".m4a",
    "audio/webm": ".weba",
    "audio/3gpp": ".3gp",
    "video/mp4": ".mp4",
    "video/3gpp": ".3gp",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "application/pdf": ".pdf",
    INERT: ".bin",
}
# Photos anyone may see (the web form's, public evidence) are re-encoded: raster only.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000
LONG_SIDE = 2048


class PhotoError(ValueError):
    """Not a photo the desk can read (the message says why, in Indonesian)."""


def clean_photo(content: bytes) -> bytes:
    """Returns the photo re-encoded as JPEG without its metadata (EXIF GPS, the phone's
    make, times), turned upright and at most LONG_SIDE pixels long. Raises PhotoError."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in PHOTO_FORMATS:
                raise PhotoError(_l("Hanya foto JPEG, PNG atau WebP yang diterima."))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(_l("Ukuran gambar terlalu besar."))
            # Shrunk first, then turned and converted: a JPEG is decoded at a reduced
            # scale, a large image is box-averaged down before the finer resize, and
            # the full-size pixels are never copied (a 40-megapixel image cost seconds
            # of CPU). The box is square, so turning after gives the same picture.
            image.thumbnail((LONG_SIDE, LONG_SIDE), reducing_gap=1.0)
            # The orientation is read, then the metadata dropped before turning: the copy
            # is never saved with it, and Pillow re-writing a malformed EXIF block in
            # exif_transpose raised TypeError or AttributeError (a 500 on /lapor).
            image.getexif()
            image.info.clear()
            clean = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        ValueError,
        SyntaxError,  # Pillow's word for a broken PNG chunk ("broken PNG file")
        struct.error,
    ) as exc:
        raise PhotoError(_l("Berkas bukan foto JPEG, PNG atau WebP yang bisa dibaca.")) from exc
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


# What a browser may show in the page; the rest is only ever downloaded.
INLINE = ("image/", "audio/", "video/")
# What a served file may do if a browser renders it anyway: nothing.
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'; sandbox"


def _image(head: bytes) -> str | None:
    """Raster images by their signature. Served with their own type and nosniff, a
    browser only ever draws them, so a broken picture is harmless."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _container(head: bytes, declared: str) -> str | None:
    """Audio, video and PDF by their magic bytes; the declared family only settles the
    containers that hold either sound or pictures (MP4, 3GP, WebM, Ogg)."""
    audio = declared.startswith("audio/")
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        if brand.startswith(b"3g"):
            return "audio/3gpp" if audio else "video/3gpp"
        if brand == b"qt  ":
            return "video/quicktime"
        return "audio/mp4" if audio else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm" if audio else "video/webm"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # MPEG frame sync
        return "audio/aac" if head[1] & 0x06 == 0 else "audio/mpeg"
    return None


def sniff(content: bytes, declared: str | None = None) -> str:
    """Returns the type `content` really is when it is one the desk keeps (a raster
    image, audio, video, PDF), else "application/octet-stream". `declared` (the
    provider's or the browser's type) only tells audio from video in shared containers."""
    head = content[:16]
    return _image(head) or _container(head, (declared or "").lower()) or INERT


def drawable(source: Any) -> bool:
    """True when the image in the open file `source` has at most MAX_PIXELS (read from
    its header; nothing is decoded). A bomb of a few hundred bytes can say 60 000 x
    60 000, and the page that shows it inline would have the browser draw them all."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                return image.width * image.height <= MAX_PIXELS
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return False  # a picture no reader can size is no picture to draw


def extension(mime: str) -> str:
    """Returns the file extension the desk uses for a sniffed type."""
    return EXTENSIONS.get(mime, ".bin")


def serve(key: str, name: str, declared: str | None = None, max_age: int = 0) -> Response:
    """Returns the stored file under `key` as a response whose type comes from its bytes
    (see `sniff`), with nosniff, a CSP that runs nothing, and an attachment disposition
    named `name` for whatever is not an image, audio or video. Raises storage.NotFound."""
    source = storage.open_media(key)
    mime = sniff(source.read(16), declared)
    source.seek(0)
    if mime.startswith("image/") and not drawable(source):
        mime = INERT  # a browser would set out to draw it all: a download instead
    source.seek(0)
    response = send_file(source, mimetype=mime, max_age=max_age)  # closed when sent
    inline = mime.startswith(INLINE)
    filename = name + extension(mime)
    disposition: Any = "inline" if inline else f'attachment; filename="{filename}"'
    response.headers["Content-Disposition"] = disposition
    response.headers["Content-Security-Policy"] = MEDIA_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
