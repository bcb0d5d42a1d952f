"""Politeness is no emergency: "tolong pak" (please, sir) alone went to the 112 desk at
0.96 because the model reads "tolong" as a cry for help. A polite appeal without any
danger word is now checked by an agent, while a real emergency with "tolong" ("tolong
kebakaran"), a repeated or urgent cry ("tolong tolong", "TOLONG PAK!!") and a bare one
("TOLONG", "help") still go to the desk."""

from __future__ import annotations

import pytest

from ticketing.routing import emergency


@pytest.mark.parametrize(
    "text",
    [
        "tolong pak",
        "TOLONG PAK",
        "tolong min",
        "tolong bu 🙏",
        "tolong dong pak",
        "tolong banget pak",
        "mohon bantuannya pak",
        "tolongin dong kak",
        "tulung rek",
    ],
)
def test_a_polite_appeal_alone_is_no_emergency(classifier, text):
    assert emergency.plain_appeal(text)
    decision = classifier.classify(text)
    assert decision.kind != "emergency" and decision.triage, decision  # an agent reads it


@pytest.mark.parametrize(
    "text",
    [
        "tolong kebakaran",
        "tolong pak ada orang pingsan di depan masjid",
        "TOLONG PAK!!!",
        "tolong cepat pak",
        "tolong tolong",
        "tolong",
        "help",
        "help me",
    ],
)
def test_a_danger_word_or_a_cry_is_still_an_emergency(classifier, text):
    assert classifier.classify(text).kind == "emergency", text
