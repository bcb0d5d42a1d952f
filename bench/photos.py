"""CPU of re-encoding the photos anyone may see (ticketing.filetypes.clean_photo), next to
the plain order measured in the same run (decode at full size, turn, convert, shrink):
the cost a large upload to the web form puts on the web process.

    PYTHONPATH=. .venv/bin/python bench/photos.py [-n 3]

Prints the median CPU ms per photo for each case. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import io
import statistics
import time

from PIL import Image, ImageOps

from ticketing.filetypes import LONG_SIDE, clean_photo


def plain(content: bytes) -> bytes:
    """The reference: every step at full size, Pillow's default shrink."""
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        clean = ImageOps.exif_transpose(image).convert("RGB")
    clean.thumbnail((LONG_SIDE, LONG_SIDE))
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def cases() -> dict[str, bytes]:
    def encoded(image: Image.Image, fmt: str) -> bytes:
        out = io.BytesIO()
        image.save(out, fmt, quality=90) if fmt == "JPEG" else image.save(out, fmt)
        return out.getvalue()

    noise = Image.effect_noise((8000, 5000), 40).convert("RGB")  # a 40-megapixel phone
    return {
        "JPEG 4000x3000 (12 MP phone)": encoded(noise.crop((0, 0, 4000, 3000)), "JPEG"),
        "JPEG 8000x5000 (40 MP)": encoded(noise, "JPEG"),
        "PNG 6300x6300 blank (112 KB)": encoded(Image.new("RGB", (6300, 6300)), "PNG"),
        "JPEG 1600x1200 (already small)": encoded(noise.crop((0, 0, 1600, 1200)), "JPEG"),
    }


def cpu_ms(work, content: bytes, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        started = time.process_time()
        work(content)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3, help="runs per case (the median is shown)")
    args = parser.parse_args()
    print(f"{'photo':32} {'clean_photo':>12} {'plain order':>12} {'ratio':>6}")
    for name, content in cases().items():
        ours, reference = cpu_ms(clean_photo, content, args.n), cpu_ms(plain, content, args.n)
        print(f"{name:32} {ours:9.0f} ms {reference:9.0f} ms {ours / reference:5.2f}x")


if __name__ == "__main__":
    main()
