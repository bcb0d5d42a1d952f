"""Classification pipeline: rules and the model, combined so that confidence means
something.

- A rule decision carries its own confidence (a strong keyword is surer than a weak one).
  When the model strongly contradicts it (another kind at >= CONTEST_MODEL while the
  rule's kind gets < CONTEST_RULE), the message goes to an agent with both reasons.
- An emergency keyword is certain with a present-tense/urgency cue or people at risk;
  a bare keyword needs the model's support, and without it the message goes to an agent.
  The model alone calls an emergency at EMERGENCY_MODEL (lower with an urgency cue,
  higher when the keyword was guarded as a past event, near-miss or news).
- ``triage`` is set on a decision an agent must look at: contested, or below the
  threshold (every kind but emergencies; a status check found by a rule is certain).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from . import desk, emergency, forwarded, outside, rules
from .lookalike import fold
from .model import Model

EMERGENCY_UNITS = frozenset(emergency.EMERGENCY_OPD.values())
# Model probability of "emergency" that calls an emergency without a rule: with a
# present-tense/urgency cue, without one, and when a keyword was guarded (past, news).
# Between EMERGENCY_MODEL_ASK and the bar, an agent checks the message.
EMERGENCY_MODEL_URGENT = 0.35
EMERGENCY_MODEL = 0.8
EMERGENCY_MODEL_GUARDED = 0.95
EMERGENCY_MODEL_ASK = 0.5
# ... and that supports a bare emergency keyword (no cue).
EMERGENCY_SUPPORT = 0.2
# The model contests a rule when it gives another kind >= CONTEST_MODEL and the
# rule's kind < CONTEST_RULE.
CONTEST_MODEL = 0.85
CONTEST_RULE = 0.05
# A complaint's confidence is P(kind) x P(OPD), two estimates that each under-state how
# often the pair is right; (P(kind) x P(OPD)) ** COMPLAINT_POWER matches the accuracy
# per confidence bucket on the corpus holdout (bench/routing.py --holdout).
COMPLAINT_POWER = 0.5
# Weight of an OPD keyword hint added to the model's OPD probabilities.
HINT_WEIGHT = 0.25
# A phrase naming the subject itself ("kucing tidak bisa turun", "program bedah rumah",
# rules.SUBJECT_RULE) outweighs the model's reading of the objects around it (the tree).
SUBJECT_WEIGHT = 1.0
# Confidence below which an agent decides (ROUTING_THRESHOLD): chosen on the corpus
# holdout so that automatic decisions are >= 95 % right (bench/routing.py --holdout).
THRESHOLD = 0.75
# An emergency never waits for an agent (the 112 desk sees it at once).
NO_TRIAGE_KINDS = frozenset({"emergency"})


@dataclass(frozen=True)
class Decision:
    """The routing decision for one message; ``triage``: an agent must decide."""

    kind: str
    opd: str | None
    confidence: float
    reason: str
    suggestions: tuple[tuple[str, float], ...]
    ticket_numbers: tuple[str, ...] = ()
    external_body: str | None = None
    emergency_type: str | None = None
    triage: bool = False
    unreached_112: bool = False  # the citizen says 112 cannot be reached
    # an emergency word of the alarm rules that is left to an agent ("anak saya hilang",
    # no time said: "agent to check"); the model's doubt alone does not set it
    emergency_unsure: bool = False

    @property
    def maybe_emergency(self) -> bool:
        """An emergency, or an alarm word left to an agent: never the answer to an
        earlier question (a rating, "belum", an officer's question)."""
        return self.kind == "emergency" or self.emergency_unsure

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
            "triage": self.triage,
        }


# A message needs a word (2+ letters, not one letter repeated) or a number to be read.
_WORD = re.compile(r"[^\W\d_]{2,}|\d{3,}")
NO_WORDS_CONFIDENCE = 0.9


def _has_words(text: str) -> bool:
    return any(len(set(w.lower())) > 1 or w.isdigit() for w in _WORD.findall(text))


def _noisy_or(a: float, b: float) -> float:
    """Confidence of two independent pieces of evidence for the same answer."""
    return 1.0 - (1.0 - a) * (1.0 - b)


