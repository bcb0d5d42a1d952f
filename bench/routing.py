"""Routing quality on the independent development set, one result line per commit.

Usage: python bench/routing.py [DEV_SET] [--holdout] [--train] [--no-record]

Trains the corpus model (or loads it from var/models), scores the development set
(written separately from the training data: never train on it or choose thresholds with
it), prints the report and appends the headline numbers with the commit hash to
bench/results/routing.jsonl. ``--holdout`` also trains on 80 % of the corpus and scores
the other 20 % (grouped by hand-written line), the reference the thresholds were chosen
on; ``--train`` times a fresh training on the whole corpus (wall clock and CPU, since the
machine may be shared). Prints numbers; it is not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aduan.config import load as load_config  # noqa: E402
from ticketing.routing import (  # noqa: E402
    Classifier,
    evaluate,
    load_corpus,
    load_or_train,
    read_jsonl,
    split_holdout,
    train,
)

DEV_SET = ROOT / "bench" / "data" / "routing_dev.jsonl"
RESULTS = ROOT / "bench" / "results" / "routing.jsonl"
TARGETS = {
    "kind_accuracy": ">= 0.95",
    "complaint_opd_accuracy": ">= 0.92",
    "emergency_recall": "== 1.0",
    "false_emergency_rate": "<= 0.01",
    "auto_accuracy": ">= 0.95",
    "triage_rate": "<= 0.25",
}


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() or "unknown"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DEV_SET
    threshold = float(load_config({"SECRET_KEY": "bench"})["ROUTING_THRESHOLD"])

    if "--train" in sys.argv:
        wall, cpu = time.perf_counter(), time.process_time()
        fresh = train(load_corpus())
        print(
            f"training on {fresh.n_examples} examples: {time.perf_counter() - wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU"
        )
    start = time.perf_counter()
    model = load_or_train(ROOT / "var" / "models")
    print(f"model ready in {time.perf_counter() - start:.1f} s ({model.n_examples} examples)")
    classifier = Classifier(model, threshold)
    report = evaluate(classifier, read_jsonl(path))
    print(f"== {path.name} (threshold {threshold}) ==")
    print(report.format())
    print("targets (issue 14): " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()))

    row: dict[str, object] = {
        "commit": _commit(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "set": path.name,
        "threshold": threshold,
        **report.as_dict(),
    }
    if "--holdout" in sys.argv:
        fit, held = split_holdout(load_corpus())
        start = time.perf_counter()
        split_model = train(fit)
        print(f"== corpus holdout ({len(held)}; trained in {time.perf_counter() - start:.1f} s) ==")
        ref = evaluate(Classifier(split_model, threshold), held)
        print(ref.format(top=5))
        row["holdout"] = ref.as_dict()
    if "--no-record" not in sys.argv:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
        print(f"recorded in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
