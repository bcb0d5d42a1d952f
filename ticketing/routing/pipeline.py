"""Classification pipeline: rules first where they are confident, the model for the rest."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from . import rules
from .model import Model

EMERGENCY_UNITS = frozenset(rules.EMERGENCY_OPD.values())
# Model probability of "emergency" that triggers an emergency without a rule (recall first).
EMERGENCY_MODEL_THRESHOLD = 0.5
EMERGENCY_MODEL_THRESHOLD_URGENT = 0.3
# ... and when an emergency keyword was found but guarded as a past event or a habit.
EMERGENCY_MODEL_THRESHOLD_GUARDED = 0.8
# Weight of an OPD keyword hint added to the model's OPD probabilities.
HINT_WEIGHT = 0.25


@dataclass(frozen=True)
class Decision:
    """The routing decision for one message."""

    kind: str
    opd: str | None
    confidence: float
    reason: str
    suggestions: tuple[tuple[str, float], ...]
    ticket_numbers: tuple[str, ...] = ()
    external_body: str | None = None
    emergency_type: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The fields of the ``aduan classify`` output line plus the extras."""
        return {
            "kind": self.kind,
            "opd": self.opd,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
            "suggestions": [[c, round(p, 4)] for c, p in self.suggestions],
            "ticket_numbers": list(self.ticket_numbers),
            "external_body": self.external_body,
            "emergency_type": self.emergency_type,
        }


class Classifier:
    """Combines ``rules`` and a trained ``Model``; ``threshold`` marks triage."""

    def __init__(self, model: Model, threshold: float = 0.55) -> None:
        self.model = model
        self.threshold = threshold
        self._kinds = model.kinds
        self._opds = model.opds

    def needs_triage(self, decision: Decision) -> bool:
        return decision.confidence < self.threshold

    # ------------------------------------------------------------------ helpers
    def _opd_ranking(self, text: str, proba: np.ndarray) -> tuple[list[tuple[str, float]], str]:
        """OPD probabilities (with keyword hints blended in), best first, and hint text."""
        p = proba.copy()
        hint_words: list[str] = []
        for hint in rules.opd_hints(text):
            if hint.label in self._opds:
                p[self._opds.index(hint.label)] += HINT_WEIGHT
                hint_words.append(f"{hint.label}:'{hint.keyword}'")
        p = p / p.sum()
        order = np.argsort(-p)
        return [(self._opds[i], float(p[i])) for i in order], ", ".join(hint_words)

    def _model_reason(
        self,
        x: sparse.csr_matrix,
        clf: LogisticRegression,
        label: str,
        prob: float,
        hints: str = "",
    ) -> str:
        feats = self.model.top_features(x, clf, label)
        words = ", ".join(f"'{f}'" for f in feats) or "no strong feature"
        reason = f"model: {words} ({prob:.2f})"
        return f"{reason}; hint {hints}" if hints else reason

    # ---------------------------------------------------------------- classify
    def classify(self, text: str, channel: str | None = None) -> Decision:
        """Route one message. ``channel`` is accepted for future use (not a feature)."""
        text = text or ""
        tickets = rules.find_ticket_numbers(text)
        x = self.model.vector(text)
        kind_p = self.model.kind_proba(x)[0]
        opd_p = self.model.opd_proba(x)[0]
        kp = dict(zip(self._kinds, (float(v) for v in kind_p), strict=True))
        ranking, hints = self._opd_ranking(text, opd_p)

        status = rules.match_status(text)
        emergency = rules.match_emergency(text)
        if status and not emergency:
            return Decision("status_check", None, status.confidence, status.reason, (), tickets)

        p_em = kp.get("emergency", 0.0)
        urgent = rules.has_urgency_cue(text)
        em_threshold = EMERGENCY_MODEL_THRESHOLD_URGENT if urgent else EMERGENCY_MODEL_THRESHOLD
        if not emergency and rules.emergency_guarded(text):
            em_threshold = EMERGENCY_MODEL_THRESHOLD_GUARDED
        if emergency or p_em >= em_threshold:
            em_ranking = [(c, p) for c, p in ranking if c in EMERGENCY_UNITS]
            total = sum(p for _, p in em_ranking) or 1.0
            em_ranking = [(c, p / total) for c, p in em_ranking]
            if emergency:
                etype = emergency.label
                opd = rules.EMERGENCY_OPD[etype]
                conf = max(emergency.confidence, p_em)
                reason = f"rule: emergency keyword '{emergency.keyword}' ({etype})"
                suggestions = [(opd, max(conf, dict(em_ranking).get(opd, 0.0)))]
                suggestions += [(c, p) for c, p in em_ranking if c != opd]
            else:
                etype = None
                opd = em_ranking[0][0]
                conf = p_em
                reason = self._model_reason(x, self.model.kind_clf, "emergency", p_em)
                suggestions = em_ranking
            return Decision(
                "emergency", opd, conf, reason, tuple(suggestions[:3]), tickets,
                emergency_type=etype,
            )  # fmt: skip

        info = rules.match_info_request(text)
        if info:
            conf = max(info.confidence, kp.get("info_request", 0.0))
            return Decision("info_request", "PPID", conf, info.reason,
                            self._with_first("PPID", conf, ranking), tickets)  # fmt: skip

        body = rules.external_body(text)
        if body:
            conf = max(body.confidence, kp.get("external", 0.0))
            return Decision("external", "EXTERNAL", conf, body.reason,
                            self._with_first("EXTERNAL", conf, ranking), tickets,
                            external_body=body.label)  # fmt: skip

        kind = max((k for k in self._kinds if k != "emergency"), key=lambda k: kp.get(k, 0.0))
        pk = kp[kind]
        reason = self._model_reason(x, self.model.kind_clf, kind, pk)
        if kind in ("status_check", "not_complaint"):
            return Decision(kind, None, pk, reason, (), tickets)
        if kind == "info_request":
            return Decision(kind, "PPID", pk, reason, self._with_first("PPID", pk, ranking),
                            tickets)  # fmt: skip
        if kind == "external":
            return Decision(kind, "EXTERNAL", pk, reason,
                            self._with_first("EXTERNAL", pk, ranking), tickets,
                            external_body="LAINNYA")  # fmt: skip
        opd, po = ranking[0]
        reason = self._model_reason(x, self.model.opd_clf, opd, po, hints)
        return Decision("complaint", opd, pk * po, reason, tuple(ranking[:3]), tickets)

    @staticmethod
    def _with_first(
        code: str, conf: float, ranking: list[tuple[str, float]]
    ) -> tuple[tuple[str, float], ...]:
        rest = [(c, p * (1.0 - conf)) for c, p in ranking if c != code][:2]
        return ((code, conf), *rest)
