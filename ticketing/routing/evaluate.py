"""Evaluation of a classifier on labelled examples.

Besides accuracy it reports whether confidence means something: the share of messages
left to agents (triage), the accuracy of the decisions taken automatically, and
calibration: per confidence bucket, how often the decision was right (kind, and OPD for
complaints), with the expected calibration error (ECE, the bucket-weighted gap between
confidence and accuracy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .corpus import Example
from .pipeline import Classifier, Decision

OPD_SCORED_KINDS = frozenset({"complaint", "emergency", "info_request", "external"})
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def is_right(ex: Example, d: Decision) -> bool:
    """The decision is right: same kind, and the same OPD for a complaint."""
    return ex.kind == d.kind and (ex.kind != "complaint" or ex.opd == d.opd)


@dataclass
class Bucket:
    """Decisions whose confidence is in [low, high)."""

    low: float
    high: float
    n: int
    accuracy: float
    mean_confidence: float


def _macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return sum(scores) / len(scores)


@dataclass
class Report:
    """Scores of one evaluation run."""

    n: int
    kind_accuracy: float
    kind_macro_f1: float
    opd_n: int
    opd_accuracy: float
    opd_macro_f1: float
    emergency_n: int
    emergency_recall: float
    false_emergency_rate: float
    complaint_n: int = 0
    complaint_opd_accuracy: float = 0.0
    triage_rate: float = 0.0
    auto_accuracy: float = 0.0
    ece: float = 0.0
    buckets: list[Bucket] = field(default_factory=list)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[tuple[Example, Decision]] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        """The headline numbers (for bench/results)."""
        return {
            "n": self.n,
            "kind_accuracy": round(self.kind_accuracy, 4),
            "complaint_opd_accuracy": round(self.complaint_opd_accuracy, 4),
            "opd_accuracy": round(self.opd_accuracy, 4),
            "emergency_recall": round(self.emergency_recall, 4),
            "false_emergency_rate": round(self.false_emergency_rate, 4),
            "triage_rate": round(self.triage_rate, 4),
            "auto_accuracy": round(self.auto_accuracy, 4),
            "ece": round(self.ece, 4),
        }

    def format(self, top: int = 10) -> str:
        """Printable summary."""
        lines = [
            f"examples            {self.n}",
            f"kind accuracy       {self.kind_accuracy:.3f}",
            f"kind macro-F1       {self.kind_macro_f1:.3f}",
            f"complaint OPD acc.  {self.complaint_opd_accuracy:.3f}  (n={self.complaint_n})",
            f"OPD accuracy (all)  {self.opd_accuracy:.3f}  (n={self.opd_n})",
            f"OPD macro-F1        {self.opd_macro_f1:.3f}",
            f"emergency recall    {self.emergency_recall:.3f}  (n={self.emergency_n})",
            f"false emergencies   {self.false_emergency_rate:.3f}",
            f"triage rate         {self.triage_rate:.3f}",
            f"right when auto     {self.auto_accuracy:.3f}  (decisions not sent to triage)",
            f"calibration ECE     {self.ece:.3f}",
            "confidence bucket   n     accuracy  mean confidence",
        ]
        lines += [
            f"  [{b.low:.2f}, {min(b.high, 1.0):.2f})  {b.n:5d}  {b.accuracy:8.3f}  "
            f"{b.mean_confidence:8.3f}"
            for b in self.buckets
        ]
        if self.confusions:
            lines.append("top confusions (gold -> predicted):")
            lines += [f"  {g} -> {p}: {c}" for g, p, c in self.confusions[:top]]
        return "\n".join(lines)


def evaluate(classifier: Classifier, examples: Sequence[Example]) -> Report:
    """Kind/OPD accuracy and macro-F1, emergency recall, false-emergency rate, confusions."""
    decisions = [classifier.classify(ex.text) for ex in examples]
    gold_k = [ex.kind for ex in examples]
    pred_k = [d.kind for d in decisions]
    n = len(examples)
    kind_acc = sum(g == p for g, p in zip(gold_k, pred_k, strict=True)) / n if n else 0.0

    opd_pairs = [
        (ex.opd or "-", d.opd or "-")
        for ex, d in zip(examples, decisions, strict=True)
        if ex.kind in OPD_SCORED_KINDS
    ]
    opd_acc = sum(g == p for g, p in opd_pairs) / len(opd_pairs) if opd_pairs else 0.0
    opd_f1 = _macro_f1([g for g, _ in opd_pairs], [p for _, p in opd_pairs])

    em_gold = [p for g, p in zip(gold_k, pred_k, strict=True) if g == "emergency"]
    em_recall = sum(p == "emergency" for p in em_gold) / len(em_gold) if em_gold else 1.0
    non_em = [p for g, p in zip(gold_k, pred_k, strict=True) if g != "emergency"]
    false_em = sum(p == "emergency" for p in non_em) / len(non_em) if non_em else 0.0

    complaints = [(ex, d) for ex, d in zip(examples, decisions, strict=True)
                  if ex.kind == "complaint"]  # fmt: skip
    complaint_acc = (
        sum(d.opd == ex.opd for ex, d in complaints) / len(complaints) if complaints else 0.0
    )
    right = [is_right(ex, d) for ex, d in zip(examples, decisions, strict=True)]
    auto = [r for r, d in zip(right, decisions, strict=True) if not classifier.needs_triage(d)]
    buckets: list[Bucket] = []
    ece = 0.0
    for low, high in pairwise(BUCKETS):
        inside = [(r, d.confidence) for r, d in zip(right, decisions, strict=True)
                  if low <= d.confidence < high]  # fmt: skip
        if not inside:
            continue
        acc = sum(r for r, _ in inside) / len(inside)
        mean = sum(c for _, c in inside) / len(inside)
        buckets.append(Bucket(low, high, len(inside), acc, mean))
        ece += len(inside) / n * abs(acc - mean)

    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[tuple[Example, Decision]] = []
    for ex, d in zip(examples, decisions, strict=True):
        if ex.kind != d.kind:
            confusion[(f"kind {ex.kind}", d.kind)] += 1
            errors.append((ex, d))
        elif ex.kind in OPD_SCORED_KINDS and ex.opd != d.opd:
            confusion[(f"OPD {ex.opd}", str(d.opd))] += 1
            errors.append((ex, d))
    return Report(
        n=n,
        kind_accuracy=kind_acc,
        kind_macro_f1=_macro_f1(gold_k, pred_k),
        opd_n=len(opd_pairs),
        opd_accuracy=opd_acc,
        opd_macro_f1=opd_f1,
        emergency_n=len(em_gold),
        emergency_recall=em_recall,
        false_emergency_rate=false_em,
        complaint_n=len(complaints),
        complaint_opd_accuracy=complaint_acc,
        triage_rate=(n - len(auto)) / n if n else 0.0,
        auto_accuracy=sum(auto) / len(auto) if auto else 0.0,
        ece=ece,
        buckets=buckets,
        confusions=[(g, p, c) for (g, p), c in confusion.most_common()],
        errors=errors,
    )
