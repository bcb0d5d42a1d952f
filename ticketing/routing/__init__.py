"""Message routing: status checks, emergencies, PPID requests, external bodies and OPDs."""

from __future__ import annotations

from .corpus import Example, load_corpus, read_jsonl, split_holdout
from .evaluate import Report, evaluate
from .external import EXTERNAL_BODIES, reply_for
from .model import MODEL_VERSION, Model, load_or_train, train
from .pipeline import Classifier, Decision

__all__ = [
    "EXTERNAL_BODIES",
    "MODEL_VERSION",
    "Classifier",
    "Decision",
    "Example",
    "Model",
    "Report",
    "evaluate",
    "load_corpus",
    "load_or_train",
    "read_jsonl",
    "reply_for",
    "split_holdout",
    "train",
]
