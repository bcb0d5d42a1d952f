"""Which language a citizen writes in, so replies follow it: Indonesian by default,
English when a message is plainly English.

Only two languages matter here and the messages are short, slangy and often mixed
("lampu mati please"), where statistical detectors guess wildly; counting the function
words of each language decides the clear cases and leaves the rest alone. Telegram's
`language_code` is the app's interface language, not the citizen's: many Indonesians
use their phone in English, so it is not used."""

from __future__ import annotations

import re

from ticketing.models import Contact

# Words that carry grammar, not topic: a place name or a borrowed noun ("traffic light",
# "drainase") does not make a message English or Indonesian.
_ENGLISH_WORDS = """
    a an the is are was were be been being am do does did has have had i i'm my me
    we our you your he she it its they their there this that these those of to in on at
    for from with by about into near since and but or not please can could would
    will should what when where why how which who here up out yes say said isn't
    doesn't don't haven't hasn't can't won't it's there's thank thanks hello hi
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
_INDONESIAN_WORDS = """
    yang di ke dari dan atau tidak tak enggak gak ga nggak ada sudah udah sdh belum
    blm ini itu dengan dgn untuk utk buat saya aku kami kita anda bapak ibu pak bu mas
    mbak min gan sangat sekali banyak kok kenapa mengapa apa bagaimana gimana kapan
    dimana mana tolong mohon terima kasih makasih juga lagi masih akan bisa mau karena
    krn sejak sampai sampe tapi tetapi jadi sama pada oleh dalam sedang rumah jalan jl
    depan belakang
"""
INDONESIAN = frozenset(_INDONESIAN_WORDS.split())
WORD = re.compile(r"[a-z']+")
SURE = 3  # function words of one language it takes to say so
LEAD = 2  # ... and how many times more than of the other


def counts(text: str, more_indonesian: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Returns how many English and Indonesian function words `text` has (words of
    `more_indonesian` count as Indonesian too)."""
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    english = sum(word in ENGLISH for word in words)
    indonesian = sum(word in INDONESIAN or word in more_indonesian for word in words)
    return english, indonesian


def guess(text: str) -> str | None:
    """Returns "en" or "id" when `text` is plainly in that language, else None."""
    english, indonesian = counts(text)
    if english >= SURE and english >= LEAD * max(indonesian, 1):
        return "en"
    if indonesian >= SURE - 1 and indonesian >= english:
        return "id"
    return None


def follow(contact: Contact, text: str) -> str:
    """Sets the contact's reply language to the one `text` is plainly written in (a
    mixed or short message keeps the last one); returns the language to reply in."""
    said = guess(text) if text else None
    if said is not None and said != contact.locale:
        contact.locale = said
    return contact.locale or "id"
