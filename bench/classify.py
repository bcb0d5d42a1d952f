"""Benchmark the routing classifier: model load time, throughput and peak memory.

Usage: python bench/classify.py [CACHE_DIR] [REPEAT]   (defaults: var/models, 20)
Prints numbers; it is not a test.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ticketing.routing import Classifier, Model, load_or_train, read_jsonl  # noqa: E402
from ticketing.routing.corpus import corpus_hash  # noqa: E402
from ticketing.routing.model import cache_path  # noqa: E402

HOLDOUT = ROOT / "tests" / "routing" / "holdout.jsonl"


def main() -> None:
    cache_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "models"
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 20

    start = time.perf_counter()
    load_or_train(cache_dir)  # trains only when the cache is missing or stale
    print(f"load_or_train (first call)  {time.perf_counter() - start:8.3f} s")

    path = cache_path(cache_dir, corpus_hash())
    start = time.perf_counter()
    model = Model.load(path)
    load_s = time.perf_counter() - start
    print(f"model load from cache       {load_s:8.3f} s  ({path.stat().st_size / 1e6:.1f} MB)")

    classifier = Classifier(model)
    # Every text distinct (a round number appended), so the model's per-text cache never hits.
    holdout = [ex.text for ex in read_jsonl(HOLDOUT)]
    texts = [f"{text} ({n})" for n in range(repeat) for text in holdout]
    classifier.classify("warm up")
    start = time.perf_counter()
    for text in texts:
        classifier.classify(text)
    elapsed = time.perf_counter() - start
    print(
        f"classification throughput   {len(texts) / elapsed:8.0f} messages/s "
        f"({len(texts)} messages, {1000 * elapsed / len(texts):.2f} ms each)"
    )

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS                    {peak_kb / 1024:8.1f} MB")


if __name__ == "__main__":
    main()
