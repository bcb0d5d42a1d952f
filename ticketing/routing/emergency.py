"""Emergency rules: a keyword of an emergency type, read sentence by sentence on the
canonical text (so "kmrn" is already "kemarin"), with guards and cues.

- Guards (``emergency_guards``) drop a sentence that is not an emergency happening now:
  past events ("kemarin", "minggu lalu", "sudah padam"), near-misses ("hampir/meh
  roboh"), prevention and habits ("rawan banjir", "sering kecelakaan"), news of somewhere
  else ("berita", "turut berduka"), complaints about a slow ambulance or fire engine,
  institution names ("pemadam kebakaran").
- Cues give the match its confidence: a present-tense or urgency cue ("sekarang",
  "barusan", "masih", "tolong cepat", "!!") or people at risk (injured, trapped, inside)
  make the rule certain (0.95 / 0.9); a bare keyword is 0.7 and needs the model's support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import emergency_words as words
from .emergency_guards import CALM as _CALM
from .emergency_guards import ELSEWHERE as _ELSEWHERE
from .emergency_guards import HERE_NOW as _HERE_NOW
from .emergency_guards import NEUTRALISE as _NEUTRALISE
from .emergency_guards import PAST as _PAST
from .emergency_guards import SERVICE as _SERVICE
from .emergency_guards import STRUCK_THING as _STRUCK_THING
from .normalize import canonical
from .normalize import keyword as _keyword
from .normalize import rx as _rx

# Emergency type -> responding unit in the 112 room:
#   fire, gas leak, trapped people, drowning rescue, dangerous animals, electrocution,
#   a suicide attempt under way (rescue from a bridge, roof or rope) -> DPKP
#   flood rising into homes, collapsed buildings, fallen trees, storms, landslides,
#   the search for a missing person -> BPBD (runs the 112 room)
#   traffic accidents with injured people, medical collapse -> DINKES
#   brawls / armed rampage / robbery in progress (police as partner) -> SATPOLPP
#   a theft or mugging happening now, seen by the model only (police as partner) -> SATPOLPP
#   a bomb threat or a suspicious object left behind (police bomb squad as partner) -> SATPOLPP
#   a bare call for the emergency number ("112!!", "SOS"), nothing said of what -> BPBD
#   112 cannot be reached ("112 gak bisa ditelpon"), nothing said of what -> BPBD
EMERGENCY_OPD: dict[str, str] = {
    "call": "BPBD",
    "unreached_112": "BPBD",
    "fire": "DPKP",
    "gas_leak": "DPKP",
    "trapped": "DPKP",
    "drowning": "DPKP",
    "animal": "DPKP",
    "electrocution": "DPKP",
    "suicide": "DPKP",
    "flood": "BPBD",
    "collapse": "BPBD",
    "fallen_tree": "BPBD",
    "storm": "BPBD",
    "missing_person": "BPBD",
    "accident": "DINKES",
    "medical": "DINKES",
    "violence": "SATPOLPP",
    "crime": "SATPOLPP",
    "bomb": "SATPOLPP",
}

CERTAIN = 0.9


@dataclass(frozen=True)
class EmergencyMatch:
    """An emergency keyword in a sentence not guarded; ``cue`` says why it is certain."""

    label: str
    keyword: str
    confidence: float
    cue: str | None

    @property
    def certain(self) -> bool:
        return self.confidence >= CERTAIN

    @property
    def reason(self) -> str:
        cue = f", cue '{self.cue}'" if self.cue else ", no present-tense cue"
        return f"rule: emergency keyword '{self.keyword}' ({self.label}{cue})"


# Types whose keyword describes a present state of a person.
# A state that is an emergency by itself: a person missing or collapsed, a suspected bomb.
_STATES = frozenset({"missing_person", "medical", "suicide", "bomb"})
# Types that are over once they happened: with nobody hurt and nobody at risk, a complaint.
_OVER_WHEN_UNHURT = frozenset({"fallen_tree", "collapse", "accident"})
_SENTENCE_SPLIT = re.compile(r"[.!?\n;]+")
_ABBREV_DOT = _rx(r"\b(jl|jln|no|dr|ir|h|st|rs|pt|cv|gg|bu|pak|bpk|mr|mrs|km)\.")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT.split(_ABBREV_DOT.sub(r"\1 ", text)) if s.strip()]


def match(text: str) -> tuple[EmergencyMatch | None, bool]:
    """The first emergency keyword in a sentence that no guard drops, and whether a
    keyword was found but guarded (past event, near-miss, elsewhere, service complaint)."""
    calm = words.NEGATED.sub(" ", _CALM.sub(" ", canonical(text)))
    now_any = words.NOW.search(calm)
    cue_any = now_any or words.NOW_WEAK.search(calm) or words.URGENT.search(calm)
    past_all = bool(_PAST.search(calm) and not now_any)
    other_all = bool(_ELSEWHERE.search(calm) or (_SERVICE.search(calm) and not cue_any))
    guard_all = past_all or other_all
    guarded = False
    falling = words.FALLING.search(calm)
    if falling and not guard_all and words.UNDER.search(calm):
        label = "fallen_tree" if falling["thing"] in ("pohon", "dahan", "cabang") else "collapse"
        under = words.UNDER.search(calm).group(0).strip()  # type: ignore[union-attr]
        keyword = _keyword(falling.group(0))
        return EmergencyMatch(label, keyword, CERTAIN, under), guarded
    for sentence in _sentences(calm):
        cleaned = _NEUTRALISE.sub(" ", sentence)
        if cleaned != sentence and any(rx.search(sentence) for _, rx in words.RULES):
            guarded = True  # "takut kebakaran", "hampir roboh": named, not happening
        now = words.NOW.search(cleaned)
        for label, rx in words.RULES:
            m = rx.search(cleaned)
            if not m:
                continue
            keyword = _keyword(m.group(0))
            if label == "missing_person" and words.MISSING_NOT.search(cleaned):
                continue
            if label == "missing_person":
                if words.FOUND.search(calm):
                    guarded = True
                    break
                # the whole match: "father ... left home this afternoon and we can't find"
                # passes the 60 characters a keyword keeps
                if not words.MISSING_STRONG.search(m.group(0)) and not words.RECENT.search(
                    canonical(text)
                ):
                    continue
                if not guard_all:  # when they left is no past event: still missing
                    cue = now or cue_any or words.RECENT.search(canonical(text))
                    if cue:
                        return EmergencyMatch(label, keyword, CERTAIN, cue.group(0)), guarded
                    return EmergencyMatch(label, keyword, 0.7, None), guarded
            if keyword.startswith(("asap", "berasap")) and words.BURNING.search(calm):
                continue  # smoke of someone burning rubbish: a DLH complaint
            # a past marker elsewhere, but this sentence says "malam ini" / "sekarang"
            here = None
            if past_all and not other_all and not _PAST.search(cleaned):
                here = _HERE_NOW.search(cleaned)
            if (guard_all and not here) or (_PAST.search(cleaned) and not now):
                guarded = True
                break
            # "dahan patah menimpa pagar, gak ada yg luka, skrg sudah di pinggir": over
            unhurt = label in _OVER_WHEN_UNHURT and says_unhurt(text)
            cue = now or here or cue_any
            if label == "fire" and not cue and not words.BURNING.search(calm):
                cue = words.SEEMS_FIRE.search(cleaned)
            if cue and not unhurt:
                return EmergencyMatch(label, keyword, 0.95, cue.group(0).strip()), guarded
            risk = words.AT_RISK.search(cleaned)
            if risk:
                return EmergencyMatch(label, keyword, CERTAIN, risk.group(0).strip()), guarded
            if label in _STATES or (label == "violence" and words.DRAWN.search(keyword)):
                return EmergencyMatch(label, keyword, CERTAIN, keyword), guarded
            if unhurt:
                guarded = True  # a complaint for the agent, not the 112 desk
                break
            return EmergencyMatch(label, keyword, 0.7, None), guarded
    return None, guarded


# "112!!", "SOS", "panggil 112 cepat", "tolong 911": the emergency number called for and
# nothing else. What happened is not said, but nobody writes that to wait in a queue: the
# citizen is told to call 112 at once and the 112 desk asks. Not "nomor 112 berapa?" nor
# "112 gak bisa ditelpon" (words beyond the call: the model and the agent read those).
_CALL_NUMBER = re.compile(r"112|110|113|118|119|911|sos")
_CALL_WORDS = re.compile(
    r"tolong\w*|help|panggil\w*|telp\w*|telep\w*|telf\w*|tlp|hubungi|call|cepat|cpt|segera"
    r"|darurat|emergency|please|pls|plis|pak|bu|min|kak|mas|mbak"
)


def bare_call(text: str) -> EmergencyMatch | None:
    """A message that only calls for the emergency number (see above), as a certain
    emergency of type "call"; None for anything else."""
    said = re.findall(r"[a-z0-9]+", text.lower())
    number = next((word for word in said if _CALL_NUMBER.fullmatch(word)), None)
    if number is None or not all(
        _CALL_NUMBER.fullmatch(w) or _CALL_WORDS.fullmatch(w) for w in said
    ):
        return None
    return EmergencyMatch("call", number, CERTAIN, number)


# "112 gak bisa ditelpon", "telp 112 ga nyambung tolong", "112 sibuk terus": who cannot
# get through to 112 most likely has an emergency now (why else call it). The 112 desk is
# alerted and the citizen told it has the message. Not a complaint about the line: a
# past call ("kemarin ..."), a habit ("sering", "selalu") or a request to improve it
# ("tolong diperbaiki") is read as it is; nor "nomor 112 berapa?", "cek 112" (no failure).
_FAILED = (
    r"(tidak|belum) (bisa |dapat )?(di|ter|me|n)?(telp\w*|telep\w*|telf\w*|hubungi|sambung|"
    r"nyambung|tembus|masuk|angkat\w*|aktif|respon\w*|jawab)|sibuk terus|nada sibuk|"
    r"gagal (di|me|ter)?(hubungi|telp\w*|telep\w*|sambung|nyambung)|"
    r"tidak ada yang (angkat|mengangkat|jawab|menjawab)|"
    r"(cannot|can't|cant|unable to) (reach|call|get through)"
)
_UNREACHED = _rx(rf"\b112\b[^.!?\n]{{0,40}}\b({_FAILED})\b|\b({_FAILED})\b[^.!?\n]{{0,30}}\b112\b")
# The 112 is the phone line: a call word says so, or the sentence starts with it. Not a
# house or street number ("air tidak masuk ke rumah no 112", "sampah gang 112 tidak diangkat").
_CALLING = _rx(
    r"\b(telp\w*|telep\w*|telf\w*|nelp\w*|tlp|hubungi|dihubungi|menghubungi|call|panggil\w*|"
    r"line|saluran|layanan|hotline|command center|call center|darurat|emergency)\b"
)
_LEADING_112 = _rx(
    r"(^|[.!?\n,]\s*)\W*((pak|bu|min|mas|mbak|kak|tolong|halo|admin|bro|sos)\W+){0,2}112\b"
)
# A run of punctuation and spaces as one character (a stop if it holds one): searched as
# it was, "112 tidak nyambung" and 8,000 dots took seconds (every dot began a try).
_RUN = re.compile(r"\W{2,}")
_ADDRESS_112 = _rx(r"\b(jl|jln|jalan|gang|gg|rt|rw|blok|raya|kav|rumah|km|kamar|lantai)\W*112\b")
_LINE_COMPLAINT = _rx(
    r"\b(sering|selalu|kadang\w*|kerap|biasanya|tiap|setiap|pernah|perbaiki|diperbaiki|"
    r"perbaikan|evaluasi|saran|kecewa\w*|mengecewakan|keluhan|tingkatkan|ditingkatkan)\b"
)


def unreached_112(text: str) -> EmergencyMatch | None:
    """A citizen who says 112 cannot be reached (see above), as a certain emergency of
    type "unreached_112"; None for anything else."""
    calm = canonical(text)
    found = _UNREACHED.search(calm)
    if found is None or _LINE_COMPLAINT.search(calm) or _ADDRESS_112.search(calm):
        return None
    runs = _RUN.sub(lambda m: "." if re.search(r"[.!?\n,]", m.group()) else " ", calm)
    if not (_CALLING.search(calm) or _LEADING_112.search(runs)):
        return None
    if _PAST.search(calm) and not (words.NOW.search(calm) or _HERE_NOW.search(calm)):
        return None
    keyword = _keyword(found.group(0))
    return EmergencyMatch("unreached_112", keyword, CERTAIN, keyword)


def says_unhurt(text: str) -> bool:
    """Whether the citizen says nobody was hurt ("gak ada yg luka", "tidak ada korban")."""
    return bool(words.UNHURT.search(canonical(text)))


def things_hit(text: str) -> bool:
    """Whether a vehicle struck a thing (a road divider, a sign, a gate) and the message
    names no person, injury or danger to someone: a repair, not the 112 desk."""
    calm = _NEUTRALISE.sub(" ", canonical(text))
    if not _STRUCK_THING.search(calm):
        return False
    return not (words.AT_RISK.search(calm) or re.search(rf"\b{words.BODY}\w*\b", calm))


def has_urgency_cue(text: str) -> bool:
    """A strong present-tense or urgency cue anywhere in the message ("sedang",
    "barusan", "tolong!!")."""
    calm = _NEUTRALISE.sub(" ", _CALM.sub(" ", canonical(text)))
    return bool(words.NOW.search(calm) or words.URGENT.search(calm))


# "tolong pak", "mohon bantuannya min", "tolongin dong kak": an appeal said politely, no
# danger, nothing the 112 desk could act on (the model reads "tolong" as a cry for help).
# Not a repeated cry ("tolong tolong"), a bare one ("TOLONG", "help"), nor one with an
# urgency cue ("TOLONG PAK!!", "tolong cepat": the caller checks has_urgency_cue).
_APPEAL = re.compile(r"tolong\w*|mohon|meminta|minta|please|bantu\w*|dibantu")
_POLITE = re.compile(
    r"pak|bu|bapak|ibu|admin|mas|mbak|kak|kakak|bang|abang|dong|ya|yah|yuk|banget|sekali"
    r"|saya|kami|sir|madam|nggih|njih|rek|cak|ning|saudara|melipat_tangan|me|us"
)


def plain_appeal(text: str) -> bool:
    """Whether `text` is only a polite appeal ("tolong pak"), said once."""
    if re.search(r"\bhelp\b", text, re.IGNORECASE):  # English "help!" is a cry, not manners
        return False
    said = re.findall(r"[a-z_]+", canonical(text))
    polite = [bool(_POLITE.fullmatch(word)) for word in said]
    cries = sum(word.startswith("tolong") for word in said)
    appeal = all(p or _APPEAL.fullmatch(w) for p, w in zip(polite, said, strict=True))
    return any(polite) and cries < 2 and appeal
