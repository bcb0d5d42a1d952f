"""What an intake worker's per-text caches cost in memory, and where they stop growing.

Usage: python bench/textcaches.py [N] [CACHE_DIR] [--trace]   (defaults: 30000, var/models)

Feeds N distinct flood-like texts (one per citizen, as bench/flood.py sends) through the
caches the intake fills for every message, in batches of 50 as the job does: the routing
model's feature rows (Model.warm, capped at VECTOR_CACHE), normalize.canonical and
places.place_keys (lru caches). Every 2,500 texts prints the process's RSS, the memory
tracemalloc sees (with --trace; slower) and each cache's size, so a cache still filling
(RSS rising by about the same per text) shows apart from one at its cap (RSS flat).
Prints numbers; it is not a test."""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aduan  # noqa: E402, F401  (the app package first: ticketing.models imports it)
from bench.ingest import TEXTS  # noqa: E402
from ticketing import places  # noqa: E402
from ticketing.routing import load_or_train, model, normalize  # noqa: E402

BATCH = 50  # ticketing/inbound/jobs.py claims batches of INBOUND_BATCH (50)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    trace = "--trace" in sys.argv
    n = int(args[0]) if args else 30_000
    cache_dir = Path(args[1]) if len(args) > 1 else ROOT / "var" / "models"
    fitted = load_or_train(cache_dir)
    texts = [TEXTS[i % len(TEXTS)].format(n=i) for i in range(n)]
    if trace:
        tracemalloc.start()
    gc.collect()
    start = rss_mb()
    print(f"start: RSS {start:.1f} MB; VECTOR_CACHE {model.VECTOR_CACHE}")
    for i in range(0, n, BATCH):
        batch = texts[i : i + BATCH]
        fitted.warm(batch)
        for text in batch:
            places.place_keys(text, None, None)
        done = i + len(batch)
        if done % 2500 == 0 or done == n:
            gc.collect()
            traced = f"{tracemalloc.get_traced_memory()[0] / 1e6:6.1f} MB" if trace else "-"
            print(
                f"{done:7d} texts: RSS {rss_mb():7.1f} MB (+{rss_mb() - start:5.1f}), "
                f"traced {traced}; rows {len(fitted.__dict__.get('_vectors', {}))}, "
                f"canonical {normalize.canonical.cache_info().currsize}, "
                f"place_keys {places.place_keys.cache_info().currsize}",
                flush=True,
            )


if __name__ == "__main__":
    main()
