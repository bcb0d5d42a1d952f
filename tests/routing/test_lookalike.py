"""Characters that look like the plain letters but are other code points (a Cyrillic а
or О, a Greek omicron, fullwidth and mathematical letters, small capitals, combining
marks): the rules and the model read the word the citizen sees."""

from __future__ import annotations

import pytest

from ticketing.routing import normalize
from ticketing.routing.lookalike import fold

CYRILLIC_A, CYRILLIC_O, CYRILLIC_E, GREEK_O = "\u0430", "\u041e", "\u0435", "\u039f"
ACUTE = "\u0301"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def math_bold(text: str) -> str:
    """ "kebakaran" as the fancy-text generators of Instagram and X write it."""
    return "".join(chr(0x1D41A + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in text)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (f"keb{CYRILLIC_A}karan", "kebakaran"),
        (f"T{CYRILLIC_O}LONG", "TOLONG"),
        (f"T{GREEK_O}LONG", "TOLONG"),
        (fullwidth("kebakaran"), "kebakaran"),
        (math_bold("kebakaran"), "kebakaran"),
        ("\u1d0b\u1d07\u0299\u1d00\u1d0b\u1d00\u0280\u1d00\u0274", "kebakaran"),  # small caps
        (f"keba{ACUTE}karan", "kebakaran"),
        ("kebákaran", "kebakaran"),
        (f"keb{CYRILLIC_A}{ACUTE}karan", "kebakaran"),
        ("k\u0334e\u0334b\u0334akaran", "kebakaran"),  # "zalgo"
        ("\u0455\u043e\u0455 tolong", "sos tolong"),  # all look-alikes, in a Latin text
        ("\u041a\u0422\u0420 saya hilang", "KTP saya hilang"),
    ],
)
def test_look_alike_letters_are_read_as_the_plain_ones(written, read):
    assert fold(written) == read


@pytest.mark.parametrize(
    "text",
    [
        "Пожар в доме, помогите",
        "Ἀθήνα καίγεται",
        "у нас пожар",  # "у" looks like "y", in a Russian sentence it is "у"
        "lampu mati 😡 👨\u200d👩\u200d👧 1\ufe0f\u20e3",
        "jalan berlubang di gang 3",
    ],
)
def test_real_cyrillic_greek_and_emoji_are_left_as_they_are(text):
    assert fold(text) == text


def test_a_latin_word_in_a_russian_text_is_still_folded():
    assert fold(f"у нас пожар, keb{CYRILLIC_A}karan") == "у нас пожар, kebakaran"


def test_the_canonical_text_is_folded():
    assert normalize.canonical(f"ada keb{CYRILLIC_A}karan") == "ada kebakaran"
    assert normalize.stems(f"rumah t{CYRILLIC_E}rbakar") == "rumah bakar"


@pytest.mark.parametrize(
    "text",
    [
        f"tolong rumah saya t{CYRILLIC_E}rbakar",
        f"T{CYRILLIC_O}LONG rumah saya T{CYRILLIC_E.upper()}RBAKAR",
        f"ada keb{CYRILLIC_A}karan di gang 3, tolong",
        f"ada keba{ACUTE}karan di gang 3, tolong",
        f"T{GREEK_O}LONG \u0391D\u0391 \u039a\u0395\u0392\u0391\u039a\u0391R\u0391\u039d",
        "ada \u1d0b\u1d07\u0299\u1d00\u1d0b\u1d00\u0280\u1d00\u0274 di gang 3, tolong",
        f"ada {fullwidth('kebakaran')} di gang 3, tolong",
        f"ada {math_bold('kebakaran')} di gang 3, tolong",
    ],
)
def test_a_fire_written_with_look_alikes_is_an_emergency_by_the_rule(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "emergency" and decision.emergency_type == "fire"
    assert "rule: emergency keyword" in decision.reason


@pytest.mark.parametrize(
    "text", ["\u0455\u043e\u0455", fullwidth("SOS"), math_bold("sos").upper() + " 112"]
)
def test_a_bare_call_for_help_in_look_alikes_is_an_emergency(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "emergency" and decision.emergency_type == "call"


def test_a_ticket_number_in_fullwidth_digits_is_a_status_check(classifier):
    decision = classifier.classify("cek " + fullwidth("MC-2026-000123"))
    assert decision.kind == "status_check" and decision.ticket_numbers == ("MC-2026-000123",)


@pytest.mark.parametrize(
    ("text", "opd"),
    [
        (f"s{CYRILLIC_A}luran m{CYRILLIC_A}mpet, {CYRILLIC_A}ir meluber ke rumah warga", "DSDABM"),
        (f"p{CYRILLIC_E}n{CYRILLIC_E}rang{CYRILLIC_A}n j{CYRILLIC_A}lan umum mati", "DISHUB"),
        ("\u041a\u0422\u0420 saya hilang mau urus baru", "DISPENDUKCAPIL"),
    ],
)
def test_a_complaint_in_mixed_scripts_goes_to_its_opd(classifier, text, opd):
    decision = classifier.classify(text)
    assert decision.kind == "complaint" and decision.opd == opd and not decision.triage
