"""Seed corpus: loading, hashing and splitting labelled examples."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

KINDS: tuple[str, ...] = (
    "complaint",
    "info_request",
    "emergency",
    "external",
    "not_complaint",
    "status_check",
)

OPD_CODES: tuple[str, ...] = (
    "DSDABM", "DLH", "DISHUB", "SATPOLPP", "DPKP", "BPBD", "DINSOS", "DINKES", "RSUD",
    "DISPENDUKCAPIL", "DISPENDIK", "DP3APPKB", "DPRKPP", "DKPP", "DINKOPDAG", "DPMPTSP",
    "DISBUDPORAPAR", "DISKOMINFO", "PPID", "DISNAKER", "DISPUSIP", "BAPENDA", "BPKAD",
    "INSPEKTORAT", "BKPSDM", "KECAMATAN", "KELURAHAN", "PDAM", "EXTERNAL",
)  # fmt: skip


@dataclass(frozen=True)
class Example:
    """One labelled message: ``opd`` is None for status checks and non-complaints.

    ``group`` names the hand-written line a chat variant was made from (see
    scripts/make_routing_corpus.py); a held-out split keeps a group on one side."""

    text: str
    kind: str
    opd: str | None = None
    group: str | None = field(default=None, compare=False)

    def to_json(self) -> str:
        return json.dumps(
            {"text": self.text, "kind": self.kind, "opd": self.opd}, ensure_ascii=False
        )


def parse_line(line: str) -> Example | None:
    """Parse one JSON line; blank lines give None."""
    line = line.strip()
    if not line:
        return None
    row = json.loads(line)
    kind = row["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    opd = row.get("opd") or None
    if opd is not None and opd not in OPD_CODES:
        raise ValueError(f"unknown OPD code {opd!r}")
    return Example(text=str(row["text"]), kind=kind, opd=opd, group=row.get("group"))


def read_jsonl(path: str | Path) -> list[Example]:
    """Read examples from one JSON-lines file."""
    with open(path, encoding="utf-8") as fh:
        return [ex for ex in (parse_line(ln) for ln in fh) if ex is not None]


def corpus_files(corpus_dir: str | Path | None = None) -> list[Path]:
    """The corpus files, sorted by name."""
    return sorted(Path(corpus_dir or CORPUS_DIR).glob("*.jsonl"))


def load_corpus(corpus_dir: str | Path | None = None) -> list[Example]:
    """Load every ``*.jsonl`` file of the corpus directory."""
    examples: list[Example] = []
    for path in corpus_files(corpus_dir):
        examples.extend(read_jsonl(path))
    return examples


def corpus_hash(corpus_dir: str | Path | None = None, extra: Iterable[Example] = ()) -> str:
    """SHA-256 over the corpus files (names and bytes) and any extra examples."""
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for ex in extra:
        digest.update(ex.to_json().encode())
    return digest.hexdigest()


def split_holdout(
    examples: Sequence[Example], fraction: float = 0.2, seed: int = 13
) -> tuple[list[Example], list[Example]]:
    """Split into (train, holdout), stratified by kind and OPD, reproducibly.

    A hand-written line and its chat variants (one ``group``) stay on one side, so the
    holdout never scores a message whose twin was trained on."""
    if not 0.0 < fraction < 1.0:
        raise ValueError("fraction must be between 0 and 1")
    families: dict[str, list[Example]] = defaultdict(list)
    for ex in examples:
        families[ex.group or ex.text].append(ex)
    strata: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for key, members in families.items():
        strata[(members[0].kind, members[0].opd)].append(key)
    rng = random.Random(seed)
    train: list[Example] = []
    held: list[Example] = []
    for stratum in sorted(strata, key=lambda k: (k[0], k[1] or "")):
        keys = sorted(strata[stratum])
        rng.shuffle(keys)
        n_held = round(len(keys) * fraction) if len(keys) > 1 else 0
        for i, key in enumerate(keys):
            (held if i < n_held else train).extend(families[key])
    return train, held