class Classifier:
    """Combines ``rules`` and a trained ``Model``; ``threshold`` marks triage."""

    def __init__(self, model: Model, threshold: float = THRESHOLD) -> None:
        self.model = model
        self.threshold = threshold
        self._kinds = model.kinds
        self._opds = model.opds

    def needs_triage(self, decision: Decision) -> bool:
        return decision.triage

    # ------------------------------------------------------------------ helpers
    def _opd_ranking(self, text: str, proba: np.ndarray) -> tuple[list[tuple[str, float]], str]:
        """OPD probabilities (with keyword hints blended in), best first, and hint text."""
        p = proba.copy()
        hint_words: list[str] = []
        for hint in rules.opd_hints(text):
            if hint.label in self._opds:
                weight = SUBJECT_WEIGHT if hint.rule == rules.SUBJECT_RULE else HINT_WEIGHT
                p[self._opds.index(hint.label)] += weight
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

    def _p_complaint(self, text: str) -> float:
        """The model's P(complaint) for ``text``."""
        return float(
            self.model.kind_proba(self.model.vector(text))[0][self._kinds.index("complaint")]
        )

    def _finish(self, d: Decision, contested: bool = False) -> Decision:
        triage = d.kind not in NO_TRIAGE_KINDS and (contested or d.confidence < self.threshold)
        return d if triage == d.triage else replace(d, triage=triage)

    @staticmethod
    def _with_first(
        code: str, conf: float, ranking: list[tuple[str, float]]
    ) -> tuple[tuple[str, float], ...]:
        rest = [(c, p * (1.0 - conf)) for c, p in ranking if c != code][:2]
        return ((code, conf), *rest)

    # ---------------------------------------------------------------- classify
    def classify(self, text: str, channel: str | None = None) -> Decision:
        """Route one message. ``channel`` is accepted for future use (not a feature).
        Every rule reads it folded (lookalike.fold: "TОLONG" with a Cyrillic О, "ѕоѕ",
        "ｋｅｂａｋａｒａｎ" are read as plain letters); the model folds it itself, and
        reads the text as given so its feature cache is shared."""
        given = text or ""
        text = fold(given)
        tickets = rules.find_ticket_numbers(text)
        x = self.model.vector(given)
        kind_p = self.model.kind_proba(x)[0]
        kp = dict(zip(self._kinds, (float(v) for v in kind_p), strict=True))
        # the unit is chosen on the problem a rambling message announces ("masalahnya: ...")
        about = rules.focus(text)
        # ... and not on a landmark it is next to ("depan RSUD Soewandhie")
        place_free = rules.without_places(about)
        x_opd = x if place_free is text else self.model.vector(place_free)
        ranking, hints = self._opd_ranking(about, self.model.opd_proba(x_opd)[0])
        model_kind = max(self._kinds, key=lambda k: kp[k])
        model_note = f"model says {model_kind} ({kp[model_kind]:.2f})"

        status = rules.match_status(text)
        em, guarded = emergency.match(text)
        em = em or emergency.bare_call(text)
        # "112 gak bisa ditelpon": an emergency now, what happened said or not
        unreached = emergency.unreached_112(text)
        if unreached is not None:
            em = unreached if em is None else replace(em, confidence=max(em.confidence, 0.95),
                                                      cue=em.cue or unreached.keyword)  # fmt: skip
        p_em = kp.get("emergency", 0.0)
        if status and em and tickets:
            # "cek MC-... tolong rumah saya kebakaran": the number says nothing of the
            # emergency (the model reads any number as a status check): the words do
            words = self.model.vector(rules.TICKET_RE.sub(" ", text))
            p_em = max(p_em, float(self.model.kind_proba(words)[0][self._kinds.index("emergency")]))
        # an emergency, certain or supported by the model, is never a status check
        if status and not (em and (em.certain or p_em >= EMERGENCY_SUPPORT)):
            return Decision("status_check", None, status.confidence, status.reason, (), tickets)
        thanks = rules.match_thanks(text) if em is None else None
        if thanks:  # "the team fixed the pothole within 2 days, impressed!": nothing to do
            conf = _noisy_or(thanks.confidence, kp.get("not_complaint", 0.0))
            return Decision("not_complaint", None, conf, thanks.reason, (), tickets)
        if em is None and desk.asks_about_desk(text) and self._p_complaint(desk.rest(text)) < 0.5:
            # "layanan aduan ini buka jam berapa?", no problem told besides
            conf = _noisy_or(desk.CONFIDENCE, kp.get("not_complaint", 0.0))
            return Decision("not_complaint", None, conf, "rule: a question about the desk", (),
                            tickets)  # fmt: skip
        if em is None and desk.opens_only(text):
            # "saya mau lapor", "bingung mau lapor kemana": asked for the problem and its
            # place; a bare appeal ("tolong bantu saya pak") may be distress: an agent reads
            appeal = emergency.plain_appeal(text) or p_em >= EMERGENCY_MODEL_ASK
            conf = _noisy_or(desk.CONFIDENCE, kp.get("not_complaint", 0.0))
            return Decision("not_complaint", None, conf, "rule: no problem named yet", (),
                            tickets, triage=appeal)  # fmt: skip
        # "Sebarkan! ... dari grup sebelah", naming no city service (else the model reads it)
        chain = forwarded.chain_message(text) and not rules.opd_hints(text)
        if em is None and (chain or forwarded.chain_letter(text)):
            conf = _noisy_or(forwarded.CHAIN_CONFIDENCE, kp.get("not_complaint", 0.0))
            return Decision("not_complaint", None, conf, "rule: forwarded chain message", (),
                            tickets)  # fmt: skip

        if em is None and not status and not _has_words(text):
            # "a", "x", "d": nothing to read; the model's guess would be noise
            return Decision("not_complaint", None, NO_WORDS_CONFIDENCE, "no words to read",
                            (), tickets)  # fmt: skip

        em_note = ""
        if em and (em.certain or p_em >= EMERGENCY_SUPPORT):
            decision = self._emergency(em, p_em, ranking, tickets)
            return replace(decision, unreached_112=unreached is not None)
        threshold = EMERGENCY_MODEL
        urgent = emergency.has_urgency_cue(text)
        if urgent:
            threshold = EMERGENCY_MODEL_URGENT
        if guarded:
            threshold = EMERGENCY_MODEL_GUARDED
        # the model alone, when the citizen says nobody was hurt or only "tolong pak"
        # (politeness, no danger word): the agent checks
        calm = emergency.says_unhurt(text) or (not urgent and emergency.plain_appeal(text))
        calm = calm or emergency.things_hit(text)  # "pembatas jalan ditabrak": a repair
        if em is None and p_em >= threshold and not calm:
            crime = outside.names_crime(text)
            return self._emergency(None, p_em, ranking, tickets, x, crime)
        if em is None and p_em >= EMERGENCY_MODEL_ASK:
            em_note = f"model sees an emergency ({p_em:.2f}) without a present-tense cue"

        for match, kind in (
            (rules.match_info_request(text), "info_request"),
            (outside.external_body(text), "external"),
        ):
            if match is None:
                continue
            p_rule = kp.get(kind, 0.0)
            contested = p_rule < CONTEST_RULE and kp[model_kind] >= CONTEST_MODEL
            if match.rule == outside.HOSPITAL_RULE and ranking[0][0] in outside.HOSPITAL_UNITS:
                # the model reads any hospital as the city's: the same subject, no contest
                contested = False
            if match.rule in (outside.REGENCY_RULE, outside.PROVINCE_RULE, outside.CENTRAL_RULE):
                # the model knows no map and no level of government
                contested = False
            conf = _noisy_or(match.confidence, p_rule) if not contested else p_rule
            reason = match.reason + (f"; {model_note}, contested" if contested else "")
            code = "PPID" if kind == "info_request" else "EXTERNAL"
            body = match.label if kind == "external" else None
            decision = Decision(kind, code, conf, reason, self._with_first(code, conf, ranking),
                                tickets, external_body=body)  # fmt: skip
            return self._finish(decision, contested)

        # "kata polisi itu urusan pemkot": the body named is not who handles it
        remit_outside = not outside.sent_to_city(text)
        # "NIB di SSW statusnya diproses terus": the unit's service, not a report's status
        status_ok = not rules.names_application_status(text)
        # "jalannya sudah jadi kolam lele 👍": sarcasm, not thanks
        plain = not rules.mocks_a_road(text)
        # "itu hoax bukan min?": a question for the hoax desk, not chatter
        plain = plain and not forwarded.asks_if_hoax(text)
        decision = self._from_model(x, kp, ranking, hints, tickets, remit_outside, status_ok, plain)
        if em is not None:  # a bare emergency keyword the model does not support
            em_note = em.reason
        if em_note:
            reason = f"{em_note}; {decision.reason}, agent to check"
            unsure = em is not None  # a word of the alarm rules, not the model's doubt alone
            decision = replace(decision, reason=reason, emergency_unsure=unsure)
            return self._finish(decision, True)
        return self._finish(decision)

    def _emergency(
        self,
        em: emergency.EmergencyMatch | None,
        p_em: float,
        ranking: list[tuple[str, float]],
        tickets: tuple[str, ...],
        x: sparse.csr_matrix | None = None,
        crime: bool = False,
    ) -> Decision:
        em_ranking = [(c, p) for c, p in ranking if c in EMERGENCY_UNITS]
        total = sum(p for _, p in em_ranking) or 1.0
        em_ranking = [(c, p / total) for c, p in em_ranking]
        if em is not None:
            opd = emergency.EMERGENCY_OPD[em.label]
            conf = _noisy_or(em.confidence, p_em) if em.certain else max(em.confidence, p_em)
            suggestions = [(opd, max(conf, dict(em_ranking).get(opd, 0.0)))]
            suggestions += [(c, p) for c, p in em_ranking if c != opd]
            return Decision("emergency", opd, conf, f"{em.reason}; model {p_em:.2f}",
                            tuple(suggestions[:3]), tickets, emergency_type=em.label)  # fmt: skip
        assert x is not None
        reason = self._model_reason(x, self.model.kind_clf, "emergency", p_em)
        if crime:  # a theft happening now: the unit the police work with, not the model's
            unit = emergency.EMERGENCY_OPD["crime"]
            em_ranking = [(unit, p_em)] + [(c, p) for c, p in em_ranking if c != unit]
        return Decision("emergency", em_ranking[0][0], p_em, reason, tuple(em_ranking[:3]),
                        tickets, emergency_type="crime" if crime else None)  # fmt: skip

    def _from_model(
        self,
        x: sparse.csr_matrix,
        kp: dict[str, float],
        ranking: list[tuple[str, float]],
        hints: str,
        tickets: tuple[str, ...],
        remit_outside: bool = True,
        status_ok: bool = True,
        plain: bool = True,
    ) -> Decision:
        """The model's decision; `remit_outside` False leaves "outside the city's remit" out,
        `status_ok` False leaves out "status check", `plain` False "not a complaint"."""
        kinds = [k for k in self._kinds if k != "emergency" and (remit_outside or k != "external")]
        kinds = [k for k in kinds if status_ok or k != "status_check"]
        kinds = [k for k in kinds if plain or k != "not_complaint"]
        kind = max(kinds, key=lambda k: kp.get(k, 0.0))
        pk = kp[kind]
        reason = self._model_reason(x, self.model.kind_clf, kind, pk)
        if kind in ("status_check", "not_complaint"):
            return Decision(kind, None, pk, reason, (), tickets)
        if kind == "info_request":
            return Decision(kind, "PPID", pk, reason, self._with_first("PPID", pk, ranking),
                            tickets)  # fmt: skip
        if kind == "external":
            suggestions = self._with_first("EXTERNAL", pk, ranking)
            if pk < self.threshold and f"{ranking[0][0]}:" in hints:
                # an unsure guess of an outside body against a city unit named by its own
                # keyword ("rehab rumah tidak layak huni"): the agent sees the unit first
                suggestions = (suggestions[1], suggestions[0], *suggestions[2:])
            return Decision(kind, "EXTERNAL", pk, reason, suggestions, tickets,
                            external_body="LAINNYA")  # fmt: skip
        opd, po = ranking[0]
        reason = self._model_reason(x, self.model.opd_clf, opd, po, hints)
        conf = (pk * po) ** COMPLAINT_POWER
        return Decision("complaint", opd, conf, reason, tuple(ranking[:3]), tickets)
