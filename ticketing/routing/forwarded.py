"""Forwarded chain messages: "Sebarkan! ... (kiriman dari grup sebelah)". Passed on to
the desk as they are and naming no city service, they report nothing to act on (not a
complaint), however alarming their words ("matahari mendekat ke bumi, jangan keluar
rumah"); one about a city service ("air PDAM besok mati 3 hari") is left to the model.
Asked about ("itu hoax bukan min?"), they are a question for the city's hoax desk
(DISKOMINFO), a complaint."""

from __future__ import annotations

from .normalize import canonical
from .normalize import rx as _rx

CHAIN_CONFIDENCE = 0.8

_CHAIN = _rx(
    r"\b(sebarkan|sebar\w* (ke|pada) (semua|grup|group|teman)|viralkan|"
    r"(bagikan|share|teruskan|forward\w*) (ke|pada) (semua|grup|group|teman|keluarga)|"
    r"(kiriman|copas|copy paste|terusan|forward\w*|info|pesan) (dari|di) (grup|group|wag)\w*"
    r"( sebelah)?|grup sebelah|pesan berantai)\b"
)
_HOAX_ASKED = _rx(
    r"\b(hoax|hoaks|berita bohong)\b\s*(atau )?(bukan|tidak|benar|asli|ya|kah)?\s*"
    r"(\w+\s*)?\?|\b(apa|apakah|benarkah|beneran)\b.{0,40}\b(hoax|hoaks|berita bohong)\b|"
    r"\b(benar|asli|resmi)\b\s*(atau )?(tidak|bukan)\b.{0,20}\b(admin|kak|pak|bu)?\s*\?"
)

# A chain letter: it asks to be passed on to a number of groups or people, or not to stop
# "with you". Whatever service it names ("bawa KTP"), it reports nothing to act on.
_LETTER = _rx(
    r"\b(sebar\w*|bagikan|share|teruskan|terus\w*|forward\w*|kirim\w*) (ke|pada) "
    r"(\d+|lima|sepuluh|dua puluh|minimal \d+) (\w+ )?(grup|group|orang|teman|kontak|wag)\b|"
    r"\bjangan (putus|berhenti|stop|disimpan) (di|pada) (kamu|anda|sini|tanganmu|situ)\b"
)


def chain_letter(text: str) -> bool:
    """Whether ``text`` asks to be forwarded to N groups or not to stop with the reader."""
    low = canonical(text)
    return bool(_LETTER.search(low)) and not _HOAX_ASKED.search(low)


def asks_if_hoax(text: str) -> bool:
    """Whether ``text`` asks the desk if something circulating is a hoax."""
    return bool(_HOAX_ASKED.search(canonical(text)))


def chain_message(text: str) -> bool:
    """Whether ``text`` is a forwarded chain message that asks the desk nothing."""
    low = canonical(text)
    return bool(_CHAIN.search(low)) and not _HOAX_ASKED.search(low)
