"""Evaluation of a classifier on labelled examples."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .corpus import Example
from .pipeline import Classifier, Decision

OPD_SCORED_KINDS = frozenset({"complaint", "emergency", "info_request", "external"})


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
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[tuple[Example, Decision]] = field(default_factory=list)

    def format(self, top: int = 10) -> str:
        """Printable summary."""
        lines = [
            f"examples            {self.n}",
            f"kind accuracy       {self.kind_accuracy:.3f}",
            f"kind macro-F1       {self.kind_macro_f1:.3f}",
            f"OPD accuracy        {self.opd_accuracy:.3f}  (n={self.opd_n})",
            f"OPD macro-F1        {self.opd_macro_f1:.3f}",
            f"emergency recall    {self.emergency_recall:.3f}  (n={self.emergency_n})",
            f"false emergencies   {self.false_emergency_rate:.3f}",
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
        confusions=[(g, p, c) for (g, p), c in confusion.most_common()],
        errors=errors,
    )
